// Breadth-first exploration of the reachable states of a migration
// (SPEC section 5): one node per downward-closed set of completed phases.
#pragma once

#include "compiler/diag/diagnostic.h"
#include "compiler/graph/phase_graph.h"
#include "runtime/state/state.h"

#include <llvm/ADT/BitVector.h>

#include <deque>
#include <vector>

namespace cutover::explore {

inline constexpr uint32_t kNoNode = sema::kNoId;

struct Options {
  uint64_t maxStates = 1'000'000; // the initial state counts
};

struct StateNode {
  llvm::BitVector completed;          // indexed by PhaseId
  state::State state;
  uint32_t parent = kNoNode;          // kNoNode for the initial state
  sema::PhaseId phase = sema::kNoId;  // the phase that led here from `parent`
  uint32_t depth = 0;                 // number of completed phases
};

// Every node built so far; node 0 is the initial state. Nodes never move, so
// references stay valid while exploration goes on.
class StateSpace {
public:
  size_t size() const { return nodes_.size(); }
  const StateNode &node(uint32_t n) const { return nodes_[n]; }
  // The phases completed to reach `n`, in one valid order.
  std::vector<sema::PhaseId> trace(uint32_t n) const;
  uint32_t add(StateNode node);

private:
  std::deque<StateNode> nodes_;
};

class Visitor {
public:
  virtual ~Visitor() = default;
  // Every reachable state once, in BFS order (fewest completed phases first).
  virtual void onState(const StateSpace &, uint32_t /*node*/) {}
  // Before every step of every phase enabled in every reachable state, with
  // the state that step sees (for guards). Called even when the step then fails.
  virtual void beforeStep(const StateSpace &, uint32_t /*fromNode*/, sema::PhaseId, size_t /*stepIndex*/,
                          const state::State & /*before*/) {}
};

struct Result {
  uint64_t statesExplored = 0;
  bool limitHit = false; // E-STATE-LIMIT was reported; the caller reports nothing else
  StateSpace space;
};

// Explores every reachable state of `model` (`graph` must be acyclic).
// Reports E-STEP once per failing step, with the trace that first reaches it.
// When there are more than options.maxStates states, reports only
// E-STATE-LIMIT and calls no visitor method at all: the count is taken first.
Result explore(const sema::Model &model, const graph::PhaseGraph &graph, const Options &options, Visitor &visitor,
               diag::Diagnostics &diags);

} // namespace cutover::explore
