// Which files a command line names: every command that takes files or
// directories (check, test, fmt) expands them the same way.
#pragma once

#include <llvm/Support/Error.h>

#include <string>
#include <vector>

namespace cutover::parse {

// Appends each argument to `paths` as it is, except that a directory stands
// for every `*.cut` file below it, in sorted order ("-" is stdin). A missing
// file is appended too: reading it reports it. An unreadable directory is an error.
llvm::Error expandInputs(const std::vector<std::string> &args, std::vector<std::string> &paths);

} // namespace cutover::parse
