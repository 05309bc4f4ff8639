// What an attribute may hold in any reachable state: the initial value plus
// every value a step writes there (docs/verification.md, "What a binding
// reads"), and the fields a read of it depends on.
#pragma once

#include "compiler/sema/model.h"
#include "runtime/eval/reduced/abstract.h"
#include "runtime/eval/reduced/footprint.h"
#include "runtime/state/state.h"

#include <deque>
#include <string>
#include <unordered_map>
#include <vector>

namespace cutover::eval::reduced {

class AttributeBounds {
public:
  // `initial`: the plan's initial state.
  AttributeBounds(const sema::Model &model, const Footprint &footprint, state::State initial);

  // The values attribute `key` of `b` may hold in any reachable state;
  // `active`: in the states where b is active only.
  const Abs &values(const sema::Value &b, sema::SymbolId key, bool active = false) const {
    return interned_[id(b, key, active)];
  }
  // The same values as an id: entities whose values are equal share it.
  uint32_t id(const sema::Value &b, sema::SymbolId key, bool active) const;
  // The fields whose value reading `b.key` depends on.
  void fieldsOf(const sema::Value &b, sema::SymbolId key, std::vector<Field> &out) const;

private:
  Abs attribute(const sema::Value &b, sema::SymbolId key) const;
  Abs activeAttribute(const sema::Value &b, sema::SymbolId key) const;
  Abs initialAttr(const sema::Value &b, sema::SymbolId key) const;
  bool written(const Field &f) const { return !footprint_.writers(f).empty(); }
  uint32_t intern(Abs values) const;

  const sema::Model &model_;
  const Footprint &footprint_;
  state::State initial_;
  // attribute() is asked for the same (entity, key) pairs over and over while
  // bindings are enumerated, and most entities share one of a few values:
  // each is computed once and interned, and entities hold its id. Filled on
  // demand by every policy of a run (a cache, not scratch).
  static constexpr uint32_t kUncomputed = ~uint32_t{0};
  mutable std::deque<Abs> interned_; // stable addresses
  mutable std::unordered_map<std::string, uint32_t> internIds_;
  mutable std::unordered_map<uint64_t, std::vector<uint32_t>> attributeIds_; // by key, data, active: per entity
};

} // namespace cutover::eval::reduced
