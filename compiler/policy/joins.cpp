#include "compiler/policy/policy_compiler.h"

#include <algorithm>

namespace cutover::policy::detail {

std::vector<NodeId> PolicyCompiler::conjunctsOf(NodeId where) const {
  std::vector<NodeId> conjuncts, pending = {where};
  while (!pending.empty()) {
    NodeId n = pending.back();
    pending.pop_back();
    if (out_.nodes[n].op == Node::Op::And)
      pending.insert(pending.end(), out_.nodes[n].args.begin(), out_.nodes[n].args.end());
    else
      conjuncts.push_back(n);
  }
  std::sort(conjuncts.begin(), conjuncts.end()); // a node comes after its operands: source order
  return conjuncts;
}

void PolicyCompiler::slotsRead(NodeId id, std::vector<bool> &read) const {
  const Node &n = out_.nodes[id];
  if (n.op == Node::Op::Var) read[n.slot] = true;
  for (NodeId arg : n.args) slotsRead(arg, read);
  for (const Binder &b : n.binders)
    if (b.join) read[b.join->outer] = true;
  if (n.where != kNoNode) slotsRead(n.where, read);
}

// Each conjunct of `where` goes to the last binder it reads, anywhere inside
// it (a nested quantifier's `where` and joins included).
void PolicyCompiler::scheduleFilters(std::vector<Binder> &binders, NodeId where) const {
  if (where == kNoNode || binders.empty()) return;
  for (NodeId conjunct : conjunctsOf(where)) {
    std::vector<bool> read(out_.slotNames.size(), false);
    slotsRead(conjunct, read);
    size_t last = 0;
    for (size_t i = 0; i < binders.size(); ++i)
      if (read[binders[i].slot]) last = i;
    binders[last].filters.push_back(conjunct);
  }
}

// Recognizes the conjuncts of `where` that link binder i to a variable bound
// before it, and turns them into index joins.
void PolicyCompiler::findJoins(std::vector<Binder> &binders, NodeId where, size_t outerScopeSize) {
  if (where == kNoNode || binders.empty()) return;
  const std::vector<NodeId> conjuncts = conjunctsOf(where); // the first matching conjunct wins

  auto isVar = [&](NodeId n, Slot &slot) {
    if (out_.nodes[n].op != Node::Op::Var) return false;
    slot = out_.nodes[n].slot;
    return true;
  };
  auto isAttrOfVar = [&](NodeId n, Slot &slot, SymbolId &key) {
    const Node &node = out_.nodes[n];
    if (node.op != Node::Op::Attr || !isVar(node.args[0], slot)) return false;
    key = node.key;
    return true;
  };

  // Slots bound before binder i: the outer scope, then binders 0..i-1.
  std::vector<Slot> bound;
  for (size_t i = 0; i < outerScopeSize; ++i) bound.push_back(scope_[i].slot);
  for (Binder &binder : binders) {
    auto usableOuter = [&](Slot s) {
      return std::find(bound.begin(), bound.end(), s) != bound.end() && slotTypes_[s].is(K::Component);
    };
    for (NodeId c : conjuncts) {
      const Node &cmp = out_.nodes[c];
      if (cmp.op != Node::Op::Cmp || (cmp.cmp != ast::CmpOp::Eq && cmp.cmp != ast::CmpOp::In)) continue;
      Slot var = 0, attrVar = 0;
      SymbolId key = sema::kNoId;
      const SymbolId anyKey = sema::kNoId;
      auto keyFilter = [&](SymbolId k) { return k == model_.keyRefs ? anyKey : k; };
      std::optional<Join> join;
      for (int flip = 0; flip < 2 && !join; ++flip) {
        NodeId lhs = cmp.args[flip], rhs = cmp.args[1 - flip];
        if (flip == 1 && cmp.cmp == ast::CmpOp::In) break; // `in` is not symmetric
        if (!isVar(lhs, var) || !isAttrOfVar(rhs, attrVar, key) || key == sema::kNoId) continue;
        if (binder.domain.kind == Domain::Kind::Data) {
          // `c == d.held_by`: d ranges over what c may hold.
          if (attrVar == binder.slot && usableOuter(var) && key == model_.keyHeldBy && cmp.cmp == ast::CmpOp::Eq)
            join = Join{Join::Direction::HeldBy, var, key};
        } else if (attrVar == binder.slot && usableOuter(var)) {
          join = Join{Join::Direction::ReferencedBy, var, keyFilter(key)}; // `p in s.key`
        } else if (var == binder.slot && usableOuter(attrVar)) {
          join = Join{Join::Direction::ReferencesOf, attrVar, keyFilter(key)}; // `s in p.key`
        }
      }
      // Only attributes that can hold references have graph edges.
      if (join && join->direction != Join::Direction::HeldBy && join->key != anyKey && holdsNoReferences(join->key))
        join.reset();
      if (join) {
        binder.join = join;
        break;
      }
    }
    bound.push_back(binder.slot);
  }
}

} // namespace cutover::policy::detail
