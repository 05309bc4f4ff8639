#include "runtime/eval/reduced/bindings.h"

#include <algorithm>
#include <cstdint>

namespace cutover::eval::reduced {

using policy::Node;
using policy::NodeId;
using sema::Value;

bool BindingEnumerator::enumerate(const policy::Policy &policy, const std::vector<policy::Binder> &binders, size_t i,
                                  const std::vector<NodeId> &filters, std::vector<Abs> &slots, const sema::Step *step,
                                  size_t &budget, llvm::function_ref<void()> body) const {
  auto it = plans_.find(PlanKeyRef{&binders, &filters});
  if (it == plans_.end())
    it = plans_.emplace(PlanKey{&binders, filters}, planBindings(eval_.model(), policy, binders, filters)).first;
  return enumerateFrom(policy, binders, it->second, i, slots, step, budget, body);
}

bool BindingEnumerator::enumerateFrom(const policy::Policy &policy, const std::vector<policy::Binder> &binders,
                                      const Plan &p, size_t i, std::vector<Abs> &slots, const sema::Step *step,
                                      size_t &budget, llvm::function_ref<void()> body) const {
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
      return c.grouped == grouped && eval_.truth(policy, c.node, slots, step, &p.active) == kFalse;
    });
  };
  auto visit = [&](const Value &c, bool groupedTested) {
    if (budget-- == 0) return false;
    slot.emplace().push_back(c);
    if (!(groupedTested || admits(true)) || !admits(false)) return true; // not a binding: go on
    return enumerateFrom(policy, binders, p, i + 1, slots, step, budget, body);
  };
  if (binder.join) {
    for (const Value &c : eval_.candidates(binder, slots))
      if (!visit(c, false)) return false;
    slot = std::nullopt;
    return true;
  }
  // Unjoined: candidates with the same possible values of the keys the
  // grouped conjuncts read get the same verdict, tested once per group;
  // an equality conjunct picks its candidates from an index.
  Groups &groups = groupsOf(binder, level.keys, isActive);
  const CandidateList &all = *groups.candidates;
  const CandidateIndexes::Partition &partition = *groups.partition;
  ++groups.generation;
  bool over = false;
  auto passes = [&](uint32_t g) {
    if (groups.stamp[g] != groups.generation) {
      if (budget == 0) over = true;
      if (over) return false;
      --budget;
      slot.emplace().push_back(all[partition.members[g].front()]);
      groups.verdict[g] = admits(true);
      groups.stamp[g] = groups.generation;
    }
    return groups.verdict[g] != 0;
  };
  std::vector<uint32_t> &picked = groups.picked;
  picked.clear();
  if (narrow(policy, binder, level, all, isActive, slots, step, p.active, picked)) {
    std::erase_if(picked, [&](uint32_t k) { return !passes(partition.groupOf[k]); });
  } else {
    for (uint32_t g = 0; g < partition.members.size(); ++g)
      if (passes(g)) picked.insert(picked.end(), partition.members[g].begin(), partition.members[g].end());
    std::sort(picked.begin(), picked.end());
  }
  if (over) return false;
  // byGroup: once a group's first candidate led to no binding, so do the rest.
  std::vector<uint32_t> &barren = groups.barren;
  barren.clear();
  for (uint32_t k : picked) {
    const uint32_t g = partition.groupOf[k];
    if (level.byGroup && std::find(barren.begin(), barren.end(), g) != barren.end()) continue;
    const size_t before = bodies_;
    if (!visit(all[k], true)) return false;
    if (level.byGroup && bodies_ == before) barren.push_back(g);
  }
  slot = std::nullopt;
  return true;
}

