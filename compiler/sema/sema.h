// Semantic analysis: name resolution, vocabularies and the types of built-in
// attributes, over a whole loaded program (the file, its uses and packs).
#pragma once

#include "compiler/diag/diagnostic.h"
#include "compiler/parse/loader.h"
#include "compiler/sema/model.h"

#include <memory>

namespace cutover::sema {

// Resolves the deployment, the migration, vocabularies and waivers of
// `program` into a Model. Reports E-DUP, E-UNKNOWN, E-VOCAB and E-TYPE to
// `diags` (all it finds, not only the first) and still returns the best model
// it could build, so that later phases can report their own errors too.
std::unique_ptr<Model> analyze(const parse::Program &program, diag::Diagnostics &diags);

} // namespace cutover::sema
