// Many files at once: directory expansion and parallel checking with output
// kept in argument order.
#pragma once

#include "runtime/session/session.h"

#include <llvm/Support/Error.h>

#include <string>
#include <vector>

namespace cutover::session {

// Each argument as is, except that a directory stands for every `*.cut`
// below it, in sorted order. A missing path is an error.
llvm::Error expandInputs(const std::vector<std::string> &args, std::vector<std::string> &paths);

struct Outcome {
  std::string path;
  std::unique_ptr<CheckResult> result; // null when the file could not be read
  std::string error;                   // why it could not be read
};

// Checks every path as its own program, `jobs` at a time (0: one per core);
// the outcomes are in the order of `paths` whatever the order of completion.
std::vector<Outcome> checkAll(const std::vector<std::string> &paths, const CheckOptions &opts, unsigned jobs);

} // namespace cutover::session
