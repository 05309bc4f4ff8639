// cutover: the command-line driver. It parses options and hands each command
// to the library; all the work happens in compiler/ and runtime/.
#include "tools/cutover/commands.h"

#include "compiler/diag/sanitize.h"
#include "tools/cutover/lsp/server.h"
#include "tools/cutover/pack_path.h"

#include <llvm/Support/CommandLine.h>
#include <llvm/Support/FileSystem.h>
#include <llvm/Support/InitLLVM.h>
#include <llvm/Support/Path.h>
#include <llvm/Support/Process.h>
#include <llvm/Support/Signals.h>
#include <llvm/Support/raw_ostream.h>

#include <csignal>

using namespace llvm;
using namespace cutover::driver;

namespace {

cl::SubCommand CheckCmd("check", "Compile and verify plans; print findings");
cl::SubCommand CompileCmd("compile", "Write the verified phase graph");
cl::SubCommand FmtCmd("fmt", "Format files in the canonical layout");
cl::SubCommand TestCmd("test", "Verify '# expect:' comments against the findings");
cl::SubCommand ExplainCmd("explain", "Explain a policy or finding ID");
cl::SubCommand PoliciesCmd("policies", "List the policies of the packs");
cl::SubCommand LspCmd("lsp", "Run the language server (LSP over stdin and stdout)");

cl::OptionCategory Options("cutover options");

// Options several commands share. LLVM's own `--color` lives in the top-level
// command only, so ours, declared per subcommand, does not clash with it.
cl::list<std::string> Files(cl::Positional, cl::desc("<file or directory>..."), cl::sub(CheckCmd),
                            cl::sub(CompileCmd), cl::sub(FmtCmd), cl::sub(TestCmd), cl::cat(Options));
cl::opt<std::string> Format("format", cl::desc("Output format: text, json, sarif or github"),
                            cl::init("text"), cl::sub(CheckCmd), cl::sub(TestCmd), cl::cat(Options));
cl::opt<std::string> Color("color", cl::desc("Colour: auto, always or never"), cl::init("auto"),
                           cl::sub(CheckCmd), cl::sub(CompileCmd), cl::sub(FmtCmd), cl::sub(TestCmd),
                           cl::sub(ExplainCmd), cl::cat(Options));
cl::opt<std::string> FailOn("fail-on", cl::desc("Lowest severity that fails: error, warning or info"),
                            cl::init("error"), cl::sub(CheckCmd), cl::sub(CompileCmd), cl::cat(Options));
cl::opt<uint64_t> MaxStates("max-states", cl::desc("Bound on reachable states (default 1000000)"),
                            cl::init(1'000'000), cl::sub(CheckCmd), cl::sub(CompileCmd), cl::sub(TestCmd),
                            cl::cat(Options));
cl::opt<uint64_t> MaxSteps("max-steps",
                           cl::desc("Evaluation steps one policy may take before it is stopped (E-LIMIT; "
                                    "default 100000000)"),
                           cl::init(cutover::eval::kDefaultMaxSteps), cl::sub(CheckCmd), cl::sub(CompileCmd),
                           cl::sub(TestCmd), cl::cat(Options));
cl::opt<uint64_t> MaxMemory("max-memory",
                            cl::desc("Memory (MiB) the state exploration may use before E-STATE-LIMIT (default: "
                                     "a third of the memory available)"),
                            cl::value_desc("MiB"), cl::init(0), cl::sub(CheckCmd), cl::sub(CompileCmd),
                            cl::sub(TestCmd), cl::cat(Options));
cl::list<std::string> PackPath("pack-path", cl::desc("Also look for packs in DIR"), cl::value_desc("DIR"),
                               cl::sub(CheckCmd), cl::sub(CompileCmd), cl::sub(TestCmd), cl::sub(ExplainCmd),
                               cl::sub(PoliciesCmd), cl::sub(LspCmd), cl::cat(Options));
cl::opt<unsigned> Jobs("j", cl::desc("Files checked in parallel (default: the number of cores)"),
                       cl::init(0), cl::Prefix, cl::sub(CheckCmd), cl::sub(TestCmd), cl::cat(Options));
cl::opt<std::string> Today("today", cl::desc("Date for waiver expiry, YYYY-MM-DD (default: today, UTC)"),
                           cl::sub(CheckCmd), cl::sub(CompileCmd), cl::sub(TestCmd), cl::cat(Options));
cl::opt<std::string> Explore("explore", cl::desc("State exploration: reduced (default) or full"),
                             cl::init("reduced"), cl::sub(CheckCmd), cl::sub(CompileCmd), cl::sub(TestCmd),
                             cl::cat(Options));
cl::opt<bool> AllowUseOutside("allow-use-outside",
                              cl::desc("Let `use \"...\"` reach files outside the checked file's tree"),
                              cl::sub(CheckCmd), cl::sub(CompileCmd), cl::sub(TestCmd), cl::cat(Options));
cl::opt<bool> Quiet("quiet", cl::desc("Print findings only"), cl::sub(CheckCmd), cl::cat(Options));
cl::opt<bool> Summary("summary", cl::desc("Print the number of findings per ID"), cl::sub(CheckCmd),
                      cl::cat(Options));

cl::opt<std::string> Output("o", cl::desc("Output file ('-': stdout)"), cl::value_desc("OUT"), cl::init("-"),
                            cl::sub(CompileCmd), cl::cat(Options));
cl::opt<std::string> Emit("emit", cl::desc("Graph format: json, dot or mermaid"), cl::init("json"),
                          cl::sub(CompileCmd), cl::cat(Options));

cl::opt<bool> FmtCheck("check", cl::desc("Only report files that would change (exit 1)"), cl::sub(FmtCmd),
                       cl::cat(Options));
cl::opt<bool> FmtDiff("diff", cl::desc("Print what would change as a diff"), cl::sub(FmtCmd),
                      cl::cat(Options));

cl::opt<std::string> ExplainId(cl::Positional, cl::desc("<ID>"), cl::Required, cl::sub(ExplainCmd),
                               cl::cat(Options));
cl::opt<std::string> Pack("pack", cl::desc("Only the policies of this pack"), cl::sub(PoliciesCmd),
                          cl::cat(Options));
cl::opt<bool> Markdown("markdown", cl::desc("Print the catalogue as Markdown (docs/policies.md)"),
                       cl::sub(PoliciesCmd), cl::cat(Options));

bool colorFor(llvm::raw_fd_ostream &os, int &exitCode) {
  if (Color == "always") return true;
  if (Color == "never") return false;
  if (Color != "auto") {
    errs() << "cutover: error: --color must be auto, always or never\n";
    exitCode = 2;
    return false;
  }
  // https://no-color.org: a NO_COLOR set to the empty string does not count.
  Optional<std::string> noColor = sys::Process::GetEnv("NO_COLOR");
  return os.has_colors() && (!noColor || noColor->empty());
}

CommonOptions commonOptions(const char *argv0, int &exitCode) {
  CommonOptions o;
  const std::string executable = sys::fs::getMainExecutable(argv0, (void *)&commonOptions);
  o.check.load.packPath = packSearchPath(sys::path::parent_path(executable),
                                         sys::Process::GetEnv("CUTOVER_PATH").getValueOr(""), PackPath);
  o.check.load.allowUseOutside = AllowUseOutside;
  o.check.maxStates = MaxStates;
  o.check.maxSteps = MaxSteps;
  o.check.maxMemoryMiB = MaxMemory;
  o.check.today = Today;
  o.check.fullExploration = Explore == "full";
  if (Explore != "full" && Explore != "reduced") {
    errs() << "cutover: error: --explore must be full or reduced\n";
    exitCode = 2;
  }
  if (auto s = cutover::diag::parseSeverity(FailOn)) o.failOn = *s;
  else {
    errs() << "cutover: error: --fail-on must be error, warning or info\n";
    exitCode = 2;
  }
  if (Format == "text") o.format = OutputFormat::Text;
  else if (Format == "json") o.format = OutputFormat::Json;
  else if (Format == "sarif") o.format = OutputFormat::Sarif;
  else if (Format == "github") o.format = OutputFormat::Github;
  else {
    errs() << "cutover: error: --format must be text, json, sarif or github\n";
    exitCode = 2;
  }
  o.color = colorFor(outs(), exitCode);
  o.jobs = Jobs;
  o.quiet = Quiet;
  o.summary = Summary;
  return o;
}

// Arguments before `--` that start with '-' are read as options. A file
// name can look like one: `check *.cut` in a directory where a pull request
// committed `--pack-path=evade.cut` hands that file to LLVM as an option,
// and the plan is never checked. Refuse an option-like argument that names
// an existing file (put files after `--`), and one with characters that are
// unsafe to print (LLVM echoes unknown arguments as they are). Returns false
// after printing why.
bool optionsAreNotFiles(int argc, char **argv) {
  for (int i = 1; i < argc; ++i) {
    llvm::StringRef arg = argv[i];
    if (arg == "--") break;
    if (!arg.startswith("-") || arg == "-") continue;
    std::string shown = cutover::diag::sanitize(arg);
    if (shown != arg) {
      errs() << "cutover: error: '" << shown << "' is not an option; put file names after '--'\n";
      return false;
    }
    sys::fs::file_status status;
    if (!sys::fs::status(arg, status, /*follow=*/false)) {
      errs() << "cutover: error: '" << shown
             << "' is a file, but here it would be read as an option; put file names after '--' (cutover COMMAND "
                "[OPTIONS] -- FILE...)\n";
      return false;
    }
  }
  return true;
}

} // namespace

