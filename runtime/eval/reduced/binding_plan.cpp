#include "runtime/eval/reduced/binding_plan.h"

#include <llvm/ADT/STLExtras.h>

#include <algorithm>

namespace cutover::eval::reduced {

using policy::Node;
using policy::NodeId;
using sema::Value;

namespace {

constexpr sema::SymbolId kDirect = sema::kNoId - 1; // a variable read other than as `x.key`
using Uses = std::vector<std::pair<policy::Slot, sema::SymbolId>>;

// The variables node `id` reads as the abstract evaluation does (it never
// looks inside a quantifier), each with the key when it is the base of an
// attribute.
void varUses(const policy::Policy &policy, NodeId id, Uses &out, sema::SymbolId via = kDirect) {
  const Node &n = policy.nodes[id];
  switch (n.op) {
  case Node::Op::Var: out.emplace_back(n.slot, via); return;
  case Node::Op::Exists:
  case Node::Op::No:
  case Node::Op::Count: return;
  case Node::Op::Attr: varUses(policy, n.args[0], out, n.key); return;
  default:
    for (NodeId arg : n.args) varUses(policy, arg, out);
  }
}

void conjuncts(const policy::Policy &policy, NodeId id, std::vector<NodeId> &out) {
  if (id == policy::kNoNode) return;
  if (policy.nodes[id].op != Node::Op::And) return out.push_back(id);
  for (NodeId arg : policy.nodes[id].args) conjuncts(policy, arg, out);
}

// Whether node `id` reads variable `slot` (as the abstract evaluation does).
bool readsVar(const policy::Policy &policy, NodeId id, policy::Slot slot) {
  Uses uses;
  varUses(policy, id, uses);
  return std::any_of(uses.begin(), uses.end(), [&](const auto &u) { return u.first == slot; });
}

// Whether `node` is `x.status == active` (either way round); sets x.
bool requiresActive(const sema::Model &model, const policy::Policy &policy, NodeId node, policy::Slot &x) {
  const Node &n = policy.nodes[node];
  if (n.op != Node::Op::Cmp || n.cmp != ast::CmpOp::Eq) return false;
  for (int side = 0; side < 2; ++side) {
    const Node &attr = policy.nodes[n.args[side]], &other = policy.nodes[n.args[1 - side]];
    if (attr.op == Node::Op::Attr && attr.key == model.keyStatus && policy.nodes[attr.args[0]].op == Node::Op::Var &&
        other.op == Node::Op::Const && other.constant.kind == Value::Kind::Symbol &&
        other.constant.id() == model.symActive) {
      x = policy.nodes[attr.args[0]].slot;
      return true;
    }
  }
  return false;
}

} // namespace

bool namesSlot(const policy::Policy &policy, NodeId id, policy::Slot slot) {
  const Node &n = policy.nodes[id];
  auto isSlot = [&](NodeId a) { return policy.nodes[a].op == Node::Op::Var && policy.nodes[a].slot == slot; };
  switch (n.op) {
  case Node::Op::Cmp:
    if (n.cmp == ast::CmpOp::In) return isSlot(n.args[0]) && !readsVar(policy, n.args[1], slot);
    if (n.cmp != ast::CmpOp::Eq) return false;
    return (isSlot(n.args[0]) && !readsVar(policy, n.args[1], slot)) ||
           (isSlot(n.args[1]) && !readsVar(policy, n.args[0], slot));
  case Node::Op::And:
    return std::any_of(n.args.begin(), n.args.end(), [&](NodeId a) { return namesSlot(policy, a, slot); });
  case Node::Op::Or:
    return std::all_of(n.args.begin(), n.args.end(), [&](NodeId a) { return namesSlot(policy, a, slot); });
  default: return false;
  }
}

Plan planBindings(const sema::Model &model, const policy::Policy &policy, const std::vector<policy::Binder> &binders,
                  const std::vector<NodeId> &filters) {
  Plan out{std::vector<Level>(binders.size()), std::vector<uint8_t>(policy.slotNames.size(), 0)};
  std::vector<Level> &levels = out.levels;
  if (binders.empty()) return out;
  std::vector<NodeId> nodes;
  for (NodeId f : filters) conjuncts(policy, f, nodes);
  std::vector<Uses> usesByLevel(binders.size());
  for (NodeId node : nodes)
    if (policy::Slot x; requiresActive(model, policy, node, x)) out.active[x] = 1;
  for (NodeId node : nodes) {
    Uses uses;
    varUses(policy, node, uses);
    size_t level = 0;
    for (const auto &[slot, key] : uses)
      for (size_t j = 0; j < binders.size(); ++j)
        if (binders[j].slot == slot) level = std::max(level, j);
    const policy::Slot slot = binders[level].slot;
    Conjunct c{node, !binders[level].join};
    for (const auto &[s, key] : uses)
      if (s == slot && key == kDirect) c.grouped = false;
    Level &l = levels[level];
    if (c.grouped)
      for (const auto &[s, key] : uses)
        if (s == slot && std::find(l.keys.begin(), l.keys.end(), key) == l.keys.end()) l.keys.push_back(key);
    const Node &n = policy.nodes[node];
    if (!binders[level].join) {
      if (n.op == Node::Op::Cmp && n.cmp == ast::CmpOp::Eq)
        for (int side = 0; side < 2; ++side) {
          const Node &mine = policy.nodes[n.args[side]];
          if (mine.op == Node::Op::Attr && policy.nodes[mine.args[0]].op == Node::Op::Var &&
              policy.nodes[mine.args[0]].slot == slot && !readsVar(policy, n.args[1 - side], slot)) {
            l.equalities.emplace_back(mine.key, n.args[1 - side]);
            break;
          }
        }
      if (namesSlot(policy, node, slot)) l.pickers.push_back(node);
    }
    l.conjuncts.push_back(c);
    usesByLevel[level].insert(usesByLevel[level].end(), uses.begin(), uses.end());
  }
  // byGroup, from the last level up: the uses of binder i at levels >= i.
  Uses later;
  for (size_t i = binders.size(); i-- > 0;) {
    later.insert(later.end(), usesByLevel[i].begin(), usesByLevel[i].end());
    const policy::Slot x = binders[i].slot;
    Level &l = levels[i];
    l.byGroup = !binders[i].join && std::none_of(later.begin(), later.end(), [&](const auto &u) {
      return u.first == x && u.second == kDirect;
    }) && llvm::none_of(llvm::drop_begin(binders, i + 1), [&](const policy::Binder &b) {
      return b.join && b.join->outer == x;
    });
    if (l.byGroup)
      for (const auto &[s, key] : later)
        if (s == x && std::find(l.keys.begin(), l.keys.end(), key) == l.keys.end()) l.keys.push_back(key);
    std::sort(l.keys.begin(), l.keys.end());
  }
  return out;
}

} // namespace cutover::eval::reduced
