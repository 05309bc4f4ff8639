// Reporters: the findings of one run, printed as text, JSON, SARIF or GitHub
// annotations. They only format; what to report was decided earlier.
#pragma once

#include "compiler/diag/diagnostic.h"

#include <llvm/Support/JSON.h>
#include <llvm/Support/SourceMgr.h>
#include <llvm/Support/raw_ostream.h>

#include <string>
#include <vector>

namespace cutover::report {

// What a rule (a policy or a compiler finding kind) is, for SARIF and `explain`.
struct RuleInfo {
  std::string id;
  diag::Severity severity = diag::Severity::Error;
  std::string title;
  std::string hint; // may hold `{var}` placeholders
  std::string source;
  std::string origin; // pack name; empty for compiler findings
  std::string rule;   // what the rule requires, in prose (compiler findings); empty for policies
};

// The outcome of checking one file (one program).
struct FileReport {
  std::string path;
  const llvm::SourceMgr *sm = nullptr; // owns every buffer the findings point into
  std::vector<diag::Finding> findings; // sorted by position
  uint64_t statesExplored = 0;
};

struct Counts {
  unsigned errors = 0, warnings = 0, infos = 0; // reported (not suppressed), by severity
  unsigned suppressed = 0;                      // silenced by waivers, whatever their severity
};
Counts countFindings(const std::vector<FileReport> &files);

// Where a location is, for machine-readable output (1-based; 0 when unknown).
struct Position {
  std::string file;
  unsigned line = 0, column = 0, endLine = 0, endColumn = 0;
};
Position positionOf(const llvm::SourceMgr &sm, llvm::SMRange range);

// A path as machine-readable output identifies a file across runs and
// checkouts: relative to the working directory when inside it ('/'
// separated, without `.` and `..`), absolute otherwise; `<stdin>` as is.
std::string projectPath(llvm::StringRef path);

// A finding's fingerprint, 16 hex digits: a hash of its ID, its file
// (projectPath of `file`) and its bound entities, or its message when it
// binds none. Never its line or column: it survives edits elsewhere in the
// file (docs/output-formats.md#fingerprints).
std::string fingerprint(const diag::Finding &f, llvm::StringRef file);
// The file a finding is in: its location's, else the checked file's.
std::string fileOf(const FileReport &file, const diag::Finding &f);

// `text` with every invalid UTF-8 sequence replaced by U+FFFD. The parser
// admits only UTF-8, but paths (and messages that quote them) can be any
// bytes, and llvm::json asserts on those.
std::string validUtf8(llvm::StringRef text);

// Text and github output print at most this many findings of one ID on one
// line, then one line that says how many more there are; JSON and SARIF list
// them all.
inline constexpr unsigned kMaxFindingsPerLine = 10;

// clang-style text: `file:line:col: error: ID: message [pack]`, the source line
// with a caret under the range, notes, `note: hint: ...`. Suppressed findings
// are not printed.
void printText(const FileReport &file, llvm::raw_ostream &out, bool color);

// `path`: the checked file, for a finding without a location.
llvm::json::Value findingToJson(const diag::Finding &f, const llvm::SourceMgr &sm, llvm::StringRef path = "");
// The JSON report: { version, files, findings, summary } (docs/cli.md).
void printJson(const std::vector<FileReport> &files, llvm::raw_ostream &os);
// SARIF 2.1.0: one run, one rule per finding ID, the trace as a code flow.
void printSarif(const std::vector<FileReport> &files, const std::vector<RuleInfo> &rules, llvm::raw_ostream &os);
// `::error file=..,line=..,col=..::ID message`, one line per unsuppressed finding.
void printGithub(const FileReport &file, llvm::raw_ostream &os);

// Baselines (docs/output-formats.md#baselines): the findings a team has
// accepted for now, matched by fingerprint, so that only new ones are reported.
struct BaselineEntry {
  std::string fingerprint, id, file, message;
  std::vector<std::string> entities;
};
// The unsuppressed findings of `files` as a baseline document: sorted,
// without line numbers, so it changes only when the findings do.
std::string baselineText(const std::vector<FileReport> &files, size_t *count = nullptr);
// Writes baselineText to `path` atomically; returns the number of entries.
llvm::Expected<size_t> writeBaseline(llvm::StringRef path, const std::vector<FileReport> &files);
llvm::Expected<std::vector<BaselineEntry>> readBaseline(llvm::StringRef path);

struct BaselineMatch {
  unsigned matched = 0; // findings the baseline holds, removed from the reports
  unsigned absent = 0;  // baseline entries that no finding matched
};
// Removes from `files` every unsuppressed finding the baseline holds; a
// fingerprint that occurs n times in the baseline covers n findings.
BaselineMatch applyBaseline(const std::vector<BaselineEntry> &baseline, std::vector<FileReport> &files);

} // namespace cutover::report
