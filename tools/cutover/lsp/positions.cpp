#include "tools/cutover/lsp/positions.h"

#include <algorithm>

namespace cutover::lsp {
namespace {

// The length of the UTF-8 sequence that starts with `lead` and the UTF-16
// units it takes; a byte that starts no valid sequence is one unit.
struct Char {
  size_t bytes;
  unsigned units;
};

Char charAt(llvm::StringRef text, size_t i) {
  const auto lead = static_cast<unsigned char>(text[i]);
  size_t bytes = lead < 0x80 ? 1 : (lead >> 5) == 0x6 ? 2 : (lead >> 4) == 0xE ? 3 : (lead >> 3) == 0x1E ? 4 : 1;
  if (i + bytes > text.size()) return {1, 1};
  for (size_t k = 1; k < bytes; ++k)
    if ((static_cast<unsigned char>(text[i + k]) & 0xC0) != 0x80) return {1, 1};
  return {bytes, bytes == 4 ? 2u : 1u};
}

} // namespace

LineTable::LineTable(llvm::StringRef text) : text_(text) {
  starts_.push_back(0);
  for (size_t i = 0; i < text.size(); ++i)
    if (text[i] == '\n') starts_.push_back(i + 1);
}

llvm::StringRef LineTable::line(unsigned index) const {
  if (index >= starts_.size()) return {};
  size_t end = index + 1 < starts_.size() ? starts_[index + 1] - 1 : text_.size();
  llvm::StringRef l = text_.slice(starts_[index], end);
  return l.endswith("\r") ? l.drop_back() : l;
}

Position LineTable::position(size_t offset, Encoding encoding) const {
  offset = std::min(offset, text_.size());
  auto after = std::upper_bound(starts_.begin(), starts_.end(), offset);
  const unsigned line = static_cast<unsigned>(after - starts_.begin()) - 1;
  const size_t start = starts_[line];
  if (encoding == Encoding::Utf8) return {line, static_cast<unsigned>(offset - start)};
  unsigned units = 0;
  for (size_t i = start; i < offset;) {
    Char c = charAt(text_, i);
    units += c.units;
    i += c.bytes;
  }
  return {line, units};
}

size_t LineTable::offset(Position p, Encoding encoding) const {
  if (p.line >= starts_.size()) return text_.size();
  llvm::StringRef l = line(p.line);
  const size_t start = starts_[p.line];
  if (encoding == Encoding::Utf8) return start + std::min<size_t>(p.character, l.size());
  unsigned units = 0;
  size_t i = 0;
  while (i < l.size()) {
    Char c = charAt(l, i);
    if (units + c.units > p.character) break;
    units += c.units;
    i += c.bytes;
  }
  return start + i;
}

} // namespace cutover::lsp