int main(int argc, char **argv) {
  InitLLVM init(argc, argv);
  // Past a file size limit (`ulimit -f`), a write must fail with EFBIG, which
  // we report, rather than kill us half-way through (fmt then leaves its
  // temporary file behind).
  std::signal(SIGXFSZ, SIG_IGN);
  cl::SetVersionPrinter([](raw_ostream &os) { os << "cutover " << CUTOVER_VERSION << '\n'; });
  cl::HideUnrelatedOptions(Options);
  if (!optionsAreNotFiles(argc, argv)) return 2;
  if (!cl::ParseCommandLineOptions(argc, argv, "cutover: policy checks for staged infrastructure migrations\n",
                                   &errs()))
    return 2;

  int exitCode = 0;
  CommonOptions common = commonOptions(argv[0], exitCode);
  if (exitCode != 0) return exitCode;

  if (CheckCmd) return runCheck(Files, common);
  if (CompileCmd) return runCompile(Files, Output, Emit, common);
  if (TestCmd) return runTest(Files, common);
  if (FmtCmd) return runFmt(Files, FmtCheck, FmtDiff);
  if (ExplainCmd) return runExplain(ExplainId, common);
  if (PoliciesCmd) return runPolicies(Pack, Markdown, common);
  if (LspCmd) return cutover::lsp::run(0, outs(), common.check);

  errs() << "cutover: error: no command given (try 'cutover --help')\n";
  return 2;
}
