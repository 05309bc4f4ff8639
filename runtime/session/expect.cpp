#include "runtime/session/expect.h"

#include "compiler/diag/sanitize.h"

#include <fmt/format.h>
#include <llvm/ADT/SmallVector.h>
#include <llvm/ADT/StringExtras.h>

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
  for (const std::string &entity : e.entities)
    if (std::find(f.entities.begin(), f.entities.end(), entity) == f.entities.end()) return false;
  return true;
}

std::string describe(const Expectation &e) {
  std::string s = e.id;
  for (const std::string &entity : e.entities) s += " " + entity;
  return s;
}

} // namespace

VerifyOutcome verifyExpectations(llvm::StringRef path, const CheckResult &result, llvm::raw_ostream &os) {
  VerifyOutcome outcome;
  const llvm::SourceMgr &sm = result.program->sm;
  unsigned mainBuffer = sm.getMainFileID();
  std::vector<Expectation> expected = parseExpectations(sm.getMemoryBuffer(mainBuffer)->getBuffer());
  std::vector<bool> used(expected.size(), false);

  std::vector<std::string> unexpected;
  for (const diag::Finding &f : toReport(path, result).findings) {
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
    if (found) continue;
    std::string where = p.line ? fmt::format("{}:{}", p.file, p.line) : path.str();
    std::string entities;
    for (const std::string &e : f.entities) entities += " " + e;
    unexpected.push_back(fmt::format("  {}: {}{}: {}", diag::sanitize(where), diag::sanitize(f.id),
                                     diag::sanitize(entities), diag::sanitize(f.message)));
  }

  std::vector<std::string> missing;
  for (size_t i = 0; i < expected.size(); ++i)
    if (!used[i])
      missing.push_back(fmt::format("  {}:{}: {}", diag::sanitize(path), expected[i].line,
                                    diag::sanitize(describe(expected[i]))));

  if (!missing.empty()) {
    os << diag::sanitize(path) << ": error: expected findings not seen:\n";
    for (const std::string &m : missing) os << m << '\n';
  }
  if (!unexpected.empty()) {
    os << diag::sanitize(path) << ": error: findings seen but not expected:\n";
    for (const std::string &u : unexpected) os << u << '\n';
  }
  outcome.passed = missing.empty() && unexpected.empty();
  return outcome;
}

} // namespace cutover::session
