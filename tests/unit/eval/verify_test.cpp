#include "compiler/graph/phase_graph.h"
#include "runtime/verify/verify.h"
#include "tests/unit/support/harness.h"

#include <gtest/gtest.h>

namespace cutover::eval {
namespace {

using fixture::compileSource;
using fixture::contains;

struct Run {
  std::unique_ptr<fixture::Compiled> c;
  verify::Result result;
  // The policy findings and waiver warnings, rendered.
  std::vector<std::string> findings;
  std::vector<const diag::Finding *> raw;
};

Run verifySource(const std::string &source, verify::Options options = {}) {
  Run run;
  run.c = compileSource(source);
  EXPECT_EQ(run.c->findings(), std::vector<std::string>{}) << "the test program must compile";
  graph::PhaseGraph graph = graph::buildPhaseGraph(*run.c->model, run.c->diags);
  EXPECT_EQ(run.c->findings(), std::vector<std::string>{}) << "the test plan must have no conflicts";
  if (options.today.empty()) options.today = "2026-11-25";
  run.result = verify::verify(*run.c->model, graph, run.c->policies, options, run.c->diags);
  for (const diag::Finding &f : run.c->diags.findings()) {
    run.raw.push_back(&f);
    run.findings.push_back(run.c->render(f) + (f.suppressed ? " [suppressed]" : ""));
  }
  return run;
}

std::string traceOf(const diag::Finding &f) {
  std::string out;
  for (const std::string &p : f.trace) out += (out.empty() ? "" : " -> ") + p;
  return out;
}

TEST(Verify, NoneSemantics) {
  auto run = verifySource(R"(
deployment d {
  front_end fe { version 2010 }
  archiving_server arch { serves fe }
}
policy N-1 error "missing reads none" { for p: component where p.store == none require false message "{p}" }
policy N-2 error "ordering with none is false" { for p: component require not (p.store < 3) and not (p.store >= 3) }
policy N-3 error "in none is false" { for p: component require not (p in p.store) }
policy N-4 error "a path through none is none" { for p: component require p.store.status == none }
policy N-5 error "none != value" { for p: component require p.store != fe }
)");
  ASSERT_EQ(run.findings.size(), 2u) << ::testing::PrintToString(run.findings);
  EXPECT_TRUE(contains(run.findings[0], "N-1 3:13 fe"));
  EXPECT_TRUE(contains(run.findings[1], "N-1 4:20 arch"));
}

TEST(Verify, TheFirstVariantWhoseConditionHoldsApplies) {
  auto run = verifySource(R"(
vocabulary v { roles pool, store  data archiving, chat  pinned archiving }
deployment d {
  pool legacy { version 2010 }
  pool pilot { version 2013 }
  pool bare { }
  store s { }
  data h { kind archiving, held_by s }
  data c { kind chat, held_by s }
}
migration m of d { phase retire { decommission s } }
policy V-1 error "t" {
  for p: pool
  require false
  message when p.version >= 2013 "{p} is new"
  message when p.version < 2013 "{p} is old"
  hint when p.version >= 2013 "enable it on {p} {{ store x }}"
  hint when p.version < 2013 "keep a server for {p}"
  hint "state {p}'s version"
}
policy V-2 error "t" {
  on decommission x
  for d: data where d.held_by == x
  require false
  hint when pinned(d.kind) "back {d} up"
  hint "back {d} up or migrate it"
}
)");
  ASSERT_EQ(run.raw.size(), 5u) << ::testing::PrintToString(run.findings);
  auto hintOf = [&](size_t i) { return run.raw[i]->hints.empty() ? std::string("(none)") : run.raw[i]->hints[0]; };
  EXPECT_EQ(run.raw[0]->message, "legacy is old");
  EXPECT_EQ(hintOf(0), "keep a server for legacy");
  EXPECT_EQ(run.raw[1]->message, "pilot is new");
  EXPECT_EQ(hintOf(1), "enable it on pilot { store x }");
  EXPECT_EQ(run.raw[2]->message, "t"); // no message applies: the title
  EXPECT_EQ(hintOf(2), "state bare's version");
  EXPECT_EQ(hintOf(3), "back h up");
  EXPECT_EQ(hintOf(4), "back c up or migrate it");
}

TEST(Verify, IntsAndVersionsCompareComponentWise) {
  auto run = verifySource(R"(
deployment d {
  front_end a { version 2013 }
  front_end b { version 4.0.7577.0 }
}
policy V-1 error "t" { for p: component where p.version > 2000 require p.version == 2013.0 }
policy V-2 error "t" { for p: component where p.version < 2000 require p.version < 4.1 and p.version > 4.0.7576 }
policy V-3 error "{p.version}" { for p: component where p.version < 5 require false message "{p} runs {p.version}" }
)");
  ASSERT_EQ(run.findings.size(), 1u) << ::testing::PrintToString(run.findings);
  EXPECT_TRUE(contains(run.findings[0], "V-3 4:13 b runs 4.0.7577.0"));
}

TEST(Verify, GuardSeesEffectsOfUnorderedPhases) {
  // `decommission x` may run before or after the unordered phase that
  // confirms the tag: the guard must be checked in both states.
  auto run = verifySource(R"(
deployment d { front_end x { } front_end y { } }
migration m of d {
  phase approve { confirm signoff "ok" }
  phase retire { decommission x }
}
policy G-1 error "needs sign-off" { on decommission c require confirmed(signoff) message "{c} retired unapproved" }
)");
  ASSERT_EQ(run.findings.size(), 1u) << ::testing::PrintToString(run.findings);
  EXPECT_TRUE(contains(run.findings[0], "G-1 5:31 x retired unapproved"));
  EXPECT_EQ(traceOf(*run.raw[0]), "retire");
  EXPECT_EQ(run.raw[0]->entities, std::vector<std::string>{"x"});
}

TEST(Verify, FirstStateAndLocationOfInvariant) {
  // The violation appears after `b`'s second step (and holds to its end):
  // found at {a, b}, the first state that shows it, pointing at that step.
  auto run = verifySource(R"(
deployment d { front_end x { users 5 } front_end y { } }
migration m of d {
  phase a { set y { tier 1 } }
  phase b after a {
    move 1 users from x to y
    move 4 users from x to y
    set y { tier 2 }
  }
  phase c after b { set y { tier 3 } }
}
policy I-1 error "x is drained" { for p: front_end where p.name == "x" require p.users > 0 message "{p} has no users" }
)");
  ASSERT_EQ(run.findings.size(), 1u) << ::testing::PrintToString(run.findings);
  EXPECT_TRUE(contains(run.findings[0], "I-1 7:5 x has no users"));
  EXPECT_EQ(traceOf(*run.raw[0]), "a -> b");
  ASSERT_EQ(run.raw[0]->notes.size(), 2u);
  EXPECT_EQ(run.raw[0]->notes[1].message, "reached after phases: a -> b");
  EXPECT_EQ(run.c->line(run.raw[0]->notes[1].range), 5u);
}

// The replay of the last phase sees final() as the reached state does: here
// the state before its first step already violates.
TEST(Verify, ViolationHeldBeforeTheLastPhasePointsAtItsHeader) {
  auto run = verifySource(R"(
deployment d { front_end x { users 5 } }
migration m of d {
  phase a { set x { tier 1 } }
  phase b after a { set x { tier 2 } }
}
policy F-1 error "final users" { for p: front_end where final() or p.tier == 2 require p.users == 0 }
)");
  ASSERT_EQ(run.findings.size(), 1u) << ::testing::PrintToString(run.findings);
  EXPECT_TRUE(contains(run.findings[0], "F-1 5:3 final users"));
}

// Only final() makes it a violation: it points where x comes in, its
// declaration (a deployed component: its deploy step).
TEST(Verify, FinalOnlyViolationPointsWhereItsEntityComesIn) {
  auto run = verifySource(R"(
deployment d { front_end x { users 5 } }
migration m of d {
  phase a { set x { tier 1 } deploy front_end y { users 3 } }
  phase b after a { set x { tier 2 } }
}
policy F-1 error "final users" { when final() for p: front_end require p.users == 0 }
)");
  ASSERT_EQ(run.findings.size(), 2u) << ::testing::PrintToString(run.findings);
  EXPECT_TRUE(contains(run.findings[0], "F-1 2:26 final users"));
  EXPECT_TRUE(contains(run.findings[1], "F-1 4:30 final users"));
}

TEST(Verify, InitialStateViolationPointsAtFirstEntity) {
  auto run = verifySource(R"(
deployment d {
  front_end x { users 0 }
  front_end y { users 3 }
}
policy U-1 error "users" { for p: front_end require p.users == 0 message "{p}: {p.users}" }
)");
  ASSERT_EQ(run.findings.size(), 1u) << ::testing::PrintToString(run.findings);
  EXPECT_TRUE(contains(run.findings[0], "U-1 4:13 y: 3"));
  EXPECT_TRUE(run.raw[0]->trace.empty());
}

TEST(Verify, WaiversSilenceExpireAndGoUnused) {
  const std::string program = R"(
deployment d { front_end x { users 1 } front_end y { users 2 } }
policy U-1 error "users" { for p: front_end require p.users == 0 }
policy U-2 warning "never fires" { require true }
waive U-1 for x "x is known"
waive U-1 for y until "2026-11-25" "y was known until today"
waive U-2 "nothing to silence"
)";
  auto run = verifySource(program);
  ASSERT_EQ(run.findings.size(), 4u) << ::testing::PrintToString(run.findings);
  EXPECT_TRUE(contains(run.findings[0], "U-1 2:26 users [suppressed]"));
  EXPECT_EQ(run.raw[0]->suppressedBy, "x is known");
  EXPECT_TRUE(contains(run.findings[1], "U-1 2:50 users"));
  EXPECT_FALSE(run.raw[1]->suppressed);
  EXPECT_TRUE(contains(run.findings[2], "W-EXPIRED-WAIVER 6:1 waiver of U-1 expired on 2026-11-25"));
  EXPECT_TRUE(contains(run.findings[3], "W-UNUSED-WAIVER 7:1 waiver of U-2 silenced nothing"));

