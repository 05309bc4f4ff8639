#include "runtime/session/session.h"

#include "compiler/diag/explain.h"
#include "compiler/sema/sema.h"
#include "runtime/session/clock.h"

#include <algorithm>
#include <future>

namespace cutover::session {

llvm::Expected<std::unique_ptr<CheckResult>> check(llvm::StringRef path, const CheckOptions &opts) {
  return check(io::Input{path.str(), io::treeOf(path), ""}, opts);
}

llvm::Expected<std::unique_ptr<CheckResult>> check(const io::Input &input, const CheckOptions &opts) {
  auto result = std::make_unique<CheckResult>();
  auto cancelled = [&] { return opts.cancelled && opts.cancelled->load(std::memory_order_relaxed); };
  parse::LoadOptions load = opts.load;
  load.jobs = opts.jobs; // a large file parses on these threads too
  auto program = parse::loadProgram(input, load, result->diags);
  if (!program) return program.takeError();
  result->program = std::move(*program);
  // A file that does not parse has nothing more to check.
  if (result->diags.count(diag::Kind::Syntax) != 0 || result->diags.count(diag::Kind::Limit) != 0 || cancelled())
    return result;
  if (opts.stopAfter == Stage::Parse) return result;

  result->model = sema::analyze(*result->program, result->diags);
  if (opts.stopAfter == Stage::Analyze || cancelled()) return result;
  // The phase graph reads the model alone: with a second thread it is built
  // while the policies compile and the trees are freed. Its findings follow
  // the policies', as in the serial order.
  diag::Diagnostics graphDiags;
  const bool overlap = opts.jobs > 1 && opts.stopAfter == Stage::Verify;
  std::future<graph::PhaseGraph> graph =
      std::async(overlap ? std::launch::async : std::launch::deferred,
                 [&model = *result->model, &graphDiags] { return graph::buildPhaseGraph(model, graphDiags); });
  result->policies = policy::compilePolicies(*result->program, *result->model, result->diags);
  if (opts.stopAfter == Stage::CompilePolicies) return result;
  // None of the model, graph, policies and findings points into the syntax
  // trees (only into the buffers, which stay): freed now, the trees' memory
  // serves the verification instead of adding to its peak.
  if (opts.freeSyntaxTrees && !result->diags.hasErrors())
    for (const auto &file : result->program->files) {
      std::vector<ast::Item>().swap(file->items);
      std::vector<ast::Comment>().swap(file->comments);
    }
  result->graph = graph.get();
  for (diag::Finding &f : graphDiags.findings()) result->diags.report(std::move(f));
  // After any compile error no policy is evaluated.
  if (result->diags.hasErrors() || cancelled()) return result;

  verify::Options verifyOpts;
  verifyOpts.maxStates = opts.maxStates;
  verifyOpts.maxSteps = opts.maxSteps;
  verifyOpts.maxMemoryBytes = opts.maxMemoryMiB << 20;
  verifyOpts.today = opts.today.empty() ? todayUtc() : opts.today;
  verifyOpts.fullExploration = opts.fullExploration;
  verifyOpts.jobs = opts.jobs;
  verifyOpts.leaveToExit = opts.leaveToExit;
  result->verification = verify::verify(*result->model, result->graph, result->policies, verifyOpts, result->diags);
  result->verified = true;
  return result;
}

std::string describeVerification(const CheckResult &result) {
  if (!result.verified) return "not verified: the program does not compile";
  return verify::describe(result.verification);
}

report::FileReport toReport(llvm::StringRef path, const CheckResult &result) {
  report::FileReport r;
  r.path = path.str();
  r.sm = &result.program->sm;
  r.findings = result.diags.findings();
  r.statesExplored = result.verification.statesExplored;
  const llvm::SourceMgr &sm = result.program->sm;
  // By file (in load order: the checked file first), then by position;
  // findings without a location last. Stable, so equal positions keep the
  // order in which they were found.
  auto key = [&](const diag::Finding &f) {
    if (!f.range.Start.isValid()) return std::pair<unsigned, const char *>(~0u, nullptr);
    return std::pair<unsigned, const char *>(sm.FindBufferContainingLoc(f.range.Start), f.range.Start.getPointer());
  };
  std::stable_sort(r.findings.begin(), r.findings.end(),
                   [&](const diag::Finding &a, const diag::Finding &b) { return key(a) < key(b); });
  return r;
}

std::vector<report::RuleInfo> rulesOf(const policy::PolicySet &policies) {
  std::vector<report::RuleInfo> rules;
  for (const diag::KindInfo &k : diag::allKinds())
    rules.push_back({k.id.str(), k.severity, k.title.str(), "", "", "", diag::explanation(k.kind).rule.str()});
  for (const policy::Policy &p : policies.policies)
    rules.push_back({p.info.id, p.info.severity, p.info.title, p.info.hint, p.info.source, p.info.origin, ""});
  return rules;
}

} // namespace cutover::session
