#include "runtime/session/expect.h"

#include "compiler/diag/print.h"
#include "compiler/diag/sanitize.h"

#include <fmt/format.h>
#include <llvm/ADT/STLExtras.h>
#include <llvm/ADT/SmallVector.h>
#include <llvm/ADT/StringExtras.h>
#include <llvm/Support/WithColor.h>

namespace cutover::session {

std::vector<Expectation> parseExpectations(llvm::StringRef text) {
  std::vector<Expectation> out;
  unsigned lineNo = 0;
  while (!text.empty()) {
    auto [line, rest] = text.split('\n');
    text = rest;
    ++lineNo;
    size_t at = line.find("# expect:");
    if (at == llvm::StringRef::npos) continue;
    llvm::SmallVector<llvm::StringRef, 4> specs;
    line.drop_front(at + strlen("# expect:")).split(specs, ',', -1, /*KeepEmpty=*/false);
    for (llvm::StringRef spec : specs) {
      llvm::SmallVector<llvm::StringRef, 4> words;
      spec.split(words, ' ', -1, /*KeepEmpty=*/false);
      if (words.empty()) continue;
      Expectation e;
      e.line = lineNo;
      e.id = words[0].trim().str();
      for (size_t i = 1; i < words.size(); ++i) e.entities.push_back(words[i].trim().str());
      out.push_back(std::move(e));
    }
  }
  return out;
}

namespace {

bool matches(const Expectation &e, const diag::Finding &f, unsigned findingLine) {
  if (e.line != findingLine || e.id != f.id) return false;
  return llvm::all_of(e.entities, [&](const std::string &entity) { return llvm::is_contained(f.entities, entity); });
}

std::string entityList(const std::vector<std::string> &entities) {
  std::string s;
  for (const std::string &e : entities) s += " " + e;
  return s;
}

llvm::json::Array jsonStrings(const std::vector<std::string> &strings) {
  llvm::json::Array a;
  for (const std::string &s : strings) a.push_back(report::validUtf8(s));
  return a;
}

} // namespace

VerifyOutcome verifyExpectations(llvm::StringRef path, const CheckResult &result, const Selection &selection) {
  VerifyOutcome outcome;
  outcome.path = path.str();
  const llvm::SourceMgr &sm = result.program->sm;
  unsigned mainBuffer = sm.getMainFileID();
  std::vector<Expectation> expected = parseExpectations(sm.getMemoryBuffer(mainBuffer)->getBuffer());
  llvm::erase_if(expected, [&](const Expectation &e) { return !selection.selects(e.id); });
  std::vector<bool> used(expected.size(), false);

  report::FileReport findings = toReport(path, result);
  applySelection(selection, findings);
  for (const diag::Finding &f : findings.findings) {
    if (f.suppressed) continue; // a waived finding is not reported, so not expected either
    report::Position p = report::positionOf(sm, f.range);
    bool inMain = f.range.Start.isValid() && sm.FindBufferContainingLoc(f.range.Start) == mainBuffer;
    bool found = false;
    for (size_t i = 0; i < expected.size() && inMain; ++i)
      if (!used[i] && matches(expected[i], f, p.line)) {
        used[i] = found = true;
        outcome.triggered.insert(f.id);
        break;
      }
    if (!found)
      outcome.unexpected.push_back({p.line ? p.file : path.str(), p.line, p.column, f.id, f.entities, f.message});
  }
  for (size_t i = 0; i < expected.size(); ++i)
    if (!used[i])
      outcome.missing.push_back({path.str(), expected[i].line, 0, expected[i].id, expected[i].entities, ""});
  outcome.passed = outcome.missing.empty() && outcome.unexpected.empty();
  return outcome;
}

void printVerifyText(const VerifyOutcome &outcome, llvm::raw_ostream &out, bool color) {
  std::string text;
  diag::ColorStream os(text, color);
  auto heading = [&](llvm::StringRef what) {
    os << diag::sanitize(outcome.path) << ": ";
    llvm::WithColor(os, llvm::HighlightColor::Error) << "error: ";
    os << what << ":\n";
  };
  if (!outcome.missing.empty()) {
    heading("expected findings not seen");
    for (const Mismatch &m : outcome.missing)
      os << fmt::format("  {}:{}: {}\n", diag::sanitize(m.file), m.line, diag::sanitize(m.id + entityList(m.entities)));
  }
  if (!outcome.unexpected.empty()) {
    heading("findings seen but not expected");
    for (const Mismatch &m : outcome.unexpected) {
      std::string where = m.line ? fmt::format("{}:{}", m.file, m.line) : m.file;
      os << fmt::format("  {}: {}{}: {}\n", diag::sanitize(where), diag::sanitize(m.id),
                        diag::sanitize(entityList(m.entities)), diag::sanitize(m.message));
    }
  }
  os.flush();
  out << text;
}

void printVerifyGithub(const VerifyOutcome &outcome, llvm::raw_ostream &os) {
  auto annotate = [&](const Mismatch &m, llvm::StringRef title, const std::string &text) {
    os << "::error file=" << diag::githubProperty(m.file);
    if (m.line) os << ",line=" << m.line;
    if (m.column) os << ",col=" << m.column;
    os << ",title=" << diag::githubProperty(title) << "::" << diag::githubData(text) << '\n';
  };
  for (const Mismatch &m : outcome.missing) annotate(m, "expected finding not seen", m.id + entityList(m.entities));
  for (const Mismatch &m : outcome.unexpected)
    annotate(m, "finding not expected", m.id + entityList(m.entities) + ": " + m.message);
}

llvm::json::Value verifyToJson(const VerifyOutcome &outcome) {
  auto list = [](const std::vector<Mismatch> &mismatches) {
    llvm::json::Array a;
    for (const Mismatch &m : mismatches) {
      llvm::json::Object o{{"file", report::validUtf8(m.file)},
                           {"line", m.line},
                           {"id", report::validUtf8(m.id)},
                           {"entities", jsonStrings(m.entities)}};
      if (m.column) o["column"] = m.column;
      if (!m.message.empty()) o["message"] = report::validUtf8(m.message);
      a.push_back(std::move(o));
    }
    return a;
  };
  return llvm::json::Object{{"file", report::validUtf8(outcome.path)},
                            {"passed", outcome.passed},
                            {"missing", list(outcome.missing)},
                            {"unexpected", list(outcome.unexpected)}};
}

} // namespace cutover::session
