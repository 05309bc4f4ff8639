// Semantic analysis over parsed files, independent of how they were loaded
// (sema.h wraps it for a loaded program; unit tests call it directly).
#pragma once

#include "compiler/ast/ast.h"
#include "compiler/diag/diagnostic.h"
#include "compiler/sema/model.h"

#include <memory>
#include <vector>

namespace cutover::sema {

// `files`: the main file, its uses and packs, in load order. Their ranges must
// point into buffers that outlive the returned model's diagnostics.
struct AnalyzeOptions {
  // More than 1: the plan resolves on a second thread beside the deployment. The model and the
  // findings are the same, byte for byte.
  unsigned jobs = 1;
  // Only when both the deployment's entities and the plan's steps are this many: below, the thread
  // costs more than it saves (tests set 0 to check small programs on two threads).
  size_t concurrentFrom = 2048;
};

std::unique_ptr<Model> analyzeFiles(const std::vector<const ast::File *> &files, diag::Diagnostics &diags,
                                    const AnalyzeOptions &options = {});

} // namespace cutover::sema
