#include "tools/cutover/check_all.h"

#include <llvm/Support/ThreadPool.h>

namespace cutover::driver {

std::vector<Outcome> checkAll(const std::vector<io::Input> &inputs, const session::CheckOptions &opts, unsigned jobs) {
  std::vector<Outcome> outcomes(inputs.size());
  auto checkOne = [&](size_t i) {
    outcomes[i].path = inputs[i].path;
    auto result = session::check(inputs[i], opts);
    if (result)
      outcomes[i].result = std::move(*result);
    else
      outcomes[i].error = llvm::toString(result.takeError());
  };
  if (inputs.size() == 1 || jobs == 1) {
    for (size_t i = 0; i < inputs.size(); ++i) checkOne(i);
    return outcomes;
  }
  llvm::ThreadPool pool(jobs == 0 ? llvm::hardware_concurrency() : llvm::hardware_concurrency(jobs));
  for (size_t i = 0; i < inputs.size(); ++i) pool.async([&checkOne, i] { checkOne(i); });
  pool.wait();
  return outcomes;
}

} // namespace cutover::driver
