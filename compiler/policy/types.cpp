#include "compiler/policy/types.h"

namespace cutover::policy {

namespace {
std::string kindName(Type::Kind k) {
  switch (k) {
  case Type::Kind::Unknown: return "unknown";
  case Type::Kind::None: return "none";
  case Type::Kind::Bool: return "bool";
  case Type::Kind::Int: return "int";
  case Type::Kind::Version: return "version";
  case Type::Kind::String: return "string";
  case Type::Kind::Symbol: return "symbol";
  case Type::Kind::Component: return "component";
  case Type::Kind::Data: return "data set";
  case Type::Kind::List: return "list";
  }
  return "unknown";
}

bool numeric(Type::Kind k) { return k == Type::Kind::Int || k == Type::Kind::Version; }
bool dynamic(Type::Kind k) { return k == Type::Kind::Unknown || k == Type::Kind::None; }

bool kindsComparable(Type::Kind a, Type::Kind b) {
  return dynamic(a) || dynamic(b) || a == b || (numeric(a) && numeric(b));
}
} // namespace

std::string Type::str() const {
  if (kind == Kind::List) return "list<" + kindName(element) + ">";
  return kindName(kind);
}

Type::Kind mergeKinds(Type::Kind a, Type::Kind b) {
  if (a == b) return a;
  if (numeric(a) && numeric(b)) return Type::Kind::Version; // ints and versions compare with each other
  if (a == Type::Kind::None) return b;                      // a missing value does not change a type
  if (b == Type::Kind::None) return a;
  return Type::Kind::Unknown;
}

Type merge(const Type &a, const Type &b) {
  Type t = Type::of(mergeKinds(a.kind, b.kind));
  if (t.kind == Type::Kind::List) t.element = mergeKinds(a.element, b.element);
  return t;
}

Type typeOf(const sema::Value &v) {
  switch (v.kind) {
  case sema::Value::Kind::None: return Type::of(Type::Kind::None);
  case sema::Value::Kind::Bool: return Type::of(Type::Kind::Bool);
  case sema::Value::Kind::Int: return Type::of(Type::Kind::Int);
  case sema::Value::Kind::Version: return Type::of(Type::Kind::Version);
  case sema::Value::Kind::String: return Type::of(Type::Kind::String);
  case sema::Value::Kind::Symbol: return Type::of(Type::Kind::Symbol);
  case sema::Value::Kind::Component: return Type::of(Type::Kind::Component);
  case sema::Value::Kind::Data: return Type::of(Type::Kind::Data);
  case sema::Value::Kind::List: {
    Type t = Type::of(Type::Kind::List, Type::Kind::None);
    for (const sema::Value &item : v.items()) t.element = mergeKinds(t.element, typeOf(item).kind);
    if (t.element == Type::Kind::None || t.element == Type::Kind::List) t.element = Type::Kind::Unknown;
    return t;
  }
  }
  return {};
}

bool comparable(const Type &a, const Type &b) {
  if (!kindsComparable(a.kind, b.kind)) return false;
  if (a.kind == Type::Kind::List && b.kind == Type::Kind::List) return kindsComparable(a.element, b.element);
  return true;
}

bool isNumericOrDynamic(const Type &t) { return numeric(t.kind) || dynamic(t.kind); }
bool isBoolOrDynamic(const Type &t) { return t.kind == Type::Kind::Bool || dynamic(t.kind); }

} // namespace cutover::policy
