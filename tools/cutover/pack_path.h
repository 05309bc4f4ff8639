// Where the driver looks for packs (docs/language.md, "Files and packs").
#pragma once

#include <llvm/ADT/StringRef.h>

#include <string>
#include <vector>

namespace cutover::driver {

// The directories `use NAME` searches for NAME.cut, in order: <executableDir>/<packsFromBinary> (the packs
// installed with the binary, ../share/cutover/policies; none when executableDir is empty), each directory of
// `cutoverPath` ($CUTOVER_PATH, ':'-separated), then each --pack-path DIR.
std::vector<std::string> packSearchPath(llvm::StringRef executableDir, llvm::StringRef packsFromBinary,
                                        llvm::StringRef cutoverPath, const std::vector<std::string> &packPathOptions);

} // namespace cutover::driver
