#include "runtime/eval/reduced/abstract.h"

#include <llvm/ADT/Hashing.h>
#include <llvm/ADT/StringRef.h>

#include <algorithm>

namespace cutover::eval::reduced {

void serialize(const sema::Value &v, std::string &out) {
  out += static_cast<char>('a' + static_cast<int>(v.kind));
  out += std::to_string(v.num);
  out += ':';
  out += std::to_string(v.str().size());
  out += ':';
  out += v.str();
  for (uint64_t part : v.parts()) {
    out += '.';
    out += std::to_string(part);
  }
  out += '[';
  for (const sema::Value &item : v.items()) serialize(item, out);
  out += ']';
}

bool identical(const sema::Value &a, const sema::Value &b) {
  if (a.kind != b.kind || a.num != b.num) return false;
  if (a.samePayload(b)) return true;
  return a.str() == b.str() && a.parts() == b.parts() &&
         std::equal(a.items().begin(), a.items().end(), b.items().begin(), b.items().end(), identical);
}

uint64_t identityHash(const sema::Value &v) {
  // Most values are an entity, symbol, number or truth: no text, no parts.
  if (v.str().empty() && v.parts().empty() && v.items().empty())
    return llvm::hash_combine(static_cast<uint8_t>(v.kind), v.num);
  uint64_t h = llvm::hash_combine(static_cast<uint8_t>(v.kind), v.num, llvm::StringRef(v.str()),
                                  llvm::hash_combine_range(v.parts().begin(), v.parts().end()));
  for (const sema::Value &item : v.items()) h = llvm::hash_combine(h, identityHash(item));
  return h;
}

} // namespace cutover::eval::reduced
