#include "compiler/io/untrusted.h"

#include <gtest/gtest.h>
#include <llvm/ADT/SmallString.h>
#include <llvm/Support/FileSystem.h>
#include <llvm/Support/Path.h>
#include <llvm/Support/raw_ostream.h>

#include <sys/stat.h>
#include <unistd.h>

namespace cutover::io {
namespace {

class UntrustedTest : public ::testing::Test {
protected:
  void SetUp() override {
    ASSERT_FALSE(llvm::sys::fs::createUniqueDirectory("cutover-io", root_));
    llvm::SmallString<256> real;
    ASSERT_FALSE(llvm::sys::fs::real_path(root_, real));
    root_ = real;
  }
  void TearDown() override { llvm::sys::fs::remove_directories(root_); }

  std::string path(llvm::StringRef relative) const {
    llvm::SmallString<256> p(root_);
    llvm::sys::path::append(p, relative);
    return p.str().str();
  }
  std::string write(llvm::StringRef relative, llvm::StringRef text) const {
    std::string file = path(relative);
    llvm::sys::fs::create_directories(llvm::sys::path::parent_path(file));
    std::error_code ec;
    llvm::raw_fd_ostream out(file, ec);
    out << text;
    return file;
  }
  ReadError::Kind failure(llvm::Expected<File> file) {
    EXPECT_FALSE(bool(file));
    ReadError::Kind kind = ReadError::Kind::System;
    if (!file) llvm::handleAllErrors(file.takeError(), [&](const ReadError &e) { kind = e.kind(); });
    return kind;
  }

