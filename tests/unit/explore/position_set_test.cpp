#include "runtime/explore/position_set.h"

#include <gtest/gtest.h>

#include <random>
#include <set>

namespace cutover::explore {
namespace {

using Reference = std::set<uint32_t>;

std::vector<uint32_t> elements(const PositionSet &s) {
  std::vector<uint32_t> out;
  s.forEach([&](uint32_t p) { out.push_back(p); });
  return out;
}

PositionSet of(const Reference &r) {
  PositionSet s;
  for (uint32_t p : r) s.set(p);
  return s;
}

// The canonical order on plain sets: fewer first, then lexicographically.
bool referenceLess(const Reference &a, const Reference &b) {
  if (a.size() != b.size()) return a.size() < b.size();
  return std::lexicographical_compare(a.begin(), a.end(), b.begin(), b.end());
}

void expectSame(const PositionSet &s, const Reference &r) {
  EXPECT_EQ(elements(s), std::vector<uint32_t>(r.begin(), r.end()));
  EXPECT_EQ(s.count(), r.size());
  EXPECT_EQ(s.none(), r.empty());
  if (!r.empty()) {
    EXPECT_EQ(s.last(), *r.rbegin());
  }
}

TEST(PositionSetTest, RunsJoinAndSplit) {
  PositionSet s;
  s.set(3);
  s.set(5);
  s.set(4); // joins [3, 4) and [5, 6)
  expectSame(s, {3, 4, 5});
  EXPECT_EQ(s, PositionSet::range(3, 6));
  s.reset(4); // splits it again
  expectSame(s, {3, 5});
  s.reset(3);
  s.reset(5);
  expectSame(s, {});
  EXPECT_EQ(s, PositionSet());
  s.reset(7); // absent: nothing changes
  expectSame(s, {});
}

TEST(PositionSetTest, EqualSetsAreEqualHoweverBuilt) {
  PositionSet a = PositionSet::range(0, 4), b;
  for (uint32_t p : {3u, 1u, 0u, 2u}) b.set(p);
  EXPECT_EQ(a, b);
  EXPECT_EQ(a.hash(), b.hash());
  PositionSet c = PositionSet::range(0, 2);
  c |= PositionSet::range(2, 4);
  EXPECT_EQ(a, c);
  EXPECT_EQ(a.hash(), c.hash());
}

TEST(PositionSetTest, CanonicalOrderIsSizeThenFirstDifferingPosition) {
  EXPECT_TRUE(PositionSet::less(of({5}), of({0, 1})));
  EXPECT_TRUE(PositionSet::less(of({0, 5}), of({1, 2})));
  EXPECT_TRUE(PositionSet::less(of({1, 2}), of({1, 3})));
  EXPECT_TRUE(PositionSet::less(of({0, 1, 2, 7}), of({0, 1, 3, 4})));
  EXPECT_FALSE(PositionSet::less(of({0, 1, 3, 4}), of({0, 1, 2, 7})));
  EXPECT_FALSE(PositionSet::less(of({1, 3}), of({1, 3})));
  EXPECT_FALSE(PositionSet::less(PositionSet(), PositionSet()));
}

// Random operations against std::set: every operation, and the order.
TEST(PositionSetTest, AgreesWithASetOfPositions) {
  std::mt19937 random(18);
  std::uniform_int_distribution<uint32_t> position(0, 40), op(0, 3);
  std::vector<std::pair<PositionSet, Reference>> sets(8);
  for (int round = 0; round < 4000; ++round) {
    auto &[s, r] = sets[round % sets.size()];
    const uint32_t p = position(random);
    switch (op(random)) {
    case 0:
      s.set(p);
      r.insert(p);
      break;
    case 1:
      s.reset(p);
      r.erase(p);
      break;
    case 2: {
      const auto &[other, otherReference] = sets[p % sets.size()];
      s |= other;
      r.insert(otherReference.begin(), otherReference.end());
      break;
    }
    default:
      if (round % 50 == 0) {
        s = PositionSet();
        r.clear();
      }
    }
    expectSame(s, r);
    EXPECT_EQ(s.test(p), r.count(p) == 1);
    for (const auto &[other, otherReference] : sets) {
      EXPECT_EQ(s == other, r == otherReference);
      if (r == otherReference) {
        EXPECT_EQ(s.hash(), other.hash());
      }
      EXPECT_EQ(PositionSet::less(s, other), referenceLess(r, otherReference));
    }
  }
}

} // namespace
} // namespace cutover::explore
