// The one-line text of the AST's pieces (values, expressions, steps,
// clauses) that the formatter (formatter.cpp) lays out.
#pragma once

#include "compiler/ast/ast.h"

#include <llvm/ADT/StringRef.h>

#include <string>
#include <vector>

namespace cutover::format::detail {

std::string identList(const std::vector<ast::Ident> &ids);
std::string attrText(const ast::Attr &a);
llvm::StringRef cmpOpText(ast::CmpOp op);
std::string bindersText(const std::vector<ast::Binder> &binders);
std::string exprText(const ast::Expr &e);
// The step in its verb's syntax (verbs.def).
std::string stepText(const ast::Step &s);
std::string clauseText(const ast::Clause &c);

} // namespace cutover::format::detail
