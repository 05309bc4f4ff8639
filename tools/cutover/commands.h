// The commands of the driver; each returns the process exit code
// (docs/cli.md: 0 clean, 1 findings at or above --fail-on, 2 the tool failed).
#pragma once

#include "runtime/session/select.h"
#include "runtime/session/session.h"

#include <string>
#include <vector>

namespace cutover::driver {

enum class OutputFormat { Text, Json, Sarif, Github };

struct CommonOptions {
  session::CheckOptions check;
  diag::Severity failOn = diag::Severity::Error;
  OutputFormat format = OutputFormat::Text;
  bool color = false;
  unsigned jobs = 0; // 0: one per core
  bool quiet = false;
  bool summary = false;
  bool explainReduction = false;
  session::Selection selection; // --select / --ignore
};

// The files that `args` name (directories expanded, see io::expandInputs);
// prints why and returns false when they cannot be listed or there are none.
bool inputFiles(const std::vector<std::string> &args, llvm::StringRef noneMessage, std::vector<io::Input> &inputs);

// --explain-reduction: "cutover: PATH: reduced exploration, 41 states built" on stderr.
void explainVerification(const std::string &path, const session::CheckResult &result);

// `check --baseline FILE` and `--write-baseline FILE`; empty: not given.
extern std::string baselineFile, writeBaselineFile;
int runCheck(const std::vector<std::string> &paths, const CommonOptions &opts);
int runCompile(const std::vector<std::string> &paths, const std::string &output, const std::string &emit,
               const CommonOptions &opts);
int runTest(const std::vector<std::string> &paths, const CommonOptions &opts);
int runFmt(const std::vector<std::string> &paths, bool check, bool diff, bool color);
int runExplain(const std::vector<std::string> &ids, const CommonOptions &opts);
int runPolicies(const std::string &pack, bool markdown, const CommonOptions &opts);

// `cutover diff` (docs/diff.md): its options as written; runDiff checks them.
struct DiffOptions {
  std::vector<std::string> args; // OLD NEW, or the paths of --git-base
  std::string gitBase;
  std::string format; // text, json or markdown
};
int runDiff(const DiffOptions &opts, const CommonOptions &common);

} // namespace cutover::driver
