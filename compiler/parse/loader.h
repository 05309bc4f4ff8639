// The loader: reads the main file, every file it `use`s and the implied
// `core` pack into one SourceMgr, and parses each once.
#pragma once

#include "compiler/ast/ast.h"
#include "compiler/diag/diagnostic.h"
#include "compiler/io/untrusted.h"

#include <llvm/ADT/StringRef.h>
#include <llvm/Support/Error.h>
#include <llvm/Support/SourceMgr.h>

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace cutover::parse {

inline constexpr unsigned kMaxUseDepth = 64; // levels of `use` nesting
inline constexpr unsigned kMaxFiles = 1000;  // files in one program

struct LoadOptions {
  // Where `use NAME` looks for NAME.cut; the first directory that holds it wins. The driver puts
  // <bindir>/../policies, $CUTOVER_PATH and --pack-path here, in that order.
  std::vector<std::string> packPath;
  bool allowUseOutside = false; // --allow-use-outside
  // Texts that replace files on disk, by identity (see identity()): the
  // documents an editor holds open (`cutover lsp`). Null: the disk only.
  std::function<std::optional<std::string>(llvm::StringRef identity)> overlay;
  // Threads a large file may parse on (parseBuffer).
  unsigned jobs = 1;
};

// A file's identity: its real path (symlinks resolved), or, for a path that
// does not exist, the absolute path without dots.
std::string identity(llvm::StringRef path);

struct Program {
  llvm::SourceMgr sm; // owns every buffer
  std::vector<std::unique_ptr<ast::File>>
      files; // the main file first, then every file it pulls in (packs included, `core` always), each once
  // The main file; null when it did not parse (files then holds nothing else).
  const ast::File *main() const;
};

// Loads `input.path` ("-" = stdin), read under io::readFile's policy in
// `input.tree`, and everything it `use`s plus the implied `core` pack.
// Returns an llvm::Error only when the main file itself cannot be read (the driver exits 2 with that message);
// everything else (syntax errors, a bad `use`, a file past io::kMaxFileBytes) is a finding in `diags`. Files
// that do not parse are reported (E-SYNTAX, E-LIMIT) and left out of Program::files.
llvm::Expected<std::unique_ptr<Program>> loadProgram(const io::Input &input, const LoadOptions &opts,
                                                     diag::Diagnostics &diags);
// A file named explicitly: its tree is io::treeOf(path).
llvm::Expected<std::unique_ptr<Program>> loadProgram(llvm::StringRef path, const LoadOptions &opts,
                                                     diag::Diagnostics &diags);

// The names of the packs found on the search path (for "did you mean" and `cutover policies`), sorted.
std::vector<std::string> availablePacks(const LoadOptions &opts);

// The file of pack `name` on the search path, if there is one.
std::optional<std::string> findPack(llvm::StringRef name, const LoadOptions &opts);

} // namespace cutover::parse
