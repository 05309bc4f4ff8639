// The reduced exploration (`--explore=reduced`, the default): the same
// findings as the full one (docs/verification.md), from the states that each
// policy binding and each step can tell apart.
#pragma once

#include "runtime/eval/verify.h"

#include <optional>

namespace cutover::eval {

// Verifies like verifyFull. std::nullopt when some policy reads too much to
// reduce (the caller then runs the full exploration); nothing is reported then.
std::optional<VerifyResult> verifyReduced(const sema::Model &model, const graph::PhaseGraph &graph,
                                          const policy::PolicySet &policies, const VerifyOptions &options,
                                          diag::Diagnostics &diags);

} // namespace cutover::eval
