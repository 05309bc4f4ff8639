// `cutover lsp`: the Language Server Protocol server (docs/editors.md). One
// thread runs the event loop (every request, every document's state); a
// reader thread only frames the input; checks run on a llvm::ThreadPool and
// hand their diagnostics back to the loop, which drops any that a newer edit
// has made stale.
#pragma once

#include "runtime/session/session.h"
#include "tools/cutover/lsp/positions.h"

#include <llvm/Support/JSON.h>
#include <llvm/Support/raw_ostream.h>

#include <memory>
#include <string>

namespace cutover::lsp {

// Serves the protocol on `in` and `out` until `exit` (or the end of the
// input); returns the exit status: 0 after `shutdown`, 1 otherwise.
int run(int in, llvm::raw_ostream &out, const session::CheckOptions &options);

// A `file://` URI for a path, and back ("" when `uri` is not a file URI).
std::string uriFromPath(llvm::StringRef path);
std::string pathFromUri(llvm::StringRef uri);

// What the server publishes for the checked file of `result`: one LSP
// Diagnostic per unsuppressed finding (findings located in other files at
// the start of this one, with their place as related information).
llvm::json::Array diagnosticsOf(const session::CheckResult &result, Encoding encoding);

} // namespace cutover::lsp
