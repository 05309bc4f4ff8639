// Abstract values: the values an expression may take in any reachable state
// (docs/verification.md, "What a binding reads"), and the helpers every part
// of the reduced exploration shares.
#pragma once

#include "compiler/sema/value.h"

#include <llvm/ADT/SmallVector.h>

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace cutover::eval::reduced {

// Possible values: most are one or two (a binder's candidate, a status, a
// truth), kept inline: the enumeration makes and drops them per binding.
using Values = llvm::SmallVector<sema::Value, 2>;
// The values an expression may take in any reachable state; nullopt: any.
using Abs = std::optional<Values>;
// Past this many values an expression is taken to be any value.
inline constexpr size_t kMaxAbs = 256;

// What a condition may be: true, false, or either (bits).
enum Truth : uint8_t { kTrue = 1, kFalse = 2, kEither = 3 };

// Adds `v` unless an equal value is there. (Inline, as the other small
// helpers here: the abstract evaluation calls them in its inner loops.)
inline void addValue(Values &values, sema::Value v) {
  for (const sema::Value &x : values)
    if (x.kind == v.kind && sema::valuesEqual(x, v)) return;
  values.push_back(std::move(v));
}

inline Truth truthOf(const Abs &a) {
  if (!a) return kEither;
  uint8_t t = 0;
  for (const sema::Value &v : *a) t |= v.kind == sema::Value::Kind::Bool && v.num != 0 ? kTrue : kFalse;
  return t ? static_cast<Truth>(t) : kFalse; // no value at all: nothing to violate
}

inline Abs truthValues(uint8_t t) {
  Values out;
  if (t & kTrue) out.push_back(sema::Value::boolean(true));
  if (t & kFalse) out.push_back(sema::Value::boolean(false));
  return out;
}

// The entities a binder may range over, ascending.
struct CandidateList {
  sema::Value::Kind kind = sema::Value::Kind::Component;
  std::vector<uint32_t> ids;
  size_t size() const { return ids.size(); }
  sema::Value operator[](size_t k) const {
    return kind == sema::Value::Kind::Data ? sema::Value::data(ids[k]) : sema::Value::component(ids[k]);
  }
};

// Values that valuesEqual compares exactly as their serialization does
// (numbers compare across kinds and lists item by item: not these).
inline bool hashable(const sema::Value &v) { return !v.isNumeric() && v.kind != sema::Value::Kind::List; }

// Appends a text that equal hashable values share, and only they.
void serialize(const sema::Value &v, std::string &out);

// Whether two values are the same value as written (what serialize() tells
// apart: kind, number, text, version parts, items), and a hash that such
// values share. (A version 2013 and an int 2013 are equal, not identical.)
bool identical(const sema::Value &a, const sema::Value &b);
uint64_t identityHash(const sema::Value &v);

} // namespace cutover::eval::reduced
