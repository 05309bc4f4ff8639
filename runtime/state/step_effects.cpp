// What each step does to a state: one function per row of
// compiler/ast/verbs.def, `apply<Verb>`, which applyStep dispatches to (a row
// without its function does not link). Each returns the E-STEP reason when
// the step cannot apply, and then leaves the state as it was.
#include "runtime/state/state.h"

#include "compiler/diag/messages.h"

#include <algorithm>

namespace cutover::state {
namespace effects {

#define CUTOVER_VERB(Enum, Keyword, Rule, Syntax, Subject, Status, Attrs)                                              \
  std::optional<std::string> apply##Enum(const sema::Model &model, const sema::Step &step, State &s);
#include "compiler/ast/verbs.def"

namespace msg = diag::msg;
using sema::ComponentId;
using sema::Model;
using sema::Step;

namespace {

// Why a component cannot be the target of a step, or empty when it is active.
std::optional<std::string> inactiveReason(const ComponentState &c) {
  switch (c.status) {
  case Status::Active: return std::nullopt;
  case Status::Absent: return diag::format(msg::NotDeployedYet);
  case Status::Decommissioned: return diag::format(msg::IsDecommissioned);
  }
  return std::nullopt;
}

const std::string &componentName(const Model &model, ComponentId c) { return model.components[c].name; }
const std::string &symbolName(const Model &model, const Step &step) { return model.symbols.name(step.symbol); }

} // namespace

std::optional<std::string> applyDeploy(const Model &model, const Step &step, State &s) {
  const ComponentState &c = s.component(step.subject);
  if (c.status != Status::Absent)
    return diag::format(msg::DeployExisting, componentName(model, step.subject),
                        c.status == Status::Decommissioned ? diag::format(msg::ExistsDecommissioned) : "");
  ComponentState &m = s.mutableComponent(step.subject);
  m.status = Status::Active;
  m.merge(model, step.attrs);
  return std::nullopt;
}

std::optional<std::string> applyDecommission(const Model &model, const Step &step, State &s) {
  const ComponentState &c = s.component(step.subject);
  const std::string &name = componentName(model, step.subject);
  if (c.status == Status::Decommissioned) return diag::format(msg::DecommissionTwice, name);
  if (auto why = inactiveReason(c)) return diag::format(msg::DecommissionInactive, name, *why);
  s.mutableComponent(step.subject).status = Status::Decommissioned;
  return std::nullopt;
}

std::optional<std::string> applyMove(const Model &model, const Step &step, State &s) {
  const ComponentState &from = s.component(step.subject);
  const ComponentState &to = s.component(step.target);
  if (auto why = inactiveReason(from))
    return diag::format(msg::MoveFromInactive, componentName(model, step.subject), *why);
  if (auto why = inactiveReason(to)) return diag::format(msg::MoveToInactive, componentName(model, step.target), *why);
  int64_t count = step.moveAll ? from.users : step.count;
  if (count > from.users)
    return diag::format(msg::MoveMoreThanHomed, count, componentName(model, step.subject), from.users);
  if (step.subject == step.target) return std::nullopt;
  // No overflow: sema bounds the sum of every user count of the program
  // (E-LIMIT), and moves keep it. The destination is only added to, so
  // moves into one pool commute.
  s.mutableComponent(step.subject).users -= count;
  s.mutableComponent(step.target).users += count;
  return std::nullopt;
}

std::optional<std::string> applyEnable(const Model &model, const Step &step, State &s) {
  const ComponentState &c = s.component(step.subject);
  if (auto why = inactiveReason(c))
    return diag::format(msg::EnableOnInactive, symbolName(model, step), componentName(model, step.subject), *why);
  if (c.hasService(step.symbol))
    return diag::format(msg::EnableTwice, symbolName(model, step), componentName(model, step.subject));
  ComponentState &m = s.mutableComponent(step.subject);
  m.services.insert(std::lower_bound(m.services.begin(), m.services.end(), step.symbol), step.symbol);
  m.merge(model, step.attrs);
  return std::nullopt;
}

std::optional<std::string> applyDisable(const Model &model, const Step &step, State &s) {
  const ComponentState &c = s.component(step.subject);
  if (auto why = inactiveReason(c))
    return diag::format(msg::DisableOnInactive, symbolName(model, step), componentName(model, step.subject), *why);
  if (!c.hasService(step.symbol))
    return diag::format(msg::DisableNotEnabled, symbolName(model, step), componentName(model, step.subject));
  ComponentState &m = s.mutableComponent(step.subject);
  m.services.erase(std::lower_bound(m.services.begin(), m.services.end(), step.symbol));
  return std::nullopt;
}

std::optional<std::string> applySet(const Model &model, const Step &step, State &s) {
  if (auto why = inactiveReason(s.component(step.subject)))
    return diag::format(msg::SetOnInactive, componentName(model, step.subject), *why);
  s.mutableComponent(step.subject).merge(model, step.attrs);
  return std::nullopt;
}

std::optional<std::string> applyBackup(const Model &, const Step &step, State &s) {
  DataState &d = s.mutableData(step.subject);
  d.backedUp = true;
  d.backupLocation = step.text;
  return std::nullopt;
}

std::optional<std::string> applyMigrate(const Model &model, const Step &step, State &s) {
  if (auto why = inactiveReason(s.component(step.target)))
    return diag::format(msg::MigrateToInactive, model.data[step.subject].name, componentName(model, step.target), *why);
  DataState &d = s.mutableData(step.subject);
  d.migratedTo = step.target;
  d.heldBy = step.target;
  return std::nullopt;
}

std::optional<std::string> applyConfirm(const Model &, const Step &step, State &s) {
  s.confirm(step.symbol);
  return std::nullopt;
}

} // namespace effects

std::optional<std::string> applyStep(const sema::Model &model, const sema::Step &step, State &s) {
  switch (step.verb) {
    // clang-format would join the #include below to the macro's last line.
    // clang-format off
#define CUTOVER_VERB(Enum, Keyword, Rule, Syntax, Subject, Status, Attrs)                                              \
  case ast::Verb::Enum: return effects::apply##Enum(model, step, s);
#include "compiler/ast/verbs.def"
    // clang-format on
  }
  return std::nullopt;
}

} // namespace cutover::state
