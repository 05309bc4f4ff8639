#include "runtime/eval/findings.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>

namespace cutover::eval {

using sema::Value;

std::vector<uint64_t> entityKey(const std::vector<Value> &entities) {
  std::vector<uint64_t> key;
  key.reserve(entities.size());
  for (const Value &v : entities) key.push_back((static_cast<uint64_t>(v.kind) << 32) | v.id());
  return key;
}

std::vector<Value> boundEntities(const policy::Policy &policy, llvm::ArrayRef<Value> slots) {
  std::vector<Value> entities;
  if (policy.guard) entities.push_back(slots[0]);
  for (const policy::Binder &b : policy.binders) entities.push_back(slots[b.slot]);
  return entities;
}

Value subjectOf(const sema::Step &step) {
  switch (ast::subjectKind(step.verb)) {
  case ast::SubjectKind::Component: return Value::component(step.subject);
  case ast::SubjectKind::Data: return Value::data(step.subject);
  case ast::SubjectKind::Tag: return Value::symbol(step.symbol);
  }
  return Value::none();
}

namespace {
// A step that creates its subject: its guard sees the component as it will be.
bool createsSubject(const sema::Step &step) { return ast::statusAfter(step.verb) == ast::StatusAfter::Active; }

std::optional<state::State> deployedState(const sema::Model &model, const sema::Step &step,
                                          const state::State &before) {
  if (!createsSubject(step)) return std::nullopt;
  state::State deployed = before;
  state::applyStep(model, step, deployed);
  return deployed;
}
} // namespace

GuardView::GuardView(const sema::Model &model, const sema::Step &step, const state::State &before, bool isInitial,
                     bool useJoins)
    : deployed_(deployedState(model, step, before)), ctx_{.model = model,
                                                          .state = before,
                                                          .isFinal = false, // a step is about to run
                                                          .isInitial = isInitial,
                                                          .step = &step,
                                                          .deployed = deployed_ ? &*deployed_ : nullptr,
                                                          .useJoins = useJoins} {}

bool guardViolates(const sema::Model &model, const policy::Policy &policy, const sema::Step &step,
                   const state::State &before, bool isInitial, bool useJoins, std::vector<Value> &slots) {
  GuardView view(model, step, before, isInitial, useJoins);
  return Evaluator(policy, view.context()).violates(slots);
}

Found FindingBuilder::guard(uint32_t p, const sema::Step &step, const state::State &before, bool isInitial,
                            const std::vector<Value> &slots, const std::vector<sema::PhaseId> &trace) const {
  const policy::Policy &policy = policies_.policies[p];
  GuardView view(model_, step, before, isInitial, useJoins_);
  Evaluator evaluator(policy, view.context());
  std::vector<Value> entities = boundEntities(policy, slots);
  Found found{p, entityKey(entities), make(policy, evaluator, slots, entities, trace)};
  found.finding.range = step.range;
  return found;
}

Found FindingBuilder::invariant(uint32_t p, const state::State &reached, const state::State &beforeLast,
                                std::vector<Value> slots, const std::vector<sema::PhaseId> &trace) const {
  const policy::Policy &policy = policies_.policies[p];
  const bool isFinal = trace.size() == model_.phases.size();
  const Context ctx{
      .model = model_, .state = reached, .isFinal = isFinal, .isInitial = trace.empty(), .useJoins = useJoins_};
  Evaluator evaluator(policy, ctx);
  std::vector<Value> entities = boundEntities(policy, slots);
  Found found{p, entityKey(entities), make(policy, evaluator, slots, entities, trace)};
  if (trace.empty()) {
    found.finding.range = entities.empty() ? model_.deploymentRange : introduction(entities.front(), trace);
  } else if (isFinal && !violatesBeforeEnd(policy, reached, slots)) {
    // Only final() makes it a violation: the fix (enable the service there,
    // say) belongs where the entity comes in, not in the last phase.
    found.finding.range = entities.empty() ? model_.migrationRange : introduction(entities.front(), trace);
  } else {
    found.finding.range = invariantLocation(policy, beforeLast, isFinal, trace.back(), std::move(slots));
  }
  return found;
}

bool FindingBuilder::violatesBeforeEnd(const policy::Policy &policy, const state::State &reached,
                                       std::vector<Value> slots) const {
  const Context ctx{.model = model_, .state = reached, .isFinal = false, .isInitial = false, .useJoins = useJoins_};
  return Evaluator(policy, ctx).violates(slots);
}

// A data set or a deployment component: its declaration; a deployed
// component: the first step of the trace that deploys it (deploys of one
// component are ordered, and the first finds it absent).
llvm::SMRange FindingBuilder::introduction(const Value &entity, const std::vector<sema::PhaseId> &trace) const {
  if (entity.kind == Value::Kind::Data) return model_.data[entity.id()].nameRange;
  const sema::ComponentDecl &decl = model_.components[entity.id()];
  if (!decl.inDeployment)
    for (sema::PhaseId p : trace)
      for (const sema::Step &step : model_.phases[p].steps)
        if (createsSubject(step) && step.subject == entity.id()) return step.range;
  return decl.nameRange;
}

std::string FindingBuilder::entityName(const Value &v) const {
  switch (v.kind) {
  case Value::Kind::Component: return model_.components[v.id()].name;
  case Value::Kind::Data: return model_.data[v.id()].name;
  case Value::Kind::Symbol: return model_.symbols.name(v.id());
  default: return "none";
  }
}

diag::Finding FindingBuilder::make(const policy::Policy &policy, Evaluator &evaluator, const std::vector<Value> &slots,
                                   const std::vector<Value> &entities, const std::vector<sema::PhaseId> &trace) const {
  diag::Finding f;
  f.id = policy.info.id;
  f.severity = policy.info.severity;
  f.origin = policy.info.origin;
  // The first message or hint variant whose `when` holds in this state and binding.
  auto pick = [&](const std::vector<policy::Template> &variants) -> const policy::Template * {
    std::vector<Value> binding = slots;
    for (const policy::Template &t : variants)
      if (t.when == policy::kNoNode || evaluator.test(t.when, binding)) return &t;
    return nullptr;
  };
  const policy::Template *message = pick(policy.messages);
  f.message = message ? evaluator.interpolate(message->parts, slots) : policy.info.title;
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
      f.notes.push_back(
          {d.declRange, holderBound ? fmt::format("{} is held by {} here", d.name, model_.components[d.heldBy].name)
                                    : fmt::format("{} is declared here", d.name)});
    }
  }
  if (trace.empty()) {
    f.notes.push_back({model_.deploymentRange, "violated in the initial state, before any phase"});
  } else {
    f.notes.push_back(
        {model_.phases[trace.back()].headerRange, fmt::format("reached after phases: {}", fmt::join(f.trace, " -> "))});
  }
  if (const policy::Template *hint = pick(policy.hints)) f.hints.push_back(evaluator.interpolate(hint->parts, slots));
  return f;
}

