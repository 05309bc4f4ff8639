#include "compiler/graph/phase_graph.h"

#include "compiler/diag/messages.h"
#include "compiler/graph/access.h"
#include "compiler/sema/steps.h"

#include <llvm/ADT/DenseMap.h>

#include <algorithm>
#include <array>
#include <functional>
#include <queue>
#include <tuple>

namespace cutover::graph {
namespace {

using sema::kNoId;
using sema::Model;
using sema::Step;

void buildEdges(const Model &model, PhaseGraph &g) {
  size_t n = model.phases.size();
  g.predecessors.assign(n, {});
  g.successors.assign(n, {});
  for (PhaseId p = 0; p < n; ++p) {
    std::vector<PhaseId> preds = model.phases[p].after;
    std::sort(preds.begin(), preds.end());
    preds.erase(std::unique(preds.begin(), preds.end()), preds.end());
    for (PhaseId pred : preds) g.successors[pred].push_back(p);
    g.predecessors[p] = std::move(preds);
  }
  // Successors are pushed in increasing phase order, so they are already sorted.
}

// Depth-first search along execution order; every back edge closes one
// cycle, reported once, at the `after` name that writes that edge.
void reportCycles(const Model &model, PhaseGraph &g, diag::Diagnostics &diags) {
  size_t n = model.phases.size();
  enum : uint8_t { Unvisited, OnPath, Done };
  std::vector<uint8_t> state(n, Unvisited);
  std::vector<std::pair<PhaseId, size_t>> path; // phase, next successor to visit
  for (PhaseId root = 0; root < n; ++root) {
    if (state[root] != Unvisited) continue;
    state[root] = OnPath;
    path.emplace_back(root, 0);
    while (!path.empty()) {
      auto &[u, next] = path.back();
      if (next == g.successors[u].size()) {
        state[u] = Done;
        path.pop_back();
        continue;
      }
      PhaseId v = g.successors[u][next++];
      if (state[v] == Unvisited) {
        state[v] = OnPath;
        path.emplace_back(v, 0);
      } else if (state[v] == OnPath) {
        g.acyclic = false;
        std::string cycle;
        auto start = std::find_if(path.begin(), path.end(), [&](const auto &entry) { return entry.first == v; });
        for (auto it = start; it != path.end(); ++it) cycle += model.phases[it->first].name + " -> ";
        cycle += model.phases[v].name;
        const sema::PhaseDecl &closing = model.phases[v];
        size_t edge = std::find(closing.after.begin(), closing.after.end(), u) - closing.after.begin();
        diag::report(diags, closing.afterRanges[edge], diag::msg::PhaseCycle, cycle);
      }
    }
  }
}

// Kahn's algorithm; the smallest ready phase id goes first, so ties follow
// declaration order. Phases on or after a cycle never become ready.
void topologicalOrder(PhaseGraph &g) {
  size_t n = g.predecessors.size();
  std::vector<size_t> waiting(n);
  std::priority_queue<PhaseId, std::vector<PhaseId>, std::greater<>> ready;
  for (PhaseId p = 0; p < n; ++p)
    if ((waiting[p] = g.predecessors[p].size()) == 0) ready.push(p);
  while (!ready.empty()) {
    PhaseId p = ready.top();
    ready.pop();
    g.order.push_back(p);
    for (PhaseId s : g.successors[p])
      if (--waiting[s] == 0) ready.push(s);
  }
}

void transitiveClosure(PhaseGraph &g) {
  size_t n = g.successors.size();
  g.reaches.assign(n, llvm::BitVector(n));
  if (g.acyclic) {
    for (auto it = g.order.rbegin(); it != g.order.rend(); ++it)
      for (PhaseId s : g.successors[*it]) {
        g.reaches[*it].set(s);
        g.reaches[*it] |= g.reaches[s];
      }
    return;
  }
  // With a cycle the order is partial: search from every phase instead.
  std::vector<PhaseId> stack;
  for (PhaseId p = 0; p < n; ++p) {
    llvm::BitVector &seen = g.reaches[p];
    stack.assign(g.successors[p].begin(), g.successors[p].end());
    while (!stack.empty()) {
      PhaseId q = stack.back();
      stack.pop_back();
      if (seen.test(q)) continue;
      seen.set(q);
      stack.insert(stack.end(), g.successors[q].begin(), g.successors[q].end());
    }
  }
}

// The conflict rule, by location: each location lists the phases that read,
// write or add to it, so a phase is compared only with the phases that
// access one of its locations in a way that does not commute, never with
// all others (plans have up to kMaxPhases phases).
class Conflicts {
public:
  Conflicts(const Model &model, const PhaseGraph &g) : model_(model), g_(g), known_(model) {
    const size_t n = model.phases.size();
    byPhase_.resize(n);
    const std::vector<bool> shared = entitiesOfSeveralPhases();
    llvm::DenseMap<Location, uint32_t> ids;
    std::vector<StepAccess> accesses;
    for (PhaseId p = 0; p < n; ++p)
      for (uint32_t s = 0; s < model.phases[p].steps.size(); ++s) {
        accessesOf(model, known_, model.phases[p].steps[s], accesses);
        for (const StepAccess &a : accesses) {
          if (!shared[entityIndex(a.location)]) continue;
          auto [it, fresh] = ids.try_emplace(a.location, static_cast<uint32_t>(locations_.size()));
          if (fresh) locations_.emplace_back();
          auto &entries = locations_[it->second].byAccess[static_cast<size_t>(a.access)];
          // A phase's first step per access is all the pairing needs.
          if (!entries.empty() && entries.back().phase == p) continue;
          entries.push_back({p, s});
          byPhase_[p].push_back({it->second, a.access, s});
        }
      }
  }

