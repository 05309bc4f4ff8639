#include "runtime/explore/explore.h"

#include "compiler/diag/messages.h"
#include "runtime/explore/memory.h"

#include <llvm/ADT/Hashing.h>
#include <llvm/ADT/STLExtras.h>
#include <llvm/ADT/StringExtras.h>

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

std::vector<std::string> phaseNames(const sema::Model &model, const std::vector<PhaseId> &phases) {
  std::vector<std::string> names;
  names.reserve(phases.size());
  for (PhaseId p : phases) names.push_back(model.phases[p].name);
  return names;
}

struct BitVectorHash {
  size_t operator()(const llvm::BitVector &v) const {
    // getData() reads the first word, which the set of a migration without
    // phases does not have.
    if (v.empty()) return 0;
    auto words = v.getData();
    return llvm::hash_combine(v.size(), llvm::hash_combine_range(words.begin(), words.end()));
  }
};

} // namespace

Canon::Canon(const graph::PhaseGraph &graph) : graph_(graph), position_(graph.order.size()) {
  for (uint32_t i = 0; i < graph.order.size(); ++i) position_[graph.order[i]] = i;
}

PositionSet Canon::positions(const llvm::BitVector &completed) const {
  PositionSet out;
  for (unsigned p : completed.set_bits()) out.set(position_[p]);
  return out;
}

std::vector<PhaseId> Canon::trace(const PositionSet &positions) const {
  std::vector<PhaseId> phases;
  phases.reserve(positions.count());
  positions.forEach([&](uint32_t i) { phases.push_back(graph_.order[i]); });
  return phases;
}

StateCache::StateCache(const sema::Model &model, const Canon &canon, const StateCache *base)
    : model_(model), canon_(canon), base_(base) {}

const state::State *StateCache::find(const PositionSet &positions) const {
  // The base first: it holds most of what is asked for (the states of the
  // phases' ancestors).
  if (base_)
    if (const state::State *kept = base_->find(positions)) return kept;
  Shard &shard = shardOf(positions);
  const std::lock_guard lock(shard.mutex);
  auto it = shard.states.find(positions);
  return it == shard.states.end() ? nullptr : &it->second;
}

std::pair<const state::State *, bool> StateCache::keep(const PositionSet &positions, state::State &&state) {
  Shard &shard = shardOf(positions);
  const std::lock_guard lock(shard.mutex);
  auto [it, fresh] = shard.states.try_emplace(positions, std::move(state));
  if (fresh) size_.fetch_add(1, std::memory_order_relaxed);
  return {&it->second, fresh};
}

const state::State &StateCache::get(const PositionSet &positions) {
  if (const state::State *kept = find(positions)) return *kept;
  // Drop canonically last phases until a kept set (or the empty set) is
  // found, then apply them back in order; every prefix is a downset.
  std::vector<uint32_t> missing;
  PositionSet base = positions;
  const state::State *state = nullptr;
  while (true) {
    if ((state = find(base))) break;
    if (base.none()) {
      state = keep(base, state::State::initial(model_)).first;
      break;
    }
    missing.push_back(base.last());
    base.reset(base.last());
  }
  for (uint32_t position : llvm::reverse(missing)) {
    state::State next = *state;
    state::applyPhase(model_, model_.phases[canon_.graph().order[position]], next);
    base.set(position);
    auto [kept, fresh] = keep(base, std::move(next));
    state = kept;
    if (fresh) MemoryGuard::check(); // a state another thread kept first is counted by that thread
  }
  return *state;
}

uint32_t StateSpace::add(StateNode node) {
  nodes_.push_back(std::move(node));
  return static_cast<uint32_t>(nodes_.size() - 1);
}

std::vector<PhaseId> StateSpace::trace(uint32_t n) const {
  std::vector<PhaseId> phases;
  for (PhaseId p : order_)
    if (nodes_[n].completed.test(p)) phases.push_back(p);
  return phases;
}

