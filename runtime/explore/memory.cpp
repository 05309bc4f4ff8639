#include "runtime/explore/memory.h"

#include <algorithm>
#include <fstream>
#include <string>
#include <unistd.h>

namespace cutover::explore {
namespace {

thread_local MemoryGuard *currentGuard = nullptr;

// "MemAvailable: 22976960 kB" from /proc/meminfo, in bytes; 0 when absent.
uint64_t availableBytes() {
  std::ifstream meminfo("/proc/meminfo");
  std::string key;
  uint64_t kb = 0;
  std::string unit;
  while (meminfo >> key >> kb >> unit)
    if (key == "MemAvailable:") return kb * 1024;
  return 0;
}

// What the cgroup (v2) still allows, when it sets a limit; UINT64_MAX otherwise.
uint64_t cgroupRoom() {
  std::ifstream maxFile("/sys/fs/cgroup/memory.max"), currentFile("/sys/fs/cgroup/memory.current");
  std::string max;
  uint64_t current = 0;
  if (!(maxFile >> max) || max == "max" || !(currentFile >> current)) return UINT64_MAX;
  const uint64_t limit = std::stoull(max);
  return limit > current ? limit - current : 0;
}

} // namespace

uint64_t residentBytes() {
  std::ifstream statm("/proc/self/statm");
  uint64_t size = 0, resident = 0;
  if (!(statm >> size >> resident)) return 0;
  return resident * static_cast<uint64_t>(::sysconf(_SC_PAGESIZE));
}

MemoryGuard::MemoryGuard(uint64_t budgetBytes) : budget_(budgetBytes) {
  if (budget_ != 0) return;
  const uint64_t room = std::min(availableBytes(), cgroupRoom());
  budget_ = room == 0 ? 0 : residentBytes() + room / 3;
}

MemoryGuard::Scope::Scope(MemoryGuard &guard) : previous_(currentGuard) { currentGuard = &guard; }
MemoryGuard::Scope::~Scope() { currentGuard = previous_; }

MemoryGuard *MemoryGuard::current() { return currentGuard; }

void MemoryGuard::check() {
  MemoryGuard *guard = currentGuard;
  if (!guard || guard->budget_ == 0 || guard->kept_.fetch_add(1, std::memory_order_relaxed) % 1024 != 1023) return;
  if (residentBytes() > guard->budget_) throw Exceeded();
}

} // namespace cutover::explore
