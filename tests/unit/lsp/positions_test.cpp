// Byte offsets <-> LSP positions, in UTF-16 code units and in UTF-8 bytes.
#include "tools/cutover/lsp/positions.h"

#include <gtest/gtest.h>

namespace cutover::lsp {
namespace {

using E = Encoding;

TEST(LineTable, AsciiLinesAreBytesInBothEncodings) {
  LineTable t("ab\ncd\n");
  EXPECT_EQ(t.lineCount(), 3u);
  EXPECT_EQ(t.position(0, E::Utf16), (Position{0, 0}));
  EXPECT_EQ(t.position(4, E::Utf16), (Position{1, 1}));
  EXPECT_EQ(t.position(6, E::Utf8), (Position{2, 0}));
  EXPECT_EQ(t.offset({1, 1}, E::Utf16), 4u);
  EXPECT_EQ(t.offset({1, 1}, E::Utf8), 4u);
}

TEST(LineTable, TwoAndThreeByteCharactersAreOneUtf16Unit) {
  // "é" is 2 bytes, "€" 3 bytes; each one UTF-16 unit.
  LineTable t("é€x");
  EXPECT_EQ(t.position(5, E::Utf16), (Position{0, 2}));
  EXPECT_EQ(t.position(5, E::Utf8), (Position{0, 5}));
  EXPECT_EQ(t.offset({0, 2}, E::Utf16), 5u);
  EXPECT_EQ(t.offset({0, 5}, E::Utf8), 5u);
}

TEST(LineTable, FourByteCharactersAreTwoUtf16Units) {
  // U+1F600 is 4 bytes and a surrogate pair.
  LineTable t("a\xF0\x9F\x98\x80"
              "b");
  EXPECT_EQ(t.position(5, E::Utf16), (Position{0, 3}));
  EXPECT_EQ(t.offset({0, 3}, E::Utf16), 5u);
  // Between the two surrogates: the start of the character.
  EXPECT_EQ(t.offset({0, 2}, E::Utf16), 1u);
}

TEST(LineTable, InvalidBytesAreOneUnitEach) {
  LineTable t("\xFF\xFEz");
  EXPECT_EQ(t.position(2, E::Utf16), (Position{0, 2}));
  EXPECT_EQ(t.offset({0, 2}, E::Utf16), 2u);
  // A lead byte whose sequence is cut short by the end of the text.
  LineTable cut("a\xE2\x82");
  EXPECT_EQ(cut.position(3, E::Utf16), (Position{0, 3}));
}

TEST(LineTable, PositionsPastTheEndAreClamped) {
  LineTable t("ab\r\ncd");
  EXPECT_EQ(t.line(0), "ab"); // the CR belongs to no position
  EXPECT_EQ(t.offset({0, 99}, E::Utf16), 2u);
  EXPECT_EQ(t.offset({7, 0}, E::Utf16), 6u);
  EXPECT_EQ(t.position(99, E::Utf16), (Position{1, 2}));
}

TEST(LineTable, EmptyText) {
  LineTable t("");
  EXPECT_EQ(t.lineCount(), 1u);
  EXPECT_EQ(t.position(0, E::Utf16), (Position{0, 0}));
  EXPECT_EQ(t.offset({0, 5}, E::Utf16), 0u);
}

} // namespace
} // namespace cutover::lsp
