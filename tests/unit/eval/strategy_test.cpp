// Which strategy verify() runs, and why the reduced one gives up: one small
// plan per place where it can (docs/verification.md, "When the reduction
// gives up").
#include "compiler/graph/phase_graph.h"
#include "runtime/eval/full/full_strategy.h"
#include "runtime/eval/reduced/reduced_strategy.h"
#include "runtime/verify/verify.h"
#include "tests/unit/support/harness.h"

#include <gtest/gtest.h>

namespace cutover::eval {
namespace {

using fixture::compileSource;

struct Verified {
  verify::Result result;
  std::vector<std::string> findings;
};

verify::Options optionsFor(bool full, size_t maxStates, size_t maxBindings) {
  verify::Options options;
  options.today = "2026-11-25";
  options.fullExploration = full;
  options.maxStates = maxStates;
  options.maxBindings = maxBindings;
  return options;
}

Verified run(const std::string &source, verify::Options options) {
  auto c = compileSource(source);
  EXPECT_EQ(c->findings(), std::vector<std::string>{}) << "the test program must compile";
  graph::PhaseGraph graph = graph::buildPhaseGraph(*c->model, c->diags);
  Verified out;
  out.result = verify::verify(*c->model, graph, c->policies, options, c->diags);
  out.findings = c->findings();
  return out;
}

// The reduced strategy alone: its status and why.
Exploration reducedAlone(const std::string &source, size_t maxStates, size_t maxBindings) {
  auto c = compileSource(source);
  graph::PhaseGraph graph = graph::buildPhaseGraph(*c->model, c->diags);
  const Problem problem{
      .model = *c->model, .graph = graph, .policies = c->policies, .maxStates = maxStates, .maxBindings = maxBindings};
  return ReducedStrategy().run(problem);
}

// Checks that verify() fell back for `why`, and that it then found what the
// full exploration finds when asked for.
void expectFallback(const std::string &source, size_t maxStates, size_t maxBindings, const std::string &why) {
  SCOPED_TRACE(why);
  Exploration alone = reducedAlone(source, maxStates, maxBindings);
  EXPECT_EQ(alone.status, Exploration::Status::Unreducible);
  EXPECT_EQ(alone.unreducible, why);
  EXPECT_TRUE(alone.found.empty() && alone.reported.empty());

  Verified fallback = run(source, optionsFor(false, maxStates, maxBindings));
  EXPECT_EQ(fallback.result.strategy, StrategyKind::Full);
  EXPECT_EQ(fallback.result.fallbackReason, why);
  Verified full = run(source, optionsFor(true, maxStates, maxBindings));
  EXPECT_EQ(full.result.strategy, StrategyKind::Full);
  EXPECT_EQ(full.result.fallbackReason, "");
  EXPECT_EQ(fallback.findings, full.findings);
  EXPECT_EQ(fallback.result.statesExplored, full.result.statesExplored);
}

const char *const kThreeSets = R"(
deployment d { front_end x { } front_end y { } front_end z { } front_end w { } }
migration m of d {
  phase a { set x { note "1" } }
  phase b { set y { note "1" } }
  phase c { set z { note "1" } }
  phase retire { decommission w }
}
)";

TEST(Strategy, ReducedRunsUnlessFullIsAsked) {
  const std::string source =
      std::string(kThreeSets) + "policy S-1 error \"all set\" { require not (x.note == \"1\" and y.note == \"1\") }\n";
  Verified reduced = run(source, optionsFor(false, 1'000, kDefaultMaxBindings));
  EXPECT_EQ(reduced.result.strategy, StrategyKind::Reduced);
  EXPECT_EQ(reduced.result.fallbackReason, "");
  EXPECT_EQ(reduced.result.statesExplored, 4u); // {}, {a}, {b}, {a, b}
  EXPECT_EQ(verify::describe(reduced.result), "reduced exploration, 4 states built");
  Verified full = run(source, optionsFor(true, 1'000, kDefaultMaxBindings));
  EXPECT_EQ(full.result.strategy, StrategyKind::Full);
  EXPECT_EQ(full.result.statesExplored, 16u);
  EXPECT_EQ(verify::describe(full.result), "full exploration, 16 states");
  EXPECT_EQ(reduced.findings, full.findings);
  ASSERT_EQ(reduced.findings.size(), 1u);
}

TEST(Strategy, FallbackWhenAnInvariantHasTooManyBindings) {
  expectFallback(std::string(kThreeSets) +
                     "policy B-1 error \"t\" { for p: front_end, q: front_end require p.note == q.note }\n",
                 1'000, 10, "B-1: it has more than 10 bindings to enumerate");
}

TEST(Strategy, FallbackWhenAGuardHasTooManyBindings) {
  expectFallback(
      std::string(kThreeSets) +
          "policy B-2 error \"t\" { on decommission c for p: front_end, q: front_end require p.note == q.note }\n",
      1'000, 10, "B-2: it has more than 10 bindings to enumerate");
}

TEST(Strategy, FallbackWhenAQuantifierHasTooManyBindings) {
  expectFallback(std::string(kThreeSets) +
                     "policy Q-1 error \"t\" { require exists p: front_end where p.note == \"1\" }\n",
                 1'000, 3, "Q-1: a quantifier in it has more than 3 bindings to enumerate");
}

TEST(Strategy, FallbackWhenAnInvariantHasTooManyCandidateStates) {
  // a, b and c unordered: 8 downsets of the phases the binding reads, more
  // than --max-states 5. The full exploration then stops at the limit too.
  const std::string source =
      std::string(kThreeSets) +
      "policy S-1 error \"all set\" { require not (x.note == \"1\" and y.note == \"1\" and z.note == \"1\") }\n";
  expectFallback(source, 5, kDefaultMaxBindings,
                 "S-1: one of its bindings has more than 5 candidate states (--max-states)");
  Verified fallback = run(source, optionsFor(false, 5, kDefaultMaxBindings));
  EXPECT_TRUE(fallback.result.stateLimitHit);
  EXPECT_EQ(verify::describe(fallback.result),
            "full exploration, stopped at E-STATE-LIMIT (the reduction gave up: S-1: one of its bindings has more "
            "than 5 candidate states (--max-states))");
}

TEST(Strategy, FallbackWhenAGuardHasTooManyCandidateStates) {
  expectFallback(std::string(kThreeSets) +
                     "policy G-1 error \"t\" { on decommission c require not (x.note == \"1\" and y.note == \"1\" and "
                     "z.note == \"1\") }\n",
                 5, kDefaultMaxBindings, "G-1: one of its bindings has more than 5 candidate states (--max-states)");
}

// A pool whose store one phase sets 300 times: more possible values than the
// abstract evaluation follows (kMaxAbs), so `p.store.version` cannot be
// bounded.
TEST(Strategy, FallbackWhenAReadCannotBeBounded) {
  std::string source = "deployment d { front_end fe { }\n";
  for (int k = 0; k < 300; ++k) source += "  sql_store s" + std::to_string(k) + " { version 2008 }\n";
  source += "}\nmigration m of d {\n  phase repoint {";
  for (int k = 0; k < 300; ++k) source += " set fe { store s" + std::to_string(k) + " }";
  source += " }\n}\npolicy V-1 error \"t\" { for p: front_end require p.store == none or p.store.version > 2000 }\n";
  expectFallback(source, 1'000, kDefaultMaxBindings, "V-1: it reads 'version' of a value the analysis cannot bound");
}

// Each binding has 2 candidate states, within --max-states 2; the run builds
// 3 ({}, {a}, {b}): past the limit, which no strategy can help.
TEST(Strategy, StateLimitIsNotAFallback) {
  const std::string source = std::string(kThreeSets) + "policy S-1 error \"t\" { require x.note == none }\n" +
                             "policy S-2 error \"t\" { require y.note == none }\n";
  Exploration alone = reducedAlone(source, 2, kDefaultMaxBindings);
  EXPECT_EQ(alone.status, Exploration::Status::StateLimit);
  ASSERT_EQ(alone.reported.size(), 1u);
  EXPECT_EQ(alone.reported[0].id, "E-STATE-LIMIT");
  Verified limited = run(source, optionsFor(false, 2, kDefaultMaxBindings));
  EXPECT_EQ(limited.result.strategy, StrategyKind::Reduced);
  EXPECT_EQ(limited.result.fallbackReason, "");
  EXPECT_TRUE(limited.result.stateLimitHit);
  EXPECT_EQ(verify::describe(limited.result), "reduced exploration, stopped at E-STATE-LIMIT");
}

TEST(Strategy, FullIsNeverUnreducible) {
  auto c = compileSource(std::string(kThreeSets) +
                         "policy B-1 error \"t\" { for p: front_end, q: front_end require true }\n");
  graph::PhaseGraph graph = graph::buildPhaseGraph(*c->model, c->diags);
  const Problem problem{.model = *c->model, .graph = graph, .policies = c->policies, .maxBindings = 1};
  Exploration full = FullStrategy().run(problem);
  EXPECT_EQ(full.status, Exploration::Status::Done);
  EXPECT_EQ(full.statesExplored, 16u);
}

} // namespace
} // namespace cutover::eval
