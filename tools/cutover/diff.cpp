// `cutover diff OLD NEW` and `cutover diff --git-base REF PATH...`: the
// versions are read (runtime/diff/git.h), checked alike and compared.
#include "tools/cutover/commands.h"

#include "compiler/diag/sanitize.h"
#include "runtime/diff/git.h"
#include "runtime/diff/plan_diff.h"

#include <llvm/Support/FileSystem.h>
#include <llvm/Support/raw_ostream.h>

namespace cutover::driver {
namespace {

int fail(const llvm::Twine &message) {
  llvm::errs() << "cutover: error: " << diag::sanitize(message.str()) << '\n';
  return 2;
}

} // namespace

int runDiff(const DiffOptions &opts, const CommonOptions &common) {
  if (opts.format != "text" && opts.format != "json" && opts.format != "markdown")
    return fail("--format must be text, json or markdown");

  // The two versions of each plan.
  std::vector<std::pair<io::Input, io::Input>> pairs;
  if (opts.gitBase.empty()) {
    if (opts.args.size() != 2) return fail("diff takes two versions, OLD NEW (or --git-base REF PATH...)");
    llvm::Expected<io::Input> old = diff::versionOf(opts.args[0]);
    if (!old) return fail(llvm::toString(old.takeError()));
    llvm::Expected<io::Input> now = diff::versionOf(opts.args[1]);
    if (!now) return fail(llvm::toString(now.takeError()));
    pairs.emplace_back(std::move(*old), std::move(*now));
  } else {
    if (opts.args.empty()) return fail("--git-base needs the paths to compare");
    for (const std::string &path : opts.args) {
      // The new version is the file in the working tree.
      if (!llvm::sys::fs::is_regular_file(path)) return fail("'" + path + "' is not a file");
      llvm::Expected<io::Input> old = diff::versionAt(opts.gitBase, path);
      if (!old) return fail(llvm::toString(old.takeError()));
      pairs.emplace_back(std::move(*old), io::Input{path, io::treeOf(path), ""});
    }
  }

  std::vector<diff::PlanDiff> diffs;
  for (const auto &[old, now] : pairs) {
    llvm::Expected<diff::PlanDiff> d = diff::diffPlans(old, now, common.check);
    if (!d) return fail(llvm::toString(d.takeError()));
    diffs.push_back(std::move(*d));
  }

  llvm::raw_ostream &out = llvm::outs();
  if (opts.format == "json") {
    diff::printJson(diffs, out);
  } else if (opts.format == "markdown") {
    diff::printMarkdown(diffs, out);
  } else {
    for (size_t i = 0; i < diffs.size(); ++i) {
      if (i) out << '\n';
      diff::printText(diffs[i], out, common.color);
    }
  }
  for (const diff::PlanDiff &d : diffs)
    if (d.fails(common.failOn)) return 1;
  return 0;
}

} // namespace cutover::driver
