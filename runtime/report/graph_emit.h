// `cutover compile --emit json|dot|mermaid`: the verified phase graph
// (every JSON field is documented in docs/phase-graph.md).
#pragma once

#include "compiler/diag/diagnostic.h"
#include "compiler/graph/phase_graph.h"
#include "compiler/sema/model.h"

#include <llvm/Support/SourceMgr.h>
#include <llvm/Support/raw_ostream.h>

#include <vector>

namespace cutover::report {

// What the compiled graph shows. The initial and final states are computed
// from the model (final: every phase applied in graph.order).
struct GraphDocument {
  const sema::Model &model;
  const graph::PhaseGraph &graph;
  const llvm::SourceMgr &sm;                  // for step line numbers and findings
  const std::vector<diag::Finding> &findings; // sorted, as reported
  uint64_t statesExplored = 0;
  // false after compile errors: steps may be unresolved, so final_state is null.
  bool compiled = true;
};

// `text` inside a quoted Mermaid label: quotes, `#`, HTML brackets,
// backticks (a label that starts with one is Markdown) and control
// characters as Mermaid's `#name;` entities; a new line as <br/>.
std::string mermaidEscape(llvm::StringRef text);

// Deterministic, key order fixed as documented, two-space indentation.
void emitGraphJson(const GraphDocument &doc, llvm::raw_ostream &os);
// Graphviz: one box per phase (name, title, steps), an edge per `after`.
void emitGraphDot(const GraphDocument &doc, llvm::raw_ostream &os);
// Mermaid flowchart with the same content as the DOT output.
void emitGraphMermaid(const GraphDocument &doc, llvm::raw_ostream &os);

} // namespace cutover::report
