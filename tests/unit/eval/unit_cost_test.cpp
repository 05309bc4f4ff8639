// The guess that orders the units of a parallel run, dearest first
// (runtime/eval/reduced/unit_cost.h): what makes a policy dear is the
// bindings it enumerates and tests, which a join follows through the
// references the plan writes.
#include "runtime/eval/reduced/unit_cost.h"
#include "tests/unit/support/harness.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

namespace cutover::eval::reduced {
namespace {

using fixture::compileSource;

// `servers` Archiving Servers each serving `pools` pools of its own (or,
// `shared`, all the same pools), one retired per phase, and the policies
// under test.
std::string estate(int servers, int pools, const std::string &policies, bool shared = false) {
  std::string plan = policies + "deployment d {\n";
  for (int s = 0; s < servers; ++s) {
    std::string serves;
    for (int p = 0; p < pools; ++p) {
      const std::string pool = "fe" + std::to_string(shared ? 0 : s) + "_" + std::to_string(p);
      if (!shared || s == 0) plan += "  front_end " + pool + " { version 2010 }\n";
      serves += (p ? ", " : "") + pool;
    }
    plan += "  archiving_server arch" + std::to_string(s) + " { version 2010, serves [" + serves + "] }\n";
  }
  plan += "}\nmigration m of d {\n";
  for (int s = 0; s < servers; ++s)
    plan += "  phase retire" + std::to_string(s) + (s ? " after retire" + std::to_string(s - 1) : "") +
            " { decommission arch" + std::to_string(s) + " }\n";
  return plan + "}\n";
}

struct Guessed {
  std::vector<double> costs;
  std::vector<uint32_t> order;
};

Guessed guess(const std::string &source) {
  auto c = compileSource(source);
  EXPECT_EQ(c->findings(), std::vector<std::string>{}) << "the test program must compile";
  return {unitCosts(*c->model, c->policies), dearestFirst(*c->model, c->policies)};
}

// Twenty servers that each serve the same forty pools: the join through
// `serves` yields 800 bindings, dearer than a pass over the 60 components,
// though it ranges over fewer entities.
TEST(UnitCost, AJoinCountsTheReferencesItFollows) {
  const Guessed g = guess(estate(20, 40,
                                 "policy S-1 error \"scan\" { for p: component where p.users > 0 "
                                 "require p.version == 2010 }\n"
                                 "policy J-1 error \"served\" { for s: archiving_server, p: component "
                                 "where p in s.serves require p.version == s.version }\n",
                                 /*shared=*/true));
  ASSERT_EQ(g.costs.size(), 2u);
  EXPECT_GT(g.costs[1], 5 * g.costs[0]);
  EXPECT_EQ(g.order, (std::vector<uint32_t>{1, 0}));
}

// A second variable tied to the first by a filter is looked up by value,
// not scanned: the pairs of pools cost about what one pass over the pools
// does, not its square.
TEST(UnitCost, AVariableTiedByAFilterIsNotAScan) {
  const Guessed g = guess(estate(10, 40,
                                 "policy T-1 error \"fqdn\" { for a: front_end, b: front_end "
                                 "where a != b and a.fqdn == b.fqdn require false }\n"
                                 "policy T-2 error \"users\" { for a: front_end where a.users > 0 require false }\n"));
  ASSERT_EQ(g.costs.size(), 2u);
  EXPECT_GT(g.costs[0], g.costs[1]);
  EXPECT_LT(g.costs[0], 10 * g.costs[1]);
}

// A guard is checked at each step of its verb: ten times the decommissions,
// ten times the guess.
TEST(UnitCost, AGuardCountsTheStepsOfItsVerb) {
  const std::string guard = "policy G-1 error \"retired\" { on decommission x require x.users == 0 }\n";
  const Guessed few = guess(estate(2, 1, guard)), many = guess(estate(20, 1, guard));
  ASSERT_EQ(few.costs.size(), 1u);
  ASSERT_EQ(many.costs.size(), 1u);
  EXPECT_GT(few.costs[0], 0);
  EXPECT_DOUBLE_EQ(many.costs[0], 10 * few.costs[0]);
}

// Every policy once; equal guesses keep the policy order.
TEST(UnitCost, TheOrderIsAPermutationAndStableOnTies) {
  const std::string same = "for p: front_end where p.users > 0 require false }\n";
  const Guessed g = guess(estate(3, 2,
                                 "policy A-1 error \"a\" { " + same + "policy A-2 error \"b\" { " + same +
                                     "policy A-3 error \"c\" { for s: archiving_server, p: component "
                                     "where p in s.serves require false }\n"));
  ASSERT_EQ(g.costs.size(), 3u);
  EXPECT_DOUBLE_EQ(g.costs[0], g.costs[1]);
  std::vector<uint32_t> sorted = g.order;
  std::sort(sorted.begin(), sorted.end());
  EXPECT_EQ(sorted, (std::vector<uint32_t>{0, 1, 2}));
  const auto first = std::find(g.order.begin(), g.order.end(), 0u),
             second = std::find(g.order.begin(), g.order.end(), 1u);
  EXPECT_LT(first, second);
}

} // namespace
} // namespace cutover::eval::reduced
