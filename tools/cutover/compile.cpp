#include "tools/cutover/commands.h"

#include "compiler/diag/sanitize.h"
#include "runtime/report/graph_emit.h"

#include <llvm/Support/FileSystem.h>
#include <llvm/Support/raw_ostream.h>

namespace cutover::driver {
namespace {

// Removes OUT when it is a regular file (never a device such as /dev/null).
void removeStaleOutput(const std::string &output) {
  llvm::sys::fs::file_status status;
  if (output != "-" && !llvm::sys::fs::status(output, status, /*follow=*/false) &&
      status.type() == llvm::sys::fs::file_type::regular_file)
    llvm::sys::fs::remove(output);
}

} // namespace

int runCompile(const std::vector<std::string> &paths, const std::string &output, const std::string &emit,
               const CommonOptions &opts) {
  if (paths.size() != 1) {
    llvm::errs() << "cutover: error: compile takes exactly one file (usage: cutover compile FILE -o OUT)\n";
    return 2;
  }
  if (emit != "json" && emit != "dot" && emit != "mermaid") {
    llvm::errs() << "cutover: error: --emit must be json, dot or mermaid\n";
    return 2;
  }
  auto result = session::check(paths[0], opts.check);
  if (!result) {
    removeStaleOutput(output);
    llvm::errs() << "cutover: error: " << diag::sanitize(llvm::toString(result.takeError())) << '\n';
    return 2;
  }
  report::FileReport findings = session::toReport(paths[0], **result);
  // Findings go to stderr: stdout may be the graph itself (-o -).
  report::printText(findings, llvm::errs(), opts.color);
  if (!(*result)->verified) {
    // Compile errors: there is no verified graph to write, and the graph an
    // earlier run wrote there no longer describes the plan.
    removeStaleOutput(output);
    return 1;
  }

  report::GraphDocument doc{*(*result)->model, (*result)->graph, (*result)->program->sm, findings.findings,
                            (*result)->statesExplored};
  // A temporary file renamed over OUT once complete: OUT is never half written.
  llvm::Error written = llvm::writeToOutput(output, [&](llvm::raw_ostream &os) {
    if (emit == "json")
      report::emitGraphJson(doc, os);
    else if (emit == "dot")
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
