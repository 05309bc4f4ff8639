#include "compiler/parse/loader.h"

#include "compiler/diag/messages.h"
#include "compiler/parse/parser.h"

#include <fmt/format.h>
#include <llvm/ADT/SmallString.h>
#include <llvm/ADT/StringExtras.h>
#include <llvm/Support/FileSystem.h>
#include <llvm/Support/MemoryBuffer.h>
#include <llvm/Support/Path.h>
#include <llvm/Support/Threading.h>

#include <algorithm>
#include <set>

namespace cutover::parse {

const ast::File *Program::main() const { return files.empty() ? nullptr : files.front().get(); }

std::optional<std::string> findPack(llvm::StringRef name, const LoadOptions &opts) {
  for (const std::string &dir : opts.packPath) {
    llvm::SmallString<256> file(dir);
    llvm::sys::path::append(file, name + ".cut");
    if (llvm::sys::fs::is_regular_file(file)) return file.str().str();
  }
  return std::nullopt;
}

// Symlinks resolved, so a link out of the tree is seen as outside. A path
// that does not exist is made absolute instead, and then fails when it is read.
std::string identity(llvm::StringRef path) {
  llvm::SmallString<256> real;
  if (!llvm::sys::fs::real_path(path, real)) return real.str().str();
  real = path;
  llvm::sys::fs::make_absolute(real);
  llvm::sys::path::remove_dots(real, /*remove_dot_dot=*/true);
  return real.str().str();
}

namespace {

std::string realPath(llvm::StringRef path) { return identity(path); }

class Loader {
public:
  Loader(Program &program, const LoadOptions &opts, diag::Diagnostics &diags)
      : program_(program), opts_(opts), diags_(diags) {}

  llvm::Error loadMain(const io::Input &input) {
    llvm::StringRef path = input.path;
    if (!input.error.empty()) return llvm::createStringError(std::errc::permission_denied, input.error.c_str());
    if (input.text) return loadText(input);
    llvm::Expected<io::File> file = read(path, input.tree);
    // Past the size limit the file is a finding (E-LIMIT), like any input too big to check.
    if (!file) {
      std::string reason;
      io::ReadError::Kind kind = readFailure(file.takeError(), reason);
      if (kind != io::ReadError::Kind::TooLarge)
        return llvm::createStringError(std::errc::io_error, "%s: %s", path.str().c_str(), reason.c_str());
      diag::report(diags_, llvm::SMRange(), diag::msg::FileTooLarge, path == "-" ? "<stdin>" : path, reason);
      return llvm::Error::success();
    }
    // `use "..."` stays inside the tree of the main file (stdin: the working directory).
    llvm::StringRef dir = path == "-" ? llvm::StringRef() : llvm::sys::path::parent_path(path);
    root_ = realPath(dir.empty() ? "." : dir);
    Source main{path.str(), file->realPath, root_, ""};
    if (load(std::move(file->buffer), main)) loadCore();
    return llvm::Error::success();
  }

private:
  // A main file whose text was read elsewhere (a git blob): it has no
  // directory on disk, so its relative `use`s have nothing to resolve against
  // (loadUse reports them); packs load as usual.
  llvm::Error loadText(const io::Input &input) {
    fromText_ = true;
    Source main{input.path, input.path, "", ""};
    if (load(llvm::MemoryBuffer::getMemBufferCopy(*input.text, input.path), main)) loadCore();
    return llvm::Error::success();
  }

  // The implied `core` pack; a build without packs checks schema-free.
  void loadCore() {
    if (loaded_.contains(corePath())) return;
    if (auto core = findPack("core", opts_)) loadPack("core", *core, llvm::SMRange());
  }

  // A file to load: how it was named (the path diagnostics print), its real
  // path (its identity), the tree its relative uses must stay in, and its
  // pack name for built-in packs.
  struct Source {
    std::string path;
    std::string real;
    std::string root;
    std::string pack;
  };

  Program &program_;
  const LoadOptions &opts_;
  // Threads past the cores would only wait for one.
  const unsigned jobs_ = std::min(opts_.jobs, llvm::hardware_concurrency().compute_thread_count());
  diag::Diagnostics &diags_;
  std::string root_;
  bool fromText_ = false;        // the main file came as text (Input::text)
  std::set<std::string> loaded_; // real paths of every file read
  std::vector<Source> chain_;    // the files being loaded, outermost first
  // Set at the first use past a limit: the program is broken already, and
  // reporting every further use of a dense use graph would flood the output
  // (a million findings for 1,500 files that all use each other).
  bool pastLimit_ = false;

  std::string corePath() const {
    auto core = findPack("core", opts_);
    return core ? realPath(*core) : std::string();
  }

  // Parses `buffer` as `source` and loads what it uses; false when it does not parse.
  bool load(std::unique_ptr<llvm::MemoryBuffer> buffer, const Source &source) {
    loaded_.insert(source.real);
    unsigned id = program_.sm.AddNewSourceBuffer(std::move(buffer), llvm::SMLoc());
    std::unique_ptr<ast::File> file = parseBuffer(program_.sm, id, diags_, {.jobs = jobs_});
    if (!file) return false;
    file->path = source.path;
    file->pack = source.pack;
    const ast::File &parsed = *program_.files.emplace_back(std::move(file));
    chain_.push_back(source);
    for (const ast::Item &item : parsed.items)
      if (const auto *use = std::get_if<ast::Use>(&item)) loadUse(*use, source);
    chain_.pop_back();
    return true;
  }

