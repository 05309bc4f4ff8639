#include "tools/cutover/fmt_command.h"

#include <gtest/gtest.h>
#include <llvm/ADT/SmallString.h>
#include <llvm/Support/FileSystem.h>
#include <llvm/Support/MemoryBuffer.h>
#include <llvm/Support/Path.h>

namespace {

namespace fs = llvm::sys::fs;
using cutover::driver::FmtOptions;
using cutover::driver::runFmt;

constexpr const char *kMessy = "use   core\n";
constexpr const char *kFormatted = "use core\n";

// A fresh directory per test, removed afterwards.
class FmtCommand : public ::testing::Test {
protected:
  void SetUp() override { ASSERT_FALSE(fs::createUniqueDirectory("cutover-fmt-test", dir_)); }
  void TearDown() override { fs::remove_directories(dir_); }

  std::string write(llvm::StringRef name, llvm::StringRef text) {
    llvm::SmallString<128> path(dir_);
    llvm::sys::path::append(path, name);
    fs::create_directories(llvm::sys::path::parent_path(path));
    std::error_code ec;
    llvm::raw_fd_ostream os(path, ec);
    os << text;
    return std::string(path);
  }

  static std::string read(const std::string &path) {
    auto buffer = llvm::MemoryBuffer::getFile(path);
    return buffer ? (*buffer)->getBuffer().str() : "<unreadable>";
  }

  int run(std::vector<std::string> paths, FmtOptions opts = {}) {
    out_.clear();
    err_.clear();
    llvm::raw_string_ostream out(out_), err(err_);
    return runFmt(paths, opts, out, err);
  }

  llvm::SmallString<128> dir_;
  std::string out_, err_;
};

TEST_F(FmtCommand, FormatsInPlaceAndKeepsPermissions) {
  std::string path = write("a.cut", kMessy);
  ASSERT_FALSE(fs::setPermissions(path, fs::owner_read | fs::owner_write | fs::group_read));
  EXPECT_EQ(run({path}), 0) << err_;
  EXPECT_EQ(read(path), kFormatted);
  EXPECT_EQ(*fs::getPermissions(path), fs::owner_read | fs::owner_write | fs::group_read);
  std::error_code ec;
  for (fs::directory_iterator it(dir_, ec), end; it != end && !ec; it.increment(ec))
    EXPECT_EQ(llvm::sys::path::filename(it->path()), "a.cut") << "no temporary file is left behind";
}

TEST_F(FmtCommand, SymlinkIsFollowedAndKept) {
  std::string target = write("target.cut", kMessy);
  std::string link = std::string(dir_) + "/link.cut";
  ASSERT_FALSE(fs::create_link(target, link));
  EXPECT_EQ(run({link}), 0) << err_;
  EXPECT_EQ(read(target), kFormatted);
  EXPECT_TRUE(fs::is_symlink_file(link));
}

TEST_F(FmtCommand, ReadOnlyFileIsLeftIntact) {
  std::string path = write("ro.cut", kMessy);
  ASSERT_FALSE(fs::setPermissions(path, fs::all_read));
  EXPECT_EQ(run({path}), 2);
  EXPECT_EQ(read(path), kMessy);
  EXPECT_NE(err_.find("cannot write"), std::string::npos) << err_;
}

TEST_F(FmtCommand, MissingFileIsAnIoError) {
  EXPECT_EQ(run({std::string(dir_) + "/nope.cut"}), 2);
  EXPECT_NE(err_.find("cannot read"), std::string::npos) << err_;
}

TEST_F(FmtCommand, CheckListsFilesThatWouldChangeAndWritesNothing) {
  std::string messy = write("messy.cut", kMessy), clean = write("clean.cut", kFormatted);
  EXPECT_EQ(run({messy, clean}, {.check = true}), 1);
  EXPECT_EQ(out_, messy + "\n");
  EXPECT_EQ(read(messy), kMessy);
  EXPECT_EQ(run({clean}, {.check = true}), 0);
  EXPECT_EQ(out_, "");
}

TEST_F(FmtCommand, DiffPrintsAUnifiedDiff) {
  std::string path = write("d.cut", kMessy);
  EXPECT_EQ(run({path}, {.diff = true}), 1);
  EXPECT_EQ(out_, "--- a/" + path + "\n+++ b/" + path + "\n@@ -1,1 +1,1 @@\n-use   core\n+use core\n");
  EXPECT_EQ(read(path), kMessy);
}

TEST_F(FmtCommand, SyntaxErrorIsReportedAndTheFileUntouched) {
  std::string bad = write("bad.cut", "use core\ndeployment {\n"), good = write("good.cut", kMessy);
  EXPECT_EQ(run({bad, good}), 1);
  EXPECT_EQ(read(bad), "use core\ndeployment {\n");
  EXPECT_EQ(read(good), kFormatted) << "the other files are still formatted";
  EXPECT_NE(err_.find(bad + ":2:12: error: E-SYNTAX: "), std::string::npos) << err_;
}

TEST_F(FmtCommand, DirectoryMeansEveryCutFileBelowIt) {
  std::string a = write("x/a.cut", kMessy), b = write("x/y/b.cut", kMessy), other = write("x/notes.txt", kMessy);
  EXPECT_EQ(run({std::string(dir_) + "/x"}, {.check = true}), 1);
  EXPECT_EQ(out_, a + "\n" + b + "\n");
  EXPECT_EQ(run({std::string(dir_) + "/x"}), 0);
  EXPECT_EQ(read(a), kFormatted);
  EXPECT_EQ(read(b), kFormatted);
  EXPECT_EQ(read(other), kMessy);
}

} // namespace
