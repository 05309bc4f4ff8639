// Compiles .cut source text held in memory, for the policy and eval unit tests.
#pragma once

#include "compiler/parse/loader.h"
#include "compiler/parse/parser.h"
#include "compiler/policy/policy.h"
#include "compiler/sema/analyze.h"

#include <fmt/format.h>
#include <gtest/gtest.h>
#include <llvm/Support/MemoryBuffer.h>

#include <memory>
#include <string>
#include <vector>

namespace cutover::fixture {

inline ::testing::AssertionResult contains(const std::string &text, const std::string &part) {
  if (text.find(part) != std::string::npos) return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure() << "'" << text << "' does not contain '" << part << "'";
}

struct Compiled {
  parse::Program program;
  diag::Diagnostics diags;
  std::unique_ptr<sema::Model> model;
  policy::PolicySet policies;

  // "ID line:col message" per finding, in report order.
  std::vector<std::string> findings() const {
    std::vector<std::string> out;
    for (const diag::Finding &f : diags.findings()) out.push_back(render(f));
    return out;
  }
  std::string render(const diag::Finding &f) const {
    if (!f.range.isValid()) return fmt::format("{} {}", f.id, f.message);
    auto [line, col] = program.sm.getLineAndColumn(f.range.Start);
    return fmt::format("{} {}:{} {}", f.id, line, col, f.message);
  }
  unsigned line(llvm::SMRange range) const { return program.sm.getLineAndColumn(range.Start).first; }
};

// Parses `source` as test.cut (plus the core pack when `withCore`), analyzes
// it and compiles its policies.
inline std::unique_ptr<Compiled> compileSource(const std::string &source, bool withCore = false) {
  auto c = std::make_unique<Compiled>();
  auto addFile = [&](std::unique_ptr<llvm::MemoryBuffer> buffer, const std::string &path, const std::string &pack) {
    unsigned id = c->program.sm.AddNewSourceBuffer(std::move(buffer), llvm::SMLoc());
    std::unique_ptr<ast::File> file = parse::parseBuffer(c->program.sm, id, c->diags);
    if (!file) return;
    file->path = path;
    file->pack = pack;
    c->program.files.push_back(std::move(file));
  };
  addFile(llvm::MemoryBuffer::getMemBufferCopy(source, "test.cut"), "test.cut", "");
  if (withCore) {
    auto core = llvm::MemoryBuffer::getFile(CUTOVER_SOURCE_DIR "/policies/core.cut");
    if (core) addFile(std::move(*core), "core.cut", "core");
  }
  std::vector<const ast::File *> files;
  for (const auto &f : c->program.files) files.push_back(f.get());
  c->model = sema::analyzeFiles(files, c->diags);
  c->policies = policy::compilePolicies(c->program, *c->model, c->diags);
  return c;
}

} // namespace cutover::fixture
