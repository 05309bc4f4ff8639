// The executable's allocator (allocator.cpp).
#pragma once

#include <llvm/ADT/ArrayRef.h>

#include <cstdint>
#include <string>

namespace cutover::driver {

// From this many bytes of input files on the command line, a run is large
// (allocateForLargeRun()).
inline constexpr uint64_t kLargeRunFrom = uint64_t{1} << 20;

// The bytes of the regular files among `paths` (directories and missing
// files count nothing: the commands report those).
uint64_t inputBytes(llvm::ArrayRef<std::string> paths);

// Once, for a one-shot run over `bytes` of input, where the build links jemalloc: the
// memory allocated from now on is backed by transparent huge pages where the
// kernel allows them, and freed memory is kept for reuse until the exit
// instead of being handed back to the kernel. Otherwise it does nothing.
void allocateForLargeRun(uint64_t bytes);

} // namespace cutover::driver
