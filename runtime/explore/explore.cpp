#include "runtime/explore/explore.h"

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <llvm/ADT/DenseSet.h>

#include <algorithm>
#include <cassert>

namespace cutover::explore {

using sema::PhaseId;

namespace {

bool enabled(const graph::PhaseGraph &graph, const llvm::BitVector &completed, PhaseId p) {
  if (completed.test(p)) return false;
  const auto &preds = graph.predecessors[p];
  return std::all_of(preds.begin(), preds.end(), [&](PhaseId q) { return completed.test(q); });
}

// The number of downward-closed phase sets, counting stops past `limit`. Only
// phase sets, no states: cheap enough to run before anything is reported.
uint64_t countStates(const graph::PhaseGraph &graph, size_t phaseCount, uint64_t limit) {
  uint64_t count = 1;
  // Only successor sets (never empty, so never DenseMapInfo's empty key) go into the set.
  std::vector<llvm::BitVector> layer{llvm::BitVector(phaseCount)};
  while (!layer.empty()) {
    llvm::DenseSet<llvm::BitVector> next;
    for (const llvm::BitVector &completed : layer) {
      for (PhaseId p : graph.order) {
        if (!enabled(graph, completed, p)) continue;
        llvm::BitVector successor = completed;
        successor.set(p);
        if (next.insert(std::move(successor)).second && ++count > limit) return count;
      }
    }
    layer.assign(next.begin(), next.end());
  }
  return count;
}

std::vector<std::string> phaseNames(const sema::Model &model, const std::vector<PhaseId> &phases) {
  std::vector<std::string> names;
  names.reserve(phases.size());
  for (PhaseId p : phases) names.push_back(model.phases[p].name);
  return names;
}

} // namespace

uint32_t StateSpace::add(StateNode node) {
  nodes_.push_back(std::move(node));
  return static_cast<uint32_t>(nodes_.size() - 1);
}

std::vector<PhaseId> StateSpace::trace(uint32_t n) const {
  std::vector<PhaseId> phases;
  for (; nodes_[n].parent != kNoNode; n = nodes_[n].parent) phases.push_back(nodes_[n].phase);
  std::reverse(phases.begin(), phases.end());
  return phases;
}

Result explore(const sema::Model &model, const graph::PhaseGraph &graph, const Options &options, Visitor &visitor,
               diag::Diagnostics &diags) {
  assert(graph.acyclic && "verification runs only on an acyclic phase graph");
  const size_t phaseCount = model.phases.size();
  Result result;
  if (countStates(graph, phaseCount, options.maxStates) > options.maxStates) {
    diags.report(diag::Kind::StateLimit, model.migrationRange,
                 fmt::format("more than {} reachable states; raise --max-states or order more phases",
                             options.maxStates));
    result.limitHit = true;
    return result;
  }

  StateSpace &space = result.space;
  space.add(StateNode{llvm::BitVector(phaseCount), state::State::initial(model), kNoNode, sema::kNoId, 0});
  std::vector<llvm::BitVector> stepReported;
  for (const sema::PhaseDecl &phase : model.phases) stepReported.emplace_back(phase.steps.size());

  // Nodes are visited in creation order, which is BFS order; `nextLayer` dedupes
  // the phase sets one larger than the node being expanded (only they can collide).
  llvm::DenseSet<llvm::BitVector> nextLayer;
  uint32_t layerDepth = 0;
  for (uint32_t n = 0; n < space.size(); ++n) {
    const StateNode &node = space.node(n);
    if (node.depth != layerDepth) {
      layerDepth = node.depth;
      nextLayer.clear();
    }
    visitor.onState(space, n);
    for (PhaseId p : graph.order) {
      if (!enabled(graph, node.completed, p)) continue;
      const sema::PhaseDecl &phase = model.phases[p];
      state::State after = node.state;
      for (size_t i = 0; i < phase.steps.size(); ++i) {
        visitor.beforeStep(space, n, p, i, after);
        std::optional<std::string> error = state::applyStep(model, phase.steps[i], after);
        if (!error || stepReported[p].test(i)) continue;
        stepReported[p].set(i);
        std::vector<PhaseId> trace = space.trace(n);
        trace.push_back(p);
        diag::Finding &f = diags.report(diag::Kind::Step, phase.steps[i].range, std::move(*error));
        f.trace = phaseNames(model, trace);
        f.notes.push_back({phase.headerRange, fmt::format("reached after phases: {}", fmt::join(f.trace, " -> "))});
      }
      llvm::BitVector completed = node.completed;
      completed.set(p);
      if (nextLayer.insert(completed).second)
        space.add(StateNode{std::move(completed), std::move(after), n, p, node.depth + 1});
    }
  }
  result.statesExplored = space.size();
  return result;
}

} // namespace cutover::explore
