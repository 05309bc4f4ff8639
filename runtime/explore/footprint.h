// What each step reads and writes, at the granularity of state fields, and
// which phases can change a field: the basis of the reduced exploration
// (docs/verification.md).
#pragma once

#include "compiler/graph/phase_graph.h"
#include "compiler/sema/model.h"

#include <llvm/ADT/BitVector.h>

#include <map>
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
  // only on D ∩ Rel(f). Indexed by PhaseId.
  const llvm::BitVector &relevant(const Field &f) const;
  // The attribute keys that steps write on component `c`.
  std::vector<sema::SymbolId> attrKeysWritten(sema::ComponentId c) const;

private:
  struct Info {
    llvm::BitVector phases;
    std::vector<Field> reads;
    std::vector<const sema::Step *> steps;
  };
  size_t phaseCount_;
  std::map<Field, Info> fields_;
  mutable std::map<Field, llvm::BitVector> relevant_;
};

} // namespace cutover::explore
