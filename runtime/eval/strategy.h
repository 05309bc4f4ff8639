// A verification strategy: one way to cover every reachable state of a plan
// and find each policy's canonical findings there (docs/verification.md).
// runtime/eval/full (the reference breadth-first exploration) and
// runtime/eval/reduced (the states each binding can tell apart) implement it;
// runtime/verify picks one, falls back from the reduced one to the full one,
// and reports what it found (docs/architecture.md#the-verification-engine).
#pragma once

#include "compiler/diag/diagnostic.h"
#include "compiler/graph/phase_graph.h"
#include "compiler/policy/policy.h"
#include "compiler/sema/model.h"
#include "runtime/eval/findings.h"

#include <cstdint>
#include <string>
#include <vector>

namespace cutover::eval {

// How many partial bindings the reduced exploration may enumerate statically
// for one policy (and for one quantifier it reads through) before it gives up.
inline constexpr size_t kDefaultMaxBindings = 2'000'000;

// Plans with fewer components and steps than this are verified on one
// thread whatever Problem::jobs says: they take a few milliseconds, less
// than starting a thread and waiting for a busy machine to run it.
inline constexpr size_t kParallelFrom = 2'000;

// What to verify, and within which bounds. Read-only while a strategy runs:
// everything a strategy derives from it may be shared by its work units.
struct Problem {
  const sema::Model &model;
  const graph::PhaseGraph &graph; // acyclic, without conflicts
  const policy::PolicySet &policies;
  uint64_t maxStates = 1'000'000; // the states a strategy may build, the initial one included
  size_t maxBindings = kDefaultMaxBindings;
  bool useIndexJoins = true; // Context::useJoins
  // Threads a strategy may verify policies on (1: the calling thread only).
  // The findings, the states built and the status do not depend on it.
  unsigned jobs = 1;
  size_t parallelFrom = kParallelFrom; // components + steps; tests lower it
  // The process exits after this run: the strategy's caches go with it
  // instead of being freed one by one (a one-file `check`).
  bool leaveToExit = false;
};

// What a strategy found, before waivers (verify applies them).
struct Exploration {
  enum class Status : uint8_t {
    Done,        // `reported` holds the E-STEPs, `found` the policy findings
    StateLimit,  // `reported` holds E-STATE-LIMIT alone
    Unreducible, // nothing found: this strategy cannot decide the plan (`unreducible` says why)
  };
  Status status = Status::Done;
  std::string unreducible;     // "POLICY-ID: why", for the user (--explain-reduction)
  uint64_t statesExplored = 0; // the states built
  std::vector<diag::Finding> reported;
  std::vector<Found> found; // one per (policy, bound entities), at its canonical state
};

enum class StrategyKind : uint8_t { Reduced, Full };

inline const char *strategyName(StrategyKind kind) {
  return kind == StrategyKind::Full ? "full exploration" : "reduced exploration";
}

// Strategies hold no state between runs: run() builds what it needs (states,
// caches) for its one problem and returns it all in the Exploration, so one
// strategy object may run several problems at once. Within a run, the work
// is split by policy where the strategy can (docs/architecture.md): the
// findings come out in policy order whatever order the units run in.
class Strategy {
public:
  virtual ~Strategy() = default;
  virtual StrategyKind kind() const = 0;
  // Runs in the caller's eval::StepBudget and explore::MemoryGuard scopes
  // (the budget may stop a policy; the guard throws MemoryGuard::Exceeded).
  virtual Exploration run(const Problem &problem) const = 0;
};

} // namespace cutover::eval
