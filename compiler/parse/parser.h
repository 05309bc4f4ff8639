// The parser: one buffer of a SourceMgr in, one ast::File out.
#pragma once

#include "compiler/ast/ast.h"
#include "compiler/diag/diagnostic.h"

#include <llvm/Support/SourceMgr.h>

#include <cstddef>
#include <memory>

namespace cutover::parse {

// Parentheses, lists, `not` chains, quantifiers and calls nest at most this
// deep (the grammar is recursive; the limit keeps the stack bounded).
inline constexpr unsigned kMaxNestingDepth = 256;

// From this size on, a buffer parses on up to `jobs` threads (parseBuffer): below it, starting
// a thread costs about what it saves (docs/performance.md).
inline constexpr size_t kParallelParseBytes = 1 << 20;

// How parseBuffer went about a buffer (for tests and benchmarks).
struct ParseStats {
  size_t runs = 0;       // runs of items other threads parsed (0: the serial parse alone)
  bool fellBack = false; // the parallel parse failed, and the serial parse ran instead
};

// How parseBuffer may split a buffer between threads. The defaults are the
// tool's; tests lower the sizes to split small texts the same way.
struct ParseOptions {
  unsigned jobs = 1;
  size_t parallelFromBytes = kParallelParseBytes; // smaller buffers parse serially
  // Each thread gets several runs of items (those that finish first take
  // more), but no run shorter than this: it would cost about as much to hand
  // out and splice as to parse.
  size_t minRunBytes = 32 << 10;
  ParseStats *stats = nullptr;
};

// Parses buffer `bufferId` of `sm`. Syntax errors go to `diags` (E-SYNTAX at the exact
// position, or E-LIMIT past the nesting limit); returns nullptr when the file does not parse.
// Only the first error of a file is reported.
// A buffer of options.parallelFromBytes or more parses on up to options.jobs
// threads, the items of its deployments and migrations split between them;
// the tree and every diagnostic are the same as a serial parse's.
std::unique_ptr<ast::File> parseBuffer(llvm::SourceMgr &sm, unsigned bufferId, diag::Diagnostics &diags,
                                       const ParseOptions &options = {});

} // namespace cutover::parse
