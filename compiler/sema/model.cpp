#include "compiler/sema/model.h"

#include <algorithm>

namespace cutover::sema {

SymbolId Symbols::intern(llvm::StringRef name) {
  auto [it, inserted] = ids_.try_emplace(name, static_cast<SymbolId>(names_.size()));
  if (inserted) names_.push_back(name.str());
  return it->second;
}

std::optional<SymbolId> Symbols::lookup(llvm::StringRef name) const {
  auto it = ids_.find(name);
  if (it == ids_.end()) return std::nullopt;
  return it->second;
}

bool Vocabulary::declares(Category c, SymbolId s) const {
  const auto &names = declared[static_cast<size_t>(c)];
  return std::binary_search(names.begin(), names.end(), s);
}

} // namespace cutover::sema
