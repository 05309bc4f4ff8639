#include "compiler/policy/policy_compiler.h"

namespace cutover::policy::detail {

// `{var}`, `{var.attr.attr}`, `{step.operand}`; `{{` and `}}` are literal braces,
// and so is a `}` that closes nothing.
std::vector<TemplatePart> PolicyCompiler::compileTemplate(const ast::StringLit &text) {
  std::vector<TemplatePart> parts;
  const std::string &s = text.value;
  std::string literal;
  auto flushLiteral = [&] {
    if (literal.empty()) return;
    TemplatePart part;
    part.text = std::move(literal);
    parts.push_back(std::move(part));
    literal.clear();
  };
  size_t i = 0;
  while (i < s.size()) {
    if (s.compare(i, 2, "{{") == 0 || s.compare(i, 2, "}}") == 0) {
      literal += s[i];
      i += 2;
      continue;
    }
    size_t close = s[i] == '{' ? s.find('}', i) : std::string::npos;
    if (close == std::string::npos) {
      literal += s[i++];
      continue;
    }
    llvm::SmallVector<llvm::StringRef, 4> words;
    llvm::StringRef(s).slice(i + 1, close).split(words, '.');
    TemplatePart part;
    size_t attrStart = 1;
    if (const Var *var = lookupVar(words[0])) {
      part.slot = var->slot;
    } else if (words[0] == "step" && stepInScope() && words.size() >= 2) {
      const OperandInfo *info = operandNamed(words[1]);
      if (info && verbHasOperand(*guardVerb_, info->operand)) part.operand = info->operand;
      attrStart = 2;
    }
    if (!part.slot && !part.operand) {
      std::vector<std::string> candidates;
      for (const Var &v : scope_) candidates.push_back(v.name);
      unknown(text.range, words[0], diag::each(candidates), diag::msg::NotAVariable, words[0]);
      return {};
    }
    for (size_t p = attrStart; p < words.size(); ++p)
      part.path.push_back(model_.symbols.lookup(words[p]).value_or(sema::kNoId));
    flushLiteral();
    parts.push_back(std::move(part));
    i = close + 1;
  }
  flushLiteral();
  return parts;
}

} // namespace cutover::policy::detail
