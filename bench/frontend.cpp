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

std::unique_ptr<parse::Program> load(const std::string &path) {
  diag::Diagnostics diags;
  auto program = parse::loadProgram(path, bench::loadOptions(), diags);
  if (!program) std::abort();
  return std::move(*program);
}

template <std::string (*Plan)(int64_t)> void BM_Parse(benchmark::State &state) {
  const bench::Compiled &c = bench::compiled(Plan(state.range(0)));
  const std::string &path = bench::planFile(Plan(state.range(0)));
  for (auto _ : state) benchmark::DoNotOptimize(load(path));
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

// 100, 400 and 1,600 sites: about 0.1, 0.5 and 2 MB; 500 to 8,000 phases.
#define SIZES ->Arg(100)->Arg(400)->Arg(1600)->Unit(benchmark::kMillisecond)
BENCHMARK(BM_Parse<topology>) SIZES;
BENCHMARK(BM_Parse<chain>) SIZES;
BENCHMARK(BM_Resolve<topology>) SIZES;
BENCHMARK(BM_Resolve<chain>) SIZES;
BENCHMARK(BM_ParseResolve<topology>) SIZES;
BENCHMARK(BM_ParseResolve<chain>) SIZES;
BENCHMARK(BM_ParseResolve<topologyMb>)->Arg(5)->Arg(10)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_PolicyCompile) SIZES;
BENCHMARK(BM_PhaseGraph<chain>)->Arg(100)->Arg(400)->Arg(800)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_PhaseGraph<waves>)->Arg(1000)->Arg(4000)->Arg(9998)->Unit(benchmark::kMillisecond);

} // namespace
