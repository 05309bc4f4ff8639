// Which phases can change each piece of the state: the basis of the reduced
// exploration (docs/verification.md).
#pragma once

#include "compiler/graph/phase_graph.h"
#include "compiler/sema/model.h"

#include <unordered_map>
#include <vector>

namespace cutover::eval::reduced {

// One piece of the state. Exists is whether a component is present (not
// absent); Status is the whole status.
struct Field {
  enum class Kind : uint8_t { Exists, Status, Users, Services, Attr, Backup, Holder, Tag };
  Kind kind = Kind::Status;
  uint32_t entity = 0;              // component, data set or tag symbol
  sema::SymbolId key = sema::kNoId; // Attr only
  auto operator<=>(const Field &) const = default;
};

// The field holding conflict location `place` (compiler/ast/verbs.def) of
// `entity`. The footprint is coarser than the conflict rule: its services
// are one field, a data set's backup and its holder one field each. Not for
// Entity (every field) and Attrs (`key`'s field: attributeField).
Field fieldAt(ast::Place place, uint32_t entity);
// The field attribute `key` of component `c` is kept in: users and services
// have fields of their own.
Field attributeField(const sema::Model &model, sema::ComponentId c, sema::SymbolId key);

struct FieldHash {
  size_t operator()(const Field &f) const noexcept {
    return std::hash<uint64_t>()((uint64_t{f.entity} << 32 | f.key) * 0x9E3779B97F4A7C15ull ^
                                 static_cast<uint64_t>(f.kind));
  }
};

class Footprint {
public:
  explicit Footprint(const sema::Model &model);
  // The steps that may change `f`, in phase declaration order.
  const std::vector<const sema::Step *> &writers(const Field &f) const;
  // Rel(f): the phases with a step that may change `f`. The value of `f`
  // after a downset D depends only on D ∩ Rel(f) (docs/verification.md,
  // Lemma 2). Sorted PhaseIds: a field has a few, a plan thousands.
  const std::vector<sema::PhaseId> &relevant(const Field &f) const;
  // The phases of Rel(f) whose every step on `f` adds to it (moves into a
  // component, for Users; confirms, for a Tag), sorted.
  const std::vector<sema::PhaseId> &adders(const Field &f) const;
  // The attribute keys that steps write on component `c`, ascending.
  const std::vector<sema::SymbolId> &attrKeysWritten(sema::ComponentId c) const;

private:
  struct Info {
    std::vector<sema::PhaseId> phases; // ascending
    std::vector<sema::PhaseId> adders; // ascending, a subset of phases
    std::vector<const sema::Step *> steps;
    bool lastPhaseAdds = false; // every step of phases.back() on the field so far adds to it
  };
  // Fields of a component or data set sit in flat tables by entity (lookups
  // run per binding and per step: hashing 10^5 fields dominated), a
  // component's attributes in a short vector of its own sorted by key, tags
  // (a plan has a few) in a hash map. The tables hold 1 + an index into
  // infos_, 0 when nothing writes the field.
  size_t flatSlot(const Field &f) const;
  uint32_t find(const Field &f) const; // 1 + index into infos_, 0: nothing writes f
  uint32_t &slotOf(const Field &f);    // find()'s entry, made when missing
  static constexpr size_t kNotFlat = ~size_t{0};
  size_t components_ = 0;
  std::vector<uint32_t> flat_;
  std::vector<std::vector<std::pair<sema::SymbolId, uint32_t>>> attrs_; // by component, sorted by key
  std::vector<std::vector<sema::SymbolId>> attrKeys_;                   // by component: attrs_'s keys
  std::unordered_map<Field, uint32_t, FieldHash> tags_;
  std::vector<Info> infos_;
};

} // namespace cutover::eval::reduced
