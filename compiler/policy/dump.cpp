#include "compiler/policy/policy.h"

#include <fmt/format.h>

namespace cutover::policy {

namespace {

class Dumper {
public:
  Dumper(const Policy &policy, const sema::Model &model) : policy_(policy), model_(model) {}

  std::string key(SymbolId k) const { return k == sema::kNoId ? "?" : model_.symbols.name(k); }

  std::string binders(const std::vector<Binder> &list) const {
    std::string out;
    for (const Binder &b : list) {
      if (!out.empty()) out += ", ";
      out += b.name + ":";
      if (b.domain.kind == Domain::Kind::Data) {
        out += "data";
      } else if (b.domain.roles.empty()) {
        out += "component";
      } else {
        for (size_t i = 0; i < b.domain.roles.size(); ++i) out += (i ? "|" : "") + key(b.domain.roles[i]);
      }
      if (b.join) {
        static constexpr const char *kDirections[] = {"referencedBy", "referencesOf", "dataHeldBy"};
        out += fmt::format(" join({} {}.{})", kDirections[static_cast<size_t>(b.join->direction)],
                           policy_.slotNames[b.join->outer], b.join->key == sema::kNoId ? "*" : key(b.join->key));
      }
    }
    return out;
  }

  std::string node(NodeId id) const {
    if (id == kNoNode) return "<error>";
    const Node &n = policy_.nodes[id];
    auto args = [&](const char *sep) {
      std::string out;
      for (size_t i = 0; i < n.args.size(); ++i) out += (i ? sep : "") + node(n.args[i]);
      return out;
    };
    static constexpr const char *kCmp[] = {"==", "!=", "<=", ">=", "<", ">", "in"};
    static constexpr const char *kOperands[] = {"from", "to", "count", "service", "location"};
    switch (n.op) {
    case Node::Op::Const: return fmt::format("const:{}", n.type.str());
    case Node::Op::Var: return policy_.slotNames[n.slot];
    case Node::Op::Attr: return node(n.args[0]) + "." + key(n.key);
    case Node::Op::Step: return std::string("step.") + kOperands[static_cast<size_t>(n.operand)];
    case Node::Op::List: return "[" + args(", ") + "]";
    case Node::Op::Not: return "not " + node(n.args[0]);
    case Node::Op::And: return "(" + args(" and ") + ")";
    case Node::Op::Or: return "(" + args(" or ") + ")";
    case Node::Op::Cmp: return fmt::format("{} {} {}", node(n.args[0]), kCmp[static_cast<size_t>(n.cmp)], node(n.args[1]));
    case Node::Op::Exists:
    case Node::Op::No:
    case Node::Op::Count: {
      const char *word = n.op == Node::Op::Exists ? "exists" : n.op == Node::Op::No ? "no" : "count";
      std::string where = n.where == kNoNode ? "" : " where " + node(n.where);
      return fmt::format("{}({}{})", word, binders(n.binders), where);
    }
    case Node::Op::Critical: return "critical(" + key(n.key) + ")";
    case Node::Op::Confirmed: return "confirmed(" + key(n.key) + ")";
    case Node::Op::Final: return "final()";
    case Node::Op::Initial: return "initial()";
    case Node::Op::Len: return "len(" + node(n.args[0]) + ")";
    }
    return "?";
  }

private:
  const Policy &policy_;
  const sema::Model &model_;
};

} // namespace

std::string dumpPlan(const Policy &policy, const sema::Model &model) {
  Dumper d(policy, model);
  std::string out;
  if (policy.guard) out += fmt::format("on {} {}\n", verbName(policy.verb), policy.slotNames[0]);
  if (policy.when != kNoNode) out += "when " + d.node(policy.when) + "\n";
  if (!policy.binders.empty()) out += "for " + d.binders(policy.binders) + "\n";
  if (policy.where != kNoNode) out += "where " + d.node(policy.where) + "\n";
  out += "require " + d.node(policy.require) + "\n";
  return out;
}

} // namespace cutover::policy
