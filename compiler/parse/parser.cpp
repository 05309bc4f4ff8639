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
//
// A large buffer parses on several threads (parseParallel): a pre-scan
// (split.h) cuts the items of its deployments and migrations into runs, which
// the threads take in turn and parse on their own (grammar::deployment_run,
// phase_run); the calling thread first parses the rest with the file rule,
// jumping over each run where it reaches the run's first item. The runs'
// items and comments are then spliced in where the jumps landed. The result is the serial parse's: AST
// ranges are pointers into the buffer, so they do not depend on where a parse
// started, and a run parses alike on its own and in the file because it starts
// where an item must start (the jump checks that) and ends where nothing of
// the run reaches past (split.h, isRunBoundary). Any failure, anywhere, and
// the serial parse runs instead, so every diagnostic is its.
#include "compiler/parse/parser.h"

#include "compiler/diag/messages.h"
#include "compiler/parse/builder.h"

#include "grammar/cut.hpp"

#include <fmt/format.h>
#include <llvm/Support/ConvertUTF.h>
#include <llvm/Support/ThreadPool.h>

#include <algorithm>
#include <array>
#include <atomic>
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
using detail::isIdentChar;
using detail::ItemRun;

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
  // Where an item may start, a run that another thread parses is jumped over.
  template <p::apply_mode A, p::rewind_mode M, template <typename...> class Action,
            template <typename...> class Control, typename Input>
  [[nodiscard]] static bool match(Input &in, Builder &b) {
    if constexpr (isOneOf<Rule, g::deployment_item, g::phase>) {
      constexpr auto kind = std::is_same_v<Rule, g::phase> ? ItemRun::Kind::Migration : ItemRun::Kind::Deployment;
      if (const char *past = b.jump(in.current(), kind)) {
        in.bump(size_t(past - in.current()));
        return true;
      }
    }
    return p::normal<Rule>::template match<A, M, Action, Control>(in, b);
  }
};

// -------------------------------------------------------------- error range

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

// ---------------------------------------------------------- parallel parse

// An empty file of buffer `bufferId`.
std::unique_ptr<ast::File> newFile(const llvm::MemoryBuffer &buffer, unsigned bufferId) {
  auto file = std::make_unique<ast::File>();
  file->bufferId = bufferId;
  file->path = buffer.getBufferIdentifier().str();
  return file;
}

// Runs per thread, so that the threads that finish theirs first take more
// (but none shorter than ParseOptions::minRunBytes).
constexpr unsigned kRunsPerThread = 4;

// What the parse of one run built.
struct RunItems {
  std::vector<detail::DeploymentItem> items; // of a deployment
  std::vector<ast::Phase> phases;            // of a migration
  std::vector<ast::Comment> comments;
};

// One run parsed on its own; nothing when it does not parse in full (the serial parse reports why).
std::optional<RunItems> parseRun(const ItemRun &run) {
  ast::File comments;
  Builder builder(comments);
  // An empty source name: positions come from pointers.
  p::memory_input<p::tracking_mode::lazy> in(run.begin, run.end, "");
  try {
    const bool parsed = run.kind == ItemRun::Kind::Deployment
                            ? p::parse<g::deployment_run, Action, Control>(in, builder)
                            : p::parse<g::phase_run, Action, Control>(in, builder);
    if (!parsed || builder.buildError()) return std::nullopt;
  } catch (const p::parse_error &) {
    return std::nullopt;
  }
  return RunItems{builder.takeDeploymentItems(), builder.takePhases(), std::move(comments.comments)};
}

// `into` with each piece's elements inserted at the piece's index (ascending).
template <typename T>
void splice(std::vector<T> &into, const std::vector<std::pair<size_t, std::vector<T> *>> &pieces) {
  size_t size = into.size();
  for (const auto &piece : pieces) size += piece.second->size();
  std::vector<T> out;
  out.reserve(size);
  auto from = into.begin();
  for (const auto &[at, piece] : pieces) {
    const auto to = into.begin() + std::ptrdiff_t(at);
    out.insert(out.end(), std::make_move_iterator(from), std::make_move_iterator(to));
    out.insert(out.end(), std::make_move_iterator(piece->begin()), std::make_move_iterator(piece->end()));
    from = to;
  }
  out.insert(out.end(), std::make_move_iterator(from), std::make_move_iterator(into.end()));
  into = std::move(out);
}

