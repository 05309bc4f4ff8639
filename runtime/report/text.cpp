#include "runtime/report/report.h"

#include "compiler/diag/print.h"

namespace cutover::report {

void printText(const FileReport &file, llvm::raw_ostream &out, bool color) {
  std::string text;
  diag::ColorStream os(text, color);
  for (const diag::Finding &f : file.findings)
    if (!f.suppressed) diag::printFinding(*file.sm, f, file.path, os);
  os.flush();
  out << text;
}

void printGithub(const FileReport &file, llvm::raw_ostream &os) {
  // Workflow commands end at a newline and treat '%' specially: encode both.
  auto escape = [](llvm::StringRef s, bool property) {
    std::string out;
    for (char c : s) {
      if (c == '%') out += "%25";
      else if (c == '\r') out += "%0D";
      else if (c == '\n') out += "%0A";
      else if (property && c == ':') out += "%3A";
      else if (property && c == ',') out += "%2C";
      else out += c;
    }
    return out;
  };
  for (const diag::Finding &f : file.findings) {
    if (f.suppressed) continue;
    const char *level = f.severity == diag::Severity::Error     ? "error"
                        : f.severity == diag::Severity::Warning ? "warning"
                                                                : "notice";
    os << "::" << level;
    Position p = file.sm ? positionOf(*file.sm, f.range) : Position{};
    std::string path = p.file.empty() ? file.path : p.file;
    os << " file=" << escape(path, true);
    if (p.line) {
      os << ",line=" << p.line << ",col=" << p.column;
      if (p.endLine) os << ",endLine=" << p.endLine << ",endColumn=" << p.endColumn;
    }
    os << ",title=" << escape(f.id, true) << "::" << escape(f.id + " " + diag::sanitizeForTerminal(f.message), false)
       << '\n';
  }
}

} // namespace cutover::report
