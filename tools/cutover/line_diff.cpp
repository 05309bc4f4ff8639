#include "tools/cutover/line_diff.h"

#include <fmt/format.h>

#include <algorithm>
#include <vector>

namespace cutover::driver {
namespace {

constexpr size_t kContext = 3;

// Lines with their terminators, so that a missing final newline shows up.
std::vector<llvm::StringRef> linesOf(llvm::StringRef text) {
  std::vector<llvm::StringRef> lines;
  while (!text.empty()) {
    size_t end = text.find('\n');
    end = end == llvm::StringRef::npos ? text.size() : end + 1;
    lines.push_back(text.take_front(end));
    text = text.drop_front(end);
  }
  return lines;
}

struct Edit {
  char tag; // ' ' kept, '-' removed, '+' added
  llvm::StringRef line;
};

std::vector<Edit> editScript(const std::vector<llvm::StringRef> &a, const std::vector<llvm::StringRef> &b) {
  size_t prefix = 0;
  while (prefix < a.size() && prefix < b.size() && a[prefix] == b[prefix]) ++prefix;
  size_t suffix = 0;
  while (suffix < a.size() - prefix && suffix < b.size() - prefix &&
         a[a.size() - 1 - suffix] == b[b.size() - 1 - suffix])
    ++suffix;
  size_t n = a.size() - prefix - suffix, m = b.size() - prefix - suffix;
  // lcs[i][j]: length of the LCS of a's middle from i and b's middle from j.
  std::vector<std::vector<unsigned>> lcs(n + 1, std::vector<unsigned>(m + 1, 0));
  for (size_t i = n; i-- > 0;)
    for (size_t j = m; j-- > 0;)
      lcs[i][j] = a[prefix + i] == b[prefix + j] ? lcs[i + 1][j + 1] + 1 : std::max(lcs[i + 1][j], lcs[i][j + 1]);
  std::vector<Edit> edits;
  for (size_t k = 0; k < prefix; ++k) edits.push_back({' ', a[k]});
  size_t i = 0, j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && a[prefix + i] == b[prefix + j]) {
      edits.push_back({' ', a[prefix + i++]});
      ++j;
    } else if (i < n && (j == m || lcs[i + 1][j] >= lcs[i][j + 1])) {
      edits.push_back({'-', a[prefix + i++]}); // removals first, as diff -u prints them
    } else {
      edits.push_back({'+', b[prefix + j++]});
    }
  }
  for (size_t k = a.size() - suffix; k < a.size(); ++k) edits.push_back({' ', a[k]});
  return edits;
}

// `@@ -start,count` side of a hunk header; an empty side names the line before it.
std::string range(size_t linesBefore, size_t count) {
  return fmt::format("{},{}", count == 0 ? linesBefore : linesBefore + 1, count);
}

} // namespace

std::string unifiedDiff(llvm::StringRef before, llvm::StringRef after, llvm::StringRef beforeName,
                        llvm::StringRef afterName) {
  if (before == after) return {};
  std::vector<Edit> edits = editScript(linesOf(before), linesOf(after));
  std::string out = fmt::format("--- {}\n+++ {}\n", beforeName.str(), afterName.str());
  size_t oldLine = 0, newLine = 0; // lines of each side before edits[k]
  size_t k = 0;
  while (k < edits.size()) {
    if (edits[k].tag == ' ') {
      ++oldLine, ++newLine, ++k;
      continue;
    }
    // A hunk: context before, then changes until kContext * 2 kept lines in a row.
    size_t start = k - std::min(k, kContext);
    size_t hunkOld = oldLine - (k - start), hunkNew = newLine - (k - start);
    size_t end = k;
    for (size_t kept = 0; end < edits.size() && kept <= 2 * kContext; ++end)
      kept = edits[end].tag == ' ' ? kept + 1 : 0;
    // Trim the run of kept lines at the end to kContext.
    size_t trailingKept = 0;
    while (trailingKept < end - k && edits[end - 1 - trailingKept].tag == ' ') ++trailingKept;
    end -= trailingKept - std::min(trailingKept, kContext);
    size_t oldCount = 0, newCount = 0;
    std::string body;
    for (size_t h = start; h < end; ++h) {
      oldCount += edits[h].tag != '+';
      newCount += edits[h].tag != '-';
      body += edits[h].tag + edits[h].line.str();
      if (!edits[h].line.endswith("\n")) body += "\n\\ No newline at end of file\n";
    }
    out += fmt::format("@@ -{} +{} @@\n", range(hunkOld, oldCount), range(hunkNew, newCount)) + body;
    oldLine = hunkOld + oldCount;
    newLine = hunkNew + newCount;
    k = end;
  }
  return out;
}

} // namespace cutover::driver
