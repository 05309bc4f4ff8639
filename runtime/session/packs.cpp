#include "runtime/session/packs.h"

#include <llvm/ADT/STLExtras.h>

namespace cutover::session {

const PackPolicy *PackCatalogue::find(llvm::StringRef id) const {
  for (const PackPolicy &p : policies)
    if (p.info.id == id) return &p;
  for (const PackPolicy &p : policies)
    if (p.info.id.size() == id.size() && llvm::StringRef(p.info.id).equals_insensitive(id)) return &p;
  return nullptr;
}

bool PackCatalogue::hasPack(llvm::StringRef name) const {
  return llvm::any_of(policies, [&](const PackPolicy &p) { return p.info.origin == name; });
}

std::vector<std::string> PackCatalogue::ids() const {
  std::vector<std::string> out;
  for (const PackPolicy &p : policies) out.push_back(p.info.id);
  return out;
}

std::vector<std::string> PackCatalogue::packs() const {
  std::vector<std::string> out;
  for (const PackPolicy &p : policies)
    if (out.empty() || out.back() != p.info.origin) out.push_back(p.info.origin);
  return out;
}

PackCatalogue loadPacks(const CheckOptions &opts) {
  PackCatalogue catalogue;
  for (const std::string &name : parse::availablePacks(opts.load)) {
    std::optional<std::string> path = parse::findPack(name, opts.load);
    if (!path) continue;
    auto result = check(*path, opts);
    if (!result) continue;
    for (const policy::Policy &p : (*result)->policies.policies) {
      if (p.info.origin != name) continue; // `core`, pulled in by every pack, is listed once
      PackPolicy entry;
      entry.info = p.info;
      entry.text = llvm::StringRef(p.info.range.Start.getPointer(),
                                   p.info.range.End.getPointer() - p.info.range.Start.getPointer())
                       .str();
      entry.packFile = *path;
      catalogue.policies.push_back(std::move(entry));
    }
  }
  return catalogue;
}

} // namespace cutover::session
