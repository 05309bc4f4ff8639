#include "tools/cutover/commands.h"

#include "compiler/diag/explain.h"
#include "compiler/diag/print.h"
#include "compiler/diag/sanitize.h"
#include "compiler/io/untrusted.h"
#include "runtime/session/packs.h"

#include <fmt/format.h>
#include <llvm/Support/Path.h>
#include <llvm/Support/WithColor.h>
#include <llvm/Support/raw_ostream.h>

#include <optional>

namespace cutover::driver {
namespace {

// A pack's tests show a failing and a fixed plan for each policy:
// tests/<id>-trigger.cut and tests/<id>-silent.cut beside the pack, read
// like any pack file (inside the pack's directory).
std::optional<std::string> example(llvm::StringRef packFile, llvm::StringRef id, llvm::StringRef kind) {
  llvm::StringRef packDir = llvm::sys::path::parent_path(packFile);
  llvm::SmallString<256> path(packDir);
  llvm::sys::path::append(path, "tests", llvm::StringRef(id).lower() + "-" + kind.str() + ".cut");
  auto file = io::readFile(path, io::treeOf(path));
  if (!file) {
    llvm::consumeError(file.takeError());
    return std::nullopt;
  }
  return file->buffer->getBuffer().str();
}

// Pack text is printed line by line through the sanitiser (a pack may come
// from the checked repository: --pack-path).
void printLines(llvm::StringRef text, llvm::StringRef indent = "") {
  while (!text.empty()) {
    auto [line, rest] = text.split('\n');
    llvm::outs() << (line.empty() ? "" : indent) << diag::sanitize(line) << '\n';
    text = rest;
  }
}

void printIndented(llvm::StringRef text) { printLines(text, "    "); }

// `hint: text`, or one line per variant: `hint (when C): text`, `hint (otherwise): text`.
void printVariants(llvm::StringRef what, const std::vector<policy::TextVariant> &variants) {
  for (const policy::TextVariant &v : variants) {
    llvm::outs() << what;
    if (variants.size() > 1 || !v.condition.empty())
      llvm::outs() << " (" << (v.condition.empty() ? "otherwise" : "when " + diag::sanitize(v.condition)) << ")";
    llvm::outs() << ": " << diag::sanitize(v.text) << '\n';
  }
}

// The failing and the fixed plan, under the headings the explain-examples
// test looks for.
void printExamples(const std::optional<std::string> &failing, const std::optional<std::string> &fixed) {
  if (failing) {
    llvm::outs() << "\na plan that violates it:\n";
    printIndented(*failing);
  }
  if (fixed) {
    llvm::outs() << "\nthe same plan, fixed:\n";
    printIndented(*fixed);
  }
}

// The compiler finding kind whose ID is `id`, whatever its case.
std::optional<diag::Kind> kindIgnoringCase(llvm::StringRef id) {
  for (const diag::KindInfo &k : diag::allKinds())
    if (k.id.equals_insensitive(id)) return k.kind;
  return std::nullopt;
}

// The severity's name, coloured as in findings when `os` has colours.
void printSeverity(diag::Severity severity, llvm::raw_ostream &os) {
  llvm::HighlightColor color = severity == diag::Severity::Error     ? llvm::HighlightColor::Error
                               : severity == diag::Severity::Warning ? llvm::HighlightColor::Warning
                                                                     : llvm::HighlightColor::Note;
  llvm::WithColor(os, color) << diag::severityName(severity);
}

// `ID (severity, what)`, the severity coloured as in findings when `color`.
void printHeading(llvm::StringRef id, diag::Severity severity, llvm::StringRef what, bool color) {
  std::string text;
  diag::ColorStream os(text, color);
  os << id << " (";
  printSeverity(severity, os);
  os << ", " << what << ")";
  os.flush();
  llvm::outs() << text;
}

} // namespace

int runExplain(const std::vector<std::string> &ids, const CommonOptions &opts) {
  if (ids.size() != 1) {
    llvm::errs() << "cutover: error: explain " << (ids.empty() ? "needs an ID" : "takes one ID")
                 << " (usage: cutover explain ID, e.g. cutover explain CORE-DATA-001; cutover policies lists them)\n";
    return 2;
  }
  const std::string &id = ids[0];
  if (auto kind = kindIgnoringCase(id)) {
    const diag::KindInfo &k = diag::info(*kind);
    const diag::Explanation &e = diag::explanation(*kind);
    printHeading(k.id, k.severity, "compiler finding", opts.color);
    llvm::outs() << "\n  " << k.title << "\n\n" << e.rule << '\n';
    if (!e.options.empty()) llvm::outs() << "\nthe examples show it with: cutover check " << e.options << " PLAN\n";
    printExamples(e.failing.rtrim().str(), e.fixed.rtrim().str());
    return 0;
  }
  session::PackCatalogue catalogue = session::loadPacks(opts.check);
  const session::PackPolicy *found = catalogue.find(id);
  if (!found) {
    llvm::errs() << "cutover: error: E-UNKNOWN: no policy or finding ID '" << diag::sanitize(id) << "'";
    if (auto suggestion = diag::closestMatch(id, catalogue.ids())) llvm::errs() << "; did you mean '" << *suggestion << "'?";
    llvm::errs() << '\n';
    return 2;
  }
  const policy::PolicyInfo &p = found->info;
  printHeading(diag::sanitize(p.id), p.severity, "pack " + diag::sanitize(p.origin), opts.color);
  llvm::outs() << "\n  " << diag::sanitize(p.title) << '\n';
  if (!p.source.empty()) llvm::outs() << "\nsource: " << diag::sanitize(p.source) << '\n';
  printVariants("hint", p.hints);
  llvm::outs() << "\nthe rule, as the pack states it:\n";
  printLines(found->text);
  printExamples(example(found->packFile, p.id, "trigger"), example(found->packFile, p.id, "silent"));
  return 0;
}

int runPolicies(const std::string &pack, bool markdown, const CommonOptions &opts) {
  session::PackCatalogue catalogue = session::loadPacks(opts.check);
  if (!pack.empty() && !catalogue.hasPack(pack)) {
    llvm::errs() << "cutover: error: E-UNKNOWN: no pack '" << diag::sanitize(pack) << "'";
    if (auto suggestion = diag::closestMatch(pack, catalogue.packs()))
      llvm::errs() << "; did you mean '" << diag::sanitize(*suggestion) << "'?";
    llvm::errs() << '\n';
    return 2;
  }
  if (markdown)
    llvm::outs() << "# Policy catalogue\n\nGenerated by `cutover policies --markdown` from the packs in "
                    "`policies/`; do not edit by hand.\n";
  std::string currentPack;
  for (const session::PackPolicy &entry : catalogue.policies) {
    const policy::PolicyInfo &p = entry.info;
    if (!pack.empty() && p.origin != pack) continue;
    if (!markdown) {
      std::string severity;
      diag::ColorStream os(severity, opts.color);
      printSeverity(p.severity, os);
      os.flush();
      // The padding counts the severity's letters, not its colour codes.
      const size_t pad = 8 - std::min<size_t>(8, diag::severityName(p.severity).size());
      llvm::outs() << fmt::format("{:<16} {}{} {:<10} {}\n", diag::sanitize(p.id), severity, std::string(pad, ' '),
                                  diag::sanitize(p.origin), diag::sanitize(p.title));
      continue;
    }
    if (p.origin != currentPack) {
      currentPack = p.origin;
      llvm::outs() << "\n## Pack `" << diag::sanitize(currentPack) << "`\n";
    }
    llvm::outs() << "\n### " << diag::sanitize(p.id) << " (" << diag::severityName(p.severity) << ")\n\n"
                 << diag::sanitize(p.title) << "\n\n";
    if (!p.source.empty()) llvm::outs() << "- Source: " << diag::sanitize(p.source) << '\n';
    if (p.hints.size() == 1 && p.hints[0].condition.empty()) {
      llvm::outs() << "- Fix: " << diag::sanitize(p.hint) << '\n';
    } else if (!p.hints.empty()) {
      llvm::outs() << "- Fix, the first that applies:\n";
      for (const policy::TextVariant &v : p.hints)
        llvm::outs() << "  - " << (v.condition.empty() ? "otherwise" : "when `" + diag::sanitize(v.condition) + "`")
                     << ": " << diag::sanitize(v.text) << '\n';
    }
    llvm::outs() << "\n```\n";
    printLines(entry.text);
    llvm::outs() << "```\n";
    if (auto failing = example(entry.packFile, p.id, "trigger")) {
      llvm::outs() << "\nA plan that violates it (`tests/" << diag::sanitize(llvm::StringRef(p.id).lower())
                   << "-trigger.cut` beside the pack):\n\n```\n";
      printLines(llvm::StringRef(*failing).rtrim());
      llvm::outs() << "```\n";
    }
  }
  return 0;
}

} // namespace cutover::driver
