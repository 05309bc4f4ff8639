#include "runtime/eval/verify.h"

#include "runtime/eval/evaluator.h"
#include "runtime/explore/explore.h"

#include <fmt/format.h>

#include <ctime>
#include <set>

namespace cutover::eval {

using sema::Value;

namespace {

// A policy finding and what waivers need to know about it.
struct Found {
  uint32_t policy;
  diag::Finding finding;
};

class PolicyVisitor : public explore::Visitor {
public:
  PolicyVisitor(const sema::Model &model, const policy::PolicySet &policies, bool useJoins)
      : model_(model), policies_(policies), useJoins_(useJoins) {}

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
        std::vector<Value> entities;
        for (const policy::Binder &b : policy.binders) entities.push_back(slots[b.slot]);
        if (!firstTime(p, entities)) return;
        std::vector<sema::PhaseId> trace = space.trace(n);
        diag::Finding f = makeFinding(policy, evaluator, slots, entities, trace);
        f.range = invariantLocation(space, n, policy, slots, entities);
        found_.push_back({p, std::move(f)});
      });
    }
  }

  void beforeStep(const explore::StateSpace &space, uint32_t from, sema::PhaseId phase, size_t stepIndex,
                  const state::State &before) override {
    const sema::Step &step = model_.phases[phase].steps[stepIndex];
    std::optional<state::State> deployed;
    for (uint32_t p = 0; p < policies_.policies.size(); ++p) {
      const policy::Policy &policy = policies_.policies[p];
      if (!policy.guard || policy.verb != step.verb) continue;
      if (step.verb == ast::Verb::Deploy && !deployed) {
        deployed = before;
        state::applyStep(model_, step, *deployed);
      }
      const Context ctx{.model = model_,
                        .state = before,
                        .isFinal = false, // a step is about to run
                        .isInitial = space.node(from).depth == 0 && stepIndex == 0,
                        .step = &step,
                        .deployed = deployed ? &*deployed : nullptr,
                        .useJoins = useJoins_};
      Evaluator evaluator(policy, ctx);
      std::vector<Value> slots(policy.slotNames.size());
      slots[0] = subjectOf(step);
      evaluator.forEachViolation(slots, [&] {
        std::vector<Value> entities = {slots[0]};
        for (const policy::Binder &b : policy.binders) entities.push_back(slots[b.slot]);
        if (!firstTime(p, entities)) return;
        std::vector<sema::PhaseId> trace = space.trace(from);
        trace.push_back(phase);
        diag::Finding f = makeFinding(policy, evaluator, slots, entities, trace);
        f.range = step.range;
        found_.push_back({p, std::move(f)});
      });
    }
  }

private:
  Value subjectOf(const sema::Step &step) const {
    switch (step.verb) {
    case ast::Verb::Backup:
    case ast::Verb::Migrate: return Value::data(step.subject);
    case ast::Verb::Confirm: return Value::symbol(step.symbol);
    default: return Value::component(step.subject);
    }
  }

  // One finding per (policy, bound entities): BFS order makes the first one
  // seen the one with the fewest completed phases.
  bool firstTime(uint32_t policy, const std::vector<Value> &entities) {
    std::vector<uint64_t> key;
    for (const Value &v : entities) key.push_back((static_cast<uint64_t>(v.kind) << 32) | v.id());
    return seen_.insert({policy, std::move(key)}).second;
  }

  std::string entityName(const Value &v) const {
    switch (v.kind) {
    case Value::Kind::Component: return model_.components[v.id()].name;
    case Value::Kind::Data: return model_.data[v.id()].name;
    case Value::Kind::Symbol: return model_.symbols.name(v.id());
    default: return "none";
    }
  }

  diag::Finding makeFinding(const policy::Policy &policy, Evaluator &evaluator, const std::vector<Value> &slots,
                            const std::vector<Value> &entities, const std::vector<sema::PhaseId> &trace) const {
    diag::Finding f;
    f.id = policy.info.id;
    f.severity = policy.info.severity;
    f.origin = policy.info.origin;
    f.message = policy.message.empty() ? policy.info.title : evaluator.interpolate(policy.message, slots);
    for (const Value &e : entities) f.entities.push_back(entityName(e));
    for (sema::PhaseId p : trace) f.trace.push_back(model_.phases[p].name);
    auto holdsBoundData = [&](const Value &c) {
      return std::any_of(entities.begin(), entities.end(), [&](const Value &d) {
        return d.kind == Value::Kind::Data && model_.data[d.id()].heldBy == c.id();
      });
    };
    for (const Value &e : entities) {
      // A holder is named by its data set's note ("d is held by c here").
      if (e.kind == Value::Kind::Component && holdsBoundData(e)) continue;
      if (e.kind == Value::Kind::Component) {
        f.notes.push_back({model_.components[e.id()].declRange, fmt::format("{} is declared here", entityName(e))});
      } else if (e.kind == Value::Kind::Data) {
        const sema::DataDecl &d = model_.data[e.id()];
        const bool holderBound = std::any_of(entities.begin(), entities.end(), [&](const Value &o) {
          return o.kind == Value::Kind::Component && o.id() == d.heldBy;
        });
        f.notes.push_back({d.declRange, holderBound ? fmt::format("{} is held by {} here", d.name,
                                                                  model_.components[d.heldBy].name)
                                                    : fmt::format("{} is declared here", d.name)});
      }
    }
    if (trace.empty()) {
      f.notes.push_back({model_.deploymentRange, "violated in the initial state, before any phase"});
    } else {
      f.notes.push_back({model_.phases[trace.back()].headerRange,
                         fmt::format("reached after phases: {}", fmt::join(f.trace, " -> "))});
    }
    if (!policy.hint.empty()) f.hints.push_back(evaluator.interpolate(policy.hint, slots));
    return f;
  }

  // SPEC section 5: replay the last phase of the trace and point at the step
  // after which the violation holds to the end of the phase.
  llvm::SMRange invariantLocation(const explore::StateSpace &space, uint32_t n, const policy::Policy &policy,
                                  const std::vector<Value> &slots, const std::vector<Value> &entities) const {
    const explore::StateNode &node = space.node(n);
    if (node.parent == explore::kNoNode) {
      if (entities.empty()) return model_.deploymentRange;
      const Value &first = entities.front();
      return first.kind == Value::Kind::Data ? model_.data[first.id()].nameRange
                                             : model_.components[first.id()].nameRange;
    }
    const sema::PhaseDecl &phase = model_.phases[node.phase];
    state::State s = space.node(node.parent).state;
    auto violatedIn = [&](const state::State &st) {
      const Context ctx{.model = model_,
                        .state = st,
                        .isFinal = node.depth == model_.phases.size(),
                        .isInitial = false,
                        .useJoins = useJoins_};
      std::vector<Value> binding = slots;
      return Evaluator(policy, ctx).violates(binding);
    };
    llvm::SMRange location = phase.headerRange;
    if (!violatedIn(s)) location = {};
    for (const sema::Step &step : phase.steps) {
      state::applyStep(model_, step, s);
      const bool violated = violatedIn(s);
      if (violated && !location.isValid()) location = step.range;
      if (!violated) location = {};
    }
    // The reached state shows the violation, so the last step leaves it violated.
    return location.isValid() ? location : phase.headerRange;
  }

  const sema::Model &model_;
  const policy::PolicySet &policies_;
  bool useJoins_;
  std::set<std::pair<uint32_t, std::vector<uint64_t>>> seen_;
  std::vector<Found> found_;
};

