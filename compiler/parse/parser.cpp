// Parsing is one pass: PEGTL matches grammar::file and actions attached to
// its rules build the typed ast::File as the rules succeed (no parse tree:
// building, walking and freeing one was most of the parse of a large plan).
//
// An action runs only when its rule matched, but an enclosing rule may still
// fail afterwards and backtrack. In this grammar almost every construct is
// committed once its first token matched (the rest is under must<>, so it
// either matches or raises), so most actions fill the one construct in
// progress of their kind. Only two rules fail after an inner action ran: a
// binder after its variable (`, x` not followed by `:` ends the binders) and
// a call after its callee (`f` not followed by `(` is a path). Those, and
// every construct that nests, save the heights of the builder's stacks when
// they start and restore them when they fail (Control below).
#include "compiler/parse/parser.h"

#include "compiler/diag/messages.h"
#include "compiler/parse/builder.h"

#include "grammar/cut.hpp"

#include <fmt/format.h>
#include <llvm/Support/ConvertUTF.h>

#include <algorithm>
#include <array>
#include <cassert>
#include <cctype>
#include <charconv>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <variant>
#include <vector>

namespace cutover::parse {
namespace {

namespace p = tao::pegtl;
namespace g = cutover::grammar;
using detail::Action;
using detail::Builder;

// ------------------------------------------------------------ error messages

// A string literal as a template argument.
template <size_t N> struct Literal {
  char chars[N] = {};
  consteval Literal(const char (&text)[N]) { std::copy_n(text, N, chars); }
  constexpr std::string_view view() const { return {chars, N - 1}; }
};

// A row of syntax_errors.def as the parser prints it: `{verbs}` replaced by
// the step keywords, a constant with a stable address.
template <Literal Text> struct SyntaxError {
  static constexpr std::string_view kVerbs = "{verbs}";
  static constexpr size_t expandedSize() {
    const size_t at = Text.view().find(kVerbs);
    return at == std::string_view::npos ? Text.view().size()
                                        : Text.view().size() - kVerbs.size() + ast::kKeywordList.view().size();
  }
  static constexpr auto chars = [] {
    std::array<char, expandedSize() + 1> out{};
    const std::string_view text = Text.view();
    const size_t at = std::min(text.find(kVerbs), text.size());
    std::string_view pieces[] = {text.substr(0, at), at == text.size() ? std::string_view() : ast::kKeywordList.view(),
                                 at == text.size() ? std::string_view() : text.substr(at + kVerbs.size())};
    size_t n = 0;
    for (std::string_view piece : pieces)
      for (char c : piece) out[n++] = c;
    return out;
  }();
};

// The message raised when a must<Rule> fails. Control::raise static_asserts
// that every rule under must<> has one.
// Whether a rule has one is a flag of its own: under AddressSanitizer the
// address of the text is no constant expression a static_assert can test.
template <typename Rule> inline constexpr const char *errorMessage = nullptr;
template <typename Rule> inline constexpr bool hasErrorMessage = false;
#define CUTOVER_SYNTAX_ERROR(RULE, TEXT)                                                                               \
  template <> inline constexpr const char *errorMessage<RULE> = SyntaxError<TEXT>::chars.data();                       \
  template <> inline constexpr bool hasErrorMessage<RULE> = true;
#include "compiler/parse/syntax_errors.def"
#undef CUTOVER_SYNTAX_ERROR

// Thrown past the nesting limit; reported as E-LIMIT instead of E-SYNTAX.
struct DepthError : p::parse_error {
  using p::parse_error::parse_error;
};

// ------------------------------------------------------------------ control

template <typename Rule, typename... Rules> inline constexpr bool isOneOf = (std::is_same_v<Rule, Rules> || ...);

// The rules that save the builder's stacks (see the top of this file): those
// that can fail after an inner action ran, and those with a variable number
// of operands.
template <typename Rule>
inline constexpr bool savesStacks = isOneOf<Rule, g::binder, g::call, g::value_list, g::list_expr, g::exists_expr,
                                            g::no_expr, g::count_expr, g::cmp_expr, g::and_expr, g::expr>;

template <typename Rule> struct Control : p::normal<Rule> {
  template <typename Input> static void start(const Input &in, Builder &b) {
    if constexpr (std::is_same_v<Rule, g::nest_in>) {
      // Checked before recursing into the construct, so the stack stays
      // bounded however deep the input nests.
      if (++b.depth > kMaxNestingDepth) throw DepthError(diag::format(diag::msg::NestedTooDeep, kMaxNestingDepth), in);
    } else if constexpr (std::is_same_v<Rule, g::nest_out>) {
      --b.depth;
    } else if constexpr (std::is_same_v<Rule, g::skip>) {
      b.skipBegin = in.current();
    } else if constexpr (std::is_same_v<Rule, g::comment>) {
      b.commentBegin = in.current();
    } else if constexpr (savesStacks<Rule>) {
      b.saveStacks();
    }
  }
  template <typename Input> static void success(const Input &in, Builder &b) {
    if constexpr (std::is_same_v<Rule, g::skip>) {
      if (b.skipBegin != in.current()) b.skips.add(b.skipBegin, in.current());
    } else if constexpr (std::is_same_v<Rule, g::comment>) {
      b.addComment(in.current());
    } else if constexpr (savesStacks<Rule>) {
      b.dropSave();
    }
  }
  template <typename Input> static void failure(const Input &, Builder &b) {
    if constexpr (savesStacks<Rule>) b.restoreStacks();
  }
  template <typename Input, typename... States> [[noreturn]] static void raise(const Input &in, States &&...) {
    static_assert(hasErrorMessage<Rule>, "a rule under must<> needs an error message");
    throw p::parse_error(errorMessage<Rule>, in);
  }
};

// -------------------------------------------------------------- error range

bool isIdentChar(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }

// The token that starts at `p`, so the caret line underlines all of it.
const char *tokenEnd(const char *p, const char *end) {
  if (p == end) return p;
  const char *q = p;
  if (std::isdigit(static_cast<unsigned char>(*q))) {
    while (q != end && (std::isdigit(static_cast<unsigned char>(*q)) ||
                        (*q == '.' && q + 1 != end && std::isdigit(static_cast<unsigned char>(q[1])))))
      ++q;
    return q;
  }
  if (isIdentChar(*q)) {
    while (q != end && (isIdentChar(*q) || (*q == '-' && q + 1 != end && isIdentChar(q[1])))) ++q;
    return q;
  }
  if (*q == '"') {
    for (++q; q != end && *q != '"' && *q != '\n'; ++q)
      if (*q == '\\' && q + 1 != end && q[1] != '\n') ++q;
    return q != end && *q == '"' ? q + 1 : p + 1;
  }
  const auto byte = static_cast<unsigned char>(*q);
  if (byte >= 0x80) {
    unsigned length = llvm::getNumBytesForUTF8(byte);
    return length <= unsigned(end - q) ? q + length : q + 1;
  }
  return q + 1;
}

// A byte that no rule can accept explains the error better than what the
// grammar expected there: "invalid UTF-8 byte 0xff" rather than "expected '}'".
std::optional<std::string> badByte(const char *p, const char *end) {
  if (p == end) return std::nullopt;
  const auto byte = static_cast<unsigned char>(*p);
  if (byte == 0) return diag::format(diag::msg::NulByte);
  if (byte >= 0x80) {
    const auto *u = reinterpret_cast<const llvm::UTF8 *>(p);
    if (!llvm::isLegalUTF8Sequence(u, reinterpret_cast<const llvm::UTF8 *>(end)))
      return diag::format(diag::msg::InvalidUtf8, byte);
    return std::nullopt;
  }
  if (byte < 0x20 && !std::isspace(byte)) return diag::format(diag::msg::ControlCharacter, byte);
  return std::nullopt;
}

} // namespace

std::unique_ptr<ast::File> parseBuffer(llvm::SourceMgr &sm, unsigned bufferId, diag::Diagnostics &diags) {
  const llvm::MemoryBuffer *buffer = sm.getMemoryBuffer(bufferId);
  const char *begin = buffer->getBufferStart();
  const char *end = buffer->getBufferEnd();
  // An empty source name: positions come from pointers.
  p::memory_input<p::tracking_mode::lazy> in(begin, end, "");
  auto file = std::make_unique<ast::File>();
  file->bufferId = bufferId;
  file->path = buffer->getBufferIdentifier().str();
  Builder builder(*file);
  try {
    p::parse<g::file, Action, Control>(in, builder);
  } catch (const DepthError &e) {
    // The limit is checked just inside the construct; point at the token
    // that opened it: `(`, `[` or a keyword.
    const char *tokenStop = builder.skips.startOf(begin + e.positions().front().byte);
    const char *at = tokenStop - 1;
    while (at != begin && isIdentChar(*at) && isIdentChar(at[-1])) --at;
    diags.report(diag::Kind::Limit, {llvm::SMLoc::getFromPointer(at), llvm::SMLoc::getFromPointer(tokenStop)},
                 std::string(e.message()));
    return nullptr;
  } catch (const p::parse_error &e) {
    const char *at = begin + e.positions().front().byte;
    std::string message(e.message());
    std::optional<std::string> bad = badByte(at, end);
    if (bad)
      message = *bad;
    else if (message == errorMessage<g::phase_close>)
      message += diag::format(diag::msg::OfPhase, builder.phaseName());
    // A bad byte or an unterminated string's opening quote is one byte; otherwise the whole token.
    const char *tokenStop = at == end                                              ? at
                            : bad || message == errorMessage<g::string_terminated> ? at + 1
                                                                                   : tokenEnd(at, end);
    diags.report(diag::Kind::Syntax, {llvm::SMLoc::getFromPointer(at), llvm::SMLoc::getFromPointer(tokenStop)},
                 std::move(message));
    return nullptr;
  }
  if (const auto &error = builder.buildError()) {
    diags.report(diag::Kind::Syntax, error->range, error->message);
    return nullptr;
  }
  return file;
}

} // namespace cutover::parse
