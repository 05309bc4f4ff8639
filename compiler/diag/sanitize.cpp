#include "compiler/diag/sanitize.h"

#include <fmt/format.h>
#include <llvm/Support/ConvertUTF.h>

#include <algorithm>

namespace cutover::diag {
namespace {

bool escapedCodePoint(uint32_t c) {
  return (c >= 0x80 && c <= 0x9f) || c == 0x61c || c == 0x200e || c == 0x200f || (c >= 0x202a && c <= 0x202e) ||
         (c >= 0x2066 && c <= 0x2069) || c == 0x2028 || c == 0x2029;
}

// What .NET's TrimStart removes (Char.IsWhiteSpace) and is printed raw: the
// GitHub runner looks for `::` after it.
bool leadingSpace(uint32_t c) {
  return c == ' ' || c == '\t' || c == 0xa0 || c == 0x1680 || (c >= 0x2000 && c <= 0x200a) || c == 0x202f ||
         c == 0x205f || c == 0x3000;
}

// Calls piece(begin, end, shown) for each character of `text`: its bytes in
// `text` and how it is printed.
template <typename F> void forEachPiece(llvm::StringRef text, F piece) {
  bool lineStart = true;
  for (size_t i = 0; i < text.size();) {
    const auto *p = reinterpret_cast<const llvm::UTF8 *>(text.data() + i);
    const unsigned c = *p;
    size_t length = 1;
    uint32_t code = c;
    bool valid = c < 0x80;
    if (!valid) {
      length = llvm::getNumBytesForUTF8(*p);
      valid = i + length <= text.size() && llvm::isLegalUTF8Sequence(p, p + length);
      if (valid) {
        const llvm::UTF8 *source = p;
        llvm::UTF32 *target = &code;
        llvm::ConvertUTF8toUTF32(&source, p + length, &target, target + 1, llvm::strictConversion);
      } else {
        length = 1;
      }
    }
    std::string shown;
    if (!valid || (c < 0x20 && c != '\t') || c == 0x7f)
      shown = fmt::format("\\x{:02x}", c);
    else if (escapedCodePoint(code))
      shown = fmt::format("\\u{:04x}", code);
    else if (c == ':' && lineStart && text.substr(i + 1).startswith(":"))
      shown = "\\x3a";
    else if (c == '[' && i >= 2 && text.substr(i - 2, 2) == "##")
      shown = "\\x5b";
    else
      shown = text.substr(i, length).str();
    lineStart = lineStart && valid && leadingSpace(code);
    piece(i, i + length, shown);
    i += length;
  }
}

} // namespace

std::string sanitize(llvm::StringRef text) {
  std::string out;
  out.reserve(text.size());
  forEachPiece(text, [&](size_t, size_t, const std::string &shown) { out += shown; });
  return out;
}

QuotedLine quoteSourceLine(llvm::StringRef line, unsigned caret) {
  // Every character, then the window around the caret, on character boundaries.
  std::vector<std::pair<size_t, std::string>> pieces; // (first byte, shown)
  forEachPiece(line, [&](size_t begin, size_t, const std::string &shown) { pieces.emplace_back(begin, shown); });
  size_t width = 0;
  for (const auto &piece : pieces) width += piece.second.size();
  size_t first = 0, last = pieces.size(); // pieces shown: [first, last)
  if (width > kMaxQuotedColumns) {
    size_t caretPiece = 0;
    while (caretPiece < pieces.size() && pieces[caretPiece].first < caret) ++caretPiece;
    // A third of the window before the caret, the rest after it.
    size_t before = 0;
    first = caretPiece;
    while (first > 0 && before + pieces[first - 1].second.size() <= kMaxQuotedColumns / 3)
      before += pieces[--first].second.size();
    size_t shown = before;
    last = caretPiece;
    while (last < pieces.size() && shown + pieces[last].second.size() <= kMaxQuotedColumns)
      shown += pieces[last++].second.size();
    while (first > 0 && shown + pieces[first - 1].second.size() <= kMaxQuotedColumns)
      shown += pieces[--first].second.size();
  }
  QuotedLine q;
  q.column.assign(line.size() + 1, 0);
  const std::string cutMark = "...";
  if (first > 0) q.text = cutMark;
  for (size_t i = 0; i < pieces.size(); ++i) {
    const size_t begin = pieces[i].first;
    const size_t end = i + 1 < pieces.size() ? pieces[i + 1].first : line.size();
    // Bytes before the window map to its start, bytes after it to its end.
    const size_t at = q.text.size();
    for (size_t b = begin; b < end; ++b) q.column[b] = static_cast<unsigned>(at);
    if (i >= first && i < last) q.text += pieces[i].second;
  }
  q.column[line.size()] = static_cast<unsigned>(q.text.size());
  if (last < pieces.size()) q.text += cutMark;
  return q;
}

namespace {
std::string githubEscape(llvm::StringRef text, bool property) {
  std::string out;
  for (char c : sanitize(text)) {
    if (c == '%')
      out += "%25";
    else if (c == '\r')
      out += "%0D";
    else if (c == '\n')
      out += "%0A";
    else if (property && c == ':')
      out += "%3A";
    else if (property && c == ',')
      out += "%2C";
    else
      out += c;
  }
  return out;
}
} // namespace

std::string githubData(llvm::StringRef text) { return githubEscape(text, false); }
std::string githubProperty(llvm::StringRef text) { return githubEscape(text, true); }

} // namespace cutover::diag
