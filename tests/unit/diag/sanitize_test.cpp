#include "compiler/diag/sanitize.h"

#include <gtest/gtest.h>

namespace cutover::diag {
namespace {

TEST(Sanitize, PlainTextAndTabsStay) { EXPECT_EQ(sanitize("plan.cut:\tcafé ✓"), "plan.cut:\tcafé ✓"); }

TEST(Sanitize, ControlsBidiAndInvalidBytesAreEscaped) {
  EXPECT_EQ(sanitize("a\x1b[31mb\x07\n\x7f"), "a\\x1b[31mb\\x07\\x0a\\x7f");
  EXPECT_EQ(sanitize("\xc2\x9b"
                     "2J"),
            "\\u009b2J");
  EXPECT_EQ(sanitize("evil\xe2\x80\xaetxt"), "evil\\u202etxt");
  EXPECT_EQ(sanitize("a\xe2\x81\xa6"
                     "b\xd8\x9c"
                     "c\xe2\x80\xa8"),
            "a\\u2066b\\u061cc\\u2028");
  EXPECT_EQ(sanitize("bad\xff\xc3"), "bad\\xff\\xc3");
  EXPECT_EQ(sanitize("\xed\xa0\x80"), "\\xed\\xa0\\x80"); // a surrogate is invalid UTF-8
}

TEST(Sanitize, NoWorkflowCommand) {
  EXPECT_EQ(sanitize("::error::x"), "\\x3a:error::x");
  EXPECT_EQ(sanitize("  \xe3\x80\x80::warning::x"), "  \xe3\x80\x80\\x3a:warning::x"); // after U+3000 too
  EXPECT_EQ(sanitize("a::b"), "a::b");                                                 // not at the start
  EXPECT_EQ(sanitize("x ##[error]y"), "x ##\\x5berror]y");
}

TEST(QuoteSourceLine, ColumnsFollowTheEscapes) {
  QuotedLine q = quoteSourceLine("a\x1b"
                                 "b",
                                 2);
  EXPECT_EQ(q.text, "a\\x1bb");
  ASSERT_EQ(q.column.size(), 4u);
  EXPECT_EQ(q.column[0], 0u);
  EXPECT_EQ(q.column[1], 1u);
  EXPECT_EQ(q.column[2], 5u);
  EXPECT_EQ(q.column[3], 6u);
}

TEST(QuoteSourceLine, LongLinesAreClippedAroundTheCaret) {
  std::string line(10000, 'x');
  line[5000] = 'C';
  QuotedLine q = quoteSourceLine(line, 5000);
  EXPECT_LE(q.text.size(), kMaxQuotedColumns + 6);
  EXPECT_EQ(q.text.substr(0, 3), "...");
  EXPECT_EQ(q.text.substr(q.text.size() - 3), "...");
  EXPECT_EQ(q.text[q.column[5000]], 'C');
  QuotedLine start = quoteSourceLine(line, 0);
  EXPECT_NE(start.text.substr(0, 3), "...");
  EXPECT_EQ(start.column[0], 0u);
}

TEST(Github, EscapesByGithubsRules) {
  EXPECT_EQ(githubData("50% done\r\n"), "50%25 done\\x0d\\x0a");
  EXPECT_EQ(githubProperty("a,b:c%.cut"), "a%2Cb%3Ac%25.cut");
}

} // namespace
} // namespace cutover::diag
