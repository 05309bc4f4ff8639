// Shared by the parser tests: parse a string held in its own SourceMgr.
#pragma once

#include "compiler/parse/parser.h"

#include <llvm/Support/MemoryBuffer.h>

#include <memory>
#include <string>
#include <utility>

namespace cutover::fixture {

struct Parsed {
  llvm::SourceMgr sm;
  diag::Diagnostics diags;
  std::unique_ptr<ast::File> file;

  std::pair<unsigned, unsigned> lineCol(llvm::SMLoc loc) const { return sm.getLineAndColumn(loc); }
  std::string text(llvm::SMRange r) const { return std::string(r.Start.getPointer(), r.End.getPointer()); }
  // "line:col: ID: message" of the only finding, or "" when there is none.
  std::string error() const {
    if (diags.findings().empty()) return "";
    const diag::Finding &f = diags.findings().front();
    auto [line, col] = lineCol(f.range.Start);
    return std::to_string(line) + ":" + std::to_string(col) + ": " + f.id + ": " + f.message;
  }
};

inline std::unique_ptr<Parsed> parseText(std::string_view text) {
  auto parsed = std::make_unique<Parsed>();
  unsigned id = parsed->sm.AddNewSourceBuffer(
      llvm::MemoryBuffer::getMemBufferCopy(llvm::StringRef(text.data(), text.size()), "test.cut"), llvm::SMLoc());
  parsed->file = parse::parseBuffer(parsed->sm, id, parsed->diags);
  return parsed;
}

// tests/cases/syntax/pilot_plan.cut, a plan that uses most of the syntax; "" when it cannot be read.
inline std::string pilotPlan() {
  auto buffer = llvm::MemoryBuffer::getFile(CUTOVER_SOURCE_DIR "/tests/cases/syntax/pilot_plan.cut");
  return buffer ? (*buffer)->getBuffer().str() : "";
}

} // namespace cutover::fixture