  verify::Options before;
  before.today = "2026-11-24";
  auto earlier = verifySource(program, before);
  ASSERT_EQ(earlier.findings.size(), 3u) << ::testing::PrintToString(earlier.findings);
  EXPECT_TRUE(earlier.raw[1]->suppressed);
}

TEST(Verify, StateLimitReportsNothingElse) {
  verify::Options options;
  options.maxStates = 2;
  auto run = verifySource(R"(
deployment d { front_end x { } front_end y { } }
migration m of d { phase a { set x { t 1 } } phase b { set y { u 1 } } }
policy U-1 error "set" { for p: front_end require p.t == none and p.u == none }
)",
                          options);
  ASSERT_EQ(run.findings.size(), 1u) << ::testing::PrintToString(run.findings);
  EXPECT_TRUE(contains(run.findings[0], "E-STATE-LIMIT"));
  EXPECT_TRUE(run.result.stateLimitHit);
}

TEST(Verify, IndexJoinsFindWhatScansFind) {
  const std::string program = R"(
deployment d {
  front_end fe1 { version 2010, users 3 }
  front_end fe2 { version 2010 }
  sql_store db { }
  archiving_server a1 { version 2010, serves fe1, store db }
  archiving_server a2 { version 2010, serves [fe1, fe2] }
  data h { kind archiving, held_by db }
}
migration m of d {
  phase p1 { decommission a1 }
  phase p2 after p1 { set a2 { serves fe2 } }
  phase p3 after p2 { decommission db, fe2 }
}
policy J-1 error "archived" { for p: front_end require exists s: archiving_server where p in s.serves and s.status == active }
policy J-2 error "refs" { for a: component, b: component where a.status == active and b in a.refs require b.status != decommissioned }
policy J-3 error "data" { on decommission c for d: data where d.held_by == c require d.backed_up or d.migrated_to != none }
policy J-4 error "count" { for p: front_end require count(s: archiving_server where s.serves == p) == 1 }
)";
  auto joined = verifySource(program);
  verify::Options scan;
  scan.useIndexJoins = false;
  auto scanned = verifySource(program, scan);
  EXPECT_EQ(joined.findings, scanned.findings);
  EXPECT_EQ(joined.findings.size(), 4u) << ::testing::PrintToString(joined.findings);
}

