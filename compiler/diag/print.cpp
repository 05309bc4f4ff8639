#include "compiler/diag/print.h"

#include <fmt/format.h>
#include <llvm/Support/WithColor.h>

namespace cutover::diag {
namespace {

llvm::SourceMgr::DiagKind kindOf(Severity s) {
  switch (s) {
  case Severity::Error: return llvm::SourceMgr::DK_Error;
  case Severity::Warning: return llvm::SourceMgr::DK_Warning;
  case Severity::Info: return llvm::SourceMgr::DK_Remark;
  case Severity::Note: return llvm::SourceMgr::DK_Note;
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

void printNote(const llvm::SourceMgr &sm, const Note &note, llvm::raw_ostream &os) {
  unsigned buffer = note.range.Start.isValid() ? sm.FindBufferContainingLoc(note.range.Start) : 0;
  if (buffer != 0) {
    auto [line, column] = sm.getLineAndColumn(note.range.Start, buffer);
    os << sanitizeForTerminal(sm.getMemoryBuffer(buffer)->getBufferIdentifier()) << ':' << line << ':' << column
       << ": ";
  }
  llvm::WithColor(os, llvm::HighlightColor::Note) << "note: ";
  os << sanitizeForTerminal(note.message) << '\n';
}

} // namespace

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

void printFinding(const llvm::SourceMgr &sm, const Finding &f, llvm::StringRef path, llvm::raw_ostream &os) {
  const bool color = os.has_colors();
  std::string message = f.id + ": " + sanitizeForTerminal(f.message);
  if (!f.origin.empty()) message += " [" + f.origin + "]";
  if (f.range.Start.isValid()) {
    std::vector<llvm::SMFixIt> fixits;
    for (const FixIt &fix : f.fixits) fixits.emplace_back(fix.range, fix.replacement);
    llvm::SMRange range = clampToLine(sm, f.range);
    llvm::SMDiagnostic d = sm.GetMessage(f.range.Start, kindOf(f.severity), message,
                                               range.Start == range.End ? llvm::ArrayRef<llvm::SMRange>{}
                                                                        : llvm::ArrayRef<llvm::SMRange>{range},
                                               fixits);
    // SourceMgr quotes the source line and the file name as they are: make
    // them safe for a terminal. It knows no "info" label: print ours in
    // place of "remark".
    bool info = f.severity == Severity::Info;
    llvm::SMDiagnostic safe(sm, d.getLoc(), sanitizeForTerminal(d.getFilename()), d.getLineNo(),
                            d.getColumnNo(), d.getKind(), info ? "info: " + message : message,
                            printableSourceLine(d.getLineContents()), d.getRanges(), d.getFixIts());
    safe.print(nullptr, os, color, /*ShowKindLabel=*/!info);
  } else {
    if (!path.empty()) os << sanitizeForTerminal(path) << ": ";
    llvm::WithColor(os, f.severity == Severity::Error ? llvm::HighlightColor::Error
                                                             : llvm::HighlightColor::Warning)
        << severityName(f.severity) << ": ";
    os << message << '\n';
  }
  for (const Note &note : f.notes) printNote(sm, note, os);
  for (const std::string &hint : f.hints) {
    llvm::WithColor(os, llvm::HighlightColor::Note) << "note: ";
    os << "hint: " << sanitizeForTerminal(hint) << '\n';
  }
}

} // namespace cutover::diag
