// A unified line diff for `cutover fmt --diff` (LLVM Support has none).
#pragma once

#include <llvm/ADT/StringRef.h>

#include <string>

namespace cutover::driver {

// `diff -u` style text turning `before` into `after`, with 3 lines of
// context and `---`/`+++` headers naming the two sides; empty when the texts
// are equal. Uses a longest-common-subsequence table over the lines that
// differ, which is fine for source files of a few thousand lines.
std::string unifiedDiff(llvm::StringRef before, llvm::StringRef after, llvm::StringRef beforeName,
                        llvm::StringRef afterName);

} // namespace cutover::driver
