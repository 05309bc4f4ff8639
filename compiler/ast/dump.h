// `cutover compile --emit ast`: the syntax tree of one file as the parser
// built it, one node per line, so that lit tests can check what the parser
// made of a file (docs/cli.md#intermediate-results). A format for tests, not
// for tools: it changes whenever the tree does.
#pragma once

#include "compiler/ast/ast.h"

#include <llvm/Support/SourceMgr.h>
#include <llvm/Support/raw_ostream.h>

namespace cutover::ast {

// Each node on its own line, indented two spaces per level under its parent,
// ending with its position `LINE:COLUMN` (1-based, byte columns as in
// diagnostics) in `file`'s buffer of `sm`; expressions as one fully
// parenthesised prefix form per clause, e.g. `(and (> (path p.users) (int 0)) (paren ...))`.
void dumpFile(const File &file, const llvm::SourceMgr &sm, llvm::raw_ostream &os);

// The keyword of a step verb (`deploy`, `decommission`, ...).
llvm::StringRef verbKeyword(Verb verb);

} // namespace cutover::ast
