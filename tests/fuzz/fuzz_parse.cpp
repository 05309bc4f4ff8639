// Fuzz target: the parser on arbitrary bytes. Any input must give a file or
// a syntax/limit finding, never a crash, a hang or a sanitizer report.
#include "compiler/parse/parser.h"

#include <llvm/Support/MemoryBuffer.h>

#include <cstdint>
#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  llvm::SourceMgr sm;
  llvm::StringRef text(reinterpret_cast<const char *>(data), size);
  // A copy: the parser may rely on the buffer's terminating NUL.
  unsigned id = sm.AddNewSourceBuffer(llvm::MemoryBuffer::getMemBufferCopy(text, "fuzz.cut"), llvm::SMLoc());
  cutover::diag::Diagnostics diags;
  std::unique_ptr<cutover::ast::File> file = cutover::parse::parseBuffer(sm, id, diags);
  // The contract of parseBuffer: no file exactly when an error was reported.
  if (!file && !diags.hasErrors()) std::abort();
  return 0;
}
