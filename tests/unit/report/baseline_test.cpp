// Fingerprints and baselines (runtime/report): what identifies a finding
// across edits, and how a baseline covers findings.
#include "runtime/report/report.h"

#include <gtest/gtest.h>
#include <llvm/Support/FileSystem.h>
#include <llvm/Support/Path.h>

namespace cutover::report {
namespace {

diag::Finding finding(std::string id, std::vector<std::string> entities, std::string message = "m") {
  diag::Finding f;
  f.id = std::move(id);
  f.entities = std::move(entities);
  f.message = std::move(message);
  return f;
}

FileReport fileWith(std::string path, std::vector<diag::Finding> findings) {
  FileReport r;
  r.path = std::move(path);
  r.findings = std::move(findings);
  return r;
}

TEST(Fingerprint, DependsOnIdEntitiesAndFileOnly) {
  const diag::Finding f = finding("CORE-DATA-001", {"archdb", "arch_history"});
  const std::string fp = fingerprint(f, "plan.cut");
  EXPECT_EQ(fp.size(), 16u);
  diag::Finding moved = f;
  moved.message = "another wording"; // and no range: lines are not part of it
  EXPECT_EQ(fingerprint(moved, "plan.cut"), fp);
  EXPECT_EQ(fingerprint(f, "./plan.cut"), fp);
  EXPECT_NE(fingerprint(f, "other.cut"), fp);
  EXPECT_NE(fingerprint(finding("CORE-DATA-002", {"archdb", "arch_history"}), "plan.cut"), fp);
  EXPECT_NE(fingerprint(finding("CORE-DATA-001", {"arch_history", "archdb"}), "plan.cut"), fp);
  // Fields cannot run into each other.
  EXPECT_NE(fingerprint(finding("A", {"bc"}), "f"), fingerprint(finding("A", {"b", "c"}), "f"));
}

TEST(Fingerprint, FindingsWithoutEntitiesUseTheirMessage) {
  EXPECT_NE(fingerprint(finding("E-UNKNOWN", {}, "unknown component 'a'"), "p.cut"),
            fingerprint(finding("E-UNKNOWN", {}, "unknown component 'b'"), "p.cut"));
}

TEST(ProjectPath, RelativeInsideTheWorkingDirectoryAbsoluteOutside) {
  llvm::SmallString<256> cwd;
  ASSERT_FALSE(llvm::sys::fs::current_path(cwd));
  EXPECT_EQ(projectPath("a/./b/../plan.cut"), "a/plan.cut");
  EXPECT_EQ(projectPath((cwd + "/x/plan.cut").str()), "x/plan.cut");
  EXPECT_EQ(projectPath("-"), "<stdin>");
  EXPECT_TRUE(llvm::sys::path::is_absolute(projectPath("../outside.cut")));
}

TEST(Baseline, CoversAsManyFindingsAsItHoldsAndCountsTheRest) {
  std::vector<FileReport> before{fileWith("p.cut", {finding("X", {"a"}), finding("X", {"a"}), finding("Y", {"b"})})};
  std::vector<BaselineEntry> baseline;
  for (const diag::Finding &f : before[0].findings)
    baseline.push_back({fingerprint(f, "p.cut"), f.id, "p.cut", "", {}});
  baseline.pop_back(); // Y is not in it

  std::vector<FileReport> now{
      fileWith("p.cut", {finding("X", {"a"}), finding("X", {"a"}), finding("X", {"a"}), finding("Y", {"b"})})};
  BaselineMatch m = applyBaseline(baseline, now);
  EXPECT_EQ(m.matched, 2u);
  EXPECT_EQ(m.absent, 0u);
  ASSERT_EQ(now[0].findings.size(), 2u); // the third X and Y are new
  EXPECT_EQ(now[0].findings[0].id, "X");
  EXPECT_EQ(now[0].findings[1].id, "Y");

  std::vector<FileReport> fixed{fileWith("p.cut", {finding("X", {"a"})})};
  m = applyBaseline(baseline, fixed);
  EXPECT_EQ(m.matched, 1u);
  EXPECT_EQ(m.absent, 1u);
  EXPECT_TRUE(fixed[0].findings.empty());
}

TEST(Baseline, SuppressedFindingsAreNeitherRecordedNorMatched) {
  diag::Finding waived = finding("X", {"a"});
  waived.suppressed = true;
  std::vector<FileReport> files{fileWith("p.cut", {waived})};
  size_t entries = 99;
  baselineText(files, &entries);
  EXPECT_EQ(entries, 0u);
  BaselineMatch m = applyBaseline({{fingerprint(waived, "p.cut"), "X", "p.cut", "", {}}}, files);
  EXPECT_EQ(m.matched, 0u);
  EXPECT_EQ(files[0].findings.size(), 1u);
}

TEST(Baseline, TextIsSortedAndHasNoLines) {
  std::vector<FileReport> files{fileWith("b.cut", {finding("Y", {"b"})}), fileWith("a.cut", {finding("X", {"a"})})};
  const std::string text = baselineText(files);
  EXPECT_LT(text.find("a.cut"), text.find("b.cut"));
  EXPECT_EQ(text.find("\"line\""), std::string::npos);
  std::vector<FileReport> reversed{files[1], files[0]};
  EXPECT_EQ(baselineText(reversed), text);
}

} // namespace
} // namespace cutover::report
