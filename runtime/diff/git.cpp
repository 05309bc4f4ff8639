#include "runtime/diff/git.h"

#include <llvm/ADT/SmallString.h>
#include <llvm/ADT/StringExtras.h>
#include <llvm/Support/FileSystem.h>
#include <llvm/Support/FileUtilities.h>
#include <llvm/Support/Path.h>
#include <llvm/Support/Program.h>

namespace cutover::diff {
namespace {

llvm::Error failure(const llvm::Twine &message) {
  return llvm::createStringError(std::make_error_code(std::errc::invalid_argument), message);
}

struct GitOutput {
  int status = 0;
  std::string out, err;
};

// The contents of a temporary file that git wrote, read under the untrusted
// policy (bounded by `maxBytes`).
llvm::Expected<std::string> readOutput(llvm::StringRef path, uint64_t maxBytes) {
  llvm::Expected<io::File> file = io::readFile(path, "", maxBytes);
  if (!file) return file.takeError();
  return file->buffer->getBuffer().str();
}

// Runs git with `args`, each passed to it as it is (no shell), stdin empty,
// stdout and stderr into temporary files.
llvm::Expected<GitOutput> runGit(llvm::ArrayRef<std::string> args, uint64_t maxOut) {
  llvm::ErrorOr<std::string> git = llvm::sys::findProgramByName("git");
  if (!git) return failure("git is not installed (needed to read a file at a revision)");
  llvm::SmallString<128> outPath, errPath;
  if (std::error_code ec = llvm::sys::fs::createTemporaryFile("cutover-git", "out", outPath))
    return failure("cannot create a temporary file: " + ec.message());
  llvm::FileRemover removeOut(outPath);
  if (std::error_code ec = llvm::sys::fs::createTemporaryFile("cutover-git", "err", errPath))
    return failure("cannot create a temporary file: " + ec.message());
  llvm::FileRemover removeErr(errPath);

  std::vector<llvm::StringRef> argv{*git};
  argv.insert(argv.end(), args.begin(), args.end());
  llvm::Optional<llvm::StringRef> redirects[] = {llvm::StringRef(""), llvm::StringRef(outPath),
                                                 llvm::StringRef(errPath)};
  std::string message;
  bool failed = false;
  GitOutput result;
  result.status = llvm::sys::ExecuteAndWait(*git, argv, llvm::None, redirects, 0, 0, &message, &failed);
  if (failed || result.status < 0) return failure("cannot run git: " + message);
  llvm::Expected<std::string> out = readOutput(outPath, maxOut);
  if (!out) return out.takeError();
  result.out = std::move(*out);
  llvm::Expected<std::string> err = readOutput(errPath, 1 << 20);
  if (err)
    result.err = std::move(*err);
  else
    llvm::consumeError(err.takeError());
  return result;
}

// What git said on its first line, for our message.
std::string gitSaid(const GitOutput &run) {
  llvm::StringRef line = llvm::StringRef(run.err).split('\n').first.trim();
  line.consume_front("fatal: ");
  return line.empty() ? "git exited with status " + std::to_string(run.status) : line.str();
}

llvm::Expected<std::string> gitLine(llvm::ArrayRef<std::string> args) {
  llvm::Expected<GitOutput> run = runGit(args, 1 << 20);
  if (!run) return run.takeError();
  if (run->status != 0) return failure(gitSaid(*run));
  return llvm::StringRef(run->out).trim().str();
}

llvm::Error checkRevision(llvm::StringRef rev) {
  if (rev.empty()) return failure("a revision is empty (write REV:PATH)");
  if (rev.startswith("-")) return failure("revision '" + rev + "' looks like an option; refused");
  llvm::Expected<GitOutput> run = runGit({"rev-parse", "--verify", "--quiet", rev.str() + "^{tree}"}, 1 << 20);
  if (!run) return run.takeError();
  if (run->status == 0) return llvm::Error::success();
  return failure("unknown revision '" + rev + "'" + (run->err.empty() ? "" : ": " + gitSaid(*run)));
}

// `path` from the top of the repository: itself, or joined to the current
// directory's place in it when it starts with ./ or ../; never outside.
llvm::Expected<std::string> fromTop(llvm::StringRef path, bool relativeToHere) {
  if (path.empty()) return failure("a path is empty (write REV:PATH)");
  if (llvm::sys::path::is_absolute(path)) {
    // An absolute path: relative to the top of the work tree.
    llvm::Expected<std::string> top = gitLine({"rev-parse", "--show-toplevel"});
    if (!top) return top.takeError();
    llvm::SmallString<256> real, topReal;
    if (llvm::sys::fs::real_path(*top, topReal)) return failure("cannot resolve the repository's top directory");
    llvm::SmallString<256> dir(llvm::sys::path::parent_path(path));
    if (llvm::sys::fs::real_path(dir, real) || !io::isInside(real, topReal))
      return failure("'" + path + "' is outside the repository");
    llvm::sys::path::append(real, llvm::sys::path::filename(path));
    return llvm::StringRef(real).drop_front(topReal.size()).ltrim('/').str();
  }
  llvm::SmallString<256> joined;
  if (relativeToHere || path.startswith("./") || path.startswith("../")) {
    llvm::Expected<std::string> prefix = gitLine({"rev-parse", "--show-prefix"});
    if (!prefix) return prefix.takeError();
    joined = *prefix;
  }
  llvm::sys::path::append(joined, llvm::sys::path::Style::posix, path);
  llvm::sys::path::remove_dots(joined, /*remove_dot_dot=*/true, llvm::sys::path::Style::posix);
  if (joined.empty() || joined.startswith("..")) return failure("'" + path + "' is outside the repository");
  return joined.str().str();
}

// The blob at `rev`:`path` (from the top) as an input named `shown`; absent:
// an error, or an empty program when `absentIsEmpty`.
llvm::Expected<io::Input> readBlob(llvm::StringRef rev, llvm::StringRef path, std::string shown, bool absentIsEmpty) {
  // The entry, to know what it is before reading it: literal pathspecs, so
  // that a name like `:(glob)*` is a name.
  llvm::Expected<GitOutput> entry =
      runGit({"--literal-pathspecs", "ls-tree", "-z", "--full-tree", rev.str(), "--", path.str()}, 1 << 20);
  if (!entry) return entry.takeError();
  if (entry->status != 0) return failure(shown + ": " + gitSaid(*entry));
  // "<mode> <type> <object>\t<path>\0", for the path itself.
  llvm::StringRef listing = entry->out, line;
  std::string object, mode;
  while (!listing.empty()) {
    std::tie(line, listing) = listing.split('\0');
    auto [meta, name] = line.split('\t');
    if (name != path) continue;
    llvm::SmallVector<llvm::StringRef, 3> fields;
    meta.split(fields, ' ');
    if (fields.size() == 3) {
      mode = fields[0].str();
      object = fields[2].str();
    }
  }
  if (object.empty()) {
    if (absentIsEmpty) return io::Input{std::move(shown), "", "", std::string()};
    return failure(shown + ": no such file at that revision");
  }
  if (mode == "040000") return failure(shown + ": is a directory, not a regular file");
  if (mode == "120000") return failure(shown + ": is a symbolic link, not a regular file");
  if (mode != "100644" && mode != "100755") return failure(shown + ": is not a regular file (mode " + mode + ")");

  llvm::Expected<std::string> size = gitLine({"cat-file", "-s", object});
  if (!size) return size.takeError();
  uint64_t bytes = 0;
  if (llvm::StringRef(*size).getAsInteger(10, bytes) || bytes > io::kMaxFileBytes)
    return failure(shown + ": is larger than " + std::to_string(io::kMaxFileBytes >> 20) + " MiB");
  // The object by its id: the one whose size was checked.
  llvm::Expected<GitOutput> shownBlob = runGit({"show", "--no-textconv", object, "--"}, io::kMaxFileBytes);
  if (!shownBlob) return llvm::joinErrors(failure(shown + ":"), shownBlob.takeError());
  if (shownBlob->status != 0) return failure(shown + ": " + gitSaid(*shownBlob));
  return io::Input{std::move(shown), "", "", std::move(shownBlob->out)};
}

} // namespace

llvm::Expected<io::Input> versionOf(llvm::StringRef arg) {
  if (arg == "-" || llvm::sys::fs::exists(arg)) return io::Input{arg.str(), io::treeOf(arg), ""};
  auto [rev, path] = arg.split(':');
  if (!arg.contains(':')) return failure("'" + arg + "': no such file (a version is a file or REV:PATH)");
  if (llvm::Error e = checkRevision(rev)) return e;
  llvm::Expected<std::string> top = fromTop(path, /*relativeToHere=*/false);
  if (!top) return top.takeError();
  return readBlob(rev, *top, arg.str(), /*absentIsEmpty=*/false);
}

llvm::Expected<io::Input> versionAt(llvm::StringRef rev, llvm::StringRef path) {
  if (llvm::Error e = checkRevision(rev)) return e;
  llvm::Expected<std::string> top = fromTop(path, /*relativeToHere=*/true);
  if (!top) return top.takeError();
  return readBlob(rev, *top, (rev + ":" + *top).str(), /*absentIsEmpty=*/true);
}

} // namespace cutover::diff
