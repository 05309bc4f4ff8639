#include "compiler/parse/split.h"

#include <array>
#include <bit>
#include <cstddef>
#include <optional>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace cutover::parse::detail {
namespace {

using Kind = ItemRun::Kind;

bool isSpecial(char c) { return c == '{' || c == '}' || c == '"' || c == '#'; }

// Which of the 16 bytes from `p` (fewer at the end) are '{', '}', '"' or '#',
// the only bytes that matter inside a block: a bit each, the first lowest.
// With SSE2 a compare each: this is most of the scan.
unsigned specialMask(const char *p, const char *end) {
#if defined(__SSE2__)
  if (end - p >= 16) {
    const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i *>(p));
    const __m128i hit =
        _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('{')), _mm_cmpeq_epi8(v, _mm_set1_epi8('}'))),
                     _mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('"')), _mm_cmpeq_epi8(v, _mm_set1_epi8('#'))));
    return static_cast<unsigned>(_mm_movemask_epi8(hit));
  }
#endif
  unsigned mask = 0;
  for (unsigned i = 0; i < 16 && p + i != end; ++i)
    if (isSpecial(p[i])) mask |= 1u << i;
  return mask;
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

  // The runs (see splitItems).
  std::vector<ItemRun> runs() {
    std::vector<ItemRun> out;
    if (!scan()) return out;
    for (size_t j = 0; j < cuts_.size(); ++j) {
      const Cut &from = cuts_[j];
      const Cut *to = j + 1 < cuts_.size() ? &cuts_[j + 1] : nullptr;
      for (size_t b = from.block; b < blocks_.size() && (!to || b <= to->block); ++b) {
        const Block &block = blocks_[b];
        const char *begin = b == from.block ? from.at : block.first;
        const char *end = to && b == to->block ? to->at : isRunBoundary(text_, block.close) ? block.close : block.last;
        if (begin && begin < end) out.push_back({block.kind, begin, end});
      }
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
  // Where a run starts: an item of blocks_[block].
  struct Cut {
    const char *at;
    size_t block;
  };

  llvm::StringRef text_;
  unsigned parts_;
  std::vector<Block> blocks_;
  std::vector<Cut> cuts_;
  unsigned nextCut_ = 1;
  // The last words of the top-level item in progress ("" for a token that is no word): what its block is.
  std::array<llvm::StringRef, 4> words_;

  // Where the next cut should be.
  const char *target() const { return text_.begin() + text_.size() * nextCut_ / parts_; }

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
  // next item may start a run, and is a cut once the scan passed its target.
  void itemMayStart(const char *p) {
    const char *at = skipEnd(p, text_.end());
    if (at == text_.end() || !isIdentStart(*at) || !isRunBoundary(text_, at)) return;
    Block &block = blocks_.back();
    if (!block.first) block.first = at;
    block.last = at;
    if (nextCut_ < parts_ && at >= target()) {
      cuts_.push_back({at, blocks_.size() - 1});
      while (nextCut_ < parts_ && at >= target()) ++nextCut_;
    }
  }

  // From `p` in a block at `depth`: past the '}' that closes it, or the end
  // of the text; null when a string does not end on its line. Only braces,
  // strings and comments matter here, found 16 bytes at a time.
  const char *scanBlock(const char *p, unsigned &depth, bool inBlock) {
    const char *end = text_.end();
    while (p != end) {
      const char *next = end - p >= 16 ? p + 16 : end;
      for (unsigned mask = specialMask(p, end); mask != 0; mask &= mask - 1) {
        const char *at = p + std::countr_zero(mask);
        if (*at == '"' || *at == '#') {
          if (!(next = *at == '#' ? commentEnd(at, end) : stringEnd(at, end))) return nullptr;
          break;
        }
        if (*at == '{') {
          ++depth;
        } else if (--depth == 1) {
          if (inBlock) itemMayStart(at + 1);
        } else if (depth == 0) {
          if (inBlock) blocks_.back().close = at;
          return at + 1;
        }
      }
      p = next;
    }
    return end;
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
      if (!(p = scanBlock(p, depth, inBlock))) return false;
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

std::vector<ItemRun> splitItems(llvm::StringRef text, unsigned parts) {
  if (parts < 2) return {};
  return Scanner(text, parts).runs();
}

} // namespace cutover::parse::detail
