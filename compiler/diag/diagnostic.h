// Findings: the one record every phase reports and every reporter prints.
#pragma once

#include <llvm/ADT/STLFunctionalExtras.h>
#include <llvm/ADT/StringRef.h>
#include <llvm/Support/SMLoc.h>

#include <optional>
#include <string>
#include <vector>

namespace cutover::diag {

enum class Severity { Error, Warning, Info, Note };

llvm::StringRef severityName(Severity s);
std::optional<Severity> parseSeverity(llvm::StringRef name);

// Compiler finding kinds, from findings.def.
enum class Kind {
#define CUTOVER_FINDING(E, ID, SEV, TITLE) E,
#include "compiler/diag/findings.def"
#undef CUTOVER_FINDING
};

struct KindInfo {
  Kind kind;
  llvm::StringRef id;
  Severity severity;
  llvm::StringRef title;
};

const KindInfo &info(Kind k);
const std::vector<KindInfo> &allKinds();
// The registered kind with this ID, if it is a compiler finding.
std::optional<Kind> kindById(llvm::StringRef id);

struct Note {
  llvm::SMRange range; // invalid: a note without a location
  std::string message;
};

struct FixIt {
  llvm::SMRange range; // replaced text (empty range: insertion point)
  std::string replacement;
};

struct Finding {
  std::string id; // "E-SYNTAX", "CORE-DATA-001", ...
  Severity severity = Severity::Error;
  std::string message;
  llvm::SMRange range; // primary location; invalid: no location
  std::string origin;  // pack or file that defines a policy ("core"); empty for compiler findings
  std::vector<Note> notes;
  std::vector<std::string> hints;
  std::vector<FixIt> fixits;
  std::vector<std::string> entities; // bound entities, for policy findings
  std::vector<std::string> trace;    // phase ids, in one valid order
  bool suppressed = false;
  std::string suppressedBy; // the waiver's reason, when suppressed
};

// Candidates for "did you mean": calls its argument with each name, so that
// none is copied.
using Candidates = llvm::function_ref<void(llvm::function_ref<void(llvm::StringRef)>)>;

// The names of a list as Candidates (the list must outlive the call).
inline auto each(const std::vector<std::string> &names) {
  return [&names](llvm::function_ref<void(llvm::StringRef)> yield) {
    for (const std::string &n : names) yield(n);
  };
}

// Collects findings from every phase of one program.
class Diagnostics {
public:
  // "Did you mean": the candidate closest to `word` (closestMatch), within a
  // budget of edit-distance work for the whole program, so that a file with
  // 100,000 unknown names and 10,000 candidates costs a fraction of a second
  // instead of minutes: past it, unknown names get no suggestion.
  static constexpr uint64_t kSuggestionBudget = 50'000'000;
  std::optional<std::string> suggest(llvm::StringRef word, Candidates candidates);

  Finding &report(Kind k, llvm::SMRange range, std::string message);
  // The one way to report a name that names nothing: `message`, then
  // "; did you mean 'X'?" and a fix-it replacing `range` with X when a
  // candidate is close (suggest), so that no caller forgets the fix-it.
  Finding &reportUnknown(Kind k, llvm::SMRange range, std::string message, llvm::StringRef word, Candidates candidates);
  Finding &report(Finding f);

  const std::vector<Finding> &findings() const { return findings_; }
  std::vector<Finding> &findings() { return findings_; }
  bool hasErrors() const;
  // Number of findings in these kinds (compile errors stop verification).
  size_t count(Kind k) const;

private:
  std::vector<Finding> findings_;
  uint64_t suggestionWork_ = 0;
};

// Closest candidate by edit distance, for "did you mean" (none if too far);
// ties go to the alphabetically first. Unbounded: for the short lists of the
// command line (packs, policy IDs); plans go through Diagnostics::suggest.
std::optional<std::string> closestMatch(llvm::StringRef word, const std::vector<std::string> &candidates);

} // namespace cutover::diag
