// Building policy findings (message, notes, location, trace) and applying
// waivers: shared by the full and the reduced exploration, so that both
// produce identical findings from the same (policy, binding, state).
#pragma once

#include "compiler/diag/diagnostic.h"
#include "compiler/graph/phase_graph.h"
#include "compiler/policy/policy.h"
#include "runtime/eval/evaluator.h"

#include <llvm/ADT/ArrayRef.h>

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace cutover::eval {

// A policy finding keyed by (policy, bound entities): one per key.
struct Found {
  uint32_t policy;
  std::vector<uint64_t> entityKey;
  diag::Finding finding;
};

// The key of a bound entity: kind, then id.
std::vector<uint64_t> entityKey(const std::vector<sema::Value> &entities);

// The bound entities of a binding: the guard subject, then the `for` binders.
std::vector<sema::Value> boundEntities(const policy::Policy &policy, llvm::ArrayRef<sema::Value> slots);

// The guarded step's subject as a value (slot 0 of a guard).
sema::Value subjectOf(const sema::Step &step);

// What a guard sees just before `step` runs in `before`. A `deploy` guard
// reads its subject as it will be deployed (before + step), which quantifiers
// do not see yet. The context points into the view: it neither copies nor moves.
class GuardView {
public:
  GuardView(const sema::Model &model, const sema::Step &step, const state::State &before, bool isInitial,
            bool useJoins);
  GuardView(const GuardView &) = delete;
  GuardView &operator=(const GuardView &) = delete;
  const Context &context() const { return ctx_; }

private:
  std::optional<state::State> deployed_;
  Context ctx_;
};

// Whether a guard binding violates its policy just before `step`, in the state
// `before`.
bool guardViolates(const sema::Model &model, const policy::Policy &policy, const sema::Step &step,
                   const state::State &before, bool isInitial, bool useJoins, std::vector<sema::Value> &slots);

class FindingBuilder {
public:
  FindingBuilder(const sema::Model &model, const policy::PolicySet &policies, bool useJoins)
      : model_(model), policies_(policies), useJoins_(useJoins) {}

  // A guard finding: `before` is the state the step sees, `trace` ends with the step's phase.
  Found guard(uint32_t policy, const sema::Step &step, const state::State &before, bool isInitial,
              const std::vector<sema::Value> &slots, const std::vector<sema::PhaseId> &trace) const;
  // An invariant finding in `reached` (the state after `trace`); `beforeLast`
  // is the state before the last phase of the trace (unused when it is empty).
  Found invariant(uint32_t policy, const state::State &reached, const state::State &beforeLast,
                  std::vector<sema::Value> slots, const std::vector<sema::PhaseId> &trace) const;

private:
  diag::Finding make(const policy::Policy &policy, Evaluator &evaluator, const std::vector<sema::Value> &slots,
                     const std::vector<sema::Value> &entities, const std::vector<sema::PhaseId> &trace) const;
  llvm::SMRange invariantLocation(const policy::Policy &policy, const state::State &beforeLast, bool isFinal,
                                  sema::PhaseId last, std::vector<sema::Value> slots) const;
  // Whether the binding violates in `reached` with final() taken as false.
  bool violatesBeforeEnd(const policy::Policy &policy, const state::State &reached,
                         std::vector<sema::Value> slots) const;
  llvm::SMRange introduction(const sema::Value &entity, const std::vector<sema::PhaseId> &trace) const;
  std::string entityName(const sema::Value &v) const;

  const sema::Model &model_;
  const policy::PolicySet &policies_;
  bool useJoins_;
};

// Reports the findings in a canonical order (policy, then bound entities),
// silencing waived ones, then the waiver warnings.
void reportFindings(const sema::Model &model, const policy::PolicySet &policies, const std::string &today,
                    std::vector<Found> found, diag::Diagnostics &diags);

} // namespace cutover::eval
