// Calendar dates as the language writes them: `until "2027-01-31"`, and
// `--today` on the command line.
#pragma once

#include <llvm/ADT/StringRef.h>

namespace cutover::sema {

// "YYYY-MM-DD" naming a day that exists (2026-02-29 does not).
bool isDate(llvm::StringRef text);

} // namespace cutover::sema
