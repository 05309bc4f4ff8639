// The pre-scan of a parallel parse: where a large buffer splits into runs of
// whole items of its `deployment` and `migration` blocks, which threads then
// parse on their own (parser.cpp). The scan knows the lexical rules of the
// grammar (comments, strings and their escapes, braces) but does not parse:
// the parse itself checks every run (see parser.cpp), and any surprise there
// falls back to the serial parse.
#pragma once

#include <llvm/ADT/StringRef.h>

#include <cstdint>
#include <vector>

namespace cutover::parse::detail {

// The character classes of grammar/cut.hpp (ASCII, whatever the locale).
inline bool isBlank(char c) { return c == ' ' || c == '\t' || c == '\v' || c == '\f'; }
inline bool isSpace(char c) { return isBlank(c) || c == '\n' || c == '\r'; }
inline bool isIdentStart(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'; }
inline bool isIdentChar(char c) { return isIdentStart(c) || (c >= '0' && c <= '9'); }

// A run of whole items of one block at brace depth 1: deployment items
// (site, data, critical, component) or phases.
struct ItemRun {
  enum class Kind : uint8_t { Deployment, Migration };
  Kind kind;
  const char *begin, *end;
};

// Whether a run may start or end at `at` in `text`: at an item's first byte
// (a letter or '_') or at a block's closing '}', with nothing but blanks
// before it on its line. Nothing of a line before it can then reach into it:
// comments and strings end at the line break, and a word at the blank.
bool isRunBoundary(llvm::StringRef text, const char *at);

// Runs of items of `text`, in text order, cut about every text.size() /
// `parts` bytes, each bounded by isRunBoundary; the text before the first
// run, and all that is not in a block, is left to the caller. Empty when the
// text does not split: too few items, unbalanced braces, an unterminated
// string, a '}' at the top level.
std::vector<ItemRun> splitItems(llvm::StringRef text, unsigned parts);

} // namespace cutover::parse::detail
