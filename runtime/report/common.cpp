#include "runtime/report/report.h"

#include "compiler/diag/print.h"

#include <fmt/format.h>

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

std::string validUtf8(llvm::StringRef text) {
  return llvm::json::isUTF8(text) ? text.str() : llvm::json::fixUTF8(text);
}

} // namespace cutover::report
