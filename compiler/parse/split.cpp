#include "compiler/parse/split.h"

#include <array>
#include <cstddef>
#include <optional>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace cutover::parse::detail {
namespace {

using Kind = ItemRun::Kind;

// The character classes of grammar/cut.hpp.
bool isBlank(char c) { return c == ' ' || c == '\t' || c == '\v' || c == '\f'; }
bool isSpace(char c) { return isBlank(c) || c == '\n' || c == '\r'; }
bool isIdentStart(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'; }
bool isIdentChar(char c) { return isIdentStart(c) || (c >= '0' && c <= '9'); }
bool isSpecial(char c) { return c == '{' || c == '}' || c == '"' || c == '#'; }

// The next '{', '}', '"' or '#' (the only bytes that matter inside a block),
// 16 bytes at a time where SSE2 allows: this loop is most of the scan.
const char *findSpecial(const char *p, const char *end) {
#if defined(__SSE2__)
  const __m128i lbrace = _mm_set1_epi8('{'), rbrace = _mm_set1_epi8('}'), quote = _mm_set1_epi8('"'),
                hash = _mm_set1_epi8('#');
  for (; end - p >= 16; p += 16) {
    const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i *>(p));
    const __m128i hit = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, lbrace), _mm_cmpeq_epi8(v, rbrace)),
                                     _mm_or_si128(_mm_cmpeq_epi8(v, quote), _mm_cmpeq_epi8(v, hash)));
    if (const int mask = _mm_movemask_epi8(hit)) return p + __builtin_ctz(static_cast<unsigned>(mask));
  }
#endif
  while (p != end && !isSpecial(*p)) ++p;
  return p;
}

// comment = "#" ... up to a line break or the end.
const char *commentEnd(const char *p, const char *end) {
  while (p != end && *p != '\n' && *p != '\r') ++p;
  return p;
}

// Past the string that starts at `p` (string_scan: a backslash escapes any
// byte but a line break); null when it does not end on its line.
const char *stringEnd(const char *p, const char *end) {
  for (++p; p != end; ++p) {
    if (*p == '"') return p + 1;
    if (*p == '\n' || *p == '\r') return nullptr;
    if (*p == '\\' && (++p == end || *p == '\n' || *p == '\r')) return nullptr;
  }
  return nullptr;
}

// IDENT = [A-Za-z_] ident_char* ("-" ident_char+)*
const char *identEnd(const char *p, const char *end) {
  for (++p; p != end; ++p)
    if (!isIdentChar(*p) && !(*p == '-' && p + 1 != end && isIdentChar(p[1]))) break;
  return p;
}

// Past whitespace and comments.
const char *skipEnd(const char *p, const char *end) {
  while (p != end && (isSpace(*p) || *p == '#')) p = *p == '#' ? commentEnd(p, end) : p + 1;
  return p;
}

class Scanner {
public:
  Scanner(llvm::StringRef text, unsigned parts) : text_(text), parts_(parts) {}

  // The shares (see splitItems).
  std::vector<std::vector<ItemRun>> shares() {
    std::vector<std::vector<ItemRun>> out;
    if (!scan()) return out;
    for (size_t j = 0; j < splits_.size(); ++j) {
      const Split &from = splits_[j];
      const Split *to = j + 1 < splits_.size() ? &splits_[j + 1] : nullptr;
      std::vector<ItemRun> runs;
      for (size_t b = from.block; b < blocks_.size() && (!to || b <= to->block); ++b) {
        const Block &block = blocks_[b];
        const char *begin = b == from.block ? from.at : block.first;
        const char *end = to && b == to->block ? to->at : isRunBoundary(text_, block.close) ? block.close : block.last;
        if (begin && begin < end) runs.push_back({block.kind, begin, end});
      }
      if (!runs.empty()) out.push_back(std::move(runs));
    }
    return out;
  }

private:
  // A deployment or migration block.
  struct Block {
    Kind kind;
    const char *first = nullptr, *last = nullptr; // its first and last item where a run may start
    const char *close = nullptr;                  // its '}'
  };
  // Where a share starts: an item of blocks_[block].
  struct Split {
    const char *at;
    size_t block;
  };

