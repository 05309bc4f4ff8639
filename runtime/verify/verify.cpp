#include "runtime/verify/verify.h"

#include "compiler/diag/messages.h"

#include "runtime/eval/findings.h"
#include "runtime/eval/full/full_strategy.h"
#include "runtime/eval/reduced/reduced_strategy.h"
#include "runtime/explore/memory.h"

#include <fmt/format.h>

#include <algorithm>
#include <cassert>

namespace cutover::verify {

namespace {

// A policy past its budget: its findings would be a partial answer, and
// whether its waivers silenced anything is unknown. Withdraw both (from the
// findings added since `first`) and say so at the policy.
void reportStepLimit(const sema::Model &model, const policy::PolicySet &policies, size_t p, uint64_t maxSteps,
                     size_t first, diag::Diagnostics &diags) {
  const policy::Policy &policy = policies.policies[p];
  std::vector<diag::Finding> &all = diags.findings();
  auto withdrawn = [&](const diag::Finding &f) {
    if (f.id == policy.info.id && f.origin == policy.info.origin) return true;
    if (f.id != diag::info(diag::Kind::UnusedWaiver).id) return false;
    for (size_t w = 0; w < model.waivers.size(); ++w)
      if (policies.waiverPolicy[w] == p && model.waivers[w].range.Start == f.range.Start) return true;
    return false;
  };
  all.erase(std::remove_if(all.begin() + static_cast<std::ptrdiff_t>(first), all.end(), withdrawn), all.end());
  diag::report(diags, policy.info.idRange, diag::msg::TooManyEvaluationSteps, policy.info.id,
               static_cast<int64_t>(maxSteps));
}

} // namespace

std::string describe(const Result &result) {
  std::string text = eval::strategyName(result.strategy);
  if (result.stateLimitHit)
    text += ", stopped at E-STATE-LIMIT";
  else
    text += fmt::format(", {} states{}", result.statesExplored,
                        result.strategy == eval::StrategyKind::Reduced ? " built" : "");
  if (!result.fallbackReason.empty()) text += fmt::format(" (the reduction gave up: {})", result.fallbackReason);
  return text;
}

Result verify(const sema::Model &model, const graph::PhaseGraph &graph, const policy::PolicySet &policies,
              const Options &options, diag::Diagnostics &diags) {
  assert(!options.today.empty() && "the session reads the clock, not the engine");
  const eval::Problem problem{.model = model,
                              .graph = graph,
                              .policies = policies,
                              .maxStates = options.maxStates,
                              .maxBindings = options.maxBindings,
                              .useIndexJoins = options.useIndexJoins,
                              .jobs = std::max(1u, options.jobs),
                              .parallelFrom = options.parallelFrom,
                              .leaveToExit = options.leaveToExit};
  const eval::ReducedStrategy reduced;
  const eval::FullStrategy full;
  eval::StepBudget budget(policies, options.maxSteps);
  explore::MemoryGuard memory(options.maxMemoryBytes);
  const size_t first = diags.findings().size();
  Result result;
  result.strategy = options.fullExploration ? eval::StrategyKind::Full : eval::StrategyKind::Reduced;
  try {
    eval::StepBudget::Scope steps(budget);
    explore::MemoryGuard::Scope guard(memory);
    const eval::Strategy &asked = options.fullExploration ? static_cast<const eval::Strategy &>(full) : reduced;
    eval::Exploration explored = asked.run(problem);
    if (explored.status == eval::Exploration::Status::Unreducible) {
      // The reduced exploration cannot decide this plan: the full one can (within its limits).
      result.strategy = eval::StrategyKind::Full;
      result.fallbackReason = std::move(explored.unreducible);
      explored = full.run(problem);
    }
    result.statesExplored = explored.statesExplored;
    result.stateLimitHit = explored.status == eval::Exploration::Status::StateLimit;
    for (diag::Finding &f : explored.reported) diags.report(std::move(f));
    if (!result.stateLimitHit) eval::reportFindings(model, policies, options.today, std::move(explored.found), diags);
  } catch (const explore::MemoryGuard::Exceeded &) {
    // As past --max-states: E-STATE-LIMIT and nothing else.
    diags.findings().resize(first);
    diag::report(diags, model.migrationRange, diag::msg::TooMuchMemory,
                 static_cast<int64_t>(memory.budgetBytes() >> 20));
    result.statesExplored = 0;
    result.stateLimitHit = true;
  }
  if (result.stateLimitHit) return result;
  for (size_t p = 0; p < policies.policies.size(); ++p)
    if (budget.exhausted(p)) reportStepLimit(model, policies, p, options.maxSteps, first, diags);
  return result;
}

} // namespace cutover::verify