  void loadUse(const ast::Use &use, const Source &from) {
    if (use.pack) {
      auto found = findPack(use.pack->name, opts_);
      if (!found) {
        const std::vector<std::string> packs = availablePacks(opts_);
        diag::reportUnknown(diags_, use.pack->range, use.pack->name, diag::each(packs), diag::msg::UnknownPack,
                            use.pack->name);
        return;
      }
      loadPack(use.pack->name, *found, use.pack->range);
      return;
    }
    const ast::StringLit &target = *use.path;
    if (fromText_ && from.root.empty()) {
      diags_.report(diag::Kind::Use, target.range,
                    fmt::format("'{}' cannot be read: this file was read from a git revision, and `use` of a "
                                "file is resolved only for files on disk",
                                target.value));
      return;
    }
    llvm::SmallString<256> path;
    if (!llvm::sys::path::is_absolute(target.value)) {
      path = from.path == "-" ? "" : llvm::sys::path::parent_path(from.path);
      llvm::sys::path::append(path, target.value);
    } else {
      path = target.value;
    }
    Source source{path.str().str(), realPath(path), from.root, ""};
    if (!opts_.allowUseOutside && !io::isInside(source.real, from.root)) {
      diag::report(diags_, target.range, diag::msg::UseOutsideTree, target.value);
      return;
    }
    loadFile(source, target.range);
  }

  void loadPack(const std::string &name, const std::string &path, llvm::SMRange usedAt) {
    std::string real = realPath(path);
    loadFile({path, real, realPath(llvm::sys::path::parent_path(real)), name}, usedAt);
  }

  void loadFile(const Source &source, llvm::SMRange usedAt) {
    if (pastLimit_) return;
    auto inChain = std::find_if(chain_.begin(), chain_.end(), [&](const Source &s) { return s.real == source.real; });
    if (inChain != chain_.end()) {
      std::string cycle;
      for (auto it = inChain; it != chain_.end(); ++it) cycle += it->path + " -> ";
      diag::report(diags_, usedAt, diag::msg::UseCycle, cycle, source.path);
      return;
    }
    if (loaded_.contains(source.real)) return;
    if (chain_.size() >= kMaxUseDepth) {
      diag::report(diags_, usedAt, diag::msg::UseTooDeep, kMaxUseDepth);
      pastLimit_ = true;
      return;
    }
    if (loaded_.size() >= kMaxFiles) {
      diag::report(diags_, usedAt, diag::msg::TooManyFiles, kMaxFiles);
      pastLimit_ = true;
      return;
    }
    // A `use` is confined to the checked file's tree (checked above, with a
    // clearer message) unless --allow-use-outside; a pack to its directory.
    llvm::Expected<io::File> file = read(source.path, opts_.allowUseOutside && source.pack.empty() ? "" : source.root);
    if (!file) {
      loaded_.insert(source.real);
      std::string reason;
      if (readFailure(file.takeError(), reason) == io::ReadError::Kind::TooLarge)
        diag::report(diags_, usedAt, diag::msg::FileTooLarge, source.path, reason);
      else
        diag::report(diags_, usedAt, diag::msg::CannotReadUse, source.path, reason);
      return;
    }
    load(std::move(file->buffer), source);
  }

  // The file, or the text that the overlay holds in its place (bounded alike).
  llvm::Expected<io::File> read(llvm::StringRef path, llvm::StringRef tree) const {
    if (opts_.overlay && path != "-") {
      std::string real = realPath(path);
      if (std::optional<std::string> text = opts_.overlay(real)) {
        if (text->size() > io::kMaxFileBytes)
          return llvm::make_error<io::ReadError>(io::ReadError::Kind::TooLarge,
                                                 fmt::format("is larger than {} MiB", io::kMaxFileBytes >> 20));
        return io::File{llvm::MemoryBuffer::getMemBufferCopy(*text, path), real};
      }
    }
    return io::readFile(path, tree);
  }

  // The reason a read failed, and its kind.
  static io::ReadError::Kind readFailure(llvm::Error error, std::string &reason) {
    io::ReadError::Kind kind = io::ReadError::Kind::System;
    llvm::handleAllErrors(std::move(error), [&](const io::ReadError &e) {
      kind = e.kind();
      reason = e.reason();
    });
    return kind;
  }
};

} // namespace

llvm::Expected<std::unique_ptr<Program>> loadProgram(const io::Input &input, const LoadOptions &opts,
                                                     diag::Diagnostics &diags) {
  auto program = std::make_unique<Program>();
  if (llvm::Error error = Loader(*program, opts, diags).loadMain(input)) return error;
  return program;
}

llvm::Expected<std::unique_ptr<Program>> loadProgram(llvm::StringRef path, const LoadOptions &opts,
                                                     diag::Diagnostics &diags) {
  return loadProgram(io::Input{path.str(), io::treeOf(path), ""}, opts, diags);
}

std::vector<std::string> availablePacks(const LoadOptions &opts) {
  std::set<std::string> names;
  for (const std::string &dir : opts.packPath) {
    std::error_code ec;
    for (llvm::sys::fs::directory_iterator it(dir, ec), end; it != end && !ec; it.increment(ec)) {
      llvm::StringRef file = it->path();
      if (llvm::sys::path::extension(file) == ".cut") names.insert(llvm::sys::path::stem(file).str());
    }
  }
  return {names.begin(), names.end()};
}

} // namespace cutover::parse
