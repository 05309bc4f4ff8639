// The runtime: exploration, verification (policy checking) and index joins.
#include "bench/common.h"

#include "runtime/eval/evaluator.h"
#include "runtime/explore/explore.h"
#include "runtime/verify/verify.h"

#include <benchmark/benchmark.h>

using namespace cutover;

namespace {

std::string chain(int64_t sites) { return "--chain --sites " + std::to_string(sites); }
std::string tracks(int64_t k) { return "--tracks " + std::to_string(k); }
std::string waves(int64_t n) { return "--waves " + std::to_string(n); }

// Exploration alone (no policy), reference breadth-first mode.
template <std::string (*Plan)(int64_t)> void BM_Explore(benchmark::State &state) {
  const bench::Compiled &c = bench::compiled(Plan(state.range(0)));
  explore::Visitor none;
  uint64_t states = 0;
  for (auto _ : state) {
    diag::Diagnostics diags;
    states = explore::explore(*c.model, c.graph, {}, none, diags).statesExplored;
  }
  state.counters["states"] = double(states);
}

// Every policy of core and lync2013 over the plan, as `cutover check` does.
template <std::string (*Plan)(int64_t), bool Full> void BM_Verify(benchmark::State &state) {
  const bench::Compiled &c = bench::compiled(Plan(state.range(0)));
  verify::Options opts;
  opts.today = "2026-01-01";
  opts.fullExploration = Full;
  size_t states = 0;
  for (auto _ : state) {
    diag::Diagnostics diags;
    states = verify::verify(*c.model, c.graph, c.policies, opts, diags).statesExplored;
    if (!diags.findings().empty()) state.SkipWithError("a clean plan has findings");
  }
  state.counters["states"] = double(states);
}

// One invariant policy in the initial state, with its index join or as a scan
// of every candidate (verify::Options::useIndexJoins): CORE-REF-001 binds
// `b in a.refs`, a join over the reference graph instead of components^2.
template <bool Joins> void BM_PolicyJoin(benchmark::State &state) {
  const bench::Compiled &c = bench::compiled("--tracks 0 --sites " + std::to_string(state.range(0)));
  const policy::Policy &policy = c.policies.policies[c.policies.byId.lookup("CORE-REF-001")];
  const state::State initial = state::State::initial(*c.model);
  const eval::Context ctx{.model = *c.model, .state = initial, .isInitial = true, .useJoins = Joins};
  size_t violations = 0;
  for (auto _ : state) {
    eval::Evaluator evaluator(policy, ctx);
    std::vector<sema::Value> slots(policy.slotNames.size());
    evaluator.forEachViolation(slots, [&] { ++violations; });
  }
  if (violations) state.SkipWithError("a clean plan violates CORE-REF-001");
  state.counters["components"] = double(c.model->components.size());
}

BENCHMARK(BM_Explore<chain>)->Arg(100)->Arg(400)->Arg(800)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Explore<tracks>)->Arg(4)->Arg(6)->Arg(7)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Verify<chain, false>)->Arg(5)->Arg(10)->Arg(20)->Unit(benchmark::kMillisecond);
// Long thin chains (4,800 -> 9,600 phases): the work per phase must not
// grow with the plan, so a doubling costs about 2x (PositionSet).
BENCHMARK(BM_Verify<chain, false>)->Arg(960)->Arg(1920)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Verify<chain, true>)->Arg(5)->Arg(10)->Arg(20)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Verify<tracks, false>)->Arg(2)->Arg(3)->Arg(4)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Verify<tracks, true>)->Arg(2)->Arg(3)->Arg(4)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Verify<waves, false>)->Arg(12)->Arg(50)->Arg(200)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Verify<waves, true>)->Arg(6)->Arg(8)->Arg(10)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_PolicyJoin<true>)->Arg(10)->Arg(40)->Arg(160)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_PolicyJoin<false>)->Arg(10)->Arg(40)->Arg(160)->Unit(benchmark::kMicrosecond);

} // namespace
