#include "runtime/eval/reduce.h"

#include "runtime/eval/evaluator.h"
#include "runtime/eval/findings.h"
#include "runtime/explore/explore.h"
#include "runtime/explore/footprint.h"
#include "runtime/explore/memory.h"

#include <fmt/format.h>

#include <algorithm>
#include <cstdlib>
#include <deque>
#include <iterator>
#include <map>
#include <unordered_map>

namespace cutover::eval {

namespace {

using explore::Field;
using K = Field::Kind;
using policy::Node;
using policy::NodeId;
using sema::PhaseId;
using sema::Value;

// The values an expression may take in any reachable state; nullopt: any.
using Abs = std::optional<std::vector<Value>>;
constexpr size_t kMaxAbs = 256;
// How many partial bindings one policy may enumerate before the reduction gives up.
constexpr size_t kMaxBindingSteps = 2'000'000;

enum Truth : uint8_t { kTrue = 1, kFalse = 2, kEither = 3 };

void addValue(std::vector<Value> &values, Value v) {
  for (const Value &x : values)
    if (x.kind == v.kind && sema::valuesEqual(x, v)) return;
  values.push_back(std::move(v));
}

Truth truthOf(const Abs &a) {
  if (!a) return kEither;
  uint8_t t = 0;
  for (const Value &v : *a) t |= v.kind == Value::Kind::Bool && v.num != 0 ? kTrue : kFalse;
  return t ? static_cast<Truth>(t) : kFalse; // no value at all: nothing to violate
}

Abs truthValues(uint8_t t) {
  std::vector<Value> out;
  if (t & kTrue) out.push_back(Value::boolean(true));
  if (t & kFalse) out.push_back(Value::boolean(false));
  return out;
}

// The entities a binder may range over, ascending.
struct CandidateList {
  Value::Kind kind = Value::Kind::Component;
  std::vector<uint32_t> ids;
  size_t size() const { return ids.size(); }
  Value operator[](size_t k) const { return kind == Value::Kind::Data ? Value::data(ids[k]) : Value::component(ids[k]); }
};

// What a policy binding may read, found statically: the fields its
// expressions can read in any reachable state (docs/verification.md).
struct Reads {
  std::vector<Field> fields;
  bool unbounded = false; // something reads a value the analysis cannot bound
};

class Analysis {
public:
  Analysis(const sema::Model &model, const explore::Footprint &footprint)
      : model_(model), footprint_(footprint), initial_(state::State::initial(model)) {}

  // Static candidates of a binder given the possible values of earlier slots.
  std::vector<Value> candidates(const policy::Binder &binder, const std::vector<Abs> &slots) const {
    std::vector<Value> out;
    const bool data = binder.domain.kind == policy::Domain::Kind::Data;
    auto inRoles = [&](sema::ComponentId c) {
      const auto &roles = binder.domain.roles;
      return roles.empty() || std::find(roles.begin(), roles.end(), model_.components[c].role) != roles.end();
    };
    const Abs *outer = binder.join ? &slots[binder.join->outer] : nullptr;
    if (!outer || !*outer) {
      const size_t n = data ? model_.data.size() : model_.components.size();
      for (uint32_t id = 0; id < n; ++id)
        if (data || inRoles(id)) out.push_back(data ? Value::data(id) : Value::component(id));
      return out;
    }
    std::vector<uint32_t> ids;
    for (const Value &o : **outer) {
      if (o.kind != Value::Kind::Component) continue;
      if (binder.join->direction == policy::Join::Direction::HeldBy) {
        for (sema::DataId d : model_.dataHeldBy[o.id()]) ids.push_back(d);
        continue;
      }
      const auto &edges = binder.join->direction == policy::Join::Direction::ReferencedBy
                              ? model_.referencedBy[o.id()]
                              : model_.referencesOf[o.id()];
      for (const sema::Model::Ref &ref : edges)
        if ((binder.join->key == sema::kNoId || ref.key == binder.join->key) && inRoles(ref.component))
          ids.push_back(ref.component);
    }
    std::sort(ids.begin(), ids.end());
    ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
    for (uint32_t id : ids) out.push_back(data ? Value::data(id) : Value::component(id));
    return out;
  }

