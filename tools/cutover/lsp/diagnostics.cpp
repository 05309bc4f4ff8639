// The checks of the open documents, run on the thread pool, and the
// diagnostics the loop publishes from their results.
#include "compiler/diag/diagnostic.h"
#include "compiler/io/untrusted.h"
#include "compiler/policy/policy.h"
#include "tools/cutover/lsp/server.h"
#include "tools/cutover/lsp/server_internal.h"

namespace cutover::lsp {

using detail::Locator;
using detail::utf8;

namespace {

using llvm::json::Array;
using llvm::json::Object;
using llvm::json::Value;

Value zeroRange() {
  Object start{{"line", 0}, {"character", 0}};
  return Object{{"start", Value(Object(start))}, {"end", Value(std::move(start))}};
}

int severityOf(diag::Severity s) {
  switch (s) {
  case diag::Severity::Error: return 1;
  case diag::Severity::Warning: return 2;
  case diag::Severity::Info: return 3;
  case diag::Severity::Note: return 4;
  }
  return 1;
}

} // namespace

Array diagnosticsOf(const session::CheckResult &result, Encoding encoding) {
  Array out;
  const llvm::SourceMgr &sm = result.program->sm;
  if (sm.getNumBuffers() == 0) {
    // The main file could not be loaded (past the size limit): say so at its start.
    for (const diag::Finding &f : result.diags.findings())
      out.push_back(Object{{"range", zeroRange()},
                           {"severity", severityOf(f.severity)},
                           {"code", f.id},
                           {"source", "cutover"},
                           {"message", utf8(f.message)}});
    return out;
  }
  Locator at(sm, encoding);
  // Pack policies link to their declaration.
  std::map<std::string, std::string> policyLinks;
  for (const policy::Policy &p : result.policies.policies) {
    if (!p.info.idRange.Start.isValid()) continue;
    unsigned buffer = at.bufferOf(p.info.idRange.Start);
    Position pos = at.lines(buffer).position(
        p.info.idRange.Start.getPointer() - sm.getMemoryBuffer(buffer)->getBufferStart(), Encoding::Utf8);
    policyLinks[p.info.id] = at.uriOf(buffer) + "#L" + std::to_string(pos.line + 1);
  }
  for (const diag::Finding &f : result.diags.findings()) {
    if (f.suppressed) continue;
    std::string message = f.message;
    if (!f.origin.empty()) message += " [" + f.origin + "]";
    for (const std::string &hint : f.hints) message += "\nhint: " + hint;
    Array related;
    Value range = zeroRange();
    const unsigned buffer = at.bufferOf(f.range.Start);
    if (buffer == 1) {
      range = at.range(f.range);
    } else if (buffer != 0) {
      // In a file this one uses: shown at the top, and located there.
      related.push_back(Object{{"location", at.location(f.range)}, {"message", "reported here"}});
    }
    for (const diag::Note &note : f.notes) {
      if (note.range.Start.isValid())
        related.push_back(Object{{"location", at.location(note.range)}, {"message", utf8(note.message)}});
      else
        message += "\nnote: " + note.message;
    }
    Object d{{"range", std::move(range)},
             {"severity", severityOf(f.severity)},
             {"code", f.id},
             {"source", "cutover"},
             {"message", utf8(std::move(message))}};
    if (!related.empty()) d["relatedInformation"] = std::move(related);
    auto link = policyLinks.find(f.id);
    if (link != policyLinks.end()) d["codeDescription"] = Object{{"href", link->second}};
    if (f.id == "W-UNUSED-WAIVER") d["tags"] = Array{1}; // Unnecessary
    out.push_back(std::move(d));
  }
  return out;
}

namespace detail {

std::optional<Clock::time_point> Server::nextDue() const {
  std::optional<Clock::time_point> next;
  for (const auto &[uri, doc] : documents_)
    if (doc.due && !doc.checking && (!next || *doc.due < *next)) next = doc.due;
  return next;
}

void Server::startDueChecks() {
  const Clock::time_point now = Clock::now();
  for (auto &[uri, doc] : documents_) {
    if (!doc.due || doc.checking || *doc.due > now) continue;
    doc.due.reset();
    doc.checking = true;
    doc.cancel = std::make_shared<std::atomic<bool>>(false);
    session::CheckOptions opts = options_;
    opts.load = loadOptions();
    io::Input input{doc.path, io::treeOf(doc.path), ""};
    pool_.async([opts, input, cancel = doc.cancel, queue = queue_, uri = doc.uri, generation = doc.generation,
                 encoding = encoding_]() mutable {
      opts.cancelled = cancel.get();
      CheckDone done{uri, generation, nullptr, {}};
      llvm::Expected<std::unique_ptr<session::CheckResult>> result = session::check(input, opts);
      if (!result) {
        // The overlay holds the file, so only a path the loader refuses outright gets here.
        done.diagnostics.push_back(Object{{"range", zeroRange()},
                                          {"severity", 1},
                                          {"code", "E-USE"},
                                          {"source", "cutover"},
                                          {"message", utf8(llvm::toString(result.takeError()))}});
      } else if (!cancel->load()) {
        done.diagnostics = diagnosticsOf(**result, encoding);
        done.result = std::move(*result);
      }
      queue->push(std::move(done));
    });
  }
}

// A check's result replaces the published one only when no edit came after
// the text it checked.
void Server::finished(CheckDone done) {
  auto it = documents_.find(done.uri);
  if (it == documents_.end()) return;
  Document &doc = it->second;
  doc.checking = false;
  if (done.generation != doc.generation) return;
  if (done.result) {
    doc.checked = done.result;
    doc.checkedGeneration = done.generation;
    if (done.result->model) doc.modelled = done.result;
    doc.uses.clear();
    for (const auto &file : done.result->program->files) doc.uses.insert(parse::identity(file->path));
  }
  notify("textDocument/publishDiagnostics",
         Object{{"uri", doc.uri}, {"version", doc.version}, {"diagnostics", std::move(done.diagnostics)}});
}

} // namespace detail
} // namespace cutover::lsp
