// The candidate downsets of a binding: the few downsets, in canonical order,
// among which the first violating one always is, given the phases whose
// effects the binding can see (docs/verification.md, "Candidates and the
// canonical minimum").
#pragma once

#include "compiler/graph/phase_graph.h"
#include "compiler/policy/policy.h"
#include "runtime/eval/reduced/footprint.h"
#include "runtime/explore/explore.h"

#include <map>
#include <utility>
#include <vector>

namespace cutover::eval::reduced {

// Sorted PhaseIds: a binding sees a few phases of a plan of thousands.
using Phases = std::vector<sema::PhaseId>;

// The phases whose effects a binding can see, split for the candidate
// downsets: the core changes what it reads in any way; the adders only add
// to an accumulator, a field the binding reads only as "zero or not" (a tag;
// users, when the policy compares them only so).
struct Relevance {
  Phases core;
  Phases adders;             // outside the core
  uint32_t accumulators = 0; // the accumulators with an adder outside the core
  auto operator<=>(const Relevance &) const = default;
};

// The relevance of the fields a binding reads, into `out` (its buffers are
// reused: it is computed per binding). `usersBySign`: readsUsersBySign().
// Sorts `fields` and drops duplicates.
void relevanceOf(const Footprint &footprint, std::vector<Field> &fields, bool usersBySign, Relevance &out);

// Whether the policy reads `users` only in comparisons with a constant that
// come out the same for every positive count (`p.users > 0`, `c.users == 0`),
// and not `step.count`: then a count matters only as zero or not, and users
// are never negative.
bool readsUsersBySign(const policy::Policy &policy, sema::SymbolId keyUsers);

// Whether a policy reads initial() or final(): only then do the empty and the
// complete downset differ from others with the same D ∩ R.
bool readsEnds(const policy::Policy &policy);

// The positions of the phases that must complete before each phase: built
// once per plan, then read only.
class Ancestors {
public:
  Ancestors(const graph::PhaseGraph &graph, const explore::Canon &canon);
  const explore::PositionSet &of(sema::PhaseId p) const { return ancestors_[p]; }

private:
  std::vector<explore::PositionSet> ancestors_; // by phase
};

// The candidate downsets, kept as they are asked for (a cache: what
// candidatesFor() returns does not depend on what was asked before).
class Downsets {
public:
  Downsets(const sema::Model &model, const graph::PhaseGraph &graph, const explore::Canon &canon,
           const Ancestors &ancestors);

  // The downsets D in canonical order (as position sets) that stand for every
  // reachable state, given that what is evaluated depends only on D ∩ core,
  // on whether D holds an adder of each of `rel.accumulators` fields, and,
  // with `ends`, on D being empty or complete; with `phase` (guards) only
  // those where the phase is enabled. nullptr when there are more than
  // `limit`. Kept: the pointer stays valid as long as this object.
  const std::vector<explore::PositionSet> *candidatesFor(const Relevance &rel, sema::PhaseId phase, bool ends,
                                                         size_t limit);

private:
  const sema::Model &model_;
  const graph::PhaseGraph &graph_;
  const explore::Canon &canon_;
  const Ancestors &ancestors_;
  // By phase (the last: none) and ends, then R: looked up per step and per binding group.
  std::vector<std::map<Relevance, std::vector<explore::PositionSet>>> candidates_;
};

} // namespace cutover::eval::reduced
