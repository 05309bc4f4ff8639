#include "compiler/io/untrusted.h"

#include <fmt/format.h>
#include <llvm/ADT/SmallString.h>
#include <llvm/Support/FileSystem.h>
#include <llvm/Support/Path.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <set>
#include <sys/stat.h>
#include <unistd.h>

namespace cutover::io {

char ReadError::ID = 0;

namespace {

llvm::Error systemError(std::error_code ec) {
  return llvm::make_error<ReadError>(ReadError::Kind::System, ec.message(), ec);
}

llvm::Error tooLarge(uint64_t maxBytes, bool grew) {
  return llvm::make_error<ReadError>(
      ReadError::Kind::TooLarge,
      fmt::format("is larger than {} MiB{}", maxBytes >> 20, grew ? " (it grew while it was read)" : ""),
      std::make_error_code(std::errc::file_too_large));
}

const char *typeName(mode_t mode) {
  if (S_ISDIR(mode)) return "a directory";
  if (S_ISFIFO(mode)) return "a FIFO";
  if (S_ISCHR(mode)) return "a character device";
  if (S_ISBLK(mode)) return "a block device";
  if (S_ISSOCK(mode)) return "a socket";
  return "not a regular file";
}

llvm::Error notRegular(mode_t mode) {
  std::string reason = S_ISDIR(mode) ? "is a directory" : fmt::format("is {}, not a regular file", typeName(mode));
  return llvm::make_error<ReadError>(
      ReadError::Kind::NotRegular, std::move(reason),
      std::make_error_code(S_ISDIR(mode) ? std::errc::is_a_directory : std::errc::invalid_argument));
}

llvm::Error outside(llvm::StringRef tree) {
  return llvm::make_error<ReadError>(ReadError::Kind::Outside,
                                     fmt::format("is a symbolic link that leads outside '{}'", tree.str()),
                                     std::make_error_code(std::errc::permission_denied));
}

// Reads `fd` straight into the buffer the SourceMgr will own: sized from
// fstat for a regular file (no zero-filling, no second copy), grown for a
// pipe or a file that grew. A full buffer is followed by a read of one byte
// more, so a file of the size fstat gave ends without a larger buffer, and a
// file past maxBytes (one that grew, or stdin) is refused without reading it
// all. `regular` words the refusal ("it grew while it was read").
llvm::Expected<std::unique_ptr<llvm::MemoryBuffer>> readBounded(int fd, uint64_t sizeHint, uint64_t maxBytes,
                                                                bool regular, llvm::StringRef name) {
  auto readSome = [fd](char *into, size_t size) {
    while (true) {
      const ssize_t n = ::read(fd, into, size);
      if (n >= 0 || errno != EINTR) return n;
    }
  };
  auto fail = [] { return systemError(std::error_code(errno, std::generic_category())); };
  // Moves the first `used` bytes into a new buffer of `size` bytes.
  auto resized = [&](std::unique_ptr<llvm::WritableMemoryBuffer> old, size_t used, size_t size) {
    auto buffer = llvm::WritableMemoryBuffer::getNewUninitMemBuffer(size, name);
    if (buffer && used != 0) std::memcpy(buffer->getBufferStart(), old->getBufferStart(), used);
    return buffer;
  };
  auto buffer = llvm::WritableMemoryBuffer::getNewUninitMemBuffer(std::min(sizeHint, maxBytes), name);
  size_t used = 0;
  while (buffer) {
    if (used == buffer->getBufferSize()) {
      char more = 0;
      const ssize_t n = readSome(&more, 1);
      if (n < 0) return fail();
      if (n == 0) break;
      if (used + 1 > maxBytes) return tooLarge(maxBytes, regular);
      buffer = resized(std::move(buffer), used, std::min<uint64_t>(std::max<size_t>(2 * used, 4096), maxBytes));
      if (!buffer) break;
      buffer->getBufferStart()[used++] = more;
      continue;
    }
    const ssize_t n = readSome(buffer->getBufferStart() + used, buffer->getBufferSize() - used);
    if (n < 0) return fail();
    if (n == 0) break;
    used += static_cast<size_t>(n);
  }
  if (!buffer) return systemError(std::make_error_code(std::errc::not_enough_memory));
  // Shorter than its buffer: a pipe, or a file that shrank while it was read.
  if (used != buffer->getBufferSize()) buffer = resized(std::move(buffer), used, used);
  if (!buffer) return systemError(std::make_error_code(std::errc::not_enough_memory));
  return std::unique_ptr<llvm::MemoryBuffer>(std::move(buffer));
}

std::string absolute(llvm::StringRef path) {
  llvm::SmallString<256> out(path);
  llvm::sys::fs::make_absolute(out);
  llvm::sys::path::remove_dots(out, /*remove_dot_dot=*/true);
  return out.str().str();
}

std::string realPathOf(llvm::StringRef path, std::error_code &ec) {
  llvm::SmallString<256> real;
  ec = llvm::sys::fs::real_path(path, real);
  return real.str().str();
}

} // namespace

bool isInside(llvm::StringRef real, llvm::StringRef root) {
  if (root.empty() || !real.startswith(root)) return false;
  if (real.size() == root.size()) return true;
  return root.endswith("/") || llvm::sys::path::is_separator(real[root.size()]);
}

std::string treeOf(llvm::StringRef path) {
  if (path == "-") return "";
  // The directory as written: a symlinked directory on the way must not
  // move the tree to wherever it points.
  std::string dir = llvm::sys::path::parent_path(absolute(path)).str();
  for (llvm::StringRef d = dir; !d.empty(); d = llvm::sys::path::parent_path(d)) {
    llvm::SmallString<256> git(d);
    llvm::sys::path::append(git, ".git");
    if (llvm::sys::fs::exists(git)) {
      dir = d.str();
      break;
    }
    if (d == llvm::sys::path::root_path(d)) break;
  }
  std::error_code ec;
  std::string real = realPathOf(dir, ec);
  return ec ? dir : real;
}

llvm::Expected<File> readFile(llvm::StringRef path, llvm::StringRef tree, uint64_t maxBytes) {
  File file;
  int fd = 0;
  if (path == "-") {
    fd = STDIN_FILENO;
  } else {
    std::error_code ec;
    file.realPath = realPathOf(path, ec);
    if (ec) return systemError(ec);
    if (!tree.empty() && !isInside(file.realPath, tree)) return outside(tree);
    // Non-blocking: opening a FIFO must not wait for a writer. No
    // controlling terminal from a tty device. The real path has no link
    // left to follow: O_NOFOLLOW refuses one put there meanwhile.
    fd = ::open(file.realPath.c_str(), O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC | O_NOFOLLOW);
    if (fd < 0) {
      const int error = errno;
      // A socket cannot be opened at all (ENXIO): say what it is.
      struct stat st {};
      if (::stat(file.realPath.c_str(), &st) == 0 && !S_ISREG(st.st_mode)) return notRegular(st.st_mode);
      return systemError(std::error_code(error, std::generic_category()));
    }
  }
  struct stat st {};
  llvm::Expected<std::unique_ptr<llvm::MemoryBuffer>> buffer = nullptr;
  if (::fstat(fd, &st) != 0) {
    buffer = systemError(std::error_code(errno, std::generic_category()));
  } else if (path != "-" && !S_ISREG(st.st_mode)) {
    buffer = notRegular(st.st_mode);
  } else if (S_ISREG(st.st_mode) && static_cast<uint64_t>(st.st_size) > maxBytes) {
    buffer = tooLarge(maxBytes, false);
  } else {
    const bool regular = S_ISREG(st.st_mode);
    buffer = readBounded(fd, regular ? static_cast<uint64_t>(st.st_size) : 0, maxBytes, regular,
                         path == "-" ? llvm::StringRef("<stdin>") : path);
  }
  if (fd != STDIN_FILENO) ::close(fd);
  if (!buffer) return buffer.takeError();
  file.links = S_ISREG(st.st_mode) ? st.st_nlink : 1;
  file.buffer = std::move(*buffer);
  return file;
}

namespace {

// The depth-first walk of one directory argument, entries in sorted order so
// that which path reaches a directory first (and is kept) does not depend on
// the file system's order.
class Walk {
public:
  Walk(std::string root, std::vector<Input> &found, std::vector<std::string> &skipped)
      : root_(std::move(root)), found_(found), skipped_(skipped) {}

