// Verification: evaluates compiled policies over every reachable state of the
// migration (docs/verification.md) and applies waivers.
#pragma once

#include "compiler/diag/diagnostic.h"
#include "compiler/graph/phase_graph.h"
#include "compiler/policy/policy.h"
#include "compiler/sema/model.h"

#include <cstddef>
#include <string>

namespace cutover::eval {

// The default evaluation budget per policy (--max-steps; StepBudget).
inline constexpr uint64_t kDefaultMaxSteps = 100'000'000;

struct VerifyOptions {
  size_t maxStates = 1'000'000; // the initial state counts
  uint64_t maxSteps = kDefaultMaxSteps; // per policy, over the whole verification
  uint64_t maxMemoryBytes = 0;          // resident memory the explorations may reach; 0: see explore::MemoryGuard
  std::string today;            // "YYYY-MM-DD" for waiver expiry (required: the engine reads no clock)
  // Evaluate index joins as joins (false: scan every candidate; same results,
  // kept to test the one against the other).
  bool useIndexJoins = true;
  // The full breadth-first exploration (`--explore=full`, the reference
  // semantics) instead of the reduced one (docs/verification.md).
  bool fullExploration = false;
};

struct VerifyResult {
  size_t statesExplored = 0; // full: every reachable state; reduced: the states built
  bool stateLimitHit = false; // E-STATE-LIMIT was reported and nothing else
};

// Verifies every reachable state and reports to `diags`: E-STEP once per
// failing step, one finding per (policy, bound entities) at the canonically
// first state that shows it (docs/verification.md), waived findings with
// suppressed=true, W-UNUSED-WAIVER and W-EXPIRED-WAIVER; or, when the
// exploration exceeds maxStates or its memory budget, only E-STATE-LIMIT. A policy that takes
// more than maxSteps steps reports E-LIMIT at its ID instead of its
// findings (and its waivers are not reported unused). Both modes report the
// same findings. Call it only on a program without compile errors.
VerifyResult verify(const sema::Model &model, const graph::PhaseGraph &graph, const policy::PolicySet &policies,
                    const VerifyOptions &options, diag::Diagnostics &diags);

// The reference semantics, whatever options.fullExploration says.
VerifyResult verifyFull(const sema::Model &model, const graph::PhaseGraph &graph, const policy::PolicySet &policies,
                        const VerifyOptions &options, diag::Diagnostics &diags);

} // namespace cutover::eval
