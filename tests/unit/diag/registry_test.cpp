// Every compiler finding kind is declared once and exercised by a lit test
// that triggers it, as Carbon's toolchain does for its diagnostics.
#include "compiler/diag/diagnostic.h"
#include "compiler/diag/explain.h"

#include <llvm/ADT/SmallVector.h>

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

namespace {

std::string slurpTree(const std::filesystem::path &root) {
  std::string all;
  for (const auto &e : std::filesystem::recursive_directory_iterator(root)) {
    if (!e.is_regular_file()) continue;
    std::ifstream in(e.path());
    std::stringstream ss;
    ss << in.rdbuf();
    all += ss.str();
  }
  return all;
}

TEST(Registry, IdsAreUniqueAndWellFormed) {
  std::set<std::string> seen;
  for (const auto &k : cutover::diag::allKinds()) {
    EXPECT_TRUE(seen.insert(k.id.str()).second) << k.id.str();
    EXPECT_TRUE(k.id.startswith("E-") || k.id.startswith("W-")) << k.id.str();
    EXPECT_EQ(cutover::diag::kindById(k.id), k.kind);
    EXPECT_FALSE(k.title.empty());
  }
  EXPECT_FALSE(cutover::diag::kindById("E-NOPE").has_value());
}

TEST(Registry, EveryKindHasALitTestThatChecksIt) {
  std::string lit = slurpTree(std::filesystem::path(CUTOVER_SOURCE_DIR) / "tests" / "lit");
  for (const auto &k : cutover::diag::allKinds()) {
    // A CHECK line naming the ID proves the finding is triggered somewhere.
    std::string needle = ": " + k.id.str() + ":";
    EXPECT_NE(lit.find(needle), std::string::npos)
        << "no lit test checks for " << k.id.str() << " (expected a CHECK line containing '" << needle << "')";
  }
}

TEST(Registry, EveryKindIsExplainedOnItsOwn) {
  for (const auto &k : cutover::diag::allKinds()) {
    const cutover::diag::Explanation &e = cutover::diag::explanation(k.kind);
    EXPECT_FALSE(e.rule.empty()) << k.id.str();
    EXPECT_FALSE(e.failing.empty()) << k.id.str();
    EXPECT_FALSE(e.fixed.empty()) << k.id.str();
    EXPECT_NE(e.failing, e.fixed) << k.id.str();
    // What a user reads must stand on its own: no pointer to a document.
    for (llvm::StringRef text : {e.rule, e.failing, e.fixed}) {
      EXPECT_FALSE(text.contains(".md")) << k.id.str();
      EXPECT_FALSE(text.contains_insensitive("section ")) << k.id.str();
    }
    llvm::SmallVector<llvm::StringRef, 16> lines;
    e.rule.split(lines, '\n');
    for (llvm::StringRef line : lines) EXPECT_LE(line.size(), 80u) << k.id.str() << ": " << line.str();
  }
}

TEST(Closest, SuggestsNearNamesOnly) {
  using cutover::diag::closestMatch;
  EXPECT_EQ(closestMatch("fe2100", {"fe2010", "edge2010"}), "fe2010");
  EXPECT_EQ(closestMatch("zzz", {"fe2010", "edge2010"}), std::nullopt);
  EXPECT_EQ(closestMatch("archving", {"archiving", "monitoring"}), "archiving");
}

} // namespace
