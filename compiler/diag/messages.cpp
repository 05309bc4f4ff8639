#include "compiler/diag/messages.h"

namespace cutover::diag {

// Here rather than in diagnostic.cpp: its text is the catalogue's DidYouMean.
Finding &Diagnostics::reportUnknown(Kind k, llvm::SMRange range, std::string message, llvm::StringRef word,
                                    Candidates candidates) {
  std::optional<std::string> suggestion = suggest(word, candidates);
  if (suggestion) message += format(msg::DidYouMean, *suggestion);
  Finding &f = report(k, range, std::move(message));
  if (suggestion) f.fixits.push_back({range, std::move(*suggestion)});
  return f;
}

} // namespace cutover::diag
