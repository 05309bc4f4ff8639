#include "runtime/eval/reduced/footprint.h"

#include "compiler/sema/steps.h"

#include <llvm/ADT/STLExtras.h>
#include <llvm/ADT/SmallVector.h>

#include <algorithm>

namespace cutover::eval::reduced {

using K = Field::Kind;

Field attributeField(const sema::Model &model, sema::ComponentId c, sema::SymbolId key) {
  if (key == model.keyUsers) return {K::Users, c};
  if (key == model.keyServices) return {K::Services, c};
  return {K::Attr, c, key};
}

Field fieldAt(ast::Place place, uint32_t entity) {
  switch (place) {
  case ast::Place::Entity:
  case ast::Place::Status: return {K::Status, entity};
  case ast::Place::Users: return {K::Users, entity};
  case ast::Place::Service: return {K::Services, entity};
  case ast::Place::Attrs: return {K::Attr, entity};
  case ast::Place::BackedUp:
  case ast::Place::BackupLocation: return {K::Backup, entity};
  case ast::Place::HeldBy:
  case ast::Place::MigratedTo: return {K::Holder, entity};
  case ast::Place::Tag: return {K::Tag, entity};
  }
  return {K::Status, entity};
}

namespace {

// The fields `step` may change, from the write and add rows of its verb's
// access table (compiler/ast/verbs.def), each with whether the step only adds
// to it (users += k; confirming a tag): adds commute with each other. A
// field that two rows reach (a move within one component; backed_up and
// backup_location) counts once, as the first row has it.
template <typename F> void forEachChange(const sema::Model &model, const sema::Step &s, F &&f) {
  llvm::SmallVector<Field, 8> seen;
  auto change = [&](Field field, bool adds) {
    if (llvm::is_contained(seen, field)) return;
    seen.push_back(field);
    f(field, adds);
  };
  auto attrs = [&](bool adds) {
    for (const sema::Attribute &a : s.attrs) change(attributeField(model, s.subject, a.key), adds);
  };
  for (const ast::AccessRow &row : ast::accesses(s.verb)) {
    if (row.access == ast::Access::Read) continue;
    const bool adds = row.access == ast::Access::Add;
    const uint32_t entity = sema::operandEntity(s, row.operand);
    switch (row.place) {
    case ast::Place::Entity:
      change({K::Exists, entity}, adds);
      change({K::Status, entity}, adds);
      attrs(adds);
      break;
    case ast::Place::Attrs: attrs(adds); break;
    case ast::Place::Service: change(fieldAt(row.place, s.subject), adds); break; // the operand is the service
    case ast::Place::Status:
    case ast::Place::Users:
    case ast::Place::BackedUp:
    case ast::Place::BackupLocation:
    case ast::Place::HeldBy:
    case ast::Place::MigratedTo:
    case ast::Place::Tag: change(fieldAt(row.place, entity), adds); break;
    }
  }
}

} // namespace

Footprint::Footprint(const sema::Model &model)
    : components_(model.components.size()), attrs_(components_), attrKeys_(components_) {
  flat_.assign(4 * components_ + 2 * model.data.size(), 0);
  for (sema::PhaseId p = 0; p < model.phases.size(); ++p)
    for (const sema::Step &step : model.phases[p].steps)
      forEachChange(model, step, [&](const Field &f, bool adds) {
        uint32_t &index = slotOf(f);
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
      });
  for (size_t c = 0; c < components_; ++c)
    for (const auto &[key, index] : attrs_[c]) attrKeys_[c].push_back(key);
}

uint32_t &Footprint::slotOf(const Field &f) {
  if (f.kind == K::Attr) {
    auto &attrs = attrs_[f.entity];
    auto it = std::lower_bound(attrs.begin(), attrs.end(), f.key,
                               [](const auto &a, sema::SymbolId k) { return a.first < k; });
    if (it == attrs.end() || it->first != f.key) it = attrs.insert(it, {f.key, 0});
    return it->second;
  }
  const size_t slot = flatSlot(f);
  return slot == kNotFlat ? tags_[f] : flat_[slot];
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
  if (f.kind == K::Attr) {
    const auto &attrs = attrs_[f.entity];
    auto it = std::lower_bound(attrs.begin(), attrs.end(), f.key,
                               [](const auto &a, sema::SymbolId k) { return a.first < k; });
    return it == attrs.end() || it->first != f.key ? 0 : it->second;
  }
  const size_t slot = flatSlot(f);
  if (slot != kNotFlat) return flat_[slot];
  auto it = tags_.find(f);
  return it == tags_.end() ? 0 : it->second;
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

const std::vector<sema::SymbolId> &Footprint::attrKeysWritten(sema::ComponentId c) const { return attrKeys_[c]; }

} // namespace cutover::eval::reduced
