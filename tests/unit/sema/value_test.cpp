// Values: copies share a string's, version's or list's payload, which outlives
// every copy; equality, ordering and membership as policies compare.
#include "compiler/sema/value.h"

#include <gtest/gtest.h>

#include <thread>

namespace {

using cutover::sema::compareNumeric;
using cutover::sema::Value;
using cutover::sema::valueIn;
using cutover::sema::valuesEqual;

Value pools(int n) {
  std::vector<Value> items;
  items.reserve(n);
  for (int i = 0; i < n; ++i) items.push_back(Value::component(i));
  return Value::list(std::move(items));
}

TEST(Value, CopiesShareThePayloadAndOutliveTheOriginal) {
  Value copy;
  {
    Value text = Value::string(R"(\\fs01\arch)");
    copy = text;
    EXPECT_TRUE(copy.samePayload(text));
    EXPECT_EQ(&copy.str(), &text.str());
  }
  EXPECT_EQ(copy.str(), R"(\\fs01\arch)");
  Value list = pools(40);
  Value moved = std::move(list);
  std::vector<Value> copies(3, moved);
  moved = Value::integer(7);
  for (const Value &c : copies) {
    ASSERT_EQ(c.items().size(), 40u);
    EXPECT_EQ(c.items()[39].id(), 39u);
    EXPECT_TRUE(c.samePayload(copies[0]));
  }
  copies[1] = copies[1]; // self-assignment keeps the payload
  EXPECT_EQ(copies[1].items().size(), 40u);
}

TEST(Value, PlainValuesAndOtherKindsHaveNoPayload) {
  EXPECT_TRUE(Value::integer(3).str().empty());
  EXPECT_TRUE(Value::integer(3).items().empty());
  EXPECT_TRUE(Value::string("x").parts().empty());
  EXPECT_TRUE(Value::version({4, 0}).items().empty());
  EXPECT_FALSE(Value::integer(3).samePayload(Value::integer(3)));
  // Empty strings and lists are kinds without a payload, equal to each other.
  EXPECT_TRUE(valuesEqual(Value::string(""), Value::string("")));
  EXPECT_FALSE(valuesEqual(Value::string(""), Value::list({})));
  EXPECT_TRUE(valuesEqual(Value::list({}), Value::list({})));
}

TEST(Value, EqualityAndOrdering) {
  EXPECT_TRUE(valuesEqual(Value::integer(2013), Value::version({2013, 0})));
  EXPECT_TRUE(valuesEqual(Value::version({4, 0, 7577}), Value::version({4, 0, 7577, 0})));
  EXPECT_FALSE(valuesEqual(Value::version({4, 0, 7577}), Value::version({4, 0, 7577, 1})));
  EXPECT_LT(compareNumeric(Value::version({4, 0, 7577}), Value::version({4, 0, 7577, 1})), 0);
  EXPECT_GT(compareNumeric(Value::version({2013, 0, 1}), Value::integer(2013)), 0);
  EXPECT_LT(compareNumeric(Value::integer(-1), Value::version({})), 0);
  EXPECT_EQ(compareNumeric(Value::integer(0), Value::version({})), 0);
  EXPECT_TRUE(valuesEqual(Value::string("a"), Value::string("a")));
  EXPECT_FALSE(valuesEqual(Value::string("a"), Value::symbol(0)));
  EXPECT_TRUE(valuesEqual(Value::list({Value::integer(2013)}), Value::list({Value::version({2013, 0})})));
  EXPECT_FALSE(valuesEqual(pools(3), pools(4)));
  EXPECT_TRUE(valuesEqual(Value::none(), Value::none()));
  EXPECT_FALSE(valuesEqual(Value::none(), Value::integer(0)));
}

TEST(Value, Membership) {
  EXPECT_TRUE(valueIn(Value::component(5), pools(40)));
  EXPECT_FALSE(valueIn(Value::component(40), pools(40)));
  EXPECT_FALSE(valueIn(Value::data(5), pools(40)));
  EXPECT_TRUE(valueIn(Value::integer(2013), Value::version({2013})));
  EXPECT_FALSE(valueIn(Value::none(), Value::none()));
}

// Policies are verified on several threads, which copy and drop values of one
// shared list (the counts are atomic: a sanitizer build checks it).
TEST(Value, CopiesOnSeveralThreads) {
  const Value shared = pools(40);
  auto churn = [&] {
    for (int i = 0; i < 20000; ++i) {
      std::vector<Value> copies(4, shared);
      ASSERT_EQ(copies[3].items().size(), 40u);
    }
  };
  std::thread a(churn), b(churn);
  a.join();
  b.join();
  EXPECT_EQ(shared.items().size(), 40u);
}

} // namespace
