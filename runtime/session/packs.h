// The catalogue of every policy in the packs on the search path, for
// `cutover explain` and `cutover policies`.
#pragma once

#include "runtime/session/session.h"

#include <string>
#include <vector>

namespace cutover::session {

struct PackPolicy {
  policy::PolicyInfo info; // its ranges point into a buffer that is gone: use `text`
  std::string text;        // the policy as written in the pack
  std::string packFile;
};

struct PackCatalogue {
  std::vector<PackPolicy> policies; // by pack name, then in pack order

  // The policy with this ID; failing that, the first whose ID differs only in
  // case (`cutover explain core-data-001`).
  const PackPolicy *find(llvm::StringRef id) const;
  bool hasPack(llvm::StringRef name) const;
  std::vector<std::string> ids() const;
  std::vector<std::string> packs() const; // their names, each once
};

// Loads every pack that the search path of `opts` offers. A pack that does
// not compile contributes nothing (`cutover check` on it says why).
PackCatalogue loadPacks(const CheckOptions &opts);

} // namespace cutover::session