  llvm::Error directory(const std::string &path) {
    llvm::sys::fs::UniqueID id;
    if (std::error_code ec = llvm::sys::fs::getUniqueID(path, id))
      return llvm::createStringError(ec, "cannot read directory '%s': %s", path.c_str(), ec.message().c_str());
    if (!visited_.insert(id).second) return llvm::Error::success(); // a loop, or a second way in
    std::vector<std::string> entries;
    std::error_code ec;
    for (llvm::sys::fs::directory_iterator it(path, ec, /*follow_symlinks=*/false), end; it != end && !ec;
         it.increment(ec))
      entries.push_back(it->path());
    if (ec) return llvm::createStringError(ec, "cannot read directory '%s': %s", path.c_str(), ec.message().c_str());
    std::sort(entries.begin(), entries.end());
    for (const std::string &entry : entries)
      if (llvm::Error e = visit(entry)) return e;
    return llvm::Error::success();
  }

private:
  llvm::Error visit(const std::string &entry) {
    const bool plan = llvm::sys::path::extension(entry) == ".cut";
    llvm::sys::fs::file_status link;
    if (llvm::sys::fs::status(entry, link, /*follow=*/false)) return llvm::Error::success(); // vanished
    if (link.type() == llvm::sys::fs::file_type::symlink_file) {
      std::error_code ec;
      std::string real = realPathOf(entry, ec);
      if (ec) { // dangling, or a loop of links: reading it says which
        if (plan) found_.push_back({entry, root_, ""});
        return llvm::Error::success();
      }
      if (!isInside(real, root_)) {
        if (plan)
          found_.push_back({entry, root_, fmt::format("{}: is a symbolic link that leads outside '{}'", entry, root_)});
        else if (llvm::sys::fs::is_directory(real))
          skipped_.push_back(fmt::format("{}: not followed, a symbolic link that leads outside '{}'", entry, root_));
        return llvm::Error::success();
      }
    }
    if (llvm::sys::fs::is_directory(entry)) return directory(entry);
    if (plan) found_.push_back({entry, root_, ""});
    return llvm::Error::success();
  }

