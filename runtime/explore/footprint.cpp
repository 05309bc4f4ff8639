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

Footprint::Footprint(const sema::Model &model, const graph::PhaseGraph &) {
  for (sema::PhaseId p = 0; p < model.phases.size(); ++p)
    for (const sema::Step &step : model.phases[p].steps)
      for (const Field &f : stepWrites(step)) {
        Info &info = fields_[f];
        if (info.phases.empty() || info.phases.back() != p) info.phases.push_back(p);
        info.steps.push_back(&step);
        for (const Field &r : stepReads(step)) info.reads.push_back(r);
        if (f.kind == K::Attr) attrKeys_[f.entity].push_back(f.key);
      }
  for (auto &[c, keys] : attrKeys_) {
    std::sort(keys.begin(), keys.end());
    keys.erase(std::unique(keys.begin(), keys.end()), keys.end());
  }
}

const std::vector<const sema::Step *> &Footprint::writers(const Field &f) const {
  static const std::vector<const sema::Step *> none;
  auto it = fields_.find(f);
  return it == fields_.end() ? none : it->second.steps;
}

const std::vector<sema::PhaseId> &Footprint::relevant(const Field &f) const {
  if (auto it = relevant_.find(f); it != relevant_.end()) return it->second;
  std::vector<sema::PhaseId> phases;
  std::vector<Field> work{f};
  std::unordered_set<Field, FieldHash> seen{f};
  while (!work.empty()) {
    Field g = work.back();
    work.pop_back();
    auto it = fields_.find(g);
    if (it == fields_.end()) continue;
    phases.insert(phases.end(), it->second.phases.begin(), it->second.phases.end());
    for (const Field &r : it->second.reads)
      if (seen.insert(r).second) work.push_back(r);
  }
  std::sort(phases.begin(), phases.end());
  phases.erase(std::unique(phases.begin(), phases.end()), phases.end());
  return relevant_.emplace(f, std::move(phases)).first->second;
}

const std::vector<sema::SymbolId> &Footprint::attrKeysWritten(sema::ComponentId c) const {
  static const std::vector<sema::SymbolId> none;
  auto it = attrKeys_.find(c);
  return it == attrKeys_.end() ? none : it->second;
}

} // namespace cutover::explore