// The buffer parsed on `jobs` threads (see the top of this file): this one
// parses the file around the runs, then helps the others with the runs;
// null when any part fails.
std::unique_ptr<ast::File> parseParallel(const llvm::MemoryBuffer &buffer, unsigned bufferId,
                                         const std::vector<ItemRun> &runs, unsigned jobs) {
  std::vector<std::optional<RunItems>> parsed(runs.size());
  std::atomic<size_t> next = 0;
  std::atomic<bool> failed = false;
  // Each thread takes the next run until none is left, so that no thread waits while another has a share to do.
  auto parseRuns = [&] {
    for (size_t i = next++; !failed && i < runs.size(); i = next++)
      if (!(parsed[i] = parseRun(runs[i]))) failed = true;
  };
  auto file = newFile(buffer, bufferId);
  Builder builder(*file);
  builder.jumpOver(runs);
  {
    const auto helpers = unsigned(std::min<size_t>(jobs - 1, runs.size()));
    llvm::ThreadPool pool(llvm::hardware_concurrency(helpers));
    for (unsigned t = 0; t < helpers; ++t) pool.async(parseRuns);
    p::memory_input<p::tracking_mode::lazy> in(buffer.getBufferStart(), buffer.getBufferEnd(), "");
    try {
      if (!p::parse<g::file, Action, Control>(in, builder) || builder.buildError() ||
          builder.landings().size() != runs.size())
        failed = true;
    } catch (const p::parse_error &) {
      failed = true;
    }
    parseRuns();
    pool.wait();
  }
  // (A run whose thread threw, out of memory, is not there either.)
  if (failed || !std::all_of(parsed.begin(), parsed.end(), [](const auto &run) { return run.has_value(); }))
    return nullptr;

  std::vector<std::pair<size_t, std::vector<ast::Comment> *>> comments;
  for (size_t i = 0; i < runs.size();) {
    // The runs that land in one block.
    const size_t item = builder.landings()[i].item;
    std::vector<std::pair<size_t, std::vector<detail::DeploymentItem> *>> items;
    std::vector<std::pair<size_t, std::vector<ast::Phase> *>> phases;
    for (; i < runs.size() && builder.landings()[i].item == item; ++i) {
      const size_t index = builder.landings()[i].index;
      if (runs[i].kind == ItemRun::Kind::Deployment)
        items.emplace_back(index, &parsed[i]->items);
      else
        phases.emplace_back(index, &parsed[i]->phases);
      comments.emplace_back(builder.landings()[i].comment, &parsed[i]->comments);
    }
    if (auto *deployment = std::get_if<ast::Deployment>(&file->items[item]))
      splice(deployment->items, items);
    else
      splice(std::get<ast::Migration>(file->items[item]).phases, phases);
  }
  splice(file->comments, comments);
  return file;
}

} // namespace

std::unique_ptr<ast::File> parseBuffer(llvm::SourceMgr &sm, unsigned bufferId, diag::Diagnostics &diags,
                                       const ParseOptions &options) {
  const llvm::MemoryBuffer *buffer = sm.getMemoryBuffer(bufferId);
  const char *begin = buffer->getBufferStart();
  const char *end = buffer->getBufferEnd();
  const unsigned jobs = options.jobs;
  if (jobs > 1 && buffer->getBufferSize() >= options.parallelFromBytes) {
    const auto parts = unsigned(
        std::min(size_t{jobs} * kRunsPerThread, buffer->getBufferSize() / std::max<size_t>(1, options.minRunBytes)));
    const std::vector<ItemRun> runs = detail::splitItems(buffer->getBuffer(), parts);
    if (!runs.empty()) {
      if (auto file = parseParallel(*buffer, bufferId, runs, jobs)) {
        if (options.stats) options.stats->runs = runs.size();
        return file;
      }
      if (options.stats) options.stats->fellBack = true;
    }
  }
  // An empty source name: positions come from pointers.
  p::memory_input<p::tracking_mode::lazy> in(begin, end, "");
  auto file = newFile(*buffer, bufferId);
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
