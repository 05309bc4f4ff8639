#include "compiler/format/text.h"

#include "compiler/ast/literal.h"

namespace cutover::format::detail {

using namespace cutover::ast;

template <typename T, typename ToText>
std::string joinWith(const std::vector<T> &items, llvm::StringRef separator, ToText toText) {
  std::string out;
  for (const T &item : items) {
    if (!out.empty()) out += separator;
    out += toText(item);
  }
  return out;
}

std::string identList(const std::vector<Ident> &ids) {
  return joinWith(ids, ", ", [](const Ident &id) { return id.name; });
}

std::string valueText(const Value &v) {
  switch (v.kind) {
  case Value::Kind::Int:
  case Value::Kind::Version: return v.text; // as written: see docs/formatter.md
  case Value::Kind::String: return quoteString(v.text);
  case Value::Kind::Bool: return v.boolean ? "true" : "false";
  case Value::Kind::Ident: return v.text;
  case Value::Kind::List: return "[" + joinWith(v.items, ", ", valueText) + "]";
  case Value::Kind::None: return "none";
  }
  return {};
}

std::string attrText(const Attr &a) { return a.key.name + " " + valueText(a.value); }

// `{ a 1, b 2 }`; empty when the braces were omitted.
std::string attrListText(const AttrList &attrs) {
  if (!attrs.present) return {};
  if (attrs.attrs.empty()) return "{}";
  return "{ " + joinWith(attrs.attrs, ", ", attrText) + " }";
}

llvm::StringRef cmpOpText(CmpOp op) {
  switch (op) {
  case CmpOp::Eq: return "==";
  case CmpOp::Ne: return "!=";
  case CmpOp::Le: return "<=";
  case CmpOp::Ge: return ">=";
  case CmpOp::Lt: return "<";
  case CmpOp::Gt: return ">";
  case CmpOp::In: return "in";
  }
  return {};
}

std::string binderText(const Binder &b) {
  return b.var.name + ": " + joinWith(b.kinds, " | ", [](const Ident &k) { return k.name; });
}

std::string bindersText(const std::vector<Binder> &binders) { return joinWith(binders, ", ", binderText); }

std::string argsText(const Expr &e, llvm::StringRef separator) {
  return joinWith(e.args, separator, [](const ExprPtr &arg) { return exprText(*arg); });
}

std::string whereText(const ExprPtr &where) { return where ? " where " + exprText(*where) : ""; }
// The `when` of a message or hint variant, followed by the space before its text.
std::string conditionText(const ExprPtr &when) { return when ? "when " + exprText(*when) + " " : ""; }

// The AST keeps the user's parentheses (Kind::Paren) and nothing else needs
// them, so printing the tree as is never changes precedence.
std::string exprText(const Expr &e) {
  switch (e.kind) {
  case Expr::Kind::Literal: return valueText(e.literal);
  case Expr::Kind::Path: return joinWith(e.path, ".", [](const Ident &id) { return id.name; });
  case Expr::Kind::Call: return e.callee.name + "(" + argsText(e, ", ") + ")";
  case Expr::Kind::List: return "[" + argsText(e, ", ") + "]";
  case Expr::Kind::Not: return "not " + exprText(*e.args.at(0));
  case Expr::Kind::And: return argsText(e, " and ");
  case Expr::Kind::Or: return argsText(e, " or ");
  case Expr::Kind::Cmp: return exprText(*e.args.at(0)) + " " + cmpOpText(e.op).str() + " " + exprText(*e.args.at(1));
  case Expr::Kind::Exists: return "exists " + bindersText(e.binders) + whereText(e.where);
  case Expr::Kind::No: return "no " + bindersText(e.binders) + whereText(e.where);
  case Expr::Kind::Count: return "count(" + bindersText(e.binders) + whereText(e.where) + ")";
  case Expr::Kind::Paren: return "(" + exprText(*e.args.at(0)) + ")";
  }
  return {};
}

// One operand of a step as written.
std::string operandText(const Step &s, Operand operand) {
  switch (operand) {
  case Operand::Role: return s.role.name;
  case Operand::Service: return s.service.name;
  case Operand::Tag:
  case Operand::Subject:
  case Operand::From:
  case Operand::Data: return s.subjects.at(0).name;
  case Operand::Subjects: return identList(s.subjects);
  case Operand::To: return s.target.name;
  case Operand::Count: return s.moveAll ? "all" : s.count.text;
  case Operand::Location:
  case Operand::Note: return quoteString(s.text.value);
  case Operand::Attrs: return attrListText(s.attrs);
  }
  return {};
}

// The step in its verb's syntax (verbs.def); an omitted attribute list takes
// its space with it.
std::string stepText(const Step &s) {
  std::string text;
  forEachPiece(s.verb, [&](const Piece &piece) {
    const std::string word = piece.operand ? operandText(s, *piece.operand) : std::string(piece.literal);
    if (word.empty()) return;
    if (!text.empty()) text += ' ';
    text += word;
  });
  return text;
}

std::string clauseText(const Clause &c) {
  switch (c.kind) {
  case Clause::Kind::When: return "when " + exprText(*c.expr);
  case Clause::Kind::For: return "for " + bindersText(c.binders) + whereText(c.expr);
  case Clause::Kind::On: return "on " + c.verb.name + " " + c.var.name + whereText(c.expr);
  case Clause::Kind::Require: return "require " + exprText(*c.expr);
  case Clause::Kind::Message: return "message " + conditionText(c.expr) + quoteString(c.text.value);
  case Clause::Kind::Hint: return "hint " + conditionText(c.expr) + quoteString(c.text.value);
  case Clause::Kind::Source: return "source " + quoteString(c.text.value);
  }
  return {};
}

} // namespace cutover::format::detail
