#include "runtime/diff/plan_diff.h"

#include "compiler/ast/literal.h"
#include "compiler/ast/verbs.h"
#include "compiler/sema/steps.h"
#include "runtime/explore/explore.h"
#include "runtime/explore/memory.h"
#include "runtime/report/graph_emit.h"
#include "runtime/report/report.h"
#include "runtime/session/clock.h"

#include <llvm/ADT/StringMap.h>

#include <algorithm>
#include <map>
#include <set>

namespace cutover::diff {

llvm::StringRef relationName(Relation r) {
  switch (r) {
  case Relation::Before: return "before";
  case Relation::After: return "after";
  case Relation::Parallel: return "parallel";
  }
  return "";
}

bool PlanDiff::changesNothing() const {
  return phasesAdded.empty() && phasesRemoved.empty() && renamed.empty() && edgesAdded.empty() &&
         edgesRemoved.empty() && steps.empty() && orderings.empty() && old.states == now.states && introduced.empty() &&
         fixed.empty() && waived.empty() && waiversAdded.empty() && waiversRemoved.empty();
}

bool PlanDiff::fails(diag::Severity failOn) const {
  return std::any_of(introduced.begin(), introduced.end(),
                     [&](const diag::Finding &f) { return static_cast<int>(f.severity) <= static_cast<int>(failOn); });
}

std::string matchKey(const diag::Finding &finding, const llvm::SourceMgr &sm) {
  // The checked file is buffer 1 (the loader adds it first), the same file
  // (named "") in both versions; a finding elsewhere (a pack, a used file)
  // keeps its buffer's name.
  std::string file;
  if (finding.range.Start.isValid()) {
    unsigned buffer = sm.FindBufferContainingLoc(finding.range.Start);
    if (buffer != sm.getMainFileID()) file = sm.getMemoryBuffer(buffer)->getBufferIdentifier().str();
  }
  return report::fingerprint(finding, file);
}

namespace {

using sema::Model;

std::string valueText(const Model &model, const sema::Value &v) {
  switch (v.kind) {
  case sema::Value::Kind::None: return "none";
  case sema::Value::Kind::Bool: return v.num ? "true" : "false";
  case sema::Value::Kind::Int: return std::to_string(v.num);
  case sema::Value::Kind::Version: {
    std::string text;
    for (size_t i = 0; i < v.parts().size(); ++i) text += (i ? "." : "") + std::to_string(v.parts()[i]);
    return text;
  }
  case sema::Value::Kind::String: return ast::quoteString(v.str());
  case sema::Value::Kind::Symbol: return v.id() < model.symbols.size() ? model.symbols.name(v.id()) : "?";
  case sema::Value::Kind::Component: return v.id() < model.components.size() ? model.components[v.id()].name : "?";
  case sema::Value::Kind::Data: return v.id() < model.data.size() ? model.data[v.id()].name : "?";
  case sema::Value::Kind::List: {
    std::string text = "[";
    for (size_t i = 0; i < v.items().size(); ++i) text += (i ? ", " : "") + valueText(model, v.items()[i]);
    return text + "]";
  }
  }
  return "";
}

// A step as one line, attributes included: two steps are the same step when
// their lines are equal.
std::string stepText(const Model &model, const sema::Step &step) {
  std::string text = sema::describeStep(model, step, sema::StepText::Line);
  if (step.attrs.empty()) return text;
  text += " {";
  for (size_t i = 0; i < step.attrs.size(); ++i) {
    // A std::string: the two arms of the conditional make a temporary.
    const std::string name = step.attrs[i].key < model.symbols.size() ? model.symbols.name(step.attrs[i].key) : "?";
    llvm::StringRef key = name;
    if (ast::attrsKind(step.verb) == ast::AttrsKind::Service && step.symbol < model.symbols.size())
      key.consume_front(model.symbols.name(step.symbol) + "_");
    text += (i ? ", " : "") + key.str() + " " + valueText(model, step.attrs[i].value);
  }
  return text + "}";
}

// What a step acts on, without its values: a changed step keeps it. The
// short text leaves out a backup's location and a confirmation's note; of a
// move, the pools are kept and the count goes.
std::string stepIdentity(const Model &model, const sema::Step &step) {
  std::string id = sema::describeStep(model, step, sema::StepText::Short);
  if (ast::hasOperand(step.verb, ast::Operand::Count))
    return std::string(ast::keyword(step.verb)) + id.substr(id.find(" users "));
  return id;
}

PhaseSummary summarize(const Model &model, const sema::PhaseDecl &phase) {
  PhaseSummary s{phase.name, phase.title, {}};
  for (const sema::Step &step : phase.steps) s.steps.push_back(stepText(model, step));
  return s;
}

// The phases of a version, empty when it did not parse.
const std::vector<sema::PhaseDecl> &phasesOf(const session::CheckResult &r) {
  static const std::vector<sema::PhaseDecl> none;
  return r.model ? r.model->phases : none;
}

bool hasGraph(const session::CheckResult &r) {
  return r.model && r.graph.acyclic && r.graph.reaches.size() == r.model->phases.size();
}

std::optional<uint64_t> countStates(const session::CheckResult &r, const session::CheckOptions &opts) {
  if (!r.verified || !hasGraph(r)) return std::nullopt;
  try {
    explore::MemoryGuard guard(opts.maxMemoryMiB << 20);
    explore::MemoryGuard::Scope scope(guard);
    uint64_t n = explore::countStates(r.graph, r.model->phases.size(), opts.maxStates);
    if (n > opts.maxStates) return std::nullopt;
    return n;
  } catch (const explore::MemoryGuard::Exceeded &) {
    return std::nullopt;
  }
}

void comparePhases(PlanDiff &d) {
  const Model *oldModel = d.old.result->model.get(), *newModel = d.now.result->model.get();
  const auto &oldPhases = phasesOf(*d.old.result), &newPhases = phasesOf(*d.now.result);
  std::vector<PhaseSummary> removed, added;
  for (const auto &p : oldPhases)
    if (!newModel || !newModel->phaseByName.count(p.name)) removed.push_back(summarize(*oldModel, p));
  for (const auto &p : newPhases)
    if (!oldModel || !oldModel->phaseByName.count(p.name)) added.push_back(summarize(*newModel, p));
  // Renamed by content: a removed and an added phase with the same steps
  // (and some steps: two empty phases say nothing about each other).
  std::vector<bool> taken(added.size());
  for (PhaseSummary &r : removed) {
    bool matched = false;
    for (size_t i = 0; i < added.size() && !matched; ++i)
      if (!taken[i] && !r.steps.empty() && added[i].steps == r.steps) {
        taken[i] = matched = true;
        d.renamed.push_back({r.name, added[i].name});
      }
    if (!matched) d.phasesRemoved.push_back(std::move(r));
  }
  for (size_t i = 0; i < added.size(); ++i)
    if (!taken[i]) d.phasesAdded.push_back(std::move(added[i]));
}

// The new name of an old phase (itself, or its rename).
std::string newName(const PlanDiff &d, const std::string &old) {
  for (const Renamed &r : d.renamed)
    if (r.from == old) return r.to;
  return old;
}

void compareEdges(PlanDiff &d) {
  auto edges = [](const std::vector<sema::PhaseDecl> &phases, auto rename) {
    std::set<std::pair<std::string, std::string>> set;
    for (const auto &p : phases)
      for (sema::PhaseId q : p.after)
        if (q < phases.size()) set.insert({rename(phases[q].name), rename(p.name)});
    return set;
  };
  auto oldEdges = edges(phasesOf(*d.old.result), [&](const std::string &n) { return newName(d, n); });
  auto newEdges = edges(phasesOf(*d.now.result), [](const std::string &n) { return n; });
  for (const auto &[from, to] : oldEdges)
    if (!newEdges.count({from, to})) d.edgesRemoved.push_back({from, to});
  for (const auto &[from, to] : newEdges)
    if (!oldEdges.count({from, to})) d.edgesAdded.push_back({from, to});
}

void compareSteps(PlanDiff &d) {
  const Model *oldModel = d.old.result->model.get(), *newModel = d.now.result->model.get();
  if (!oldModel || !newModel) return;
  for (const auto &oldPhase : oldModel->phases) {
    auto found = newModel->phaseByName.find(newName(d, oldPhase.name));
    if (found == newModel->phaseByName.end()) continue;
    const sema::PhaseDecl &newPhase = newModel->phases[found->second];
    PhaseSteps s;
    s.phase = newPhase.name;
    std::multiset<std::string> oldSteps, newSteps;
    for (const auto &step : oldPhase.steps) oldSteps.insert(stepText(*oldModel, step));
    for (const auto &step : newPhase.steps) newSteps.insert(stepText(*newModel, step));
    // Removed and added, in the order of each version; a removed and an
    // added step that act on the same things are one changed step.
    std::vector<std::pair<std::string, std::string>> removed, added; // (identity, text)
    for (const auto &step : oldPhase.steps) {
      std::string text = stepText(*oldModel, step);
      auto it = newSteps.find(text);
      if (it != newSteps.end())
        newSteps.erase(it);
      else
        removed.emplace_back(stepIdentity(*oldModel, step), text);
    }
    for (const auto &step : newPhase.steps) {
      std::string text = stepText(*newModel, step);
      auto it = oldSteps.find(text);
      if (it != oldSteps.end())
        oldSteps.erase(it);
      else
        added.emplace_back(stepIdentity(*newModel, step), text);
    }
    std::vector<bool> paired(added.size());
    for (const auto &[identity, text] : removed) {
      auto match = std::find_if(added.begin(), added.end(), [&, &identity = identity](const auto &a) {
        return !paired[&a - added.data()] && a.first == identity;
      });
      if (match == added.end()) {
        s.removed.push_back(text);
        continue;
      }
      paired[match - added.begin()] = true;
      s.changed.push_back({text, match->second});
    }
    for (size_t i = 0; i < added.size(); ++i)
      if (!paired[i]) s.added.push_back(added[i].second);
    if (s.added.empty() && s.removed.empty() && s.changed.empty()) {
      std::vector<std::string> before, after;
      for (const auto &step : oldPhase.steps) before.push_back(stepText(*oldModel, step));
      for (const auto &step : newPhase.steps) after.push_back(stepText(*newModel, step));
      s.reordered = before != after;
    }
    if (oldPhase.title != newPhase.title) s.title = StepChange{oldPhase.title, newPhase.title};
    if (s.added.empty() && s.removed.empty() && s.changed.empty() && !s.reordered && !s.title) continue;
    d.steps.push_back(std::move(s));
  }
}

// Pairs of phases present in both versions whose order relation changed.
void compareOrderings(PlanDiff &d) {
  const session::CheckResult &o = *d.old.result, &n = *d.now.result;
  if (!hasGraph(o) || !hasGraph(n)) return;
  // The old id of each new phase, if it existed.
  std::vector<std::optional<sema::PhaseId>> oldId(n.model->phases.size());
  for (sema::PhaseId p = 0; p < o.model->phases.size(); ++p) {
    auto found = n.model->phaseByName.find(newName(d, o.model->phases[p].name));
    if (found != n.model->phaseByName.end()) oldId[found->second] = p;
  }
  auto relation = [](const graph::PhaseGraph &g, sema::PhaseId a, sema::PhaseId b) {
    return g.reaches[a][b] ? Relation::Before : g.reaches[b][a] ? Relation::After : Relation::Parallel;
  };
  for (sema::PhaseId a = 0; a < n.model->phases.size(); ++a)
    for (sema::PhaseId b = a + 1; b < n.model->phases.size(); ++b) {
      if (!oldId[a] || !oldId[b]) continue;
      Relation before = relation(o.graph, *oldId[a], *oldId[b]), after = relation(n.graph, a, b);
      if (before != after) d.orderings.push_back({n.model->phases[a].name, n.model->phases[b].name, before, after});
    }
}

void compareFindings(PlanDiff &d) {
  const llvm::SourceMgr &oldSm = d.old.result->program->sm, &newSm = d.now.result->program->sm;
  report::FileReport oldReport = session::toReport(d.old.name, *d.old.result);
  report::FileReport newReport = session::toReport(d.now.name, *d.now.result);
  // As multisets: two findings with one key (rare: compiler findings without
  // bound entities) match one for one.
  std::map<std::string, unsigned> oldCount;
  for (const diag::Finding &f : oldReport.findings)
    if (!f.suppressed) ++oldCount[matchKey(f, oldSm)];
  std::map<std::string, unsigned> newCount;
  for (const diag::Finding &f : newReport.findings) {
    if (f.suppressed) continue;
    std::string key = matchKey(f, newSm);
    unsigned &left = oldCount[key];
    ++newCount[key];
    if (left) {
      --left;
      d.unchanged.push_back(f);
    } else {
      d.introduced.push_back(f);
    }
  }
  // An old finding that a waiver silences in the new version is waived, not fixed.
  std::map<std::string, unsigned> newWaived;
  for (const diag::Finding &f : newReport.findings)
    if (f.suppressed) ++newWaived[matchKey(f, newSm)];
  for (const diag::Finding &f : oldReport.findings) {
    if (f.suppressed) continue;
    std::string key = matchKey(f, oldSm);
    unsigned &left = newCount[key], &waived = newWaived[key];
    if (left) {
      --left;
    } else if (waived) {
      --waived;
      d.waived.push_back(f);
    } else {
      d.fixed.push_back(f);
    }
  }
}

std::vector<WaiverSummary> waiversOf(const session::CheckResult &r) {
  std::vector<WaiverSummary> out;
  if (!r.model) return out;
  for (const sema::Waiver &w : r.model->waivers) {
    WaiverSummary s{w.policyId, w.entities, w.until.value_or(""), w.reason, 0};
    if (w.range.Start.isValid()) s.line = r.program->sm.getLineAndColumn(w.range.Start).first;
    out.push_back(std::move(s));
  }
  return out;
}

void compareWaivers(PlanDiff &d, const std::string &today) {
  auto key = [](const WaiverSummary &w) {
    std::string k = w.policy + '\0' + w.until + '\0' + w.reason;
    for (const std::string &e : w.entities) k += '\0' + e;
    return k;
  };
  std::vector<WaiverSummary> oldWaivers = waiversOf(*d.old.result), newWaivers = waiversOf(*d.now.result);
  std::multiset<std::string> oldKeys, newKeys;
  for (const auto &w : oldWaivers) oldKeys.insert(key(w));
  for (const auto &w : newWaivers) newKeys.insert(key(w));
  for (const auto &w : newWaivers) {
    auto it = oldKeys.find(key(w));
    if (it != oldKeys.end())
      oldKeys.erase(it);
    else
      d.waiversAdded.push_back(w);
    // An expired waiver silences nothing (W-EXPIRED-WAIVER): from its date on.
    if (!w.until.empty() && w.until <= today) d.waiversExpired.push_back(w);
  }
  for (const auto &w : oldWaivers) {
    auto it = newKeys.find(key(w));
    if (it != newKeys.end())
      newKeys.erase(it);
    else
      d.waiversRemoved.push_back(w);
  }
}

} // namespace

llvm::Expected<PlanDiff> diffPlans(const io::Input &old, const io::Input &now, const session::CheckOptions &opts) {
  PlanDiff d;
  for (auto [input, version] : {std::pair{&old, &d.old}, std::pair{&now, &d.now}}) {
    auto result = session::check(*input, opts);
    if (!result) return result.takeError();
    version->name = input->path;
    version->result = std::move(*result);
    version->states = countStates(*version->result, opts);
  }
  comparePhases(d);
  compareEdges(d);
  compareSteps(d);
  compareOrderings(d);
  compareFindings(d);
  compareWaivers(d, opts.today.empty() ? session::todayUtc() : opts.today);
  return d;
}

} // namespace cutover::diff
