#include "tools/cutover/commands.h"

#include "compiler/diag/sanitize.h"
#include "runtime/session/expect.h"
#include "tools/cutover/check_all.h"

#include <fmt/format.h>
#include <llvm/Support/FormatVariadic.h>
#include <llvm/Support/JSON.h>
#include <llvm/Support/raw_ostream.h>

#include <map>
#include <set>

namespace cutover::driver {

int runTest(const std::vector<std::string> &paths, const CommonOptions &opts) {
  std::vector<io::Input> inputs;
  if (!inputFiles(paths, "no test files", inputs)) return 2;
  int exitCode = 0;
  unsigned passed = 0, failed = 0;
  std::set<std::string> triggered;
  std::map<std::string, std::set<std::string>> packPolicies; // pack -> policy IDs
  std::vector<Outcome> outcomes = checkAll(inputs, opts.check, opts.jobs);
  warnUnmatchedSelectors(opts.selection, outcomes, opts.check);
  llvm::raw_ostream &out = llvm::outs();
  llvm::json::Array files;
  for (Outcome &o : outcomes) {
    if (!o.error.empty()) {
      llvm::errs() << "cutover: error: " << diag::sanitize(o.error) << '\n';
      exitCode = 2;
      continue;
    }
    if (opts.explainReduction) explainVerification(o.path, *o.result);
    session::VerifyOutcome v = session::verifyExpectations(o.path, *o.result, opts.selection);
    switch (opts.format) {
    case OutputFormat::Json: files.push_back(session::verifyToJson(v)); break;
    case OutputFormat::Github: session::printVerifyGithub(v, out); break;
    default: session::printVerifyText(v, out, opts.color); break;
    }
    (v.passed ? passed : failed)++;
    triggered.insert(v.triggered.begin(), v.triggered.end());
    std::set<std::string> packs;
    for (const auto &file : o.result->program->files)
      if (!file->pack.empty()) packs.insert(file->pack);
    for (const policy::Policy &p : o.result->policies.policies)
      if (packs.count(p.info.origin) && opts.selection.selects(p.info.id))
        packPolicies[p.info.origin].insert(p.info.id);
  }

  // Coverage: the policies of the packs under test that no expectation matched.
  llvm::json::Array coverage;
  for (const auto &[pack, ids] : packPolicies) {
    std::vector<std::string> untested;
    for (const std::string &id : ids)
      if (!triggered.count(id)) untested.push_back(id);
    if (opts.format == OutputFormat::Json) {
      llvm::json::Array never;
      for (const std::string &id : untested) never.push_back(id);
      coverage.push_back(llvm::json::Object{{"pack", pack},
                                            {"policies", ids.size()},
                                            {"triggered", ids.size() - untested.size()},
                                            {"never_triggered", std::move(never)}});
      continue;
    }
    out << fmt::format("coverage: pack {}: {} of {} policies triggered", pack, ids.size() - untested.size(),
                       ids.size());
    if (!untested.empty()) {
      out << "; never triggered:";
      for (const std::string &id : untested) out << ' ' << id;
    }
    out << '\n';
  }
  if (opts.format == OutputFormat::Json)
    out << llvm::formatv("{0:2}", llvm::json::Value(llvm::json::Object{
                                      {"version", 1},
                                      {"files", std::move(files)},
                                      {"coverage", std::move(coverage)},
                                      {"summary", llvm::json::Object{{"passed", passed}, {"failed", failed}}}}))
        << '\n';
  else
    out << fmt::format("{} passed, {} failed\n", passed, failed);
  if (exitCode == 0 && failed != 0) exitCode = 1;
  return exitCode;
}

} // namespace cutover::driver
