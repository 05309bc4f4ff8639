#include "tools/cutover/commands.h"

#include "compiler/diag/sanitize.h"
#include "runtime/session/expect.h"
#include "tools/cutover/check_all.h"

#include <fmt/format.h>
#include <llvm/Support/raw_ostream.h>

#include <map>
#include <set>

namespace cutover::driver {

int runTest(const std::vector<std::string> &args, const CommonOptions &opts) {
  std::vector<io::Input> inputs;
  if (!inputFiles(args, "no test files", inputs)) return 2;
  int exitCode = 0;
  unsigned passed = 0, failed = 0;
  std::set<std::string> triggered;
  std::map<std::string, std::set<std::string>> packPolicies; // pack -> policy IDs
  for (Outcome &o : checkAll(inputs, opts.check, opts.jobs)) {
    if (!o.error.empty()) {
      llvm::errs() << "cutover: error: " << diag::sanitize(o.error) << '\n';
      exitCode = 2;
      continue;
    }
    if (opts.explainReduction) explainVerification(o.path, *o.result);
    session::VerifyOutcome v = session::verifyExpectations(o.path, *o.result, llvm::outs());
    (v.passed ? passed : failed)++;
    triggered.insert(v.triggered.begin(), v.triggered.end());
    std::set<std::string> packs;
    for (const auto &file : o.result->program->files)
      if (!file->pack.empty()) packs.insert(file->pack);
    for (const policy::Policy &p : o.result->policies.policies)
      if (packs.count(p.info.origin)) packPolicies[p.info.origin].insert(p.info.id);
  }

  // Coverage: the policies of the packs under test that no expectation matched.
  for (const auto &[pack, ids] : packPolicies) {
    std::vector<std::string> untested;
    for (const std::string &id : ids)
      if (!triggered.count(id)) untested.push_back(id);
    llvm::outs() << fmt::format("coverage: pack {}: {} of {} policies triggered", pack,
                                  ids.size() - untested.size(), ids.size());
    if (!untested.empty()) {
      llvm::outs() << "; never triggered:";
      for (const std::string &id : untested) llvm::outs() << ' ' << id;
    }
    llvm::outs() << '\n';
  }
  llvm::outs() << fmt::format("{} passed, {} failed\n", passed, failed);
  if (exitCode == 0 && failed != 0) exitCode = 1;
  return exitCode;
}

} // namespace cutover::driver
