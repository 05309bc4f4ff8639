// The linear front end: parse, resolve (sema), policy compile, phase graph.
#include "bench/common.h"

#include "compiler/sema/sema.h"

#include <benchmark/benchmark.h>

using namespace cutover;

namespace {

// Plans by size: a topology only (sites with no migration), sequential
// chains of five phases per site, and one unordered wave per site.
std::string topology(int64_t sites) { return "--tracks 0 --sites " + std::to_string(sites); }
std::string chain(int64_t sites) { return "--chain --sites " + std::to_string(sites); }
std::string waves(int64_t sites) { return "--waves " + std::to_string(sites); }
// A topology (no migration) of about `mb` MB: the throughput target.
std::string topologyMb(int64_t mb) { return "--tracks 0 --size-mb " + std::to_string(mb); }
// The two plans of the 2026-11-30 targets: the 10 MB chain (270 mediation
// servers per site, 2,000 phases) and the plan whose legacy servers serve 40
// pools each (`sites` = 400 and 500).
std::string chain10(int64_t sites) { return "--chain --servers-per-site 270 --sites " + std::to_string(sites); }
std::string serves(int64_t sites) {
  return "--chain --serves 40 --phases-per-track 4 --sites " + std::to_string(sites);
}

std::unique_ptr<parse::Program> load(const std::string &path, unsigned jobs = 1) {
  diag::Diagnostics diags;
  parse::LoadOptions opts = bench::loadOptions();
  opts.jobs = jobs;
  auto program = parse::loadProgram(path, opts, diags);
  if (!program) std::abort();
  return std::move(*program);
}

template <std::string (*Plan)(int64_t)> void BM_Parse(benchmark::State &state) {
  const bench::Compiled &c = bench::compiled(Plan(state.range(0)));
  const std::string &path = bench::planFile(Plan(state.range(0)));
  for (auto _ : state) benchmark::DoNotOptimize(load(path));
  state.SetBytesProcessed(int64_t(c.bytes) * state.iterations());
}

// The parse on range(1) threads (parse::LoadOptions::jobs), in real time:
// the CPU time of the calling thread leaves out the others'.
template <std::string (*Plan)(int64_t)> void BM_ParseOnThreads(benchmark::State &state) {
  const bench::Compiled &c = bench::compiled(Plan(state.range(0)));
  const std::string &path = bench::planFile(Plan(state.range(0)));
  for (auto _ : state) benchmark::DoNotOptimize(load(path, unsigned(state.range(1))));
  state.SetBytesProcessed(int64_t(c.bytes) * state.iterations());
}

template <std::string (*Plan)(int64_t)> void BM_Resolve(benchmark::State &state) {
  const bench::Compiled &c = bench::compiled(Plan(state.range(0)));
  for (auto _ : state) {
    diag::Diagnostics diags;
    benchmark::DoNotOptimize(sema::analyze(*c.program, diags));
  }
  state.SetBytesProcessed(int64_t(c.bytes) * state.iterations());
}

// Parse and resolve together: the throughput target of docs/performance.md.
template <std::string (*Plan)(int64_t)> void BM_ParseResolve(benchmark::State &state) {
  const bench::Compiled &c = bench::compiled(Plan(state.range(0)));
  const std::string &path = bench::planFile(Plan(state.range(0)));
  for (auto _ : state) {
    auto program = load(path);
    diag::Diagnostics diags;
    benchmark::DoNotOptimize(sema::analyze(*program, diags));
  }
  state.SetBytesProcessed(int64_t(c.bytes) * state.iterations());
}

void BM_PolicyCompile(benchmark::State &state) {
  const bench::Compiled &c = bench::compiled(chain(state.range(0)));
  for (auto _ : state) {
    diag::Diagnostics diags;
    benchmark::DoNotOptimize(policy::compilePolicies(*c.program, *c.model, diags));
  }
}

// Chains order every phase; waves leave thousands unordered that all read
// one pool's status and add to its users, which never conflict.
template <std::string (*Plan)(int64_t)> void BM_PhaseGraph(benchmark::State &state) {
  const bench::Compiled &c = bench::compiled(Plan(state.range(0)));
  for (auto _ : state) {
    diag::Diagnostics diags;
    benchmark::DoNotOptimize(graph::buildPhaseGraph(*c.model, diags));
  }
  state.counters["phases"] = double(c.model->phases.size());
}

// One chain of `phases` phases that all move users between the same two pools,
// built by hand: every pair of phases touches the same locations, the worst
// case of the conflict rule (every pair must be ordered).
sema::Model hotChain(int64_t phases) {
  sema::Model model;
  model.keyUsers = model.symbols.intern("users");
  model.keyServices = model.symbols.intern("services");
  for (const char *name : {"fe2010", "pool13"}) {
    model.componentByName[name] = static_cast<sema::ComponentId>(model.components.size());
    model.components.emplace_back().name = name;
  }
  const sema::SymbolId serves = model.symbols.intern("serves");
  model.referencesOf = {{}, {{0, serves}}};
  model.referencedBy = {{{1, serves}}, {}};
  model.dataHeldBy.resize(2);
  for (int64_t i = 0; i < phases; ++i) {
    sema::PhaseDecl &phase = model.phases.emplace_back();
    phase.name = "p" + std::to_string(i);
    if (i > 0) {
      phase.after.push_back(static_cast<sema::PhaseId>(i - 1));
      phase.afterRanges.emplace_back();
    }
    sema::Step &move = phase.steps.emplace_back();
    move.verb = ast::Verb::Move;
    move.subject = 0;
    move.target = 1;
    model.phaseByName[phase.name] = static_cast<sema::PhaseId>(i);
  }
  return model;
}

void BM_PhaseGraphHotChain(benchmark::State &state) {
  const sema::Model model = hotChain(state.range(0));
  diag::Diagnostics check;
  graph::buildPhaseGraph(model, check);
  if (!check.findings().empty()) state.SkipWithError("the chain has findings: it measures the wrong thing");
  for (auto _ : state) {
    diag::Diagnostics diags;
    benchmark::DoNotOptimize(graph::buildPhaseGraph(model, diags));
  }
  state.counters["phases"] = double(model.phases.size());
}

// 100, 400 and 1,600 sites: about 0.1, 0.5 and 2 MB; 500 to 8,000 phases.
#define SIZES ->Arg(100)->Arg(400)->Arg(1600)->Unit(benchmark::kMillisecond)
BENCHMARK(BM_Parse<topology>) SIZES;
BENCHMARK(BM_Parse<chain>) SIZES;
BENCHMARK(BM_Resolve<topology>) SIZES;
BENCHMARK(BM_Resolve<chain>) SIZES;
BENCHMARK(BM_ParseResolve<topology>) SIZES;
BENCHMARK(BM_ParseResolve<chain>) SIZES;
BENCHMARK(BM_ParseResolve<topologyMb>)->Arg(5)->Arg(10)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Parse<chain10>)->Arg(400)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Resolve<chain10>)->Arg(400)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Parse<serves>)->Arg(500)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Resolve<serves>)->Arg(500)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_ParseOnThreads<chain10>)->Args({400, 1})->Args({400, 2})->UseRealTime()->Unit(benchmark::kMillisecond);
BENCHMARK(BM_ParseOnThreads<serves>)->Args({500, 1})->Args({500, 2})->UseRealTime()->Unit(benchmark::kMillisecond);
BENCHMARK(BM_PolicyCompile) SIZES;
BENCHMARK(BM_PhaseGraph<chain>)->Arg(100)->Arg(400)->Arg(800)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_PhaseGraph<waves>)->Arg(1000)->Arg(4000)->Arg(9998)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_PhaseGraphHotChain)->Arg(500)->Arg(2000)->Unit(benchmark::kMillisecond);

} // namespace