// Silences waived findings; returns the warnings about waivers that silenced
// nothing or expired.
std::vector<diag::Finding> applyWaivers(const sema::Model &model, const policy::PolicySet &policies,
                                        const std::string &today, std::vector<Found> &found) {
  diag::Diagnostics diags;
  for (size_t w = 0; w < model.waivers.size(); ++w) {
    const sema::Waiver &waiver = model.waivers[w];
    if (waiver.until && today >= *waiver.until) {
      diags.report(diag::Kind::ExpiredWaiver, waiver.range,
                   fmt::format("waiver of {} expired on {} (today is {}); it no longer silences anything",
                               waiver.policyId, *waiver.until, today));
      continue;
    }
    bool used = false;
    for (Found &f : found) {
      if (f.policy != policies.waiverPolicy[w]) continue;
      const auto &entities = f.finding.entities;
      const bool matches =
          waiver.entities.empty() || std::any_of(waiver.entities.begin(), waiver.entities.end(), [&](const auto &e) {
            return std::find(entities.begin(), entities.end(), e) != entities.end();
          });
      if (!matches) continue;
      used = true;
      if (!f.finding.suppressed) {
        f.finding.suppressed = true;
        f.finding.suppressedBy = waiver.reason;
      }
    }
    if (!used)
      diags.report(diag::Kind::UnusedWaiver, waiver.range,
                   fmt::format("waiver of {} silenced nothing", waiver.policyId));
  }
  return std::move(diags.findings());
}

} // namespace

std::string todayUtc() {
  std::time_t now = std::time(nullptr);
  std::tm utc{};
  gmtime_r(&now, &utc);
  char buffer[16];
  std::strftime(buffer, sizeof buffer, "%Y-%m-%d", &utc);
  return buffer;
}

VerifyResult verify(const sema::Model &model, const graph::PhaseGraph &graph, const policy::PolicySet &policies,
                    const VerifyOptions &options, diag::Diagnostics &diags) {
  PolicyVisitor visitor(model, policies, options.useIndexJoins);
  explore::Options exploreOptions;
  exploreOptions.maxStates = options.maxStates;
  explore::Result explored = explore::explore(model, graph, exploreOptions, visitor, diags);
  VerifyResult result;
  result.statesExplored = explored.statesExplored;
  result.stateLimitHit = explored.limitHit;
  if (explored.limitHit) return result;
  std::vector<Found> found = visitor.takeFindings();
  std::vector<diag::Finding> waiverWarnings =
      applyWaivers(model, policies, options.today.empty() ? todayUtc() : options.today, found);
  for (Found &f : found) diags.report(std::move(f.finding));
  for (diag::Finding &w : waiverWarnings) diags.report(std::move(w));
  return result;
}

} // namespace cutover::eval
