// Many files at once: parallel checking with output kept in argument order.
#pragma once

#include "runtime/session/select.h"
#include "runtime/session/session.h"

#include <llvm/Support/Error.h>

#include <string>
#include <vector>

namespace cutover::driver {

struct Outcome {
  std::string path;
  std::unique_ptr<session::CheckResult> result; // null when the file could not be read
  std::string error;                            // why it could not be read
};

// Checks every input as its own program on `jobs` threads (0: one per
// core): as many files at a time as there are threads, and the threads
// that leaves over verify the policies of each file. The outcomes are in
// the order of `inputs` whatever the order of completion.
std::vector<Outcome> checkAll(const std::vector<io::Input> &inputs, const session::CheckOptions &opts, unsigned jobs);

// A warning on stderr for each --select / --ignore selector that matches no
// ID of the compiler, of the packs on the search path or of the policies the
// checked files declare: a typo would otherwise select nothing, silently.
void warnUnmatchedSelectors(const session::Selection &selection, const std::vector<Outcome> &outcomes,
                            const session::CheckOptions &opts);

} // namespace cutover::driver
