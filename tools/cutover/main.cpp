// cutover: the command-line driver. It parses options and hands each command
// to the library; all the work happens in compiler/ and runtime/.
#include "tools/cutover/commands.h"

#include "compiler/diag/diagnostic.h"
#include "compiler/diag/messages.h"
#include "compiler/diag/sanitize.h"
#include "compiler/sema/date.h"
#include "tools/cutover/allocator.h"
#include "tools/cutover/lsp/server.h"
#include "tools/cutover/pack_path.h"
#include <cutover_commit.h> // generated: the commit the build comes from (tools/dist/commit.cmake)

#include <llvm/ADT/STLExtras.h>
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
cl::SubCommand CompileCmd("compile", "Write the verified phase graph (or a compiler phase's result)");
cl::SubCommand FmtCmd("fmt", "Format files in the canonical layout");
cl::SubCommand TestCmd("test", "Verify '# expect:' comments against the findings");
cl::SubCommand ExplainCmd("explain", "Explain a policy or finding ID");
cl::SubCommand PoliciesCmd("policies", "List the policies of the packs");
cl::SubCommand DiffCmd("diff", "Compare two versions of a plan: phases, orderings, states, findings");
// `cutover help [COMMAND]` is answered before parsing (main); declared so
// that `cutover --help` lists it.
cl::SubCommand HelpCmd("help", "Show the help of cutover or of one command");
cl::SubCommand LspCmd("lsp", "Run the language server (LSP over stdin and stdout)");

cl::OptionCategory Options("cutover options");

// Each command's positional arguments, so that its --help shows its usage.
cl::list<std::string> Files(cl::Positional, cl::desc("<file or directory>..."), cl::sub(CheckCmd), cl::sub(FmtCmd),
                            cl::sub(TestCmd), cl::cat(Options));
cl::list<std::string> CompileFile(cl::Positional, cl::desc("<file>"), cl::sub(CompileCmd), cl::cat(Options));

// Options several commands share. LLVM's own `--color` lives in the top-level
// command only, so ours, declared per subcommand, does not clash with it.
cl::opt<std::string> Format("format", cl::desc("Output format: text, json, sarif or github"), cl::value_desc("format"),
                            cl::init("text"), cl::sub(CheckCmd), cl::cat(Options));
// SARIF describes findings, not the outcome of expectations.
cl::opt<std::string> TestFormat("format", cl::desc("Output format: text, json or github"), cl::value_desc("format"),
                                cl::init("text"), cl::sub(TestCmd), cl::cat(Options));
cl::opt<std::string> Color("color", cl::desc("Colour: auto, always or never"), cl::value_desc("when"), cl::init("auto"),
                           cl::sub(CheckCmd), cl::sub(CompileCmd), cl::sub(FmtCmd), cl::sub(TestCmd),
                           cl::sub(ExplainCmd), cl::sub(PoliciesCmd), cl::sub(DiffCmd), cl::cat(Options));
cl::opt<std::string> FailOn("fail-on", cl::desc("Lowest severity that fails: error, warning or info"),
                            cl::value_desc("severity"), cl::init("error"), cl::sub(CheckCmd), cl::sub(CompileCmd),
                            cl::sub(DiffCmd), cl::cat(Options));
cl::opt<uint64_t> MaxStates("max-states", cl::desc("Bound on reachable states (default 1000000)"), cl::value_desc("N"),
                            cl::init(1'000'000), cl::sub(CheckCmd), cl::sub(CompileCmd), cl::sub(TestCmd),
                            cl::sub(DiffCmd), cl::cat(Options));
cl::opt<uint64_t> MaxSteps("max-steps",
                           cl::desc("Evaluation steps one policy may take before it is stopped (E-LIMIT; "
                                    "default 100000000)"),
                           cl::value_desc("N"), cl::init(cutover::eval::kDefaultMaxSteps), cl::sub(CheckCmd),
                           cl::sub(CompileCmd), cl::sub(TestCmd), cl::cat(Options));