// The entities node `id` (namesSlot() holds) may be true for, as `slot`'s
// value: a superset, from the possible values of the other sides; nullopt
// when those cannot be bounded. Entities only: valuesEqual never equates
// an entity with anything else.
std::optional<std::vector<Value>> BindingEnumerator::pick(const policy::Policy &policy, NodeId id, policy::Slot slot,
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
    Abs values = eval_.eval(policy, other, slots, step, &active);
    if (!values) return std::nullopt;
    std::vector<Value> out;
    for (const Value &v : *values) {
      if (entity(v))
        out.push_back(v);
      else if (in && v.kind == Value::Kind::List)
        for (const Value &item : v.items())
          if (entity(item)) out.push_back(item);
    }
    return out;
  }
  case Node::Op::And: {
    std::optional<std::vector<Value>> best;
    for (NodeId a : n.args)
      if (namesSlot(policy, a, slot))
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

// The candidates (indices into `all`, ascending, unique) that the narrowest
// of the level's equalities and pickers leaves; false when none applies.
bool BindingEnumerator::narrow(const policy::Policy &policy, const policy::Binder &binder, const Level &level,
                               const CandidateList &all, bool isActive, std::vector<Abs> &slots, const sema::Step *step,
                               const std::vector<uint8_t> &active, std::vector<uint32_t> &picked) const {
  size_t best = SIZE_MAX;
  std::optional<std::vector<Value>> named;
  const CandidateIndexes::EqIndex *index = nullptr;
  std::vector<std::string> keys;
  for (NodeId node : level.pickers)
    if (auto s = pick(policy, node, binder.slot, slots, step, active); s && s->size() < best) {
      best = s->size();
      named = std::move(s);
    }
  for (const auto &[key, other] : level.equalities) {
    const Abs values = eval_.eval(policy, other, slots, step, &active);
    if (!values || !std::all_of(values->begin(), values->end(), [](const Value &v) { return hashable(v); })) continue;
    const CandidateIndexes::EqIndex &candidateIndex = eqIndexOf(binder, key, all, isActive);
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

BindingEnumerator::Groups &BindingEnumerator::groupsOf(const policy::Binder &binder,
                                                       const std::vector<sema::SymbolId> &keys, bool active) const {
  auto [it, fresh] = groups_.try_emplace({&binder, keys, active});
  Groups &g = it->second;
  if (!fresh) return g;
  g.candidates = &eval_.candidateList(binder);
  g.partition = &indexes_.partition(*g.candidates, keys, active);
  g.stamp.assign(g.partition->members.size(), 0);
  g.verdict.assign(g.partition->members.size(), 0);
  return g;
}

const CandidateIndexes::EqIndex &BindingEnumerator::eqIndexOf(const policy::Binder &binder, sema::SymbolId key,
                                                              const CandidateList &all, bool active) const {
  auto [it, fresh] = eqIndexes_.try_emplace({&binder, key, active}, nullptr);
  if (fresh) it->second = &indexes_.eqIndex(all, key, active);
  return *it->second;
}

template <typename Map, typename Key, typename Build>
const auto &CandidateIndexes::entry(Map &map, Key key, Build build) const {
  typename Map::mapped_type *e = nullptr;
  {
    std::lock_guard lock(mutex_);
    e = &map[std::move(key)]; // std::map: the entry stays where it is
  }
  std::call_once(e->built, build, e->value); // a thread that asks while another builds it waits
  return e->value;
}

const CandidateIndexes::Partition &
CandidateIndexes::partition(const CandidateList &all, const std::vector<sema::SymbolId> &keys, bool active) const {
  return entry(partitions_, std::tuple{&all, keys, active}, [&](Partition &g) {
    std::unordered_map<std::string, uint32_t> bySignature;
    std::string signature, previous;
    uint32_t group = 0;
    for (uint32_t k = 0; k < all.size(); ++k) {
      signature.clear();
      for (sema::SymbolId key : keys) {
        const uint32_t id = eval_.bounds().id(all[k], key, active);
        signature.append(reinterpret_cast<const char *>(&id), sizeof id);
      }
      // Neighbours mostly share a signature: then no hashing.
      if (k == 0 || signature != previous) {
        auto [s, added] = bySignature.try_emplace(signature, static_cast<uint32_t>(g.members.size()));
        if (added) g.members.emplace_back();
        group = s->second;
        std::swap(signature, previous);
      }
      g.members[group].push_back(k);
      g.groupOf.push_back(group);
    }
  });
}

const CandidateIndexes::EqIndex &CandidateIndexes::eqIndex(const CandidateList &all, sema::SymbolId key,
                                                           bool active) const {
  return entry(eqIndexes_, std::tuple{&all, key, active}, [&](EqIndex &index) {
    std::string s;
    // The lists the previous candidate went into, and its (interned) values:
    // a neighbour with the same values goes into the same lists unhashed.
    const Abs *previous = nullptr;
    std::vector<std::vector<uint32_t> *> lists;
    for (uint32_t k = 0; k < all.size(); ++k) {
      const Abs &values = eval_.bounds().values(all[k], key, active);
      if (!values || !std::all_of(values->begin(), values->end(), [](const Value &v) { return hashable(v); })) {
        index.always.push_back(k);
        continue;
      }
      if (&values != previous) {
        previous = &values;
        lists.clear();
        for (const Value &v : *values) {
          s.clear();
          serialize(v, s);
          lists.push_back(&index.byValue[s]); // a node of an unordered_map stays where it is
        }
      }
      for (std::vector<uint32_t> *ids : lists)
        if (ids->empty() || ids->back() != k) ids->push_back(k);
    }
  });
}

} // namespace cutover::eval::reduced
