// Fuzz target: untrusted text on its way to a terminal or a CI log. The bytes
// name a plan file (with findings, in a scratch directory) and are quoted as
// a source line; whatever they hold, the text and github reports, the
// sanitiser and the quoted line must be safe (no control, bidi or invalid
// byte, no GitHub workflow command, docs/security.md) and JSON must parse.
#include "compiler/diag/print.h"
#include "compiler/diag/sanitize.h"
#include "runtime/report/report.h"
#include "runtime/session/session.h"

#include <llvm/Support/ConvertUTF.h>
#include <llvm/Support/FileSystem.h>
#include <llvm/Support/JSON.h>
#include <llvm/Support/Path.h>
#include <llvm/Support/raw_ostream.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

namespace {

[[noreturn]] void fail(const char *what, llvm::StringRef text) {
  std::fprintf(stderr, "unsafe output: %s:\n%.*s\n", what, static_cast<int>(text.size()), text.data());
  std::abort();
}

bool startsWithSpace(llvm::StringRef s) { return s.startswith(" ") || s.startswith("\t"); }

// The properties of docs/security.md, line by line. `github`: lines that are
// our own annotations may start with `::error ` and the like.
void checkSafe(llvm::StringRef text, bool github) {
  if (!llvm::json::isUTF8(text)) fail("invalid UTF-8", text);
  for (llvm::StringRef rest = text; !rest.empty();) {
    auto [line, next] = rest.split('\n');
    rest = next;
    for (size_t i = 0; i < line.size(); ++i) {
      const auto c = static_cast<unsigned char>(line[i]);
      if ((c < 0x20 && c != '\t') || c == 0x7f) fail("control byte", line);
      // C1 (C2 80-9F), U+061C (D8 9C), U+200E/F and U+202A-E, U+2028/9 (E2 80 xx), U+2066-9 (E2 81 A6-A9).
      const auto d = i + 1 < line.size() ? static_cast<unsigned char>(line[i + 1]) : 0;
      const auto e = i + 2 < line.size() ? static_cast<unsigned char>(line[i + 2]) : 0;
      if ((c == 0xc2 && d >= 0x80 && d <= 0x9f) || (c == 0xd8 && d == 0x9c) ||
          (c == 0xe2 && d == 0x80 && (e == 0x8e || e == 0x8f || e == 0xa8 || e == 0xa9 || (e >= 0xaa && e <= 0xae))) ||
          (c == 0xe2 && d == 0x81 && e >= 0xa6 && e <= 0xa9))
        fail("bidirectional or C1 control", line);
    }
    if (line.contains("##[")) fail("legacy workflow command", line);
    llvm::StringRef start = line;
    while (startsWithSpace(start)) start = start.drop_front();
    if (start.startswith("::") &&
        !(github && (line.startswith("::error ") || line.startswith("::warning ") || line.startswith("::notice "))))
      fail("workflow command", line);
  }
}

const std::string &scratchDir() {
  static const std::string dir = [] {
    llvm::SmallString<128> d;
    if (llvm::sys::fs::createUniqueDirectory("cutover-fuzz-names", d)) std::abort();
    return d.str().str();
  }();
  return dir;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  const llvm::StringRef bytes(reinterpret_cast<const char *>(data), size);

  // The sanitiser and the quoted line, on the bytes as text.
  checkSafe(cutover::diag::sanitize(bytes), false);
  checkSafe(cutover::diag::githubData(bytes), false);
  checkSafe(cutover::diag::githubProperty(bytes), false);
  const llvm::StringRef line = bytes.take_until([](char c) { return c == '\n' || c == '\r'; });
  cutover::diag::QuotedLine quoted = cutover::diag::quoteSourceLine(line, static_cast<unsigned>(line.size() / 2));
  checkSafe(quoted.text, false);
  if (quoted.column.size() != line.size() + 1) fail("column map size", quoted.text);
  for (size_t i = 1; i < quoted.column.size(); ++i)
    if (quoted.column[i] < quoted.column[i - 1] || quoted.column[i] > quoted.text.size())
      fail("column map", quoted.text);

  // The bytes as a file name: a plan with an E-DUP, checked and reported.
  if (bytes.empty() || bytes.size() > 200 || bytes.contains('/') || bytes.contains('\0') || bytes == "." ||
      bytes == "..")
    return 0;
  llvm::SmallString<256> path(scratchDir());
  llvm::sys::path::append(path, bytes);
  {
    std::error_code ec;
    llvm::raw_fd_ostream os(path, ec);
    if (ec) return 0; // a name the file system refuses
    os << "deployment d {\n  x c\n  x c\n}\npolicy P error \"t\" {\n  require false\n}\n";
  }
  cutover::session::CheckOptions opts;
  auto result = cutover::session::check(path.str(), opts);
  llvm::sys::fs::remove(path);
  if (!result) return 0;
  std::vector<cutover::report::FileReport> reports{cutover::session::toReport(path.str(), **result)};
  std::string text, github, json;
  {
    llvm::raw_string_ostream os(text);
    cutover::report::printText(reports.front(), os, /*color=*/false);
    llvm::raw_string_ostream gs(github);
    cutover::report::printGithub(reports.front(), gs);
    llvm::raw_string_ostream js(json);
    cutover::report::printJson(reports, js);
    cutover::report::printSarif(reports, cutover::session::rulesOf((*result)->policies), js);
  }
  checkSafe(text, false);
  checkSafe(github, true);
  // JSON then SARIF, one after the other: each must parse.
  llvm::StringRef both = json;
  const size_t split = both.find("\n}\n") + 3;
  for (llvm::StringRef doc : {both.take_front(split), both.drop_front(split)})
    if (auto parsed = llvm::json::parse(doc); !parsed) {
      llvm::consumeError(parsed.takeError());
      fail("JSON does not parse", doc);
    }
  return 0;
}
