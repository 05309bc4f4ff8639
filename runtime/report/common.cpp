#include "runtime/report/report.h"

#include <fmt/format.h>

namespace cutover::report {

Counts countFindings(const std::vector<FileReport> &files) {
  Counts c;
  for (const FileReport &file : files)
    for (const diag::Finding &f : file.findings) {
      if (f.suppressed) continue;
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
  std::tie(p.line, p.column) = sm.getLineAndColumn(range.Start, buffer);
  if (range.End.isValid() && sm.FindBufferContainingLoc(range.End) == buffer)
    std::tie(p.endLine, p.endColumn) = sm.getLineAndColumn(range.End, buffer);
  else
    std::tie(p.endLine, p.endColumn) = std::pair(p.line, p.column);
  return p;
}

std::string validUtf8(llvm::StringRef text) {
  return llvm::json::isUTF8(text) ? text.str() : llvm::json::fixUTF8(text);
}

std::string sanitizeForTerminal(llvm::StringRef text) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    auto c = static_cast<unsigned char>(text[i]);
    auto next = i + 1 < text.size() ? static_cast<unsigned char>(text[i + 1]) : 0;
    if (c == 0xc2 && next >= 0x80 && next <= 0x9f) { // a C1 control, U+0080-U+009F
      out += fmt::format("\\u{:04x}", next);
      ++i;
    } else if (c == '\t' || (c >= 0x20 && c != 0x7f)) {
      out += static_cast<char>(c);
    } else {
      out += fmt::format("\\x{:02x}", c);
    }
  }
  return out;
}

} // namespace cutover::report
