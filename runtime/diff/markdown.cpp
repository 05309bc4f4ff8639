// `cutover diff --format markdown`: a pull-request comment. Everything the
// plan wrote (titles, strings, file names, messages) is escaped for where it
// goes, so that no text of a plan can close a code block, start a table
// cell, inject HTML or end the Mermaid flowchart (docs/diff.md#markdown).
#include "runtime/diff/plan_diff.h"

#include "compiler/diag/sanitize.h"
#include "runtime/report/graph_emit.h"

#include <fmt/format.h>

#include <algorithm>
#include <set>

namespace cutover::diff {
namespace {

// Text outside code: every ASCII punctuation character that Markdown (or
// GitHub's extensions) gives a meaning is backslash-escaped, and the HTML
// brackets and ampersand become entities; control characters were escaped
// by the sanitiser, so no line can end inside.
std::string inlineText(llvm::StringRef raw) {
  std::string out;
  for (char c : diag::sanitize(raw)) {
    switch (c) {
    case '<': out += "&lt;"; break;
    case '>': out += "&gt;"; break;
    case '&': out += "&amp;"; break;
    default:
      if (llvm::StringRef("\\`*_{}[]()#+-.!|~:@$\"'=").contains(c)) out += '\\';
      out += c;
    }
  }
  return out;
}

// A fenced code block that its contents cannot close: the fence is longer
// than any run of backticks inside.
void codeBlock(llvm::StringRef info, llvm::StringRef contents, llvm::raw_ostream &os) {
  size_t longest = 0, run = 0;
  for (char c : contents) {
    run = c == '`' ? run + 1 : 0;
    longest = std::max(longest, run);
  }
  std::string fence(std::max<size_t>(3, longest + 1), '`');
  os << fence << info << '\n' << contents;
  if (!contents.endswith("\n")) os << '\n';
  os << fence << "\n\n";
}

std::string signedCount(int64_t n) { return n > 0 ? fmt::format("+{}", n) : n < 0 ? fmt::format("−{}", -n) : "0"; }

std::string countText(const std::optional<uint64_t> &n) { return n ? std::to_string(*n) : "?"; }

unsigned edgeCount(const session::CheckResult &r) {
  unsigned n = 0;
  if (r.model)
    for (const auto &p : r.model->phases) n += p.after.size();
  return n;
}

unsigned reported(const Version &v) {
  unsigned n = 0;
  for (const auto &f : v.result->diags.findings()) n += !f.suppressed;
  return n;
}

void summaryTable(const PlanDiff &d, llvm::raw_ostream &os) {
  const session::CheckResult &o = *d.old.result, &n = *d.now.result;
  size_t oldPhases = o.model ? o.model->phases.size() : 0, newPhases = n.model ? n.model->phases.size() : 0;
  size_t stepChanges = 0;
  size_t stepPhases = 0;
  for (const PhaseSteps &s : d.steps) {
    stepChanges += s.added.size() + s.removed.size() + s.changed.size();
    stepPhases += !s.added.empty() || !s.removed.empty() || !s.changed.empty() || s.reordered;
  }
  os << "| | before | after | change |\n|---|--:|--:|---|\n";
  os << fmt::format("| phases | {} | {} | {} added, {} removed, {} renamed |\n", oldPhases, newPhases,
                    d.phasesAdded.size(), d.phasesRemoved.size(), d.renamed.size());
  os << fmt::format("| `after` edges | {} | {} | {} added, {} removed |\n", edgeCount(o), edgeCount(n),
                    d.edgesAdded.size(), d.edgesRemoved.size());
  os << fmt::format("| steps | | | {} changed in {} {} |\n", stepChanges, stepPhases,
                    stepPhases == 1 ? "phase" : "phases");
  os << fmt::format("| orderings | | | {} {} of phases changed |\n", d.orderings.size(),
                    d.orderings.size() == 1 ? "pair" : "pairs");
  std::string change = d.old.states && d.now.states
                           ? signedCount(static_cast<int64_t>(*d.now.states) - static_cast<int64_t>(*d.old.states))
                           : "?";
  os << fmt::format("| reachable states | {} | {} | {} |\n", countText(d.old.states), countText(d.now.states), change);
  os << fmt::format("| findings | {} | {} | **{} introduced**, {} fixed, {} unchanged, {} waived |\n", reported(d.old),
                    reported(d.now), d.introduced.size(), d.fixed.size(), d.unchanged.size(), d.waived.size());
  os << fmt::format("| waivers | {} | {} | {} added, {} removed, {} expired |\n\n",
                    o.model ? o.model->waivers.size() : 0, n.model ? n.model->waivers.size() : 0, d.waiversAdded.size(),
                    d.waiversRemoved.size(), d.waiversExpired.size());
}

void introducedFindings(const PlanDiff &d, llvm::raw_ostream &os) {
  if (d.introduced.empty()) return;
  os << "#### Introduced findings\n\n";
  const llvm::SourceMgr &sm = d.now.result->program->sm;
  for (const diag::Finding &f : d.introduced) {
    report::Position at = report::positionOf(sm, f.range);
    os << "- **" << diag::severityName(f.severity) << "** `" << f.id << "`";
    if (at.line) os << " at " << inlineText(fmt::format("{}:{}:{}", at.file, at.line, at.column));
    os << ": " << inlineText(f.message) << "\n";
    if (!f.trace.empty()) {
      os << "  reached after phases: ";
      for (size_t i = 0; i < f.trace.size(); ++i) os << (i ? " → " : "") << inlineText(f.trace[i]);
      os << '\n';
    }
  }
  os << '\n';
  // The findings as `cutover check` prints them, source lines and notes included.
  std::string text;
  llvm::raw_string_ostream out(text);
  report::printText(report::FileReport{d.now.name, &sm, d.introduced, 0}, out, false);
  codeBlock("text", out.str(), os);
}

void changes(const PlanDiff &d, llvm::raw_ostream &os) {
  std::vector<std::string> lines;
  auto code = [](llvm::StringRef s) { return inlineText(s); };
  for (const auto &p : d.phasesAdded) lines.push_back("added phase " + code(p.name));
  for (const auto &p : d.phasesRemoved) lines.push_back("removed phase " + code(p.name));
  for (const auto &r : d.renamed) lines.push_back("renamed phase " + code(r.from) + " → " + code(r.to));
  for (const auto &e : d.edgesAdded) lines.push_back("added " + code(e.to) + " after " + code(e.from));
  for (const auto &e : d.edgesRemoved) lines.push_back("removed " + code(e.to) + " after " + code(e.from));
  for (const auto &o : d.orderings)
    lines.push_back(fmt::format("{} and {}: {} → {}", code(o.first), code(o.second),
                                o.before == Relation::Parallel ? "parallel" : "ordered",
                                o.after == Relation::Parallel ? "parallel" : "ordered") +
                    (o.after == Relation::Parallel ? " (new interleavings)" : ""));
  for (const auto &s : d.steps) {
    if (s.title) lines.push_back("in " + code(s.phase) + ", title " + code(s.title->from) + " → " + code(s.title->to));
    for (const auto &t : s.added) lines.push_back("in " + code(s.phase) + ", added " + code(t));
    for (const auto &t : s.removed) lines.push_back("in " + code(s.phase) + ", removed " + code(t));
    for (const auto &c : s.changed) lines.push_back("in " + code(s.phase) + ", " + code(c.from) + " → " + code(c.to));
    if (s.reordered) lines.push_back("in " + code(s.phase) + ", steps reordered");
  }
  for (const auto &w : d.waiversAdded) lines.push_back("added waiver of " + code(w.policy));
  for (const auto &w : d.waiversRemoved) lines.push_back("removed waiver of " + code(w.policy));
  for (const auto &w : d.waiversExpired) lines.push_back("expired waiver of " + code(w.policy));
  for (const auto &f : d.fixed) lines.push_back("fixed `" + f.id + "`: " + inlineText(f.message));
  for (const auto &f : d.waived) lines.push_back("waived `" + f.id + "`: " + inlineText(f.message));
  if (lines.empty()) return;
  os << "#### Changes\n\n";
  for (const std::string &l : lines) os << "- " << l << '\n';
  os << '\n';
}

// The new phase graph: added phases, phases whose ordering changed and phases
// where an introduced finding is reached, each marked by a class; `after`
// edges the change removed, dotted.
void flowchart(const PlanDiff &d, llvm::raw_ostream &os) {
  const session::CheckResult &n = *d.now.result;
  if (!n.model || n.model->phases.empty()) return;
  const sema::Model &model = *n.model;
  std::set<std::string> added, reordered, reached;
  for (const auto &p : d.phasesAdded) added.insert(p.name);
  for (const auto &o : d.orderings) reordered.insert({o.first, o.second});
  for (const auto &f : d.introduced)
    if (!f.trace.empty()) reached.insert(f.trace.back());
  std::string chart = "flowchart TD\n";
  for (sema::PhaseId p = 0; p < model.phases.size(); ++p) {
    const sema::PhaseDecl &phase = model.phases[p];
    std::string label = "<b>" + report::mermaidEscape(phase.name) + "</b>";
    if (!phase.title.empty()) label += "<br/>" + report::mermaidEscape(phase.title);
    chart += fmt::format("  p{}[\"{}\"]\n", p, label);
  }
  std::set<std::pair<std::string, std::string>> newEdges;
  for (const auto &e : d.edgesAdded) newEdges.insert({e.from, e.to});
  for (sema::PhaseId p = 0; p < model.phases.size(); ++p)
    for (sema::PhaseId q :
         n.graph.predecessors.size() == model.phases.size() ? n.graph.predecessors[p] : std::vector<sema::PhaseId>{})
      chart += fmt::format("  p{} {} p{}\n", q,
                           newEdges.count({model.phases[q].name, model.phases[p].name}) ? "==>" : "-->", p);
  for (const auto &e : d.edgesRemoved) {
    auto from = model.phaseByName.find(e.from), to = model.phaseByName.find(e.to);
    if (from != model.phaseByName.end() && to != model.phaseByName.end())
      chart += fmt::format("  p{} -. removed .-> p{}\n", from->second, to->second);
  }
  chart += "  classDef added fill:#dafbe1,stroke:#1a7f37\n"
           "  classDef reordered fill:#fff8c5,stroke:#9a6700\n"
           "  classDef finding fill:#ffebe9,stroke:#cf222e,stroke-width:3px\n";
  auto mark = [&](const std::set<std::string> &names, llvm::StringRef cls) {
    std::string ids;
    for (const std::string &name : names) {
      auto found = model.phaseByName.find(name);
      if (found != model.phaseByName.end()) ids += (ids.empty() ? "p" : ",p") + std::to_string(found->second);
    }
    if (!ids.empty()) chart += fmt::format("  class {} {}\n", ids, cls.str());
  };
  mark(added, "added");
  mark(reordered, "reordered");
  mark(reached, "finding");
  os << "#### Phase graph after the change\n\n";
  codeBlock("mermaid", chart, os);
  os << "Green: added phases; yellow: phases whose ordering changed; red: phases where an introduced finding is "
        "reached. Thick arrows are new `after` edges, dotted ones removed.\n\n";
}

} // namespace

void printMarkdown(const std::vector<PlanDiff> &diffs, llvm::raw_ostream &os) {
  for (const PlanDiff &d : diffs) {
    os << "### cutover diff: " << inlineText(d.old.name) << " → " << inlineText(d.now.name) << "\n\n";
    if (d.changesNothing()) {
      os << "No change to phases, orderings, states, findings or waivers.\n\n";
      continue;
    }
    summaryTable(d, os);
    introducedFindings(d, os);
    changes(d, os);
    flowchart(d, os);
  }
}

} // namespace cutover::diff