cl::opt<uint64_t> MaxMemory("max-memory",
                            cl::desc("Memory (MiB) the state exploration may use before E-STATE-LIMIT (default: "
                                     "a third of the memory available)"),
                            cl::value_desc("MiB"), cl::init(0), cl::sub(CheckCmd), cl::sub(CompileCmd),
                            cl::sub(TestCmd), cl::cat(Options));
cl::list<std::string> PackPath("pack-path", cl::desc("Also look for packs in DIR"), cl::value_desc("DIR"),
                               cl::sub(CheckCmd), cl::sub(CompileCmd), cl::sub(TestCmd), cl::sub(ExplainCmd),
                               cl::sub(PoliciesCmd), cl::sub(LspCmd), cl::sub(DiffCmd), cl::cat(Options));
cl::opt<unsigned>
    Jobs("j",
         cl::desc("Threads: files checked in parallel, then the policies of each file (default: the number of cores)"),
         cl::value_desc("N"), cl::init(0), cl::Prefix, cl::sub(CheckCmd), cl::sub(TestCmd), cl::cat(Options));
cl::opt<std::string> Today("today", cl::desc("Date for waiver expiry (default: today, UTC)"),
                           cl::value_desc("YYYY-MM-DD"), cl::sub(CheckCmd), cl::sub(CompileCmd), cl::sub(TestCmd),
                           cl::sub(DiffCmd), cl::cat(Options));
cl::opt<std::string> Explore("explore", cl::desc("State exploration: reduced (default) or full"),
                             cl::value_desc("strategy"), cl::init("reduced"), cl::sub(CheckCmd), cl::sub(CompileCmd),
                             cl::sub(TestCmd), cl::cat(Options));
cl::opt<bool> ExplainReduction("explain-reduction",
                               cl::desc("Print on stderr, per file, which exploration verified it and why the "
                                        "reduced one gave up"),
                               cl::sub(CheckCmd), cl::sub(CompileCmd), cl::sub(TestCmd), cl::cat(Options));
cl::opt<bool> AllowUseOutside("allow-use-outside",
                              cl::desc("Let `use \"...\"` reach files outside the checked file's tree"),
                              cl::sub(CheckCmd), cl::sub(CompileCmd), cl::sub(TestCmd), cl::cat(Options));
cl::list<std::string> Select("select",
                             cl::desc("Report only the findings whose ID starts with one of these (ID or prefix: "
                                      "LYNC-ARC, W-; comma-separated, repeatable)"),
                             cl::value_desc("ID,..."), cl::CommaSeparated, cl::sub(CheckCmd), cl::sub(TestCmd),
                             cl::cat(Options));
cl::list<std::string> Ignore("ignore",
                             cl::desc("Do not report the findings whose ID starts with one of these (the longest "
                                      "matching --select or --ignore decides)"),
                             cl::value_desc("ID,..."), cl::CommaSeparated, cl::sub(CheckCmd), cl::sub(TestCmd),
                             cl::cat(Options));
cl::opt<bool> Quiet("quiet", cl::desc("Print findings only"), cl::sub(CheckCmd), cl::cat(Options));
cl::opt<bool> Summary("summary", cl::desc("Print the number of findings per ID"), cl::sub(CheckCmd), cl::cat(Options));
// Baselines (docs/output-formats.md#baselines): stored where runCheck reads them.
cl::opt<std::string, true> Baseline("baseline", cl::desc("Report only the findings that FILE does not hold"),
                                    cl::value_desc("FILE"), cl::location(baselineFile), cl::sub(CheckCmd),
                                    cl::cat(Options));
cl::opt<std::string, true> WriteBaseline("write-baseline",
                                         cl::desc("Record the current findings in FILE (for --baseline) and exit"),
                                         cl::value_desc("FILE"), cl::location(writeBaselineFile), cl::sub(CheckCmd),
                                         cl::cat(Options));

cl::opt<std::string> Output("o", cl::desc("Output file ('-': stdout)"), cl::value_desc("OUT"), cl::init("-"),
                            cl::sub(CompileCmd), cl::cat(Options));
cl::opt<std::string> Emit("emit",
                          cl::desc("What to write, the verified graph or (for tests) what one compiler phase "
                                   "built: json, dot, mermaid, ast, model or plan"),
                          cl::value_desc("format"), cl::init("json"), cl::sub(CompileCmd), cl::cat(Options));

