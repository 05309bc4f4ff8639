#include "tools/cutover/commands.h"

#include "compiler/diag/sanitize.h"
#include "runtime/report/graph_emit.h"

#include <llvm/Support/FileSystem.h>
#include <llvm/Support/ToolOutputFile.h>
#include <llvm/Support/raw_ostream.h>

namespace cutover::driver {

int runCompile(const std::vector<std::string> &paths, const std::string &output, const std::string &emit,
               const CommonOptions &opts) {
  if (paths.size() != 1) {
    llvm::errs() << "cutover: error: compile takes exactly one file\n";
    return 2;
  }
  if (emit != "json" && emit != "dot" && emit != "mermaid") {
    llvm::errs() << "cutover: error: --emit must be json, dot or mermaid\n";
    return 2;
  }
  auto result = session::check(paths[0], opts.check);
  if (!result) {
    llvm::errs() << "cutover: error: " << diag::sanitize(llvm::toString(result.takeError())) << '\n';
    return 2;
  }
  if (opts.explainReduction) explainVerification(paths[0], **result);
  report::FileReport findings = session::toReport(paths[0], **result);
  // Findings go to stderr: stdout may be the graph itself (-o -).
  report::printText(findings, llvm::errs(), opts.color);
  if (!(*result)->verified) return 1; // compile errors: there is no verified graph to write

  std::error_code ec;
  llvm::ToolOutputFile out(output, ec, llvm::sys::fs::OF_None);
  if (ec) {
    llvm::errs() << "cutover: error: cannot write '" << diag::sanitize(output) << "': " << ec.message() << '\n';
    return 2;
  }
  report::GraphDocument doc{*(*result)->model, (*result)->graph, (*result)->program->sm, findings.findings,
                            (*result)->verification.statesExplored};
  if (emit == "json") report::emitGraphJson(doc, out.os());
  else if (emit == "dot") report::emitGraphDot(doc, out.os());
  else report::emitGraphMermaid(doc, out.os());
  out.keep();

  for (const diag::Finding &f : findings.findings)
    if (!f.suppressed && static_cast<int>(f.severity) <= static_cast<int>(opts.failOn)) return 1;
  return 0;
}

} // namespace cutover::driver
