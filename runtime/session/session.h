// The pipeline that `check`, `compile` and `test` share: load a program, run
// every compiler phase, verify it when it compiled cleanly, and collect the
// findings sorted by position.
#pragma once

#include "compiler/graph/phase_graph.h"
#include "compiler/parse/loader.h"
#include "compiler/policy/policy.h"
#include "compiler/sema/model.h"
#include "runtime/report/report.h"
#include "runtime/verify/verify.h"

#include <llvm/Support/Error.h>

#include <atomic>
#include <memory>
#include <string>

namespace cutover::session {

// The phases of check(), in order.
enum class Stage { Parse, Analyze, CompilePolicies, Verify };

struct CheckOptions {
  parse::LoadOptions load;
  uint64_t maxStates = 1'000'000;
  uint64_t maxSteps = eval::kDefaultMaxSteps; // per policy
  uint64_t maxMemoryMiB = 0;                  // 0: a third of the memory available (explore::MemoryGuard)
  std::string today;                          // YYYY-MM-DD; empty: the system date (UTC)
  bool fullExploration = false;
  // Threads checking this file: its parse (a large file), the phase graph
  // beside the policies, and the verification.
  unsigned jobs = 1;
  bool leaveToExit = false; // the process exits after this check (verify::Options::leaveToExit)
  // The caller reads the buffers, model, graph and findings after the check,
  // never the syntax trees: they are freed before verification.
  bool freeSyntaxTrees = false;
  Stage stopAfter = Stage::Verify; // `compile --emit ast|model|plan` stops early
  // Set by another thread when the result is no longer wanted (`cutover lsp`:
  // a newer edit arrived): the check stops at the next phase, its result partial.
  const std::atomic<bool> *cancelled = nullptr;
};

struct CheckResult {
  std::unique_ptr<parse::Program> program;
  diag::Diagnostics diags;
  std::unique_ptr<sema::Model> model; // null when the file did not parse
  graph::PhaseGraph graph;
  policy::PolicySet policies;
  bool verified = false;       // false: compile errors stopped the run before verification
  verify::Result verification; // which strategy ran, why it fell back, the states it built
};

// Checks one file ("-": stdin), read in the tree of `input` (io::readFile).
// An llvm::Error only when the file cannot be read at all (the driver exits
// 2); everything else is a finding.
llvm::Expected<std::unique_ptr<CheckResult>> check(const io::Input &input, const CheckOptions &opts);
// A file named explicitly: in the tree io::treeOf(path) gives.
llvm::Expected<std::unique_ptr<CheckResult>> check(llvm::StringRef path, const CheckOptions &opts);

// The result as a reporter's input: findings sorted by file and position.
report::FileReport toReport(llvm::StringRef path, const CheckResult &result);

// What --explain-reduction prints for the file: the strategy that verified
// it ("reduced exploration, 41 states built"), or why nothing was verified.
std::string describeVerification(const CheckResult &result);

// Rule metadata for every policy of the program and every compiler finding kind.
std::vector<report::RuleInfo> rulesOf(const policy::PolicySet &policies);

} // namespace cutover::session
