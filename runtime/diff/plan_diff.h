// `cutover diff`: what a change to a plan does to the migration
// (docs/diff.md). Both versions are checked with the same options; this
// compares the two results: phases, `after` edges, steps, the order relation
// between phases, the number of reachable states, findings and waivers.
#pragma once

#include "runtime/session/session.h"

#include <llvm/Support/raw_ostream.h>

#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace cutover::diff {

// A phase as the diff shows it: name, title, one line per step.
struct PhaseSummary {
  std::string name;
  std::string title;
  std::vector<std::string> steps;
};

// A phase that kept its steps under a new name.
struct Renamed {
  std::string from, to;
};

// `to` runs after `from` (an `after` edge).
struct Edge {
  std::string from, to;
};

struct StepChange {
  std::string from, to;
};

// The steps of one phase present on both sides (under its new name), and
// its title when that changed.
struct PhaseSteps {
  std::string phase;
  std::optional<StepChange> title; // from -> to ("": none)
  std::vector<std::string> added, removed;
  std::vector<StepChange> changed; // same verb and operands, other values (`move 50` -> `move 200`)
  bool reordered = false;          // the same steps in another order
};

// How phase `first` relates to phase `second` in one version.
enum class Relation { Before, After, Parallel };
llvm::StringRef relationName(Relation r);

struct OrderChange {
  std::string first, second; // first declared first in the new version
  Relation before, after;
};

struct WaiverSummary {
  std::string policy;
  std::vector<std::string> entities;
  std::string until; // empty: none
  std::string reason;
  unsigned line = 0; // in its version's file
};

// A side of the diff: what was checked and its result.
struct Version {
  std::string name; // as shown: the path, or REV:PATH
  std::unique_ptr<session::CheckResult> result;
  // The number of reachable states; none when the plan did not compile or
  // has more than --max-states.
  std::optional<uint64_t> states;
};

struct PlanDiff {
  Version old, now;

  std::vector<PhaseSummary> phasesAdded, phasesRemoved;
  std::vector<Renamed> renamed;
  std::vector<Edge> edgesAdded, edgesRemoved;
  std::vector<PhaseSteps> steps; // only phases whose steps or title changed
  std::vector<OrderChange> orderings;

  // Matched by fingerprint (matchKey): introduced and unchanged point into
  // the new version's sources, fixed and waived into the old one's. Waived:
  // reported in the old version, silenced by a waiver in the new one.
  // Findings silenced in both versions are left out.
  std::vector<diag::Finding> introduced, fixed, unchanged, waived;
  std::vector<WaiverSummary> waiversAdded, waiversRemoved, waiversExpired;

  bool changesNothing() const;
  // Whether an introduced finding is at or above `failOn` (the exit code).
  bool fails(diag::Severity failOn) const;
};

// The key that matches a finding of one version with one of the other: its
// fingerprint (report::fingerprint: ID, bound entities or else message, file;
// never its line, so moving code moves nothing), where the checked file is
// the same file in both versions (it may be named `main:plan.cut` in one and
// `plan.cut` in the other).
std::string matchKey(const diag::Finding &finding, const llvm::SourceMgr &sm);

// Checks both versions (each an io::Input: a file, or a git blob's text) and
// compares them. An llvm::Error when a file cannot be read at all.
llvm::Expected<PlanDiff> diffPlans(const io::Input &old, const io::Input &now, const session::CheckOptions &opts);

// Text for a terminal: a `git diff --stat`-like summary, then the introduced
// findings in the usual diagnostic form.
void printText(const PlanDiff &diff, llvm::raw_ostream &os, bool color);
// The JSON document of docs/diff.schema.json, for any number of diffs.
void printJson(const std::vector<PlanDiff> &diffs, llvm::raw_ostream &os);
// A pull-request comment: summary table, introduced findings with traces,
// a Mermaid flowchart of the new phase graph.
void printMarkdown(const std::vector<PlanDiff> &diffs, llvm::raw_ostream &os);

} // namespace cutover::diff
