// Values of the model: attribute values in the deployment and plan, and the
// values that policies compute over states.
#pragma once

#include <cstdint>
#include <limits>
#include <string>
#include <variant>
#include <vector>

#include <llvm/ADT/IntrusiveRefCntPtr.h>

namespace cutover::sema {

using SymbolId = uint32_t;
using ComponentId = uint32_t;
using DataId = uint32_t;
using PhaseId = uint32_t;
inline constexpr uint32_t kNoId = std::numeric_limits<uint32_t>::max();

// A value is copied wherever a state or an evaluation reads one (a binding's
// slots, the reduced engine's sets of possible values, a list of 40 pools
// read per binding), so it is small: ints, bools, symbols and entities are
// plain bytes, and a string, version or list is one pointer to a payload
// built once and never changed, shared by every copy through a thread-safe
// count (the policies of one plan are verified on several threads).
class Value {
public:
  enum class Kind : uint8_t { None, Bool, Int, Version, String, Symbol, Component, Data, List };
  Kind kind = Kind::None;
  // Bool: 0/1; Int: the value; Symbol/Component/Data: the id.
  int64_t num = 0;

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

  // The payload; empty for a value of another kind.
  const std::string &str() const;             // String
  const std::vector<uint64_t> &parts() const; // Version, e.g. 4.0.7577.0
  const std::vector<Value> &items() const;    // List

  // True when both share one payload (copies of one string, version or list).
  bool samePayload(const Value &other) const { return payload_ != nullptr && payload_ == other.payload_; }

private:
  struct Payload;

  static Value make(Kind k, int64_t n) {
    Value v;
    v.kind = k;
    v.num = n;
    return v;
  }
  template <class Data> const Data *payloadAs() const;

  llvm::IntrusiveRefCntPtr<const Payload> payload_;
};

static_assert(sizeof(Value) <= 24, "a Value is copied per read: keep it three words");

// Built once by the factories and never changed, so copies on any thread share it.
struct Value::Payload : llvm::ThreadSafeRefCountedBase<Payload> {
  explicit Payload(std::variant<std::string, std::vector<uint64_t>, std::vector<Value>> d) : data(std::move(d)) {}
  const std::variant<std::string, std::vector<uint64_t>, std::vector<Value>> data;
};

namespace detail {
inline const std::string kNoText;
inline const std::vector<uint64_t> kNoParts;
inline const std::vector<Value> kNoItems;
} // namespace detail

template <class Data> const Data *Value::payloadAs() const {
  return payload_ == nullptr ? nullptr : std::get_if<Data>(&payload_->data);
}
inline const std::string &Value::str() const {
  const auto *text = payloadAs<std::string>();
  return text != nullptr ? *text : detail::kNoText;
}
inline const std::vector<uint64_t> &Value::parts() const {
  const auto *parts = payloadAs<std::vector<uint64_t>>();
  return parts != nullptr ? *parts : detail::kNoParts;
}
inline const std::vector<Value> &Value::items() const {
  const auto *items = payloadAs<std::vector<Value>>();
  return items != nullptr ? *items : detail::kNoItems;
}

// Parses "2013" or "4.0.7577.0"; false on overflow or malformed text.
bool parseVersion(const std::string &text, std::vector<uint64_t> &parts);

// Equality as policies compare: ints and versions compare component-wise
// (2013 == 2013.0); entities by identity; none equals only none.
bool valuesEqual(const Value &a, const Value &b);
// Ordering of ints and versions: <0, 0, >0. Only meaningful when both are numeric.
int compareNumeric(const Value &a, const Value &b);
// `a in b`: membership in a list, equality with a single value, false for none.
bool valueIn(const Value &a, const Value &b);

// Calls f(ComponentId) for each component `v` holds: itself, or its items at
// any depth (what a `refs` list and the reference graph are made of).
template <typename F> void forEachComponent(const Value &v, F &&f) {
  if (v.kind == Value::Kind::Component) f(v.id());
  for (const Value &item : v.items()) forEachComponent(item, f);
}

} // namespace cutover::sema
