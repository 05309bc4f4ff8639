#include "runtime/state/state.h"

#include <fmt/format.h>

#include <algorithm>
#include <cassert>

namespace cutover::state {

using sema::Attribute;
using sema::ComponentId;
using sema::Model;
using sema::Step;
using sema::SymbolId;
using sema::Value;

namespace {

bool keyLess(const Attribute &a, SymbolId key) { return a.key < key; }

// Writes one attribute; the built-ins users, site and services have fields of
// their own so that steps and policies read them without a lookup.
void mergeAttr(const Model &model, ComponentState &c, const Attribute &a) {
  if (a.key == model.keyUsers && a.value.kind == Value::Kind::Int) {
    c.users = a.value.num;
  } else if (a.key == model.keySite && a.value.kind == Value::Kind::Symbol) {
    c.site = a.value.id();
  } else if (a.key == model.keyServices && a.value.kind == Value::Kind::List) {
    c.services.clear();
    for (const Value &item : a.value.items)
      if (item.kind == Value::Kind::Symbol) c.services.push_back(item.id());
    std::sort(c.services.begin(), c.services.end());
    c.services.erase(std::unique(c.services.begin(), c.services.end()), c.services.end());
  } else {
    auto it = std::lower_bound(c.attrs.begin(), c.attrs.end(), a.key, keyLess);
    if (it != c.attrs.end() && it->key == a.key)
      *it = a;
    else
      c.attrs.insert(it, a);
  }
}

void mergeAttrs(const Model &model, ComponentState &c, const std::vector<Attribute> &attrs) {
  for (const Attribute &a : attrs) mergeAttr(model, c, a);
}

// Why a component cannot be the target of a step, or empty when it is active.
std::optional<std::string> inactiveReason(const ComponentState &c) {
  switch (c.status) {
  case Status::Active: return std::nullopt;
  case Status::Absent: return "it is not deployed yet";
  case Status::Decommissioned: return "it is decommissioned";
  }
  return std::nullopt;
}

void collectComponents(const Value &v, std::vector<ComponentId> &out) {
  if (v.kind == Value::Kind::Component) out.push_back(v.id());
  for (const Value &item : v.items) collectComponents(item, out);
}

Value componentList(std::vector<ComponentId> ids) {
  std::sort(ids.begin(), ids.end());
  ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
  std::vector<Value> items;
  items.reserve(ids.size());
  for (ComponentId id : ids) items.push_back(Value::component(id));
  return Value::list(std::move(items));
}

Value referenceOrNone(ComponentId c) { return c == sema::kNoId ? Value::none() : Value::component(c); }

} // namespace

const Value *ComponentState::attr(SymbolId key) const {
  auto it = std::lower_bound(attrs.begin(), attrs.end(), key, keyLess);
  return it != attrs.end() && it->key == key ? &it->value : nullptr;
}

bool ComponentState::hasService(SymbolId s) const { return std::binary_search(services.begin(), services.end(), s); }

State State::initial(const Model &model) {
  std::vector<ComponentState> components;
  components.reserve(model.components.size());
  for (const sema::ComponentDecl &decl : model.components) {
    ComponentState c;
    c.site = decl.site;
    if (decl.inDeployment) {
      c.status = Status::Active;
      c.users = decl.users;
      mergeAttrs(model, c, decl.attrs);
    }
    components.push_back(std::move(c));
  }
  std::vector<DataState> data;
  data.reserve(model.data.size());
  for (const sema::DataDecl &decl : model.data) {
    DataState d;
    d.heldBy = decl.heldBy;
    data.push_back(std::move(d));
  }
  State s;
  s.components_ = detail::SharedVector<ComponentState>(std::move(components));
  s.data_ = detail::SharedVector<DataState>(std::move(data));
  return s;
}

bool State::confirmed(SymbolId tag) const { return std::binary_search(confirmed_.begin(), confirmed_.end(), tag); }

void State::confirm(SymbolId tag) {
  auto it = std::lower_bound(confirmed_.begin(), confirmed_.end(), tag);
  if (it == confirmed_.end() || *it != tag) confirmed_.insert(it, tag);
}

std::optional<std::string> applyStep(const Model &model, const Step &step, State &s) {
  auto name = [&](ComponentId c) -> const std::string & { return model.components[c].name; };
  auto service = [&]() -> const std::string & { return model.symbols.name(step.symbol); };
  switch (step.verb) {
  case ast::Verb::Deploy: {
    const ComponentState &c = s.component(step.subject);
    if (c.status != Status::Absent)
      return fmt::format("cannot deploy '{}': it already exists{}", name(step.subject),
                         c.status == Status::Decommissioned ? " (decommissioned)" : "");
    ComponentState &m = s.mutableComponent(step.subject);
    m.status = Status::Active;
    mergeAttrs(model, m, step.attrs);
    return std::nullopt;
  }
  case ast::Verb::Decommission: {
    const ComponentState &c = s.component(step.subject);
    if (c.status == Status::Decommissioned)
      return fmt::format("cannot decommission '{}': it is already decommissioned", name(step.subject));
    if (auto why = inactiveReason(c)) return fmt::format("cannot decommission '{}': {}", name(step.subject), *why);
    s.mutableComponent(step.subject).status = Status::Decommissioned;
    return std::nullopt;
  }
  case ast::Verb::Move: {
    const ComponentState &from = s.component(step.subject);
    const ComponentState &to = s.component(step.target);
    if (auto why = inactiveReason(from)) return fmt::format("cannot move users from '{}': {}", name(step.subject), *why);
    if (auto why = inactiveReason(to)) return fmt::format("cannot move users to '{}': {}", name(step.target), *why);
    int64_t count = step.moveAll ? from.users : step.count;
    if (count > from.users)
      return fmt::format("cannot move {} users from '{}': it homes only {}", count, name(step.subject), from.users);
    if (step.subject == step.target) return std::nullopt;
    // No overflow: sema bounds the sum of every user count of the program
    // (E-LIMIT), and moves keep it. The destination is only added to, so
    // moves into one pool commute.
    s.mutableComponent(step.subject).users -= count;
    s.mutableComponent(step.target).users += count;
    return std::nullopt;
  }
  case ast::Verb::Enable: {
    const ComponentState &c = s.component(step.subject);
    if (auto why = inactiveReason(c))
      return fmt::format("cannot enable {} on '{}': {}", service(), name(step.subject), *why);
    if (c.hasService(step.symbol))
      return fmt::format("cannot enable {} on '{}': it is already enabled", service(), name(step.subject));
    ComponentState &m = s.mutableComponent(step.subject);
    m.services.insert(std::lower_bound(m.services.begin(), m.services.end(), step.symbol), step.symbol);
    mergeAttrs(model, m, step.attrs);
    return std::nullopt;
  }
  case ast::Verb::Disable: {
    const ComponentState &c = s.component(step.subject);
    if (auto why = inactiveReason(c))
      return fmt::format("cannot disable {} on '{}': {}", service(), name(step.subject), *why);
    if (!c.hasService(step.symbol))
      return fmt::format("cannot disable {} on '{}': it is not enabled", service(), name(step.subject));
    ComponentState &m = s.mutableComponent(step.subject);
    m.services.erase(std::lower_bound(m.services.begin(), m.services.end(), step.symbol));
    return std::nullopt;
  }
  case ast::Verb::Set: {
    if (auto why = inactiveReason(s.component(step.subject)))
      return fmt::format("cannot set attributes of '{}': {}", name(step.subject), *why);
    mergeAttrs(model, s.mutableComponent(step.subject), step.attrs);
    return std::nullopt;
  }
  case ast::Verb::Backup: {
    DataState &d = s.mutableData(step.subject);
    d.backedUp = true;
    d.backupLocation = step.text;
    return std::nullopt;
  }
  case ast::Verb::Migrate: {
    if (auto why = inactiveReason(s.component(step.target)))
      return fmt::format("cannot migrate '{}' to '{}': {}", model.data[step.subject].name, name(step.target), *why);
    DataState &d = s.mutableData(step.subject);
    d.migratedTo = step.target;
    d.heldBy = step.target;
    return std::nullopt;
  }
  case ast::Verb::Confirm:
    s.confirm(step.symbol);
    return std::nullopt;
  }
  return std::nullopt;
}

void applyPhase(const Model &model, const sema::PhaseDecl &phase, State &s) {
  for (const Step &step : phase.steps) applyStep(model, step, s);
}

Value componentAttr(const Model &model, const State &s, ComponentId id, SymbolId key) {
  const sema::ComponentDecl &decl = model.components[id];
  const ComponentState &c = s.component(id);
  if (key == model.keyName) return Value::string(decl.name);
  if (key == model.keyRole) return Value::symbol(decl.role);
  if (key == model.keyStatus) {
    if (c.status == Status::Absent) return Value::none();
    return Value::symbol(c.status == Status::Active ? model.symActive : model.symDecommissioned);
  }
  if (key == model.keySite) return c.site == sema::kNoId ? Value::none() : Value::symbol(c.site);
  if (key == model.keyUsers) return Value::integer(c.users);
  if (key == model.keyServices) {
    std::vector<Value> items;
    for (SymbolId service : c.services) items.push_back(Value::symbol(service));
    return Value::list(std::move(items));
  }
  if (key == model.keyRefs) {
    std::vector<ComponentId> ids;
    for (const Attribute &a : c.attrs) collectComponents(a.value, ids);
    return componentList(std::move(ids));
  }
  const Value *v = c.attr(key);
  return v ? *v : Value::none();
}

Value dataAttr(const Model &model, const State &s, sema::DataId id, SymbolId key) {
  const sema::DataDecl &decl = model.data[id];
  const DataState &d = s.data(id);
  if (key == model.keyName) return Value::string(decl.name);
  if (key == model.keyKind) return Value::symbol(decl.kind);
  if (key == model.keyHeldBy) return referenceOrNone(d.heldBy);
  if (key == model.keyBackedUp) return Value::boolean(d.backedUp);
  if (key == model.keyBackupLocation) return d.backupLocation ? Value::string(*d.backupLocation) : Value::none();
  if (key == model.keyMigratedTo) return referenceOrNone(d.migratedTo);
  if (key == model.keyRefs) {
    std::vector<ComponentId> ids;
    if (d.heldBy != sema::kNoId) ids.push_back(d.heldBy);
    if (d.migratedTo != sema::kNoId) ids.push_back(d.migratedTo);
    for (const Attribute &a : decl.attrs) collectComponents(a.value, ids);
    return componentList(std::move(ids));
  }
  for (const Attribute &a : decl.attrs)
    if (a.key == key) return a.value;
  return Value::none();
}

} // namespace cutover::state
