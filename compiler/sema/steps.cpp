#include "compiler/sema/steps.h"

#include "compiler/ast/literal.h"

#include <optional>
#include <vector>

namespace cutover::sema {

uint32_t operandEntity(const Step &step, ast::Operand operand) {
  switch (operand) {
  case ast::Operand::Role:
  case ast::Operand::Service:
  case ast::Operand::Tag: return step.symbol;
  case ast::Operand::Subject:
  case ast::Operand::Subjects:
  case ast::Operand::From:
  case ast::Operand::Data: return step.subject;
  case ast::Operand::To: return step.target;
  case ast::Operand::Count:
  case ast::Operand::Location:
  case ast::Operand::Note:
  case ast::Operand::Attrs: return kNoId;
  }
  return kNoId;
}

ast::SMRange operandRange(const Step &step, ast::Operand operand) {
  switch (operand) {
  case ast::Operand::Role:
  case ast::Operand::Service:
  case ast::Operand::Tag: return step.symbolRange;
  case ast::Operand::Subject:
  case ast::Operand::Subjects:
  case ast::Operand::From:
  case ast::Operand::Data: return step.subjectRange;
  case ast::Operand::To: return step.targetRange;
  case ast::Operand::Count:
  case ast::Operand::Location:
  case ast::Operand::Note:
  case ast::Operand::Attrs: return step.range;
  }
  return step.range;
}

std::string describeStep(const Model &model, const Step &step, StepText form) {
  auto name = [](const auto &table, uint32_t id) -> std::string { return id < table.size() ? table[id].name : "?"; };
  auto symbol = [&](SymbolId id) -> std::string { return id < model.symbols.size() ? model.symbols.name(id) : "?"; };
  // What an operand prints as; nothing when the form leaves it out.
  auto text = [&](ast::Operand operand) -> std::optional<std::string> {
    switch (operand) {
    case ast::Operand::Role:
    case ast::Operand::Service:
    case ast::Operand::Tag: return symbol(step.symbol);
    case ast::Operand::Subject:
    case ast::Operand::Subjects:
    case ast::Operand::From: return name(model.components, step.subject);
    case ast::Operand::To: return name(model.components, step.target);
    case ast::Operand::Data: return name(model.data, step.subject);
    case ast::Operand::Count: return step.moveAll ? std::string("all") : std::to_string(step.count);
    case ast::Operand::Location:
    case ast::Operand::Note:
      if (form == StepText::Short) return std::nullopt;
      return ast::quoteString(step.text);
    case ast::Operand::Attrs: return std::nullopt;
    }
    return std::nullopt;
  };
  std::string out;
  std::vector<std::string_view> words; // literal words waiting for the operand they lead to
  auto append = [&](std::string_view word) {
    if (!out.empty()) out += ' ';
    out += word;
  };
  ast::forEachPiece(step.verb, [&](const ast::Piece &piece) {
    if (!piece.operand) {
      words.push_back(piece.literal);
      return;
    }
    std::optional<std::string> shown = text(*piece.operand);
    if (shown) {
      for (std::string_view word : words) append(word);
      append(*shown);
    }
    words.clear();
  });
  for (std::string_view word : words) append(word);
  return out;
}

} // namespace cutover::sema
