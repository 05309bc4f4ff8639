#include "runtime/state/state.h"

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

bool ComponentState::refersTo(ComponentId c) const {
  bool found = false;
  for (const Attribute &a : attrs) sema::forEachComponent(a.value, [&](ComponentId to) { found = found || to == c; });
  return found;
}

bool ComponentState::hasService(SymbolId s) const { return std::binary_search(services.begin(), services.end(), s); }

void ComponentState::merge(const Model &model, const std::vector<Attribute> &written) {
  for (const Attribute &a : written) {
    if (a.key == model.keyUsers && a.value.kind == Value::Kind::Int) {
      users = a.value.num;
    } else if (a.key == model.keySite && a.value.kind == Value::Kind::Symbol) {
      site = a.value.id();
    } else if (a.key == model.keyServices && a.value.kind == Value::Kind::List) {
      services.clear();
      for (const Value &item : a.value.items())
        if (item.kind == Value::Kind::Symbol) services.push_back(item.id());
      std::sort(services.begin(), services.end());
      services.erase(std::unique(services.begin(), services.end()), services.end());
    } else {
      auto it = std::lower_bound(attrs.begin(), attrs.end(), a.key, keyLess);
      if (it != attrs.end() && it->key == a.key)
        *it = a;
      else
        attrs.insert(it, a);
    }
  }
}

State State::initial(const Model &model) {
  std::vector<ComponentState> components;
  components.reserve(model.components.size());
  for (const sema::ComponentDecl &decl : model.components) {
    ComponentState c;
    c.site = decl.site;
    if (decl.inDeployment) {
      c.status = Status::Active;
      c.users = decl.users;
      c.merge(model, decl.attrs);
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

void applyPhase(const Model &model, const sema::PhaseDecl &phase, State &s) {
  for (const Step &step : phase.steps) applyStep(model, step, s);
}

Value componentAttr(const Model &model, const State &s, ComponentId id, SymbolId key) {
  const sema::ComponentDecl &decl = model.components[id];
  const ComponentState &c = s.component(id);
  if (std::optional<sema::BuiltinAttr> builtin = model.builtin(key)) {
    switch (*builtin) {
    case sema::BuiltinAttr::Name: return Value::string(decl.name);
    case sema::BuiltinAttr::Role: return Value::symbol(decl.role);
    case sema::BuiltinAttr::Status:
      if (c.status == Status::Absent) return Value::none();
      return Value::symbol(c.status == Status::Active ? model.symActive : model.symDecommissioned);
    case sema::BuiltinAttr::Site: return c.site == sema::kNoId ? Value::none() : Value::symbol(c.site);
    case sema::BuiltinAttr::Users: return Value::integer(c.users);
    case sema::BuiltinAttr::Services: {
      std::vector<Value> items;
      for (SymbolId service : c.services) items.push_back(Value::symbol(service));
      return Value::list(std::move(items));
    }
    case sema::BuiltinAttr::Refs: {
      std::vector<ComponentId> ids;
      for (const Attribute &a : c.attrs) sema::forEachComponent(a.value, [&](ComponentId to) { ids.push_back(to); });
      return componentList(std::move(ids));
    }
    case sema::BuiltinAttr::Version:
      break; // among the attributes
    // A data set's: on a component, an ordinary attribute.
    case sema::BuiltinAttr::Kind:
    case sema::BuiltinAttr::HeldBy:
    case sema::BuiltinAttr::BackedUp:
    case sema::BuiltinAttr::BackupLocation:
    case sema::BuiltinAttr::MigratedTo: break;
    }
  }
  const Value *v = c.attr(key);
  return v ? *v : Value::none();
}

Value dataAttr(const Model &model, const State &s, sema::DataId id, SymbolId key) {
  const sema::DataDecl &decl = model.data[id];
  const DataState &d = s.data(id);
  if (std::optional<sema::BuiltinAttr> builtin = model.builtin(key)) {
    switch (*builtin) {
    case sema::BuiltinAttr::Name: return Value::string(decl.name);
    case sema::BuiltinAttr::Kind: return Value::symbol(decl.kind);
    case sema::BuiltinAttr::HeldBy: return referenceOrNone(d.heldBy);
    case sema::BuiltinAttr::BackedUp: return Value::boolean(d.backedUp);
    case sema::BuiltinAttr::BackupLocation: return d.backupLocation ? Value::string(*d.backupLocation) : Value::none();
    case sema::BuiltinAttr::MigratedTo: return referenceOrNone(d.migratedTo);
    case sema::BuiltinAttr::Refs: {
      std::vector<ComponentId> ids;
      if (d.heldBy != sema::kNoId) ids.push_back(d.heldBy);
      if (d.migratedTo != sema::kNoId) ids.push_back(d.migratedTo);
      for (const Attribute &a : decl.attrs) sema::forEachComponent(a.value, [&](ComponentId to) { ids.push_back(to); });
      return componentList(std::move(ids));
    }
    // A component's: on a data set, an ordinary attribute.
    case sema::BuiltinAttr::Role:
    case sema::BuiltinAttr::Status:
    case sema::BuiltinAttr::Site:
    case sema::BuiltinAttr::Users:
    case sema::BuiltinAttr::Services:
    case sema::BuiltinAttr::Version: break;
    }
  }
  for (const Attribute &a : decl.attrs)
    if (a.key == key) return a.value;
  return Value::none();
}

} // namespace cutover::state
