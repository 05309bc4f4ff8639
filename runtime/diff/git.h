// The versions `cutover diff` compares: files, or files at a git revision,
// read with `git show` (docs/diff.md). A pull request controls the
// repository, so git is run without a shell, with every argument passed as
// it is, revisions that look like options refused, and the blob read under
// the policy of compiler/io/untrusted.h (regular files only, size bounded;
// docs/security.md).
#pragma once

#include "compiler/io/untrusted.h"

#include <llvm/ADT/StringRef.h>
#include <llvm/Support/Error.h>

namespace cutover::diff {

// One side as written on the command line: an existing file (or "-") is a
// file; otherwise `REV:PATH` names PATH at revision REV (PATH from the top of
// the repository, or from the current directory when it starts with ./ or
// ../, as git reads it).
llvm::Expected<io::Input> versionOf(llvm::StringRef arg);

// PATH (a working-tree path, relative to the current directory) at
// revision `rev`, for `--git-base`. A file absent at `rev` is an empty
// program: everything in the new version is new.
llvm::Expected<io::Input> versionAt(llvm::StringRef rev, llvm::StringRef path);

} // namespace cutover::diff
