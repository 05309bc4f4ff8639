#include "runtime/eval/reduced/abstract_eval.h"

#include "runtime/eval/evaluator.h"

#include <algorithm>

namespace cutover::eval::reduced {

using K = Field::Kind;
using policy::Node;
using policy::NodeId;
using sema::Value;

namespace {

bool inRoles(const sema::Model &model, const policy::Binder &binder, sema::ComponentId c) {
  const auto &roles = binder.domain.roles;
  return roles.empty() || std::find(roles.begin(), roles.end(), model.components[c].role) != roles.end();
}

} // namespace

std::vector<Value> AbstractEvaluator::candidates(const policy::Binder &binder, const std::vector<Abs> &slots) const {
  std::vector<Value> out;
  const bool data = binder.domain.kind == policy::Domain::Kind::Data;
  const Abs *outer = binder.join ? &slots[binder.join->outer] : nullptr;
  std::vector<uint32_t> ids;
  if (!outer || !*outer) {
    domainOf(binder, ids);
    for (uint32_t id : ids) out.push_back(data ? Value::data(id) : Value::component(id));
    return out;
  }
  for (const Value &o : **outer) {
    if (o.kind != Value::Kind::Component) continue;
    if (binder.join->direction == policy::Join::Direction::HeldBy) {
      for (sema::DataId d : model_.dataHeldBy[o.id()]) ids.push_back(d);
      continue;
    }
    const auto &edges = binder.join->direction == policy::Join::Direction::ReferencedBy ? model_.referencedBy[o.id()]
                                                                                        : model_.referencesOf[o.id()];
    for (const sema::Model::Ref &ref : edges)
      if ((binder.join->key == sema::kNoId || ref.key == binder.join->key) && inRoles(model_, binder, ref.component))
        ids.push_back(ref.component);
  }
  std::sort(ids.begin(), ids.end());
  ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
  for (uint32_t id : ids) out.push_back(data ? Value::data(id) : Value::component(id));
  return out;
}

void AbstractEvaluator::domainOf(const policy::Binder &binder, std::vector<uint32_t> &ids) const {
  const bool data = binder.domain.kind == policy::Domain::Kind::Data;
  const size_t n = data ? model_.data.size() : model_.components.size();
  for (uint32_t id = 0; id < n; ++id)
    if (data || inRoles(model_, binder, id)) ids.push_back(id);
}

const CandidateList &AbstractEvaluator::candidateList(const policy::Binder &binder) const {
  const bool data = binder.domain.kind == policy::Domain::Kind::Data;
  std::vector<sema::SymbolId> roles = binder.domain.roles;
  std::sort(roles.begin(), roles.end());
  std::lock_guard lock(mutex_); // a few lists per run: the first thread to ask builds one
  auto [it, fresh] = candidateLists_.try_emplace({data, roles});
  if (fresh) {
    it->second.kind = data ? Value::Kind::Data : Value::Kind::Component;
    domainOf(binder, it->second.ids);
  }
  return it->second;
}

Abs AbstractEvaluator::eval(const policy::Policy &policy, NodeId id, std::vector<Abs> &slots, const sema::Step *step,
                            const std::vector<uint8_t> *active) const {
  const Node &n = policy.nodes[id];
  switch (n.op) {
  case Node::Op::Const: return std::vector<Value>{n.constant};
  case Node::Op::Var: return slots[n.slot];
  case Node::Op::Attr: {
    // A variable's values are read in place: most paths start at one.
    const Node &var = policy.nodes[n.args[0]];
    Abs evaluated;
    const Abs &base =
        var.op == Node::Op::Var ? slots[var.slot] : (evaluated = eval(policy, n.args[0], slots, step, active));
    if (!base) return std::nullopt;
    const bool isActive = active && var.op == Node::Op::Var && (*active)[var.slot];
    if (base->size() == 1) { // the bound's values are distinct already
      const Abs &values = bounds_.values(base->front(), n.key, isActive);
      if (!values || values->size() > kMaxAbs) return std::nullopt;
      return values;
    }
    std::vector<Value> out;
    for (const Value &b : *base) {
      const Abs &values = bounds_.values(b, n.key, isActive);
      if (!values) return std::nullopt;
      for (const Value &v : *values) addValue(out, v);
      if (out.size() > kMaxAbs) return std::nullopt;
    }
    return out;
  }
  case Node::Op::Step: {
    if (!step) return std::vector<Value>{Value::none()};
    switch (n.operand) {
    case policy::StepOperand::From: return std::vector<Value>{Value::component(step->subject)};
    case policy::StepOperand::To:
      return std::vector<Value>{step->target == sema::kNoId ? Value::none() : Value::component(step->target)};
    case policy::StepOperand::Count:
      if (step->moveAll) return std::nullopt;
      return std::vector<Value>{Value::integer(step->count)};
    case policy::StepOperand::Service: return std::vector<Value>{Value::symbol(step->symbol)};
    case policy::StepOperand::Location: return std::vector<Value>{Value::string(step->text)};
    }
    return std::nullopt;
  }
  case Node::Op::List: {
    std::vector<Value> items;
    for (NodeId arg : n.args) {
      Abs a = eval(policy, arg, slots, step, active);
      if (!a || a->size() != 1) return std::nullopt;
      items.push_back(a->front());
    }
    return std::vector<Value>{Value::list(std::move(items))};
  }
  case Node::Op::Not: {
    const Truth t = truthOf(eval(policy, n.args[0], slots, step, active));
    return truthValues(t == kEither ? kEither : t == kTrue ? kFalse : kTrue);
  }
  case Node::Op::And:
  case Node::Op::Or: {
    const Truth stop = n.op == Node::Op::And ? kFalse : kTrue; // a value that decides the whole
    bool unknown = false;
    for (NodeId arg : n.args) {
      const Truth t = truthOf(eval(policy, arg, slots, step, active));
      if (t == stop) return truthValues(stop);
      if (t == kEither) unknown = true;
    }
    return truthValues(unknown ? kEither : stop == kFalse ? kTrue : kFalse);
  }
  case Node::Op::Cmp: {
    Abs a = eval(policy, n.args[0], slots, step, active), b = eval(policy, n.args[1], slots, step, active);
    if (!a || !b || a->size() * b->size() > kMaxAbs) return std::nullopt;
    uint8_t t = 0;
    for (const Value &x : *a)
      for (const Value &y : *b) {
        const Value r = compare(n.cmp, x, y);
        t |= r.kind == Value::Kind::Bool && r.num != 0 ? kTrue : kFalse;
      }
    return truthValues(t ? t : uint8_t{kFalse});
  }
  case Node::Op::Critical: {
    const auto &critical = model_.critical;
    return std::vector<Value>{Value::boolean(std::find(critical.begin(), critical.end(), n.key) != critical.end())};
  }
  case Node::Op::Confirmed:
    if (n.key == sema::kNoId || footprint_.writers({K::Tag, n.key}).empty())
      return std::vector<Value>{Value::boolean(false)};
    return std::nullopt;
  case Node::Op::Len: {
    Abs a = eval(policy, n.args[0], slots, step, active);
    if (!a) return std::nullopt;
    std::vector<Value> out;
    for (const Value &v : *a)
      addValue(out, Value::integer(v.kind == Value::Kind::List ? static_cast<int64_t>(v.items().size()) : 0));
    return out;
  }
  case Node::Op::Exists:
  case Node::Op::No:
  case Node::Op::Count:
  case Node::Op::Final:
  case Node::Op::Initial: return std::nullopt;
  }
  return std::nullopt;
}

} // namespace cutover::eval::reduced
