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

namespace {
// Model::key<Enum> by BuiltinAttr.
constexpr SymbolId Model::*kBuiltinKeys[] = {
#define CUTOVER_ATTR(Enum, Name, Owner, Type, Element, Check, Required, Stored) &Model::key##Enum,
#include "compiler/sema/builtin_attrs.def"
};
} // namespace

SymbolId Model::keyOf(BuiltinAttr a) const { return this->*kBuiltinKeys[static_cast<size_t>(a)]; }

std::optional<BuiltinAttr> Model::builtin(SymbolId key) const {
  // The keys are interned one after another (internBuiltins): one subtraction finds the candidate.
  const SymbolId index = key - keyName;
  if (index < std::size(kBuiltinKeys) && keyOf(static_cast<BuiltinAttr>(index)) == key)
    return static_cast<BuiltinAttr>(index);
  return std::nullopt;
}

void internBuiltins(Model &model) {
  model.symActive = model.symbols.intern("active");
  model.symDecommissioned = model.symbols.intern("decommissioned");
  for (const BuiltinAttrInfo &a : kBuiltinAttrs)
    model.*kBuiltinKeys[static_cast<size_t>(a.attr)] = model.symbols.intern(a.name);
}

} // namespace cutover::sema
