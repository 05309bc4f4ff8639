// The `# expect:` syntax of verify mode.
#include "runtime/session/expect.h"

#include <gtest/gtest.h>

namespace {

using cutover::session::parseExpectations;

TEST(Expectations, OnePerCommaSeparatedSpec) {
  auto e = parseExpectations("a\n  decommission x  # expect: CORE-DATA-001 x hist, E-STEP\nb\n");
  ASSERT_EQ(e.size(), 2u);
  EXPECT_EQ(e[0].line, 2u);
  EXPECT_EQ(e[0].id, "CORE-DATA-001");
  EXPECT_EQ(e[0].entities, (std::vector<std::string>{"x", "hist"}));
  EXPECT_EQ(e[1].line, 2u);
  EXPECT_EQ(e[1].id, "E-STEP");
  EXPECT_TRUE(e[1].entities.empty());
}

TEST(Expectations, OnlyExpectComments) {
  EXPECT_TRUE(parseExpectations("# expected: X\n# expect X\nphase p {}\n").empty());
  auto e = parseExpectations("\n\n\n# expect: W-UNUSED-WAIVER");
  ASSERT_EQ(e.size(), 1u);
  EXPECT_EQ(e[0].line, 4u);
}

} // namespace
