#include "compiler/diag/print.h"

#include "compiler/diag/sanitize.h"

#include <llvm/ADT/DenseMap.h>
#include <llvm/ADT/STLExtras.h>
#include <llvm/Support/ConvertUTF.h>
#include <llvm/Support/Unicode.h>
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
  return std::all_of(text.begin(), text.end(), [](char c) { return c >= 0x20 && c < 0x7f; }) && sanitize(text) == text;
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

// SourceMgr prints no caret under a line with non-ASCII text: it cannot tell
// how wide a character is on the terminal. Such a line is printed here as
// SourceMgr prints the others (tabs to multiples of 8, the caret line in
// green, fix-its below), each character as wide as the terminal shows it.
// `ranges` and the fix-its' columns are byte offsets in `line`.
void printWideLine(llvm::raw_ostream &os, llvm::StringRef line, unsigned caret,
                   llvm::ArrayRef<std::pair<unsigned, unsigned>> ranges,
                   llvm::ArrayRef<std::pair<unsigned, std::string>> fixits, bool color) {
  constexpr unsigned kTabStop = 8;
  // cell[i]: the terminal column where byte i of `line` starts (0..size).
  std::vector<unsigned> cell(line.size() + 1, 0);
  std::string shown;
  unsigned at = 0;
  for (size_t i = 0; i < line.size();) {
    size_t length = std::max<size_t>(1, llvm::getNumBytesForUTF8(static_cast<llvm::UTF8>(line[i])));
    length = std::min(length, line.size() - i);
    for (size_t b = i; b < i + length; ++b) cell[b] = at;
    if (line[i] == '\t') {
      const unsigned next = (at / kTabStop + 1) * kTabStop;
      shown.append(next - at, ' ');
      at = next;
    } else {
      const int width = llvm::sys::unicode::columnWidthUTF8(line.substr(i, length));
      shown += line.substr(i, length);
      at += width < 0 ? 1 : static_cast<unsigned>(width);
    }
    i += length;
  }
  cell[line.size()] = at;
  std::string caretLine(at + 1, ' ');
  for (auto [begin, end] : ranges)
    std::fill(caretLine.begin() + cell[std::min<size_t>(begin, line.size())],
              caretLine.begin() + cell[std::min<size_t>(end, line.size())], '~');
  caretLine[cell[std::min<size_t>(caret, line.size())]] = '^';
  caretLine.erase(caretLine.find_last_not_of(' ') + 1);
  std::string fixitLine;
  for (const auto &[column, text] : fixits) {
    const unsigned start = cell[std::min<size_t>(column, line.size())];
    if (start < fixitLine.size()) continue; // overlaps the one before: not shown, as SourceMgr does
    fixitLine.append(start - fixitLine.size(), ' ');
    fixitLine += text;
  }
  os << shown << '\n';
  llvm::WithColor(os, llvm::raw_ostream::GREEN, /*Bold=*/true, /*BG=*/false,
                  color ? llvm::ColorMode::Auto : llvm::ColorMode::Disable)
      << caretLine << '\n';
  if (!fixitLine.empty()) os << fixitLine << '\n';
}

} // namespace

namespace {
// Per line start: the last position counted on that line and the code
// points before it. Lines, not one line: notes elsewhere come between the
// findings of a line.
struct LineCounts {
  unsigned scopes = 0; // ColumnCache objects alive
  llvm::DenseMap<const char *, std::pair<const char *, unsigned>> lines;
};
thread_local LineCounts lineCounts;
} // namespace

ColumnCache::ColumnCache() { ++lineCounts.scopes; }
ColumnCache::~ColumnCache() {
  if (--lineCounts.scopes == 0) lineCounts.lines.clear();
}

unsigned codePoints(llvm::StringRef text) {
  unsigned n = 0;
  for (char c : text) n += (static_cast<unsigned char>(c) & 0xc0) != 0x80;
  return n;
}

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
    if (start && start <= loc.getPointer())
      low = mid;
    else
      high = mid - 1;
  }
  const char *start = startOf(low);
  const char *at = loc.getPointer();
  if (!lineCounts.scopes) return {low, codePoints(llvm::StringRef(start, at - start)) + 1};
  auto &[counted, count] = lineCounts.lines.try_emplace(start, start, 0).first->second;
  if (counted > at) counted = start, count = 0; // behind the last position: count again
  count += codePoints(llvm::StringRef(counted, at - counted));
  counted = at;
  return {low, count + 1};
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
    const bool ascii = llvm::all_of(quoted.text, [](char c) { return static_cast<unsigned char>(c) < 0x80; });
    // Without a column SourceMgr prints the message only; printWideLine the rest.
    llvm::SMDiagnostic safe(sm, llvm::SMLoc::getFromPointer(quoted.text.data() + column), "", d.getLineNo(),
                            ascii ? static_cast<int>(column) : -1, d.getKind(), info ? "info: " + message : message,
                            quoted.text, ranges, fixits);
    // The location is the original one, its column in code points: the
    // quoted line's columns are for the caret only.
    {
      llvm::WithColor location(os, llvm::raw_ostream::SAVEDCOLOR, /*Bold=*/true, /*BG=*/false,
                               color ? llvm::ColorMode::Auto : llvm::ColorMode::Disable);
      location << sanitize(d.getFilename()) << ':' << d.getLineNo() << ':'
               << codePoints(d.getLineContents().take_front(d.getColumnNo())) + 1 << ": ";
    }
    safe.print(nullptr, os, color, /*ShowKindLabel=*/!info); // no file name: no location
    if (!ascii) {
      std::vector<std::pair<unsigned, std::string>> wideFixits;
      wideFixits.reserve(fixits.size());
      for (const llvm::SMFixIt &fix : fixits)
        wideFixits.emplace_back(fix.getRange().Start.getPointer() - quoted.text.data(), fix.getText().str());
      printWideLine(os, quoted.text, column, ranges, wideFixits, color);
    }
  } else {
    if (!path.empty()) os << (path == "-" ? "<stdin>" : sanitize(path)) << ": ";
    llvm::WithColor(os, f.severity == Severity::Error ? llvm::HighlightColor::Error : llvm::HighlightColor::Warning)
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
