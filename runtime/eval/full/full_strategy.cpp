#include "runtime/eval/full/full_strategy.h"

#include "runtime/eval/evaluator.h"
#include "runtime/explore/explore.h"

#include <set>

namespace cutover::eval {

using sema::Value;

namespace {

// Every policy in every state of the full exploration. The explorer visits
// states and steps in canonical order, so the first finding per (policy,
// bound entities) is the canonical one.
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
        explore::PositionSet beforeLast = canon_.positions(node.completed);
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

Exploration FullStrategy::run(const Problem &problem) const {
  PolicyVisitor visitor(problem.model, problem.graph, problem.policies, problem.useIndexJoins);
  explore::Options options;
  options.maxStates = problem.maxStates;
  diag::Diagnostics reported;
  explore::Result explored = explore::explore(problem.model, problem.graph, options, visitor, reported);
  Exploration out;
  out.status = explored.limitHit ? Exploration::Status::StateLimit : Exploration::Status::Done;
  out.statesExplored = explored.statesExplored;
  out.reported = std::move(reported.findings());
  if (!explored.limitHit) out.found = visitor.takeFindings();
  return out;
}

} // namespace cutover::eval
