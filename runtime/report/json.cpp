#include "runtime/report/report.h"

#include "compiler/diag/print.h"

namespace cutover::report {

namespace {
llvm::json::Array strings(const std::vector<std::string> &v) {
  llvm::json::Array a;
  for (const std::string &s : v) a.push_back(validUtf8(s));
  return a;
}
} // namespace

llvm::json::Value findingToJson(const diag::Finding &f, const llvm::SourceMgr &sm, llvm::StringRef path) {
  Position p = positionOf(sm, f.range);
  llvm::json::Array notes;
  for (const diag::Note &n : f.notes) {
    Position np = positionOf(sm, n.range);
    llvm::json::Object note{{"message", validUtf8(n.message)}};
    if (np.line) {
      note["file"] = np.file;
      note["line"] = np.line;
      note["column"] = np.column;
    }
    notes.push_back(std::move(note));
  }
  llvm::json::Object o{
      {"id", validUtf8(f.id)},
      {"severity", diag::severityName(f.severity)},
      {"message", validUtf8(f.message)},
      {"file", p.file},
      {"fingerprint", fingerprint(f, p.file.empty() ? validUtf8(path) : p.file)},
      {"line", p.line},
      {"column", p.column},
      {"end_line", p.endLine},
      {"end_column", p.endColumn},
      {"entities", strings(f.entities)},
      {"trace", strings(f.trace)},
      {"notes", std::move(notes)},
      {"hints", strings(f.hints)},
      {"suppressed", f.suppressed},
  };
  if (!f.origin.empty()) o["pack"] = validUtf8(f.origin);
  if (f.suppressed) o["suppressed_by"] = validUtf8(f.suppressedBy);
  return o;
}

void printJson(const std::vector<FileReport> &files, llvm::raw_ostream &os) {
  diag::ColumnCache columns;
  llvm::json::Array paths, findings;
  uint64_t states = 0;
  for (const FileReport &file : files) {
    paths.push_back(validUtf8(file.path));
    states += file.statesExplored;
    for (const diag::Finding &f : file.findings) {
      findings.push_back(findingToJson(f, *file.sm, file.path));
    }
  }
  Counts c = countFindings(files);
  llvm::json::Object doc{
      {"version", 1},
      {"files", std::move(paths)},
      {"findings", std::move(findings)},
      {"summary",
       llvm::json::Object{
           {"errors", c.errors}, {"warnings", c.warnings}, {"infos", c.infos}, {"states_explored", states}}},
  };
  os << llvm::formatv("{0:2}", llvm::json::Value(std::move(doc))) << '\n';
}

} // namespace cutover::report
