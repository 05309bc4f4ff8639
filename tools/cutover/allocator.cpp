// Large runs. A check of a multi-megabyte plan touches tens of thousands of
// fresh pages, and on a virtual machine the first touch of each page is a
// fault that the host serves too: on a 4 MB plan those faults took a third
// of the run. With 2 MB pages a run takes one fault where it took 512, and
// memory it frees (the syntax trees, the scratch of the front end) is
// reused rather than handed back to the kernel only to be faulted in and
// zeroed again. A small run would instead zero whole 2 MB pages it barely
// uses (the bundled example: 19 MB resident instead of 7.5, about 0.8 ms
// more), so this is for inputs from kLargeRunFrom bytes on. Figures:
// docs/performance.md.
//
// The executable runs on jemalloc where the build finds it: a large run
// reserves its address space advised for huge pages (madvise, which Debian's
// kernels honour by default: THP `madvise`) and turns the arenas' decay
// off. With the C library's malloc none of this is open to a program once
// it has started (glibc.malloc.hugetlb is read at start-up).
#include "tools/cutover/allocator.h"

#include <llvm/Support/FileSystem.h>

#include <algorithm>
#include <cstdlib>

#ifdef CUTOVER_JEMALLOC
#include <jemalloc/jemalloc.h>
#include <sys/mman.h>
#include <sys/resource.h>
#endif

#ifdef CUTOVER_JEMALLOC
// jemalloc reads this before main() (MALLOC_CONF in the environment still
// overrides it).
// - One arena for every thread: what one thread frees (the syntax trees, of
//   which a parse thread built half) serves the others' allocations instead
//   of fresh pages in an arena of their own; the threads' caches (tcache)
//   take most allocations without the arena's locks. A check of a large plan
//   at -j 2 took 0.8-0.9x the time it took on jemalloc's default of four
//   arenas per CPU; many small files at -j 2 the same time. A machine with
//   many cores checking many files at once may want more: MALLOC_CONF=narenas:N.
// - Blocks of 8 MB and more would go to an arena of their own, outside the
//   address space reserved below, and which hands freed pages back to the
//   kernel at once: the next large block is fresh pages to fault and zero
//   again. Kept in the arena, they come from the reserve and are reused.
// - Slabs of up to 64 pages for the small size classes (jemalloc caps a slab
//   at 512 blocks, so from 512-byte blocks on), not 1 to 7: each new slab is
//   an extent carved from the arena under its lock, which two threads
//   building syntax trees at once contended for. The parse of the 10 MB
//   chain at -j 2 took 0.6-0.7x the time; a small run the same time and
//   memory.
extern "C" {
// NOLINTNEXTLINE(cppcoreguidelines-avoid-non-const-global-variables): jemalloc's interface
const char *malloc_conf = "narenas:1,oversize_threshold:0,slab_sizes:1-4096:64";
}
#endif

namespace cutover::driver {

uint64_t inputBytes(llvm::ArrayRef<std::string> paths) {
  uint64_t total = 0;
  for (const std::string &path : paths) {
    llvm::sys::fs::file_status status;
    if (!llvm::sys::fs::status(path, status) && llvm::sys::fs::is_regular_file(status)) total += status.getSize();
  }
  return total;
}

#ifdef CUTOVER_JEMALLOC

void allocateForLargeRun(uint64_t bytes) {
  // The address space the run will take, with room to spare (the 10 MB
  // chain peaks at 20 times its size, the serves plan at 22), reserved
  // once: allocated, which touches no page, advised, and freed. Purged at
  // once, it becomes retained address space, which jemalloc carves up for
  // blocks of any size before it maps more (a dirty extent it would split
  // only for blocks of at least 1/64 of its size). Past it the run goes on
  // with small pages. Under a limit of address space (ulimit -v) a quarter
  // of it at most, since jemalloc keeps the reserve mapped. No extent hooks
  // instead: jemalloc calls a hook while it holds an arena's lock, and its
  // default hooks, which a hook would call, may allocate from there.
  uint64_t reserve = std::clamp<uint64_t>(bytes * 32, uint64_t{64} << 20, uint64_t{4} << 30);
  if (rlimit limit{}; getrlimit(RLIMIT_AS, &limit) == 0 && limit.rlim_cur != RLIM_INFINITY)
    reserve = std::min<uint64_t>(reserve, limit.rlim_cur / 4);
  if (void *block = std::malloc(reserve)) {
    // madvise takes whole pages: from the first page boundary in the block
    // to the last.
    constexpr uintptr_t page = 4096;
    const auto address = reinterpret_cast<uintptr_t>(block);
    const uintptr_t skip = (page - address % page) % page;
    const size_t length = (reserve - skip) / page * page;
    // Advice: where the kernel refuses it, the pages stay small.
    madvise(static_cast<char *>(block) + skip, length, MADV_HUGEPAGE);
    std::free(block);
    mallctl("arena.0.purge", nullptr, nullptr, nullptr, 0);
  }
  // A decay of -1: pages the run frees stay with their arena until the exit.
  unsigned arenas = 0;
  size_t size = sizeof arenas;
  if (mallctl("arenas.narenas", &arenas, &size, nullptr, 0) != 0) return;
  ssize_t keep = -1;
  for (unsigned arena = 0; arena < arenas; ++arena) {
    const std::string prefix = "arena." + std::to_string(arena) + ".";
    mallctl((prefix + "dirty_decay_ms").c_str(), nullptr, nullptr, &keep, sizeof keep);
    mallctl((prefix + "muzzy_decay_ms").c_str(), nullptr, nullptr, &keep, sizeof keep);
  }
}

#else

void allocateForLargeRun(uint64_t /*bytes*/) {}

#endif

} // namespace cutover::driver
