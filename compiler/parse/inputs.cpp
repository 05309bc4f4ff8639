#include "compiler/parse/inputs.h"

#include <llvm/Support/FileSystem.h>
#include <llvm/Support/Path.h>

#include <algorithm>

namespace cutover::parse {

llvm::Error expandInputs(const std::vector<std::string> &args, std::vector<std::string> &paths) {
  for (const std::string &arg : args) {
    if (arg == "-" || !llvm::sys::fs::is_directory(arg)) {
      paths.push_back(arg); // a missing file is reported when it is read
      continue;
    }
    std::vector<std::string> found;
    std::error_code ec;
    for (llvm::sys::fs::recursive_directory_iterator it(arg, ec), end; it != end && !ec; it.increment(ec))
      if (llvm::sys::path::extension(it->path()) == ".cut" && !llvm::sys::fs::is_directory(it->path()))
        found.push_back(it->path());
    if (ec) return llvm::createStringError(ec, "cannot read directory '%s': %s", arg.c_str(), ec.message().c_str());
    std::sort(found.begin(), found.end());
    paths.insert(paths.end(), found.begin(), found.end());
  }
  return llvm::Error::success();
}

} // namespace cutover::parse
