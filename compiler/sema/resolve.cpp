#include "compiler/sema/resolve.h"

namespace cutover::sema {

bool isVocabularySymbol(const Model &model, SymbolId symbol) {
  if (symbol == model.symActive || symbol == model.symDecommissioned) return true;
  for (size_t c = 0; c < kCategoryCount; ++c)
    if (model.vocab.declares(static_cast<Category>(c), symbol)) return true;
  return false;
}

std::optional<Value> resolveName(const Model &model, llvm::StringRef name) {
  if (auto it = model.componentByName.find(name); it != model.componentByName.end())
    return Value::component(it->second);
  if (auto it = model.dataByName.find(name); it != model.dataByName.end()) return Value::data(it->second);
  if (auto it = model.siteByName.find(name); it != model.siteByName.end())
    return Value::symbol(model.sites[it->second].symbol);
  if (auto symbol = model.symbols.lookup(name); symbol && isVocabularySymbol(model, *symbol))
    return Value::symbol(*symbol);
  return std::nullopt;
}

std::vector<std::string> nameCandidates(const Model &model) {
  std::vector<std::string> names;
  for (const ComponentDecl &c : model.components) names.push_back(c.name);
  for (const DataDecl &d : model.data) names.push_back(d.name);
  for (const SiteDecl &s : model.sites) names.push_back(s.name);
  for (const auto &category : model.vocab.declared)
    for (SymbolId s : category) names.push_back(model.symbols.name(s));
  names.push_back(model.symbols.name(model.symActive));
  names.push_back(model.symbols.name(model.symDecommissioned));
  return names;
}

} // namespace cutover::sema
