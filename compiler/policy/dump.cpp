#include "compiler/policy/dump.h"

#include "compiler/ast/literal.h"
#include "compiler/sema/dump.h"

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
    switch (n.op) {
    case Node::Op::Const:
      return fmt::format("const:{} {}", n.type.str(), sema::valueText(model_, n.constant, /*withType=*/false));
    case Node::Op::Var: return policy_.slotNames[n.slot];
    case Node::Op::Attr: return node(n.args[0]) + "." + key(n.key);
    case Node::Op::Step: return "step." + std::string(operandName(n.operand));
    case Node::Op::List: return "[" + args(", ") + "]";
    case Node::Op::Not: return "not (" + node(n.args[0]) + ")";
    case Node::Op::And: return "(" + args(" and ") + ")";
    case Node::Op::Or: return "(" + args(" or ") + ")";
    case Node::Op::Cmp:
      return fmt::format("{} {} {}", node(n.args[0]), kCmp[static_cast<size_t>(n.cmp)], node(n.args[1]));
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

  // `when COND "text {p.attr} {step.to}"`: the template as compiled, literal
  // braces doubled as in the source.
  std::string templateText(const Template &t) const {
    std::string text;
    for (const TemplatePart &part : t.parts) {
      if (!part.slot && !part.operand) {
        for (char c : part.text) text += c == '{' || c == '}' ? std::string(2, c) : std::string(1, c);
        continue;
      }
      text += "{" + (part.slot ? policy_.slotNames[*part.slot] : "step." + std::string(operandName(*part.operand)));
      for (SymbolId k : part.path) text += "." + key(k);
      text += "}";
    }
    return (t.when == kNoNode ? "" : "when " + node(t.when) + " ") + ast::quoteString(text);
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

void dumpPolicies(const PolicySet &set, const sema::Model &model, const llvm::SourceMgr &sm, unsigned mainBuffer,
                  llvm::raw_ostream &os) {
  for (const Policy &p : set.policies) {
    std::string slots;
    for (const std::string &name : p.slotNames) slots += (slots.empty() ? "" : ", ") + name;
    os << "policy " << p.info.id << ' ' << diag::severityName(p.info.severity) << " origin=" << p.info.origin
       << " slots=[" << slots << "] " << sema::positionText(sm, mainBuffer, p.info.idRange.Start) << '\n';
    const std::string plan = dumpPlan(p, model);
    for (llvm::StringRef rest = plan; !rest.empty();) {
      auto [line, tail] = rest.split('\n');
      os << "  " << line << '\n';
      rest = tail;
    }
    Dumper d(p, model);
    for (const Template &t : p.messages) os << "  message " << d.templateText(t) << '\n';
    for (const Template &t : p.hints) os << "  hint " << d.templateText(t) << '\n';
  }
  for (size_t i = 0; i < set.waiverPolicy.size(); ++i) {
    uint32_t target = set.waiverPolicy[i];
    os << "waiver #" << i << " -> " << (target == sema::kNoId ? "?" : set.policies[target].info.id) << '\n';
  }
}

} // namespace cutover::policy
