// What an attribute may hold in any reachable state: the initial value plus
// every value a step writes there (docs/verification.md, "What a binding
// reads"), and the fields a read of it depends on.
#pragma once

#include "compiler/sema/model.h"
#include "runtime/eval/reduced/abstract.h"
#include "runtime/eval/reduced/footprint.h"
#include "runtime/state/state.h"

#include <llvm/ADT/SmallVector.h>

#include <atomic>
#include <deque>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

namespace cutover::eval::reduced {

// Read by any number of threads at once: the verification's threads share
// one, filled on demand (docs/architecture.md, "Parallel verification").
class AttributeBounds {
public:
  // `initial`: the plan's initial state.
  AttributeBounds(const sema::Model &model, const Footprint &footprint, state::State initial);

  // The values attribute `key` of `b` may hold in any reachable state;
  // `active`: in the states where b is active only.
  const Abs &values(const sema::Value &b, sema::SymbolId key, bool active = false) const {
    return find(b, key, active).values;
  }
  // The same values as an id: entities whose values are equal share it.
  uint32_t id(const sema::Value &b, sema::SymbolId key, bool active) const { return find(b, key, active).id; }
  // The fields whose value reading `b.key` depends on.
  void fieldsOf(const sema::Value &b, sema::SymbolId key, std::vector<Field> &out) const;

private:
  struct Interned {
    Abs values;
    uint32_t id = 0;
  };
  // One entry per entity of one (key, data, active): computed once, by
  // whichever thread asks first (two that ask at once compute the same).
  // A table ends with one more: the entry a miss in it found last.
  using Slot = std::atomic<const Interned *>;

  const Interned &find(const sema::Value &b, sema::SymbolId key, bool active) const;
  Slot *tableOf(size_t index, size_t entities) const;
  Abs attribute(const sema::Value &b, sema::SymbolId key) const;
  Abs activeAttribute(const sema::Value &b, sema::SymbolId key) const;
  Abs initialAttr(const sema::Value &b, sema::SymbolId key) const;
  bool written(const Field &f) const { return !footprint_.writers(f).empty(); }
  const Interned &intern(Abs values) const;
  static bool sameValues(const Abs &a, const Abs &b);

  const sema::Model &model_;
  const Footprint &footprint_;
  state::State initial_;
  // attribute() is asked for the same (entity, key) pairs over and over while
  // bindings are enumerated, and most entities share one of a few values:
  // each is computed once and interned, and entities point at it. Filled on
  // demand by every policy of a run (a cache, not scratch). Readers take no
  // lock: a table and an entry are published once, atomically, and never
  // change after; interning (a miss) takes mutex_.
  std::unique_ptr<std::atomic<Slot *>[]> tables_; // by key, data, active
  const Interned *none_ = nullptr;                // {none}: no key, or not an entity
  mutable std::mutex mutex_;
  mutable std::deque<Interned> interned_;                                                  // stable addresses
  mutable std::unordered_map<uint64_t, llvm::SmallVector<const Interned *, 1>> internIds_; // by hash of the values
  mutable std::vector<std::unique_ptr<Slot[]>> tableStore_;
};

} // namespace cutover::eval::reduced