uint64_t countStates(const graph::PhaseGraph &graph, size_t phaseCount, uint64_t limit) {
  uint64_t count = 1;
  std::vector<llvm::BitVector> layer{llvm::BitVector(phaseCount)};
  while (!layer.empty()) {
    std::unordered_map<llvm::BitVector, bool, BitVectorHash> next;
    for (const llvm::BitVector &completed : layer) {
      for (PhaseId p : graph.order) {
        if (!enabled(graph, completed, p)) continue;
        llvm::BitVector successor = completed;
        successor.set(p);
        if (!next.emplace(std::move(successor), true).second) continue;
        MemoryGuard::check();
        if (++count > limit) return count;
      }
    }
    layer.clear();
    for (auto &entry : next) layer.push_back(entry.first);
  }
  return count;
}

void reportStateLimit(const sema::Model &model, uint64_t maxStates, bool built, diag::Diagnostics &diags) {
  diag::report(diags, model.migrationRange, diag::msg::TooManyStates, static_cast<int64_t>(maxStates),
               diag::format(built ? diag::msg::StatesToBuild : diag::msg::ReachableStates));
}

void reportStep(const sema::Model &model, const std::vector<PhaseId> &trace, PhaseId p, size_t step,
                std::string message, diag::Diagnostics &diags) {
  const sema::PhaseDecl &phase = model.phases[p];
  std::vector<PhaseId> phases = trace;
  phases.push_back(p);
  diag::Finding &f = diags.report(diag::Kind::Step, phase.steps[step].range, std::move(message));
  f.trace = phaseNames(model, phases);
  diag::note(f, phase.headerRange, diag::msg::ReachedAfterPhases, llvm::join(f.trace, " -> "));
}

Result explore(const sema::Model &model, const graph::PhaseGraph &graph, const Options &options, Visitor &visitor,
               diag::Diagnostics &diags) {
  assert(graph.acyclic && "verification runs only on an acyclic phase graph");
  const size_t phaseCount = model.phases.size();
  Result result{0, false, StateSpace(graph.order)};
  if (countStates(graph, phaseCount, options.maxStates) > options.maxStates) {
    reportStateLimit(model, options.maxStates, false, diags);
    result.limitHit = true;
    return result;
  }

  const Canon canon(graph);
  StateSpace &space = result.space;
  space.add(StateNode{llvm::BitVector(phaseCount), state::State::initial(model), kNoNode, sema::kNoId, 0});
  std::vector<llvm::BitVector> stepReported;
  for (const sema::PhaseDecl &phase : model.phases) stepReported.emplace_back(phase.steps.size());

  // Layer by layer: the next layer is collected, deduplicated and sorted
  // canonically before it is added, so visiting in node order visits every
  // layer in canonical order.
  uint32_t layerBegin = 0;
  while (layerBegin < space.size()) {
    const auto layerEnd = static_cast<uint32_t>(space.size());
    std::unordered_map<PositionSet, StateNode, PositionSetHash> next;
    for (uint32_t n = layerBegin; n < layerEnd; ++n) {
      const StateNode &node = space.node(n);
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
          reportStep(model, space.trace(n), p, i, std::move(*error), diags);
        }
        PositionSet completed = canon.positions(node.completed);
        completed.set(canon.position(p));
        if (next.contains(completed)) continue;
        llvm::BitVector phases = node.completed;
        phases.set(p);
        MemoryGuard::check();
        next.emplace(std::move(completed), StateNode{std::move(phases), std::move(after), n, p, node.depth + 1});
      }
    }
    std::vector<std::pair<PositionSet, StateNode>> layer(std::make_move_iterator(next.begin()),
                                                         std::make_move_iterator(next.end()));
    std::sort(layer.begin(), layer.end(),
              [](const auto &a, const auto &b) { return PositionSet::less(a.first, b.first); });
    layerBegin = layerEnd;
    for (auto &entry : layer) space.add(std::move(entry.second));
  }
  result.statesExplored = space.size();
  return result;
}

} // namespace cutover::explore
