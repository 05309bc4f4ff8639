// Values of the model: attribute values in the deployment and plan, and the
// values that policies compute over states.
#pragma once

#include <atomic>
#include <cstdint>
#include <limits>
#include <string>
#include <utility>
#include <vector>

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
// built once and never changed, shared by every copy through an atomic
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

  Value() = default;
  Value(const Value &other) noexcept : kind(other.kind), num(other.num), payload_(other.payload_) { retain(); }
  Value(Value &&other) noexcept : kind(other.kind), num(other.num), payload_(std::exchange(other.payload_, nullptr)) {}
  Value &operator=(const Value &other) noexcept {
    if (this != &other) {
      other.retain();
      release();
      kind = other.kind;
      num = other.num;
      payload_ = other.payload_;
    }
    return *this;
  }
  Value &operator=(Value &&other) noexcept {
    if (this != &other) {
      release();
      kind = other.kind;
      num = other.num;
      payload_ = std::exchange(other.payload_, nullptr);
    }
    return *this;
  }
  ~Value() { release(); }

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
  struct Payload {
    explicit Payload(Kind k) : kind(k) {}
    std::atomic<uint32_t> refs{1};
    Kind kind;
  };
  struct StringPayload;
  struct VersionPayload;
  struct ListPayload;

  static Value make(Kind k, int64_t n) {
    Value v;
    v.kind = k;
    v.num = n;
    return v;
  }
  void retain() const {
    if (payload_ != nullptr) payload_->refs.fetch_add(1, std::memory_order_relaxed);
  }
  void release() {
    if (payload_ != nullptr && payload_->refs.fetch_sub(1, std::memory_order_acq_rel) == 1) destroy(payload_);
  }
  static void destroy(Payload *payload);

  Payload *payload_ = nullptr;
};

static_assert(sizeof(Value) <= 24, "a Value is copied per read: keep it three words");

struct Value::StringPayload : Payload {
  explicit StringPayload(std::string s) : Payload(Kind::String), text(std::move(s)) {}
  const std::string text;
};
struct Value::VersionPayload : Payload {
  explicit VersionPayload(std::vector<uint64_t> p) : Payload(Kind::Version), parts(std::move(p)) {}
  const std::vector<uint64_t> parts;
};
struct Value::ListPayload : Payload {
  explicit ListPayload(std::vector<Value> i) : Payload(Kind::List), items(std::move(i)) {}
  const std::vector<Value> items;
};

namespace detail {
inline const std::string kNoText;
inline const std::vector<uint64_t> kNoParts;
inline const std::vector<Value> kNoItems;
} // namespace detail

inline const std::string &Value::str() const {
  if (payload_ == nullptr || payload_->kind != Kind::String) return detail::kNoText;
  return static_cast<const StringPayload *>(payload_)->text;
}
inline const std::vector<uint64_t> &Value::parts() const {
  if (payload_ == nullptr || payload_->kind != Kind::Version) return detail::kNoParts;
  return static_cast<const VersionPayload *>(payload_)->parts;
}
inline const std::vector<Value> &Value::items() const {
  if (payload_ == nullptr || payload_->kind != Kind::List) return detail::kNoItems;
  return static_cast<const ListPayload *>(payload_)->items;
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

} // namespace cutover::sema
