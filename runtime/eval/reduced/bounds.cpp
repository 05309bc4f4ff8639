#include "runtime/eval/reduced/bounds.h"

#include <llvm/ADT/Hashing.h>

#include <algorithm>
#include <utility>

namespace cutover::eval::reduced {

using K = Field::Kind;
using sema::Value;

namespace {

// The built-in attribute `key` names on `b`; on an entity it is not built
// into, `key` is an ordinary attribute.
std::optional<sema::BuiltinAttr> builtinOf(const sema::Model &model, const Value &b, sema::SymbolId key) {
  const std::optional<sema::BuiltinAttr> builtin = model.builtin(key);
  const sema::AttrOwner owner = b.kind == Value::Kind::Data ? sema::AttrOwner::Data : sema::AttrOwner::Component;
  if (builtin && !sema::builtinInfo(*builtin).ownedBy(owner)) return std::nullopt;
  return builtin;
}

// The location of the state a stored built-in attribute is (verbs.def's
// places; a component's site and version are attributes like any other).
ast::Place placeOf(sema::BuiltinAttr a) {
  switch (a) {
  case sema::BuiltinAttr::Status: return ast::Place::Status;
  case sema::BuiltinAttr::Users: return ast::Place::Users;
  case sema::BuiltinAttr::Services: return ast::Place::Service;
  case sema::BuiltinAttr::HeldBy: return ast::Place::HeldBy;
  case sema::BuiltinAttr::MigratedTo: return ast::Place::MigratedTo;
  case sema::BuiltinAttr::BackedUp: return ast::Place::BackedUp;
  case sema::BuiltinAttr::BackupLocation: return ast::Place::BackupLocation;
  case sema::BuiltinAttr::Name:
  case sema::BuiltinAttr::Role:
  case sema::BuiltinAttr::Site:
  case sema::BuiltinAttr::Version:
  case sema::BuiltinAttr::Refs:
  case sema::BuiltinAttr::Kind: return ast::Place::Attrs;
  }
  return ast::Place::Attrs;
}

// The status a step of a verb leaves its subject in (a status writer's).
sema::SymbolId statusSymbol(const sema::Model &model, ast::StatusAfter status) {
  switch (status) {
  case ast::StatusAfter::Active: return model.symActive;
  case ast::StatusAfter::Decommissioned: return model.symDecommissioned;
  case ast::StatusAfter::Unchanged: break;
  }
  return sema::kNoId;
}

} // namespace

AttributeBounds::AttributeBounds(const sema::Model &model, const Footprint &footprint, state::State initial)
    : model_(model), footprint_(footprint), initial_(std::move(initial)),
      tables_(std::make_unique<std::atomic<Slot *>[]>(model.symbols.size() * 4)) {
  none_ = &intern(Values{Value::none()});
}

const AttributeBounds::Interned &AttributeBounds::find(const Value &b, sema::SymbolId key, bool active) const {
  const bool data = b.kind == Value::Kind::Data;
  if (key == sema::kNoId || (!data && b.kind != Value::Kind::Component)) return *none_; // as attribute() says
  const size_t index = size_t{key} << 2 | size_t{data} << 1 | size_t{active};
  const size_t entities = data ? model_.data.size() : model_.components.size();
  Slot *table = tables_[index].load(std::memory_order_acquire);
  if (!table) table = tableOf(index, entities);
  Slot &slot = table[b.id()];
  if (const Interned *kept = slot.load(std::memory_order_acquire)) return *kept;
  Abs values = active ? activeAttribute(b, key) : attribute(b, key);
  // Entities asked in a row mostly hold what the one before held (a site's
  // hundreds of mediation servers): the entry interned last for this table
  // is then the one intern() would find, without hashing or locking.
  Slot &last = table[entities];
  const Interned *computed = last.load(std::memory_order_acquire);
  if (!computed || !sameValues(computed->values, values)) {
    computed = &intern(std::move(values));
    last.store(computed, std::memory_order_release);
  }
  slot.store(computed, std::memory_order_release);
  return *computed;
}

AttributeBounds::Slot *AttributeBounds::tableOf(size_t index, size_t entities) const {
  std::lock_guard lock(mutex_);
  Slot *table = tables_[index].load(std::memory_order_relaxed);
  if (!table) {
    table = tableStore_.emplace_back(std::make_unique<Slot[]>(entities + 1)).get(); // every entry null
    tables_[index].store(table, std::memory_order_release);
  }
  return table;
}

bool AttributeBounds::sameValues(const Abs &a, const Abs &b) {
  return a.has_value() == b.has_value() && (!a || std::equal(a->begin(), a->end(), b->begin(), b->end(), identical));
}

const AttributeBounds::Interned &AttributeBounds::intern(Abs values) const {
  uint64_t hash = values ? values->size() : ~uint64_t{0};
  if (values)
    for (const Value &v : *values) hash = llvm::hash_combine(hash, identityHash(v));
  auto same = [&](const Interned *kept) { return sameValues(kept->values, values); };
  std::lock_guard lock(mutex_);
  auto &bucket = internIds_[hash];
  if (auto *it = std::find_if(bucket.begin(), bucket.end(), same); it != bucket.end()) return **it;
  return *bucket.emplace_back(
      &interned_.emplace_back(Interned{std::move(values), static_cast<uint32_t>(interned_.size())}));
}

// A component deployed by the plan is active only after its `deploy`
// (deploy needs it absent and decommissioning is final); when every deploy
// of it sets `key`, an active state holds a value some step wrote there,
// never the absent component's none. Otherwise: attribute().
Abs AttributeBounds::activeAttribute(const Value &b, sema::SymbolId key) const {
  const std::optional<sema::BuiltinAttr> builtin = builtinOf(model_, b, key);
  if (b.kind != Value::Kind::Component || model_.components[b.id()].inDeployment || key == sema::kNoId ||
      (builtin && sema::builtinInfo(*builtin).stored != sema::AttrStored::Attributes))
    return attribute(b, key);
  const uint32_t c = b.id();
  auto sets = [&](const sema::Step *s) {
    return std::any_of(s->attrs.begin(), s->attrs.end(), [&](const sema::Attribute &a) { return a.key == key; });
  };
  for (const sema::Step *s : footprint_.writers({K::Status, c}))
    if (ast::statusAfter(s->verb) == ast::StatusAfter::Active && !sets(s)) return attribute(b, key);
  Values out;
  for (const sema::Step *s : footprint_.writers({K::Attr, c, key}))
    for (const sema::Attribute &a : s->attrs)
      if (a.key == key) addValue(out, a.value);
  return out;
}

Abs AttributeBounds::initialAttr(const Value &b, sema::SymbolId key) const {
  return Values{b.kind == Value::Kind::Data ? state::dataAttr(model_, initial_, b.id(), key)
                                            : state::componentAttr(model_, initial_, b.id(), key)};
}

Abs AttributeBounds::attribute(const Value &b, sema::SymbolId key) const {
  if (key == sema::kNoId) return Values{Value::none()};
  if (b.kind == Value::Kind::Component) {
    const uint32_t c = b.id();
    if (key == model_.keyName || key == model_.keyRole) return initialAttr(b, key);
    if (key == model_.keyStatus) {
      Values out = *initialAttr(b, key);
      for (const sema::Step *s : footprint_.writers({K::Status, c}))
        addValue(out, Value::symbol(statusSymbol(model_, ast::statusAfter(s->verb))));
      return out;
    }
    if (key == model_.keyUsers) return written({K::Users, c}) ? std::nullopt : initialAttr(b, key);
    if (key == model_.keyServices) return written({K::Services, c}) ? std::nullopt : initialAttr(b, key);
    if (key == model_.keyRefs) return footprint_.attrKeysWritten(c).empty() ? initialAttr(b, key) : std::nullopt;
    if (key == model_.keySite) return written({K::Attr, c, key}) ? std::nullopt : initialAttr(b, key);
    Values out = *initialAttr(b, key);
    for (const sema::Step *s : footprint_.writers({K::Attr, c, key}))
      for (const sema::Attribute &a : s->attrs)
        if (a.key == key) addValue(out, a.value);
    return out;
  }
  if (b.kind != Value::Kind::Data) return Values{Value::none()};
  const Field holder{K::Holder, b.id()}, backup{K::Backup, b.id()};
  if (key == model_.keyHeldBy || key == model_.keyMigratedTo) {
    Values out = *initialAttr(b, key);
    for (const sema::Step *s : footprint_.writers(holder)) addValue(out, Value::component(s->target));
    return out;
  }
  if (key == model_.keyBackedUp || key == model_.keyBackupLocation) {
    Values out = *initialAttr(b, key);
    for (const sema::Step *s : footprint_.writers(backup))
      addValue(out, key == model_.keyBackedUp ? Value::boolean(true) : Value::string(s->text));
    return out;
  }
  if (key == model_.keyRefs && written(holder)) return std::nullopt;
  return initialAttr(b, key);
}

void AttributeBounds::fieldsOf(const Value &b, sema::SymbolId key, std::vector<Field> &out) const {
  if (key == sema::kNoId || (b.kind != Value::Kind::Component && b.kind != Value::Kind::Data)) return;
  const std::optional<sema::BuiltinAttr> builtin = builtinOf(model_, b, key);
  if (!builtin) { // an attribute of the declaration and the steps; a data set's never change
    if (b.kind == Value::Kind::Component) out.push_back({K::Attr, b.id(), key});
    return;
  }
  switch (sema::builtinInfo(*builtin).stored) {
  case sema::AttrStored::Declaration: return;
  case sema::AttrStored::Derived: // refs: the references a component's attributes or a data set's holder hold
    if (b.kind == Value::Kind::Data) {
      out.push_back({K::Holder, b.id()});
      return;
    }
    for (sema::SymbolId k : footprint_.attrKeysWritten(b.id())) out.push_back({K::Attr, b.id(), k});
    return;
  case sema::AttrStored::State:
  case sema::AttrStored::Attributes: {
    Field f = fieldAt(placeOf(*builtin), b.id());
    if (f.kind == K::Attr) f.key = key;
    out.push_back(f);
    return;
  }
  }
}

} // namespace cutover::eval::reduced
