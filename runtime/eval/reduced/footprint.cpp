#include "runtime/eval/reduced/footprint.h"

#include <algorithm>

namespace cutover::eval::reduced {

using K = Field::Kind;

namespace {

// The field a `deploy`/`set`/`enable` attribute writes: users and services
// have fields of their own in the state.
Field attributeField(const sema::Model &model, sema::ComponentId c, sema::SymbolId key) {
  if (key == model.keyUsers) return {K::Users, c};
  if (key == model.keyServices) return {K::Services, c};
  return {K::Attr, c, key};
}

// The fields `step` may change, each with whether the step only adds to it
// (users += k; confirming a tag): adds commute with each other.
template <typename F> void forEachChange(const sema::Model &model, const sema::Step &s, F &&f) {
  auto attrs = [&] {
    for (const sema::Attribute &a : s.attrs) f(attributeField(model, s.subject, a.key), false);
  };
  switch (s.verb) {
  case ast::Verb::Deploy:
    f(Field{K::Exists, s.subject}, false);
    f(Field{K::Status, s.subject}, false);
    attrs();
    break;
  case ast::Verb::Decommission: f(Field{K::Status, s.subject}, false); break;
  case ast::Verb::Set: attrs(); break;
  case ast::Verb::Move:
    f(Field{K::Users, s.subject}, false);
    if (s.target != s.subject) f(Field{K::Users, s.target}, true);
    break;
  case ast::Verb::Enable:
    f(Field{K::Services, s.subject}, false);
    attrs();
    break;
  case ast::Verb::Disable: f(Field{K::Services, s.subject}, false); break;
  case ast::Verb::Backup: f(Field{K::Backup, s.subject}, false); break;
  case ast::Verb::Migrate: f(Field{K::Holder, s.subject}, false); break;
  case ast::Verb::Confirm: f(Field{K::Tag, s.symbol}, true); break;
  }
}

} // namespace

Footprint::Footprint(const sema::Model &model) : components_(model.components.size()) {
  flat_.assign(4 * components_ + 2 * model.data.size(), 0);
  for (sema::PhaseId p = 0; p < model.phases.size(); ++p)
    for (const sema::Step &step : model.phases[p].steps)
      forEachChange(model, step, [&](const Field &f, bool adds) {
        const size_t slot = flatSlot(f);
        uint32_t &index = slot == kNotFlat ? hashed_[f] : flat_[slot];
        if (index == 0) {
          infos_.emplace_back();
          index = static_cast<uint32_t>(infos_.size());
        }
        Info &info = infos_[index - 1];
        if (info.phases.empty() || info.phases.back() != p) {
          info.phases.push_back(p);
          info.lastPhaseAdds = true;
          info.adders.push_back(p);
        }
        if (!adds && info.lastPhaseAdds) {
          info.lastPhaseAdds = false;
          info.adders.pop_back();
        }
        info.steps.push_back(&step);
        if (f.kind == K::Attr) attrKeys_[f.entity].push_back(f.key);
      });
  for (auto &[c, keys] : attrKeys_) {
    std::sort(keys.begin(), keys.end());
    keys.erase(std::unique(keys.begin(), keys.end()), keys.end());
  }
}

size_t Footprint::flatSlot(const Field &f) const {
  switch (f.kind) {
  case K::Exists:
  case K::Status:
  case K::Users:
  case K::Services: return static_cast<size_t>(f.kind) * components_ + f.entity;
  case K::Backup: return 4 * components_ + 2 * size_t{f.entity};
  case K::Holder: return 4 * components_ + 2 * size_t{f.entity} + 1;
  case K::Attr:
  case K::Tag: return kNotFlat;
  }
  return kNotFlat;
}

uint32_t Footprint::find(const Field &f) const {
  const size_t slot = flatSlot(f);
  if (slot != kNotFlat) return flat_[slot];
  auto it = hashed_.find(f);
  return it == hashed_.end() ? 0 : it->second;
}

const std::vector<const sema::Step *> &Footprint::writers(const Field &f) const {
  static const std::vector<const sema::Step *> none;
  const uint32_t index = find(f);
  return index ? infos_[index - 1].steps : none;
}

const std::vector<sema::PhaseId> &Footprint::relevant(const Field &f) const {
  static const std::vector<sema::PhaseId> none; // nothing writes f: Rel(f) is empty
  const uint32_t index = find(f);
  return index ? infos_[index - 1].phases : none;
}

const std::vector<sema::PhaseId> &Footprint::adders(const Field &f) const {
  static const std::vector<sema::PhaseId> none;
  const uint32_t index = find(f);
  return index ? infos_[index - 1].adders : none;
}

const std::vector<sema::SymbolId> &Footprint::attrKeysWritten(sema::ComponentId c) const {
  static const std::vector<sema::SymbolId> none;
  auto it = attrKeys_.find(c);
  return it == attrKeys_.end() ? none : it->second;
}

} // namespace cutover::eval::reduced
