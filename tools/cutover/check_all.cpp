#include "tools/cutover/check_all.h"

#include "compiler/diag/messages.h"
#include "compiler/diag/sanitize.h"
#include "runtime/session/packs.h"

#include <llvm/Support/ThreadPool.h>
#include <llvm/Support/raw_ostream.h>

#include <algorithm>

namespace cutover::driver {

std::vector<Outcome> checkAll(const std::vector<io::Input> &inputs, const session::CheckOptions &opts, unsigned jobs) {
  std::vector<Outcome> outcomes(inputs.size());
  // The threads go to files first; what files leave over verifies the
  // policies of each file (docs/cli.md, "Many files").
  const unsigned threads = jobs == 0 ? llvm::hardware_concurrency().compute_thread_count() : jobs;
  const auto files = static_cast<unsigned>(std::clamp<size_t>(inputs.size(), 1, std::max(threads, 1u)));
  session::CheckOptions each = opts;
  each.jobs = std::max(1u, threads / files);
  auto checkOne = [&](size_t i) {
    outcomes[i].path = inputs[i].path;
    auto result = session::check(inputs[i], each);
    if (result)
      outcomes[i].result = std::move(*result);
    else
      outcomes[i].error = llvm::toString(result.takeError());
  };
  if (files == 1) {
    for (size_t i = 0; i < inputs.size(); ++i) checkOne(i);
    return outcomes;
  }
  llvm::ThreadPool pool(llvm::hardware_concurrency(files));
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
    if (!u.suggestion.empty()) llvm::errs() << diag::format(diag::msg::DidYouMean, diag::sanitize(u.suggestion));
    llvm::errs() << '\n';
  }
}

} // namespace cutover::driver
