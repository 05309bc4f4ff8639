// Inputs of the benchmark suites: plans written by bench/gen, loaded once.
#pragma once

#include "compiler/diag/diagnostic.h"
#include "compiler/graph/phase_graph.h"
#include "compiler/parse/loader.h"
#include "compiler/policy/policy.h"
#include "compiler/sema/model.h"

#include <memory>
#include <string>

namespace cutover::bench {

// The file bench/gen writes for `args` (e.g. "--chain --sites 40"), generated
// on first use into a temporary directory and kept for the whole run.
const std::string &planFile(const std::string &args);

// Load options that find the packs of the source tree.
parse::LoadOptions loadOptions();

// A plan compiled up to the phase graph; aborts on any compile error, since
// a benchmark of a broken plan measures nothing useful.
struct Compiled {
  std::unique_ptr<parse::Program> program;
  std::unique_ptr<sema::Model> model;
  policy::PolicySet policies;
  graph::PhaseGraph graph;
  size_t bytes = 0; // of the plan file itself
};
const Compiled &compiled(const std::string &args);

} // namespace cutover::bench
