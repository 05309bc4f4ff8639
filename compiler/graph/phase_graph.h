// The phase graph: `after` edges, cycles, the conflict rule and one
// topological order (docs/semantics.md).
#pragma once

#include "compiler/diag/diagnostic.h"
#include "compiler/sema/model.h"

#include <llvm/ADT/BitVector.h>

#include <vector>

namespace cutover::graph {

using sema::PhaseId;

// Phases one migration may have. The ordering table is quadratic in the
// number of phases (and so is exploring a chain): past this bound the plan is
// E-LIMIT, reported at once, rather than minutes of work and gigabytes.
inline constexpr size_t kMaxPhases = 10'000;

struct PhaseGraph {
  std::vector<std::vector<PhaseId>> predecessors; // the `after` list, deduplicated
  std::vector<std::vector<PhaseId>> successors;
  std::vector<PhaseId> order; // one topological order; ties go to declaration order
  bool acyclic = true;
  // reaches[a][b]: b is reachable from a (a must complete before b). One
  // bitset row per phase, so the closure over thousands of phases stays cheap.
  std::vector<llvm::BitVector> reaches;

  bool ordered(PhaseId a, PhaseId b) const { return reaches[a][b] || reaches[b][a]; }
};

// Builds the graph of model.phases; reports E-LIMIT past kMaxPhases (and
// then builds nothing: the graph is marked cyclic so nothing explores it),
// E-CYCLE (with the whole cycle) and E-CONFLICT (two unordered phases with
// steps that do not commute: both phases, the location, both steps, and a
// fix-it that orders them) to `diags`.
PhaseGraph buildPhaseGraph(const sema::Model &model, diag::Diagnostics &diags);

} // namespace cutover::graph
