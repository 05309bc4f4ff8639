// Values of the model: attribute values in the deployment and plan, and the
// values that policies compute over states.
#pragma once

#include <cstdint>
#include <limits>
#include <string>
#include <vector>

namespace cutover::sema {

using SymbolId = uint32_t;
using ComponentId = uint32_t;
using DataId = uint32_t;
using PhaseId = uint32_t;
inline constexpr uint32_t kNoId = std::numeric_limits<uint32_t>::max();

struct Value {
  enum class Kind : uint8_t { None, Bool, Int, Version, String, Symbol, Component, Data, List };
  Kind kind = Kind::None;
  // Bool: 0/1; Int: the value; Symbol/Component/Data: the id.
  int64_t num = 0;
  std::string str;             // String
  std::vector<uint64_t> parts; // Version, e.g. 4.0.7577.0
  std::vector<Value> items;    // List

  static Value none() { return {}; }
  static Value boolean(bool b) { return make(Kind::Bool, b ? 1 : 0); }
  static Value integer(int64_t i) { return make(Kind::Int, i); }
  static Value symbol(SymbolId s) { return make(Kind::Symbol, s); }
  static Value component(ComponentId c) { return make(Kind::Component, c); }
  static Value data(DataId d) { return make(Kind::Data, d); }
  static Value string(std::string s);
  static Value version(std::vector<uint64_t> parts);
  static Value list(std::vector<Value> items);

  bool isNone() const { return kind == Kind::None; }
  bool isNumeric() const { return kind == Kind::Int || kind == Kind::Version; }
  uint32_t id() const { return static_cast<uint32_t>(num); }

private:
  static Value make(Kind k, int64_t n) {
    Value v;
    v.kind = k;
    v.num = n;
    return v;
  }
};

// Parses "2013" or "4.0.7577.0"; false on overflow or malformed text.
bool parseVersion(const std::string &text, std::vector<uint64_t> &parts);

// Equality as policies compare: ints and versions compare component-wise
// (2013 == 2013.0); entities by identity; none equals only none.
bool valuesEqual(const Value &a, const Value &b);
// Ordering of ints and versions: <0, 0, >0. Only meaningful when both are numeric.
int compareNumeric(const Value &a, const Value &b);
// `a in b`: membership in a list, equality with a single value, false for none.
bool valueIn(const Value &a, const Value &b);

} // namespace cutover::sema
