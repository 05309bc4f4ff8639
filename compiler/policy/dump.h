// `cutover compile --emit plan`: the compiled policies, one clause per line,
// so that lit tests can check types, slots, joins and templates
// (docs/cli.md#intermediate-results). A format for tests, not for tools.
#pragma once

#include "compiler/policy/policy.h"

#include <llvm/Support/SourceMgr.h>
#include <llvm/Support/raw_ostream.h>

namespace cutover::policy {

// Each policy of `set` in program order: a `policy ID severity origin=O
// slots=[...] POSITION` line (positions as sema::dumpModel writes them), its
// plan (dumpPlan) and its message and hint templates indented under it; then
// the policy each of the model's waivers resolved to.
void dumpPolicies(const PolicySet &set, const sema::Model &model, const llvm::SourceMgr &sm, unsigned mainBuffer,
                  llvm::raw_ostream &os);

} // namespace cutover::policy
