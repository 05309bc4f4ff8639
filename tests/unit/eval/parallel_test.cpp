// The reduced exploration on several threads (verify::Options::jobs) reports
// byte for byte what it reports on one: findings, states built, the
// strategy and why it fell back, also when a limit stops it part way
// (docs/performance.md, "Parallel verification").
#include "compiler/graph/phase_graph.h"
#include "runtime/verify/verify.h"
#include "tests/unit/support/harness.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace cutover::eval {
namespace {

using fixture::compileSource;

struct Report {
  std::vector<std::string> findings;
  uint64_t statesExplored = 0;
  std::string described; // verify::describe: strategy, states, fallback reason
};

Report verifyOn(const std::string &source, verify::Options options, unsigned jobs) {
  auto c = compileSource(source);
  EXPECT_EQ(c->findings(), std::vector<std::string>{}) << "the test program must compile";
  graph::PhaseGraph graph = graph::buildPhaseGraph(*c->model, c->diags);
  EXPECT_EQ(c->findings(), std::vector<std::string>{}) << "the test plan must have no conflicts";
  options.today = "2026-11-25";
  options.jobs = jobs;
  options.parallelFrom = 0; // small plans too
  Report out;
  verify::Result result = verify::verify(*c->model, graph, c->policies, options, c->diags);
  out.statesExplored = result.statesExplored;
  out.described = verify::describe(result);
  for (const diag::Finding &f : c->diags.findings()) {
    std::string s = c->render(f) + " [";
    for (const std::string &p : f.trace) s += p + " ";
    out.findings.push_back(s + "]" + (f.suppressed ? " suppressed" : ""));
  }
  return out;
}

void expectSameOnThreads(const std::string &source, const verify::Options &options) {
  const Report one = verifyOn(source, options, 1);
  for (unsigned jobs : {2u, 4u}) {
    const Report many = verifyOn(source, options, jobs);
    EXPECT_EQ(one.findings, many.findings) << "-j " << jobs;
    EXPECT_EQ(one.statesExplored, many.statesExplored) << "-j " << jobs;
    EXPECT_EQ(one.described, many.described) << "-j " << jobs;
  }
}

// Unordered tracks, invariants and guards, a failing step, a waiver: every
// policy builds states of its own beyond the ancestors of the phases.
std::string tracks(int count) {
  std::string plan = "deployment d {\n  archiving_server arch { version 2010 }\n  front_end spare { users 3 }\n";
  for (int t = 0; t < count; ++t) {
    const std::string n = std::to_string(t);
    plan += "  front_end old" + n + " { version 2010, users 10 }\n";
  }
  plan += "}\n"
          "policy P-1 error \"a new pool is archived\" { for p: front_end where p.version >= 2013 and p.users > 0 "
          "require p.archived == true }\n"
          "policy P-2 warning \"empty legacy pool\" { for p: front_end where p.version < 2013 and p.users == 0 "
          "require p.status != active }\n"
          "policy P-3 error \"no retire while users\" { on decommission x require x.users == 0 }\n"
          "policy P-4 info \"two new pools\" { require not (confirmed(a) and confirmed(b)) }\n"
          "migration m of d {\n";
  for (int t = 0; t < count; ++t) {
    const std::string n = std::to_string(t);
    plan += "  phase deploy" + n + " { deploy front_end new" + n + " { version 2013 } }\n";
    plan += "  phase move" + n + " after deploy" + n + " { move all users from old" + n + " to new" + n + " }\n";
    plan += "  phase mark" + n + " after move" + n + " { set new" + n + " { archived true } }\n";
    plan += "  phase retire" + n + " after move" + n + " { decommission old" + n + " }\n";
  }
  plan += "  phase ca after deploy0 { confirm a \"\" }\n  phase cb { confirm b \"\" }\n"
          "  phase drop after deploy0 { decommission spare }\n  phase again after retire0 { decommission old0 }\n}\n"
          "waive P-2 for old1 until \"2099-01-01\" \"kept for a week\"\n";
  return plan;
}

TEST(Parallel, SameFindingsAndStatesAsOneThread) {
  expectSameOnThreads(tracks(3), {});
  const Report report = verifyOn(tracks(3), {}, 2);
  EXPECT_GE(report.findings.size(), 4u) << ::testing::PrintToString(report.findings);
}

// A state limit reached part way: on one thread, by the policies before the
// one that crosses it; on several, the run is done again on one thread.
TEST(Parallel, EveryStateLimitAsOneThread) {
  const std::string plan = tracks(3);
  const uint64_t built = verifyOn(plan, {}, 1).statesExplored;
  ASSERT_GE(built, 8u);
  for (uint64_t limit = 1; limit <= built; ++limit) {
    SCOPED_TRACE(limit);
    verify::Options options;
    options.maxStates = limit;
    expectSameOnThreads(plan, options);
  }
}

// The reduction gives up on one policy (too many bindings) where another
// may first stop at a state limit: the same reason, the same fallback.
TEST(Parallel, SameFallbackAsOneThread) {
  for (size_t bindings : {1u, 2u, 3u, 5u}) {
    for (uint64_t limit : {5u, 12u, 1'000u}) {
      SCOPED_TRACE(std::to_string(bindings) + " bindings, " + std::to_string(limit) + " states");
      verify::Options options;
      options.maxBindings = bindings;
      options.maxStates = limit;
      expectSameOnThreads(tracks(2), options);
    }
  }
}

// A policy past its step budget reports E-LIMIT alone: the steps a parallel
// attempt counted before it was done again do not count twice.
TEST(Parallel, SameStepLimitsAsOneThread) {
  for (uint64_t steps : {10u, 100u, 400u, 2'000u}) {
    for (uint64_t limit : {8u, 1'000u}) {
      SCOPED_TRACE(std::to_string(steps) + " steps, " + std::to_string(limit) + " states");
      verify::Options options;
      options.maxSteps = steps;
      options.maxStates = limit;
      expectSameOnThreads(tracks(3), options);
    }
  }
}

} // namespace
} // namespace cutover::eval
