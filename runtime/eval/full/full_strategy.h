// The full exploration (`--explore=full`): every policy in every reachable
// state, visited breadth-first in canonical order. The reference semantics
// (docs/verification.md), and what verify falls back to when the reduced
// exploration cannot decide a plan.
#pragma once

#include "runtime/eval/strategy.h"

namespace cutover::eval {

class FullStrategy final : public Strategy {
public:
  StrategyKind kind() const override { return StrategyKind::Full; }
  // Never Unreducible. StateLimit when there are more than maxStates
  // reachable states (counted before any is visited).
  Exploration run(const Problem &problem) const override;
};

} // namespace cutover::eval
