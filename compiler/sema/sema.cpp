#include "compiler/sema/sema.h"

#include "compiler/sema/analyze.h"

namespace cutover::sema {

std::unique_ptr<Model> analyze(const parse::Program &program, diag::Diagnostics &diags) {
  std::vector<const ast::File *> files;
  for (const auto &file : program.files) files.push_back(file.get());
  return analyzeFiles(files, diags);
}

} // namespace cutover::sema
