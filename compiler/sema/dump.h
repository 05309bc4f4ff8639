// `cutover compile --emit model`: the model semantic analysis built, one
// entity per line, so that lit tests can check name resolution and types
// (docs/cli.md#intermediate-results). A format for tests, not for tools.
#pragma once

#include "compiler/sema/model.h"

#include <llvm/Support/SourceMgr.h>
#include <llvm/Support/raw_ostream.h>

#include <string>

namespace cutover::sema {

// Entities by kind, each kind in ID order (`#ID` on every line that
// introduces one), details indented under their entity; a line that has a
// source position ends with it: `LINE:COLUMN` in the main file (buffer
// `mainBuffer` of `sm`), `FILE:LINE:COLUMN` elsewhere.
void dumpModel(const Model &model, const llvm::SourceMgr &sm, unsigned mainBuffer, llvm::raw_ostream &os);

// A value with its type: `int 4200`, `version 4.0.7577.0`, `string "x"`,
// `symbol archiving`, `component #2 archdb`, `list [symbol a]`, `none`; or
// without the type words (`4200`, `#2 archdb`, `[a]`) where the reader knows it.
std::string valueText(const Model &model, const Value &value, bool withType = true);

// Where `loc` is, as dumpModel writes it ("?" when it is not in `sm`).
std::string positionText(const llvm::SourceMgr &sm, unsigned mainBuffer, llvm::SMLoc loc);

} // namespace cutover::sema
