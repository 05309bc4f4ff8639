// What each step reads and writes, at the granularity of state fields, and
// which phases can change a field: the basis of the reduced exploration
// (docs/verification.md).
#pragma once

#include "compiler/graph/phase_graph.h"
#include "compiler/sema/model.h"

#include <unordered_map>
#include <vector>

namespace cutover::explore {

// One piece of the state. Exists is whether a component is present (not
// absent); Status is the whole status.
struct Field {
  enum class Kind : uint8_t { Exists, Status, Users, Services, Attr, Backup, Holder, Tag };
  Kind kind = Kind::Status;
  uint32_t entity = 0;            // component, data set or tag symbol
  sema::SymbolId key = sema::kNoId; // Attr only
  auto operator<=>(const Field &) const = default;
};

struct FieldHash {
  size_t operator()(const Field &f) const noexcept {
    return std::hash<uint64_t>()((uint64_t{f.entity} << 32 | f.key) * 0x9E3779B97F4A7C15ull ^ static_cast<uint64_t>(f.kind));
  }
};

// The fields a step's success and effect depend on, and those it may change.
std::vector<Field> stepReads(const sema::Step &step);
std::vector<Field> stepWrites(const sema::Step &step);

class Footprint {
public:
  Footprint(const sema::Model &model, const graph::PhaseGraph &graph);
  // The steps that may write `f`, in phase declaration order.
  const std::vector<const sema::Step *> &writers(const Field &f) const;
  // Rel(f): the phases with a step that may write `f` or, transitively, a
  // field that such a step reads. The value of `f` after a downset D depends
  // only on D ∩ Rel(f). Sorted PhaseIds: a field has a few, a plan thousands.
  const std::vector<sema::PhaseId> &relevant(const Field &f) const;
  // The attribute keys that steps write on component `c`, ascending.
  const std::vector<sema::SymbolId> &attrKeysWritten(sema::ComponentId c) const;

private:
  struct Info {
    std::vector<sema::PhaseId> phases; // ascending
    std::vector<Field> reads;
    std::vector<const sema::Step *> steps;
  };
  std::unordered_map<Field, Info, FieldHash> fields_;
  std::unordered_map<sema::ComponentId, std::vector<sema::SymbolId>> attrKeys_;
  mutable std::unordered_map<Field, std::vector<sema::PhaseId>, FieldHash> relevant_;
};

} // namespace cutover::explore
