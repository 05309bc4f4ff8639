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