cl::opt<bool> FmtCheck("check", cl::desc("Only report files that would change (exit 1)"), cl::sub(FmtCmd),
                       cl::cat(Options));
cl::opt<bool> FmtDiff("diff", cl::desc("Print what would change as a diff"), cl::sub(FmtCmd), cl::cat(Options));

// A list for LLVM, so that a missing or second ID gets our usage line, not the parser's.
cl::list<std::string> ExplainId(cl::Positional, cl::desc("<ID>"), cl::sub(ExplainCmd), cl::cat(Options));
cl::opt<std::string> Pack("pack", cl::desc("Only the policies of this pack"), cl::value_desc("name"),
                          cl::sub(PoliciesCmd), cl::cat(Options));
cl::opt<std::string> HelpTopic(cl::Positional, cl::desc("[command]"), cl::sub(HelpCmd), cl::cat(Options));
cl::opt<bool> Markdown("markdown", cl::desc("Print the catalogue as Markdown (docs/policies.md)"), cl::sub(PoliciesCmd),
                       cl::cat(Options));

// `cutover diff` (docs/diff.md); the options of `check` that apply to it are
// declared with them.
cl::list<std::string> DiffArgs(cl::Positional, cl::desc("<old> <new> | --git-base REF <path>..."), cl::sub(DiffCmd),
                               cl::cat(Options));
cl::opt<std::string> DiffGitBase("git-base", cl::desc("Compare each path with its version at REF"),
                                 cl::value_desc("REF"), cl::sub(DiffCmd), cl::cat(Options));
cl::opt<std::string> DiffFormat("format", cl::desc("Output format: text, json or markdown"), cl::value_desc("format"),
                                cl::init("text"), cl::sub(DiffCmd), cl::cat(Options));

// `os` is where the command prints what may be coloured: stdout for check,
// test, explain and policies; stderr for compile and fmt (their findings).
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
  o.check.load.packPath = packSearchPath(sys::path::parent_path(executable), CUTOVER_PACKS_FROM_BINARY,
                                         sys::Process::GetEnv("CUTOVER_PATH").getValueOr(""), PackPath);
  o.check.load.allowUseOutside = AllowUseOutside;
  o.check.maxStates = MaxStates;
  o.check.maxSteps = MaxSteps;
  o.check.maxMemoryMiB = MaxMemory;
  o.check.today = Today;
  if (Today.getNumOccurrences() && !cutover::sema::isDate(Today)) {
    errs() << "cutover: error: --today must be a date YYYY-MM-DD, not '" << cutover::diag::sanitize(Today) << "'\n";
    exitCode = 2;
  }
  o.check.fullExploration = Explore == "full";
  o.explainReduction = ExplainReduction;
  if (Explore != "full" && Explore != "reduced") {
    errs() << "cutover: error: --explore must be full or reduced\n";
    exitCode = 2;
  }
  if (auto s = cutover::diag::parseSeverity(FailOn))
    o.failOn = *s;
  else {
    errs() << "cutover: error: --fail-on must be error, warning or info\n";
    exitCode = 2;
  }
  const std::string &format = TestCmd ? TestFormat : Format;
  if (format == "text")
    o.format = OutputFormat::Text;
  else if (format == "json")
    o.format = OutputFormat::Json;
  else if (format == "sarif" && !TestCmd)
    o.format = OutputFormat::Sarif;
  else if (format == "github")
    o.format = OutputFormat::Github;
  else {
    errs() << "cutover: error: --format must be " << (TestCmd ? "text, json or github" : "text, json, sarif or github")
           << '\n';
    exitCode = 2;
  }
  o.color = colorFor(CompileCmd || FmtCmd ? errs() : outs(), exitCode);
  o.jobs = Jobs;
  o.quiet = Quiet;
  o.summary = Summary;
  o.selection = cutover::session::Selection(Select, Ignore);
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

// A closed pipe (`cutover check ... | head -1`) ends the process as it
// ends cat or grep: killed by SIGPIPE, quietly (status 141 in the shell).
// LLVM calls this from its signal handler, after removing its temporary
// files; only async-signal-safe calls here.
void dieOfSigpipe() {
  std::signal(SIGPIPE, SIG_DFL);
  std::raise(SIGPIPE);
}

