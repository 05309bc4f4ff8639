// The static enumeration of a policy's bindings: every assignment of
// candidates to its binders that no conjunct of its filters excludes in any
// reachable state (docs/verification.md, "What a binding reads").
#pragma once

#include "compiler/policy/policy.h"
#include "runtime/eval/reduced/abstract.h"
#include "runtime/eval/reduced/abstract_eval.h"
#include "runtime/eval/reduced/binding_plan.h"

#include <llvm/ADT/STLFunctionalExtras.h>

#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <tuple>
#include <unordered_map>
#include <utility>
#include <vector>

namespace cutover::eval::reduced {

// The static candidates of unjoined binders, partitioned by the possible
// values of a few keys and indexed by those of one: built once per run, by
// whichever thread asks first, and read by any number at once. (A domain's
// partition serves every policy that ranges over it.)
class CandidateIndexes {
public:
  explicit CandidateIndexes(const AbstractEvaluator &evaluator) : eval_(evaluator) {}

  // The candidates by group: those with the same possible values of `keys`.
  struct Partition {
    std::vector<uint32_t> groupOf;              // candidate -> group
    std::vector<std::vector<uint32_t>> members; // group -> candidates, ascending
  };
  // Candidates by the serialized possible values of one key.
  struct EqIndex {
    std::unordered_map<std::string, std::vector<uint32_t>> byValue;
    std::vector<uint32_t> always; // candidates whose possible values are not hashable
  };

  const Partition &partition(const CandidateList &all, const std::vector<sema::SymbolId> &keys, bool active) const;
  const EqIndex &eqIndex(const CandidateList &all, sema::SymbolId key, bool active) const;

private:
  template <typename T> struct Entry {
    std::once_flag built;
    T value;
  };
  // The entry of `key` in `map`, built by `build` the first time.
  template <typename Map, typename Key, typename Build> const auto &entry(Map &map, Key key, Build build) const;

  const AbstractEvaluator &eval_;
  mutable std::mutex mutex_; // guards the maps; an entry is built once, outside it
  mutable std::map<std::tuple<const CandidateList *, std::vector<sema::SymbolId>, bool>, Entry<Partition>> partitions_;
  mutable std::map<std::tuple<const CandidateList *, sema::SymbolId, bool>, Entry<EqIndex>> eqIndexes_;
};

// One thread's: the indexes it has looked up, and the scratch of one
// enumeration at a time.
class BindingEnumerator {
public:
  BindingEnumerator(const AbstractEvaluator &evaluator, const CandidateIndexes &indexes)
      : eval_(evaluator), indexes_(indexes) {}

  // Enumerates the bindings of binders[i...] that `filters` (tested with the
  // later binders unknown) do not exclude: calls `body` with each in `slots`
  // (one value per binder). Each partial binding visited takes one of
  // `budget`; false, and the enumeration stops, when it runs out.
  bool enumerate(const policy::Policy &policy, const std::vector<policy::Binder> &binders, size_t i,
                 const std::vector<policy::NodeId> &filters, std::vector<Abs> &slots, const sema::Step *step,
                 size_t &budget, llvm::function_ref<void()> body) const;

private:
  // An unjoined binder's candidates, their partition, and the verdicts of
  // its groups: scratch of one enumeration at a time.
  struct Groups {
    const CandidateList *candidates = nullptr;
    const CandidateIndexes::Partition *partition = nullptr;
    std::vector<uint64_t> stamp; // verdict valid for this generation
    std::vector<uint8_t> verdict;
    uint64_t generation = 0;
    // The candidates the level visits, and the groups found barren: a
    // binder's level is never entered again while it runs.
    std::vector<uint32_t> picked, barren;
  };

  bool enumerateFrom(const policy::Policy &policy, const std::vector<policy::Binder> &binders, const Plan &p, size_t i,
                     std::vector<Abs> &slots, const sema::Step *step, size_t &budget,
                     llvm::function_ref<void()> body) const;
  bool narrow(const policy::Policy &policy, const policy::Binder &binder, const Level &level, const CandidateList &all,
              bool isActive, std::vector<Abs> &slots, const sema::Step *step, const std::vector<uint8_t> &active,
              std::vector<uint32_t> &picked) const;
  std::optional<std::vector<sema::Value>> pick(const policy::Policy &policy, policy::NodeId id, policy::Slot slot,
                                               std::vector<Abs> &slots, const sema::Step *step,
                                               const std::vector<uint8_t> &active) const;
  Groups &groupsOf(const policy::Binder &binder, const std::vector<sema::SymbolId> &keys, bool active) const;
  const CandidateIndexes::EqIndex &eqIndexOf(const policy::Binder &binder, sema::SymbolId key, const CandidateList &all,
                                             bool active) const;

  const AbstractEvaluator &eval_;
  const CandidateIndexes &indexes_;
  // By binder: the shared indexes, looked up once (no lock after), and the verdicts.
  mutable std::map<std::tuple<const policy::Binder *, std::vector<sema::SymbolId>, bool>, Groups> groups_;
  mutable std::map<std::tuple<const policy::Binder *, sema::SymbolId, bool>, const CandidateIndexes::EqIndex *>
      eqIndexes_;
  // By binders and filters (theirs is one policy's, for the whole run): a
  // guard enumerates per step, a nested quantifier per binding. Looked up
  // without copying the filters.
  using PlanKey = std::pair<const std::vector<policy::Binder> *, std::vector<policy::NodeId>>;
  using PlanKeyRef = std::pair<const std::vector<policy::Binder> *, const std::vector<policy::NodeId> *>;
  struct PlanKeyLess {
    using is_transparent = void;
    static PlanKeyRef ref(const PlanKey &k) { return {k.first, &k.second}; }
    static PlanKeyRef ref(const PlanKeyRef &k) { return k; }
    template <typename A, typename B> bool operator()(const A &a, const B &b) const {
      const PlanKeyRef x = ref(a), y = ref(b);
      return x.first != y.first ? std::less<>()(x.first, y.first) : *x.second < *y.second;
    }
  };
  mutable std::map<PlanKey, Plan, PlanKeyLess> plans_;
  mutable size_t bodies_ = 0; // bindings enumerated so far (byGroup tells a barren group by it): scratch
};

} // namespace cutover::eval::reduced
