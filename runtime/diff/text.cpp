// `cutover diff` as text: a summary in the manner of `git diff --stat`, then
// the introduced findings as `check` prints them.
#include "runtime/diff/plan_diff.h"

#include "compiler/diag/sanitize.h"

#include <fmt/format.h>

namespace cutover::diff {
namespace {

class Printer {
public:
  Printer(llvm::raw_ostream &os, bool color) : os_(os), color_(color) {}

  // One line: `mark` ('+', '-', '~') coloured, then the text (sanitised).
  void line(unsigned indent, char mark, llvm::StringRef text) {
    os_.indent(indent);
    llvm::raw_ostream::Colors c = mark == '+'   ? llvm::raw_ostream::GREEN
                                  : mark == '-' ? llvm::raw_ostream::RED
                                                : llvm::raw_ostream::YELLOW;
    if (color_) os_.changeColor(c);
    os_ << mark;
    if (color_) os_.resetColor();
    os_ << ' ' << diag::sanitize(text) << '\n';
  }
  void heading(llvm::StringRef text) {
    if (color_) os_.changeColor(llvm::raw_ostream::SAVEDCOLOR, /*bold=*/true);
    os_ << text;
    if (color_) os_.resetColor();
    os_ << '\n';
  }
  llvm::raw_ostream &os() { return os_; }

private:
  llvm::raw_ostream &os_;
  bool color_;
};

std::string phaseLine(const PhaseSummary &p) {
  std::string line = "phase " + p.name;
  if (!p.title.empty()) line += " \"" + p.title + "\"";
  return line + fmt::format(" ({} step{})", p.steps.size(), p.steps.size() == 1 ? "" : "s");
}

std::string states(const std::optional<uint64_t> &n) { return n ? std::to_string(*n) : "?"; }

std::string plural(size_t n, llvm::StringRef word) { return fmt::format("{} {}{}", n, word.str(), n == 1 ? "" : "s"); }

} // namespace

void printText(const PlanDiff &d, llvm::raw_ostream &os, bool color) {
  Printer p(os, color);
  p.heading("diff " + diag::sanitize(d.old.name) + " -> " + diag::sanitize(d.now.name));
  if (d.changesNothing()) {
    os << "  no change\n";
    return;
  }
  if (!d.phasesAdded.empty() || !d.phasesRemoved.empty() || !d.renamed.empty()) {
    os << fmt::format("  phases: {} added, {} removed, {} renamed\n", d.phasesAdded.size(), d.phasesRemoved.size(),
                      d.renamed.size());
    for (const auto &ph : d.phasesAdded) p.line(4, '+', phaseLine(ph));
    for (const auto &ph : d.phasesRemoved) p.line(4, '-', phaseLine(ph));
    for (const auto &r : d.renamed) p.line(4, '~', "phase " + r.from + " -> " + r.to + " (same steps)");
  }
  if (!d.edgesAdded.empty() || !d.edgesRemoved.empty()) {
    os << fmt::format("  after edges: {} added, {} removed\n", d.edgesAdded.size(), d.edgesRemoved.size());
    for (const auto &e : d.edgesAdded) p.line(4, '+', e.to + " after " + e.from);
    for (const auto &e : d.edgesRemoved) p.line(4, '-', e.to + " after " + e.from);
  }
  if (!d.steps.empty()) {
    os << "  steps: " << plural(d.steps.size(), "phase") << " changed\n";
    for (const auto &s : d.steps) {
      os << "    " << s.phase << ":" << (s.reordered ? " (reordered)" : "") << '\n';
      if (s.title) p.line(6, '~', "title \"" + s.title->from + "\" -> \"" + s.title->to + "\"");
      for (const auto &t : s.added) p.line(6, '+', t);
      for (const auto &t : s.removed) p.line(6, '-', t);
      for (const auto &c : s.changed) p.line(6, '~', c.from + " -> " + c.to);
    }
  }
  if (!d.orderings.empty()) {
    os << "  orderings: " << plural(d.orderings.size(), "pair") << " of phases changed\n";
    for (const auto &o : d.orderings)
      p.line(4,
             o.after == Relation::Parallel    ? '-'
             : o.before == Relation::Parallel ? '+'
                                              : '~',
             fmt::format("{} {} {} -> {} {} {}", o.first, relationName(o.before).str(), o.second, o.first,
                         relationName(o.after).str(), o.second));
  }
  if (d.old.states != d.now.states || !d.old.states) {
    std::string change;
    if (d.old.states && d.now.states)
      change = fmt::format(" ({:+})", static_cast<int64_t>(*d.now.states) - static_cast<int64_t>(*d.old.states));
    os << "  reachable states: " << states(d.old.states) << " -> " << states(d.now.states) << change << '\n';
  }
  os << fmt::format("  findings: {} introduced, {} fixed, {} unchanged", d.introduced.size(), d.fixed.size(),
                    d.unchanged.size());
  if (!d.waived.empty()) os << fmt::format(", {} waived", d.waived.size());
  os << '\n';
  if (!d.waiversAdded.empty() || !d.waiversRemoved.empty() || !d.waiversExpired.empty()) {
    os << fmt::format("  waivers: {} added, {} removed, {} expired\n", d.waiversAdded.size(), d.waiversRemoved.size(),
                      d.waiversExpired.size());
    auto waiver = [](const WaiverSummary &w) {
      std::string text = "waive " + w.policy;
      for (size_t i = 0; i < w.entities.size(); ++i) text += (i ? ", " : " for ") + w.entities[i];
      if (!w.until.empty()) text += " until " + w.until;
      return text;
    };
    for (const auto &w : d.waiversAdded) p.line(4, '+', waiver(w));
    for (const auto &w : d.waiversRemoved) p.line(4, '-', waiver(w));
    for (const auto &w : d.waiversExpired) p.line(4, '~', waiver(w) + " (expired)");
  }
  if (!d.introduced.empty()) {
    os << '\n';
    p.heading("introduced:");
    report::FileReport r{d.now.name, &d.now.result->program->sm, d.introduced, 0};
    report::printText(r, os, color);
  }
  // Fixed and waived findings in short, where the old version had them.
  for (auto [list, title] : {std::pair{&d.fixed, "fixed:"}, std::pair{&d.waived, "waived:"}}) {
    if (list->empty()) continue;
    os << '\n';
    p.heading(title);
    for (const diag::Finding &f : *list) {
      report::Position at = report::positionOf(d.old.result->program->sm, f.range);
      std::string where = at.line ? fmt::format("{}:{}:{}: ", at.file, at.line, at.column) : "";
      p.line(2, '-', where + f.id + ": " + f.message);
    }
  }
}

} // namespace cutover::diff
