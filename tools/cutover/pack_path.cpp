#include "tools/cutover/pack_path.h"

#include <llvm/ADT/SmallString.h>
#include <llvm/ADT/SmallVector.h>
#include <llvm/Support/Path.h>

namespace cutover::driver {

std::vector<std::string> packSearchPath(llvm::StringRef executableDir, llvm::StringRef packsFromBinary,
                                        llvm::StringRef cutoverPath, const std::vector<std::string> &packPathOptions) {
  std::vector<std::string> dirs;
  if (!executableDir.empty()) {
    llvm::SmallString<256> dir(executableDir);
    llvm::sys::path::append(dir, packsFromBinary);
    // Diagnostics name pack files by this path: print it without "bin/..".
    llvm::sys::path::remove_dots(dir, /*remove_dot_dot=*/true);
    dirs.emplace_back(dir.str());
  }
  llvm::SmallVector<llvm::StringRef, 4> parts;
  cutoverPath.split(parts, ':', /*MaxSplit=*/-1, /*KeepEmpty=*/false);
  for (llvm::StringRef part : parts) dirs.emplace_back(part.str());
  dirs.insert(dirs.end(), packPathOptions.begin(), packPathOptions.end());
  return dirs;
}

} // namespace cutover::driver
