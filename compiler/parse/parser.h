// The parser: one buffer of a SourceMgr in, one ast::File out.
#pragma once

#include "compiler/ast/ast.h"
#include "compiler/diag/diagnostic.h"

#include <llvm/Support/SourceMgr.h>

#include <memory>

namespace cutover::parse {

// Parentheses, lists, `not` chains, quantifiers and calls nest at most this
// deep (the grammar is recursive; the limit keeps the stack bounded).
inline constexpr unsigned kMaxNestingDepth = 256;

// Parses buffer `bufferId` of `sm`. Syntax errors go to `diags` (E-SYNTAX at the exact
// position, or E-LIMIT past the nesting limit); returns nullptr when the file does not parse.
// Only the first error of a file is reported.
std::unique_ptr<ast::File> parseBuffer(llvm::SourceMgr &sm, unsigned bufferId, diag::Diagnostics &diags);

} // namespace cutover::parse
