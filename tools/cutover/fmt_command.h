// The logic of `cutover fmt`, apart from its options so that it can be tested.
#pragma once

#include <llvm/Support/raw_ostream.h>

#include <string>
#include <vector>

namespace cutover::driver {

struct FmtOptions {
  bool check = false; // list the files that would change; write nothing
  bool diff = false;  // print a unified diff of what would change; write nothing
  bool color = false; // colour the syntax errors (--color)
};

// Formats each file in place: the new text goes to a temporary file in the
// same directory, which takes the original's permissions and is renamed over
// it, so a failure never leaves a half-written file. A file that does not
// parse is never touched; its syntax errors are printed to `err` in clang
// style. "-" formats stdin to `out`; a directory means
// every *.cut file below it, in sorted order.
// Returns 0 when all is well, 1 when a file would change (--check/--diff) or
// does not parse, 2 when a file cannot be read or written (it is then left
// as it was).
int runFmt(const std::vector<std::string> &paths, const FmtOptions &opts, llvm::raw_ostream &out,
           llvm::raw_ostream &err);

} // namespace cutover::driver
