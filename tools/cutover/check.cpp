#include "tools/cutover/commands.h"

#include "compiler/diag/sanitize.h"
#include "tools/cutover/check_all.h"

#include <fmt/format.h>
#include <llvm/ADT/STLExtras.h>
#include <llvm/ADT/StringMap.h>
#include <llvm/Support/BuryPointer.h>
#include <llvm/Support/ThreadPool.h>
#include <llvm/Support/raw_ostream.h>

#include <optional>

namespace cutover::driver {

std::string baselineFile, writeBaselineFile;

namespace {

bool fails(const report::FileReport &r, diag::Severity failOn) {
  return llvm::any_of(r.findings, [&](const diag::Finding &f) {
    return !f.suppressed && static_cast<int>(f.severity) <= static_cast<int>(failOn);
  });
}

void printSummaryTable(const std::vector<report::FileReport> &reports, llvm::raw_ostream &os) {
  std::map<std::string, unsigned> perId;
  for (const auto &r : reports)
    for (const auto &f : r.findings)
      if (!f.suppressed) ++perId[f.id];
  for (const auto &[id, n] : perId) os << llvm::format("%6u  ", n) << diag::sanitize(id) << '\n';
}

// A one-file run exits right after its report: its AST, model, graph,
// policies and verification caches go with the process instead of being
// freed node by node
// (docs/performance.md, "Freeing at exit"), as clang's -disable-free does.
// Under AddressSanitizer they are freed, so that the teardown stays checked.
#if defined(__SANITIZE_ADDRESS__)
constexpr bool kLeakCheck = true;
#elif defined(__has_feature)
constexpr bool kLeakCheck = __has_feature(address_sanitizer) || __has_feature(leak_sanitizer);
#else
constexpr bool kLeakCheck = false;
#endif

void leaveToExit(std::vector<Outcome> &outcomes) {
  if (!kLeakCheck && outcomes.size() == 1) llvm::BuryPointer(std::move(outcomes.front().result));
}

} // namespace

bool inputFiles(const std::vector<std::string> &args, llvm::StringRef noneMessage, std::vector<io::Input> &inputs) {
  std::vector<std::string> skipped;
  llvm::Error e = io::expandInputs(args, inputs, skipped);
  for (const std::string &s : skipped) llvm::errs() << "cutover: note: " << diag::sanitize(s) << '\n';
  if (e) {
    llvm::errs() << "cutover: error: " << diag::sanitize(llvm::toString(std::move(e))) << '\n';
    return false;
  }
  if (inputs.empty()) {
    llvm::errs() << "cutover: error: " << noneMessage << '\n';
    return false;
  }
  return true;
}

void explainVerification(const std::string &path, const session::CheckResult &result) {
  llvm::errs() << "cutover: " << diag::sanitize(path) << ": " << session::describeVerification(result) << '\n';
}

int runCheck(const std::vector<std::string> &paths, const CommonOptions &opts) {
  std::vector<io::Input> inputs;
  if (!inputFiles(paths, "no input files", inputs)) return 2;
  // Read before the plans are checked: a bad baseline fails at once.
  std::optional<std::vector<report::BaselineEntry>> baseline;
  if (!baselineFile.empty()) {
    auto read = report::readBaseline(baselineFile);
    if (!read) {
      llvm::errs() << "cutover: error: " << diag::sanitize(llvm::toString(read.takeError())) << '\n';
      return 2;
    }
    baseline = std::move(*read);
  }

  session::CheckOptions checkOptions = opts.check;
  checkOptions.leaveToExit = !kLeakCheck && inputs.size() == 1;
  checkOptions.freeSyntaxTrees = true; // also under AddressSanitizer, which checks that nothing reads them
  std::vector<Outcome> outcomes = checkAll(inputs, checkOptions, opts.jobs);
  warnUnmatchedSelectors(opts.selection, outcomes, opts.check);

  int exitCode = 0;
  std::vector<report::FileReport> reports;
  for (Outcome &o : outcomes) {
    if (!o.error.empty()) {
      llvm::errs() << "cutover: error: " << diag::sanitize(o.error) << '\n';
      exitCode = 2;
      continue;
    }
    if (opts.explainReduction) explainVerification(o.path, *o.result);
    reports.push_back(session::toReport(o.path, *o.result));
    session::applySelection(opts.selection, reports.back());
  }
  if (!writeBaselineFile.empty()) {
    if (exitCode != 0) return exitCode; // a baseline without the files that failed would be wrong
    llvm::Expected<size_t> n = report::writeBaseline(writeBaselineFile, reports);
    if (!n) {
      llvm::errs() << "cutover: error: " << diag::sanitize(llvm::toString(n.takeError())) << '\n';
      return 2;
    }
    llvm::errs() << fmt::format("cutover: wrote {} finding{} to the baseline {}\n", *n, *n == 1 ? "" : "s",
                                diag::sanitize(writeBaselineFile));
    return 0;
  }
  if (baseline) {
    report::BaselineMatch m = report::applyBaseline(*baseline, reports);
    llvm::errs() << fmt::format("cutover: note: the baseline {} holds {} of the findings (not reported); {} of its "
                                "entries no longer occur\n",
                                diag::sanitize(baselineFile), m.matched, m.absent);
  }

  llvm::raw_ostream &out = llvm::outs();
  switch (opts.format) {
  case OutputFormat::Text:
    for (const auto &r : reports) report::printText(r, out, opts.color);
    break;
  case OutputFormat::Github:
    for (const auto &r : reports) report::printGithub(r, out);
    break;
  case OutputFormat::Json: report::printJson(reports, out); break;
  case OutputFormat::Sarif: {
    std::vector<report::RuleInfo> rules;
    llvm::StringMap<bool> seen;
    for (const Outcome &o : outcomes)
      if (o.result)
        for (report::RuleInfo &r : session::rulesOf(o.result->policies))
          if (seen.try_emplace(r.id, true).second) rules.push_back(std::move(r));
    report::printSarif(reports, rules, out);
    break;
  }
  }
  // The table is plain text: after a JSON or SARIF document it would make the
  // output unparseable, so there it goes to stderr.
  if (opts.summary)
    printSummaryTable(reports,
                      opts.format == OutputFormat::Json || opts.format == OutputFormat::Sarif ? llvm::errs() : out);
  if (opts.format == OutputFormat::Text && !opts.quiet && !reports.empty()) {
    report::Counts c = report::countFindings(reports);
    uint64_t states = 0;
    for (const auto &r : reports) states += r.statesExplored;
    // Findings a waiver silenced are counted only when there are some (docs/cli.md).
    const std::string suppressed = c.suppressed ? fmt::format(", {} suppressed", c.suppressed) : "";
    out << fmt::format("checked {} file{}: {} error{}, {} warning{}, {} info{} ({} states explored)\n", reports.size(),
                       reports.size() == 1 ? "" : "s", c.errors, c.errors == 1 ? "" : "s", c.warnings,
                       c.warnings == 1 ? "" : "s", c.infos, suppressed, states);
  }
  for (const auto &r : reports)
    if (fails(r, opts.failOn) && exitCode == 0) exitCode = 1;
  leaveToExit(outcomes);
  return exitCode;
}

} // namespace cutover::driver
