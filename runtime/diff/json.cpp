// `cutover diff --format json`: the document docs/diff.schema.json describes.
#include "runtime/diff/plan_diff.h"

#include <llvm/Support/JSON.h>

namespace cutover::diff {
namespace {

using llvm::json::Array;
using llvm::json::Object;
using llvm::json::Value;

Value text(llvm::StringRef s) { return report::validUtf8(s); }

Value strings(const std::vector<std::string> &list) {
  Array a;
  for (const std::string &s : list) a.push_back(text(s));
  return a;
}

Value countOrNull(const std::optional<uint64_t> &n) { return n ? Value(static_cast<int64_t>(*n)) : Value(nullptr); }

Value phases(const std::vector<PhaseSummary> &list) {
  Array a;
  for (const PhaseSummary &p : list)
    a.push_back(Object{{"id", text(p.name)},
                       {"title", p.title.empty() ? Value(nullptr) : text(p.title)},
                       {"steps", strings(p.steps)}});
  return a;
}

Value edges(const std::vector<Edge> &list) {
  Array a;
  for (const Edge &e : list) a.push_back(Object{{"from", text(e.from)}, {"to", text(e.to)}});
  return a;
}

Value waivers(const std::vector<WaiverSummary> &list) {
  Array a;
  for (const WaiverSummary &w : list)
    a.push_back(Object{{"policy", text(w.policy)},
                       {"entities", strings(w.entities)},
                       {"until", w.until.empty() ? Value(nullptr) : text(w.until)},
                       {"reason", text(w.reason)},
                       {"line", w.line}});
  return a;
}

Value findings(const std::vector<diag::Finding> &list, const Version &v) {
  Array a;
  for (const diag::Finding &f : list) a.push_back(report::findingToJson(f, v.result->program->sm));
  return a;
}

Value version(const Version &v) {
  const session::CheckResult &r = *v.result;
  return Object{{"file", text(v.name)},
                {"compiled", r.verified},
                {"phases", static_cast<int64_t>(r.model ? r.model->phases.size() : 0)},
                {"states", countOrNull(v.states)}};
}

Value toJson(const PlanDiff &d) {
  Array renamed, steps, orderings;
  for (const Renamed &r : d.renamed) renamed.push_back(Object{{"from", text(r.from)}, {"to", text(r.to)}});
  for (const PhaseSteps &s : d.steps) {
    Array changed;
    for (const StepChange &c : s.changed) changed.push_back(Object{{"from", text(c.from)}, {"to", text(c.to)}});
    Value title = nullptr;
    if (s.title) title = Object{{"from", text(s.title->from)}, {"to", text(s.title->to)}};
    steps.push_back(Object{{"phase", text(s.phase)},
                           {"title", std::move(title)},
                           {"added", strings(s.added)},
                           {"removed", strings(s.removed)},
                           {"changed", std::move(changed)},
                           {"reordered", s.reordered}});
  }
  for (const OrderChange &o : d.orderings)
    orderings.push_back(Object{{"first", text(o.first)},
                               {"second", text(o.second)},
                               {"old", relationName(o.before)},
                               {"new", relationName(o.after)}});
  Value change = nullptr;
  if (d.old.states && d.now.states) change = static_cast<int64_t>(*d.now.states) - static_cast<int64_t>(*d.old.states);
  return Object{
      {"old", version(d.old)},
      {"new", version(d.now)},
      {"changed", !d.changesNothing()},
      {"phases",
       Object{{"added", phases(d.phasesAdded)}, {"removed", phases(d.phasesRemoved)}, {"renamed", std::move(renamed)}}},
      {"after", Object{{"added", edges(d.edgesAdded)}, {"removed", edges(d.edgesRemoved)}}},
      {"steps", std::move(steps)},
      {"orderings", std::move(orderings)},
      {"states",
       Object{{"old", countOrNull(d.old.states)}, {"new", countOrNull(d.now.states)}, {"change", std::move(change)}}},
      {"findings", Object{{"introduced", findings(d.introduced, d.now)},
                          {"fixed", findings(d.fixed, d.old)},
                          {"unchanged", findings(d.unchanged, d.now)},
                          {"waived", findings(d.waived, d.old)}}},
      {"waivers", Object{{"added", waivers(d.waiversAdded)},
                         {"removed", waivers(d.waiversRemoved)},
                         {"expired", waivers(d.waiversExpired)}}},
  };
}

} // namespace

void printJson(const std::vector<PlanDiff> &diffs, llvm::raw_ostream &os) {
  Array all;
  unsigned errors = 0, warnings = 0, infos = 0, fixed = 0, unchanged = 0;
  for (const PlanDiff &d : diffs) {
    all.push_back(toJson(d));
    for (const diag::Finding &f : d.introduced) {
      errors += f.severity == diag::Severity::Error;
      warnings += f.severity == diag::Severity::Warning;
      infos += f.severity == diag::Severity::Info;
    }
    fixed += d.fixed.size();
    unchanged += d.unchanged.size();
  }
  Object document{
      {"format", "cutover-diff"},
      {"version", 1},
      {"diffs", std::move(all)},
      {"summary", Object{{"introduced", Object{{"errors", errors}, {"warnings", warnings}, {"infos", infos}}},
                         {"fixed", fixed},
                         {"unchanged", unchanged}}}};
  // llvm::json::Object sorts its keys: the order is stable.
  os << llvm::formatv("{0:2}", Value(std::move(document))) << '\n';
}

} // namespace cutover::diff
