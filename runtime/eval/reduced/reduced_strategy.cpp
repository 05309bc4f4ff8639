#include "runtime/eval/reduced/reduced_strategy.h"

#include "runtime/eval/evaluator.h"
#include "runtime/eval/findings.h"
#include "runtime/eval/reduced/abstract.h"
#include "runtime/eval/reduced/abstract_eval.h"
#include "runtime/eval/reduced/bindings.h"
#include "runtime/eval/reduced/bounds.h"
#include "runtime/eval/reduced/downsets.h"
#include "runtime/eval/reduced/footprint.h"
#include "runtime/eval/reduced/read_set.h"
#include "runtime/explore/explore.h"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <tuple>
#include <unordered_map>

namespace cutover::eval {

namespace {

using namespace reduced;
using K = Field::Kind;
using Status = Exploration::Status;
using policy::NodeId;
using sema::PhaseId;
using sema::Value;

// One binding to decide: its slots, and the phases whose effects it can see.
struct Binding {
  std::vector<Value> slots;
  Relevance relevance;
};

// The best occurrence of a finding so far: the downset, then P's position and
// the step index (guards).
struct Occurrence {
  const llvm::BitVector *positions; // a candidate downset: they live as long as the Reducer
  uint32_t phasePosition = 0;
  size_t step = 0;
  bool operator<(const Occurrence &o) const {
    if (*positions != *o.positions) return explore::Canon::less(*positions, *o.positions);
    return phasePosition != o.phasePosition ? phasePosition < o.phasePosition : step < o.step;
  }
};

// One policy's share of the run, its unit of work: policies share the
// reducer's caches (states, attribute bounds, candidate downsets) and
// nothing else, and their findings are put together in policy order.
struct PolicyOutcome {
  Status status = Status::Done;
  std::string unreducible; // why, when Unreducible
  std::vector<Found> found;
};

class Reducer {
public:
  explicit Reducer(const Problem &problem)
      : problem_(problem), model_(problem.model), graph_(problem.graph), canon_(problem.graph),
        footprint_(problem.model), bounds_(problem.model, footprint_), abstract_(problem.model, footprint_, bounds_),
        enumerator_(abstract_), reads_(abstract_, enumerator_, problem.maxBindings),
        downsets_(problem.model, problem.graph, canon_), states_(problem.model, canon_),
        builder_(problem.model, problem.policies, problem.useIndexJoins) {}

  Exploration run() {
    Exploration out;
    states_.get(llvm::BitVector(model_.phases.size())); // the initial state counts, as in the full mode
    // A step fails or not alike from every downset its phase can run after
    // (Lemma 1): the first of them, the phase's ancestors, tells.
    std::vector<std::tuple<PhaseId, size_t, std::string, std::vector<PhaseId>>> stepErrors;
    for (PhaseId p : graph_.order) {
      state::State s = states_.get(downsets_.ancestors(p));
      if (tooMany()) break;
      const auto &steps = model_.phases[p].steps;
      for (size_t i = 0; i < steps.size(); ++i)
        if (auto error = state::applyStep(model_, steps[i], s))
          stepErrors.emplace_back(p, i, std::move(*error), canon_.trace(downsets_.ancestors(p)));
    }
    if (tooMany()) out.status = Status::StateLimit;
    for (uint32_t p = 0; p < problem_.policies.policies.size() && out.status == Status::Done; ++p) {
      PolicyOutcome o = problem_.policies.policies[p].guard ? guard(p) : invariant(p);
      out.status = o.status;
      out.unreducible = std::move(o.unreducible);
      std::move(o.found.begin(), o.found.end(), std::back_inserter(out.found));
    }
    out.statesExplored = states_.size();
    diag::Diagnostics reported;
    if (out.status == Status::StateLimit) explore::reportStateLimit(model_, problem_.maxStates, true, reported);
    if (out.status == Status::Done)
      for (auto &[p, i, message, trace] : stepErrors)
        explore::reportStep(model_, trace, p, i, std::move(message), reported);
    if (out.status != Status::Done) out.found.clear();
    out.reported = std::move(reported.findings());
    return out;
  }

private:
  bool tooMany() const { return states_.size() > problem_.maxStates; }