  std::string root_;
  std::vector<Input> &found_;
  std::vector<std::string> &skipped_;
  std::set<llvm::sys::fs::UniqueID> visited_;
};

} // namespace

llvm::Error expandInputs(const std::vector<std::string> &args, std::vector<Input> &inputs,
                         std::vector<std::string> &skipped) {
  for (const std::string &arg : args) {
    if (arg == "-" || !llvm::sys::fs::is_directory(arg)) {
      inputs.push_back({arg, treeOf(arg), ""}); // a missing file is reported when it is read
      continue;
    }
    std::error_code ec;
    std::string root = realPathOf(arg, ec);
    std::string tree = treeOf(arg);
    if (ec) return llvm::createStringError(ec, "cannot read directory '%s': %s", arg.c_str(), ec.message().c_str());
    if (!isInside(root, tree))
      return llvm::createStringError(std::errc::permission_denied, "%s: is a symbolic link that leads outside '%s'",
                                     arg.c_str(), tree.c_str());
    std::vector<Input> found;
    if (llvm::Error e = Walk(root, found, skipped).directory(arg)) return e;
    std::sort(found.begin(), found.end(), [](const Input &a, const Input &b) { return a.path < b.path; });
    inputs.insert(inputs.end(), std::make_move_iterator(found.begin()), std::make_move_iterator(found.end()));
  }
  return llvm::Error::success();
}

} // namespace cutover::io
