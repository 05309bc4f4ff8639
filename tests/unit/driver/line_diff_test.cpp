#include "tools/cutover/line_diff.h"

#include <gtest/gtest.h>

using cutover::driver::unifiedDiff;

TEST(LineDiff, EqualTextsGiveNothing) { EXPECT_EQ(unifiedDiff("a\nb\n", "a\nb\n", "x", "y"), ""); }

TEST(LineDiff, OneChangedLineWithContext) {
  EXPECT_EQ(unifiedDiff("1\n2\n3\n4\n5\n6\n7\n8\n", "1\n2\n3\n4\nfive\n6\n7\n8\n", "a/f", "b/f"),
            "--- a/f\n+++ b/f\n"
            "@@ -2,7 +2,7 @@\n 2\n 3\n 4\n-5\n+five\n 6\n 7\n 8\n");
}

TEST(LineDiff, DistantChangesMakeTwoHunks) {
  std::string before, after;
  for (int i = 1; i <= 20; ++i) {
    before += std::to_string(i) + "\n";
    after += (i == 2 || i == 18 ? "x" : std::to_string(i)) + "\n";
  }
  EXPECT_EQ(unifiedDiff(before, after, "a", "b"), "--- a\n+++ b\n"
                                                  "@@ -1,5 +1,5 @@\n 1\n-2\n+x\n 3\n 4\n 5\n"
                                                  "@@ -15,6 +15,6 @@\n 15\n 16\n 17\n-18\n+x\n 19\n 20\n");
}

TEST(LineDiff, InsertionIntoEmptyAndMissingFinalNewline) {
  EXPECT_EQ(unifiedDiff("", "a\n", "a", "b"), "--- a\n+++ b\n@@ -0,0 +1,1 @@\n+a\n");
  EXPECT_EQ(unifiedDiff("a", "a\n", "a", "b"), "--- a\n+++ b\n@@ -1,1 +1,1 @@\n-a\n\\ No newline at end of file\n+a\n");
}