  llvm::StringRef text_;
  unsigned parts_;
  std::vector<Block> blocks_;
  std::vector<Split> splits_;
  unsigned nextShare_ = 1;
  // The last words of the top-level item in progress ("" for a token that is no word): what its block is.
  std::array<llvm::StringRef, 4> words_;

  const char *target() const { return text_.begin() + text_.size() * nextShare_ / parts_; }

  void addWord(llvm::StringRef word) {
    std::copy(words_.begin() + 1, words_.end(), words_.begin());
    words_.back() = word;
  }

  // `deployment NAME {` or `migration NAME (of NAME)? {`.
  std::optional<Kind> blockKind() const {
    auto isName = [](llvm::StringRef w) { return !w.empty(); };
    const auto &[w0, w1, w2, w3] = words_;
    if ((w0 == "migration" && isName(w1) && w2 == "of" && isName(w3)) || (w2 == "migration" && isName(w3)))
      return Kind::Migration;
    if (w2 == "deployment" && isName(w3)) return Kind::Deployment;
    return std::nullopt;
  }

  // After the '{' of a block or the '}' of one of its items, at `p`: the
  // next item may start a run, and a share once the scan passed its target.
  void itemMayStart(const char *p) {
    const char *at = skipEnd(p, text_.end());
    if (at == text_.end() || !isIdentStart(*at) || !isRunBoundary(text_, at)) return;
    Block &block = blocks_.back();
    if (!block.first) block.first = at;
    block.last = at;
    if (nextShare_ < parts_ && at >= target()) {
      splits_.push_back({at, blocks_.size() - 1});
      while (nextShare_ < parts_ && at >= target()) ++nextShare_;
    }
  }

  // The whole text, or false when it does not split.
  bool scan() {
    const char *p = text_.begin();
    const char *end = text_.end();
    unsigned depth = 0;
    bool inBlock = false; // in one of blocks_
    while (p != end) {
      if (depth == 0) {
        // The top level: words, to know what each block is.
        const char c = *p;
        if (isSpace(c)) {
          ++p;
        } else if (c == '#') {
          p = commentEnd(p, end);
        } else if (c == '"') {
          if (!(p = stringEnd(p, end))) return false;
          addWord("");
        } else if (c == '{') {
          const std::optional<Kind> kind = blockKind();
          words_ = {};
          depth = 1;
          inBlock = kind.has_value();
          ++p;
          if (inBlock) {
            blocks_.push_back({*kind});
            itemMayStart(p);
          }
        } else if (c == '}') {
          return false;
        } else if (isIdentStart(c)) {
          const char *wordEnd = identEnd(p, end);
          addWord({p, size_t(wordEnd - p)});
          p = wordEnd;
        } else {
          addWord("");
          ++p;
        }
        continue;
      }
      p = findSpecial(p, end);
      if (p == end) break;
      switch (*p) {
      case '#': p = commentEnd(p, end); break;
      case '"':
        if (!(p = stringEnd(p, end))) return false;
        break;
      case '{':
        ++depth;
        ++p;
        break;
      default: // '}'
        --depth;
        if (depth == 0 && inBlock) blocks_.back().close = p;
        ++p;
        if (depth == 1 && inBlock) itemMayStart(p);
        break;
      }
    }
    return depth == 0;
  }
};

} // namespace

bool isRunBoundary(llvm::StringRef text, const char *at) {
  if (at <= text.begin() || at >= text.end() || !(isIdentStart(*at) || *at == '}')) return false;
  const char *p = at;
  while (p != text.begin() && isBlank(p[-1])) --p;
  return p != text.begin() && (p[-1] == '\n' || p[-1] == '\r');
}

std::vector<std::vector<ItemRun>> splitItems(llvm::StringRef text, unsigned parts) {
  if (parts < 2) return {};
  return Scanner(text, parts).shares();
}

} // namespace cutover::parse::detail
