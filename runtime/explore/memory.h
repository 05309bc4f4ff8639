// The explorations' memory bound (docs/security.md): states are kept, so a
// --max-states far beyond what memory holds (a 30-phase antichain has 2^30
// downsets) must end in E-STATE-LIMIT, not in an out-of-memory abort. The
// explorations call MemoryGuard::check() as they grow; past the budget it
// throws MemoryGuard::Exceeded, which verify() turns into E-STATE-LIMIT.
#pragma once

#include <atomic>
#include <cstdint>
#include <exception>

namespace cutover::explore {

class MemoryGuard {
public:
  struct Exceeded : std::exception {
    const char *what() const noexcept override { return "exploration memory budget exceeded"; }
  };

  // `budgetBytes`: the resident memory the process may reach; 0: what it
  // uses already plus a third of the memory available now (MemAvailable, or
  // the cgroup's limit when that is lower). A third, because the check runs
  // between allocations: a vector that doubles past the budget must still fit.
  explicit MemoryGuard(uint64_t budgetBytes);
  uint64_t budgetBytes() const { return budget_; }
  // The check() calls counted so far: one per state or candidate kept.
  uint64_t checks() const { return kept_.load(std::memory_order_relaxed); }

  // While a Scope is alive, check() on its thread measures against the guard.
  class Scope {
  public:
    explicit Scope(MemoryGuard &guard);
    ~Scope();
    Scope(const Scope &) = delete;
    Scope &operator=(const Scope &) = delete;

  private:
    MemoryGuard *previous_;
  };

  // One more state (or candidate) kept: every 1,024 of them, reads the
  // resident size and throws Exceeded past the budget. No guard in scope:
  // nothing. Threads may share a guard (each in a Scope of its own).
  static void check();

  // The guard of the calling thread's innermost Scope, or null: a strategy
  // that runs work on other threads opens a Scope of it in each.
  static MemoryGuard *current();

private:
  uint64_t budget_;
  std::atomic<uint32_t> kept_ = 0; // check() calls so far
};

// The process's resident memory in bytes (0 where it cannot be read).
uint64_t residentBytes();

} // namespace cutover::explore
