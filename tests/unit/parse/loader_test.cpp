#include "compiler/parse/loader.h"

#include <gtest/gtest.h>
#include <llvm/ADT/SmallString.h>
#include <llvm/Support/FileSystem.h>
#include <llvm/Support/Path.h>
#include <llvm/Support/raw_ostream.h>

namespace cutover::parse {
namespace {

// A fresh directory per test, removed afterwards.
class LoaderTest : public ::testing::Test {
protected:
  void SetUp() override { ASSERT_FALSE(llvm::sys::fs::createUniqueDirectory("cutover-loader", root_)); }
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

  std::unique_ptr<Program> load(llvm::StringRef relative) {
    auto program = loadProgram(path(relative), opts_, diags_);
    EXPECT_TRUE(bool(program)) << llvm::toString(program.takeError());
    return program ? std::move(*program) : nullptr;
  }

  std::vector<std::string> messages() const {
    std::vector<std::string> out;
    for (const diag::Finding &f : diags_.findings()) out.push_back(f.id + ": " + f.message);
    return out;
  }

  llvm::SmallString<256> root_;
  LoadOptions opts_;
  diag::Diagnostics diags_;
};

TEST_F(LoaderTest, RelativeUseIsLoadedOnceAfterTheMainFile) {
  write("plan.cut", "use \"lib/a.cut\"\nuse \"lib/b.cut\"\n");
  write("lib/a.cut", "use \"b.cut\"\n");
  write("lib/b.cut", "deployment d {}\n");
  auto program = load("plan.cut");
  ASSERT_TRUE(program);
  EXPECT_TRUE(diags_.findings().empty()) << messages()[0];
  ASSERT_EQ(program->files.size(), 3u);
  EXPECT_EQ(program->main()->path, path("plan.cut"));
  EXPECT_EQ(program->files[1]->path, path("lib/a.cut"));
  EXPECT_EQ(program->files[2]->path, path("lib/b.cut"));
  EXPECT_EQ(program->sm.getNumBuffers(), 3u);
}

TEST_F(LoaderTest, UseCycleNamesTheChain) {
  write("a.cut", "use \"b.cut\"\n");
  write("b.cut", "use \"a.cut\"\n");
  write("self.cut", "use \"self.cut\"\n");
  auto program = load("a.cut");
  ASSERT_TRUE(program);
  ASSERT_EQ(diags_.findings().size(), 1u);
  EXPECT_EQ(messages()[0], "E-USE: use cycle: " + path("a.cut") + " -> " + path("b.cut") + " -> " + path("a.cut"));
  // The finding points at the `use` that closes the cycle, in b.cut.
  auto [line, col] = program->sm.getLineAndColumn(diags_.findings()[0].range.Start);
  EXPECT_EQ(program->sm.FindBufferContainingLoc(diags_.findings()[0].range.Start), 2u);
  EXPECT_EQ(line, 1u);
  EXPECT_EQ(col, 5u);

  diags_ = {};
  load("self.cut");
  ASSERT_EQ(diags_.findings().size(), 1u);
  EXPECT_EQ(messages()[0], "E-USE: use cycle: " + path("self.cut") + " -> " + path("self.cut"));
}

TEST_F(LoaderTest, UseOutsideTheTreeIsRefusedUnlessAllowed) {
  write("outside.cut", "deployment secret {}\n");
  write("proj/plan.cut", "use \"../outside.cut\"\n");
  write("proj/link.cut", "use \"escape.cut\"\n");
  ASSERT_FALSE(llvm::sys::fs::create_link(path("outside.cut"), path("proj/escape.cut")));

  auto program = load("proj/plan.cut");
  ASSERT_EQ(diags_.findings().size(), 1u);
  EXPECT_EQ(diags_.findings()[0].id, "E-USE");
  EXPECT_EQ(program->files.size(), 1u);
  EXPECT_EQ(messages()[0].find("secret"), std::string::npos);

  diags_ = {};
  load("proj/link.cut");
  ASSERT_EQ(diags_.findings().size(), 1u) << "a symlink out of the tree is outside";
  EXPECT_EQ(diags_.findings()[0].id, "E-USE");

  diags_ = {};
  opts_.allowUseOutside = true;
  program = load("proj/plan.cut");
  EXPECT_TRUE(diags_.findings().empty());
  EXPECT_EQ(program->files.size(), 2u);
}

TEST_F(LoaderTest, UnreadableUseGivesTheReason) {
  write("plan.cut", "use \"missing.cut\"\nuse \"dir\"\n");
  llvm::sys::fs::create_directories(path("dir"));
  load("plan.cut");
  ASSERT_EQ(diags_.findings().size(), 2u);
  EXPECT_EQ(messages()[0], "E-USE: cannot read '" + path("missing.cut") + "': No such file or directory");
  EXPECT_EQ(messages()[1], "E-USE: cannot read '" + path("dir") + "': is a directory");
}

TEST_F(LoaderTest, PacksAndTheImpliedCore) {
  write("packs/core.cut", "policy CORE-X error \"x\" { require true }\n");
  write("packs/lync2013.cut", "vocabulary lync { roles front_end }\n");
  write("plan.cut", "use lync2013\n");
  write("typo.cut", "use lync2031\n");
  opts_.packPath = {path("packs")};
  EXPECT_EQ(availablePacks(opts_), (std::vector<std::string>{"core", "lync2013"}));

  auto program = load("plan.cut");
  EXPECT_TRUE(diags_.findings().empty());
  ASSERT_EQ(program->files.size(), 3u);
  EXPECT_EQ(program->files[1]->pack, "lync2013");
  EXPECT_EQ(program->files[2]->pack, "core");

  program = load("typo.cut");
  ASSERT_EQ(diags_.findings().size(), 1u);
  EXPECT_EQ(messages()[0], "E-UNKNOWN: unknown pack 'lync2031'; did you mean 'lync2013'?");
  ASSERT_EQ(diags_.findings()[0].fixits.size(), 1u);
  EXPECT_EQ(program->files.size(), 2u) << "core is still implied";
}

TEST_F(LoaderTest, TheFirstDirectoryOfThePackPathWins) {
  write("policies/core.cut", "vocabulary first {}\n");
  write("env/core.cut", "vocabulary second {}\n");
  write("env/extra.cut", "\n");
  write("plan.cut", "\n");
  opts_.packPath = {path("policies"), path("nowhere"), path("env")};
  auto program = load("plan.cut");
  ASSERT_EQ(program->files.size(), 2u);
  EXPECT_EQ(std::get<ast::Vocabulary>(program->files[1]->items[0]).name.name, "first");
  EXPECT_EQ(availablePacks(opts_), (std::vector<std::string>{"core", "extra"}));
}

TEST_F(LoaderTest, NoCoreAnywhereIsNotAnError) {
  write("plan.cut", "deployment d {}\n");
  auto program = load("plan.cut");
  EXPECT_TRUE(diags_.findings().empty());
  EXPECT_EQ(program->files.size(), 1u);
}

TEST_F(LoaderTest, SyntaxErrorsAreFindingsAndLeaveTheFileOut) {
  write("plan.cut", "use \"bad.cut\"\n");
  write("bad.cut", "deployment {\n");
  auto program = load("plan.cut");
  ASSERT_EQ(diags_.findings().size(), 1u);
  EXPECT_EQ(diags_.findings()[0].id, "E-SYNTAX");
  EXPECT_EQ(program->files.size(), 1u);

  write("broken.cut", "}");
  diags_ = {};
  program = load("broken.cut");
  EXPECT_EQ(program->main(), nullptr);
}

TEST_F(LoaderTest, UseNestingLimit) {
  for (unsigned i = 0; i <= kMaxUseDepth + 1; ++i)
    write("f" + std::to_string(i) + ".cut", "use \"f" + std::to_string(i + 1) + ".cut\"\n");
  load("f0.cut");
  ASSERT_EQ(diags_.findings().size(), 1u);
  EXPECT_EQ(messages()[0], "E-USE: use nested deeper than 64 levels");
}

TEST_F(LoaderTest, MainFileErrorsAreLlvmErrors) {
  llvm::sys::fs::create_directories(path("dir.cut"));
  auto dir = loadProgram(path("dir.cut"), opts_, diags_);
  ASSERT_FALSE(bool(dir));
  EXPECT_EQ(llvm::toString(dir.takeError()), path("dir.cut") + ": is a directory");

  auto missing = loadProgram(path("missing.cut"), opts_, diags_);
  ASSERT_FALSE(bool(missing));
  EXPECT_EQ(llvm::toString(missing.takeError()), path("missing.cut") + ": No such file or directory");
  EXPECT_TRUE(diags_.findings().empty());
}

} // namespace
} // namespace cutover::parse
