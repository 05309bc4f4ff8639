// Text from a plan or a file name, made safe for the terminal and the CI log
// that print it: the one sanitiser every writer of text uses (diagnostics,
// `test`, `fmt --check`/`--diff`, errors on stderr, the github format).
// docs/security.md lists what it escapes and why.
#pragma once

#include <llvm/ADT/StringRef.h>

#include <string>
#include <utility>
#include <vector>

namespace cutover::diag {

// `text` with every character that could drive a terminal or a log reader
// written as an escape: C0 controls but TAB, DEL and invalid UTF-8 bytes as
// `\xNN`; C1 controls, bidirectional controls (U+061C, U+200E, U+200F,
// U+202A-U+202E, U+2066-U+2069) and the line and paragraph separators as
// `\uNNNN`. A new line can therefore never start inside it. For GitHub
// Actions, which runs `::command::` at the start of a line (after white
// space) and the legacy `##[command]` anywhere in one, a leading `::` is
// written `\x3a:` and `##[` as `##\x5b`.
std::string sanitize(llvm::StringRef text);

// A source line as a diagnostic quotes it: sanitised like the above,
// clipped to about kMaxQuotedColumns around `caret` (with "..." where text
// was cut), and the byte columns of the original line mapped onto it.
inline constexpr size_t kMaxQuotedColumns = 240;
struct QuotedLine {
  std::string text;
  std::vector<unsigned> column; // column[i]: where byte i of the line (0..size) is in `text`
};
QuotedLine quoteSourceLine(llvm::StringRef line, unsigned caret);

// GitHub workflow command escaping (its runner's rules): in the data,
// `%`, CR and LF; in a property (`file=`, `title=`) also `:` and `,`. The
// text is sanitised first.
std::string githubData(llvm::StringRef text);
std::string githubProperty(llvm::StringRef text);

} // namespace cutover::diag
