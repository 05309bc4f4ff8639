#include "runtime/session/files.h"

#include <llvm/Support/FileSystem.h>
#include <llvm/Support/Path.h>
#include <llvm/Support/ThreadPool.h>

#include <algorithm>

namespace cutover::session {

llvm::Error expandInputs(const std::vector<std::string> &args, std::vector<std::string> &paths) {
  for (const std::string &arg : args) {
    if (arg == "-" || !llvm::sys::fs::is_directory(arg)) {
      paths.push_back(arg); // a missing file is reported when it is read
      continue;
    }
    std::vector<std::string> found;
    std::error_code ec;
    for (llvm::sys::fs::recursive_directory_iterator it(arg, ec), end; it != end && !ec; it.increment(ec))
      if (llvm::sys::path::extension(it->path()) == ".cut" && !llvm::sys::fs::is_directory(it->path()))
        found.push_back(it->path());
    if (ec) return llvm::createStringError(ec, "cannot read directory '%s': %s", arg.c_str(), ec.message().c_str());
    std::sort(found.begin(), found.end());
    paths.insert(paths.end(), found.begin(), found.end());
  }
  return llvm::Error::success();
}

std::vector<Outcome> checkAll(const std::vector<std::string> &paths, const CheckOptions &opts, unsigned jobs) {
  std::vector<Outcome> outcomes(paths.size());
  auto checkOne = [&](size_t i) {
    outcomes[i].path = paths[i];
    auto result = check(paths[i], opts);
    if (result)
      outcomes[i].result = std::move(*result);
    else
      outcomes[i].error = llvm::toString(result.takeError());
  };
  if (paths.size() == 1 || jobs == 1) {
    for (size_t i = 0; i < paths.size(); ++i) checkOne(i);
    return outcomes;
  }
  llvm::ThreadPool pool(jobs == 0 ? llvm::hardware_concurrency() : llvm::hardware_concurrency(jobs));
  for (size_t i = 0; i < paths.size(); ++i) pool.async([&checkOne, i] { checkOne(i); });
  pool.wait();
  return outcomes;
}

} // namespace cutover::session
