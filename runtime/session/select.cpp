#include "runtime/session/select.h"

#include <llvm/ADT/StringSet.h>

#include <algorithm>

namespace cutover::session {
namespace {

bool isPrefixIgnoringCase(llvm::StringRef prefix, llvm::StringRef id) {
  return prefix.size() <= id.size() && id.take_front(prefix.size()).equals_insensitive(prefix);
}

// The length of the longest selector that is a prefix of `id`, or -1.
int longestMatch(const std::vector<std::string> &selectors, llvm::StringRef id) {
  int longest = -1;
  for (const std::string &s : selectors)
    if (isPrefixIgnoringCase(s, id)) longest = std::max(longest, static_cast<int>(s.size()));
  return longest;
}

bool alwaysReported(llvm::StringRef id) {
  static const diag::Kind kinds[] = {diag::Kind::Syntax, diag::Kind::Use, diag::Kind::Limit, diag::Kind::StateLimit};
  return std::any_of(std::begin(kinds), std::end(kinds), [&](diag::Kind k) { return diag::info(k).id == id; });
}

} // namespace

Selection::Selection(std::vector<std::string> select, std::vector<std::string> ignore)
    : select_(std::move(select)), ignore_(std::move(ignore)) {}

bool Selection::selects(llvm::StringRef id) const {
  if (selectsAll() || alwaysReported(id)) return true;
  int selected = select_.empty() ? 0 : longestMatch(select_, id);
  int ignored = longestMatch(ignore_, id);
  return selected >= 0 && selected > ignored;
}

std::vector<Selection::Unmatched> Selection::unmatched(const std::vector<std::string> &knownIds) const {
  // Suggestions are IDs and their prefixes at a dash: LYNC, LYNC-ARC, LYNC-ARC-001.
  llvm::StringSet<> prefixSet;
  for (llvm::StringRef id : knownIds)
    for (size_t dash = id.find('-');; dash = id.find('-', dash + 1)) {
      prefixSet.insert(id.take_front(dash));
      if (dash == llvm::StringRef::npos) break;
    }
  std::vector<std::string> prefixes;
  for (const auto &p : prefixSet) prefixes.push_back(p.getKey().str());
  std::sort(prefixes.begin(), prefixes.end());

  std::vector<Unmatched> out;
  auto check = [&](const char *option, const std::vector<std::string> &selectors) {
    for (const std::string &s : selectors) {
      if (std::any_of(knownIds.begin(), knownIds.end(),
                      [&](const std::string &id) { return isPrefixIgnoringCase(s, id); }))
        continue;
      std::string upper = llvm::StringRef(s).upper();
      out.push_back({option, s, diag::closestMatch(upper, prefixes).value_or("")});
    }
  };
  check("--select", select_);
  check("--ignore", ignore_);
  return out;
}

void applySelection(const Selection &selection, report::FileReport &report) {
  if (selection.selectsAll()) return;
  llvm::erase_if(report.findings, [&](const diag::Finding &f) { return !selection.selects(f.id); });
}

} // namespace cutover::session
