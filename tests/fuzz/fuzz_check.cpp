// Fuzz target: the whole pipeline of `cutover check` (load with the real
// packs, sema, policies, phase graph, verification, reporters) on the bytes
// as the main file. Any input must end in findings, never a crash or a hang.
#include "runtime/report/report.h"
#include "runtime/session/session.h"

#include <llvm/Support/FileSystem.h>
#include <llvm/Support/Path.h>
#include <llvm/Support/raw_ostream.h>

#include <cstdint>
#include <cstdlib>
#include <string>

namespace {

// One scratch directory per process: `use "x.cut"` in an input can reach
// nothing but the input itself.
const std::string &mainFile() {
  static const std::string path = [] {
    llvm::SmallString<128> dir;
    if (llvm::sys::fs::createUniqueDirectory("cutover-fuzz", dir)) std::abort();
    llvm::sys::path::append(dir, "main.cut");
    return dir.str().str();
  }();
  return path;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  {
    std::error_code ec;
    llvm::raw_fd_ostream os(mainFile(), ec);
    if (ec) std::abort();
    os.write(reinterpret_cast<const char *>(data), size);
  }
  cutover::session::CheckOptions opts;
  opts.load.packPath = {CUTOVER_SOURCE_DIR "/policies"};
  opts.maxStates = 10'000; // enough for real plans, small enough to fuzz fast
  opts.today = "2026-01-01";
  auto result = cutover::session::check(mainFile(), opts);
  if (!result) std::abort(); // the file was just written: it must be readable
  const cutover::session::CheckResult &checked = **result;

  // The reporters must cope with whatever was found.
  std::vector<cutover::report::FileReport> reports{cutover::session::toReport(mainFile(), checked)};
  std::string text;
  llvm::raw_string_ostream os(text);
  cutover::report::printText(reports.front(), os, /*color=*/true);
  cutover::report::printJson(reports, os);
  cutover::report::printSarif(reports, cutover::session::rulesOf(checked.policies), os);
  cutover::report::printGithub(reports.front(), os);
  return 0;
}
