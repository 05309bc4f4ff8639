#include "runtime/report/report.h"

#include "compiler/diag/print.h"

#include <fmt/format.h>
#include <llvm/Support/FileSystem.h>
#include <llvm/Support/Path.h>
#include <llvm/Support/xxhash.h>

namespace cutover::report {

Counts countFindings(const std::vector<FileReport> &files) {
  Counts c;
  for (const FileReport &file : files)
    for (const diag::Finding &f : file.findings) {
      if (f.suppressed) {
        ++c.suppressed;
        continue;
      }
      switch (f.severity) {
      case diag::Severity::Error: ++c.errors; break;
      case diag::Severity::Warning: ++c.warnings; break;
      case diag::Severity::Info: ++c.infos; break;
      case diag::Severity::Note: break;
      }
    }
  return c;
}

Position positionOf(const llvm::SourceMgr &sm, llvm::SMRange range) {
  Position p;
  if (!range.Start.isValid()) return p;
  unsigned buffer = sm.FindBufferContainingLoc(range.Start);
  if (buffer == 0) return p;
  p.file = validUtf8(sm.getMemoryBuffer(buffer)->getBufferIdentifier());
  std::tie(p.line, p.column) = diag::lineAndColumn(sm, range.Start, buffer);
  if (range.End.isValid() && sm.FindBufferContainingLoc(range.End) == buffer)
    std::tie(p.endLine, p.endColumn) = diag::lineAndColumn(sm, range.End, buffer);
  else
    std::tie(p.endLine, p.endColumn) = std::pair(p.line, p.column);
  return p;
}

std::string projectPath(llvm::StringRef path) {
  if (path == "<stdin>" || path == "-") return "<stdin>";
  // The working directory does not change while cutover runs.
  static const std::string cwd = [] {
    llvm::SmallString<256> dir;
    if (llvm::sys::fs::current_path(dir)) return std::string();
    llvm::sys::path::remove_dots(dir, /*remove_dot_dot=*/true);
    return std::string(dir);
  }();
  llvm::SmallString<256> full;
  if (llvm::sys::path::is_relative(path)) full = cwd;
  llvm::sys::path::append(full, path);
  llvm::sys::path::remove_dots(full, /*remove_dot_dot=*/true);
  llvm::StringRef rest = full;
  if (!cwd.empty() && rest.consume_front(cwd) && (cwd == "/" || rest.consume_front("/")) && !rest.empty())
    return llvm::sys::path::convert_to_slash(rest);
  return llvm::sys::path::convert_to_slash(full);
}

std::string fingerprint(const diag::Finding &f, llvm::StringRef file) {
  // Fields joined by NUL, which none of them holds: no two findings that
  // differ in a field hash the same text.
  std::string key = f.id + '\0' + projectPath(file);
  if (f.entities.empty()) key += '\0' + f.message;
  for (const std::string &e : f.entities) key += '\0' + e;
  return fmt::format("{:016x}", llvm::xxHash64(key));
}

std::string fileOf(const FileReport &file, const diag::Finding &f) {
  Position p = file.sm ? positionOf(*file.sm, f.range) : Position{};
  return p.file.empty() ? validUtf8(file.path) : p.file;
}

std::string validUtf8(llvm::StringRef text) {
  return llvm::json::isUTF8(text) ? text.str() : llvm::json::fixUTF8(text);
}

} // namespace cutover::report
