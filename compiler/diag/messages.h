// The catalogue of the compiler's diagnostic texts (messages.def): every
// message, note and hint a phase reports is named once there, with its
// format string checked against its argument types at compile time.
// tests/messages_coverage.py fails when a row has no lit test that checks it.
//
//   diag::report(diags, range, msg::Duplicate, "component", name);
//   diag::note(finding, first, msg::FirstDeclaredHere, name);
#pragma once

#include "compiler/diag/diagnostic.h"

#include <fmt/format.h>

#include <cstdint>
#include <string>
#include <string_view>

namespace cutover::diag {

// The argument types of the rows.
using Str = std::string_view;
using Int = int64_t;

// A finding's message and its kind.
template <typename... Args> struct Message {
  Kind kind;
  fmt::format_string<Args...> format;
};
// A note, a hint, or a piece of a message.
template <typename... Args> struct Text { fmt::format_string<Args...> format; };

// fmt checks a format string against its argument types where C++20's
// consteval is available: the rows are constants checked when the code
// compiles. clang-tidy reads the TUs that include LLVM's JSON.h as C++17
// (tests/lint.py), where they are plain constants.
#ifdef FMT_HAS_CONSTEVAL
#define CUTOVER_CATALOGUE_CONSTANT inline constexpr
#else
#define CUTOVER_CATALOGUE_CONSTANT inline const
#endif

namespace msg {
#define CUTOVER_MESSAGE(Name, K, Format, ...) CUTOVER_CATALOGUE_CONSTANT Message<__VA_ARGS__> Name{Kind::K, Format};
#define CUTOVER_NOTE(Name, Format, ...) CUTOVER_CATALOGUE_CONSTANT Text<__VA_ARGS__> Name{Format};
#define CUTOVER_HINT(Name, Format, ...) CUTOVER_CATALOGUE_CONSTANT Text<__VA_ARGS__> Name{Format};
#define CUTOVER_PIECE(Name, Format, ...) CUTOVER_CATALOGUE_CONSTANT Text<__VA_ARGS__> Name{Format};
#include "compiler/diag/messages.def"
#undef CUTOVER_MESSAGE
#undef CUTOVER_NOTE
#undef CUTOVER_HINT
#undef CUTOVER_PIECE
} // namespace msg
#undef CUTOVER_CATALOGUE_CONSTANT

// The text of a row with its arguments.
template <typename... A> std::string format(const Message<A...> &m, fmt::type_identity_t<A>... args) {
  return fmt::vformat(fmt::string_view(m.format), fmt::make_format_args(args...));
}
template <typename... A> std::string format(const Text<A...> &t, fmt::type_identity_t<A>... args) {
  return fmt::vformat(fmt::string_view(t.format), fmt::make_format_args(args...));
}

template <typename... A>
Finding &report(Diagnostics &diags, llvm::SMRange range, const Message<A...> &m, fmt::type_identity_t<A>... args) {
  return diags.report(m.kind, range, format(m, args...));
}
// Diagnostics::reportUnknown with a catalogued message.
template <typename... A>
Finding &reportUnknown(Diagnostics &diags, llvm::SMRange range, llvm::StringRef word, Candidates candidates,
                       const Message<A...> &m, fmt::type_identity_t<A>... args) {
  return diags.reportUnknown(m.kind, range, format(m, args...), word, candidates);
}
template <typename... A>
Finding &note(Finding &f, llvm::SMRange range, const Text<A...> &t, fmt::type_identity_t<A>... args) {
  f.notes.push_back({range, format(t, args...)});
  return f;
}
// "; did you mean 'X'?" for a name of the command line (closestMatch over `candidates`), or "".
inline std::string didYouMean(llvm::StringRef word, const std::vector<std::string> &candidates) {
  std::optional<std::string> match = closestMatch(word, candidates);
  return match ? format(msg::DidYouMean, *match) : std::string();
}

template <typename... A> Finding &hint(Finding &f, const Text<A...> &t, fmt::type_identity_t<A>... args) {
  f.hints.push_back(format(t, args...));
  return f;
}

} // namespace cutover::diag