  llvm::SmallString<256> root_;
};

TEST_F(UntrustedTest, ReadsARegularFileInItsTree) {
  std::string plan = write("tree/plan.cut", "deployment d {}\n");
  llvm::Expected<File> file = readFile(plan, path("tree"));
  ASSERT_TRUE(bool(file)) << llvm::toString(file.takeError());
  EXPECT_EQ(file->buffer->getBuffer(), "deployment d {}\n");
  EXPECT_EQ(file->realPath, plan);
  EXPECT_EQ(file->links, 1u);
}

TEST_F(UntrustedTest, RefusesLinksOutOfTheTreeAndSpecialFiles) {
  write("outside/secret.cut", "secret\n");
  write("tree/keep.cut", "");
  ASSERT_FALSE(llvm::sys::fs::create_link(path("outside/secret.cut"), path("tree/leak.cut")));
  EXPECT_EQ(failure(readFile(path("tree/leak.cut"), path("tree"))), ReadError::Kind::Outside);
  EXPECT_TRUE(bool(readFile(path("tree/leak.cut"), ""))); // no tree: trusted
  ASSERT_EQ(::mkfifo(path("tree/pipe.cut").c_str(), 0600), 0);
  EXPECT_EQ(failure(readFile(path("tree/pipe.cut"), path("tree"))), ReadError::Kind::NotRegular);
  EXPECT_EQ(failure(readFile("/dev/zero", "")), ReadError::Kind::NotRegular);
  EXPECT_EQ(failure(readFile(path("tree"), "")), ReadError::Kind::NotRegular);
  EXPECT_EQ(failure(readFile(path("tree/missing.cut"), "")), ReadError::Kind::System);
}

TEST_F(UntrustedTest, SizeIsBounded) {
  std::string plan = write("big.cut", std::string(100, '#'));
  EXPECT_EQ(failure(readFile(plan, "", 99)), ReadError::Kind::TooLarge);
  EXPECT_TRUE(bool(readFile(plan, "", 100)));
}

// stdin ("-") read from a pipe: no size to start from, grown as it comes, refused one byte past the bound.
TEST_F(UntrustedTest, StdinIsBoundedToo) {
  const std::string text = std::string(10000, '#') + "\n"; // several growths; fits a pipe's buffer
  auto readStdin = [&](uint64_t maxBytes) {
    int pipeFds[2];
    EXPECT_EQ(::pipe(pipeFds), 0);
    EXPECT_EQ(::write(pipeFds[1], text.data(), text.size()), ssize_t(text.size()));
    ::close(pipeFds[1]);
    const int savedStdin = ::dup(STDIN_FILENO);
    ::dup2(pipeFds[0], STDIN_FILENO);
    ::close(pipeFds[0]);
    llvm::Expected<File> file = readFile("-", "", maxBytes);
    ::dup2(savedStdin, STDIN_FILENO);
    ::close(savedStdin);
    return file;
  };
  llvm::Expected<File> file = readStdin(text.size());
  ASSERT_TRUE(bool(file)) << llvm::toString(file.takeError());
  EXPECT_EQ(file->buffer->getBuffer(), text);
  EXPECT_EQ(file->buffer->getBufferIdentifier(), "<stdin>");
  EXPECT_EQ(*file->buffer->getBufferEnd(), '\0');
  EXPECT_EQ(failure(readStdin(text.size() - 1)), ReadError::Kind::TooLarge);
}

// A regular file holds what reading it gives, not what fstat said: /proc files
// say 0 bytes (as a file that grew after fstat), sysfs files a whole page (as
// one that shrank).
TEST_F(UntrustedTest, ReadsWhatTheFileHoldsNotWhatFstatSaid) {
  llvm::Expected<File> status = readFile("/proc/self/status", "");
  ASSERT_TRUE(bool(status)) << llvm::toString(status.takeError());
  EXPECT_TRUE(status->buffer->getBuffer().startswith("Name:"));
  EXPECT_TRUE(status->buffer->getBuffer().endswith("\n"));
  EXPECT_EQ(*status->buffer->getBufferEnd(), '\0');
  EXPECT_EQ(failure(readFile("/proc/self/status", "", 16)), ReadError::Kind::TooLarge);

  const char *page = "/sys/kernel/mm/transparent_hugepage/enabled";
  struct stat st {};
  if (::stat(page, &st) != 0 || st.st_size != 4096) GTEST_SKIP() << page << " is not a sysfs file of a page";
  llvm::Expected<File> shorter = readFile(page, "");
  ASSERT_TRUE(bool(shorter)) << llvm::toString(shorter.takeError());
  EXPECT_LT(shorter->buffer->getBufferSize(), 4096u);
  EXPECT_TRUE(shorter->buffer->getBuffer().endswith("\n"));
  EXPECT_EQ(*shorter->buffer->getBufferEnd(), '\0');
}

TEST_F(UntrustedTest, TheTreeOfAFileIsItsRepository) {
  write("repo/.git/HEAD", "");
  write("repo/plans/a.cut", "");
  EXPECT_EQ(treeOf(path("repo/plans/a.cut")), path("repo"));
  write("loose/b.cut", "");
  EXPECT_EQ(treeOf(path("loose/b.cut")), path("loose"));
  EXPECT_EQ(treeOf("-"), "");
  EXPECT_TRUE(isInside(path("repo/plans/a.cut"), path("repo")));
  EXPECT_FALSE(isInside(path("repository/a.cut"), path("repo")));
}

TEST_F(UntrustedTest, WalksEachDirectoryOnceAndNeverOut) {
  write("tree/a.cut", "");
  write("tree/sub/b.cut", "");
  write("outside/c.cut", "");
  ASSERT_FALSE(llvm::sys::fs::create_link(".", path("tree/self")));
  ASSERT_FALSE(llvm::sys::fs::create_link("..", path("tree/sub/up")));
  ASSERT_FALSE(llvm::sys::fs::create_link("../outside", path("tree/out")));
  ASSERT_FALSE(llvm::sys::fs::create_link("../outside/c.cut", path("tree/c.cut")));
  std::vector<Input> inputs;
  std::vector<std::string> skipped;
  ASSERT_FALSE(bool(expandInputs({path("tree")}, inputs, skipped)));
  ASSERT_EQ(inputs.size(), 3u);
  EXPECT_EQ(inputs[0].path, path("tree/a.cut"));
  EXPECT_EQ(inputs[1].path, path("tree/c.cut"));
  EXPECT_NE(inputs[1].error.find("leads outside"), std::string::npos);
  EXPECT_EQ(inputs[2].path, path("tree/sub/b.cut"));
  EXPECT_EQ(inputs[2].tree, path("tree"));
  ASSERT_EQ(skipped.size(), 1u);
  EXPECT_NE(skipped[0].find("tree/out"), std::string::npos);
}

} // namespace
} // namespace cutover::io
