// Abstract evaluation: what a policy expression may be in any reachable
// state, given what each variable may hold (docs/verification.md, "What a
// binding reads"). A three-valued test: a filter that comes out false here
// is false in every state, so its binding never counts.
#pragma once

#include "compiler/policy/policy.h"
#include "runtime/eval/reduced/abstract.h"
#include "runtime/eval/reduced/bounds.h"
#include "runtime/eval/reduced/footprint.h"

#include <map>
#include <mutex>
#include <utility>
#include <vector>

namespace cutover::eval::reduced {

// Read by any number of threads at once, as its bounds are (the candidate
// lists are built once, under a lock).
class AbstractEvaluator {
public:
  AbstractEvaluator(const sema::Model &model, const Footprint &footprint, const AttributeBounds &bounds);

  // What node `id` may be, with `slots` (by slot) what each variable may be.
  // `active` (by slot, optional): the variables the expression may assume
  // active, because a conjunct of the same filter requires it.
  Abs eval(const policy::Policy &policy, policy::NodeId id, const std::vector<Abs> &slots, const sema::Step *step,
           const std::vector<uint8_t> *active = nullptr) const;
  // eval(), read in place where the values are kept (a variable's, an
  // attribute's bound): else evaluated into `scratch`. Filters are tested
  // per candidate: copying the values per test was most of their cost.
  const Abs &valuesOf(const policy::Policy &policy, policy::NodeId id, const std::vector<Abs> &slots,
                      const sema::Step *step, const std::vector<uint8_t> *active, Abs &scratch) const;
  // truthOf(eval(...)), without building the truth values of the nodes on the way.
  Truth truth(const policy::Policy &policy, policy::NodeId id, const std::vector<Abs> &slots, const sema::Step *step,
              const std::vector<uint8_t> *active = nullptr) const;

  // The static candidates of a binder given the possible values of earlier
  // slots: its domain, or the static join from the outer slot's values.
  std::vector<sema::Value> candidates(const policy::Binder &binder, const std::vector<Abs> &slots) const;
  // The static candidates of an unjoined binder: every entity of its domain
  // (kept, one list per domain).
  const CandidateList &candidateList(const policy::Binder &binder) const;

  const sema::Model &model() const { return model_; }
  const AttributeBounds &bounds() const { return bounds_; }

private:
  // The truth bits of comparison `n`; 0 when a side cannot be bounded.
  uint8_t compareTruth(const policy::Policy &policy, const policy::Node &n, const std::vector<Abs> &slots,
                       const sema::Step *step, const std::vector<uint8_t> *active) const;
  // Appends the entities of the binder's domain, ascending.
  void domainOf(const policy::Binder &binder, std::vector<uint32_t> &ids) const;

  const sema::Model &model_;
  const Footprint &footprint_;
  const AttributeBounds &bounds_;
  // The components of each role, ascending: a domain is a few of them (reading
  // every component's declaration per domain was most of building the lists).
  std::vector<std::vector<sema::ComponentId>> byRole_;
  mutable std::mutex mutex_; // guards candidateLists_
  mutable std::map<std::pair<bool, std::vector<sema::SymbolId>>, CandidateList> candidateLists_; // a cache
};

} // namespace cutover::eval::reduced
