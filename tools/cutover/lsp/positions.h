// LSP positions: a line and a character offset counted in the encoding the
// client and server agreed on (UTF-16 code units unless the client offers
// UTF-8), converted to and from the byte offsets the compiler's ranges use.
#pragma once

#include <llvm/ADT/StringRef.h>

#include <cstddef>
#include <vector>

namespace cutover::lsp {

enum class Encoding { Utf16, Utf8 };

struct Position {
  unsigned line = 0;
  unsigned character = 0;
  bool operator==(const Position &o) const { return line == o.line && character == o.character; }
};

// The starts of the lines of one text ('\n' ends a line; a '\r' before it
// belongs to no position). Bytes that are not valid UTF-8 count as one
// code unit each, as editors show them as one replacement character.
class LineTable {
public:
  explicit LineTable(llvm::StringRef text);

  Position position(size_t offset, Encoding encoding) const;
  // The byte offset of `p`; a line past the end gives the end of the text, a
  // character past the end of its line the end of the line, and one inside
  // a character that takes two UTF-16 units the start of that character.
  size_t offset(Position p, Encoding encoding) const;

  size_t lineCount() const { return starts_.size(); }
  llvm::StringRef line(unsigned index) const; // without its line break

private:
  llvm::StringRef text_;
  std::vector<size_t> starts_;
};

} // namespace cutover::lsp
