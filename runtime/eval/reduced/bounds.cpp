#include "runtime/eval/reduced/bounds.h"

#include <algorithm>

namespace cutover::eval::reduced {

using K = Field::Kind;
using sema::Value;

AttributeBounds::AttributeBounds(const sema::Model &model, const Footprint &footprint)
    : model_(model), footprint_(footprint), initial_(state::State::initial(model)) {}

uint32_t AttributeBounds::id(const Value &b, sema::SymbolId key, bool active) const {
  const bool data = b.kind == Value::Kind::Data;
  if (!data && b.kind != Value::Kind::Component) return intern(attribute(b, key)); // {none}
  std::vector<uint32_t> &ids = attributeIds_[uint64_t{key} << 2 | uint64_t{data} << 1 | uint64_t{active}];
  if (ids.empty()) ids.assign(data ? model_.data.size() : model_.components.size(), kUncomputed);
  uint32_t &id = ids[b.id()];
  if (id == kUncomputed) id = intern(active ? activeAttribute(b, key) : attribute(b, key));
  return id;
}

uint32_t AttributeBounds::intern(Abs values) const {
  std::string text = values ? "=" : "*";
  if (values)
    for (const Value &v : *values) serialize(v, text);
  auto [it, fresh] = internIds_.try_emplace(std::move(text), static_cast<uint32_t>(interned_.size()));
  if (fresh) interned_.push_back(std::move(values));
  return it->second;
}

// A component deployed by the plan is active only after its `deploy`
// (deploy needs it absent and decommissioning is final); when every deploy
// of it sets `key`, an active state holds a value some step wrote there,
// never the absent component's none. Otherwise: attribute().
Abs AttributeBounds::activeAttribute(const Value &b, sema::SymbolId key) const {
  if (b.kind != Value::Kind::Component || model_.components[b.id()].inDeployment || key == sema::kNoId ||
      key == model_.keyName || key == model_.keyRole || key == model_.keyStatus || key == model_.keyUsers ||
      key == model_.keyServices || key == model_.keyRefs || key == model_.keySite)
    return attribute(b, key);
  const uint32_t c = b.id();
  auto sets = [&](const sema::Step *s) {
    return std::any_of(s->attrs.begin(), s->attrs.end(), [&](const sema::Attribute &a) { return a.key == key; });
  };
  for (const sema::Step *s : footprint_.writers({K::Status, c}))
    if (s->verb == ast::Verb::Deploy && !sets(s)) return attribute(b, key);
  std::vector<Value> out;
  for (const sema::Step *s : footprint_.writers({K::Attr, c, key}))
    for (const sema::Attribute &a : s->attrs)
      if (a.key == key) addValue(out, a.value);
  return out;
}

Abs AttributeBounds::initialAttr(const Value &b, sema::SymbolId key) const {
  return std::vector<Value>{b.kind == Value::Kind::Data ? state::dataAttr(model_, initial_, b.id(), key)
                                                        : state::componentAttr(model_, initial_, b.id(), key)};
}

Abs AttributeBounds::attribute(const Value &b, sema::SymbolId key) const {
  if (key == sema::kNoId) return std::vector<Value>{Value::none()};
  if (b.kind == Value::Kind::Component) {
    const uint32_t c = b.id();
    if (key == model_.keyName || key == model_.keyRole) return initialAttr(b, key);
    if (key == model_.keyStatus) {
      std::vector<Value> out = *initialAttr(b, key);
      for (const sema::Step *s : footprint_.writers({K::Status, c}))
        addValue(out, Value::symbol(s->verb == ast::Verb::Deploy ? model_.symActive : model_.symDecommissioned));
      return out;
    }
    if (key == model_.keyUsers) return written({K::Users, c}) ? std::nullopt : initialAttr(b, key);
    if (key == model_.keyServices) return written({K::Services, c}) ? std::nullopt : initialAttr(b, key);
    if (key == model_.keyRefs) return footprint_.attrKeysWritten(c).empty() ? initialAttr(b, key) : std::nullopt;
    if (key == model_.keySite) return written({K::Attr, c, key}) ? std::nullopt : initialAttr(b, key);
    std::vector<Value> out = *initialAttr(b, key);
    for (const sema::Step *s : footprint_.writers({K::Attr, c, key}))
      for (const sema::Attribute &a : s->attrs)
        if (a.key == key) addValue(out, a.value);
    return out;
  }
  if (b.kind != Value::Kind::Data) return std::vector<Value>{Value::none()};
  const Field holder{K::Holder, b.id()}, backup{K::Backup, b.id()};
  if (key == model_.keyHeldBy || key == model_.keyMigratedTo) {
    std::vector<Value> out = *initialAttr(b, key);
    for (const sema::Step *s : footprint_.writers(holder)) addValue(out, Value::component(s->target));
    return out;
  }
  if (key == model_.keyBackedUp || key == model_.keyBackupLocation) {
    std::vector<Value> out = *initialAttr(b, key);
    for (const sema::Step *s : footprint_.writers(backup))
      addValue(out, key == model_.keyBackedUp ? Value::boolean(true) : Value::string(s->text));
    return out;
  }
  if (key == model_.keyRefs && written(holder)) return std::nullopt;
  return initialAttr(b, key);
}

void AttributeBounds::fieldsOf(const Value &b, sema::SymbolId key, std::vector<Field> &out) const {
  if (key == sema::kNoId) return;
  if (b.kind == Value::Kind::Component) {
    const uint32_t c = b.id();
    if (key == model_.keyName || key == model_.keyRole) return;
    if (key == model_.keyStatus) {
      out.push_back({K::Status, c});
    } else if (key == model_.keyUsers) {
      out.push_back({K::Users, c});
    } else if (key == model_.keyServices) {
      out.push_back({K::Services, c});
    } else if (key == model_.keyRefs) {
      for (sema::SymbolId k : footprint_.attrKeysWritten(c)) out.push_back({K::Attr, c, k});
    } else {
      out.push_back({K::Attr, c, key});
    }
  } else if (b.kind == Value::Kind::Data) {
    if (key == model_.keyHeldBy || key == model_.keyMigratedTo || key == model_.keyRefs)
      out.push_back({K::Holder, b.id()});
    else if (key == model_.keyBackedUp || key == model_.keyBackupLocation)
      out.push_back({K::Backup, b.id()});
  }
}

} // namespace cutover::eval::reduced