  // Walks each phase's accesses in step order, so the first earlier phase
  // met through a non-commuting access is met at the later phase's first
  // conflicting step; each pair of phases is decided once.
  void report(diag::Diagnostics &diags) const {
    const size_t n = model_.phases.size();
    std::vector<PhaseId> decidedWith(n, kNoId);
    std::vector<std::tuple<PhaseId, uint32_t, PhaseId>> found; // later phase, its step, earlier phase
    for (PhaseId b = 0; b < n; ++b) {
      size_t decided = 0; // once every earlier phase is decided, b's other accesses add nothing
      for (const PhaseAccess &x : byPhase_[b]) {
        if (decided == b) break;
        for (size_t k = 0; k < 3; ++k) {
          if (!conflicting(x.access, static_cast<Access>(k))) continue;
          for (const Entry &e : locations_[x.location].byAccess[k]) {
            if (e.phase >= b) break;
            if (decidedWith[e.phase] == b) continue;
            decidedWith[e.phase] = b;
            ++decided;
            if (!g_.ordered(e.phase, b)) found.emplace_back(b, x.step, e.phase);
          }
        }
      }
    }
    std::sort(found.begin(), found.end());
    for (auto [b, step, a] : found) reportPair(a, b, step, diags);
  }

private:
  struct Entry {
    PhaseId phase;
    uint32_t step;
  };

  // Components, then data sets, then tags: one index per entity a location belongs to.
  size_t entityIndex(const Location &l) const {
    switch (l.kind) {
    case Location::Kind::BackedUp:
    case Location::Kind::BackupLocation:
    case Location::Kind::HeldBy:
    case Location::Kind::MigratedTo: return model_.components.size() + l.entity;
    case Location::Kind::Tag: return model_.components.size() + model_.data.size() + l.entity;
    default: return l.entity;
    }
  }

  // Which entities the steps of two or more phases access. Only their
  // locations can make two phases conflict; the others (on a long plan,
  // most: each component decommissioned by one phase) stay out of the
  // location table, which would otherwise hold every location of the plan.
  std::vector<bool> entitiesOfSeveralPhases() const {
    const size_t entities = model_.components.size() + model_.data.size() + model_.symbols.size();
    std::vector<PhaseId> firstPhase(entities, kNoId);
    std::vector<bool> several(entities, false);
    std::vector<StepAccess> accesses;
    for (PhaseId p = 0; p < model_.phases.size(); ++p)
      for (const Step &step : model_.phases[p].steps) {
        accessesOf(model_, known_, step, accesses);
        for (const StepAccess &a : accesses) {
          const size_t e = entityIndex(a.location);
          if (firstPhase[e] == kNoId)
            firstPhase[e] = p;
          else if (firstPhase[e] != p)
            several[e] = true;
        }
      }
    return several;
  }
  struct LocationAccesses {
    std::array<std::vector<Entry>, 3> byAccess; // by Access, in (phase, step) order
  };
  struct PhaseAccess {
    uint32_t location;
    Access access;
    uint32_t step;
  };

