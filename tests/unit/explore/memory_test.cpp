#include "runtime/explore/memory.h"

#include <gtest/gtest.h>

namespace cutover::explore {
namespace {

TEST(MemoryGuard, DefaultBudgetIsAboveWhatTheProcessUses) {
  MemoryGuard guard(0);
  EXPECT_GT(residentBytes(), 0u);
  EXPECT_GT(guard.budgetBytes(), residentBytes());
}

TEST(MemoryGuard, ThrowsPastTheBudgetOnlyInScope) {
  MemoryGuard tiny(1);
  for (int i = 0; i < 5000; ++i) MemoryGuard::check(); // no scope: nothing
  MemoryGuard::Scope scope(tiny);
  EXPECT_THROW(for (int i = 0; i < 5000; ++i) MemoryGuard::check(), MemoryGuard::Exceeded);
}

TEST(MemoryGuard, ScopesNest) {
  MemoryGuard tiny(1), ample(uint64_t(1) << 50);
  MemoryGuard::Scope outer(tiny);
  {
    MemoryGuard::Scope inner(ample);
    EXPECT_NO_THROW(for (int i = 0; i < 5000; ++i) MemoryGuard::check());
  }
  EXPECT_THROW(for (int i = 0; i < 5000; ++i) MemoryGuard::check(), MemoryGuard::Exceeded);
}

} // namespace
} // namespace cutover::explore
