#include "compiler/graph/phase_graph.h"

#include <fmt/format.h>

#include <algorithm>
#include <functional>
#include <queue>

namespace cutover::graph {
namespace {

using sema::ComponentId;
using sema::DataId;
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
    path.push_back({root, 0});
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
        path.push_back({v, 0});
      } else if (state[v] == OnPath) {
        g.acyclic = false;
        std::string cycle;
        auto start = std::find_if(path.begin(), path.end(), [&](const auto &entry) { return entry.first == v; });
        for (auto it = start; it != path.end(); ++it) cycle += model.phases[it->first].name + " -> ";
        cycle += model.phases[v].name;
        const sema::PhaseDecl &closing = model.phases[v];
        size_t edge = std::find(closing.after.begin(), closing.after.end(), u) - closing.after.begin();
        diags.report(diag::Kind::Cycle, closing.afterRanges[edge], "phase cycle: " + cycle);
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

// Entities are numbered components first, then data sets.
class Touches {
public:
  explicit Touches(const Model &model) : model_(model), holders_(model.data.size()) {
    for (ComponentId c = 0; c < model.dataHeldBy.size(); ++c)
      for (DataId d : model.dataHeldBy[c]) holders_[d].push_back(c);
  }

  size_t entityCount() const { return model_.components.size() + model_.data.size(); }

  std::string entityName(uint32_t e) const {
    size_t nc = model_.components.size();
    return e < nc ? model_.components[e].name : model_.data[e - nc].name;
  }

  // Every entity `step` touches, possibly repeated.
  template <typename F> void forEach(const Step &step, F &&f) const {
    switch (step.verb) {
    case ast::Verb::Move:
      component(step.subject, f);
      component(step.target, f);
      break;
    case ast::Verb::Migrate:
      data(step.subject, f);
      component(step.target, f);
      break;
    case ast::Verb::Backup: data(step.subject, f); break;
    case ast::Verb::Confirm: break; // a tag: confirming is order-independent
    default: component(step.subject, f); break;
    }
  }

private:
  template <typename F> void component(ComponentId c, F &f) const {
    f(c);
    for (const Model::Ref &r : model_.referencesOf[c]) f(r.component);
    for (const Model::Ref &r : model_.referencedBy[c]) f(r.component);
    for (DataId d : model_.dataHeldBy[c]) f(dataEntity(d));
  }

  template <typename F> void data(DataId d, F &f) const {
    f(dataEntity(d));
    for (ComponentId holder : holders_[d]) f(holder);
  }

  uint32_t dataEntity(DataId d) const { return static_cast<uint32_t>(model_.components.size() + d); }

  const Model &model_;
  std::vector<std::vector<ComponentId>> holders_; // data set -> every component that may hold it
};

std::string describe(const Model &model, const Step &step) {
  auto c = [&](ComponentId id) -> const std::string & { return model.components[id].name; };
  auto sym = [&](sema::SymbolId id) -> const std::string & { return model.symbols.name(id); };
  switch (step.verb) {
  case ast::Verb::Deploy: return fmt::format("deploy {} {}", sym(step.symbol), c(step.subject));
  case ast::Verb::Decommission: return fmt::format("decommission {}", c(step.subject));
  case ast::Verb::Move:
    return fmt::format("move {} users from {} to {}", step.moveAll ? "all" : std::to_string(step.count),
                       c(step.subject), c(step.target));
  case ast::Verb::Enable: return fmt::format("enable {} on {}", sym(step.symbol), c(step.subject));
  case ast::Verb::Disable: return fmt::format("disable {} on {}", sym(step.symbol), c(step.subject));
  case ast::Verb::Set: return fmt::format("set {}", c(step.subject));
  case ast::Verb::Backup: return fmt::format("backup {}", model.data[step.subject].name);
  case ast::Verb::Migrate: return fmt::format("migrate {} to {}", model.data[step.subject].name, c(step.target));
  case ast::Verb::Confirm: return fmt::format("confirm {}", sym(step.symbol));
  }
  return {};
}

struct Touch {
  uint32_t entity;
  uint32_t step; // the first step of the phase that touches the entity
};

// One E-CONFLICT at the later phase's step, with notes at both steps and a
// fix-it that orders the later phase after the earlier one.
void reportConflict(const Model &model, const std::string &entity, PhaseId a, uint32_t stepA, PhaseId b,
                    uint32_t stepB, diag::Diagnostics &diags) {
  const sema::PhaseDecl &first = model.phases[a], &second = model.phases[b];
  const Step &sa = first.steps[stepA], &sb = second.steps[stepB];
  diag::Finding &f = diags.report(
      diag::Kind::Conflict, sb.range,
      fmt::format("phases '{}' and '{}' both touch '{}' but are not ordered ('{}' in '{}', '{}' in '{}')", first.name,
                  second.name, entity, describe(model, sa), first.name, describe(model, sb), second.name));
  f.notes.push_back({sa.range, fmt::format("'{}' touches '{}' here", first.name, entity)});
  f.notes.push_back({sb.range, fmt::format("'{}' touches '{}' here", second.name, entity)});
  f.hints.push_back(fmt::format("add 'after {}' to phase '{}'", first.name, second.name));
  if (second.afterRanges.empty()) {
    llvm::SMLoc at = second.nameRange.End;
    f.fixits.push_back({llvm::SMRange(at, at), " after " + first.name});
  } else {
    llvm::SMLoc at = second.afterRanges.back().End;
    f.fixits.push_back({llvm::SMRange(at, at), ", " + first.name});
  }
}

void reportConflicts(const Model &model, const PhaseGraph &g, diag::Diagnostics &diags) {
  Touches touches(model);
  size_t n = model.phases.size();
  std::vector<std::vector<Touch>> byPhase(n);               // in step order
  std::vector<std::vector<std::pair<PhaseId, uint32_t>>> byEntity(touches.entityCount()); // phase order
  std::vector<PhaseId> lastPhase(touches.entityCount(), kNoId);
  for (PhaseId p = 0; p < n; ++p)
    for (uint32_t s = 0; s < model.phases[p].steps.size(); ++s)
      touches.forEach(model.phases[p].steps[s], [&](uint32_t e) {
        if (lastPhase[e] == p) return;
        lastPhase[e] = p;
        byPhase[p].push_back({e, s});
        byEntity[e].push_back({p, s});
      });

  // Walk the later phase's touches in step order, so the first unordered
  // partner found for each earlier phase is at the later phase's first
  // touching step; each pair is decided once.
  std::vector<PhaseId> pairedWith(n, kNoId);
  for (PhaseId b = 0; b < n; ++b) {
    size_t paired = 0; // once every earlier phase is decided, the rest of b's touches add nothing
    for (size_t t = 0; t < byPhase[b].size() && paired < b; ++t) {
      const Touch &touch = byPhase[b][t];
      for (auto [a, stepA] : byEntity[touch.entity]) {
        if (a >= b) break;
        if (pairedWith[a] == b) continue;
        pairedWith[a] = b;
        ++paired;
        if (!g.ordered(a, b))
          reportConflict(model, touches.entityName(touch.entity), a, stepA, b, touch.step, diags);
      }
    }
  }
}

} // namespace

PhaseGraph buildPhaseGraph(const sema::Model &model, diag::Diagnostics &diags) {
  PhaseGraph g;
  if (model.phases.size() > kMaxPhases) {
    diags.report(diag::Kind::Limit, model.migrationRange,
                 fmt::format("{} phases: a migration may have at most {}", model.phases.size(), kMaxPhases));
    g.acyclic = false;
    return g;
  }
  buildEdges(model, g);
  reportCycles(model, g, diags);
  topologicalOrder(g);
  transitiveClosure(g);
  reportConflicts(model, g, diags);
  return g;
}

} // namespace cutover::graph
