// What `cutover explain ID` prints for a compiler finding kind, in the
// project's own words: the rule, a plan that violates it and the same plan
// fixed. tests/lit/driver/explain-examples.test runs both plans of every kind
// through `cutover check`, so an example cannot drift from what the tool does.
#pragma once

#include "compiler/diag/diagnostic.h"

namespace cutover::diag {

struct Explanation {
  llvm::StringRef rule;    // prose, lines of at most 80 columns
  llvm::StringRef failing; // a complete .cut file that triggers the kind
  llvm::StringRef fixed;   // the same file, fixed: the kind is silent
  llvm::StringRef options; // what `cutover check` needs to show it ("" for nothing)
};

// Every kind has one: a kind added to findings.def without it is a -Wswitch
// warning here and a failing test in tests/unit/diag.
const Explanation &explanation(Kind kind);

} // namespace cutover::diag
