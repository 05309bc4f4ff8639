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
#include "runtime/eval/reduced/unit_cost.h"
#include "runtime/explore/explore.h"
#include "runtime/explore/memory.h"

#include <fmt/format.h>

#include <llvm/ADT/ArrayRef.h>
#include <llvm/Support/BuryPointer.h>
#include <llvm/Support/ThreadPool.h>

#include <algorithm>
#include <atomic>
#include <exception>
#include <future>
#include <latch>
#include <map>
#include <memory>
#include <optional>
#include <tuple>
#include <unordered_map>
#include <utility>

namespace cutover::eval {

namespace {

using namespace reduced;
using K = Field::Kind;
using Status = Exploration::Status;
using policy::NodeId;
using sema::PhaseId;
using sema::Value;

// A policy's bindings to decide (the guard subject's at one step), grouped
// by the phases whose effects they can see. Kept flat, one buffer for all:
// an invariant has a binding per component of a large plan, and a guard is
// enumerated per step. The buffers are reused from one enumeration to the next.
struct Bindings {
  size_t width = 0;                         // slots per binding
  std::vector<Value> slots;                 // the bindings' slots, one binding after another
  std::vector<uint32_t> groupOf;            // by binding, in enumeration order
  std::map<Relevance, uint32_t> groups;     // the relevant phases of each group, and its index
  std::vector<const Relevance *> relevance; // by group index: its key in `groups`
  // Scratch of the enumeration.
  std::vector<Abs> possible; // by slot: what each may be
  std::vector<policy::NodeId> filters;
  Reads reads;
  Relevance scratch;

  size_t size() const { return groupOf.size(); }
  llvm::ArrayRef<Value> at(size_t i) const { return {slots.data() + i * width, width}; }
  void clear(size_t slotCount) {
    width = slotCount;
    slots.clear();
    groupOf.clear();
    groups.clear();
    relevance.clear();
  }
};

// The best occurrence of a finding so far: the downset, then P's position and
// the step index (guards).
struct Occurrence {
  const explore::PositionSet *positions; // a candidate downset: they live as long as the Reducer
  uint32_t phasePosition = 0;
  size_t step = 0;
  bool operator<(const Occurrence &o) const {
    if (*positions != *o.positions) return explore::PositionSet::less(*positions, *o.positions);
    return phasePosition != o.phasePosition ? phasePosition < o.phasePosition : step < o.step;
  }
};

// One policy's share of the run, its unit of work: the units of one run
// share what Shared holds and the states they build, each thread's units
// share a Worker's other caches, and their findings are put together in
// policy order.
struct PolicyOutcome {
  Status status = Status::Done;
  std::string unreducible; // why, when Unreducible
  std::vector<Found> found;
};

// A step that fails: its phase, its index, why, and the trace before its phase.
using StepError = std::tuple<PhaseId, size_t, std::string, std::vector<PhaseId>>;

// By verb, its steps (phase, index) in graph order.
std::vector<std::vector<std::pair<PhaseId, uint32_t>>> indexSteps(const sema::Model &model,
                                                                  const graph::PhaseGraph &graph) {
  std::vector<std::vector<std::pair<PhaseId, uint32_t>>> out(ast::kVerbCount);
  for (PhaseId p : graph.order)
    for (uint32_t i = 0; i < model.phases[p].steps.size(); ++i)
      out[static_cast<size_t>(model.phases[p].steps[i].verb)].emplace_back(p, i);
  return out;
}

// What every unit reads, by any number of threads: read only, or caches
// safe to fill from any thread. The states of every phase's ancestors are
// built (buildStates()) while the units enumerate their bindings and the
// steps are checked behind the building: a unit reads no state before
// awaitStates().
struct Shared {
  // `footprint` may be under construction on another thread meanwhile.
  Shared(const Problem &problem, std::future<Footprint> footprint)
      : problem(problem), model(problem.model), graph(problem.graph), canon(problem.graph),
        ancestors(problem.graph, canon), states(problem.model, canon),
        initial(states.get(explore::PositionSet())), // it counts, as in the full mode
        builder(problem.model, problem.policies, problem.useIndexJoins), stepsByVerb(indexSteps(model, graph)),
        footprint(footprint.get()), bounds(problem.model, this->footprint, initial),
        abstract(problem.model, this->footprint, bounds), indexes(abstract) {}

