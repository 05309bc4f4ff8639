// --select / --ignore: prefixes, case, the longest selector deciding, and
// the findings that no selection hides.
#include "runtime/session/select.h"

#include <gtest/gtest.h>

namespace {

using cutover::session::Selection;

TEST(Selection, EverythingByDefault) {
  Selection all;
  EXPECT_TRUE(all.selectsAll());
  EXPECT_TRUE(all.selects("CORE-DATA-001"));
  EXPECT_TRUE(all.selects("W-UNUSED-WAIVER"));
}

TEST(Selection, PrefixesWhateverTheCase) {
  Selection s({"lync-arc", "W-"}, {});
  EXPECT_TRUE(s.selects("LYNC-ARC-004"));
  EXPECT_TRUE(s.selects("W-EXPIRED-WAIVER"));
  EXPECT_FALSE(s.selects("LYNC-MON-004"));
  EXPECT_FALSE(s.selects("CORE-DATA-001"));
  // A prefix longer than the ID does not match it.
  EXPECT_FALSE(Selection({"CORE-DATA-0011"}, {}).selects("CORE-DATA-001"));
}

TEST(Selection, LongestSelectorDecidesIgnoreWinsTies) {
  Selection narrowIgnore({"CORE"}, {"CORE-DATA"});
  EXPECT_TRUE(narrowIgnore.selects("CORE-USERS-001"));
  EXPECT_FALSE(narrowIgnore.selects("CORE-DATA-001"));
  Selection narrowSelect({"CORE-DATA-001"}, {"CORE"});
  EXPECT_TRUE(narrowSelect.selects("CORE-DATA-001"));
  EXPECT_FALSE(narrowSelect.selects("CORE-USERS-001"));
  Selection tie({"CORE"}, {"core"});
  EXPECT_FALSE(tie.selects("CORE-USERS-001"));
  Selection ignoreOnly({}, {"W-"});
  EXPECT_TRUE(ignoreOnly.selects("E-DUP"));
  EXPECT_FALSE(ignoreOnly.selects("W-UNUSED-WAIVER"));
}

TEST(Selection, IncompleteChecksAreAlwaysReported) {
  Selection s({"LYNC"}, {"E-"});
  for (const char *id : {"E-SYNTAX", "E-USE", "E-LIMIT", "E-STATE-LIMIT"}) EXPECT_TRUE(s.selects(id)) << id;
  EXPECT_FALSE(s.selects("E-DUP"));
}

TEST(Selection, UnmatchedSelectorsGetTheClosestIdOrPrefix) {
  Selection s({"CORE-DAT-001", "LYNC", "XYZZY-PLUGH-QUUX"}, {"w-unused"});
  auto unmatched = s.unmatched({"CORE-DATA-001", "LYNC-ARC-004", "W-UNUSED-WAIVER"});
  ASSERT_EQ(unmatched.size(), 2u);
  EXPECT_EQ(unmatched[0].option, "--select");
  EXPECT_EQ(unmatched[0].selector, "CORE-DAT-001");
  EXPECT_EQ(unmatched[0].suggestion, "CORE-DATA-001");
  EXPECT_EQ(unmatched[1].selector, "XYZZY-PLUGH-QUUX");
  EXPECT_EQ(unmatched[1].suggestion, "");
}

} // namespace
