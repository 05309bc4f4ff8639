// The order in which the threads take the policies (a unit each): the
// dearest first, by a guess of each one's work, so that a dear policy does
// not run alone at the end of a parallel run. Only the time a run takes
// depends on it, never what it finds.
#pragma once

#include "compiler/policy/policy.h"
#include "compiler/sema/model.h"

#include <cstdint>
#include <vector>

namespace cutover::eval::reduced {

// The guessed work of each policy of `policies` on `model`, in policy order.
std::vector<double> unitCosts(const sema::Model &model, const policy::PolicySet &policies);

// The policies' indexes, the dearest first (ties: policy order).
std::vector<uint32_t> dearestFirst(const sema::Model &model, const policy::PolicySet &policies);

} // namespace cutover::eval::reduced