  // Whether `states` holds every state buildStates() builds (false: it
  // stopped at the state limit, or on an error); waits until it is done.
  bool awaitStates() const {
    statesBuilt.wait();
    return statesComplete;
  }

  // Whether the state of the ancestors of graph.order[k] is built; waits
  // until it is, or until the building stopped short of it.
  bool awaitState(size_t k) const {
    while (true) {
      const size_t built = statesSoFar.load(std::memory_order_acquire);
      if (built == kStatesStopped) return false;
      if (built > k) return true;
      statesSoFar.wait(built, std::memory_order_acquire);
    }
  }

  const Problem &problem;
  const sema::Model &model;
  const graph::PhaseGraph &graph;
  explore::Canon canon;
  Ancestors ancestors;
  explore::StateCache states; // built by buildStates() alone, before statesBuilt opens
  state::State initial;
  FindingBuilder builder;
  // By verb: its steps (phase, index) in graph order. A guard visits its
  // verb's alone: a scan of every step per guard read a large plan's steps again.
  std::vector<std::vector<std::pair<PhaseId, uint32_t>>> stepsByVerb;
  Footprint footprint;
  // Caches that every thread fills and reads (AttributeBounds, the candidate
  // lists, CandidateIndexes): what is in them does not depend on who asked first.
  AttributeBounds bounds;
  AbstractEvaluator abstract;
  CandidateIndexes indexes;
  std::latch statesBuilt{1};
  bool statesComplete = false; // set before statesBuilt opens
  // How many phases, in graph order, have their ancestors' state built;
  // kStatesStopped once the building stopped short.
  static constexpr size_t kStatesStopped = ~size_t{0};
  std::atomic<size_t> statesSoFar = 0;
};

// Builds the state of every phase's ancestors, in graph order; false past
// the state limit. Opens shared.statesBuilt however it ends.
bool buildStates(Shared &shared) {
  constexpr size_t kStatesPerWake = 64;
  struct Open {
    Shared &shared;
    ~Open() {
      if (!shared.statesComplete) shared.statesSoFar.store(Shared::kStatesStopped, std::memory_order_release);
      shared.statesSoFar.notify_all();
      shared.statesBuilt.count_down();
    }
  } open{shared};
  const std::vector<PhaseId> &order = shared.graph.order;
  for (size_t k = 0; k < order.size(); ++k) {
    shared.states.get(shared.ancestors.of(order[k]));
    if (shared.states.size() > shared.problem.maxStates) return false;
    // A thread waiting for a state is woken once per batch of states, not
    // once per state (a sleep and a wake-up each).
    shared.statesSoFar.store(k + 1, std::memory_order_release);
    if ((k + 1) % kStatesPerWake == 0) shared.statesSoFar.notify_all();
  }
  if (shared.states.size() > shared.problem.maxStates) return false;
  shared.statesComplete = true;
  return true;
}

// Checks every step once, each as soon as the state before its phase is
// built (by buildStates(), on this thread before or on another meanwhile);
// nullopt when the building stopped short.
std::optional<std::vector<StepError>> checkSteps(Shared &shared) {
  const sema::Model &model = shared.model;
  const std::vector<PhaseId> &order = shared.graph.order;
  // A step fails or not alike from every downset its phase can run after
  // (Lemma 1): the first of them, the phase's ancestors, tells.
  std::vector<StepError> errors;
  for (size_t k = 0; k < order.size(); ++k) {
    if (!shared.awaitState(k)) return std::nullopt;
    const PhaseId p = order[k];
    const explore::PositionSet &before = shared.ancestors.of(p);
    state::State s = shared.states.get(before); // built: found
    const auto &steps = model.phases[p].steps;
    for (size_t i = 0; i < steps.size(); ++i)
      if (auto error = state::applyStep(model, steps[i], s))
        errors.emplace_back(p, i, std::move(*error), shared.canon.trace(before));
  }
  if (!shared.awaitStates()) return std::nullopt;
  return errors;
}

// One thread's caches (the binding groups' verdicts, candidate downsets)
// and scratch, filled by the units it runs one after another, over the
// states every thread's units build (`states`, over the shared ones). They
// are caches: a unit's outcome does not depend on what the units before it,
// on any thread, filled them with.
class Worker {
public:
  Worker(const Shared &shared, explore::StateCache &states)
      : problem_(shared.problem), model_(shared.model), graph_(shared.graph), canon_(shared.canon), shared_(shared),
        states_(states), abstract_(shared.abstract), enumerator_(abstract_, shared.indexes),
        reads_(abstract_, enumerator_, problem_.maxBindings), downsets_(model_, graph_, canon_, shared.ancestors) {}

