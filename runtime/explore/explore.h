// Exploration of the reachable states of a migration: one
// state per downward-closed set of completed phases ("downset").
//
// Canonical choice (docs/verification.md): downsets are ordered by size, then
// by the sorted positions of their phases in graph.order, compared
// lexicographically; the trace of a downset is its phases in graph.order.
// Both the full breadth-first exploration and the reduced one
// (runtime/eval/reduced) report the minimum of that order, so their
// findings are identical.
#pragma once

#include "compiler/diag/diagnostic.h"
#include "compiler/graph/phase_graph.h"
#include "runtime/explore/position_set.h"
#include "runtime/state/state.h"

#include <llvm/ADT/BitVector.h>

#include <array>
#include <atomic>
#include <deque>
#include <mutex>
#include <unordered_map>
#include <vector>

namespace cutover::explore {

inline constexpr uint32_t kNoNode = sema::kNoId;

struct Options {
  uint64_t maxStates = 1'000'000; // the initial state counts
};

// Positions in graph.order and the canonical traces of downsets (their
// canonical order is PositionSet::less).
class Canon {
public:
  explicit Canon(const graph::PhaseGraph &graph);
  // `completed` (indexed by PhaseId) as a set of positions in graph.order.
  PositionSet positions(const llvm::BitVector &completed) const;
  // The phases of a position set in graph.order: a valid order, since
  // graph.order is topological and the set is downward closed.
  std::vector<sema::PhaseId> trace(const PositionSet &positions) const;
  const graph::PhaseGraph &graph() const { return graph_; }
  uint32_t position(sema::PhaseId p) const { return position_[p]; }

private:
  const graph::PhaseGraph &graph_;
  std::vector<uint32_t> position_; // PhaseId -> index in graph.order
};

// The states of downsets (as position sets), built on demand by applying the
// canonically last phase to the state of the rest, and kept: copies share
// storage (state::State is copy-on-write). Which states a get() builds does
// not depend on what was asked before: the prefixes of its set, dropping the
// canonically last phase, down to one that is kept.
//
// Any number of threads may call get() at once, so that a state one thread
// built serves every other: the states are split over shards by hash, each
// behind a lock held only to look up or insert, never while a state is
// built. Two threads that build the same state at once both build it; the
// first to insert it wins, the other takes the winner's, so each state is
// kept, counted (size(), MemoryGuard::check()) and returned once.
class StateCache {
public:
  // `base`: a cache no longer written to, whose states this one reads and
  // does not build again (state::State's shared storage is reference-counted
  // atomically, and a state is written only before it is kept).
  StateCache(const sema::Model &model, const Canon &canon, const StateCache *base = nullptr);
  // The reference stays valid as long as the cache.
  const state::State &get(const PositionSet &positions);
  // The states this cache built (its base's not included).
  size_t size() const { return size_.load(std::memory_order_relaxed); }

private:
  struct Shard {
    std::mutex mutex;
    std::unordered_map<PositionSet, state::State, PositionSetHash> states; // nodes do not move
  };
  static constexpr size_t kShards = 32;

  const state::State *find(const PositionSet &positions) const;
  // Keeps `state` as the state of `positions` unless another thread kept one
  // first: the kept state, and whether it is `state`.
  std::pair<const state::State *, bool> keep(const PositionSet &positions, state::State &&state);
  Shard &shardOf(const PositionSet &positions) const { return shards_[positions.hash() % kShards]; }

  const sema::Model &model_;
  const Canon &canon_;
  const StateCache *base_;
  mutable std::array<Shard, kShards> shards_; // find() locks them

  std::atomic<size_t> size_ = 0;
};

struct StateNode {
  llvm::BitVector completed; // indexed by PhaseId
  state::State state;
  uint32_t parent = kNoNode;         // a node one phase smaller; kNoNode for the initial state
  sema::PhaseId phase = sema::kNoId; // the phase that led here from `parent`
  uint32_t depth = 0;                // number of completed phases
};

// Every node built so far; node 0 is the initial state. Nodes never move, so
// references stay valid while exploration goes on.
class StateSpace {
public:
  explicit StateSpace(std::vector<sema::PhaseId> order = {}) : order_(std::move(order)) {}
  size_t size() const { return nodes_.size(); }
  const StateNode &node(uint32_t n) const { return nodes_[n]; }
  // The canonical trace of `n`: its completed phases in graph.order.
  std::vector<sema::PhaseId> trace(uint32_t n) const;
  uint32_t add(StateNode node);

private:
  std::vector<sema::PhaseId> order_;
  std::deque<StateNode> nodes_;
};

class Visitor {
public:
  virtual ~Visitor() = default;
  // Every reachable state once: fewest completed phases first, equal sizes in
  // canonical order.
  virtual void onState(const StateSpace &, uint32_t /*node*/) {}
  // Before every step of every phase enabled in every reachable state, with
  // the state that step sees (for guards), in the order (state as above,
  // phase in graph.order, step). Called even when the step then fails.
  virtual void beforeStep(const StateSpace &, uint32_t /*fromNode*/, sema::PhaseId, size_t /*stepIndex*/,
                          const state::State & /*before*/) {}
};

struct Result {
  uint64_t statesExplored = 0;
  bool limitHit = false; // E-STATE-LIMIT was reported; the caller reports nothing else
  StateSpace space;
};

// The number of downsets of `graph`; counting stops past `limit`.
uint64_t countStates(const graph::PhaseGraph &graph, size_t phaseCount, uint64_t limit);

// Reports E-STATE-LIMIT at the migration's name; `built`: the limit bounded
// the states the reduced exploration builds, not the reachable ones.
void reportStateLimit(const sema::Model &model, uint64_t maxStates, bool built, diag::Diagnostics &diags);

// Reports E-STEP for a step of phase `p` that fails after the phases of `trace`.
void reportStep(const sema::Model &model, const std::vector<sema::PhaseId> &trace, sema::PhaseId p, size_t step,
                std::string message, diag::Diagnostics &diags);

// Explores every reachable state of `model` (`graph` must be acyclic), the
// reference semantics (`--explore=full`). Reports E-STEP once per failing
// step, at the canonically first state from which it fails.
// When there are more than options.maxStates states, reports only
// E-STATE-LIMIT and calls no visitor method at all: the count is taken first.
Result explore(const sema::Model &model, const graph::PhaseGraph &graph, const Options &options, Visitor &visitor,
               diag::Diagnostics &diags);

} // namespace cutover::explore
