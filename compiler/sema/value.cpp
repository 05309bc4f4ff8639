#include "compiler/sema/value.h"

#include <algorithm>

namespace cutover::sema {

Value Value::string(std::string s) {
  Value v;
  v.kind = Kind::String;
  v.str = std::move(s);
  return v;
}

Value Value::version(std::vector<uint64_t> parts) {
  Value v;
  v.kind = Kind::Version;
  v.parts = std::move(parts);
  return v;
}

Value Value::list(std::vector<Value> items) {
  Value v;
  v.kind = Kind::List;
  v.items = std::move(items);
  return v;
}

bool parseVersion(const std::string &text, std::vector<uint64_t> &parts) {
  parts.clear();
  uint64_t current = 0;
  bool digits = false;
  for (char c : text) {
    if (c == '.') {
      if (!digits) return false;
      parts.push_back(current);
      current = 0;
      digits = false;
    } else if (c >= '0' && c <= '9') {
      if (current > (std::numeric_limits<uint64_t>::max() - 9) / 10) return false;
      current = current * 10 + static_cast<uint64_t>(c - '0');
      digits = true;
    } else {
      return false;
    }
  }
  if (!digits) return false;
  parts.push_back(current);
  return true;
}

namespace {
// The components of a numeric value; an Int is a one-part version.
std::vector<uint64_t> numericParts(const Value &v) {
  if (v.kind == Value::Kind::Version) return v.parts;
  return {static_cast<uint64_t>(v.num)};
}
} // namespace

int compareNumeric(const Value &a, const Value &b) {
  // Negative ints (only possible through arithmetic-free literals, so never in
  // practice) order below every version.
  if (a.kind == Value::Kind::Int && b.kind == Value::Kind::Int) return a.num < b.num ? -1 : (a.num > b.num ? 1 : 0);
  if (a.kind == Value::Kind::Int && a.num < 0) return -1;
  if (b.kind == Value::Kind::Int && b.num < 0) return 1;
  std::vector<uint64_t> x = numericParts(a), y = numericParts(b);
  size_t n = std::max(x.size(), y.size());
  x.resize(n, 0); // missing components read as zero: 2013 == 2013.0
  y.resize(n, 0);
  return x < y ? -1 : (x > y ? 1 : 0);
}

bool valuesEqual(const Value &a, const Value &b) {
  if (a.isNumeric() && b.isNumeric()) return compareNumeric(a, b) == 0;
  if (a.kind != b.kind) return false;
  switch (a.kind) {
  case Value::Kind::None: return true;
  case Value::Kind::String: return a.str == b.str;
  case Value::Kind::List:
    return std::equal(a.items.begin(), a.items.end(), b.items.begin(), b.items.end(), valuesEqual);
  default: return a.num == b.num;
  }
}

bool valueIn(const Value &a, const Value &b) {
  if (a.isNone() || b.isNone()) return false;
  if (b.kind == Value::Kind::List)
    return std::any_of(b.items.begin(), b.items.end(), [&](const Value &item) { return valuesEqual(a, item); });
  return valuesEqual(a, b);
}

} // namespace cutover::sema