  // The first step of phase `a` that accesses `location` in a way that does
  // not commute with `access`; UINT32_MAX when none does.
  uint32_t firstConflictingStep(uint32_t location, Access access, PhaseId a) const {
    uint32_t first = UINT32_MAX;
    for (size_t k = 0; k < 3; ++k) {
      if (!conflicting(access, static_cast<Access>(k))) continue;
      const auto &entries = locations_[location].byAccess[k];
      auto it =
          std::lower_bound(entries.begin(), entries.end(), a, [](const Entry &e, PhaseId p) { return e.phase < p; });
      if (it != entries.end() && it->phase == a) first = std::min(first, it->step);
    }
    return first;
  }

  // One E-CONFLICT at step `stepB` of phase b, paired with the first step
  // of phase a that conflicts with it, about the first location (in the
  // step table's order) where the two do not commute.
  void reportPair(PhaseId a, PhaseId b, uint32_t stepB, diag::Diagnostics &diags) const {
    const sema::PhaseDecl &first = model_.phases[a], &second = model_.phases[b];
    const Step &sb = second.steps[stepB];
    std::vector<StepAccess> accessesB, accessesA;
    accessesOf(model_, known_, sb, accessesB);
    uint32_t stepA = UINT32_MAX;
    for (const PhaseAccess &x : byPhase_[b])
      if (x.step == stepB) stepA = std::min(stepA, firstConflictingStep(x.location, x.access, a));
    const Step &sa = first.steps[stepA];
    accessesOf(model_, known_, sa, accessesA);
    for (const StepAccess &xb : accessesB)
      for (const StepAccess &xa : accessesA)
        if (xa.location == xb.location && conflicting(xa.access, xb.access))
          return reportAt(a, sa, xa, b, sb, xb, diags);
  }

  void reportAt(PhaseId a, const Step &sa, const StepAccess &xa, PhaseId b, const Step &sb, const StepAccess &xb,
                diag::Diagnostics &diags) const {
    static constexpr const char *kVerbs[] = {"reads", "changes", "adds to"};
    const sema::PhaseDecl &first = model_.phases[a], &second = model_.phases[b];
    const std::string location = describe(model_, xb.location);
    const char *verbB = kVerbs[static_cast<size_t>(xb.access)];
    const char *verbA = kVerbs[static_cast<size_t>(xa.access)];
    // Every read in the step table is a step checking that its component is active.
    const char *why = xb.access == Access::Read   ? "whether it can run depends on which runs first"
                      : xa.access == Access::Read ? "whether that step can run depends on which runs first"
                                                  : "the result depends on which runs first";
    diag::Finding &f =
        diag::report(diags, xb.operand, diag::msg::PhasesConflict, first.name, second.name,
                     sema::describeStep(model_, sb, sema::StepText::Short), verbB, location,
                     sema::describeStep(model_, sa, sema::StepText::Short),
                     xa.access == Access::Write && xb.access == Access::Write ? "also " : "", verbA, why);
    f.entities.push_back(entityName(model_, xb.location));
    diag::note(f, xa.operand, diag::msg::PhaseAccessesHere, first.name, verbA, location);
    diag::hint(f, diag::msg::AddAfter, first.name, second.name);
    // The fix-it orders the later phase after the earlier one.
    const llvm::SMLoc at = second.afterRanges.empty() ? second.nameRange.End : second.afterRanges.back().End;
    f.fixits.push_back({llvm::SMRange(at, at), (second.afterRanges.empty() ? " after " : ", ") + first.name});
  }

  const Model &model_;
  const PhaseGraph &g_;
  KnownLocations known_;
  std::vector<LocationAccesses> locations_;
  std::vector<std::vector<PhaseAccess>> byPhase_; // per phase, in step order, then the table's order
};

} // namespace

PhaseGraph buildPhaseGraph(const sema::Model &model, diag::Diagnostics &diags) {
  PhaseGraph g;
  if (model.phases.size() > kMaxPhases) {
    diag::report(diags, model.migrationRange, diag::msg::TooManyPhases, static_cast<int64_t>(model.phases.size()),
                 static_cast<int64_t>(kMaxPhases));
    g.acyclic = false;
    return g;
  }
  buildEdges(model, g);
  reportCycles(model, g, diags);
  topologicalOrder(g);
  transitiveClosure(g);
  Conflicts(model, g).report(diags);
  return g;
}

} // namespace cutover::graph
