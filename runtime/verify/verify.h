// Verification: every policy in every reachable state of the migration
// (docs/verification.md), then waivers. This layer only decides: which
// strategy runs (runtime/eval/reduced unless the full exploration is asked
// for; runtime/eval/full when the reduced one gives up), within which
// budgets, and what of their findings is reported.
#pragma once

#include "compiler/diag/diagnostic.h"
#include "compiler/graph/phase_graph.h"
#include "compiler/policy/policy.h"
#include "compiler/sema/model.h"
#include "runtime/eval/evaluator.h"
#include "runtime/eval/strategy.h"

#include <cstdint>
#include <string>

namespace cutover::verify {

struct Options {
  uint64_t maxStates = 1'000'000;             // the initial state counts
  uint64_t maxSteps = eval::kDefaultMaxSteps; // per policy, over the whole verification
  uint64_t maxMemoryBytes = 0;                // resident memory the explorations may reach; 0: see explore::MemoryGuard
  std::string today;                          // "YYYY-MM-DD" for waiver expiry; required (the session reads the clock)
  // Evaluate index joins as joins (false: scan every candidate; same results,
  // kept to test the one against the other).
  bool useIndexJoins = true;
  // The full breadth-first exploration (`--explore=full`, the reference
  // semantics) instead of the reduced one (docs/verification.md).
  bool fullExploration = false;
  // The reduced exploration's static enumeration budget (eval::Problem);
  // tests lower it to reach the fallback with a small plan.
  size_t maxBindings = eval::kDefaultMaxBindings;
  // Threads the reduced exploration verifies policies on (eval::Problem);
  // what is reported does not depend on it.
  unsigned jobs = 1;
  size_t parallelFrom = eval::kParallelFrom; // eval::Problem; tests lower it to verify small plans in parallel
  bool leaveToExit = false;                  // eval::Problem: the caches are not freed, the process exits
};

struct Result {
  // The strategy whose findings were reported (or that hit a limit).
  eval::StrategyKind strategy = eval::StrategyKind::Reduced;
  // Why the reduced exploration gave up ("POLICY-ID: reason"), when the full
  // one ran in its place; empty when the strategy ran as asked.
  std::string fallbackReason;
  uint64_t statesExplored = 0; // of `strategy`: full, every reachable state; reduced, the states built
  bool stateLimitHit = false;  // E-STATE-LIMIT was reported and nothing else
};

// "reduced exploration, 41 states built", "full exploration, 720 states (the
// reduction gave up: ...)": what --explain-reduction prints for one file.
std::string describe(const Result &result);

// Verifies every reachable state and reports to `diags`: E-STEP once per
// failing step, one finding per (policy, bound entities) at the canonically
// first state that shows it (docs/verification.md), waived findings with
// suppressed=true, W-UNUSED-WAIVER and W-EXPIRED-WAIVER; or, when the
// exploration exceeds maxStates or its memory budget, only E-STATE-LIMIT. A
// policy that takes more than maxSteps steps reports E-LIMIT at its ID
// instead of its findings (and its waivers are not reported unused). Both
// strategies report the same findings. Call it only on a program without
// compile errors.
Result verify(const sema::Model &model, const graph::PhaseGraph &graph, const policy::PolicySet &policies,
              const Options &options, diag::Diagnostics &diags);

} // namespace cutover::verify
