// compiler/ast/verbs.def against what is written by hand: the grammar (each
// row parses as its syntax says, `on KEYWORD x` names it, the grammar has no
// step the table lacks) and the docs' tables of steps.
#include "compiler/ast/verbs.h"
#include "grammar/cut.hpp"
#include "tests/unit/support/parse_helpers.h"

#include <gtest/gtest.h>
#include <llvm/ADT/StringExtras.h>
#include <llvm/Support/MemoryBuffer.h>

#include <string>
#include <vector>

namespace cutover::ast {
namespace {

// A sample of each operand, as the source text writes it.
std::string sample(Operand operand) {
  switch (operand) {
  case Operand::Role: return "front_end";
  case Operand::Service: return "archiving";
  case Operand::Tag: return "vendor_integration";
  case Operand::Subject: return "pool13";
  case Operand::Subjects: return "pool13, fe2010";
  case Operand::From: return "fe2010";
  case Operand::To: return "pool13";
  case Operand::Data: return "arch_history";
  case Operand::Count: return "50";
  case Operand::Location: return "\"loc\"";
  case Operand::Note: return "\"signed off\"";
  case Operand::Attrs: return "{ version 2013 }";
  }
  return "";
}

// One step of each verb, from its syntax with a sample per operand.
std::string stepText(Verb verb) {
  std::vector<std::string> words;
  forEachPiece(verb, [&](const Piece &p) { words.push_back(p.operand ? sample(*p.operand) : std::string(p.literal)); });
  return llvm::join(words, " ");
}

// Where the parser put the operand (ast::Step), as text.
std::string parsed(const Step &step, Operand operand) {
  switch (operand) {
  case Operand::Role: return step.role.name;
  case Operand::Service: return step.service.name;
  case Operand::Tag:
  case Operand::Subject:
  case Operand::From:
  case Operand::Data: return step.subjects.size() == 1 ? step.subjects[0].name : "";
  case Operand::Subjects: {
    std::vector<std::string> names;
    for (const Ident &i : step.subjects) names.push_back(i.name);
    return llvm::join(names, ", ");
  }
  case Operand::To: return step.target.name;
  case Operand::Count: return step.count.text;
  case Operand::Location:
  case Operand::Note: return "\"" + step.text.value + "\"";
  case Operand::Attrs:
    return step.attrs.attrs.size() == 1
               ? "{ " + step.attrs.attrs[0].key.name + " " + step.attrs.attrs[0].value.text + " }"
               : "";
  }
  return "";
}

TEST(Verbs, EveryRowParsesAsItsSyntaxSays) {
  for (const VerbInfo &v : kVerbs) {
    const std::string step = stepText(v.verb);
    auto p = fixture::parseText("migration m {\n  phase p {\n    " + step + "\n  }\n}\n");
    ASSERT_TRUE(p->file) << step << ": " << p->error();
    const auto &phase = std::get<Migration>(p->file->items.at(0)).phases.at(0);
    ASSERT_EQ(phase.steps.size(), 1u) << step;
    EXPECT_EQ(phase.steps[0].verb, v.verb) << step;
    forEachPiece(v.verb, [&](const Piece &piece) {
      if (piece.operand) {
        EXPECT_EQ(parsed(phase.steps[0], *piece.operand), sample(*piece.operand)) << step;
      }
    });
  }
}

TEST(Verbs, EveryKeywordGuardsItsVerb) {
  for (const VerbInfo &v : kVerbs) {
    const std::string policy = "policy P-1 error \"t\" {\n  on " + std::string(v.keyword) + " x\n  require true\n}\n";
    auto p = fixture::parseText(policy);
    ASSERT_TRUE(p->file) << policy << p->error();
    const Clause &on = std::get<Policy>(p->file->items.at(0)).clauses.at(0);
    EXPECT_EQ(on.kind, Clause::Kind::On);
    EXPECT_EQ(on.guarded, v.verb) << v.keyword;
  }
}

// A grammar rule without a row would parse and build nothing.
TEST(Verbs, TheGrammarHasAStepPerRowAndNoOther) {
  EXPECT_EQ(grammar::step::subs_t::size, kVerbCount);
  EXPECT_EQ(grammar::on_verb::subs_t::size, kVerbCount);
}

TEST(Verbs, KeywordsAreListedInTableOrder) {
  EXPECT_EQ(kKeywordList.view(), "deploy, decommission, move, enable, disable, set, backup, migrate, confirm");
  EXPECT_EQ(verbNamed("migrate"), Verb::Migrate);
  EXPECT_EQ(verbNamed("migrates"), std::nullopt);
}

std::string slurp(const std::string &relative) {
  auto buffer = llvm::MemoryBuffer::getFile(CUTOVER_SOURCE_DIR "/" + relative);
  EXPECT_TRUE(bool(buffer)) << relative;
  return buffer ? (*buffer)->getBuffer().str() : "";
}

// The keywords in the order `prefix KEYWORD` occurs in `text` after `from`, up to `to` (empty: the end).
std::vector<std::string> keywordsIn(const std::string &text, llvm::StringRef from, llvm::StringRef to,
                                    llvm::StringRef prefix) {
  llvm::StringRef rest = llvm::StringRef(text);
  rest = rest.drop_front(std::min(rest.find(from), rest.size()));
  if (!to.empty()) rest = rest.take_front(rest.find(to, from.size()));
  std::vector<std::string> found;
  for (size_t at = rest.find(prefix); at != llvm::StringRef::npos; at = rest.find(prefix, at + 1)) {
    llvm::StringRef word = rest.drop_front(at + prefix.size());
    word = word.take_while([](char c) { return llvm::isAlpha(c); });
    if (verbNamed(word)) found.push_back(word.str());
  }
  return found;
}

TEST(Verbs, TheDocsListEveryVerbInTableOrder) {
  std::vector<std::string> expected;
  for (const VerbInfo &v : kVerbs) expected.emplace_back(v.keyword);
  const std::string semantics = slurp("docs/semantics.md");
  EXPECT_EQ(keywordsIn(semantics, "## What each step does", "\n## ", "\n| `"), expected) << "semantics.md, step table";
  EXPECT_EQ(keywordsIn(semantics, "| step | reads |", "\n\n", "\n| `"), expected) << "semantics.md, conflict table";
  EXPECT_EQ(keywordsIn(slurp("docs/language.md"), "step        =", "\n\n", "\""), expected) << "language.md";
  EXPECT_EQ(keywordsIn(slurp("docs/phase-graph.md"), "| verb | operands |", "\n\n", "\n| `"), expected)
      << "phase-graph.md";
  EXPECT_EQ(keywordsIn(slurp("docs/phase-graph.schema.json"), "\"$defs\"", "", "\"verb\": { \"const\": \""), expected)
      << "phase-graph.schema.json";
}

} // namespace
} // namespace cutover::ast
