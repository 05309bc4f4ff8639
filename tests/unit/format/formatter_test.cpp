#include "compiler/format/formatter.h"

#include "compiler/parse/parser.h"

#include <gtest/gtest.h>
#include <llvm/Support/FileSystem.h>
#include <llvm/Support/MemoryBuffer.h>
#include <llvm/Support/Path.h>

#include <algorithm>

namespace {

using cutover::format::formatFile;

// Parses `text` and formats it; fails the test on a syntax error.
std::string format(const std::string &text) {
  llvm::SourceMgr sm;
  unsigned id = sm.AddNewSourceBuffer(llvm::MemoryBuffer::getMemBufferCopy(text, "test.cut"), llvm::SMLoc());
  cutover::diag::Diagnostics diags;
  std::unique_ptr<cutover::ast::File> file = cutover::parse::parseBuffer(sm, id, diags);
  EXPECT_TRUE(file) << "does not parse:\n" << text;
  if (!file) return {};
  return formatFile(*file, sm);
}

// Formats, and checks that formatting the result changes nothing.
std::string formatStable(const std::string &text) {
  std::string once = format(text);
  EXPECT_EQ(format(once), once) << "not idempotent on:\n" << text;
  return once;
}

TEST(Formatter, EmptyFileStaysEmpty) { EXPECT_EQ(formatStable(""), ""); }

TEST(Formatter, UseAndWaiveGroupsKeepTheUsersBlankLines) {
  EXPECT_EQ(formatStable("use a use \"b.cut\"\n\n\n\nuse c waive P \"r\"\nwaive Q for x,y until \"2030-01-01\" \"r\""),
            "use a\nuse \"b.cut\"\n\nuse c\n\nwaive P \"r\"\nwaive Q for x, y until \"2030-01-01\" \"r\"\n");
}

TEST(Formatter, ComponentsAlignInRunsBrokenByBlankLines) {
  EXPECT_EQ(formatStable("deployment d { site s { a x { k 1, kk 2 } long_role y { k 10, kk 2, z 3 }\n\n"
                         "r n data h { kind k, held_by n } } critical s1,s2 }"),
            "deployment d {\n"
            "  site s {\n"
            "    a         x { k 1,  kk 2 }\n"
            "    long_role y { k 10, kk 2, z 3 }\n"
            "\n"
            "    r    n\n"
            "    data h { kind k, held_by n }\n"
            "  }\n"
            "  critical s1, s2\n"
            "}\n");
}

TEST(Formatter, EveryStepVerb) {
  std::string steps = "deploy r n { a [1, 2.0, x, \"s\", true] }\n"
                      "decommission a, b\n"
                      "move 5 users from a to b\n"
                      "move all users from a to b\n"
                      "enable s on n { store x }\n"
                      "enable s on n\n"
                      "disable s on n\n"
                      "set n { users 0 }\n"
                      "backup d to \"\\\\\\\\fs\\\\x\"\n"
                      "migrate d to n\n"
                      "confirm t \"note\"\n";
  std::string indented;
  for (llvm::StringRef rest = steps; !rest.empty();) {
    auto [lineText, tail] = rest.split('\n');
    indented += "    " + lineText.str() + "\n";
    rest = tail;
  }
  EXPECT_EQ(formatStable("migration m of d { phase p after a,b \"t\" {" + steps + "} }"),
            "migration m of d {\n  phase p after a, b \"t\" {\n" + indented + "  }\n}\n");
}

TEST(Formatter, ExpressionsKeepTheUsersParentheses) {
  EXPECT_EQ(formatStable("policy P error \"t\" { require ((a)) and not(b or c) or f(x,[1,2]) in y }"),
            "policy P error \"t\" {\n  require ((a)) and not (b or c) or f(x, [1, 2]) in y\n}\n");
}

TEST(Formatter, StringsAreReescaped) {
  EXPECT_EQ(formatStable("use \"a\\\"b\\\\c\\nd\\te\""), "use \"a\\\"b\\\\c\\nd\\te\"\n");
}

TEST(Formatter, CommentInsideAnAttributeListMovesBeforeTheComponent) {
  EXPECT_EQ(formatStable("deployment d {\n  r n { a 1, # why\n b 2 } # after\n}\n"),
            "deployment d {\n  # why\n  r n { a 1, b 2 }  # after\n}\n");
}

// A blank line inside a construct is not a separator: keeping it before the
// moved comment would break the alignment run on the next pass.
TEST(Formatter, BlankLineInsideAMovedCommentsConstructIsDropped) {
  EXPECT_EQ(formatStable("deployment d {\n  r n { a 1 }\n  role2 name2 { a 1,\n\n  # c\n  b 2 }\n}\n"),
            "deployment d {\n  r     n     { a 1 }\n  # c\n  role2 name2 { a 1, b 2 }\n}\n");
}

TEST(Formatter, ExpectCommentsStayOnTheirLine) {
  EXPECT_EQ(formatStable("migration m {\n phase p {\n  decommission a   # expect: CORE-DATA-001 a\n }\n}\n"),
            "migration m {\n  phase p {\n    decommission a  # expect: CORE-DATA-001 a\n  }\n}\n");
}

TEST(Formatter, CommentOnTheFirstLineOfAJoinedConstructStaysOnIt) {
  EXPECT_EQ(formatStable("migration m {\n phase p {\n  decommission a, # expect: CORE-DATA-001 a\n   b\n }\n}\n"),
            "migration m {\n  phase p {\n    decommission a, b  # expect: CORE-DATA-001 a\n  }\n}\n");
}

TEST(Formatter, OnlyComments) { EXPECT_EQ(formatStable("  # one   \n\n\n# two\n"), "# one\n\n# two\n"); }

// ---- long clauses (docs/formatter.md#long-clauses) ----

std::string policyWith(const std::string &clauses) { return "policy P error \"t\" {\n" + clauses + "}\n"; }

TEST(FormatterLongClauses, AClauseThatFitsStaysOnOneLine) {
  // 100 columns exactly: `  require ` and 90 more.
  std::string require = "  require a." + std::string(88, 'x') + "\n";
  ASSERT_EQ(require.size(), 101u);
  EXPECT_EQ(formatStable(policyWith(require)), policyWith(require));
  std::string longer = "  require a." + std::string(89, 'x') + "\n";
  EXPECT_EQ(formatStable(policyWith(longer)), policyWith(longer)) << "an atom is never split";
}

TEST(FormatterLongClauses, WidthCountsCodePoints) {
  // 100 columns of text, more bytes: stays on one line.
  std::string hint = "  hint when a \"" + std::string(40, 'x');
  for (int i = 0; i < 43; ++i) hint += "\xC3\xA9"; // é
  hint += "\"\n";
  EXPECT_EQ(formatStable(policyWith(hint)), policyWith(hint));
}

TEST(FormatterLongClauses, ForBreaksBeforeWhereThenAtTopLevelAndOr) {
  EXPECT_EQ(formatStable(policyWith("for s: archiving_server | monitoring_server, p: component where s.status == "
                                    "active and p in s.serves and not (s.version < 2007) and not (p.version < 2007) "
                                    "and p.users > 0 require true\n")),
            policyWith(
                "  for s: archiving_server | monitoring_server, p: component\n"
                "    where s.status == active and p in s.serves and not (s.version < 2007) and not (p.version < 2007)\n"
                "      and p.users > 0\n"
                "  require true\n"));
  EXPECT_EQ(formatStable(policyWith("on decommission s where s.role in [archiving_server, monitoring_server] and "
                                    "s.version >= 2007 and s.version < 2013 and s.users > 0 or p.users > 0 "
                                    "require false\n")),
            policyWith(
                "  on decommission s\n"
                "    where s.role in [archiving_server, monitoring_server] and s.version >= 2007 and s.version < 2013\n"
                "          and s.users > 0\n"
                "      or p.users > 0\n"
                "  require false\n"))
      << "an `and` list inside an `or` lines up with its own start, not with the `or`";
}

TEST(FormatterLongClauses, ParenthesesAndQuantifiersBreakInside) {
  EXPECT_EQ(formatStable(policyWith("require (p.version < 2013 and (exists s: archiving_server where p in s.serves "
                                    "and s.status == active and (s.version == p.version or s.version < 2007))) or "
                                    "(p.version >= 2013 and archiving in p.services)\n")),
            policyWith("  require (p.version < 2013\n"
                       "           and (exists s: archiving_server\n"
                       "                  where p in s.serves and s.status == active\n"
                       "                    and (s.version == p.version or s.version < 2007)))\n"
                       "      or (p.version >= 2013 and archiving in p.services)\n"));
  EXPECT_EQ(formatStable(policyWith("when count(c: component where c.hosts_cms == true and c.status == active and "
                                    "c.version >= 2013 and c.role == front_end) == 1\n")),
            policyWith("  when count(c: component\n"
                       "         where c.hosts_cms == true and c.status == active and c.version >= 2013\n"
                       "           and c.role == front_end) == 1\n"))
      << "a comparison is not broken: its operand is";
}

TEST(FormatterLongClauses, AConditionalTextGoesOnItsOwnLine) {
  const std::string text = "\"" + std::string(70, 'x') + "\"";
  const std::string longText = "\"" + std::string(140, 'x') + "\"";
  EXPECT_EQ(formatStable(policyWith("hint when p.version >= 2013 " + text + "\nmessage " + longText + "\n")),
            policyWith("  hint when p.version >= 2013\n    " + text + "\n  message " + longText + "\n"))
      << "a text without a condition stays where it is: a string is never split";
  EXPECT_EQ(formatStable(policyWith("message when a.x == 1 and b.x == 2 and c.x == 3 and d.x == 4 and e.x == 5 and "
                                    "f.x == 6 and g.x == 7 \"m\"\n")),
            policyWith("  message when a.x == 1 and b.x == 2 and c.x == 3 and d.x == 4 and e.x == 5 and f.x == 6\n"
                       "      and g.x == 7\n"
                       "    \"m\"\n"));
}

TEST(FormatterLongClauses, TheLayoutDoesNotDependOnTheSourceLineBreaks) {
  const std::string expected =
      policyWith("  require aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa and bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb\n"
                 "      and cccccccccccccccccccccccccccccccc\n");
  EXPECT_EQ(formatStable(
                policyWith("require aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\n and bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb\n"
                           "and cccccccccccccccccccccccccccccccc\n")),
            expected);
  EXPECT_EQ(
      formatStable(policyWith("require aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa and bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb "
                              "and\n\n    cccccccccccccccccccccccccccccccc\n")),
      expected);
}

TEST(FormatterLongClauses, CommentsKeepTheirPlace) {
  const std::string clause =
      "require aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa and bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb and c";
  // A comment after the clause trails its last line; one on its first line
  // (with none after it) trails the first line; one inside moves before it.
  EXPECT_EQ(
      formatStable(policyWith(clause + "  # after\n")),
      policyWith("  require aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa and bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb\n"
                 "      and c  # after\n"));
  EXPECT_EQ(formatStable(policyWith("require aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa  # expect: X\n"
                                    "and bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb and c\n")),
            policyWith("  require aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa and "
                       "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb  # expect: X\n"
                       "      and c\n"));
  EXPECT_EQ(
      formatStable(policyWith("require aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\n"
                              "and bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb  # inside\n"
                              "and c\n")),
      policyWith("  # inside\n"
                 "  require aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa and bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb\n"
                 "      and c\n"));
}

// Every case in tests/cases/fmt/: the formatted text equals the golden, the
// golden is a fixed point, and no comment is lost.
TEST(Formatter, GoldenCases) {
  std::error_code ec;
  std::string dir = CUTOVER_SOURCE_DIR "/tests/cases/fmt";
  std::vector<std::string> cases;
  for (llvm::sys::fs::directory_iterator it(dir, ec), end; it != end && !ec; it.increment(ec))
    if (llvm::sys::path::extension(it->path()) == ".cut") cases.push_back(it->path());
  ASSERT_FALSE(ec) << ec.message();
  ASSERT_FALSE(cases.empty());
  for (const std::string &input : cases) {
    SCOPED_TRACE(input);
    auto source = llvm::MemoryBuffer::getFile(input);
    auto golden = llvm::MemoryBuffer::getFile(input + ".golden");
    ASSERT_TRUE(source && golden);
    std::string formatted = format((*source)->getBuffer().str());
    EXPECT_EQ(formatted, (*golden)->getBuffer().str());
    EXPECT_EQ(format(formatted), formatted);
    llvm::StringRef text = (*source)->getBuffer();
    EXPECT_EQ(std::count(formatted.begin(), formatted.end(), '#'), std::count(text.begin(), text.end(), '#'))
        << "every '#' (comments and strings) survives";
  }
}

} // namespace
