// The executable's allocator (allocator.cpp).
#pragma once

#include <llvm/ADT/ArrayRef.h>

#include <string>

namespace cutover::driver {

// From this many bytes of input files on the command line, a run asks for
// transparent huge pages (preferHugePages()).
inline constexpr uint64_t kHugePagesFrom = uint64_t{1} << 20;

// The bytes of the regular files among `paths` (directories and missing
// files count nothing: the commands report those).
uint64_t inputBytes(llvm::ArrayRef<std::string> paths);

// Backs the memory allocated from now on with transparent huge pages, where
// the build links jemalloc and the kernel allows them; otherwise nothing.
void preferHugePages();

} // namespace cutover::driver
