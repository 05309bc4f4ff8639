// The reduced exploration against the full one on crafted plans, and the
// canonical choice of the reported state (docs/verification.md).
#include "compiler/graph/phase_graph.h"
#include "runtime/verify/verify.h"
#include "tests/unit/support/harness.h"

#include <gtest/gtest.h>

namespace cutover::eval {
namespace {

using fixture::compileSource;

struct Outcome {
  std::vector<std::string> findings; // rendered, with trace and notes
  size_t statesExplored = 0;
};

Outcome checkOn(const std::string &source, bool full, size_t maxStates, unsigned jobs) {
  auto c = compileSource(source);
  EXPECT_EQ(c->findings(), std::vector<std::string>{}) << "the test program must compile";
  graph::PhaseGraph graph = graph::buildPhaseGraph(*c->model, c->diags);
  EXPECT_EQ(c->findings(), std::vector<std::string>{}) << "the test plan must have no conflicts";
  verify::Options options;
  options.today = "2026-11-25";
  options.fullExploration = full;
  options.maxStates = maxStates;
  options.jobs = jobs;
  options.parallelFrom = 0; // small plans too
  Outcome out;
  out.statesExplored = verify::verify(*c->model, graph, c->policies, options, c->diags).statesExplored;
  for (const diag::Finding &f : c->diags.findings()) {
    std::string s = c->render(f) + " [";
    for (const std::string &p : f.trace) s += p + " ";
    s += "]";
    for (const diag::Note &n : f.notes) {
      diag::Finding note;
      note.range = n.range;
      note.message = n.message;
      s += " {" + c->render(note) + "}";
    }
    out.findings.push_back(s + (f.suppressed ? " suppressed" : ""));
  }
  return out;
}

// The reduced exploration reports the same on one thread as on three.
Outcome check(const std::string &source, bool full, size_t maxStates = 1'000'000) {
  Outcome out = checkOn(source, full, maxStates, 1);
  if (!full) {
    Outcome parallel = checkOn(source, full, maxStates, 3);
    EXPECT_EQ(out.findings, parallel.findings) << "-j 3";
    EXPECT_EQ(out.statesExplored, parallel.statesExplored) << "-j 3";
  }
  return out;
}

// Both modes must agree; returns the findings.
std::vector<std::string> agreed(const std::string &source) {
  Outcome full = check(source, true), reduced = check(source, false);
  EXPECT_EQ(full.findings, reduced.findings);
  return full.findings;
}

TEST(Reduce, CanonicalChoiceAmongEqualSizeStates) {
  // b and a are unordered; each alone violates. The reported state is the
  // one whose phase comes first in the order (declaration order breaks ties).
  auto findings = agreed(R"(
deployment d { front_end x { users 1 } front_end y { } }
policy C-1 error "one confirmation is enough" { require not confirmed(t1) and not confirmed(t2) }
migration m of d {
  phase b { confirm t2 "" }
  phase a { confirm t1 "" }
}
)");
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_NE(findings[0].find("[b ]"), std::string::npos) << findings[0];
}

TEST(Reduce, IndependentTracksBuildFewStates) {
  std::string plan = "policy U-1 error \"users\" { on decommission c require c.users == 0 }\n"
                     "deployment d {\n";
  for (int t = 0; t < 12; ++t)
    plan += "  front_end f" + std::to_string(t) + " { users 5 } front_end g" + std::to_string(t) + " { }\n";
  plan += "}\nmigration m of d {\n";
  for (int t = 0; t < 12; ++t) {
    const std::string s = std::to_string(t);
    plan += "  phase a" + s + " { move 2 users from f" + s + " to g" + s + " }\n";
    plan += "  phase b" + s + " after a" + s + " { decommission f" + s + " }\n"; // 3 users left: CORE-USERS-001
  }
  plan += "}\n";
  Outcome reduced = check(plan, false);
  EXPECT_EQ(reduced.findings.size(), 12u);
  EXPECT_LT(reduced.statesExplored, 100u) << "3^12 reachable states; the reduction builds a few per track";
  Outcome full = check(plan, true, 1'000);
  ASSERT_EQ(full.findings.size(), 1u);
  EXPECT_NE(full.findings[0].find("E-STATE-LIMIT"), std::string::npos);
}

TEST(Reduce, UnjoinedQuantifierSeesEveryTrack) {
  agreed(R"(
deployment d { front_end a { users 3 } front_end b { users 2 } front_end c { } front_end e { } }
policy Q-1 error "someone keeps users" { require exists p: front_end where p.users > 0 }
policy Q-2 warning "count" { for p: front_end where p.users == 0 require count(q: front_end where q.users > 0) < 2 }
migration m of d {
  phase ma { move all users from a to c }
  phase mb { move all users from b to e }
  phase back after ma { move all users from c to a }
}
)");
}

TEST(Reduce, GuardReadsAnUnorderedPhasesEffect) {
  auto findings = agreed(R"(
deployment d { front_end x { } front_end y { } sql_store db { } }
policy G-1 error "approved" { on decommission c require confirmed(signoff) }
policy G-2 error "y first" { on decommission c where c == db require y.status == decommissioned }
migration m of d {
  phase approve { confirm signoff "ok" }
  phase early { decommission y }
  phase retire { decommission x, db }
}
)");
  EXPECT_EQ(findings.size(), 4u); // G-1 for y, x and db; G-2 for db
}

TEST(Reduce, FinalAndInitial) {
  agreed(R"(
deployment d { front_end x { users 4 } front_end y { } }
policy F-1 warning "left at the end" { when final() for p: front_end where p.users > 0 require p == y }
policy I-1 info "not initially" { when not initial() require x.users == 4 }
policy I-2 info "only initially" { when initial() require false }
migration m of d {
  phase unrelated { confirm t "" }
  phase half { move 2 users from x to y }
  phase rest after half { move 1 users from x to y }
}
)");
}

TEST(Reduce, StepErrorsAndConfirmedGuards) {
  auto findings = agreed(R"(
deployment d { front_end x { users 4 } front_end y { } front_end z { users 1 } front_end w { } }
policy G-3 error "moves need approval" { on move p require confirmed(go) or step.count < 2 }
migration m of d {
  phase go { confirm go "" }
  phase one { move 3 users from x to y }
  phase two { move 3 users from z to w }
  phase three after one { move 5 users from x to y }
}
)");
  EXPECT_EQ(findings.size(), 4u); // two E-STEPs; G-3 for x (from `one`) and z
}

// Unordered waves that only add users to one pool: a policy that reads the
// pool's users only as zero or not sees a state per wave, not per set of
// waves (2^10 of them here), and finds what the full exploration finds.
TEST(Reduce, WavesIntoOnePoolAreReadAsZeroOrNot) {
  std::string plan = "vocabulary v { services archiving }\n"
                     "policy A-1 error \"archived\" { for p: front_end where p.users > 0 and p.version >= 2013 "
                     "require archiving in p.services }\n"
                     "policy A-2 info \"drained\" { for p: front_end where p.version < 2013 and p.users == 0 "
                     "require false }\n"
                     "deployment d {\n";
  for (int t = 0; t < 10; ++t) plan += "  front_end f" + std::to_string(t) + " { version 2010, users 5 }\n";
  plan += "}\nmigration m of d {\n  phase pilot { deploy front_end pool { version 2013 } }\n";
  for (int t = 0; t < 10; ++t)
    plan +=
        "  phase w" + std::to_string(t) + " after pilot { move all users from f" + std::to_string(t) + " to pool }\n";
  plan += "  phase late after pilot { enable archiving on pool }\n}\n";
  Outcome reduced = check(plan, false), full = check(plan, true);
  EXPECT_EQ(full.findings, reduced.findings);
  ASSERT_EQ(reduced.findings.size(), 11u); // A-1 for pool, A-2 for each legacy pool
  EXPECT_EQ(reduced.findings[0].rfind("A-1 18:26 archived [pilot w0 ]", 0), 0u) << reduced.findings[0];
  EXPECT_EQ(full.statesExplored, 1u + 2048u);
  EXPECT_LT(reduced.statesExplored, 40u);
}

// Compared with more than 1, users are no longer zero-or-not: the first
// state over the threshold needs both waves, and the reduction sees it.
TEST(Reduce, UsersAboveAThresholdNeedEveryCombination) {
  auto findings = agreed(R"(
deployment d { front_end a { users 25 } front_end b { users 25 } front_end c { users 5 } }
policy T-1 error "crowded" { for p: front_end where p.users > 45 require false }
migration m of d {
  phase pilot { deploy front_end pool { version 2015 } }
  phase wc after pilot { move all users from c to pool }
  phase wa after pilot { move all users from a to pool }
  phase wb after pilot { move all users from b to pool }
}
)");
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_NE(findings[0].find("[pilot wa wb ]"), std::string::npos) << findings[0];
}

// Confirms of one tag in unordered phases only add to it: a candidate per
// confirm, and the first confirm in the order is the one reported.
TEST(Reduce, UnorderedConfirmsOfOneTag) {
  std::string plan = "deployment d { front_end x { } }\n"
                     "policy C-2 error \"not yet\" { require not confirmed(t) }\n"
                     "migration m of d {\n  phase root { set x { note \"\" } }\n";
  for (int k = 0; k < 12; ++k) plan += "  phase c" + std::to_string(k) + " after root { confirm t \"\" }\n";
  plan += "}\n";
  Outcome reduced = check(plan, false), full = check(plan, true);
  EXPECT_EQ(full.findings, reduced.findings);
  ASSERT_EQ(reduced.findings.size(), 1u);
  EXPECT_NE(reduced.findings[0].find("[root c0 ]"), std::string::npos) << reduced.findings[0];
  EXPECT_LT(reduced.statesExplored, 20u);
}

} // namespace
} // namespace cutover::eval
