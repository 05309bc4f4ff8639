// Evaluates a compiled policy plan in one state.
#pragma once

#include "compiler/policy/policy.h"
#include "runtime/state/state.h"

#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace cutover::eval {

// What a plan reads besides the state: the functions final()/initial() and,
// for guards, the step about to run.
struct Context {
  const sema::Model &model;
  const state::State &state;
  bool isFinal = false;
  bool isInitial = false;
  const sema::Step *step = nullptr; // guards only
  // For `on deploy`: the state with the step applied, where the subject's
  // attributes are read (quantifiers still range over `state`, without it).
  const state::State *deployed = nullptr;
  bool useJoins = true;
};

// Interpolated messages and hints stop after this many bytes ("..." follows):
// a template may repeat `{x.name}` 10,000 times, once per finding.
inline constexpr size_t kMaxMessageBytes = 1000;

// The default evaluation budget per policy (--max-steps).
inline constexpr uint64_t kDefaultMaxSteps = 100'000'000;

// The evaluation budget of one verification: each policy may take at most
// `maxSteps` steps (an expression node evaluated, a binding enumerated),
// counted over every state and step it is evaluated in, whichever
// strategy runs. Past it, its evaluations stop at once and verify()
// reports E-LIMIT at the policy instead of any of its findings
// (docs/security.md). While a Scope is alive, every Evaluator on its thread
// counts against the budget: the strategies and the finding builder need
// not pass it along.
class StepBudget {
public:
  StepBudget(const policy::PolicySet &policies, uint64_t maxSteps);
  uint64_t maxSteps() const { return maxSteps_; }
  bool exhausted(size_t policy) const { return used_[policy] > maxSteps_; }

  // The budget of the calling thread's innermost Scope, or null: a strategy
  // that verifies policies on other threads opens a Scope of it in each
  // (a policy's counter is written by one thread at a time).
  static StepBudget *current();
  // The steps counted so far, to go back to them (a strategy that gives up
  // a parallel attempt and does the work again).
  std::vector<uint64_t> counted() const { return used_; }
  void restore(std::vector<uint64_t> counted) { used_ = std::move(counted); }

  class Scope {
  public:
    explicit Scope(StepBudget &budget);
    ~Scope();
    Scope(const Scope &) = delete;
    Scope &operator=(const Scope &) = delete;

  private:
    StepBudget *previous_;
  };

private:
  friend class Evaluator;
  // The counter of `policy`, when it is one of the budget's policies.
  uint64_t *counter(const policy::Policy &policy);

  const policy::PolicySet &policies_;
  uint64_t maxSteps_;
  std::vector<uint64_t> used_;
};

// `a op b` as policies compare (docs/policy-language.md).
sema::Value compare(ast::CmpOp op, const sema::Value &a, const sema::Value &b);

class Evaluator {
public:
  Evaluator(const policy::Policy &policy, const Context &context);

  // Calls `violation` with the slots of every binding of the policy that
  // violates it (the guard subject, when there is one, is already in slots[0]).
  void forEachViolation(std::vector<sema::Value> &slots, const std::function<void()> &violation);
  // Whether this exact binding violates the policy in the context's state.
  bool violates(std::vector<sema::Value> &slots);

  sema::Value eval(policy::NodeId id, std::vector<sema::Value> &slots);
  bool test(policy::NodeId node, std::vector<sema::Value> &slots);

  // A value as a message shows it: entity names, versions as written.
  std::string format(const sema::Value &v) const;
  // A message or hint template with the bindings in `slots`.
  std::string interpolate(const std::vector<policy::TemplatePart> &parts, const std::vector<sema::Value> &slots);

private:
  // Enumerates the bindings of binders[i...] that their filters (the
  // `where`, conjunct by conjunct) let through; `body` returns false to stop.
  bool enumerate(const std::vector<policy::Binder> &binders, size_t i, std::vector<sema::Value> &slots,
                 const std::function<bool()> &body);
  // Whether a binding that enumerate() let through passes `where`: only
  // without binders is it still to test.
  bool passesWhere(const std::vector<policy::Binder> &binders, policy::NodeId where, std::vector<sema::Value> &slots);
  std::vector<sema::Value> candidates(const policy::Binder &binder, const std::vector<sema::Value> &slots) const;
  bool inDomain(const policy::Binder &binder, const sema::Value &v) const;
  sema::Value attribute(const sema::Value &base, sema::SymbolId key) const;
  // The state a component's attributes are read in: `deployed` for one
  // that `state` does not have yet.
  const state::State &stateOf(const sema::Value &component) const;
  // `x in [a, b]` and `x in c.refs` without building the list; nullopt for
  // another `in`. Counts the steps eval() would.
  std::optional<bool> membership(const policy::Node &n, std::vector<sema::Value> &slots);
  // The value of node `id`, read in place where it is stored (a constant, a
  // variable, a component's declared or written attribute: lists are not
  // copied), else evaluated into `scratch`. Counts steps as eval() does.
  const sema::Value &valueOf(policy::NodeId id, std::vector<sema::Value> &slots, sema::Value &scratch);
  // Where a component keeps attribute `key` in the state, or null when the
  // value is computed (the built-ins but version).
  const sema::Value *storedAttribute(const sema::Value &base, sema::SymbolId key) const;
  sema::Value stepOperand(policy::StepOperand operand) const;

  // One more step; false once the policy's budget is spent.
  bool step() { return !steps_ || ++*steps_ <= maxSteps_; }
  bool spent() const { return steps_ && *steps_ > maxSteps_; }

  const policy::Policy &policy_;
  Context ctx_;
  uint64_t *steps_ = nullptr; // the policy's counter in the current StepBudget
  uint64_t maxSteps_ = 0;
};

} // namespace cutover::eval
