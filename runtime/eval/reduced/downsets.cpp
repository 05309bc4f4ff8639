#include "runtime/eval/reduced/downsets.h"

#include "runtime/eval/evaluator.h"
#include "runtime/explore/memory.h"

#include <llvm/ADT/SmallVector.h>

#include <algorithm>
#include <iterator>

namespace cutover::eval::reduced {

using K = Field::Kind;
using explore::PositionSet;
using policy::Node;
using policy::NodeId;
using sema::PhaseId;
using sema::Value;

void relevanceOf(const Footprint &footprint, std::vector<Field> &fields, bool usersBySign, Relevance &out) {
  std::sort(fields.begin(), fields.end());
  fields.erase(std::unique(fields.begin(), fields.end()), fields.end());
  out.core.clear();
  out.adders.clear();
  out.accumulators = 0;
  llvm::SmallVector<const Phases *, 4> accumulators;
  for (const Field &f : fields) {
    const Phases &all = footprint.relevant(f);
    if (f.kind != K::Tag && !(f.kind == K::Users && usersBySign)) {
      for (PhaseId p : all) out.core.push_back(p); // a field has a phase or two: no call to copy them
      continue;
    }
    const Phases &adders = footprint.adders(f);
    std::set_difference(all.begin(), all.end(), adders.begin(), adders.end(), std::back_inserter(out.core));
    if (!adders.empty()) accumulators.push_back(&adders);
  }
  std::sort(out.core.begin(), out.core.end());
  out.core.erase(std::unique(out.core.begin(), out.core.end()), out.core.end());
  for (const Phases *adders : accumulators) {
    const size_t before = out.adders.size();
    for (PhaseId a : *adders)
      if (!std::binary_search(out.core.begin(), out.core.end(), a)) out.adders.push_back(a);
    if (out.adders.size() > before) ++out.accumulators;
  }
  std::sort(out.adders.begin(), out.adders.end());
  out.adders.erase(std::unique(out.adders.begin(), out.adders.end()), out.adders.end());
}

bool readsUsersBySign(const policy::Policy &policy, sema::SymbolId keyUsers) {
  std::vector<uint8_t> bySign(policy.nodes.size(), 0);
  for (const Node &n : policy.nodes) {
    if (n.op == Node::Op::Step && n.operand == policy::StepOperand::Count) return false;
    if (n.op != Node::Op::Cmp) continue;
    for (int side = 0; side < 2; ++side) {
      const Node &users = policy.nodes[n.args[side]], &other = policy.nodes[n.args[1 - side]];
      if (users.op != Node::Op::Attr || users.key != keyUsers || other.op != Node::Op::Const ||
          other.constant.kind != Value::Kind::Int || other.constant.num > 1)
        continue;
      auto outcome = [&](int64_t count) {
        const Value u = Value::integer(count);
        return side == 0 ? compare(n.cmp, u, other.constant) : compare(n.cmp, other.constant, u);
      };
      if (sema::valuesEqual(outcome(1), outcome(2))) bySign[n.args[side]] = 1;
    }
  }
  for (NodeId id = 0; id < policy.nodes.size(); ++id)
    if (policy.nodes[id].op == Node::Op::Attr && policy.nodes[id].key == keyUsers && !bySign[id]) return false;
  return true;
}

bool readsEnds(const policy::Policy &policy) {
  return std::any_of(policy.nodes.begin(), policy.nodes.end(),
                     [](const Node &n) { return n.op == Node::Op::Initial || n.op == Node::Op::Final; });
}

Ancestors::Ancestors(const graph::PhaseGraph &graph, const explore::Canon &canon)
    : ancestors_(graph.predecessors.size()) {
  // In topological order, a phase's ancestors are its predecessors' and
  // the predecessors themselves.
  for (PhaseId b : graph.order)
    for (PhaseId a : graph.predecessors[b]) {
      ancestors_[b] |= ancestors_[a];
      ancestors_[b].set(canon.position(a));
    }
}

Downsets::Downsets(const sema::Model &model, const graph::PhaseGraph &graph, const explore::Canon &canon,
                   const Ancestors &ancestors)
    : model_(model), graph_(graph), canon_(canon), ancestors_(ancestors), candidates_(2 * (model.phases.size() + 1)) {}

const std::vector<PositionSet> *Downsets::candidatesFor(const Relevance &rel, PhaseId phase, bool ends, size_t limit) {
  auto &cache = candidates_[2 * std::min<size_t>(phase, model_.phases.size()) + (ends ? 1 : 0)];
  if (auto it = cache.find(rel); it != cache.end()) return &it->second;
  // Sets of phases are position sets here (as candidates are).
  std::vector<uint32_t> core;
  for (PhaseId p : rel.core) core.push_back(canon_.position(p));
  std::sort(core.begin(), core.end());
  PositionSet required; // in every D: the ancestors of `phase`
  if (phase != sema::kNoId) required = ancestors_.of(phase);
  auto forbidden = [&](PhaseId r) { return phase != sema::kNoId && (r == phase || graph_.reaches[phase].test(r)); };
  // The core in graph.order, each with its nearest ancestors in the core
  // (by index into `core`): S stays downward closed, so they are the ones
  // to check. An element must be in D (in `required`), must not be
  // (`phase` and what comes after it), or may be.
  std::vector<std::vector<size_t>> below(core.size());
  for (size_t i = 0; i < core.size(); ++i) {
    const PositionSet &ancestors = ancestors_.of(graph_.order[core[i]]);
    for (size_t j = i; j-- > 0;)
      if (ancestors.test(core[j]) && std::none_of(below[i].begin(), below[i].end(), [&](size_t k) {
            return ancestors_.of(graph_.order[core[k]]).test(core[j]);
          }))
        below[i].push_back(j);
  }
  std::vector<PhaseId> adders;
  for (PhaseId a : rel.adders)
    if (!forbidden(a)) adders.push_back(a);
  std::vector<PositionSet> out;
  size_t budget = limit;
  bool ok = true;
  auto accept = [&](const PositionSet &set) {
    if (budget-- == 0) {
      ok = false;
    } else {
      explore::MemoryGuard::check();
      out.push_back(set);
    }
  };
  // D with up to rel.accumulators adders added: each accumulator is either
  // untouched by D or has at least one adder in it, and one adder per
  // accumulator is enough to stand for every D that has some.
  auto addAdders = [&](auto &self, const PositionSet &d, size_t from, uint32_t left) -> void {
    for (size_t j = from; j < adders.size() && ok && left > 0; ++j) {
      PositionSet more = d;
      more |= ancestors_.of(adders[j]);
      more.set(canon_.position(adders[j]));
      accept(more);
      self(self, more, j + 1, left - 1);
    }
  };
  std::vector<char> s(core.size(), 0); // by index into `core`
  PositionSet d = required;
  // Every downset S of the core's induced order that is compatible with
  // `phase`; D = downclosure(S ∪ required), so D ∩ core = S.
  auto visit = [&](auto &self, size_t i) -> void {
    if (!ok) return;
    if (i == core.size()) {
      accept(d);
      addAdders(addAdders, d, 0, rel.accumulators);
      return;
    }
    const uint32_t position = core[i];
    const PhaseId r = graph_.order[position];
    if (!required.test(position)) self(self, i + 1);
    if (forbidden(r) || std::any_of(below[i].begin(), below[i].end(), [&](size_t j) { return !s[j]; }))
      return; // an ancestor in the core is left out
    PositionSet saved = d;
    s[i] = 1;
    d |= ancestors_.of(r);
    d.set(position);
    self(self, i + 1);
    s[i] = 0;
    d = std::move(saved);
  };
  visit(visit, 0);
  if (!ok) return nullptr;
  // final(): the complete set; initial(): the smallest non-empty D that
  // sees what the empty one sees (a source phase that is neither in the
  // core nor an adder).
  if (ends && phase == sema::kNoId) out.push_back(PositionSet::range(0, static_cast<uint32_t>(graph_.order.size())));
  if (ends && required.none())
    for (PhaseId q : graph_.order)
      if (graph_.predecessors[q].empty() && !std::binary_search(core.begin(), core.end(), canon_.position(q)) &&
          !std::binary_search(rel.adders.begin(), rel.adders.end(), q) && q != phase) {
        PositionSet single;
        single.set(canon_.position(q));
        out.push_back(std::move(single));
        break;
      }
  std::sort(out.begin(), out.end(), PositionSet::less);
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return &cache.emplace(rel, std::move(out)).first->second;
}

} // namespace cutover::eval::reduced
