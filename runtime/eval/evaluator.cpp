#include "runtime/eval/evaluator.h"

#include <fmt/format.h>

#include <algorithm>

namespace cutover::eval {

using policy::Node;
using policy::NodeId;
using sema::Value;

Value compare(ast::CmpOp op, const Value &a, const Value &b) {
  switch (op) {
  case ast::CmpOp::Eq: return Value::boolean(sema::valuesEqual(a, b));
  case ast::CmpOp::Ne: return Value::boolean(!sema::valuesEqual(a, b));
  case ast::CmpOp::In: return Value::boolean(sema::valueIn(a, b));
  default: break;
  }
  if (!a.isNumeric() || !b.isNumeric()) return Value::boolean(false); // ordering with none is false
  const int c = sema::compareNumeric(a, b);
  switch (op) {
  case ast::CmpOp::Lt: return Value::boolean(c < 0);
  case ast::CmpOp::Le: return Value::boolean(c <= 0);
  case ast::CmpOp::Gt: return Value::boolean(c > 0);
  default: return Value::boolean(c >= 0);
  }
}

namespace {
thread_local StepBudget *currentBudget = nullptr;
} // namespace

StepBudget::StepBudget(const policy::PolicySet &policies, uint64_t maxSteps)
    : policies_(policies), maxSteps_(maxSteps), used_(policies.policies.size(), 0) {}

uint64_t *StepBudget::counter(const policy::Policy &policy) {
  const auto &all = policies_.policies;
  if (all.empty() || &policy < all.data() || &policy >= all.data() + all.size()) return nullptr;
  return &used_[static_cast<size_t>(&policy - all.data())];
}

StepBudget *StepBudget::current() { return currentBudget; }

StepBudget::Scope::Scope(StepBudget &budget) : previous_(currentBudget) { currentBudget = &budget; }
StepBudget::Scope::~Scope() { currentBudget = previous_; }

Evaluator::Evaluator(const policy::Policy &policy, const Context &context) : policy_(policy), ctx_(context) {
  if (currentBudget) {
    steps_ = currentBudget->counter(policy);
    maxSteps_ = currentBudget->maxSteps();
  }
}

void Evaluator::forEachViolation(std::vector<Value> &slots, const std::function<void()> &violation) {
  // A policy past its budget reports nothing more: verify() withdraws its findings.
  if (spent()) return;
  if (policy_.when != policy::kNoNode && !test(policy_.when, slots)) return;
  enumerate(policy_.binders, 0, slots, [&] {
    if (passesWhere(policy_.binders, policy_.where, slots) && !test(policy_.require, slots) && !spent()) violation();
    return true;
  });
}

bool Evaluator::violates(std::vector<Value> &slots) {
  if (spent()) return false;
  if (policy_.when != policy::kNoNode && !test(policy_.when, slots)) return false;
  for (const policy::Binder &binder : policy_.binders)
    if (!inDomain(binder, slots[binder.slot])) return false;
  if (policy_.where != policy::kNoNode && !test(policy_.where, slots)) return false;
  return !test(policy_.require, slots) && !spent();
}

bool Evaluator::enumerate(const std::vector<policy::Binder> &binders, size_t i, std::vector<Value> &slots,
                          const std::function<bool()> &body) {
  if (i == binders.size()) return body();
  const policy::Binder &binder = binders[i];
  for (Value &candidate : candidates(binder, slots)) {
    if (!step()) return false;
    slots[binder.slot] = std::move(candidate);
    if (!std::all_of(binder.filters.begin(), binder.filters.end(), [&](NodeId f) { return test(f, slots); })) continue;
    if (!enumerate(binders, i + 1, slots, body)) return false;
  }
  return true;
}

bool Evaluator::passesWhere(const std::vector<policy::Binder> &binders, NodeId where, std::vector<Value> &slots) {
  return where == policy::kNoNode || !binders.empty() || test(where, slots);
}

bool Evaluator::inDomain(const policy::Binder &binder, const Value &v) const {
  if (binder.domain.kind == policy::Domain::Kind::Data) return v.kind == Value::Kind::Data;
  if (v.kind != Value::Kind::Component || ctx_.state.component(v.id()).status == state::Status::Absent) return false;
  const auto &roles = binder.domain.roles;
  return roles.empty() || std::find(roles.begin(), roles.end(), ctx_.model.components[v.id()].role) != roles.end();
}

std::vector<Value> Evaluator::candidates(const policy::Binder &binder, const std::vector<Value> &slots) const {
  const sema::Model &model = ctx_.model;
  std::vector<Value> out;
  const bool data = binder.domain.kind == policy::Domain::Kind::Data;
  if (!binder.join || !ctx_.useJoins) {
    const size_t n = data ? ctx_.state.dataCount() : ctx_.state.componentCount();
    for (uint32_t id = 0; id < n; ++id) {
      Value v = data ? Value::data(id) : Value::component(id);
      if (inDomain(binder, v)) out.push_back(std::move(v));
    }
    return out;
  }
  const Value &outer = slots[binder.join->outer];
  if (outer.kind != Value::Kind::Component) return out;
  if (binder.join->direction == policy::Join::Direction::HeldBy) {
    for (sema::DataId d : model.dataHeldBy[outer.id()]) out.push_back(Value::data(d));
    return out;
  }
  const auto &edges = binder.join->direction == policy::Join::Direction::ReferencedBy ? model.referencedBy[outer.id()]
                                                                                      : model.referencesOf[outer.id()];
  for (const sema::Model::Ref &ref : edges) {
    if (binder.join->key != sema::kNoId && ref.key != binder.join->key) continue;
    Value v = Value::component(ref.component);
    // Edges are sorted by component: one component with several keys is adjacent.
    if (!out.empty() && out.back().id() == ref.component) continue;
    if (inDomain(binder, v)) out.push_back(std::move(v));
  }
  return out;
}

const state::State &Evaluator::stateOf(const Value &component) const {
  if (ctx_.deployed && ctx_.state.component(component.id()).status == state::Status::Absent) return *ctx_.deployed;
  return ctx_.state;
}

Value Evaluator::attribute(const Value &base, sema::SymbolId key) const {
  if (key == sema::kNoId) return Value::none();
  if (base.kind == Value::Kind::Data) return state::dataAttr(ctx_.model, ctx_.state, base.id(), key);
  if (base.kind != Value::Kind::Component) return Value::none(); // a path through none is none
  return state::componentAttr(ctx_.model, stateOf(base), base.id(), key);
}

const Value *Evaluator::storedAttribute(const Value &base, sema::SymbolId key) const {
  if (base.kind != Value::Kind::Component || key == sema::kNoId) return nullptr;
  if (const std::optional<sema::BuiltinAttr> builtin = ctx_.model.builtin(key)) {
    const sema::BuiltinAttrInfo &info = sema::builtinInfo(*builtin);
    if (info.ownedBy(sema::AttrOwner::Component) && info.stored != sema::AttrStored::Attributes) return nullptr;
  }
  static const Value none;
  const Value *v = stateOf(base).component(base.id()).attr(key);
  return v ? v : &none;
}

const Value &Evaluator::valueOf(NodeId id, std::vector<Value> &slots, Value &scratch) {
  const Node &n = policy_.nodes[id];
  switch (n.op) {
  case Node::Op::Const:
  case Node::Op::Var:
    if (!step()) return scratch = Value::none();
    return n.op == Node::Op::Const ? n.constant : slots[n.slot];
  case Node::Op::Attr: {
    if (!step()) return scratch = Value::none();
    Value baseScratch;
    const Value &base = valueOf(n.args[0], slots, baseScratch);
    if (const Value *stored = storedAttribute(base, n.key)) return *stored;
    return scratch = attribute(base, n.key);
  }
  default: return scratch = eval(id, slots);
  }
}

std::optional<bool> Evaluator::membership(const Node &n, std::vector<Value> &slots) {
  const Node &rhs = policy_.nodes[n.args[1]];
  const bool list = rhs.op == Node::Op::List;
  const bool refs = rhs.op == Node::Op::Attr && rhs.key == ctx_.model.keyRefs && rhs.key != sema::kNoId;
  if (!list && !refs) return std::nullopt;
  // The steps eval() counts for the right side: its node, then its operands.
  if (!step()) return false; // spent: the outcome no longer counts
  Value left, scratch;
  if (list) {
    const Value &x = valueOf(n.args[0], slots, left);
    bool in = false;
    for (NodeId arg : rhs.args) {
      const Value &item = valueOf(arg, slots, scratch); // every item, as eval() counts them
      in = in || (!x.isNone() && sema::valuesEqual(x, item));
    }
    return in;
  }
  const Value &base = valueOf(rhs.args[0], slots, scratch);
  if (base.kind != Value::Kind::Component)
    return sema::valueIn(valueOf(n.args[0], slots, left), attribute(base, rhs.key));
  const Value &x = valueOf(n.args[0], slots, left);
  return x.kind == Value::Kind::Component && stateOf(base).component(base.id()).refersTo(x.id());
}

Value Evaluator::stepOperand(policy::StepOperand operand) const {
  const sema::Step &step = *ctx_.step;
  switch (operand) {
  case policy::StepOperand::From: return Value::component(step.subject);
  case policy::StepOperand::To: return step.target == sema::kNoId ? Value::none() : Value::component(step.target);
  case policy::StepOperand::Count:
    return Value::integer(step.moveAll ? ctx_.state.component(step.subject).users : step.count);
  case policy::StepOperand::Service: return Value::symbol(step.symbol);
  case policy::StepOperand::Location: return Value::string(step.text);
  }
  return Value::none();
}

bool Evaluator::test(NodeId node, std::vector<Value> &slots) {
  Value v = eval(node, slots);
  return v.kind == Value::Kind::Bool && v.num != 0; // none (and anything else) is false
}

Value Evaluator::eval(NodeId id, std::vector<Value> &slots) {
  if (!step()) return Value::none();
  const Node &n = policy_.nodes[id];
  switch (n.op) {
  case Node::Op::Const: return n.constant;
  case Node::Op::Var: return slots[n.slot];
  case Node::Op::Attr: {
    Value scratch;
    return attribute(valueOf(n.args[0], slots, scratch), n.key);
  }
  case Node::Op::Step: return ctx_.step ? stepOperand(n.operand) : Value::none();
  case Node::Op::List: {
    std::vector<Value> items;
    for (NodeId arg : n.args) items.push_back(eval(arg, slots));
    return Value::list(std::move(items));
  }
  case Node::Op::Not: return Value::boolean(!test(n.args[0], slots));
  case Node::Op::And:
    for (NodeId arg : n.args)
      if (!test(arg, slots)) return Value::boolean(false);
    return Value::boolean(true);
  case Node::Op::Or:
    for (NodeId arg : n.args)
      if (test(arg, slots)) return Value::boolean(true);
    return Value::boolean(false);
  case Node::Op::Cmp: {
    if (n.cmp == ast::CmpOp::In)
      if (std::optional<bool> in = membership(n, slots)) return Value::boolean(*in);
    Value left, right;
    const Value &b = valueOf(n.args[1], slots, right);
    return compare(n.cmp, valueOf(n.args[0], slots, left), b);
  }
  case Node::Op::Exists:
  case Node::Op::No: {
    bool found = false;
    enumerate(n.binders, 0, slots, [&] {
      found = passesWhere(n.binders, n.where, slots);
      return !found;
    });
    return Value::boolean(n.op == Node::Op::Exists ? found : !found);
  }
  case Node::Op::Count: {
    int64_t count = 0;
    enumerate(n.binders, 0, slots, [&] {
      if (passesWhere(n.binders, n.where, slots)) ++count;
      return true;
    });
    return Value::integer(count);
  }
  case Node::Op::Critical: {
    const auto &critical = ctx_.model.critical;
    return Value::boolean(std::find(critical.begin(), critical.end(), n.key) != critical.end());
  }
  case Node::Op::Confirmed: return Value::boolean(n.key != sema::kNoId && ctx_.state.confirmed(n.key));
  case Node::Op::Final: return Value::boolean(ctx_.isFinal);
  case Node::Op::Initial: return Value::boolean(ctx_.isInitial);
  case Node::Op::Len: {
    Value scratch;
    const Value &v = valueOf(n.args[0], slots, scratch);
    return Value::integer(v.kind == Value::Kind::List ? static_cast<int64_t>(v.items().size()) : 0);
  }
  }
  return Value::none();
}

std::string Evaluator::format(const Value &v) const {
  switch (v.kind) {
  case Value::Kind::None: return "none";
  case Value::Kind::Bool: return v.num ? "true" : "false";
  case Value::Kind::Int: return std::to_string(v.num);
  case Value::Kind::Version: return fmt::format("{}", fmt::join(v.parts(), "."));
  case Value::Kind::String: return v.str();
  case Value::Kind::Symbol: return v.id() == sema::kNoId ? "none" : ctx_.model.symbols.name(v.id());
  case Value::Kind::Component: return ctx_.model.components[v.id()].name;
  case Value::Kind::Data: return ctx_.model.data[v.id()].name;
  case Value::Kind::List: {
    std::vector<std::string> items;
    for (const Value &item : v.items()) items.push_back(format(item));
    return fmt::format("{}", fmt::join(items, ", "));
  }
  }
  return "";
}

std::string Evaluator::interpolate(const std::vector<policy::TemplatePart> &parts, const std::vector<Value> &slots) {
  std::string out;
  for (const policy::TemplatePart &part : parts) {
    if (!part.slot && !part.operand) {
      out += part.text;
      continue;
    }
    Value v = part.slot ? slots[*part.slot] : (ctx_.step ? stepOperand(*part.operand) : Value::none());
    for (sema::SymbolId key : part.path) v = attribute(v, key);
    out += format(v);
    if (out.size() > kMaxMessageBytes) {
      size_t cut = kMaxMessageBytes;
      while (cut > 0 && (static_cast<unsigned char>(out[cut]) & 0xc0) == 0x80) --cut; // a character boundary
      out.resize(cut);
      return out + "...";
    }
  }
  return out;
}

} // namespace cutover::eval
