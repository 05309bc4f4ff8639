// A resolved step read by the operands of its verb's syntax
// (compiler/ast/verbs.def): which entity each names, where it is written,
// and the step as text.
#pragma once

#include "compiler/sema/model.h"

#include <string>

namespace cutover::sema {

// The component, data set or symbol an operand of `step` names; kNoId for
// $count, $location, $note and $attrs.
uint32_t operandEntity(const Step &step, ast::Operand operand);
// Where that operand is written; the whole step for $count, $location,
// $note and $attrs.
ast::SMRange operandRange(const Step &step, ast::Operand operand);

enum class StepText {
  Short, // without $location, $note, $attrs and the words that lead to them: `backup arch_history`
  Line,  // without $attrs: `backup arch_history to "\\fs01\a"`
};

// `move 50 users from fe2010 to pool13`, with the names the model resolved;
// a name the model does not hold (a program with compile errors) is "?".
std::string describeStep(const Model &model, const Step &step, StepText form);

} // namespace cutover::sema
