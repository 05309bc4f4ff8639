#include "runtime/session/files.h"

#include <llvm/Support/ThreadPool.h>

namespace cutover::session {

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
