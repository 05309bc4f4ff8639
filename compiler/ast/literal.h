// How values are spelled in a .cut file, for every tool that prints source
// text back (the formatter, the compiled graph's pictures).
#pragma once

#include <llvm/ADT/StringRef.h>

#include <string>

namespace cutover::ast {

// `value` as a string literal: quoted, with `\" \\ \n \t` escaped.
std::string quoteString(llvm::StringRef value);

} // namespace cutover::ast
