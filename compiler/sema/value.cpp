#include "compiler/sema/value.h"

#include <algorithm>

namespace cutover::sema {

// An empty string, version or list needs no payload: the accessors read it as empty.
Value Value::string(std::string s) {
  Value v = make(Kind::String, 0);
  if (!s.empty()) v.payload_ = llvm::makeIntrusiveRefCnt<const Payload>(std::move(s));
  return v;
}

Value Value::version(std::vector<uint64_t> parts) {
  Value v = make(Kind::Version, 0);
  if (!parts.empty()) v.payload_ = llvm::makeIntrusiveRefCnt<const Payload>(std::move(parts));
  return v;
}

Value Value::list(std::vector<Value> items) {
  Value v = make(Kind::List, 0);
  if (!items.empty()) v.payload_ = llvm::makeIntrusiveRefCnt<const Payload>(std::move(items));
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
// Part i of a numeric value (an Int is a one-part version); missing parts read
// as zero: 2013 == 2013.0.
uint64_t part(const Value &v, size_t i) {
  if (v.kind == Value::Kind::Version) return i < v.parts().size() ? v.parts()[i] : 0;
  return i == 0 ? static_cast<uint64_t>(v.num) : 0;
}
size_t partCount(const Value &v) { return v.kind == Value::Kind::Version ? v.parts().size() : 1; }
} // namespace

int compareNumeric(const Value &a, const Value &b) {
  // Negative ints (only possible through arithmetic-free literals, so never in
  // practice) order below every version.
  if (a.kind == Value::Kind::Int && b.kind == Value::Kind::Int) return a.num < b.num ? -1 : (a.num > b.num ? 1 : 0);
  if (a.kind == Value::Kind::Int && a.num < 0) return -1;
  if (b.kind == Value::Kind::Int && b.num < 0) return 1;
  const size_t n = std::max(partCount(a), partCount(b));
  for (size_t i = 0; i < n; ++i) {
    const uint64_t x = part(a, i), y = part(b, i);
    if (x != y) return x < y ? -1 : 1;
  }
  return 0;
}

bool valuesEqual(const Value &a, const Value &b) {
  if (a.isNumeric() && b.isNumeric()) return compareNumeric(a, b) == 0;
  if (a.kind != b.kind) return false;
  switch (a.kind) {
  case Value::Kind::None: return true;
  case Value::Kind::String: return a.samePayload(b) || a.str() == b.str();
  case Value::Kind::List:
    return a.samePayload(b) ||
           std::equal(a.items().begin(), a.items().end(), b.items().begin(), b.items().end(), valuesEqual);
  default: return a.num == b.num;
  }
}

bool valueIn(const Value &a, const Value &b) {
  if (a.isNone() || b.isNone()) return false;
  if (b.kind != Value::Kind::List) return valuesEqual(a, b);
  // An entity, symbol or truth equals an item exactly when kind and number
  // do (valuesEqual's last case): compared in line, as `p in s.serves`
  // runs per binding over lists of many pools.
  if (a.kind == Value::Kind::Bool || a.kind == Value::Kind::Symbol || a.kind == Value::Kind::Component ||
      a.kind == Value::Kind::Data)
    return std::any_of(b.items().begin(), b.items().end(),
                       [&](const Value &item) { return item.kind == a.kind && item.num == a.num; });
  return std::any_of(b.items().begin(), b.items().end(), [&](const Value &item) { return valuesEqual(a, item); });
}

} // namespace cutover::sema