// The findings of the full exploration, then of the reduced one.
std::vector<std::vector<std::string>> findingsOfBoth(const std::string &program,
                                                     uint64_t maxSteps = eval::kDefaultMaxSteps) {
  std::vector<std::vector<std::string>> out;
  for (bool full : {true, false}) {
    verify::Options options;
    options.fullExploration = full;
    options.maxSteps = maxSteps;
    out.push_back(verifySource(program, options).findings);
  }
  return out;
}

// The full exploration tests each conjunct of a `where` once its last binder
// is bound: three binders over 30 pools where the first conjunct keeps one
// pool cost 30^3 tuples when the `where` was tested whole (about 160,000
// steps), a few hundred steps now.
TEST(Verify, WhereConjunctsPruneAtTheirLastBinder) {
  std::string program = "deployment d {\n  front_end new { version 2013 }\n";
  for (int i = 0; i < 29; ++i) program += "  front_end old" + std::to_string(i) + " { version 2010 }\n";
  program += R"(}
policy T-3 error "three" {
  for a: front_end, b: front_end, c: front_end
    where a.version == 2013 and b.version == a.version and c.version == b.version
  require false
  message "{a} {b} {c}"
}
)";
  for (const auto &findings : findingsOfBoth(program, 20'000)) {
    ASSERT_EQ(findings.size(), 1u) << ::testing::PrintToString(findings);
    EXPECT_TRUE(contains(findings[0], "T-3 2:13 new new new"));
  }
}

// A conjunct that reads a binder only inside a nested quantifier waits for it.
TEST(Verify, ConjunctsReadingALaterBinderInsideAQuantifierWaitForIt) {
  const std::string program = R"(
deployment d {
  front_end x { version 2013 }
  front_end y { version 2010 }
  archiving_server s { version 2010, serves y }
}
policy N-1 error "nested" {
  for a: front_end, b: front_end where a.version == 2013 and exists s: archiving_server where b in s.serves
  require false
  message "{a} {b}"
}
)";
  for (const auto &findings : findingsOfBoth(program)) {
    ASSERT_EQ(findings.size(), 1u) << ::testing::PrintToString(findings);
    EXPECT_TRUE(contains(findings[0], "N-1 3:13 x y"));
  }
}

} // namespace
} // namespace cutover::eval
