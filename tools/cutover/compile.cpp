#include "tools/cutover/commands.h"

#include "compiler/ast/dump.h"
#include "compiler/diag/sanitize.h"
#include "compiler/policy/dump.h"
#include "compiler/sema/dump.h"
#include "runtime/report/graph_emit.h"

#include <llvm/ADT/StringSwitch.h>
#include <llvm/Support/FileSystem.h>
#include <llvm/Support/raw_ostream.h>

#include <optional>

namespace cutover::driver {
namespace {

// Removes OUT when it is a regular file (never a device such as /dev/null).
void removeStaleOutput(const std::string &output) {
  llvm::sys::fs::file_status status;
  if (output != "-" && !llvm::sys::fs::status(output, status, /*follow=*/false) &&
      status.type() == llvm::sys::fs::file_type::regular_file)
    llvm::sys::fs::remove(output);
}

// The verified graph (json, dot, mermaid), or the result of one compiler
// phase (ast, model, plan), for file tests (docs/cli.md#intermediate-results).
enum class Emit { Json, Dot, Mermaid, Ast, Model, Plan };

std::optional<Emit> parseEmit(llvm::StringRef name) {
  return llvm::StringSwitch<std::optional<Emit>>(name)
      .Case("json", Emit::Json)
      .Case("dot", Emit::Dot)
      .Case("mermaid", Emit::Mermaid)
      .Case("ast", Emit::Ast)
      .Case("model", Emit::Model)
      .Case("plan", Emit::Plan)
      .Default(std::nullopt);
}

session::Stage lastStage(Emit emit) {
  switch (emit) {
  case Emit::Ast: return session::Stage::Parse;
  case Emit::Model: return session::Stage::Analyze;
  case Emit::Plan: return session::Stage::CompilePolicies;
  case Emit::Json:
  case Emit::Dot:
  case Emit::Mermaid: return session::Stage::Verify;
  }
  return session::Stage::Verify;
}

// The phase's structure as text, when the phase built it: the AST of the
// main file once it parsed, the model and the plans even after errors (they
// are best-effort, as later phases see them).
std::optional<std::string> dumpPhase(Emit emit, const session::CheckResult &result) {
  const parse::Program &program = *result.program;
  const ast::File *main = program.main();
  if (!main || (emit != Emit::Ast && !result.model)) return std::nullopt;
  std::string text;
  llvm::raw_string_ostream os(text);
  if (emit == Emit::Ast)
    ast::dumpFile(*main, program.sm, os);
  else if (emit == Emit::Model)
    sema::dumpModel(*result.model, program.sm, main->bufferId, os);
  else
    policy::dumpPolicies(result.policies, *result.model, program.sm, main->bufferId, os);
  return text;
}

// Names and strings come from the plan: each line goes through the sanitiser
// like every other output (docs/security.md#output).
void writeSanitized(llvm::StringRef text, llvm::raw_ostream &os) {
  for (llvm::StringRef rest = text; !rest.empty();) {
    auto [line, tail] = rest.split('\n');
    os << diag::sanitize(line) << '\n';
    rest = tail;
  }
}

} // namespace

int runCompile(const std::vector<std::string> &paths, const std::string &output, const std::string &emitName,
               const CommonOptions &opts) {
  if (paths.size() != 1) {
    llvm::errs() << "cutover: error: compile takes exactly one file (usage: cutover compile FILE -o OUT)\n";
    return 2;
  }
  std::optional<Emit> emit = parseEmit(emitName);
  if (!emit) {
    llvm::errs() << "cutover: error: --emit must be json, dot, mermaid, ast, model or plan\n";
    return 2;
  }
  session::CheckOptions checkOpts = opts.check;
  checkOpts.stopAfter = lastStage(*emit);
  auto result = session::check(paths[0], checkOpts);
  if (!result) {
    removeStaleOutput(output);
    llvm::errs() << "cutover: error: " << diag::sanitize(llvm::toString(result.takeError())) << '\n';
    return 2;
  }
  if (opts.explainReduction) explainVerification(paths[0], **result);
  report::FileReport findings = session::toReport(paths[0], **result);
  // Findings go to stderr: stdout may be the graph itself (-o -).
  report::printText(findings, llvm::errs(), opts.color);

  std::optional<std::string> dump;
  if (checkOpts.stopAfter != session::Stage::Verify) {
    dump = dumpPhase(*emit, **result);
    if (!dump) {
      // The file does not parse: there is no structure to write.
      removeStaleOutput(output);
      return 1;
    }
  } else if (!(*result)->verified) {
    // Compile errors: there is no verified graph to write, and the graph an
    // earlier run wrote there no longer describes the plan.
    removeStaleOutput(output);
    return 1;
  }

  // A temporary file renamed over OUT once complete: OUT is never half written.
  llvm::Error written = llvm::writeToOutput(output, [&](llvm::raw_ostream &os) {
    if (dump) {
      writeSanitized(*dump, os);
      return llvm::Error::success();
    }
    report::GraphDocument doc{*(*result)->model, (*result)->graph, (*result)->program->sm, findings.findings,
                              (*result)->verification.statesExplored};
    if (emit == Emit::Json)
      report::emitGraphJson(doc, os);
    else if (emit == Emit::Dot)
      report::emitGraphDot(doc, os);
    else
      report::emitGraphMermaid(doc, os);
    return llvm::Error::success();
  });
  if (written) {
    llvm::errs() << "cutover: error: cannot write '" << diag::sanitize(output)
                 << "': " << diag::sanitize(llvm::toString(std::move(written))) << '\n';
    return 2;
  }

  for (const diag::Finding &f : findings.findings)
    if (!f.suppressed && static_cast<int>(f.severity) <= static_cast<int>(opts.failOn)) return 1;
  return 0;
}

} // namespace cutover::driver
