#include "tools/cutover/fmt_command.h"

#include "compiler/diag/diagnostic.h"
#include "compiler/diag/print.h"
#include "compiler/diag/sanitize.h"
#include "compiler/format/formatter.h"
#include "compiler/io/untrusted.h"
#include "compiler/parse/parser.h"
#include "tools/cutover/line_diff.h"

#include <llvm/ADT/SmallString.h>
#include <llvm/Support/FileSystem.h>
#include <llvm/Support/MemoryBuffer.h>
#include <llvm/Support/Path.h>
#include <llvm/Support/SourceMgr.h>

#include <algorithm>
#include <optional>

namespace cutover::driver {
namespace {

enum ExitCode { kOk = 0, kWouldChangeOrSyntax = 1, kIoError = 2 };

constexpr llvm::StringLiteral kStdinName = "<stdin>";

// The canonical text of `buffer`, or nullopt once its syntax errors are printed.
std::optional<std::string> formatBuffer(std::unique_ptr<llvm::MemoryBuffer> buffer, bool color,
                                        llvm::raw_ostream &err) {
  llvm::SourceMgr sm;
  unsigned bufferId = sm.AddNewSourceBuffer(std::move(buffer), llvm::SMLoc());
  diag::Diagnostics diags;
  std::unique_ptr<ast::File> file = parse::parseBuffer(sm, bufferId, diags);
  if (!file || diags.hasErrors()) {
    std::string text;
    diag::ColorStream os(text, color);
    for (const diag::Finding &f : diags.findings())
      diag::printFinding(sm, f, sm.getMemoryBuffer(bufferId)->getBufferIdentifier(), os);
    os.flush();
    err << text;
    return std::nullopt;
  }
  return format::formatFile(*file, sm);
}

// Replaces the file whose real path is `target` with `text` atomically,
// keeping its permissions. A symlink is written through (to its target,
// which the reader found inside the tree), not replaced.
std::error_code writeAtomically(const std::string &target, llvm::StringRef text) {
  llvm::sys::fs::file_status status;
  if (std::error_code ec = llvm::sys::fs::status(target, status)) return ec;
  // The rename below would bypass the file's own write permission: honour it
  // explicitly. A file without any write bit counts as read-only even for root.
  if (!(status.permissions() & llvm::sys::fs::all_write) ||
      llvm::sys::fs::access(target, llvm::sys::fs::AccessMode::Write))
    return std::make_error_code(std::errc::permission_denied);

  llvm::SmallString<256> model = llvm::sys::path::parent_path(target);
  llvm::sys::path::append(model, "." + llvm::sys::path::filename(target) + ".fmt-%%%%%%");
  int fd = -1;
  llvm::SmallString<256> tempPath;
  if (std::error_code ec = llvm::sys::fs::createUniqueFile(model, fd, tempPath)) return ec;
  std::error_code ec = llvm::sys::fs::setPermissions(fd, status.permissions());
  {
    llvm::raw_fd_ostream os(fd, /*shouldClose=*/true);
    os << text;
    os.close();
    if (!ec && os.has_error()) ec = os.error();
    os.clear_error(); // reported through `ec`, not by a fatal error in the destructor
  }
  if (!ec) ec = llvm::sys::fs::rename(tempPath, target);
  if (ec) llvm::sys::fs::remove(tempPath);
  return ec;
}

class FmtRun {
public:
  FmtRun(const FmtOptions &opts, llvm::raw_ostream &out, llvm::raw_ostream &err) : opts_(opts), out_(out), err_(err) {}

  void formatStdin() {
    llvm::Expected<io::File> file = io::readFile("-", "");
    if (!file) return readError(kStdinName, file.takeError());
    std::string original = file->buffer->getBuffer().str();
    std::optional<std::string> formatted = formatBuffer(std::move(file->buffer), opts_.color, err_);
    if (!formatted) return raise(kWouldChangeOrSyntax);
    if (!opts_.check && !opts_.diff)
      out_ << *formatted;
    else
      report(kStdinName, original, *formatted);
  }

  void formatPath(const std::string &path) {
    std::vector<io::Input> inputs;
    std::vector<std::string> skipped;
    llvm::Error error = io::expandInputs({path}, inputs, skipped);
    for (const std::string &s : skipped) err_ << "cutover: note: " << diag::sanitize(s) << "\n";
    if (error) {
      err_ << "cutover: error: " << diag::sanitize(llvm::toString(std::move(error))) << "\n";
      return raise(kIoError);
    }
    for (const io::Input &input : inputs) formatFileInPlace(input);
  }

  int exitCode() const { return exitCode_; }

private:
  void formatFileInPlace(const io::Input &input) {
    const std::string &path = input.path;
    if (!input.error.empty()) {
      err_ << "cutover: error: " << diag::sanitize(input.error) << "\n";
      return raise(kIoError);
    }
    llvm::Expected<io::File> file = io::readFile(path, input.tree);
    if (!file) return readError(path, file.takeError());
    std::string original = file->buffer->getBuffer().str();
    std::optional<std::string> formatted = formatBuffer(std::move(file->buffer), opts_.color, err_);
    if (!formatted) return raise(kWouldChangeOrSyntax);
    if (*formatted == original) return;
    if (opts_.check || opts_.diff) return report(path, original, *formatted);
    // The new text goes to a new file renamed over the old one: other hard
    // links would keep the old text, silently. Refuse instead.
    if (file->links > 1) {
      err_ << "cutover: error: cannot write '" << diag::sanitize(path) << "': it has " << file->links
           << " hard links, and formatting replaces the file, which would split them; format a copy\n";
      return raise(kIoError);
    }
    if (std::error_code ec = writeAtomically(file->realPath, *formatted)) ioError("cannot write", path, ec);
  }

  // A file past the size limit is E-LIMIT (exit 1), as `check` reports it;
  // any other failure to read is exit 2.
  void readError(llvm::StringRef path, llvm::Error error) {
    llvm::handleAllErrors(std::move(error), [&](const io::ReadError &e) {
      if (e.kind() == io::ReadError::Kind::TooLarge) {
        diag::Finding f;
        f.id = diag::info(diag::Kind::Limit).id.str();
        f.message = path.str() + " " + e.reason();
        diag::printFinding(llvm::SourceMgr(), f, path, err_);
        return raise(kWouldChangeOrSyntax);
      }
      err_ << "cutover: error: cannot read '" << diag::sanitize(path) << "': " << e.reason() << "\n";
      raise(kIoError);
    });
  }

  // --check and --diff: what would change.
  void report(llvm::StringRef name, llvm::StringRef original, llvm::StringRef formatted) {
    if (original == formatted) return;
    if (opts_.check) out_ << diag::sanitize(name) << "\n";
    if (opts_.diff) {
      // Each line sanitised: a comment may hold ESC or `##[`.
      std::string text = unifiedDiff(original, formatted, (name == kStdinName ? name : "a/" + name.str()).str(),
                                     (name == kStdinName ? name : "b/" + name.str()).str());
      for (llvm::StringRef diff = text; !diff.empty();) {
        auto [line, rest] = diff.split('\n');
        out_ << diag::sanitize(line) << "\n";
        diff = rest;
      }
    }
    raise(kWouldChangeOrSyntax);
  }

  void ioError(llvm::StringRef what, llvm::StringRef path, std::error_code ec) {
    err_ << "cutover: error: " << what << " '" << diag::sanitize(path) << "': " << ec.message() << "\n";
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

} // namespace cutover::driver