  // `active` (by slot, optional): the variables the evaluated expression may
  // assume active, because a conjunct of the same filter requires it.
  Abs eval(const policy::Policy &policy, NodeId id, std::vector<Abs> &slots, const sema::Step *step,
           const std::vector<uint8_t> *active = nullptr) const {
    const Node &n = policy.nodes[id];
    switch (n.op) {
    case Node::Op::Const: return std::vector<Value>{n.constant};
    case Node::Op::Var: return slots[n.slot];
    case Node::Op::Attr: {
      Abs base = eval(policy, n.args[0], slots, step, active);
      if (!base) return std::nullopt;
      const Node &var = policy.nodes[n.args[0]];
      const bool isActive = active && var.op == Node::Op::Var && (*active)[var.slot];
      std::vector<Value> out;
      for (const Value &b : *base) {
        const Abs &values = cachedAttribute(b, n.key, isActive);
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
        for (const Value &y : *b) t |= truthOf(std::vector<Value>{compare(n.cmp, x, y)});
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
        addValue(out, Value::integer(v.kind == Value::Kind::List ? static_cast<int64_t>(v.items.size()) : 0));
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

  // Collects what node `id` may read; quantifier variables get the set of
  // candidates that are not statically excluded by their `where`.
  void reads(const policy::Policy &policy, NodeId id, std::vector<Abs> &slots, const sema::Step *step,
             Reads &out) const {
    if (id == policy::kNoNode || out.unbounded) return;
    const Node &n = policy.nodes[id];
    switch (n.op) {
    case Node::Op::Attr: {
      Abs base = eval(policy, n.args[0], slots, step);
      if (!base) {
        out.unbounded = true;
        return;
      }
      for (const Value &b : *base) fieldsOf(b, n.key, out.fields);
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
      std::vector<std::vector<Value>> kept(n.binders.size());
      size_t budget = kMaxBindingSteps;
      for (const policy::Binder &b : n.binders) slots[b.slot] = std::nullopt;
      const bool ok = enumerate(policy, n.binders, 0, {n.where}, slots, step, budget, [&] {
        for (size_t j = 0; j < n.binders.size(); ++j) addValue(kept[j], slots[n.binders[j].slot]->front());
      });
      if (!ok) {
        out.unbounded = true;
        return;
      }
      for (size_t j = 0; j < n.binders.size(); ++j) {
        for (const Value &v : kept[j])
          if (v.kind == Value::Kind::Component) out.fields.push_back({K::Exists, v.id()});
        slots[n.binders[j].slot] = kept[j];
      }
      reads(policy, n.where, slots, step, out);
      return;
    }
    default: break;
    }
    for (NodeId arg : n.args) reads(policy, arg, slots, step, out);
  }

  // Enumerates the bindings of binders[i...] that `filters` (tested with the
  // later binders unknown) do not exclude; false when over budget.
  template <typename F>
  bool enumerate(const policy::Policy &policy, const std::vector<policy::Binder> &binders, size_t i,
                 const std::vector<NodeId> &filters, std::vector<Abs> &slots, const sema::Step *step,
                 size_t &budget, const F &body) const {
    const Plan p = plan(policy, binders, filters);
    return enumerateFrom(policy, binders, p, i, slots, step, budget, body);
  }

private:
  // A conjunct of a filter, tested at the level of the last binder it reads:
  // testing the whole filter per candidate made multi-binder policies cubic.
  // The filter excludes a binding exactly when one of its conjuncts does.
  struct Conjunct {
    NodeId node = policy::kNoNode;
    bool grouped = false; // reads the level's binder only as `x.key` (keys in Level::keys)
  };
  struct Level {
    std::vector<Conjunct> conjuncts;
    std::vector<sema::SymbolId> keys; // the binder's keys its group signature covers, sorted
    // Conjuncts that confine the candidates, the narrowest used per enumeration:
    std::vector<std::pair<sema::SymbolId, NodeId>> equalities; // `other == x.key` (or swapped): an index of key
    std::vector<NodeId> pickers; // name the candidate itself: `x == other`, `x in other`, and/or of those
    // The binder is read only through `keys` from here on and nothing joins on
    // it: whether a candidate leads to any binding depends on its group alone.
    bool byGroup = false;
  };
  struct Plan {
    std::vector<Level> levels; // by binder
    std::vector<uint8_t> active; // by slot: a conjunct requires `x.status == active`
  };
  static constexpr sema::SymbolId kDirect = sema::kNoId - 1; // a variable read other than as `x.key`

  // The variables node `id` reads as eval() does (it never looks inside a
  // quantifier), each with the key when it is the base of an attribute.
  static void varUses(const policy::Policy &policy, NodeId id, std::vector<std::pair<policy::Slot, sema::SymbolId>> &out,
                      sema::SymbolId via = kDirect) {
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

  static void conjuncts(const policy::Policy &policy, NodeId id, std::vector<NodeId> &out) {
    if (id == policy::kNoNode) return;
    if (policy.nodes[id].op != Node::Op::And) return out.push_back(id);
    for (NodeId arg : policy.nodes[id].args) conjuncts(policy, arg, out);
  }

  // Whether `node` is `x.status == active` (either way round); sets x.
  bool requiresActive(const policy::Policy &policy, NodeId node, policy::Slot &x) const {
    const Node &n = policy.nodes[node];
    if (n.op != Node::Op::Cmp || n.cmp != ast::CmpOp::Eq) return false;
    for (int side = 0; side < 2; ++side) {
      const Node &attr = policy.nodes[n.args[side]], &other = policy.nodes[n.args[1 - side]];
      if (attr.op == Node::Op::Attr && attr.key == model_.keyStatus && policy.nodes[attr.args[0]].op == Node::Op::Var &&
          other.op == Node::Op::Const && other.constant.kind == Value::Kind::Symbol &&
          other.constant.id() == model_.symActive) {
        x = policy.nodes[attr.args[0]].slot;
        return true;
      }
    }
    return false;
  }

  Plan plan(const policy::Policy &policy, const std::vector<policy::Binder> &binders,
            const std::vector<NodeId> &filters) const {
    Plan out{std::vector<Level>(binders.size()), std::vector<uint8_t>(policy.slotNames.size(), 0)};
    std::vector<Level> &levels = out.levels;
    if (binders.empty()) return out;
    std::vector<NodeId> nodes;
    for (NodeId f : filters) conjuncts(policy, f, nodes);
    std::vector<std::vector<std::pair<policy::Slot, sema::SymbolId>>> usesByLevel(binders.size());
    for (NodeId node : nodes)
      if (policy::Slot x; requiresActive(policy, node, x)) out.active[x] = 1;
    for (NodeId node : nodes) {
      std::vector<std::pair<policy::Slot, sema::SymbolId>> uses;
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
        if (names(policy, node, slot)) l.pickers.push_back(node);
      }
      l.conjuncts.push_back(c);
      usesByLevel[level].insert(usesByLevel[level].end(), uses.begin(), uses.end());
    }
    // byGroup, from the last level up: the uses of binder i at levels >= i.
    std::vector<std::pair<policy::Slot, sema::SymbolId>> later;
    for (size_t i = binders.size(); i-- > 0;) {
      later.insert(later.end(), usesByLevel[i].begin(), usesByLevel[i].end());
      const policy::Slot x = binders[i].slot;
      Level &l = levels[i];
      l.byGroup = !binders[i].join &&
                  std::none_of(later.begin(), later.end(), [&](const auto &u) { return u.first == x && u.second == kDirect; }) &&
                  std::none_of(binders.begin() + i + 1, binders.end(), [&](const policy::Binder &b) {
                    return b.join && b.join->outer == x;
                  });
      if (l.byGroup)
        for (const auto &[s, key] : later)
          if (s == x && std::find(l.keys.begin(), l.keys.end(), key) == l.keys.end()) l.keys.push_back(key);
      std::sort(l.keys.begin(), l.keys.end());
    }
    return out;
  }

  // Whether node `id` reads variable `slot` (as eval() does).
  static bool readsVar(const policy::Policy &policy, NodeId id, policy::Slot slot) {
    std::vector<std::pair<policy::Slot, sema::SymbolId>> uses;
    varUses(policy, id, uses);
    return std::any_of(uses.begin(), uses.end(), [&](const auto &u) { return u.first == slot; });
  }

  // Whether `pick` applies to node `id`: it is true only for a value of
  // `slot` that `id` names, whatever the rest.
  static bool names(const policy::Policy &policy, NodeId id, policy::Slot slot) {
    const Node &n = policy.nodes[id];
    auto isSlot = [&](NodeId a) { return policy.nodes[a].op == Node::Op::Var && policy.nodes[a].slot == slot; };
    switch (n.op) {
    case Node::Op::Cmp:
      if (n.cmp == ast::CmpOp::In) return isSlot(n.args[0]) && !readsVar(policy, n.args[1], slot);
      if (n.cmp != ast::CmpOp::Eq) return false;
      return (isSlot(n.args[0]) && !readsVar(policy, n.args[1], slot)) ||
             (isSlot(n.args[1]) && !readsVar(policy, n.args[0], slot));
    case Node::Op::And:
      return std::any_of(n.args.begin(), n.args.end(), [&](NodeId a) { return names(policy, a, slot); });
    case Node::Op::Or:
      return std::all_of(n.args.begin(), n.args.end(), [&](NodeId a) { return names(policy, a, slot); });
    default: return false;
    }
  }

  // The entities node `id` (names() holds) may be true for, as `slot`'s
  // value: a superset, from the possible values of the other sides; nullopt
  // when those cannot be bounded. Entities only: valuesEqual never equates
  // an entity with anything else.
  std::optional<std::vector<Value>> pick(const policy::Policy &policy, NodeId id, policy::Slot slot,
                                         std::vector<Abs> &slots, const sema::Step *step,
                                         const std::vector<uint8_t> &active) const {
    const Node &n = policy.nodes[id];
    auto entity = [](const Value &v) { return v.kind == Value::Kind::Component || v.kind == Value::Kind::Data; };
    switch (n.op) {
    case Node::Op::Cmp: {
      const bool in = n.cmp == ast::CmpOp::In;
      const NodeId other = in || policy.nodes[n.args[1]].op != Node::Op::Var || policy.nodes[n.args[1]].slot != slot
                               ? n.args[1]
                               : n.args[0];
      Abs values = eval(policy, other, slots, step, &active);
      if (!values) return std::nullopt;
      std::vector<Value> out;
      for (const Value &v : *values) {
        if (entity(v)) out.push_back(v);
        else if (in && v.kind == Value::Kind::List)
          for (const Value &item : v.items)
            if (entity(item)) out.push_back(item);
      }
      return out;
    }
    case Node::Op::And: {
      std::optional<std::vector<Value>> best;
      for (NodeId a : n.args)
        if (names(policy, a, slot))
          if (auto s = pick(policy, a, slot, slots, step, active); s && (!best || s->size() < best->size()))
            best = std::move(s);
      return best;
    }
    case Node::Op::Or: {
      std::vector<Value> out;
      for (NodeId a : n.args) {
        auto s = pick(policy, a, slot, slots, step, active);
        if (!s) return std::nullopt;
        out.insert(out.end(), s->begin(), s->end());
      }
      return out;
    }
    default: return std::nullopt;
    }
  }

  template <typename F>
  bool enumerateFrom(const policy::Policy &policy, const std::vector<policy::Binder> &binders,
                     const Plan &p, size_t i, std::vector<Abs> &slots, const sema::Step *step,
                     size_t &budget, const F &body) const {
    if (i == binders.size()) {
      ++bodies_;
      body();
      return true;
    }
    const policy::Binder &binder = binders[i];
    const Level &level = p.levels[i];
    const bool isActive = p.active[binder.slot] != 0;
    Abs &slot = slots[binder.slot];
    auto admits = [&](bool grouped) {
      return std::none_of(level.conjuncts.begin(), level.conjuncts.end(), [&](const Conjunct &c) {
        return c.grouped == grouped && truthOf(eval(policy, c.node, slots, step, &p.active)) == kFalse;
      });
    };
    auto visit = [&](const Value &c, bool groupedTested) {
      if (budget-- == 0) return false;
      slot = std::vector<Value>{c};
      if ((groupedTested || admits(true)) && admits(false) &&
          !enumerateFrom(policy, binders, p, i + 1, slots, step, budget, body))
        return false;
      return true;
    };
    if (binder.join) {
      for (const Value &c : candidates(binder, slots))
        if (!visit(c, false)) return false;
      slot = std::nullopt;
      return true;
    }
    // Unjoined: candidates with the same possible values of the keys the
    // grouped conjuncts read get the same verdict, tested once per group;
    // an equality conjunct picks its candidates from an index.
    Groups &groups = groupsOf(binder, level.keys, isActive);
    const CandidateList &all = *groups.candidates;
    ++groups.generation;
    bool over = false;
    auto passes = [&](uint32_t g) {
      if (groups.stamp[g] != groups.generation) {
        if (budget == 0) over = true;
        if (over) return false;
        --budget;
        slot = std::vector<Value>{all[groups.members[g].front()]};
        groups.verdict[g] = admits(true);
        groups.stamp[g] = groups.generation;
      }
      return groups.verdict[g] != 0;
    };
    std::vector<uint32_t> picked;
    if (narrow(policy, binder, level, all, isActive, slots, step, p.active, picked)) {
      std::erase_if(picked, [&](uint32_t k) { return !passes(groups.groupOf[k]); });
    } else {
      for (uint32_t g = 0; g < groups.members.size(); ++g)
        if (passes(g)) picked.insert(picked.end(), groups.members[g].begin(), groups.members[g].end());
      std::sort(picked.begin(), picked.end());
    }
    if (over) return false;
    // byGroup: once a group's first candidate led to no binding, so do the rest.
    std::vector<uint32_t> barren;
    for (uint32_t k : picked) {
      const uint32_t g = groups.groupOf[k];
      if (level.byGroup && std::find(barren.begin(), barren.end(), g) != barren.end()) continue;
      const size_t before = bodies_;
      if (!visit(all[k], true)) return false;
      if (level.byGroup && bodies_ == before) barren.push_back(g);
    }
    slot = std::nullopt;
    return true;
  }

  // The candidates (indices into `all`, ascending, unique) that the narrowest
  // of the level's equalities and pickers leaves; false when none applies.
  bool narrow(const policy::Policy &policy, const policy::Binder &binder, const Level &level,
              const CandidateList &all, bool isActive, std::vector<Abs> &slots, const sema::Step *step,
              const std::vector<uint8_t> &active, std::vector<uint32_t> &picked) const {
    size_t best = SIZE_MAX;
    std::optional<std::vector<Value>> named;
    const EqIndex *index = nullptr;
    std::vector<std::string> keys;
    for (NodeId node : level.pickers)
      if (auto s = pick(policy, node, binder.slot, slots, step, active); s && s->size() < best) {
        best = s->size();
        named = std::move(s);
      }
    for (const auto &[key, other] : level.equalities) {
      const Abs values = eval(policy, other, slots, step, &active);
      if (!values || !std::all_of(values->begin(), values->end(), [](const Value &v) { return hashable(v); }))
        continue;
      const EqIndex &candidateIndex = eqIndexOf(binder, key, all, isActive);
      std::vector<std::string> serialized;
      size_t size = candidateIndex.always.size();
      for (const Value &v : *values) {
        serialize(v, serialized.emplace_back());
        if (auto it = candidateIndex.byValue.find(serialized.back()); it != candidateIndex.byValue.end())
          size += it->second.size();
      }
      if (size < best) {
        best = size;
        index = &candidateIndex;
        keys = std::move(serialized);
        named.reset();
      }
    }
    if (named) {
      for (const Value &v : *named) {
        if (v.kind != all.kind) continue;
        auto it = std::lower_bound(all.ids.begin(), all.ids.end(), v.id());
        if (it != all.ids.end() && *it == v.id()) picked.push_back(static_cast<uint32_t>(it - all.ids.begin()));
      }
    } else if (index) {
      picked = index->always;
      for (const std::string &key : keys)
        if (auto it = index->byValue.find(key); it != index->byValue.end())
          picked.insert(picked.end(), it->second.begin(), it->second.end());
    } else {
      return false;
    }
    std::sort(picked.begin(), picked.end());
    picked.erase(std::unique(picked.begin(), picked.end()), picked.end());
    return true;
  }

  // Values that valuesEqual compares exactly as their serialization does
  // (numbers compare across kinds and lists item by item: not these).
  static bool hashable(const Value &v) { return !v.isNumeric() && v.kind != Value::Kind::List; }

  static void serialize(const Value &v, std::string &out) {
    out += static_cast<char>('a' + static_cast<int>(v.kind));
    out += std::to_string(v.num);
    out += ':';
    out += std::to_string(v.str.size());
    out += ':';
    out += v.str;
    for (uint64_t part : v.parts) {
      out += '.';
      out += std::to_string(part);
    }
    out += '[';
    for (const Value &item : v.items) serialize(item, out);
    out += ']';
  }

  // The static candidates of an unjoined binder, partitioned by the possible
  // values of `keys`.
  struct Groups {
    const CandidateList *candidates = nullptr;
    std::vector<uint32_t> groupOf;               // candidate -> group
    std::vector<std::vector<uint32_t>> members;  // group -> candidates, ascending
    std::vector<uint64_t> stamp;                 // verdict valid for this generation
    std::vector<uint8_t> verdict;
    uint64_t generation = 0;
  };
  struct EqIndex {
    std::unordered_map<std::string, std::vector<uint32_t>> byValue;
    std::vector<uint32_t> always; // candidates whose possible values are not hashable
  };

  Groups &groupsOf(const policy::Binder &binder, const std::vector<sema::SymbolId> &keys, bool active) const {
    auto [it, fresh] = groups_.try_emplace({&binder, keys, active});
    Groups &g = it->second;
    if (!fresh) return g;
    g.candidates = &candidateList(binder);
    const CandidateList &all = *g.candidates;
    std::unordered_map<std::string, uint32_t> bySignature;
    std::string signature;
    for (uint32_t k = 0; k < all.size(); ++k) {
      signature.clear();
      for (sema::SymbolId key : keys) {
        const uint32_t id = attributeId(all[k], key, active);
        signature.append(reinterpret_cast<const char *>(&id), sizeof id);
      }
      auto [s, added] = bySignature.try_emplace(signature, static_cast<uint32_t>(g.members.size()));
      if (added) g.members.emplace_back();
      g.members[s->second].push_back(k);
      g.groupOf.push_back(s->second);
    }
    g.stamp.assign(g.members.size(), 0);
    g.verdict.assign(g.members.size(), 0);
    return g;
  }

  const EqIndex &eqIndexOf(const policy::Binder &binder, sema::SymbolId key, const CandidateList &all,
                           bool active) const {
    auto [it, fresh] = eqIndexes_.try_emplace({&binder, key, active});
    EqIndex &index = it->second;
    if (!fresh) return index;
    std::string s;
    for (uint32_t k = 0; k < all.size(); ++k) {
      const Abs &values = cachedAttribute(all[k], key, active);
      if (!values || !std::all_of(values->begin(), values->end(), [](const Value &v) { return hashable(v); })) {
        index.always.push_back(k);
        continue;
      }
      for (const Value &v : *values) {
        s.clear();
        serialize(v, s);
        std::vector<uint32_t> &ids = index.byValue[s];
        if (ids.empty() || ids.back() != k) ids.push_back(k);
      }
    }
    return index;
  }

  // attribute() is asked for the same (entity, key) pairs over and over
  // while bindings are enumerated, and most entities share one of a few
  // values: each is computed once and interned, and entities hold its id.
  // `active`: only the states where b is active.
  uint32_t attributeId(const Value &b, sema::SymbolId key, bool active) const {
    const bool data = b.kind == Value::Kind::Data;
    if (!data && b.kind != Value::Kind::Component) return intern(attribute(b, key)); // {none}
    std::vector<uint32_t> &ids = attributeIds_[uint64_t{key} << 2 | uint64_t{data} << 1 | uint64_t{active}];
    if (ids.empty()) ids.assign(data ? model_.data.size() : model_.components.size(), kUncomputed);
    uint32_t &id = ids[b.id()];
    if (id == kUncomputed) id = intern(active ? activeAttribute(b, key) : attribute(b, key));
    return id;
  }
  const Abs &cachedAttribute(const Value &b, sema::SymbolId key, bool active = false) const {
    return interned_[attributeId(b, key, active)];
  }
  uint32_t intern(Abs values) const {
    std::string text = values ? "=" : "*";
    if (values)
      for (const Value &v : *values) serialize(v, text);
    auto [it, fresh] = internIds_.try_emplace(std::move(text), static_cast<uint32_t>(interned_.size()));
    if (fresh) interned_.push_back(std::move(values));
    return it->second;
  }

  // The static candidates of an unjoined binder: every entity of its domain.
  const CandidateList &candidateList(const policy::Binder &binder) const {
    const bool data = binder.domain.kind == policy::Domain::Kind::Data;
    std::vector<sema::SymbolId> roles = binder.domain.roles;
    std::sort(roles.begin(), roles.end());
    auto [it, fresh] = candidateLists_.try_emplace({data, roles});
    if (fresh) {
      it->second.kind = data ? Value::Kind::Data : Value::Kind::Component;
      for (const Value &v : candidates(binder, {})) it->second.ids.push_back(v.id());
    }
    return it->second;
  }

  // A component deployed by the plan is active only after its `deploy`
  // (deploy needs it absent and decommissioning is final); when every deploy
  // of it sets `key`, an active state holds a value some step wrote there,
  // never the absent component's none. Otherwise: attribute().
  Abs activeAttribute(const Value &b, sema::SymbolId key) const {
    if (b.kind != Value::Kind::Component || model_.components[b.id()].inDeployment || key == sema::kNoId ||
        key == model_.keyName || key == model_.keyRole || key == model_.keyStatus || key == model_.keyUsers ||
        key == model_.keyServices || key == model_.keyRefs || key == model_.keySite)
      return attribute(b, key);
    const uint32_t c = b.id();
    auto sets = [&](const sema::Step *s) {
      return std::any_of(s->attrs.begin(), s->attrs.end(), [&](const sema::Attribute &a) { return a.key == key; });
    };
    for (const sema::Step *s : footprint_.writers({K::Status, c}))
      if (s->verb == ast::Verb::Deploy && !sets(s)) return attribute(b, key);
    std::vector<Value> out;
    for (const sema::Step *s : footprint_.writers({K::Attr, c, key}))
      for (const sema::Attribute &a : s->attrs)
        if (a.key == key) addValue(out, a.value);
    return out;
  }

  Abs initialAttr(const Value &b, sema::SymbolId key) const {
    return std::vector<Value>{b.kind == Value::Kind::Data ? state::dataAttr(model_, initial_, b.id(), key)
                                                          : state::componentAttr(model_, initial_, b.id(), key)};
  }
  bool written(const Field &f) const { return !footprint_.writers(f).empty(); }

  Abs attribute(const Value &b, sema::SymbolId key) const {
    if (key == sema::kNoId) return std::vector<Value>{Value::none()};
    if (b.kind == Value::Kind::Component) {
      const uint32_t c = b.id();
      if (key == model_.keyName || key == model_.keyRole) return initialAttr(b, key);
      if (key == model_.keyStatus) {
        std::vector<Value> out = *initialAttr(b, key);
        for (const sema::Step *s : footprint_.writers({K::Status, c}))
          addValue(out, Value::symbol(s->verb == ast::Verb::Deploy ? model_.symActive : model_.symDecommissioned));
        return out;
      }
      if (key == model_.keyUsers) return written({K::Users, c}) ? std::nullopt : initialAttr(b, key);
      if (key == model_.keyServices) return written({K::Services, c}) ? std::nullopt : initialAttr(b, key);
      if (key == model_.keyRefs) return footprint_.attrKeysWritten(c).empty() ? initialAttr(b, key) : std::nullopt;
      if (key == model_.keySite) return written({K::Attr, c, key}) ? std::nullopt : initialAttr(b, key);
      std::vector<Value> out = *initialAttr(b, key);
      for (const sema::Step *s : footprint_.writers({K::Attr, c, key}))
        for (const sema::Attribute &a : s->attrs)
          if (a.key == key) addValue(out, a.value);
      return out;
    }
    if (b.kind != Value::Kind::Data) return std::vector<Value>{Value::none()};
    const Field holder{K::Holder, b.id()}, backup{K::Backup, b.id()};
    if (key == model_.keyHeldBy || key == model_.keyMigratedTo) {
      std::vector<Value> out = *initialAttr(b, key);
      for (const sema::Step *s : footprint_.writers(holder)) addValue(out, Value::component(s->target));
      return out;
    }
    if (key == model_.keyBackedUp || key == model_.keyBackupLocation) {
      std::vector<Value> out = *initialAttr(b, key);
      for (const sema::Step *s : footprint_.writers(backup))
        addValue(out, key == model_.keyBackedUp ? Value::boolean(true) : Value::string(s->text));
      return out;
    }
    if (key == model_.keyRefs && written(holder)) return std::nullopt;
    return initialAttr(b, key);
  }

  void fieldsOf(const Value &b, sema::SymbolId key, std::vector<Field> &out) const {
    if (key == sema::kNoId) return;
    if (b.kind == Value::Kind::Component) {
      const uint32_t c = b.id();
      if (key == model_.keyName || key == model_.keyRole) return;
      if (key == model_.keyStatus) {
        out.push_back({K::Status, c});
      } else if (key == model_.keyUsers) {
        out.push_back({K::Users, c});
      } else if (key == model_.keyServices) {
        out.push_back({K::Services, c});
      } else if (key == model_.keyRefs) {
        for (sema::SymbolId k : footprint_.attrKeysWritten(c)) out.push_back({K::Attr, c, k});
      } else {
        out.push_back({K::Attr, c, key});
      }
    } else if (b.kind == Value::Kind::Data) {
      if (key == model_.keyHeldBy || key == model_.keyMigratedTo || key == model_.keyRefs)
        out.push_back({K::Holder, b.id()});
      else if (key == model_.keyBackedUp || key == model_.keyBackupLocation)
        out.push_back({K::Backup, b.id()});
    }
  }

  const sema::Model &model_;
  const explore::Footprint &footprint_;
  state::State initial_;
  static constexpr uint32_t kUncomputed = ~uint32_t{0};
  mutable std::deque<Abs> interned_; // stable addresses
  mutable std::unordered_map<std::string, uint32_t> internIds_;
  mutable std::unordered_map<uint64_t, std::vector<uint32_t>> attributeIds_; // by key, data, active: per entity
  mutable std::map<std::pair<bool, std::vector<sema::SymbolId>>, CandidateList> candidateLists_;
  mutable size_t bodies_ = 0; // bindings enumerated so far (byGroup tells a barren group by it)
  mutable std::map<std::tuple<const policy::Binder *, std::vector<sema::SymbolId>, bool>, Groups> groups_;
  mutable std::map<std::tuple<const policy::Binder *, sema::SymbolId, bool>, EqIndex> eqIndexes_;
};

// Sorted PhaseIds: a binding sees a few phases of a plan of thousands.
using Phases = std::vector<PhaseId>;

// The phases whose effects a binding can see, split for the candidate
// downsets (docs/verification.md): the core changes what it reads in any
// way; the adders only add to an accumulator, a field the binding reads only
// as "zero or not" (a tag; users, when the policy compares them only so).
struct Relevance {
  Phases core;
  Phases adders;             // outside the core
  uint32_t accumulators = 0; // the accumulators with an adder outside the core
  auto operator<=>(const Relevance &) const = default;
};

// One binding to decide: its slots, and the phases whose effects it can see.
struct Binding {
  std::vector<Value> slots;
  Relevance relevance;
};

// The best occurrence of a finding so far: the downset, then P's position and
// the step index (guards).
struct Occurrence {
  const llvm::BitVector *positions; // a candidate downset: they live as long as the Reducer
  uint32_t phasePosition = 0;
  size_t step = 0;
  bool operator<(const Occurrence &o) const {
    if (*positions != *o.positions) return explore::Canon::less(*positions, *o.positions);
    return phasePosition != o.phasePosition ? phasePosition < o.phasePosition : step < o.step;
  }
};

class Reducer {
public:
  Reducer(const sema::Model &model, const graph::PhaseGraph &graph, const policy::PolicySet &policies,
          const VerifyOptions &options)
      : model_(model), graph_(graph), policies_(policies), options_(options), canon_(graph),
        footprint_(model), analysis_(model, footprint_), states_(model, canon_),
        builder_(model, policies, options.useIndexJoins), ancestors_(model.phases.size()) {
    // In topological order, a phase's ancestors are its predecessors' and
    // the predecessors themselves: whole-word unions (setting each bit of
    // `reaches` one by one was quadratic in bit writes on long chains).
    const size_t n = model.phases.size();
    for (PhaseId p = 0; p < n; ++p) ancestors_[p].resize(n);
    for (PhaseId b : graph.order)
      for (PhaseId a : graph.predecessors[b]) {
        ancestors_[b] |= ancestors_[a];
        ancestors_[b].set(canon_.position(a));
      }
  }

  enum class Outcome { Done, Unreducible, StateLimit };

  Outcome run(diag::Diagnostics &diags) {
    states_.get(llvm::BitVector(model_.phases.size())); // the initial state counts, as in the full mode
    // A step fails or not alike from every downset its phase can run after
    // (Lemma 1): the first of them, the phase's ancestors, tells.
    std::vector<std::tuple<PhaseId, size_t, std::string, std::vector<PhaseId>>> stepErrors;
    for (PhaseId p : graph_.order) {
      state::State s = states_.get(ancestors_[p]);
      if (tooMany()) return Outcome::StateLimit;
      const auto &steps = model_.phases[p].steps;
      for (size_t i = 0; i < steps.size(); ++i)
        if (auto error = state::applyStep(model_, steps[i], s))
          stepErrors.emplace_back(p, i, std::move(*error), canon_.trace(ancestors_[p]));
    }
    for (uint32_t p = 0; p < policies_.policies.size(); ++p) {
      const Outcome o = policies_.policies[p].guard ? guard(p) : invariant(p);
      if (o != Outcome::Done) return o;
    }
    for (auto &[p, i, message, trace] : stepErrors) explore::reportStep(model_, trace, p, i, std::move(message), diags);
    return Outcome::Done;
  }

  std::vector<Found> takeFindings() { return std::move(found_); }
  size_t statesBuilt() const { return states_.size(); }

private:
  // CUTOVER_DEBUG_REDUCE=1 tells on stderr why the reduction gives up
  // (docs/verification.md); nothing else sees the reason.
  Outcome unreducible(const std::string &why) const {
    if (std::getenv("CUTOVER_DEBUG_REDUCE")) fmt::print(stderr, "cutover: reduced exploration falls back: {}\n", why);
    return Outcome::Unreducible;
  }

  bool tooMany() const { return states_.size() > options_.maxStates; }

  Relevance relevanceOf(std::vector<Field> fields, bool usersBySign) const {
    std::sort(fields.begin(), fields.end());
    fields.erase(std::unique(fields.begin(), fields.end()), fields.end());
    Relevance r;
    std::vector<const Phases *> accumulators;
    for (const Field &f : fields) {
      const Phases &all = footprint_.relevant(f);
      if (f.kind != K::Tag && !(f.kind == K::Users && usersBySign)) {
        r.core.insert(r.core.end(), all.begin(), all.end());
        continue;
      }
      const Phases &adders = footprint_.adders(f);
      std::set_difference(all.begin(), all.end(), adders.begin(), adders.end(), std::back_inserter(r.core));
      if (!adders.empty()) accumulators.push_back(&adders);
    }
    std::sort(r.core.begin(), r.core.end());
    r.core.erase(std::unique(r.core.begin(), r.core.end()), r.core.end());
    for (const Phases *adders : accumulators) {
      const size_t before = r.adders.size();
      for (PhaseId a : *adders)
        if (!std::binary_search(r.core.begin(), r.core.end(), a)) r.adders.push_back(a);
      if (r.adders.size() > before) ++r.accumulators;
    }
    std::sort(r.adders.begin(), r.adders.end());
    r.adders.erase(std::unique(r.adders.begin(), r.adders.end()), r.adders.end());
    return r;
  }

  // Whether the policy reads `users` only in comparisons with a constant
  // that come out the same for every positive count (`p.users > 0`,
  // `c.users == 0`), and not `step.count`: then a count matters only as
  // zero or not, and users are never negative.
  static bool readsUsersBySign(const policy::Policy &policy, sema::SymbolId keyUsers) {
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

  // Whether a policy reads initial() or final(): only then do the empty and
  // the complete downset differ from others with the same D ∩ R.
  static bool readsEnds(const policy::Policy &policy) {
    return std::any_of(policy.nodes.begin(), policy.nodes.end(),
                       [](const Node &n) { return n.op == Node::Op::Initial || n.op == Node::Op::Final; });
  }

  // The downsets D in canonical order (as position sets) that stand for every
  // reachable state, given that what is evaluated depends only on D ∩ core,
  // on whether D holds an adder of each of `rel.accumulators` fields, and,
  // with `ends`, on D being empty or complete (docs/verification.md); with
  // `phase` (guards) only those where the phase is enabled. nullptr when
  // there are too many.
  const std::vector<llvm::BitVector> *candidatesFor(const Relevance &rel, PhaseId phase, bool ends) {
    auto &cache = candidates_[{phase, ends}];
    if (auto it = cache.find(rel); it != cache.end()) return &it->second;
    // Sets of phases are position sets here (as candidates are): converting
    // each candidate from phase ids cost O(phases) apiece.
    const size_t n = model_.phases.size();
    llvm::BitVector core(n);
    for (PhaseId p : rel.core) core.set(canon_.position(p));
    llvm::BitVector required(n); // in every D: the ancestors of `phase`
    if (phase != sema::kNoId) required = ancestors_[phase];
    auto forbidden = [&](PhaseId r) { return phase != sema::kNoId && (r == phase || graph_.reaches[phase].test(r)); };
    // The core in graph.order, each with its ancestors in the core; an
    // element must be in D (in `required`), must not be (`phase` and what
    // comes after it), or may be.
    std::vector<PhaseId> rs;
    std::vector<llvm::BitVector> below;
    for (unsigned position : core.set_bits()) {
      rs.push_back(graph_.order[position]);
      below.push_back(ancestors_[rs.back()]);
      below.back() &= core;
    }
    std::vector<PhaseId> adders;
    for (PhaseId a : rel.adders)
      if (!forbidden(a)) adders.push_back(a);
    std::vector<llvm::BitVector> out;
    size_t budget = options_.maxStates;
    bool ok = true;
    auto accept = [&](const llvm::BitVector &set) {
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
    auto addAdders = [&](auto &self, const llvm::BitVector &d, size_t from, uint32_t left) -> void {
      for (size_t j = from; j < adders.size() && ok && left > 0; ++j) {
        llvm::BitVector more = d;
        more |= ancestors_[adders[j]];
        more.set(canon_.position(adders[j]));
        accept(more);
        self(self, more, j + 1, left - 1);
      }
    };
    llvm::BitVector s(n), d = required;
    // Every downset S of the core's induced order that is compatible with
    // `phase`; D = downclosure(S ∪ required), so D ∩ core = S.
    auto visit = [&](auto &self, size_t i) -> void {
      if (!ok) return;
      if (i == rs.size()) {
        accept(d);
        addAdders(addAdders, d, 0, rel.accumulators);
        return;
      }
      const PhaseId r = rs[i];
      const unsigned position = canon_.position(r);
      const bool forced = required.test(position);
      if (!forced) self(self, i + 1);
      if (forbidden(r) || below[i].test(s)) return; // an ancestor in the core is left out
      llvm::BitVector saved = d;
      s.set(position);
      d |= ancestors_[r];
      d.set(position);
      self(self, i + 1);
      s.reset(position);
      d = std::move(saved);
    };
    visit(visit, 0);
    if (!ok) return nullptr;
    // final(): the complete set; initial(): the smallest non-empty D that
    // sees what the empty one sees (a source phase that is neither in the
    // core nor an adder).
    if (ends && phase == sema::kNoId) out.push_back(llvm::BitVector(n, true));
    if (ends && required.none())
      for (PhaseId q : graph_.order)
        if (graph_.predecessors[q].empty() && !core.test(canon_.position(q)) &&
            !std::binary_search(rel.adders.begin(), rel.adders.end(), q) && q != phase) {
          llvm::BitVector single(n);
          single.set(canon_.position(q));
          out.push_back(std::move(single));
          break;
        }
    std::sort(out.begin(), out.end(), explore::Canon::less);
    out.erase(std::unique(out.begin(), out.end()), out.end());
    return &cache.emplace(rel, std::move(out)).first->second;
  }

  // The state step `i` of phase `p` sees after the downset `d` (positions),
  // kept and advanced step by step while a loop walks phase `p` with
  // non-decreasing `i`: copying the state per step and replaying the steps
  // before it was quadratic in a phase's steps.
  state::State &inPhase(const llvm::BitVector &d, PhaseId p, size_t i) {
    if (p != cursorPhase_) {
      cursors_.clear();
      cursorPhase_ = p;
    }
    auto it = cursors_.find(d);
    if (it == cursors_.end() || it->second.next > i) {
      const state::State &start = states_.get(d);
      it = cursors_.insert_or_assign(d, Cursor{start, 0}).first;
    }
    Cursor &c = it->second;
    for (; c.next < i; ++c.next) state::applyStep(model_, model_.phases[p].steps[c.next], c.state);
    return c.state;
  }

  // As inPhase(), for a single use out of step order: a fresh copy.
  state::State before(const llvm::BitVector &d, PhaseId p, size_t i) {
    state::State s = states_.get(d);
    for (size_t k = 0; k < i; ++k) state::applyStep(model_, model_.phases[p].steps[k], s);
    return s;
  }

  // The bindings of a policy (the guard subject in slot 0 when `step` is set)
  // that no filter excludes statically, each with its relevant phases.
  // `usersBySign`: readsUsersBySign(policy).
  std::optional<std::vector<Binding>> bindings(const policy::Policy &policy, const sema::Step *step,
                                               bool usersBySign) {
    std::vector<Abs> slots(policy.slotNames.size(), std::nullopt);
    if (step) slots[0] = std::vector<Value>{subjectOf(*step)};
    std::vector<Binding> out;
    size_t budget = kMaxBindingSteps;
    bool unbounded = false;
    auto collect = [&] {
      if (unbounded) return;
      std::vector<Abs> bound = slots;
      Reads reads;
      for (NodeId node : {policy.when, policy.where, policy.require}) analysis_.reads(policy, node, bound, step, reads);
      Binding b;
      b.slots.resize(policy.slotNames.size());
      if (step) b.slots[0] = subjectOf(*step);
      for (const policy::Binder &binder : policy.binders) {
        b.slots[binder.slot] = slots[binder.slot]->front();
        if (b.slots[binder.slot].kind == Value::Kind::Component)
          reads.fields.push_back({K::Exists, b.slots[binder.slot].id()});
      }
      if (reads.unbounded) unbounded = true;
      b.relevance = relevanceOf(reads.fields, usersBySign);
      out.push_back(std::move(b));
    };
    const std::vector<NodeId> filters{policy.when, policy.where};
    const bool excluded = std::any_of(filters.begin(), filters.end(), [&](NodeId f) {
      return f != policy::kNoNode && truthOf(analysis_.eval(policy, f, slots, step)) == kFalse;
    });
    if (excluded) return out;
    if (!analysis_.enumerate(policy, policy.binders, 0, filters, slots, step, budget, collect) || unbounded)
      return std::nullopt;
    return out;
  }

  Outcome invariant(uint32_t p) {
    const policy::Policy &policy = policies_.policies[p];
    auto all = bindings(policy, nullptr, readsUsersBySign(policy, model_.keyUsers));
    if (!all) return unreducible(policy.info.id + ": bindings over budget or unbounded reads");
    // Bindings with the same relevant phases share their candidate states.
    std::map<Relevance, std::vector<Binding *>> groups;
    for (Binding &b : *all) groups[b.relevance].push_back(&b);
    std::vector<Value> slots;
    for (auto &[key, group] : groups) {
      const auto *candidates = candidatesFor(key, sema::kNoId, readsEnds(policy));
      if (!candidates) return unreducible(policy.info.id + ": too many candidate downsets");
      std::vector<Binding *> open = group;
      for (const llvm::BitVector &d : *candidates) {
        if (open.empty()) break;
        const state::State &s = states_.get(d);
        if (tooMany()) return Outcome::StateLimit;
        const size_t size = d.count();
        const Context ctx{.model = model_,
                          .state = s,
                          .isFinal = size == model_.phases.size(),
                          .isInitial = size == 0,
                          .useJoins = options_.useIndexJoins};
        Evaluator evaluator(policy, ctx);
        std::erase_if(open, [&](Binding *b) {
          slots.assign(b->slots.begin(), b->slots.end()); // one buffer per policy, not one per evaluation
          if (!evaluator.violates(slots)) return false;
          llvm::BitVector beforeLast = d;
          if (size != 0) beforeLast.reset(static_cast<unsigned>(d.find_last()));
          const state::State &previous = states_.get(beforeLast);
          found_.push_back(builder_.invariant(p, states_.get(d), previous, b->slots, canon_.trace(d)));
          return true;
        });
      }
    }
    return Outcome::Done;
  }

  Outcome guard(uint32_t p) {
    const policy::Policy &policy = policies_.policies[p];
    // Per bound entities: the first occurrence over every step of the verb.
    std::map<std::vector<uint64_t>, std::pair<Occurrence, std::vector<Value>>> best;
    const bool usersBySign = readsUsersBySign(policy, model_.keyUsers);
    for (PhaseId phase : graph_.order) {
      const auto &steps = model_.phases[phase].steps;
      for (size_t i = 0; i < steps.size(); ++i) {
        if (steps[i].verb != policy.verb) continue;
        auto all = bindings(policy, &steps[i], usersBySign);
        if (!all) return unreducible(policy.info.id + ": bindings over budget or unbounded reads");
        for (Binding &b : *all) {
          const auto *candidates = candidatesFor(b.relevance, phase, readsEnds(policy));
          if (!candidates) return unreducible(policy.info.id + ": too many candidate downsets");
          const std::vector<uint64_t> key = entityKey(boundEntities(policy, b.slots));
          for (const llvm::BitVector &d : *candidates) {
            Occurrence occurrence{&d, canon_.position(phase), i};
            if (auto it = best.find(key); it != best.end() && !(occurrence < it->second.first)) break;
            const state::State &s = inPhase(d, phase, i);
            if (tooMany()) return Outcome::StateLimit;
            std::vector<Value> slots = b.slots;
            if (!guardViolates(model_, policy, steps[i], s, d.none() && i == 0, options_.useIndexJoins, slots))
              continue;
            best[key] = {std::move(occurrence), b.slots};
            break;
          }
        }
      }
    }
    for (auto &[key, entry] : best) {
      const auto &[occurrence, slots] = entry;
      const PhaseId phase = graph_.order[occurrence.phasePosition];
      const llvm::BitVector &d = *occurrence.positions;
      std::vector<PhaseId> trace = canon_.trace(d);
      trace.push_back(phase);
      found_.push_back(builder_.guard(p, model_.phases[phase].steps[occurrence.step], before(d, phase, occurrence.step),
                                      d.none() && occurrence.step == 0, slots, trace));
    }
    return Outcome::Done;
  }

  const sema::Model &model_;
  const graph::PhaseGraph &graph_;
  const policy::PolicySet &policies_;
  const VerifyOptions &options_;
  explore::Canon canon_;
  explore::Footprint footprint_;
  Analysis analysis_;
  explore::StateCache states_;
  FindingBuilder builder_;
  std::vector<llvm::BitVector> ancestors_; // ancestors_[p]: the positions of the phases that must complete before p
  // By (phase, ends), then R: looked up per step and per binding group.
  std::map<std::pair<PhaseId, bool>, std::map<Relevance, std::vector<llvm::BitVector>>> candidates_;
  struct Cursor {
    state::State state;
    size_t next = 0; // the steps before `next` are applied
  };
  std::unordered_map<llvm::BitVector, Cursor, explore::BitVectorHash> cursors_; // by downset, in cursorPhase_
  PhaseId cursorPhase_ = sema::kNoId;
  std::vector<Found> found_;
};

} // namespace

std::optional<VerifyResult> verifyReduced(const sema::Model &model, const graph::PhaseGraph &graph,
                                          const policy::PolicySet &policies, const VerifyOptions &options,
                                          diag::Diagnostics &diags) {
  Reducer reducer(model, graph, policies, options);
  diag::Diagnostics steps;
  const Reducer::Outcome outcome = reducer.run(steps);
  if (outcome == Reducer::Outcome::Unreducible) return std::nullopt;
  VerifyResult result;
  result.statesExplored = reducer.statesBuilt();
  if (outcome == Reducer::Outcome::StateLimit) {
    explore::reportStateLimit(model, options.maxStates, true, diags);
    result.stateLimitHit = true;
    return result;
  }
  for (diag::Finding &f : steps.findings()) diags.report(std::move(f));
  reportFindings(model, policies, options.today, reducer.takeFindings(), diags);
  return result;
}

} // namespace cutover::eval
