#include "compiler/diag/diagnostic.h"

#include <fmt/core.h>
#include <llvm/ADT/StringExtras.h>

#include <algorithm>

namespace cutover::diag {

llvm::StringRef severityName(Severity s) {
  switch (s) {
  case Severity::Error: return "error";
  case Severity::Warning: return "warning";
  case Severity::Info: return "info";
  case Severity::Note: return "note";
  }
  return "error";
}

std::optional<Severity> parseSeverity(llvm::StringRef name) {
  if (name == "error") return Severity::Error;
  if (name == "warning") return Severity::Warning;
  if (name == "info") return Severity::Info;
  return std::nullopt;
}

const std::vector<KindInfo> &allKinds() {
  static const std::vector<KindInfo> kinds = {
#define CUTOVER_FINDING(E, ID, SEV, TITLE) {Kind::E, ID, Severity::SEV, TITLE},
#include "compiler/diag/findings.def"
#undef CUTOVER_FINDING
  };
  return kinds;
}

const KindInfo &info(Kind k) { return allKinds()[static_cast<size_t>(k)]; }

std::optional<Kind> kindById(llvm::StringRef id) {
  for (const KindInfo &k : allKinds())
    if (k.id == id) return k.kind;
  return std::nullopt;
}

Finding &Diagnostics::report(Kind k, llvm::SMRange range, std::string message) {
  Finding f;
  f.id = info(k).id.str();
  f.severity = info(k).severity;
  f.range = range;
  f.message = std::move(message);
  return report(std::move(f));
}

Finding &Diagnostics::report(Finding f) {
  findings_.push_back(std::move(f));
  return findings_.back();
}

bool Diagnostics::hasErrors() const {
  return std::any_of(findings_.begin(), findings_.end(),
                     [](const Finding &f) { return f.severity == Severity::Error && !f.suppressed; });
}

size_t Diagnostics::count(Kind k) const {
  llvm::StringRef id = info(k).id;
  return std::count_if(findings_.begin(), findings_.end(), [&](const Finding &f) { return f.id == id; });
}

namespace {

// The closest candidate within the distance "did you mean" allows; `work`
// grows by the edit-distance cells spent, and the search gives up (nullopt)
// once it passes `budget`.
std::optional<std::string> closest(llvm::StringRef word, Candidates candidates, uint64_t &work, uint64_t budget) {
  // Allow about one edit per three characters, as clang's typo correction does.
  const unsigned limit = std::max<size_t>(1, (word.size() + 2) / 3);
  std::optional<std::string> best;
  unsigned bestDistance = limit + 1;
  bool exhausted = false;
  candidates([&](llvm::StringRef c) {
    if (exhausted || c == word) return;
    // The distance is at least the difference in length: no need to compute it.
    const size_t gap = c.size() > word.size() ? c.size() - word.size() : word.size() - c.size();
    work += gap > limit ? 1 : (word.size() + 1) * (c.size() + 1);
    if (work > budget) {
      exhausted = true;
      return;
    }
    if (gap > limit) return;
    unsigned d = word.edit_distance(c, /*AllowReplacements=*/true, limit + 1);
    // Ties go to the alphabetically first name, so output is deterministic.
    if (d < bestDistance || (d == bestDistance && best && c < *best)) {
      bestDistance = d;
      best = c.str();
    }
  });
  if (exhausted) return std::nullopt;
  return best;
}

} // namespace

std::optional<std::string> closestMatch(llvm::StringRef word, const std::vector<std::string> &candidates) {
  uint64_t work = 0;
  return closest(
      word,
      [&](llvm::function_ref<void(llvm::StringRef)> yield) {
        for (const std::string &c : candidates) yield(c);
      },
      work, UINT64_MAX);
}

std::optional<std::string> Diagnostics::suggest(llvm::StringRef word, Candidates candidates) {
  if (suggestionWork_ > kSuggestionBudget) return std::nullopt;
  return closest(word, candidates, suggestionWork_, kSuggestionBudget);
}

} // namespace cutover::diag
