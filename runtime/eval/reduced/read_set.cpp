#include "runtime/eval/reduced/read_set.h"

#include <fmt/format.h>

namespace cutover::eval::reduced {

using K = Field::Kind;
using policy::Node;
using policy::NodeId;
using sema::Value;

namespace {

void appendReaders(const policy::Policy &policy, NodeId id, std::vector<NodeId> &out) {
  const Node &n = policy.nodes[id];
  switch (n.op) {
  case Node::Op::Attr:
  case Node::Op::Step:
  case Node::Op::Confirmed: out.push_back(id); break;
  case Node::Op::Exists:
  case Node::Op::No:
  case Node::Op::Count: out.push_back(id); return;
  default: break;
  }
  for (NodeId arg : n.args) appendReaders(policy, arg, out);
}

} // namespace

const std::vector<NodeId> &ReadSet::readersOf(const policy::Policy &policy, NodeId id) const {
  if (readersPolicy_ != &policy) {
    readersPolicy_ = &policy;
    readers_.assign(policy.nodes.size(), std::nullopt);
  }
  std::optional<std::vector<NodeId>> &readers = readers_[id];
  if (!readers) appendReaders(policy, id, readers.emplace());
  return *readers;
}

void ReadSet::collect(const policy::Policy &policy, NodeId id, std::vector<Abs> &slots, const sema::Step *step,
                      Reads &out) const {
  if (id == policy::kNoNode) return;
  for (NodeId reader : readersOf(policy, id)) {
    if (!out.unbounded.empty()) return;
    read(policy, reader, slots, step, out);
  }
}

void ReadSet::read(const policy::Policy &policy, NodeId id, std::vector<Abs> &slots, const sema::Step *step,
                   Reads &out) const {
  const Node &n = policy.nodes[id];
  switch (n.op) {
  case Node::Op::Attr: {
    Abs scratch;
    const Abs &base = eval_.valuesOf(policy, n.args[0], slots, step, nullptr, scratch);
    if (!base) {
      const std::string key = n.key == sema::kNoId ? "an attribute" : "'" + eval_.model().symbols.name(n.key) + "'";
      out.unbounded = fmt::format("it reads {} of a value the analysis cannot bound", key);
      return;
    }
    for (const Value &b : *base) eval_.bounds().fieldsOf(b, n.key, out.fields);
    break;
  }
  case Node::Op::Step:
    if (step && n.operand == policy::StepOperand::Count) out.fields.push_back({K::Users, step->subject});
    break;
  case Node::Op::Confirmed:
    if (n.key != sema::kNoId) out.fields.push_back({K::Tag, n.key});
    break;
  case Node::Op::Exists:
  case Node::Op::No:
  case Node::Op::Count: {
    std::vector<Values> kept(n.binders.size());
    size_t budget = maxBindings_;
    for (const policy::Binder &b : n.binders) slots[b.slot] = std::nullopt;
    filter_.assign({n.where}); // the enumeration reads no other quantifier's (collect() runs after it)
    const bool ok = bindings_.enumerate(policy, n.binders, 0, filter_, slots, step, budget, [&] {
      for (size_t j = 0; j < n.binders.size(); ++j) addValue(kept[j], slots[n.binders[j].slot]->front());
    });
    if (!ok) {
      out.unbounded = fmt::format("a quantifier in it has more than {} bindings to enumerate", maxBindings_);
      return;
    }
    for (size_t j = 0; j < n.binders.size(); ++j) {
      for (const Value &v : kept[j])
        if (v.kind == Value::Kind::Component) out.fields.push_back({K::Exists, v.id()});
      slots[n.binders[j].slot] = kept[j];
    }
    collect(policy, n.where, slots, step, out);
    return;
  }
  default: break;
  }
}

} // namespace cutover::eval::reduced
