#include "compiler/fmt/fmt_command.h"

#include "compiler/diag/diagnostic.h"
#include "compiler/diag/print.h"
#include "compiler/fmt/formatter.h"
#include "compiler/fmt/line_diff.h"
#include "compiler/parse/inputs.h"
#include "compiler/parse/parser.h"

#include <llvm/ADT/SmallString.h>
#include <llvm/Support/FileSystem.h>
#include <llvm/Support/MemoryBuffer.h>
#include <llvm/Support/Path.h>
#include <llvm/Support/SourceMgr.h>

#include <algorithm>
#include <optional>

namespace cutover::fmt {
namespace {

enum ExitCode { kOk = 0, kWouldChangeOrSyntax = 1, kIoError = 2 };

constexpr llvm::StringLiteral kStdinName = "<stdin>";

// The canonical text of `buffer`, or nullopt once its syntax errors are printed.
std::optional<std::string> formatBuffer(std::unique_ptr<llvm::MemoryBuffer> buffer, llvm::raw_ostream &err) {
  llvm::SourceMgr sm;
  unsigned bufferId = sm.AddNewSourceBuffer(std::move(buffer), llvm::SMLoc());
  diag::Diagnostics diags;
  std::unique_ptr<ast::File> file = parse::parseBuffer(sm, bufferId, diags);
  if (!file || diags.hasErrors()) {
    for (const diag::Finding &f : diags.findings())
      diag::printFinding(sm, f, sm.getMemoryBuffer(bufferId)->getBufferIdentifier(), err);
    return std::nullopt;
  }
  return formatFile(*file, sm);
}

// Replaces the file at `path` with `text` atomically, keeping its permissions.
std::error_code writeAtomically(const std::string &path, llvm::StringRef text) {
  // Write through a symlink to its target rather than replace the link.
  llvm::SmallString<256> target;
  if (std::error_code ec = llvm::sys::fs::real_path(path, target))
    return ec;
  llvm::sys::fs::file_status status;
  if (std::error_code ec = llvm::sys::fs::status(target, status))
    return ec;
  // The rename below would bypass the file's own write permission: honour it
  // explicitly. A file without any write bit counts as read-only even for root.
  if (!(status.permissions() & llvm::sys::fs::all_write) ||
      llvm::sys::fs::access(target, llvm::sys::fs::AccessMode::Write))
    return std::make_error_code(std::errc::permission_denied);

  llvm::SmallString<256> model = llvm::sys::path::parent_path(target);
  llvm::sys::path::append(model, "." + llvm::sys::path::filename(target) + ".fmt-%%%%%%");
  int fd = -1;
  llvm::SmallString<256> tempPath;
  if (std::error_code ec = llvm::sys::fs::createUniqueFile(model, fd, tempPath))
    return ec;
  std::error_code ec = llvm::sys::fs::setPermissions(fd, status.permissions());
  {
    llvm::raw_fd_ostream os(fd, /*shouldClose=*/true);
    os << text;
    os.close();
    if (!ec && os.has_error())
      ec = os.error();
    os.clear_error(); // reported through `ec`, not by a fatal error in the destructor
  }
  if (!ec)
    ec = llvm::sys::fs::rename(tempPath, target);
  if (ec)
    llvm::sys::fs::remove(tempPath);
  return ec;
}

class FmtRun {
public:
  FmtRun(const FmtOptions &opts, llvm::raw_ostream &out, llvm::raw_ostream &err)
      : opts_(opts), out_(out), err_(err) {}

  void formatStdin() {
    llvm::ErrorOr<std::unique_ptr<llvm::MemoryBuffer>> buffer = llvm::MemoryBuffer::getSTDIN();
    if (!buffer)
      return ioError("cannot read", kStdinName, buffer.getError());
    std::string original = (*buffer)->getBuffer().str();
    std::optional<std::string> formatted = formatBuffer(std::move(*buffer), err_);
    if (!formatted)
      return raise(kWouldChangeOrSyntax);
    if (!opts_.check && !opts_.diff)
      out_ << *formatted;
    else
      report(kStdinName, original, *formatted);
  }

  void formatPath(const std::string &path) {
    std::vector<std::string> files;
    if (llvm::Error error = parse::expandInputs({path}, files))
      return ioError("cannot list", path, llvm::errorToErrorCode(std::move(error)));
    for (const std::string &file : files)
      formatFileInPlace(file);
  }

  int exitCode() const { return exitCode_; }

private:
  void formatFileInPlace(const std::string &path) {
    llvm::ErrorOr<std::unique_ptr<llvm::MemoryBuffer>> buffer =
        llvm::MemoryBuffer::getFile(path, /*IsText=*/false, /*RequiresNullTerminator=*/true);
    if (!buffer)
      return ioError("cannot read", path, buffer.getError());
    std::string original = (*buffer)->getBuffer().str();
    std::optional<std::string> formatted = formatBuffer(std::move(*buffer), err_);
    if (!formatted)
      return raise(kWouldChangeOrSyntax);
    if (*formatted == original)
      return;
    if (opts_.check || opts_.diff)
      return report(path, original, *formatted);
    if (std::error_code ec = writeAtomically(path, *formatted))
      ioError("cannot write", path, ec);
  }

  // --check and --diff: what would change.
  void report(llvm::StringRef name, llvm::StringRef original, llvm::StringRef formatted) {
    if (original == formatted)
      return;
    if (opts_.check)
      out_ << name << "\n";
    if (opts_.diff)
      out_ << unifiedDiff(original, formatted, (name == kStdinName ? name : "a/" + name.str()).str(),
                          (name == kStdinName ? name : "b/" + name.str()).str());
    raise(kWouldChangeOrSyntax);
  }

  void ioError(llvm::StringRef what, llvm::StringRef path, std::error_code ec) {
    err_ << "cutover: error: " << what << " '" << path << "': " << ec.message() << "\n";
    raise(kIoError);
  }

  void raise(ExitCode code) { exitCode_ = std::max<int>(exitCode_, code); }

  const FmtOptions &opts_;
  llvm::raw_ostream &out_;
  llvm::raw_ostream &err_;
  int exitCode_ = kOk;
};

} // namespace

int runFmt(const std::vector<std::string> &paths, const FmtOptions &opts, llvm::raw_ostream &out,
           llvm::raw_ostream &err) {
  FmtRun run(opts, out, err);
  for (const std::string &path : paths) {
    if (path == "-")
      run.formatStdin();
    else
      run.formatPath(path);
  }
  return run.exitCode();
}

} // namespace cutover::fmt
