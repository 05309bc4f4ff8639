#include "runtime/explore/explore.h"
#include "runtime/explore/memory.h"
#include "tests/unit/support/test_model.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <numeric>
#include <random>
#include <set>
#include <thread>

namespace cutover::explore {
namespace {

using fixture::ModelBuilder;
using sema::PhaseId;

// The phase graph of a model whose phases are declared in a topological order
// (tests do not depend on graph construction).
graph::PhaseGraph graphOf(const sema::Model &model) {
  graph::PhaseGraph g;
  size_t n = model.phases.size();
  g.predecessors.resize(n);
  g.successors.resize(n);
  for (PhaseId p = 0; p < n; ++p) {
    g.order.push_back(p);
    for (PhaseId q : model.phases[p].after) {
      EXPECT_LT(q, p);
      g.predecessors[p].push_back(q);
      g.successors[q].push_back(p);
    }
  }
  return g;
}

struct Recorder : Visitor {
  void onState(const StateSpace &space, uint32_t node) override {
    visited.push_back(node);
    depths.push_back(space.node(node).depth);
  }
  void beforeStep(const StateSpace &, uint32_t from, PhaseId p, size_t step, const state::State &) override {
    steps.push_back({from, p, step});
  }
  std::vector<uint32_t> visited;
  std::vector<uint32_t> depths;
  std::vector<std::tuple<uint32_t, PhaseId, size_t>> steps;
};

Result run(const sema::Model &model, Visitor &v, diag::Diagnostics &diags, uint64_t maxStates = 1'000'000) {
  return explore(model, graphOf(model), Options{maxStates}, v, diags);
}

// `chains` independent chains of `length` phases, each phase confirming a tag.
ModelBuilder chains(size_t chains, size_t length) {
  ModelBuilder b;
  for (size_t c = 0; c < chains; ++c)
    for (size_t i = 0; i < length; ++i) {
      std::vector<PhaseId> after;
      if (i > 0) after.push_back(static_cast<PhaseId>(b.model.phases.size() - 1));
      b.phase("c" + std::to_string(c) + "_" + std::to_string(i), after, {b.confirm("t" + std::to_string(c))});
    }
  return b;
}

// Every trace must be a valid order that completes exactly the node's set.
void expectValidTraces(const sema::Model &model, const StateSpace &space) {
  graph::PhaseGraph g = graphOf(model);
  for (uint32_t n = 0; n < space.size(); ++n) {
    llvm::BitVector done(model.phases.size());
    for (PhaseId p : space.trace(n)) {
      for (PhaseId q : g.predecessors[p]) EXPECT_TRUE(done.test(q));
      EXPECT_FALSE(done.test(p));
      done.set(p);
    }
    EXPECT_EQ(done, space.node(n).completed);
  }
}

TEST(ExploreTest, NoMigrationHasOneState) {
  ModelBuilder b;
  b.component("fe", "front_end");
  Recorder r;
  diag::Diagnostics diags;
  Result result = run(b.model, r, diags);
  EXPECT_EQ(result.statesExplored, 1u);
  EXPECT_EQ(r.visited, std::vector<uint32_t>{0});
  EXPECT_TRUE(diags.findings().empty());
}

TEST(ExploreTest, ChainOfNPhasesHasNPlusOneStates) {
  ModelBuilder b = chains(1, 7);
  Recorder r;
  diag::Diagnostics diags;
  Result result = run(b.model, r, diags);
  EXPECT_EQ(result.statesExplored, 8u);
  EXPECT_FALSE(result.limitHit);
  EXPECT_EQ(result.space.trace(7), (std::vector<PhaseId>{0, 1, 2, 3, 4, 5, 6}));
  expectValidTraces(b.model, result.space);
}

TEST(ExploreTest, IndependentChainsMultiply) {
  ModelBuilder b = chains(3, 4);
  Recorder r;
  diag::Diagnostics diags;
  Result result = run(b.model, r, diags);
  EXPECT_EQ(result.statesExplored, 125u); // (4 + 1)^3
  EXPECT_TRUE(std::is_sorted(r.depths.begin(), r.depths.end())) << "BFS: fewest completed phases first";
  std::set<std::vector<uint64_t>> sets;
  for (uint32_t n = 0; n < result.space.size(); ++n) {
    const llvm::BitVector &bits = result.space.node(n).completed;
    sets.insert(std::vector<uint64_t>(bits.getData().begin(), bits.getData().end()));
  }
  EXPECT_EQ(sets.size(), 125u) << "every phase set is built once";
  expectValidTraces(b.model, result.space);
}

TEST(ExploreTest, DiamondIsExploredOncePerStateAndStepsRunFromEveryEnabledState) {
  ModelBuilder b;
  auto fe = b.component("fe", "front_end", 10);
  auto x = b.component("x", "front_end", 0);
  auto y = b.component("y", "front_end", 0);
  PhaseId top = b.phase("top", {}, {b.confirm("go")});
  PhaseId left = b.phase("left", {top}, {ModelBuilder::move(3, fe, x), b.confirm("l")});
  PhaseId right = b.phase("right", {top}, {ModelBuilder::set(y, {b.attr("k", sema::Value::integer(1))})});
  PhaseId bottom = b.phase("bottom", {left, right}, {b.confirm("end")});
  Recorder r;
  diag::Diagnostics diags;
  Result result = run(b.model, r, diags);
  EXPECT_EQ(result.statesExplored, 6u); // {}, {top}, {top,left}, {top,right}, {top,left,right}, all
  EXPECT_EQ(r.visited, (std::vector<uint32_t>{0, 1, 2, 3, 4, 5}));
  // (state, enabled phase) pairs: {}:top, {top}:left,right, {top,left}:right,
  // {top,right}:left, {top,left,right}:bottom; one call per step of each.
  std::map<PhaseId, size_t> callsPerPhase;
  for (auto &[from, p, step] : r.steps) ++callsPerPhase[p];
  EXPECT_EQ(callsPerPhase[top], 1u);
  EXPECT_EQ(callsPerPhase[left], 4u);  // 2 states x 2 steps
  EXPECT_EQ(callsPerPhase[right], 2u); // 2 states x 1 step
  EXPECT_EQ(callsPerPhase[bottom], 1u);
  const state::State &final = result.space.node(5).state;
  EXPECT_EQ(final.component(fe).users, 7);
  EXPECT_EQ(final.component(x).users, 3);
  EXPECT_TRUE(final.component(y).attr(b.sym("k")));
  EXPECT_EQ(final.confirmedTags().size(), 3u); // go, l, end
  expectValidTraces(b.model, result.space);
}

TEST(ExploreTest, FailingStepIsReportedOnceWithItsTraceAndHasNoEffect) {
  ModelBuilder b;
  auto fe = b.component("fe2010", "front_end", 50);
  auto pilot = b.component("pilot", "front_end", 0);
  b.phase("other", {}, {b.confirm("x")});
  sema::Step tooMany = ModelBuilder::move(60, fe, pilot);
  PhaseId first = b.phase("first", {}, {tooMany, ModelBuilder::move(10, fe, pilot)});
  Recorder r;
  diag::Diagnostics diags;
  Result result = run(b.model, r, diags);
  EXPECT_EQ(result.statesExplored, 4u);
  ASSERT_EQ(diags.findings().size(), 1u);
  const diag::Finding &f = diags.findings()[0];
  EXPECT_EQ(f.id, "E-STEP");
  EXPECT_EQ(f.message, "cannot move 60 users from 'fe2010': it homes only 50");
  EXPECT_EQ(f.trace, std::vector<std::string>{"first"}); // from the initial state: fewest phases
  ASSERT_EQ(f.notes.size(), 1u);
  EXPECT_EQ(f.notes[0].message, "reached after phases: first");
  for (uint32_t n = 0; n < result.space.size(); ++n) {
    const StateNode &node = result.space.node(n);
    EXPECT_EQ(node.state.component(fe).users, node.completed.test(first) ? 40 : 50);
  }
}

TEST(ExploreTest, FailingStepTraceEndsWithItsPhase) {
  ModelBuilder b;
  auto fe = b.component("fe2010", "front_end");
  PhaseId retire = b.phase("retire", {}, {ModelBuilder::decommission(fe)});
  b.phase("independent", {}, {b.confirm("x")});
  b.phase("again", {retire}, {ModelBuilder::decommission(fe)});
  Recorder r;
  diag::Diagnostics diags;
  run(b.model, r, diags);
  ASSERT_EQ(diags.findings().size(), 1u);
  EXPECT_EQ(diags.findings()[0].message, "cannot decommission 'fe2010': it is already decommissioned");
  EXPECT_EQ(diags.findings()[0].trace, (std::vector<std::string>{"retire", "again"}));
}

TEST(ExploreTest, StateLimitReportsOnlyItselfAndVisitsNothing) {
  ModelBuilder b = chains(4, 3); // (3 + 1)^4 = 256 states
  auto fe = b.component("fe", "front_end");
  b.phase("broken", {}, {ModelBuilder::decommission(fe), ModelBuilder::decommission(fe)});
  b.model.migrationRange = llvm::SMRange(llvm::SMLoc::getFromPointer("m"), llvm::SMLoc::getFromPointer("m"));
  Recorder r;
  diag::Diagnostics diags;
  Result result = run(b.model, r, diags, 511);
  EXPECT_TRUE(result.limitHit);
  EXPECT_TRUE(r.visited.empty());
  EXPECT_TRUE(r.steps.empty());
  ASSERT_EQ(diags.findings().size(), 1u);
  EXPECT_EQ(diags.findings()[0].id, "E-STATE-LIMIT");
  EXPECT_EQ(diags.findings()[0].message, "more than 511 reachable states; raise --max-states or order more phases");
  EXPECT_EQ(diags.findings()[0].range.Start, b.model.migrationRange.Start);
}

TEST(ExploreTest, StateLimitIsSilentAtExactlyTheLimit) {
  ModelBuilder b = chains(4, 3);
  Recorder r;
  diag::Diagnostics diags;
  Result result = run(b.model, r, diags, 256); // the initial state counts
  EXPECT_FALSE(result.limitHit);
  EXPECT_EQ(result.statesExplored, 256u);
  EXPECT_TRUE(diags.findings().empty());
  diag::Diagnostics tight;
  EXPECT_TRUE(run(b.model, r, tight, 255).limitHit);
}

TEST(ExploreTest, LongChainSharesUntouchedComponents) {
  ModelBuilder b;
  std::vector<sema::ComponentId> servers;
  for (int i = 0; i < 2000; ++i) servers.push_back(b.component("s" + std::to_string(i), "front_end"));
  for (int i = 0; i < 2000; ++i) {
    std::vector<PhaseId> after;
    if (i > 0) after.push_back(static_cast<PhaseId>(i - 1));
    b.phase("p" + std::to_string(i), after, {ModelBuilder::decommission(servers[i])});
  }
  Visitor none;
  diag::Diagnostics diags;
  Result result = explore(b.model, graphOf(b.model), Options{}, none, diags);
  ASSERT_EQ(result.statesExplored, 2001u);
  EXPECT_TRUE(diags.findings().empty());
  const state::State &first = result.space.node(0).state;
  const state::State &last = result.space.node(2000).state;
  EXPECT_EQ(last.component(servers[1999]).status, state::Status::Decommissioned);
  const state::State &mid = result.space.node(1000).state;
  EXPECT_EQ(&mid.component(servers[1500]), &first.component(servers[1500])) << "untouched: shared";
  EXPECT_EQ(&mid.component(servers[10]), &last.component(servers[10])) << "written once, then shared";
}

TEST(ExploreTest, LayersAreVisitedInCanonicalOrder) {
  ModelBuilder b = chains(3, 2);
  Recorder r;
  diag::Diagnostics diags;
  Result result = run(b.model, r, diags);
  const graph::PhaseGraph g = graphOf(b.model);
  const Canon canon(g);
  for (size_t i = 1; i < r.visited.size(); ++i) {
    PositionSet prev = canon.positions(result.space.node(r.visited[i - 1]).completed);
    PositionSet next = canon.positions(result.space.node(r.visited[i]).completed);
    EXPECT_TRUE(PositionSet::less(prev, next)) << "node " << r.visited[i];
  }
  // A trace lists the completed phases in graph order.
  for (uint32_t n = 0; n < result.space.size(); ++n) {
    std::vector<PhaseId> t = result.space.trace(n);
    EXPECT_TRUE(std::is_sorted(t.begin(), t.end()));
  }
}

TEST(ExploreTest, StateCacheBuildsEachDownsetOnce) {
  ModelBuilder b = chains(2, 2);
  const graph::PhaseGraph g = graphOf(b.model);
  const Canon canon(g);
  StateCache cache(b.model, canon);
  const PositionSet all = PositionSet::range(0, 4);
  const state::State &s = cache.get(all);
  EXPECT_EQ(cache.size(), 5u) << "the empty set and every prefix of the canonical trace";
  EXPECT_EQ(&cache.get(all), &s);
  EXPECT_EQ(s.confirmedTags().size(), 2u);
}

// Threads that share a cache, each asking for every downset in an order of
// its own, find one state per downset: the one a cache filled alone holds,
// counted once (size() and MemoryGuard::check(), as alone).
TEST(ExploreTest, StateCacheSharedByThreadsKeepsOneStatePerDownset) {
  constexpr size_t kChains = 3, kLength = 5, kThreads = 4;
  ModelBuilder b = chains(kChains, kLength);
  const graph::PhaseGraph g = graphOf(b.model);
  const Canon canon(g);
  // Every downset: a prefix of each chain (chain c holds positions c * kLength...).
  std::vector<PositionSet> downsets{PositionSet()};
  for (size_t c = 0; c < kChains; ++c) {
    std::vector<PositionSet> longer;
    for (const PositionSet &d : downsets)
      for (size_t k = 1; k <= kLength; ++k) {
        PositionSet e = d;
        e |= PositionSet::range(static_cast<uint32_t>(c * kLength), static_cast<uint32_t>(c * kLength + k));
        longer.push_back(e);
      }
    downsets.insert(downsets.end(), longer.begin(), longer.end());
  }
  ASSERT_EQ(downsets.size(), 216u); // (kLength + 1)^kChains

  MemoryGuard aloneGuard(uint64_t(1) << 50), sharedGuard(uint64_t(1) << 50);
  StateCache base(b.model, canon), alone(b.model, canon, &base), shared(b.model, canon, &base);
  base.get(PositionSet::range(0, 2)); // a base, as the reduced engine's checked steps
  {
    MemoryGuard::Scope scope(aloneGuard);
    for (const PositionSet &d : downsets) alone.get(d);
  }
  std::vector<std::vector<const state::State *>> seen(kThreads);
  {
    std::vector<std::thread> threads;
    for (size_t t = 0; t < kThreads; ++t)
      threads.emplace_back([&, t] {
        MemoryGuard::Scope scope(sharedGuard);
        std::vector<size_t> order(downsets.size());
        std::iota(order.begin(), order.end(), 0);
        std::shuffle(order.begin(), order.end(), std::mt19937(static_cast<unsigned>(t)));
        seen[t].resize(downsets.size());
        for (size_t i : order) seen[t][i] = &shared.get(downsets[i]);
      });
    for (std::thread &t : threads) t.join();
  }
  EXPECT_EQ(shared.size(), alone.size());
  EXPECT_EQ(alone.size(), downsets.size() - 3) << "the base's three are not built again";
  EXPECT_EQ(sharedGuard.checks(), aloneGuard.checks());
  for (size_t i = 0; i < downsets.size(); ++i) {
    for (size_t t = 1; t < kThreads; ++t) EXPECT_EQ(seen[t][i], seen[0][i]) << "downset " << i;
    EXPECT_EQ(seen[0][i]->confirmedTags(), alone.get(downsets[i]).confirmedTags()) << "downset " << i;
  }
}

} // namespace
} // namespace cutover::explore
