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
std::unique_ptr<Model> analyzeFiles(const std::vector<const ast::File *> &files, diag::Diagnostics &diags);

} // namespace cutover::sema
