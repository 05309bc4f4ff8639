// Reading files that someone else controls: the one policy every reader of
// plans follows (the loader for checked files and `use`, `fmt`, the
// expansion of directories; docs/security.md). A pull request decides the
// files, their names, their links and the layout, so:
//   - only regular files are read: a FIFO, device or socket is refused
//     without blocking (opened with O_NONBLOCK | O_NOCTTY);
//   - the size is checked on the opened descriptor before reading, and the
//     read itself stops past the limit (a file that grows while read);
//   - a path is read only when its real path (symlinks resolved) is inside
//     its tree: the directory given on the command line, or, for a file
//     named explicitly, its repository (see treeOf);
//   - a directory walk visits each directory once (by device and inode), so
//     symlink loops end, and never descends through a link out of its tree.
#pragma once

#include <llvm/ADT/StringRef.h>
#include <llvm/Support/Error.h>
#include <llvm/Support/MemoryBuffer.h>

#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace cutover::io {

inline constexpr uint64_t kMaxFileBytes = 64u << 20; // larger files are E-LIMIT

// Why a path was not read.
class ReadError : public llvm::ErrorInfo<ReadError> {
public:
  enum class Kind {
    System,     // the system refused (missing, permission, a symlink loop): `reason` is its message
    NotRegular, // a directory, FIFO, device or socket
    TooLarge,   // larger than the limit, or grew past it while read
    Outside,    // its real path leaves the tree
  };
  static char ID;

  ReadError(Kind kind, std::string reason, std::error_code ec = {})
      : kind_(kind), reason_(std::move(reason)), ec_(ec) {}
  Kind kind() const { return kind_; }
  // Without the path: "No such file or directory", "is a FIFO, not a regular file".
  const std::string &reason() const { return reason_; }
  void log(llvm::raw_ostream &os) const override { os << reason_; }
  std::error_code convertToErrorCode() const override {
    return ec_ ? ec_ : std::make_error_code(std::errc::invalid_argument);
  }

private:
  Kind kind_;
  std::string reason_;
  std::error_code ec_;
};

// The real path of the tree that an explicitly named `path` may reach: the
// nearest ancestor of its directory, taken as written (symlinks not
// resolved), that holds `.git`; without one, its directory. Empty for "-".
std::string treeOf(llvm::StringRef path);

// Whether the real path `real` is `root` or below it.
bool isInside(llvm::StringRef real, llvm::StringRef root);

struct File {
  std::unique_ptr<llvm::MemoryBuffer> buffer; // named as `path` was given
  std::string realPath;
  uint64_t links = 1; // hard links to the file (fmt refuses to replace a shared inode)
};

// Reads `path` under the policy above. `tree` empty: anywhere (trusted paths:
// the packs' directories, `use` with --allow-use-outside). "-" is stdin,
// bounded the same way.
llvm::Expected<File> readFile(llvm::StringRef path, llvm::StringRef tree, uint64_t maxBytes = kMaxFileBytes);

// A file to check: its path as found, the tree it must stay in, or why it
// cannot be checked at all (a symlink out of a walked directory).
struct Input {
  std::string path;
  std::string tree;
  std::string error;
  // Set: the file's text, read already under this policy by another reader
  // (`cutover diff` reads a git revision's blob); `path` only names it.
  std::optional<std::string> text = std::nullopt;
};

// The inputs that command-line arguments name: "-" and files as they are
// (each in the tree treeOf gives), every `*.cut` file below a directory (in
// sorted path order, in the tree of that directory). A symlink out of the
// walked directory is an input with an error when it looks like a plan
// (`*.cut`), and is skipped with a note in `skipped` when it is a
// directory. An argument that is a directory whose real path leaves its own
// repository, or that cannot be listed, is an llvm::Error.
llvm::Error expandInputs(const std::vector<std::string> &args, std::vector<Input> &inputs,
                         std::vector<std::string> &skipped);

} // namespace cutover::io