// The location rule (docs/verification.md): replay the last phase of the trace and point at the step
// after which the violation holds to the end of the phase.
llvm::SMRange FindingBuilder::invariantLocation(const policy::Policy &policy, const state::State &beforeLast,
                                                bool isFinal, sema::PhaseId last, std::vector<Value> slots) const {
  const sema::PhaseDecl &phase = model_.phases[last];
  state::State s = beforeLast;
  auto violatedIn = [&](const state::State &st) {
    const Context ctx{.model = model_, .state = st, .isFinal = isFinal, .isInitial = false, .useJoins = useJoins_};
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

void reportFindings(const sema::Model &model, const policy::PolicySet &policies, const std::string &today,
                    std::vector<Found> found, diag::Diagnostics &diags) {
  // Findings at one position keep this order in reports: make it independent
  // of the exploration.
  std::sort(found.begin(), found.end(), [](const Found &a, const Found &b) {
    return a.policy != b.policy ? a.policy < b.policy : a.entityKey < b.entityKey;
  });
  diag::Diagnostics warnings;
  for (size_t w = 0; w < model.waivers.size(); ++w) {
    const sema::Waiver &waiver = model.waivers[w];
    if (waiver.until && today >= *waiver.until) {
      warnings.report(diag::Kind::ExpiredWaiver, waiver.range,
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
      warnings.report(diag::Kind::UnusedWaiver, waiver.range,
                      fmt::format("waiver of {} silenced nothing", waiver.policyId));
  }
  for (Found &f : found) diags.report(std::move(f.finding));
  for (diag::Finding &w : warnings.findings()) diags.report(std::move(w));
}

} // namespace cutover::eval
