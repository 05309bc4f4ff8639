#include "bench/common.h"

#include "compiler/sema/sema.h"

#include <llvm/Support/FileSystem.h>
#include <llvm/Support/MemoryBuffer.h>

#include <cstdio>
#include <cstdlib>
#include <map>

namespace cutover::bench {

namespace {
[[noreturn]] void fail(const std::string &what) {
  std::fprintf(stderr, "bench: %s\n", what.c_str());
  std::exit(2);
}
} // namespace

const std::string &planFile(const std::string &args) {
  static std::map<std::string, std::string> files;
  static std::string dir = [] {
    llvm::SmallString<128> d;
    if (llvm::sys::fs::createUniqueDirectory("cutover-bench", d)) fail("cannot create a temporary directory");
    return std::string(d);
  }();
  auto [it, inserted] = files.try_emplace(args);
  if (inserted) {
    it->second = dir + "/plan" + std::to_string(files.size()) + ".cut";
    std::string cmd = std::string(CUTOVER_SOURCE_DIR) + "/bench/gen " + args + " > " + it->second + " 2>/dev/null";
    if (std::system(cmd.c_str()) != 0) fail("failed: " + cmd);
  }
  return it->second;
}

parse::LoadOptions loadOptions() {
  parse::LoadOptions opts;
  opts.packPath = {std::string(CUTOVER_SOURCE_DIR) + "/policies"};
  return opts;
}

const Compiled &compiled(const std::string &args) {
  static std::map<std::string, Compiled> cache;
  auto [it, inserted] = cache.try_emplace(args);
  Compiled &c = it->second;
  if (!inserted) return c;
  const std::string &path = planFile(args);
  diag::Diagnostics diags;
  auto program = parse::loadProgram(path, loadOptions(), diags);
  if (!program) fail(llvm::toString(program.takeError()));
  c.program = std::move(*program);
  c.model = sema::analyze(*c.program, diags);
  c.policies = policy::compilePolicies(*c.program, *c.model, diags);
  c.graph = graph::buildPhaseGraph(*c.model, diags);
  if (diags.hasErrors()) fail("the plan of bench/gen " + args + " has compile errors");
  uint64_t size = 0;
  llvm::sys::fs::file_size(path, size);
  c.bytes = size;
  return c;
}

} // namespace cutover::bench
