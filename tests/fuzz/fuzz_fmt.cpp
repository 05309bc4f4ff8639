// Fuzz target: `cutover fmt` on whatever parses. The formatted text must
// parse again and format to itself (the formatter is idempotent and never
// produces text it cannot read back).
#include "compiler/format/formatter.h"
#include "compiler/parse/parser.h"

#include <llvm/Support/MemoryBuffer.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <optional>

namespace {

std::optional<std::string> format(llvm::StringRef text) {
  llvm::SourceMgr sm;
  unsigned id = sm.AddNewSourceBuffer(llvm::MemoryBuffer::getMemBufferCopy(text, "fuzz.cut"), llvm::SMLoc());
  cutover::diag::Diagnostics diags;
  std::unique_ptr<cutover::ast::File> file = cutover::parse::parseBuffer(sm, id, diags);
  if (!file || diags.hasErrors()) return std::nullopt;
  return cutover::format::formatFile(*file, sm);
}

[[noreturn]] void fail(const char *what, llvm::StringRef text) {
  std::fprintf(stderr, "fmt round trip: %s; text:\n%.*s\n", what, static_cast<int>(text.size()), text.data());
  std::abort();
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  std::optional<std::string> once = format(llvm::StringRef(reinterpret_cast<const char *>(data), size));
  if (!once) return 0;
  std::optional<std::string> twice = format(*once);
  if (!twice) fail("the formatted text does not parse", *once);
  if (*twice != *once) fail("formatting is not a fixed point", *once);
  return 0;
}
