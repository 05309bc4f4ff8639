// What one policy binding may read, found statically: the fields its
// expressions can read in any reachable state (docs/verification.md, "What a
// binding reads").
#pragma once

#include "compiler/policy/policy.h"
#include "runtime/eval/reduced/abstract.h"
#include "runtime/eval/reduced/abstract_eval.h"
#include "runtime/eval/reduced/bindings.h"
#include "runtime/eval/reduced/footprint.h"

#include <optional>
#include <string>
#include <vector>

namespace cutover::eval::reduced {

struct Reads {
  std::vector<Field> fields;
  // Non-empty: something reads what the analysis cannot bound, and why
  // (the reduction then gives up on the plan).
  std::string unbounded;
};

class ReadSet {
public:
  // `maxBindings`: the partial bindings a quantifier may enumerate.
  ReadSet(const AbstractEvaluator &evaluator, const BindingEnumerator &bindings, size_t maxBindings)
      : eval_(evaluator), bindings_(bindings), maxBindings_(maxBindings) {}

  // Adds what node `id` may read to `out`, with `slots` what each variable
  // may be; a quantifier's variables get the candidates its `where` does not
  // exclude statically.
  void collect(const policy::Policy &policy, policy::NodeId id, std::vector<Abs> &slots, const sema::Step *step,
               Reads &out) const;

private:
  // The nodes under `id` that read something (attributes, `step.count`,
  // confirmed(), quantifiers, whose own nodes are theirs), in the order
  // collect() visits them: a binding walks them alone, not every node.
  const std::vector<policy::NodeId> &readersOf(const policy::Policy &policy, policy::NodeId id) const;
  void read(const policy::Policy &policy, policy::NodeId id, std::vector<Abs> &slots, const sema::Step *step,
            Reads &out) const;

  const AbstractEvaluator &eval_;
  const BindingEnumerator &bindings_;
  size_t maxBindings_;
  mutable std::vector<policy::NodeId> filter_; // a quantifier's `where`, as the enumeration takes it: scratch
  // readersOf() of one policy at a time (a worker verifies one at a time), by node.
  mutable const policy::Policy *readersPolicy_ = nullptr;
  mutable std::vector<std::optional<std::vector<policy::NodeId>>> readers_;
};

} // namespace cutover::eval::reduced