cl::SubCommand *const kCommands[] = {&CheckCmd,    &CompileCmd, &FmtCmd, &TestCmd, &ExplainCmd,
                                     &PoliciesCmd, &DiffCmd,    &LspCmd, &HelpCmd};

bool isCommand(StringRef name) {
  return llvm::any_of(kCommands, [&](const cl::SubCommand *c) { return c->getName() == name; });
}

// `cutover chek`: the parser would say "Unknown command line argument".
void unknownCommand(StringRef name) {
  std::vector<std::string> names;
  for (cl::SubCommand *c : kCommands) names.push_back(c->getName().str());
  errs() << "cutover: error: unknown command '" << cutover::diag::sanitize(name) << "'";
  errs() << cutover::diag::didYouMean(name, names) << " (see 'cutover help')\n";
}

} // namespace

int main(int argc, char **argv) {
  // Before InitLLVM, which would install LLVM's own handler (exit 74).
  sys::SetOneShotPipeSignalFunction(dieOfSigpipe);
  InitLLVM init(argc, argv, /*InstallPipeSignalExitHandler=*/false);
  // Past a file size limit (`ulimit -f`), a write must fail with EFBIG, which
  // we report, rather than kill us half-way through (fmt then leaves its
  // temporary file behind).
  std::signal(SIGXFSZ, SIG_IGN);
  cl::SetVersionPrinter(
      [](raw_ostream &os) { os << "cutover " << CUTOVER_VERSION << " (commit " << CUTOVER_COMMIT << ")\n"; });
  cl::HideUnrelatedOptions(Options);
  if (!optionsAreNotFiles(argc, argv)) return 2;

  // The command is the first argument; `cutover help [COMMAND]` is
  // `cutover [COMMAND] --help`. LLVM parses everything else.
  if (argc < 2) {
    errs() << "cutover: error: no command given (see 'cutover help')\n";
    return 2;
  }
  StringRef command = argv[1];
  if (!command.startswith("-") && !isCommand(command)) {
    unknownCommand(command);
    return 2;
  }
  std::vector<const char *> args(argv, argv + argc);
  if (command == "help") {
    if (argc > 3) {
      errs() << "cutover: error: help takes at most one command (usage: cutover help [COMMAND])\n";
      return 2;
    }
    if (argc == 3 && !StringRef(argv[2]).startswith("-") && !isCommand(argv[2])) {
      unknownCommand(argv[2]);
      return 2;
    }
    args = {argv[0]};
    if (argc == 3) args.push_back(argv[2]);
    args.push_back("--help");
  }
  if (!cl::ParseCommandLineOptions(static_cast<int>(args.size()), args.data(),
                                   "cutover: policy checks for staged infrastructure migrations\n", &errs()))
    return 2;

  int exitCode = 0;
  CommonOptions common = commonOptions(argv[0], exitCode);
  if (exitCode != 0) return exitCode;

  // A large plan is worth huge pages and keeping freed memory; the bundled example is not.
  const std::vector<std::string> &inputs = CheckCmd ? Files : CompileCmd ? CompileFile : DiffArgs;
  if (CheckCmd || CompileCmd || DiffCmd)
    if (const uint64_t bytes = inputBytes(inputs); bytes >= kLargeRunFrom) allocateForLargeRun(bytes);

  if (CheckCmd) return runCheck(Files, common);
  if (CompileCmd) return runCompile(CompileFile, Output, Emit, common);
  if (TestCmd) return runTest(Files, common);
  if (FmtCmd) return runFmt(Files, FmtCheck, FmtDiff, common.color);
  if (ExplainCmd) return runExplain(ExplainId, common);
  if (PoliciesCmd) return runPolicies(Pack, Markdown, common);
  if (DiffCmd) return runDiff({DiffArgs, DiffGitBase, DiffFormat}, common);
  if (LspCmd) return cutover::lsp::run(0, outs(), common.check);

  errs() << "cutover: error: no command given (see 'cutover help')\n";
  return 2;
}