  static PolicyOutcome unreducible(const policy::Policy &policy, const std::string &why) {
    return {Status::Unreducible, policy.info.id + ": " + why, {}};
  }
  PolicyOutcome tooManyCandidates(const policy::Policy &policy) const {
    return unreducible(policy, fmt::format("one of its bindings has more than {} candidate states (--max-states)",
                                           problem_.maxStates));
  }

  // The state step `i` of phase `p` sees after the downset `d` (positions),
  // kept and advanced step by step while a loop walks phase `p` with
  // non-decreasing `i`: copying the state per step and replaying the steps
  // before it was quadratic in a phase's steps.
  state::State &inPhase(const llvm::BitVector &d, PhaseId p, size_t i) {
    if (p != cursorPhase_) {
      cursors_.clear();
      cursorPhase_ = p;
    }
    auto it = cursors_.find(d);
    if (it == cursors_.end() || it->second.next > i) {
      const state::State &start = states_.get(d);
      it = cursors_.insert_or_assign(d, Cursor{start, 0}).first;
    }
    Cursor &c = it->second;
    for (; c.next < i; ++c.next) state::applyStep(model_, model_.phases[p].steps[c.next], c.state);
    return c.state;
  }

  // As inPhase(), for a single use out of step order: a fresh copy.
  state::State before(const llvm::BitVector &d, PhaseId p, size_t i) {
    state::State s = states_.get(d);
    for (size_t k = 0; k < i; ++k) state::applyStep(model_, model_.phases[p].steps[k], s);
    return s;
  }

  // The bindings of a policy (the guard subject in slot 0 when `step` is set)
  // that no filter excludes statically, each with its relevant phases;
  // nullopt, with why, when they cannot all be enumerated or bounded.
  // `usersBySign`: readsUsersBySign(policy).
  std::optional<std::vector<Binding>> bindings(const policy::Policy &policy, const sema::Step *step, bool usersBySign,
                                               std::string &why) {
    std::vector<Abs> slots(policy.slotNames.size(), std::nullopt);
    if (step) slots[0] = std::vector<Value>{subjectOf(*step)};
    std::vector<Binding> out;
    size_t budget = problem_.maxBindings;
    auto collect = [&] {
      if (!why.empty()) return;
      std::vector<Abs> bound = slots;
      Reads reads;
      for (NodeId node : {policy.when, policy.where, policy.require}) reads_.collect(policy, node, bound, step, reads);
      Binding b;
      b.slots.resize(policy.slotNames.size());
      if (step) b.slots[0] = subjectOf(*step);
      for (const policy::Binder &binder : policy.binders) {
        b.slots[binder.slot] = slots[binder.slot]->front();
        if (b.slots[binder.slot].kind == Value::Kind::Component)
          reads.fields.push_back({K::Exists, b.slots[binder.slot].id()});
      }
      why = std::move(reads.unbounded);
      b.relevance = relevanceOf(footprint_, reads.fields, usersBySign);
      out.push_back(std::move(b));
    };
    const std::vector<NodeId> filters{policy.when, policy.where};
    const bool excluded = std::any_of(filters.begin(), filters.end(), [&](NodeId f) {
      return f != policy::kNoNode && truthOf(abstract_.eval(policy, f, slots, step)) == kFalse;
    });
    if (excluded) return out;
    if (!enumerator_.enumerate(policy, policy.binders, 0, filters, slots, step, budget, collect)) {
      why = fmt::format("it has more than {} bindings to enumerate", problem_.maxBindings);
      return std::nullopt;
    }
    if (!why.empty()) return std::nullopt;
    return out;
  }

