#include "compiler/ast/verbs.h"

#include <llvm/ADT/STLExtras.h>

#include <algorithm>

namespace cutover::ast {
namespace {

// verbs.def holds together: each syntax starts with its keyword and names
// only operands that exist, a verb has $attrs exactly when it reads
// attributes, and the access rows come grouped in verb order.
constexpr bool wellFormed(const VerbInfo &v) {
  bool first = true, keywordFirst = false;
  const bool known = forEachPiece(v.syntax, [&](const Piece &p) {
    if (first) keywordFirst = !p.operand && p.literal == v.keyword;
    first = false;
  });
  return known && keywordFirst && hasOperand(v.verb, Operand::Attrs) == (v.attrs != AttrsKind::None);
}
static_assert(std::all_of(std::begin(kVerbs), std::end(kVerbs), wellFormed), "a malformed row in verbs.def");
static_assert(std::is_sorted(std::begin(kAccessRows), std::end(kAccessRows),
                             [](const AccessRow &a, const AccessRow &b) { return a.verb < b.verb; }),
              "verbs.def: the access rows of a verb must follow those of the verbs before it");

} // namespace

std::optional<Verb> verbNamed(std::string_view word) {
  for (const VerbInfo &v : kVerbs)
    if (v.keyword == word) return v.verb;
  return std::nullopt;
}

llvm::ArrayRef<AccessRow> accesses(Verb verb) {
  auto [begin, end] = std::equal_range(std::begin(kAccessRows), std::end(kAccessRows), AccessRow{verb, {}, {}, {}},
                                       [](const AccessRow &a, const AccessRow &b) { return a.verb < b.verb; });
  return {begin, end};
}

bool changes(Verb verb, Place place) {
  return llvm::any_of(accesses(verb),
                      [&](const AccessRow &row) { return row.place == place && row.access != Access::Read; });
}

} // namespace cutover::ast
