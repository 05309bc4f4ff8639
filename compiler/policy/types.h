// Static types of policy expressions: how they merge and which compare.
#pragma once

#include "compiler/policy/policy.h"

namespace cutover::policy {

// The type of a value as declared in the model.
Type typeOf(const sema::Value &v);
// The type of an attribute declared with both types: ints and versions merge
// to version, none merges into anything, anything else disagrees (unknown).
Type merge(const Type &a, const Type &b);
Type::Kind mergeKinds(Type::Kind a, Type::Kind b);
// `a == b` is well-typed: same kind, both numeric, or either dynamic.
bool comparable(const Type &a, const Type &b);
bool isNumericOrDynamic(const Type &t);
bool isBoolOrDynamic(const Type &t);

} // namespace cutover::policy
