#include "tools/cutover/commands.h"

#include "tools/cutover/fmt_command.h"

#include <llvm/Support/raw_ostream.h>

namespace cutover::driver {

int runFmt(const std::vector<std::string> &paths, bool check, bool diff, bool color) {
  if (paths.empty()) {
    llvm::errs() << "cutover: error: no input files (use '-' for stdin)\n";
    return 2;
  }
  FmtOptions opts;
  opts.check = check;
  opts.diff = diff;
  opts.color = color;
  return runFmt(paths, opts, llvm::outs(), llvm::errs());
}

} // namespace cutover::driver
