// Requests that answer with edits: formatting and code actions (fix-its
// and waivers).
#include "tools/cutover/lsp/server_internal.h"

#include "compiler/diag/explain.h"
#include "compiler/format/formatter.h"
#include "compiler/parse/parser.h"

#include <fmt/format.h>

namespace cutover::lsp::detail {

namespace {

bool isCompilerId(llvm::StringRef id) { return diag::kindById(id).has_value(); }

} // namespace

Server::Result Server::formatting(Document &doc) {
  llvm::SourceMgr sm;
  unsigned id = sm.AddNewSourceBuffer(llvm::MemoryBuffer::getMemBufferCopy(doc.text, doc.path), llvm::SMLoc());
  diag::Diagnostics diags;
  std::unique_ptr<ast::File> file = parse::parseBuffer(sm, id, diags);
  if (!file) {
    std::string why = diags.findings().empty() ? "it does not parse" : diags.findings().front().message;
    return RequestError{RequestFailed, "not formatted: the file has a syntax error (" + why + ")"};
  }
  std::string formatted = format::formatFile(*file, sm);
  if (formatted == doc.text) return Array{};
  const LineTable lines(doc.text);
  Position end = lines.position(doc.text.size(), encoding_);
  return Array{Object{{"range", Object{{"start", Object{{"line", 0}, {"character", 0}}},
                                       {"end", Object{{"line", end.line}, {"character", end.character}}}}},
                      {"newText", std::move(formatted)}}};
}

Server::Result Server::codeAction(Document &doc, const Object &params) {
  Array actions;
  // Fixes apply to the text that was checked: none while a newer one waits.
  if (!doc.checked || doc.checkedGeneration != doc.generation) return actions;
  const session::CheckResult &result = *doc.checked;
  const llvm::SourceMgr &sm = result.program->sm;
  if (sm.getNumBuffers() < kMainBuffer) return actions;
  const Object *range = params.getObject("range");
  auto offset = [&](const char *key) -> std::optional<size_t> {
    Object wrapper{{"position", Value(nullptr)}};
    if (range)
      if (const Value *p = range->get(key)) wrapper["position"] = *p;
    return offsetOf(doc, wrapper);
  };
  auto from = offset("start"), to = offset("end");
  if (!from || !to) return RequestError{InvalidParams, "a range is required"};
  const char *base = sm.getMemoryBuffer(kMainBuffer)->getBufferStart();
  Locator at(sm, encoding_);
  const Position end = LineTable(doc.text).position(doc.text.size(), encoding_);
  for (const diag::Finding &f : result.diags.findings()) {
    if (f.suppressed || at.bufferOf(f.range.Start) != kMainBuffer) continue;
    const size_t s = f.range.Start.getPointer() - base;
    const size_t e = f.range.End.isValid() ? f.range.End.getPointer() - base : s;
    if (e < *from || s > *to) continue;
    for (const diag::FixIt &fix : f.fixits) {
      const bool insert = fix.range.Start == fix.range.End;
      std::string title = insert ? fmt::format("Insert '{}'", llvm::StringRef(fix.replacement).trim().str())
                                 : fmt::format("Change to '{}'", fix.replacement);
      Object edit{{"changes", Object{{at.uriOf(at.bufferOf(fix.range.Start)),
                                      Array{Object{{"range", at.range(fix.range)}, {"newText", fix.replacement}}}}}}};
      actions.push_back(Object{{"title", title + " (" + f.id + ")"},
                               {"kind", "quickfix"},
                               {"isPreferred", f.fixits.size() == 1},
                               {"edit", std::move(edit)}});
    }
    // Policy findings can be waived; compiler findings cannot.
    if (!isCompilerId(f.id)) {
      std::string waiver = "waive " + f.id;
      if (!f.entities.empty()) waiver += " for " + join(f.entities);
      waiver += " \"TODO: why this is acceptable\"\n";
      const bool newline = !doc.text.empty() && doc.text.back() != '\n';
      Object position{{"line", end.line}, {"character", end.character}};
      Object edit{{"changes", Object{{doc.uri, Array{Object{{"range", Object{{"start", Value(Object(position))},
                                                                             {"end", Value(Object(position))}}},
                                                            {"newText", (newline ? "\n" : "") + waiver}}}}}}};
      actions.push_back(Object{{"title", "Waive " + f.id + (f.entities.empty() ? "" : " for " + join(f.entities))},
                               {"kind", "quickfix"},
                               {"edit", std::move(edit)}});
    }
  }
  return actions;
}

} // namespace cutover::lsp::detail
