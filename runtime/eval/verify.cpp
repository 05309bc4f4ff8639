#include "runtime/eval/verify.h"

#include "runtime/eval/evaluator.h"
#include "runtime/eval/findings.h"
#include "runtime/eval/reduce.h"
#include "runtime/explore/explore.h"
#include "runtime/explore/memory.h"

#include <fmt/format.h>

#include <algorithm>
#include <cassert>
#include <set>

namespace cutover::eval {

using sema::Value;

namespace {

// The reference semantics: every policy in every state of the full
// exploration. The explorer visits states and steps in canonical order, so
// the first finding per (policy, bound entities) is the canonical one.
class PolicyVisitor : public explore::Visitor {
public:
  PolicyVisitor(const sema::Model &model, const graph::PhaseGraph &graph, const policy::PolicySet &policies,
                bool useJoins)
      : model_(model), policies_(policies), useJoins_(useJoins), canon_(graph), states_(model, canon_),
        builder_(model, policies, useJoins) {}

  std::vector<Found> takeFindings() { return std::move(found_); }

  void onState(const explore::StateSpace &space, uint32_t n) override {
    const explore::StateNode &node = space.node(n);
    const Context ctx{.model = model_,
                      .state = node.state,
                      .isFinal = node.depth == model_.phases.size(),
                      .isInitial = node.depth == 0,
                      .useJoins = useJoins_};
    for (uint32_t p = 0; p < policies_.policies.size(); ++p) {
      const policy::Policy &policy = policies_.policies[p];
      if (policy.guard) continue;
      Evaluator evaluator(policy, ctx);
      std::vector<Value> slots(policy.slotNames.size());
      evaluator.forEachViolation(slots, [&] {
        if (!firstTime(p, entityKey(boundEntities(policy, slots)))) return;
        std::vector<sema::PhaseId> trace = space.trace(n);
        llvm::BitVector beforeLast = canon_.positions(node.completed);
        if (!trace.empty()) beforeLast.reset(canon_.position(trace.back()));
        found_.push_back(builder_.invariant(p, node.state, states_.get(beforeLast), slots, trace));
      });
    }
  }

  void beforeStep(const explore::StateSpace &space, uint32_t from, sema::PhaseId phase, size_t stepIndex,
                  const state::State &before) override {
    const sema::Step &step = model_.phases[phase].steps[stepIndex];
    const bool isInitial = space.node(from).depth == 0 && stepIndex == 0;
    std::optional<GuardView> view; // built once per step, for the first guard on its verb
    for (uint32_t p = 0; p < policies_.policies.size(); ++p) {
      const policy::Policy &policy = policies_.policies[p];
      if (!policy.guard || policy.verb != step.verb) continue;
      if (!view) view.emplace(model_, step, before, isInitial, useJoins_);
      Evaluator evaluator(policy, view->context());
      std::vector<Value> slots(policy.slotNames.size());
      slots[0] = subjectOf(step);
      evaluator.forEachViolation(slots, [&] {
        if (!firstTime(p, entityKey(boundEntities(policy, slots)))) return;
        std::vector<sema::PhaseId> trace = space.trace(from);
        trace.push_back(phase);
        found_.push_back(builder_.guard(p, step, before, isInitial, slots, trace));
      });
    }
  }

private:
  bool firstTime(uint32_t policy, std::vector<uint64_t> key) { return seen_.insert({policy, std::move(key)}).second; }

  const sema::Model &model_;
  const policy::PolicySet &policies_;
  bool useJoins_;
  explore::Canon canon_;
  explore::StateCache states_; // the states before an invariant finding's last phase
  FindingBuilder builder_;
  std::set<std::pair<uint32_t, std::vector<uint64_t>>> seen_;
  std::vector<Found> found_;
};

} // namespace

VerifyResult verifyFull(const sema::Model &model, const graph::PhaseGraph &graph, const policy::PolicySet &policies,
                        const VerifyOptions &options, diag::Diagnostics &diags) {
  PolicyVisitor visitor(model, graph, policies, options.useIndexJoins);
  explore::Options exploreOptions;
  exploreOptions.maxStates = options.maxStates;
  explore::Result explored = explore::explore(model, graph, exploreOptions, visitor, diags);
  VerifyResult result;
  result.statesExplored = explored.statesExplored;
  result.stateLimitHit = explored.limitHit;
  if (explored.limitHit) return result;
  reportFindings(model, policies, options.today, visitor.takeFindings(), diags);
  return result;
}

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
  diags.report(diag::Kind::Limit, policy.info.idRange,
               fmt::format("policy {} took more than {} evaluation steps and was stopped; none of its findings "
                           "are reported (raise the limit with --max-steps)",
                           policy.info.id, maxSteps));
}

} // namespace

VerifyResult verify(const sema::Model &model, const graph::PhaseGraph &graph, const policy::PolicySet &policies,
                    const VerifyOptions &options, diag::Diagnostics &diags) {
  assert(!options.today.empty() && "the session reads the clock, not the engine");
  StepBudget budget(policies, options.maxSteps);
  explore::MemoryGuard memory(options.maxMemoryBytes);
  const size_t first = diags.findings().size();
  VerifyResult result;
  try {
    StepBudget::Scope steps(budget);
    explore::MemoryGuard::Scope guard(memory);
    std::optional<VerifyResult> reduced;
    if (!options.fullExploration) reduced = verifyReduced(model, graph, policies, options, diags);
    result = reduced ? *reduced : verifyFull(model, graph, policies, options, diags);
  } catch (const explore::MemoryGuard::Exceeded &) {
    // As past --max-states: E-STATE-LIMIT and nothing else.
    diags.findings().resize(first);
    diags.report(diag::Kind::StateLimit, model.migrationRange,
                 fmt::format("the states to explore need more than {} MiB of memory; order more phases, or allow "
                             "more with --max-memory",
                             memory.budgetBytes() >> 20));
    result.stateLimitHit = true;
  }
  if (result.stateLimitHit) return result;
  for (size_t p = 0; p < policies.policies.size(); ++p)
    if (budget.exhausted(p)) reportStepLimit(model, policies, p, options.maxSteps, first, diags);
  return result;
}

} // namespace cutover::eval
