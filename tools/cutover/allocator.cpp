// Large runs. A check of a multi-megabyte plan touches tens of thousands of
// fresh pages, and on a virtual machine the first touch of each page is a
// fault that the host serves too: on a 4 MB plan those faults took a third
// of the run. With 2 MB pages a run takes one fault where it took 512, and
// memory it frees (the syntax trees, the scratch of the front end) is
// reused rather than handed back to the kernel only to be faulted in and
// zeroed again. A small run would instead zero whole 2 MB pages it barely
// uses (the bundled example: 19 MB resident instead of 7, about 1 ms more),
// so this is for inputs from kLargeRunFrom bytes on. Figures:
// docs/performance.md.
//
// The executable runs on jemalloc where the build finds it: every arena's
// new extents go through hooks that take jemalloc's own and then advise the
// kernel (madvise), which Debian's kernels honour by default (THP
// `madvise`), and the arenas' decay is turned off. With the C library's
// malloc none of this is open to a program once it has started
// (glibc.malloc.hugetlb is read at start-up).
#include "tools/cutover/allocator.h"

#include <llvm/Support/FileSystem.h>

#ifdef CUTOVER_JEMALLOC
#include <jemalloc/jemalloc.h>
#include <sys/mman.h>
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
// - Blocks of 8 MB and more would go to an arena of their own, which the
//   hooks below cannot reach before it exists, and which hands freed pages
//   back to the kernel at once: the next large block is fresh pages to fault
//   and zero again. Kept in the arena, they are advised like the rest and
//   their pages reused.
extern "C" {
// NOLINTNEXTLINE(cppcoreguidelines-avoid-non-const-global-variables): jemalloc's interface
const char *malloc_conf = "narenas:1,oversize_threshold:0";
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

namespace {

constexpr size_t kHugePage = size_t{2} << 20; // x86-64's transparent huge pages

// jemalloc's hooks, which ours call (jemalloc supports chaining them).
extent_hooks_t *defaultHooks = nullptr;
extent_hooks_t hugeHooks;

void *allocateHuge(extent_hooks_t * /*hooks*/, void *address, size_t size, size_t alignment, bool *zero, bool *commit,
                   unsigned arena) {
  void *memory = defaultHooks->alloc(defaultHooks, address, size, alignment, zero, commit, arena);
  // A block of one huge page or less is an arena's first, metadata block, of
  // which a run uses a few kilobytes: a huge page would be zeroed whole for
  // them, once per arena. Advice: where the kernel refuses it, the pages
  // stay small.
  if (memory && size > kHugePage) madvise(memory, size, MADV_HUGEPAGE);
  return memory;
}

} // namespace

void allocateForLargeRun() {
  if (defaultHooks) return;
  unsigned arenas = 0;
  size_t size = sizeof arenas;
  if (mallctl("arenas.narenas", &arenas, &size, nullptr, 0) != 0) return;
  size = sizeof(extent_hooks_t *);
  if (mallctl("arena.0.extent_hooks", &defaultHooks, &size, nullptr, 0) != 0 || !defaultHooks) return;
  hugeHooks = *defaultHooks;
  hugeHooks.alloc = allocateHuge;
  extent_hooks_t *hooks = &hugeHooks;
  // A decay of -1: freed pages stay with the arena until the exit.
  ssize_t keep = -1;
  // Every automatic arena (threads are spread over them); those not yet used
  // are created with the hooks.
  for (unsigned arena = 0; arena < arenas; ++arena) {
    const std::string prefix = "arena." + std::to_string(arena) + ".";
    mallctl((prefix + "extent_hooks").c_str(), nullptr, nullptr, &hooks, sizeof(extent_hooks_t *));
    mallctl((prefix + "dirty_decay_ms").c_str(), nullptr, nullptr, &keep, sizeof keep);
    mallctl((prefix + "muzzy_decay_ms").c_str(), nullptr, nullptr, &keep, sizeof keep);
  }
}

#else

void allocateForLargeRun() {}

#endif

} // namespace cutover::driver
