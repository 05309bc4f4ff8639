// The reduced exploration (`--explore=reduced`, the default): the findings of
// the full one (docs/verification.md), from only the states that each policy
// binding and each step can tell apart.
#pragma once

#include "runtime/eval/strategy.h"

namespace cutover::eval {

class ReducedStrategy final : public Strategy {
public:
  StrategyKind kind() const override { return StrategyKind::Reduced; }
  // Unreducible when some policy reads more than the analysis can bound or
  // enumerate (Exploration::unreducible says which and why); StateLimit past
  // maxStates states built, or candidate downsets of one binding.
  Exploration run(const Problem &problem) const override;
};

} // namespace cutover::eval
