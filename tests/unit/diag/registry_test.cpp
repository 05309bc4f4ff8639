// Every compiler finding kind is declared once and exercised by a lit test
// that triggers it, as Carbon's toolchain does for its diagnostics.
#include "compiler/diag/diagnostic.h"

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

TEST(Closest, SuggestsNearNamesOnly) {
  using cutover::diag::closestMatch;
  EXPECT_EQ(closestMatch("fe2100", {"fe2010", "edge2010"}), "fe2010");
  EXPECT_EQ(closestMatch("zzz", {"fe2010", "edge2010"}), std::nullopt);
  EXPECT_EQ(closestMatch("archving", {"archiving", "monitoring"}), "archiving");
}

} // namespace