  PolicyOutcome invariant(uint32_t p) {
    const policy::Policy &policy = problem_.policies.policies[p];
    std::string why;
    auto all = bindings(policy, nullptr, readsUsersBySign(policy, model_.keyUsers), why);
    if (!all) return unreducible(policy, why);
    PolicyOutcome out;
    // Bindings with the same relevant phases share their candidate states.
    std::map<Relevance, std::vector<Binding *>> groups;
    for (Binding &b : *all) groups[b.relevance].push_back(&b);
    std::vector<Value> slots;
    for (auto &[key, group] : groups) {
      const auto *candidates = downsets_.candidatesFor(key, sema::kNoId, readsEnds(policy), problem_.maxStates);
      if (!candidates) return tooManyCandidates(policy);
      std::vector<Binding *> open = group;
      for (const llvm::BitVector &d : *candidates) {
        if (open.empty()) break;
        const state::State &s = states_.get(d);
        if (tooMany()) return {Status::StateLimit, "", {}};
        const size_t size = d.count();
        const Context ctx{.model = model_,
                          .state = s,
                          .isFinal = size == model_.phases.size(),
                          .isInitial = size == 0,
                          .useJoins = problem_.useIndexJoins};
        Evaluator evaluator(policy, ctx);
        std::erase_if(open, [&](Binding *b) {
          slots.assign(b->slots.begin(), b->slots.end()); // one buffer per policy, not one per evaluation
          if (!evaluator.violates(slots)) return false;
          llvm::BitVector beforeLast = d;
          if (size != 0) beforeLast.reset(static_cast<unsigned>(d.find_last()));
          const state::State &previous = states_.get(beforeLast);
          out.found.push_back(builder_.invariant(p, states_.get(d), previous, b->slots, canon_.trace(d)));
          return true;
        });
      }
    }
    return out;
  }

  PolicyOutcome guard(uint32_t p) {
    const policy::Policy &policy = problem_.policies.policies[p];
    // Per bound entities: the first occurrence over every step of the verb.
    std::map<std::vector<uint64_t>, std::pair<Occurrence, std::vector<Value>>> best;
    const bool usersBySign = readsUsersBySign(policy, model_.keyUsers);
    for (PhaseId phase : graph_.order) {
      const auto &steps = model_.phases[phase].steps;
      for (size_t i = 0; i < steps.size(); ++i) {
        if (steps[i].verb != policy.verb) continue;
        std::string why;
        auto all = bindings(policy, &steps[i], usersBySign, why);
        if (!all) return unreducible(policy, why);
        for (Binding &b : *all) {
          const auto *candidates = downsets_.candidatesFor(b.relevance, phase, readsEnds(policy), problem_.maxStates);
          if (!candidates) return tooManyCandidates(policy);
          const std::vector<uint64_t> key = entityKey(boundEntities(policy, b.slots));
          for (const llvm::BitVector &d : *candidates) {
            Occurrence occurrence{&d, canon_.position(phase), i};
            if (auto it = best.find(key); it != best.end() && !(occurrence < it->second.first)) break;
            const state::State &s = inPhase(d, phase, i);
            if (tooMany()) return {Status::StateLimit, "", {}};
            std::vector<Value> slots = b.slots;
            if (!guardViolates(model_, policy, steps[i], s, d.none() && i == 0, problem_.useIndexJoins, slots))
              continue;
            best[key] = {occurrence, b.slots};
            break;
          }
        }
      }
    }
    PolicyOutcome out;
    for (auto &[key, entry] : best) {
      const auto &[occurrence, slots] = entry;
      const PhaseId phase = graph_.order[occurrence.phasePosition];
      const llvm::BitVector &d = *occurrence.positions;
      std::vector<PhaseId> trace = canon_.trace(d);
      trace.push_back(phase);
      out.found.push_back(builder_.guard(p, model_.phases[phase].steps[occurrence.step],
                                         before(d, phase, occurrence.step), d.none() && occurrence.step == 0, slots,
                                         trace));
    }
    return out;
  }

  const Problem &problem_;
  const sema::Model &model_;
  const graph::PhaseGraph &graph_;
  // Built once per plan, then read only.
  explore::Canon canon_;
  Footprint footprint_;
  // Caches every policy fills and reads.
  AttributeBounds bounds_;
  AbstractEvaluator abstract_;
  BindingEnumerator enumerator_;
  ReadSet reads_;
  Downsets downsets_;
  explore::StateCache states_;
  FindingBuilder builder_;
  // Scratch of one guard at a time: the states within a phase, by downset.
  struct Cursor {
    state::State state;
    size_t next = 0; // the steps before `next` are applied
  };
  std::unordered_map<llvm::BitVector, Cursor, explore::BitVectorHash> cursors_; // in cursorPhase_
  PhaseId cursorPhase_ = sema::kNoId;
};

} // namespace

Exploration ReducedStrategy::run(const Problem &problem) const { return Reducer(problem).run(); }

} // namespace cutover::eval