  PolicyOutcome verify(uint32_t p) { return problem_.policies.policies[p].guard ? guard(p) : invariant(p); }

private:
  // The states built so far, by every thread: a parallel run can count states
  // here that the serial run builds only in a later unit, but then the union
  // passes the limit too, and the run is done again serially.
  bool tooMany() const { return shared_.states.size() + states_.size() > problem_.maxStates; }

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
  state::State &inPhase(const explore::PositionSet &d, PhaseId p, size_t i) {
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

  // The state of a candidate downset, looked up once: a candidate list
  // serves every policy whose bindings see the same phases (candidates stay
  // where they are: Downsets).
  const state::State &stateOf(const explore::PositionSet &candidate) {
    auto [it, fresh] = candidateStates_.try_emplace(&candidate, nullptr);
    if (fresh) it->second = &states_.get(candidate);
    return *it->second;
  }

  // As inPhase(), for a single use out of step order: a fresh copy.
  state::State before(const explore::PositionSet &d, PhaseId p, size_t i) {
    state::State s = states_.get(d);
    for (size_t k = 0; k < i; ++k) state::applyStep(model_, model_.phases[p].steps[k], s);
    return s;
  }

  // The bindings of a policy (the guard subject in slot 0 when `step` is set)
  // that no filter excludes statically, each with its relevant phases, into
  // `out`; false, with why, when they cannot all be enumerated or bounded.
  // `usersBySign`: readsUsersBySign(policy).
  bool bindings(const policy::Policy &policy, const sema::Step *step, bool usersBySign, std::string &why,
                Bindings &out) {
    out.clear(policy.slotNames.size());
    std::vector<Abs> &slots = out.possible;
    slots.assign(policy.slotNames.size(), std::nullopt);
    if (step) slots[0].emplace().push_back(subjectOf(*step));
    size_t budget = problem_.maxBindings;
    Reads &reads = out.reads;
    auto collect = [&] {
      if (!why.empty()) return;
      // collect() writes the slots of nested quantifiers' binders only, which
      // the enumeration never reads (and collect() sets before it reads).
      reads.fields.clear();
      reads.unbounded.clear();
      for (NodeId node : {policy.when, policy.where, policy.require}) reads_.collect(policy, node, slots, step, reads);
      const size_t first = out.slots.size();
      out.slots.resize(first + out.width);
      if (step) out.slots[first] = subjectOf(*step);
      for (const policy::Binder &binder : policy.binders) {
        const Value &v = out.slots[first + binder.slot] = slots[binder.slot]->front();
        if (v.kind == Value::Kind::Component) reads.fields.push_back({K::Exists, v.id()});
      }
      why = std::move(reads.unbounded);
      relevanceOf(shared_.footprint, reads.fields, usersBySign, out.scratch);
      auto group = out.groups.find(out.scratch);
      if (group == out.groups.end()) {
        group = out.groups.emplace(out.scratch, static_cast<uint32_t>(out.groups.size())).first;
        out.relevance.push_back(&group->first);
      }
      out.groupOf.push_back(group->second);
    };
    out.filters.assign({policy.when, policy.where});
    const bool excluded = std::any_of(out.filters.begin(), out.filters.end(), [&](NodeId f) {
      return f != policy::kNoNode && abstract_.truth(policy, f, slots, step) == kFalse;
    });
    if (excluded) return true;
    if (!enumerator_.enumerate(policy, policy.binders, 0, out.filters, slots, step, budget, collect)) {
      why = fmt::format("it has more than {} bindings to enumerate", problem_.maxBindings);
      return false;
    }
    return why.empty();
  }

  PolicyOutcome invariant(uint32_t p) {
    const policy::Policy &policy = problem_.policies.policies[p];
    std::string why;
    Bindings all;
    if (!bindings(policy, nullptr, readsUsersBySign(policy, model_.keyUsers), why, all))
      return unreducible(policy, why);
    if (!shared_.awaitStates()) return {Status::StateLimit, "", {}};
    PolicyOutcome out;
    // Bindings with the same relevant phases share their candidate states.
    std::vector<std::vector<uint32_t>> members(all.groups.size());
    for (uint32_t b = 0; b < all.size(); ++b) members[all.groupOf[b]].push_back(b);
    std::vector<Value> slots;
    for (const auto &[key, group] : all.groups) {
      const auto *candidates = downsets_.candidatesFor(key, sema::kNoId, readsEnds(policy), problem_.maxStates);
      if (!candidates) return tooManyCandidates(policy);
      std::vector<uint32_t> &open = members[group];
      for (const explore::PositionSet &d : *candidates) {
        if (open.empty()) break;
        const state::State &s = stateOf(d);
        if (tooMany()) return {Status::StateLimit, "", {}};
        const bool isInitial = d.none();
        const Context ctx{.model = model_,
                          .state = s,
                          .isFinal = !isInitial && d.count() == model_.phases.size(),
                          .isInitial = isInitial,
                          .useJoins = problem_.useIndexJoins};
        Evaluator evaluator(policy, ctx);
        std::erase_if(open, [&](uint32_t b) {
          const llvm::ArrayRef<Value> bound = all.at(b);
          slots.assign(bound.begin(), bound.end()); // one buffer per policy, not one per evaluation
          if (!evaluator.violates(slots)) return false;
          explore::PositionSet beforeLast = d;
          if (!isInitial) beforeLast.reset(d.last());
          const state::State &previous = states_.get(beforeLast);
          out.found.push_back(shared_.builder.invariant(
              p, stateOf(d), previous, std::vector<Value>(bound.begin(), bound.end()), canon_.trace(d)));
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
    Bindings all; // one buffer for every step
    std::vector<Value> slots;
    for (const auto &[phase, i] : shared_.stepsByVerb[static_cast<size_t>(policy.verb)]) {
      const auto &steps = model_.phases[phase].steps;
      std::string why;
      if (!bindings(policy, &steps[i], usersBySign, why, all)) return unreducible(policy, why);
      if (all.size() != 0 && !shared_.awaitStates()) return {Status::StateLimit, "", {}};
      for (size_t b = 0; b < all.size(); ++b) {
        const Relevance &relevance = *all.relevance[all.groupOf[b]];
        const auto *candidates = downsets_.candidatesFor(relevance, phase, readsEnds(policy), problem_.maxStates);
        if (!candidates) return tooManyCandidates(policy);
        const llvm::ArrayRef<Value> bound = all.at(b);
        const std::vector<uint64_t> key = entityKey(boundEntities(policy, bound));
        for (const explore::PositionSet &d : *candidates) {
          Occurrence occurrence{&d, canon_.position(phase), i};
          if (auto it = best.find(key); it != best.end() && !(occurrence < it->second.first)) break;
          const state::State &s = inPhase(d, phase, i);
          if (tooMany()) return {Status::StateLimit, "", {}};
          slots.assign(bound.begin(), bound.end());
          if (!guardViolates(model_, policy, steps[i], s, d.none() && i == 0, problem_.useIndexJoins, slots)) continue;
          best[key] = {occurrence, std::vector<Value>(bound.begin(), bound.end())};
          break;
        }
      }
    }
    PolicyOutcome out;
    for (auto &[key, entry] : best) {
      const auto &[occurrence, slots] = entry;
      const PhaseId phase = graph_.order[occurrence.phasePosition];
      const explore::PositionSet &d = *occurrence.positions;
      std::vector<PhaseId> trace = canon_.trace(d);
      trace.push_back(phase);
      out.found.push_back(shared_.builder.guard(p, model_.phases[phase].steps[occurrence.step],
                                                before(d, phase, occurrence.step), d.none() && occurrence.step == 0,
                                                slots, trace));
    }
    return out;
  }

  const Problem &problem_;
  const sema::Model &model_;
  const graph::PhaseGraph &graph_;
  const explore::Canon &canon_;
  const Shared &shared_;
  // Caches of the units this worker runs.
  explore::StateCache &states_; // of every worker, over the shared states
  const AbstractEvaluator &abstract_;
  BindingEnumerator enumerator_;
  ReadSet reads_;
  Downsets downsets_;
  std::unordered_map<const explore::PositionSet *, const state::State *> candidateStates_; // of downsets_'s candidates
  // Scratch of one guard at a time: the states within a phase, by downset.
  struct Cursor {
    state::State state;
    size_t next = 0; // the steps before `next` are applied
  };
  std::unordered_map<explore::PositionSet, Cursor, explore::PositionSetHash> cursors_; // in cursorPhase_
  PhaseId cursorPhase_ = sema::kNoId;
};

// The units' outcomes in policy order, as far as the first that is not
// Done, and the states the workers built beyond the shared ones.
struct Units {
  std::vector<PolicyOutcome> outcomes;
  uint64_t built = 0;
};

// The states the units build: every worker's, over the shared ones; a
// serial run after a parallel one starts afresh, counting as if alone.
std::unique_ptr<explore::StateCache> unitStates(const Shared &shared) {
  return std::make_unique<explore::StateCache>(shared.model, shared.canon, &shared.states);
}

// The units one after another on this thread.
Units serial(const Shared &shared) {
  auto states = unitStates(shared);
  auto worker = std::make_unique<Worker>(shared, *states);
  Units units;
  for (uint32_t p = 0; p < shared.problem.policies.policies.size(); ++p) {
    units.outcomes.push_back(worker->verify(p));
    if (units.outcomes.back().status != Status::Done) break;
  }
  units.built = states->size();
  if (shared.problem.leaveToExit) {
    llvm::BuryPointer(std::move(worker));
    llvm::BuryPointer(std::move(states));
  }
  return units;
}

// The units on `threads` threads, each taking the next policy in `order`
// (dearestFirst(), unit_cost.h) not yet taken; this thread first builds the
// states, the first helper checks the steps behind it, the others enumerate
// bindings meanwhile. Every outcome is the serial run's,
// being independent of the caches and of the other units; so are the states
// built, the union of the prefixes of the sets the units ask for (the
// threads share them: a state one builds, the others find). What
// depends on the order the units run in is whether a state limit or a
// reason to stop comes first: the units are nullopt, and the caller runs them
// serially, when any unit is not Done or the states built are too many.
std::pair<std::optional<std::vector<StepError>>, std::optional<Units>> parallel(Shared &shared, unsigned threads,
                                                                                const std::vector<uint32_t> &order) {
  const size_t n = shared.problem.policies.policies.size();
  Units units;
  units.outcomes.resize(n);
  auto states = unitStates(shared);
  std::vector<std::unique_ptr<Worker>> workers(threads);
  std::vector<std::exception_ptr> errors(threads);
  std::optional<std::vector<StepError>> stepErrors;
  std::atomic<size_t> next = 0; // into order
  std::atomic<bool> stop = false;
  StepBudget *budget = StepBudget::current();
  explore::MemoryGuard *memory = explore::MemoryGuard::current();
  // Worker `t`'s share; nothing may leave it (LLVM's pool is built without exceptions).
  auto work = [&](unsigned t) {
    try {
      std::optional<StepBudget::Scope> steps;
      if (budget) steps.emplace(*budget);
      std::optional<explore::MemoryGuard::Scope> guard;
      if (memory) guard.emplace(*memory);
      if (t == 1) {
        stepErrors = checkSteps(shared);
        if (!stepErrors) stop = true;
      }
      workers[t] = std::make_unique<Worker>(shared, *states);
      for (size_t k = 0; !stop && (k = next++) < n;) {
        const uint32_t p = order[k];
        units.outcomes[p] = workers[t]->verify(p);
        if (units.outcomes[p].status != Status::Done) stop = true;
      }
    } catch (...) {
      errors[t] = std::current_exception();
      stop = true;
    }
  };
  {
    llvm::ThreadPool pool(llvm::hardware_concurrency(threads - 1));
    for (unsigned t = 1; t < threads; ++t) pool.async([&work, t] { work(t); });
    try {
      if (!buildStates(shared)) stop = true;
    } catch (...) {
      errors[0] = std::current_exception();
      stop = true;
    }
    if (!errors[0]) work(0);
    pool.wait();
  }
  for (const std::exception_ptr &e : errors)
    if (e) std::rethrow_exception(e);
  if (stop) return {std::move(stepErrors), std::nullopt};
  units.built = states->size();
  if (shared.states.size() + units.built > shared.problem.maxStates) return {std::move(stepErrors), std::nullopt};
  if (shared.problem.leaveToExit) {
    for (auto &worker : workers) llvm::BuryPointer(std::move(worker));
    llvm::BuryPointer(std::move(states));
  }
  return {std::move(stepErrors), std::move(units)};
}

Exploration reduce(const Problem &problem) {
  Exploration out;
  size_t size = problem.model.components.size();
  for (const sema::PhaseDecl &phase : problem.model.phases) size += phase.steps.size();
  const auto threads = size < problem.parallelFrom
                           ? 1u
                           : static_cast<unsigned>(std::min<size_t>(problem.jobs, problem.policies.policies.size()));
  // The units' order and the footprint read the model alone: with threads
  // to spare they are computed while the rest of Shared (the initial state)
  // is, and the order is there once Shared is.
  std::vector<uint32_t> order;
  auto owned = std::make_unique<Shared>(
      problem, std::async(threads > 1 ? std::launch::async : std::launch::deferred, [&problem, &order, threads] {
        if (threads > 1) order = dearestFirst(problem.model, problem.policies);
        return Footprint(problem.model);
      }));
  Shared &shared = *owned;
  std::optional<std::vector<StepError>> stepErrors;
  std::optional<Units> units;
  if (threads > 1) {
    StepBudget *budget = StepBudget::current();
    const std::vector<uint64_t> counted = budget ? budget->counted() : std::vector<uint64_t>{};
    std::tie(stepErrors, units) = parallel(shared, threads, order);
    if (stepErrors && !units && budget) budget->restore(counted); // the serial run below counts afresh
  } else {
    stepErrors = buildStates(shared) ? checkSteps(shared) : std::nullopt;
  }
  if (!stepErrors) {
    out.status = Status::StateLimit;
  } else if (!units) {
    units = serial(shared);
  }
  if (units)
    for (PolicyOutcome &o : units->outcomes) {
      out.status = o.status;
      out.unreducible = std::move(o.unreducible);
      std::move(o.found.begin(), o.found.end(), std::back_inserter(out.found));
      if (out.status != Status::Done) break;
    }
  out.statesExplored = shared.states.size() + (units ? units->built : 0);
  diag::Diagnostics reported;
  if (out.status == Status::StateLimit) explore::reportStateLimit(problem.model, problem.maxStates, true, reported);
  if (out.status == Status::Done)
    for (auto &[p, i, message, trace] : *stepErrors)
      explore::reportStep(problem.model, trace, p, i, std::move(message), reported);
  if (out.status != Status::Done) out.found.clear();
  out.reported = std::move(reported.findings());
  if (problem.leaveToExit) llvm::BuryPointer(std::move(owned));
  return out;
}

} // namespace

Exploration ReducedStrategy::run(const Problem &problem) const { return reduce(problem); }

} // namespace cutover::eval
