// How the static enumeration of a policy's bindings tests its filters: each
// conjunct of `when`/`where` at the level of the last binder it reads, with
// what lets a level test groups of candidates at once or take its candidates
// from an index (docs/verification.md, "What a binding reads").
#pragma once

#include "compiler/policy/policy.h"

#include <utility>
#include <vector>

namespace cutover::eval::reduced {

// A conjunct of a filter, tested at the level of the last binder it reads:
// testing the whole filter per candidate made multi-binder policies cubic.
// The filter excludes a binding exactly when one of its conjuncts does.
struct Conjunct {
  policy::NodeId node = policy::kNoNode;
  bool grouped = false; // reads the level's binder only as `x.key` (keys in Level::keys)
};

struct Level {
  std::vector<Conjunct> conjuncts;
  std::vector<sema::SymbolId> keys; // the binder's keys its group signature covers, sorted
  // Conjuncts that confine the candidates, the narrowest used per enumeration:
  std::vector<std::pair<sema::SymbolId, policy::NodeId>> equalities; // `other == x.key` (or swapped): an index of key
  std::vector<policy::NodeId> pickers; // name the candidate itself: `x == other`, `x in other`, and/or of those
  // The binder is read only through `keys` from here on and nothing joins on
  // it: whether a candidate leads to any binding depends on its group alone.
  bool byGroup = false;
};

struct Plan {
  std::vector<Level> levels;   // by binder
  std::vector<uint8_t> active; // by slot: a conjunct requires `x.status == active`
};

// The plan for enumerating `binders` under `filters`.
Plan planBindings(const sema::Model &model, const policy::Policy &policy, const std::vector<policy::Binder> &binders,
                  const std::vector<policy::NodeId> &filters);

// Whether node `id` names the value of `slot` (`slot == e`, `slot in e`, or
// an and/or of those): it is true only for a value of `slot` that `id`
// names, whatever the rest.
bool namesSlot(const policy::Policy &policy, policy::NodeId id, policy::Slot slot);

} // namespace cutover::eval::reduced
