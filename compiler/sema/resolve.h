// Name resolution shared by semantic analysis and the policy compiler: a bare
// identifier means, in this order, a component, a data set, a site or a
// vocabulary symbol (docs/language.md).
#pragma once

#include "compiler/sema/model.h"

#include <llvm/ADT/StringRef.h>

#include <optional>
#include <string>
#include <vector>

namespace cutover::sema {

// The value `name` denotes: Component, Data, or Symbol (a site or a symbol
// that a vocabulary declares, `active` and `decommissioned` included).
std::optional<Value> resolveName(const Model &model, llvm::StringRef name);

// Every name resolveName accepts, for "did you mean".
std::vector<std::string> nameCandidates(const Model &model);

// True when some vocabulary category declares `symbol`, or it is a built-in status.
bool isVocabularySymbol(const Model &model, SymbolId symbol);

} // namespace cutover::sema
