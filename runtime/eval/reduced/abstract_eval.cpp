#include "runtime/eval/reduced/abstract_eval.h"

#include "runtime/eval/evaluator.h"

#include <llvm/ADT/STLExtras.h>

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

AbstractEvaluator::AbstractEvaluator(const sema::Model &model, const Footprint &footprint,
                                     const AttributeBounds &bounds)
    : model_(model), footprint_(footprint), bounds_(bounds) {
  for (sema::ComponentId c = 0; c < model.components.size(); ++c) {
    const sema::SymbolId role = model.components[c].role;
    if (role == sema::kNoId) continue; // only a scan finds these (domainOf)
    if (role >= byRole_.size()) byRole_.resize(role + 1);
    byRole_[role].push_back(c);
  }
}

void AbstractEvaluator::domainOf(const policy::Binder &binder, std::vector<uint32_t> &ids) const {
  const bool data = binder.domain.kind == policy::Domain::Kind::Data;
  const auto &roles = binder.domain.roles;
  if (data || roles.empty() || llvm::is_contained(roles, sema::kNoId)) {
    const size_t n = data ? model_.data.size() : model_.components.size();
    for (uint32_t id = 0; id < n; ++id)
      if (data || inRoles(model_, binder, id)) ids.push_back(id);
    return;
  }
  const auto from = static_cast<std::ptrdiff_t>(ids.size());
  for (sema::SymbolId role : roles)
    if (role < byRole_.size()) ids.insert(ids.end(), byRole_[role].begin(), byRole_[role].end());
  std::sort(ids.begin() + from, ids.end());
  ids.erase(std::unique(ids.begin() + from, ids.end()), ids.end()); // a role named twice
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

Abs AbstractEvaluator::eval(const policy::Policy &policy, NodeId id, const std::vector<Abs> &slots,
                            const sema::Step *step, const std::vector<uint8_t> *active) const {
  Abs scratch;
  const Abs &out = valuesOf(policy, id, slots, step, active, scratch);
  if (&out != &scratch) return out;
  return scratch; // moved
}

Truth AbstractEvaluator::truth(const policy::Policy &policy, NodeId id, const std::vector<Abs> &slots,
                               const sema::Step *step, const std::vector<uint8_t> *active) const {
  const Node &n = policy.nodes[id];
  switch (n.op) {
  case Node::Op::Not: {
    const Truth t = truth(policy, n.args[0], slots, step, active);
    return t == kEither ? kEither : t == kTrue ? kFalse : kTrue;
  }
  case Node::Op::And:
  case Node::Op::Or: {
    const Truth stop = n.op == Node::Op::And ? kFalse : kTrue; // a value that decides the whole
    bool unknown = false;
    for (NodeId arg : n.args) {
      const Truth t = truth(policy, arg, slots, step, active);
      if (t == stop) return stop;
      if (t == kEither) unknown = true;
    }
    return unknown ? kEither : stop == kFalse ? kTrue : kFalse;
  }
  case Node::Op::Cmp: {
    const uint8_t t = compareTruth(policy, n, slots, step, active);
    return t ? static_cast<Truth>(t) : kEither;
  }
  default: {
    Abs scratch;
    return truthOf(valuesOf(policy, id, slots, step, active, scratch));
  }
  }
}

uint8_t AbstractEvaluator::compareTruth(const policy::Policy &policy, const Node &n, const std::vector<Abs> &slots,
                                        const sema::Step *step, const std::vector<uint8_t> *active) const {
  Abs aScratch, bScratch;
  const Abs &a = valuesOf(policy, n.args[0], slots, step, active, aScratch);
  if (n.cmp == ast::CmpOp::In && policy.nodes[n.args[1]].op == Node::Op::List) {
    // `x in [a, b]` with bounded items: their values, without building the list.
    Values items;
    for (NodeId arg : policy.nodes[n.args[1]].args) {
      const Abs &item = valuesOf(policy, arg, slots, step, active, bScratch);
      if (!item || item->size() != 1) return 0;
      items.push_back(item->front());
    }
    if (!a || a->size() > kMaxAbs) return 0;
    uint8_t t = 0;
    for (const Value &x : *a)
      t |= !x.isNone() &&
                   std::any_of(items.begin(), items.end(), [&](const Value &y) { return sema::valuesEqual(x, y); })
               ? kTrue
               : kFalse;
    return t ? t : uint8_t{kFalse};
  }
  const Abs &b = valuesOf(policy, n.args[1], slots, step, active, bScratch);
  if (!a || !b || a->size() * b->size() > kMaxAbs) return 0;
  uint8_t t = 0;
  for (const Value &x : *a)
    for (const Value &y : *b) {
      const Value r = compare(n.cmp, x, y);
      t |= r.kind == Value::Kind::Bool && r.num != 0 ? kTrue : kFalse;
    }
  return t ? t : uint8_t{kFalse};
}

const Abs &AbstractEvaluator::valuesOf(const policy::Policy &policy, NodeId id, const std::vector<Abs> &slots,
                                       const sema::Step *step, const std::vector<uint8_t> *active, Abs &scratch) const {
  const Node &n = policy.nodes[id];
  auto one = [&](Value v) -> const Abs & {
    scratch.emplace().push_back(std::move(v));
    return scratch;
  };
  auto any = [&]() -> const Abs & {
    scratch.reset();
    return scratch;
  };
  switch (n.op) {
  case Node::Op::Const: return one(n.constant);
  case Node::Op::Var: return slots[n.slot];
  case Node::Op::Attr: {
    // Most paths start at a variable, whose values are read in place; so are the bounds'.
    const Node &var = policy.nodes[n.args[0]];
    Abs evaluated;
    const Abs &base = valuesOf(policy, n.args[0], slots, step, active, evaluated);
    if (!base) return any();
    const bool isActive = active && var.op == Node::Op::Var && (*active)[var.slot];
    if (base->size() == 1) { // the bound's values are distinct already
      const Abs &values = bounds_.values(base->front(), n.key, isActive);
      if (!values || values->size() > kMaxAbs) return any();
      return values;
    }
    Values out;
    for (const Value &b : *base) {
      const Abs &values = bounds_.values(b, n.key, isActive);
      if (!values) return any();
      for (const Value &v : *values) addValue(out, v);
      if (out.size() > kMaxAbs) return any();
    }
    scratch.emplace(std::move(out));
    return scratch;
  }
  case Node::Op::Step: {
    if (!step) return one(Value::none());
    switch (n.operand) {
    case policy::StepOperand::From: return one(Value::component(step->subject));
    case policy::StepOperand::To:
      return one(step->target == sema::kNoId ? Value::none() : Value::component(step->target));
    case policy::StepOperand::Count:
      if (step->moveAll) return any();
      return one(Value::integer(step->count));
    case policy::StepOperand::Service: return one(Value::symbol(step->symbol));
    case policy::StepOperand::Location: return one(Value::string(step->text));
    }
    return any();
  }
  case Node::Op::List: {
    std::vector<Value> items;
    for (NodeId arg : n.args) {
      Abs argScratch;
      const Abs &a = valuesOf(policy, arg, slots, step, active, argScratch);
      if (!a || a->size() != 1) return any();
      items.push_back(a->front());
    }
    return one(Value::list(std::move(items)));
  }
  case Node::Op::Not:
  case Node::Op::And:
  case Node::Op::Or: scratch = truthValues(truth(policy, id, slots, step, active)); return scratch;
  case Node::Op::Cmp: { // unbounded sides: any value, not either truth (a list or len() of it tells)
    const uint8_t t = compareTruth(policy, n, slots, step, active);
    if (!t) return any();
    scratch = truthValues(t);
    return scratch;
  }
  case Node::Op::Critical: {
    const auto &critical = model_.critical;
    return one(Value::boolean(std::find(critical.begin(), critical.end(), n.key) != critical.end()));
  }
  case Node::Op::Confirmed:
    if (n.key == sema::kNoId || footprint_.writers({K::Tag, n.key}).empty()) return one(Value::boolean(false));
    return any();
  case Node::Op::Len: {
    Abs argScratch;
    const Abs &a = valuesOf(policy, n.args[0], slots, step, active, argScratch);
    if (!a) return any();
    Values out;
    for (const Value &v : *a)
      addValue(out, Value::integer(v.kind == Value::Kind::List ? static_cast<int64_t>(v.items().size()) : 0));
    scratch.emplace(std::move(out));
    return scratch;
  }
  case Node::Op::Exists:
  case Node::Op::No:
  case Node::Op::Count:
  case Node::Op::Final:
  case Node::Op::Initial: return any();
  }
  return any();
}

} // namespace cutover::eval::reduced
