#include "tools/cutover/check_all.h"

#include "compiler/diag/sanitize.h"
#include "runtime/session/packs.h"

#include <llvm/Support/ThreadPool.h>
#include <llvm/Support/raw_ostream.h>

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

void warnUnmatchedSelectors(const session::Selection &selection, const std::vector<Outcome> &outcomes,
                            const session::CheckOptions &opts) {
  if (selection.selectsAll()) return;
  std::vector<std::string> known = session::loadPacks(opts).ids();
  for (const diag::KindInfo &k : diag::allKinds()) known.push_back(k.id.str());
  for (const Outcome &o : outcomes)
    if (o.result)
      for (const policy::Policy &p : o.result->policies.policies) known.push_back(p.info.id);
  for (const session::Selection::Unmatched &u : selection.unmatched(known)) {
    llvm::errs() << "cutover: warning: " << u.option << " '" << diag::sanitize(u.selector) << "' matches no finding ID";
    if (!u.suggestion.empty()) llvm::errs() << "; did you mean '" << diag::sanitize(u.suggestion) << "'?";
    llvm::errs() << '\n';
  }
}

} // namespace cutover::driver
