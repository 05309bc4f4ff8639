#include "compiler/diag/print.h"

#include "compiler/diag/sanitize.h"

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

// A fix-it is printed on a line of its own, one byte per column (SourceMgr
// asserts as much): only printable ASCII qualifies.
bool printableFixIt(llvm::StringRef text) {
  return std::all_of(text.begin(), text.end(), [](char c) { return c >= 0x20 && c < 0x7f; }) &&
         sanitize(text) == text;
}

void printNote(const llvm::SourceMgr &sm, const Note &note, llvm::raw_ostream &os) {
  unsigned buffer = note.range.Start.isValid() ? sm.FindBufferContainingLoc(note.range.Start) : 0;
  if (buffer != 0) {
    auto [line, column] = lineAndColumn(sm, note.range.Start, buffer);
    os << sanitize(sm.getMemoryBuffer(buffer)->getBufferIdentifier()) << ':' << line << ':' << column << ": ";
  }
  llvm::WithColor(os, llvm::HighlightColor::Note) << "note: ";
  os << sanitize(note.message) << '\n';
}

} // namespace

std::pair<unsigned, unsigned> lineAndColumn(const llvm::SourceMgr &sm, llvm::SMLoc loc, unsigned buffer) {
  // The last line that starts at or before `loc`, by binary search over the
  // starts of lines, which SourceMgr finds in its cached offset table. (LLVM
  // 14 declares that lookup non-const; it fills the same mutable cache.)
  auto &lines = const_cast<llvm::SourceMgr &>(sm);
  auto startOf = [&](unsigned line) { return lines.FindLocForLineAndColumn(buffer, line, 0).getPointer(); };
  unsigned low = 1, high = static_cast<unsigned>(sm.getMemoryBuffer(buffer)->getBufferSize()) + 1;
  while (low < high) {
    const unsigned mid = low + (high - low + 1) / 2;
    const char *start = startOf(mid);
    if (start && start <= loc.getPointer()) low = mid;
    else high = mid - 1;
  }
  return {low, static_cast<unsigned>(loc.getPointer() - startOf(low)) + 1};
}

void printFinding(const llvm::SourceMgr &sm, const Finding &f, llvm::StringRef path, llvm::raw_ostream &os) {
  const bool color = os.has_colors();
  std::string message = sanitize(f.id) + ": " + sanitize(f.message);
  if (!f.origin.empty()) message += " [" + sanitize(f.origin) + "]";
  if (f.range.Start.isValid()) {
    llvm::SMRange range = clampToLine(sm, f.range);
    llvm::SMDiagnostic d = sm.GetMessage(f.range.Start, kindOf(f.severity), message,
                                         range.Start == range.End ? llvm::ArrayRef<llvm::SMRange>{}
                                                                  : llvm::ArrayRef<llvm::SMRange>{range});
    // SourceMgr quotes the source line and the file name as they are: print
    // the line sanitised and clipped, with the caret, ranges and fix-its
    // moved to where their bytes now are. The diagnostic points into the
    // quoted text, which SourceMgr takes for the line.
    QuotedLine quoted = quoteSourceLine(d.getLineContents(), static_cast<unsigned>(d.getColumnNo()));
    auto at = [&](size_t byte) { return quoted.column[std::min(byte, quoted.column.size() - 1)]; };
    std::vector<std::pair<unsigned, unsigned>> ranges;
    for (auto [begin, end] : d.getRanges()) ranges.emplace_back(at(begin), at(end));
    const char *lineStart = d.getLoc().getPointer() - d.getColumnNo();
    const char *lineEnd = lineStart + d.getLineContents().size();
    auto toQuoted = [&](llvm::SMLoc loc) {
      const char *p = std::clamp(loc.getPointer(), lineStart, lineEnd);
      return llvm::SMLoc::getFromPointer(quoted.text.data() + at(p - lineStart));
    };
    std::vector<llvm::SMFixIt> fixits;
    for (const FixIt &fix : f.fixits) {
      // As SourceMgr does: a fix-it on another line is not shown.
      const bool onLine = fix.range.Start.isValid() && fix.range.Start.getPointer() <= lineEnd &&
                          fix.range.End.getPointer() >= lineStart;
      if (onLine && printableFixIt(fix.replacement))
        fixits.emplace_back(llvm::SMRange(toQuoted(fix.range.Start), toQuoted(fix.range.End)), fix.replacement);
    }
    // SourceMgr knows no "info" label: print ours in place of "remark".
    bool info = f.severity == Severity::Info;
    const unsigned column = at(d.getColumnNo());
    llvm::SMDiagnostic safe(sm, llvm::SMLoc::getFromPointer(quoted.text.data() + column), "",
                            d.getLineNo(), static_cast<int>(column), d.getKind(), info ? "info: " + message : message,
                            quoted.text, ranges, fixits);
    // The location is the original one: the quoted line's columns are for the caret only.
    {
      llvm::WithColor location(os, llvm::raw_ostream::SAVEDCOLOR, /*Bold=*/true, /*BG=*/false,
                               color ? llvm::ColorMode::Auto : llvm::ColorMode::Disable);
      location << sanitize(d.getFilename()) << ':' << d.getLineNo() << ':' << d.getColumnNo() + 1 << ": ";
    }
    safe.print(nullptr, os, color, /*ShowKindLabel=*/!info); // no file name: no location
  } else {
    if (!path.empty()) os << (path == "-" ? "<stdin>" : sanitize(path)) << ": ";
    llvm::WithColor(os, f.severity == Severity::Error ? llvm::HighlightColor::Error
                                                       : llvm::HighlightColor::Warning)
        << severityName(f.severity) << ": ";
    os << message << '\n';
  }
  for (const Note &note : f.notes) printNote(sm, note, os);
  for (const std::string &hint : f.hints) {
    llvm::WithColor(os, llvm::HighlightColor::Note) << "note: ";
    os << "hint: " << sanitize(hint) << '\n';
  }
}

} // namespace cutover::diag
