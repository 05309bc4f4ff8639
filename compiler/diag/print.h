// Printing findings as text, clang style. Every command that shows a finding
// to a person (check, compile, fmt, test) prints it through here.
#pragma once

#include "compiler/diag/diagnostic.h"
#include "compiler/diag/sanitize.h"

#include <llvm/Support/SourceMgr.h>
#include <llvm/Support/raw_ostream.h>

namespace cutover::diag {

// The 1-based line and column of `loc` in `buffer`. Columns count Unicode
// code points (a tab or a wide character is one column), as every output
// format reports them. The line is found by binary search over SourceMgr's
// table of line starts, without its scan back to the line's start: 80,000
// findings on one long line took 50 s.
std::pair<unsigned, unsigned> lineAndColumn(const llvm::SourceMgr &sm, llvm::SMLoc loc, unsigned buffer);

// While one lives (on this thread), lineAndColumn carries its count along a
// line: the findings of one long line, asked in order, cost one pass over
// it instead of one each (80,000 findings on a 600 KB line: 90 s without).
// Only for a pass over findings whose buffers cannot change meanwhile: a
// reporter's.
class ColumnCache {
public:
  ColumnCache();
  ~ColumnCache();
  ColumnCache(const ColumnCache &) = delete;
  ColumnCache &operator=(const ColumnCache &) = delete;
};

// The code points in `text`: its bytes that are not UTF-8 continuation
// bytes (exact for valid UTF-8; an invalid sequence counts its lead byte).
unsigned codePoints(llvm::StringRef text);

// `file:line:col: error: ID: message [origin]`, the source line with a caret
// under the range and any fix-it, then the notes and `note: hint: ...`. A
// finding without a location is prefixed with `path` instead. Everything
// from the plan or a file name goes through sanitize(), the source line
// through quoteSourceLine(). Colour only when `os` has colours (see
// ColorStream).
void printFinding(const llvm::SourceMgr &sm, const Finding &f, llvm::StringRef path, llvm::raw_ostream &os);

// A string stream that has colours exactly when asked (`--color`): SourceMgr
// only colours streams that say they have them.
class ColorStream : public llvm::raw_string_ostream {
public:
  ColorStream(std::string &s, bool color) : raw_string_ostream(s), color_(color) { enable_colors(color); }
  bool has_colors() const override { return color_; }

private:
  bool color_;
};

} // namespace cutover::diag
