#include "runtime/report/report.h"

#include <llvm/Support/WithColor.h>

namespace cutover::report {
namespace {

// A string stream that reports colour support as we decide it (`--color`),
// since SourceMgr only colours streams that say they have colours.
class TextBuffer : public llvm::raw_string_ostream {
public:
  TextBuffer(std::string &s, bool color) : raw_string_ostream(s), color_(color) {
    enable_colors(color);
  }
  bool has_colors() const override { return color_; }

private:
  bool color_;
};

llvm::SourceMgr::DiagKind kindOf(diag::Severity s) {
  switch (s) {
  case diag::Severity::Error: return llvm::SourceMgr::DK_Error;
  case diag::Severity::Warning: return llvm::SourceMgr::DK_Warning;
  case diag::Severity::Info: return llvm::SourceMgr::DK_Remark;
  case diag::Severity::Note: return llvm::SourceMgr::DK_Note;
  }
  return llvm::SourceMgr::DK_Error;
}

// SourceMgr stops a caret range at the end of its line; a range that spans
// lines is shown as its first line.
llvm::SMRange clampToLine(const llvm::SourceMgr &sm, llvm::SMRange r) {
  if (!r.Start.isValid() || !r.End.isValid()) return r;
  unsigned buffer = sm.FindBufferContainingLoc(r.Start);
  const char *end = sm.getMemoryBuffer(buffer)->getBufferEnd();
  const char *p = r.Start.getPointer();
  while (p < r.End.getPointer() && p < end && *p != '\n' && *p != '\r') ++p;
  return {r.Start, llvm::SMLoc::getFromPointer(p)};
}

void printNote(const llvm::SourceMgr &sm, const diag::Note &note, llvm::raw_ostream &os) {
  Position p = positionOf(sm, note.range);
  if (p.line != 0) os << sanitizeForTerminal(p.file) << ':' << p.line << ':' << p.column << ": ";
  llvm::WithColor(os, llvm::HighlightColor::Note) << "note: ";
  os << sanitizeForTerminal(note.message) << '\n';
}

} // namespace

void printText(const FileReport &file, llvm::raw_ostream &out, bool color) {
  std::string text;
  TextBuffer os(text, color);
  for (const diag::Finding &f : file.findings) {
    if (f.suppressed) continue;
    std::string message = f.id + ": " + sanitizeForTerminal(f.message);
    if (!f.origin.empty()) message += " [" + f.origin + "]";
    if (file.sm && f.range.Start.isValid()) {
      std::vector<llvm::SMFixIt> fixits;
      for (const diag::FixIt &fix : f.fixits) fixits.emplace_back(fix.range, fix.replacement);
      llvm::SMRange range = clampToLine(*file.sm, f.range);
      llvm::SMDiagnostic d = file.sm->GetMessage(f.range.Start, kindOf(f.severity), message,
                                                 range.Start == range.End ? llvm::ArrayRef<llvm::SMRange>{}
                                                                          : llvm::ArrayRef<llvm::SMRange>{range},
                                                 fixits);
      // SourceMgr quotes the source line and the file name as they are: make
      // them safe for a terminal. It knows no "info" label: print ours in
      // place of "remark".
      bool info = f.severity == diag::Severity::Info;
      llvm::SMDiagnostic safe(*file.sm, d.getLoc(), sanitizeForTerminal(d.getFilename()), d.getLineNo(),
                              d.getColumnNo(), d.getKind(), info ? "info: " + message : message,
                              diag::printableSourceLine(d.getLineContents()), d.getRanges(), d.getFixIts());
      safe.print(nullptr, os, color, /*ShowKindLabel=*/!info);
    } else {
      if (!file.path.empty()) os << sanitizeForTerminal(file.path) << ": ";
      llvm::WithColor(os, f.severity == diag::Severity::Error ? llvm::HighlightColor::Error
                                                               : llvm::HighlightColor::Warning)
          << diag::severityName(f.severity) << ": ";
      os << message << '\n';
    }
    if (file.sm)
      for (const diag::Note &note : f.notes) printNote(*file.sm, note, os);
    for (const std::string &hint : f.hints) {
      llvm::WithColor(os, llvm::HighlightColor::Note) << "note: ";
      os << "hint: " << sanitizeForTerminal(hint) << '\n';
    }
  }
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
    os << ",title=" << escape(f.id, true) << "::" << escape(f.id + " " + sanitizeForTerminal(f.message), false)
       << '\n';
  }
}

} // namespace cutover::report
