// `cutover fmt`: prints a parsed .cut file in its one canonical layout.
// The rules are documented in docs/formatter.md.
#pragma once

#include "compiler/ast/ast.h"

#include <llvm/ADT/StringRef.h>
#include <llvm/Support/SourceMgr.h>

#include <string>

namespace cutover::format {

// The canonical text of `file`, whose ranges point into a buffer of `sm`.
// Every comment of `file.comments` is kept. The result ends with one newline
// (or is empty for a file with neither items nor comments).
std::string formatFile(const ast::File &file, const llvm::SourceMgr &sm);

} // namespace cutover::format
