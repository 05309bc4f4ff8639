#include "runtime/explore/footprint.h"

#include <algorithm>
#include <unordered_set>

namespace cutover::explore {

using K = Field::Kind;

std::vector<Field> stepReads(const sema::Step &s) {
  switch (s.verb) {
  case ast::Verb::Deploy: return {{K::Exists, s.subject}, {K::Status, s.subject}};
  case ast::Verb::Decommission:
  case ast::Verb::Set: return {{K::Status, s.subject}};
  case ast::Verb::Move:
    return {{K::Status, s.subject}, {K::Status, s.target}, {K::Users, s.subject}, {K::Users, s.target}};
  case ast::Verb::Enable:
  case ast::Verb::Disable: return {{K::Status, s.subject}, {K::Services, s.subject}};
  case ast::Verb::Migrate: return {{K::Status, s.target}};
  case ast::Verb::Backup:
  case ast::Verb::Confirm: return {};
  }
  return {};
}

std::vector<Field> stepWrites(const sema::Step &s) {
  std::vector<Field> out;
  auto attrs = [&] {
    for (const sema::Attribute &a : s.attrs) out.push_back({K::Attr, s.subject, a.key});
  };
  switch (s.verb) {
  case ast::Verb::Deploy:
    out = {{K::Exists, s.subject}, {K::Status, s.subject}};
    attrs();
    break;
  case ast::Verb::Decommission: out = {{K::Status, s.subject}}; break;
  case ast::Verb::Set: attrs(); break;
  case ast::Verb::Move: out = {{K::Users, s.subject}, {K::Users, s.target}}; break;
  case ast::Verb::Enable:
    out = {{K::Services, s.subject}};
    attrs();
    break;
  case ast::Verb::Disable: out = {{K::Services, s.subject}}; break;
  case ast::Verb::Backup: out = {{K::Backup, s.subject}}; break;
  case ast::Verb::Migrate: out = {{K::Holder, s.subject}}; break;
  case ast::Verb::Confirm: out = {{K::Tag, s.symbol}}; break;
  }
  return out;
}

Footprint::Footprint(const sema::Model &model, const graph::PhaseGraph &) : components_(model.components.size()) {
  flat_.assign(4 * components_ + 2 * model.data.size(), 0);
  for (sema::PhaseId p = 0; p < model.phases.size(); ++p)
    for (const sema::Step &step : model.phases[p].steps)
      for (const Field &f : stepWrites(step)) {
        const size_t slot = flatSlot(f);
        uint32_t &index = slot == kNotFlat ? hashed_[f] : flat_[slot];
        if (index == 0) {
          infos_.emplace_back();
          index = static_cast<uint32_t>(infos_.size());
        }
        Info &info = infos_[index - 1];
        if (info.phases.empty() || info.phases.back() != p) info.phases.push_back(p);
        info.steps.push_back(&step);
        for (const Field &r : stepReads(step)) info.reads.push_back(r);
        if (f.kind == K::Attr) attrKeys_[f.entity].push_back(f.key);
      }
  relevant_.resize(infos_.size());
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
  if (!index) return none;
  std::optional<std::vector<sema::PhaseId>> &cached = relevant_[index - 1];
  if (cached) return *cached;
  std::vector<sema::PhaseId> phases;
  std::vector<uint32_t> work{index};
  std::unordered_set<Field, FieldHash> seen{f};
  while (!work.empty()) {
    const Info &g = infos_[work.back() - 1];
    work.pop_back();
    phases.insert(phases.end(), g.phases.begin(), g.phases.end());
    for (const Field &r : g.reads)
      if (seen.insert(r).second)
        if (const uint32_t next = find(r)) work.push_back(next);
  }
  std::sort(phases.begin(), phases.end());
  phases.erase(std::unique(phases.begin(), phases.end()), phases.end());
  return cached.emplace(std::move(phases));
}

const std::vector<sema::SymbolId> &Footprint::attrKeysWritten(sema::ComponentId c) const {
  static const std::vector<sema::SymbolId> none;
  auto it = attrKeys_.find(c);
  return it == attrKeys_.end() ? none : it->second;
}

} // namespace cutover::explore
