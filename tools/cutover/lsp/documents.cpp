// The open documents: their texts as the editor edits them, the checks
// an edit makes due, and the program of the current text for requests.
#include "compiler/io/untrusted.h"
#include "tools/cutover/lsp/server.h"
#include "tools/cutover/lsp/server_internal.h"

#include <algorithm>

namespace cutover::lsp {

std::string uriFromPath(llvm::StringRef path) {
  std::string uri = "file://";
  for (unsigned char c : path) {
    if (llvm::isAlnum(static_cast<char>(c)) || llvm::StringRef("/-._~").contains(static_cast<char>(c)))
      uri += static_cast<char>(c);
    else
      uri += "%" + llvm::utohexstr(c, /*LowerCase=*/false, /*Width=*/2);
  }
  return uri;
}

std::string pathFromUri(llvm::StringRef uri) {
  if (!uri.consume_front("file://")) return "";
  uri = uri.drop_while([](char c) { return c != '/'; }); // an authority (host), if any
  std::string path;
  for (size_t i = 0; i < uri.size(); ++i) {
    unsigned value = 0;
    if (uri[i] == '%' && i + 2 < uri.size() && !uri.substr(i + 1, 2).getAsInteger(16, value)) {
      path += static_cast<char>(value);
      i += 2;
    } else {
      path += uri[i];
    }
  }
  return path;
}

namespace detail {

std::string Locator::uriOf(unsigned buffer) const {
  return uriFromPath(parse::identity(sm_.getMemoryBuffer(buffer)->getBufferIdentifier()));
}

Document *Server::documentOf(const Object &params, RequestError &error) {
  const Object *td = params.getObject("textDocument");
  auto uri = td ? td->getString("uri") : llvm::None;
  if (!uri) {
    error = {InvalidParams, "textDocument.uri is required"};
    return nullptr;
  }
  auto it = documents_.find(uri->str());
  if (it == documents_.end()) {
    error = {InvalidParams, "unknown document '" + uri->str() + "' (not opened with didOpen)"};
    return nullptr;
  }
  return &it->second;
}

std::optional<size_t> Server::offsetOf(const Document &doc, const Object &params) {
  const Object *pos = params.getObject("position");
  if (!pos) return std::nullopt;
  auto line = pos->getInteger("line"), character = pos->getInteger("character");
  if (!line || !character || *line < 0 || *character < 0) return std::nullopt;
  return LineTable(doc.text).offset({static_cast<unsigned>(std::min<int64_t>(*line, UINT32_MAX)),
                                     static_cast<unsigned>(std::min<int64_t>(*character, UINT32_MAX))},
                                    encoding_);
}

void Server::didOpen(const Object &params) {
  const Object *td = params.getObject("textDocument");
  if (!td) return;
  auto uri = td->getString("uri");
  auto text = td->getString("text");
  if (!uri || !text) return;
  Document &doc = documents_[uri->str()];
  doc.uri = uri->str();
  std::string path = pathFromUri(*uri);
  doc.path = path.empty() ? uri->str() : path;
  doc.identity = parse::identity(doc.path);
  doc.text = text->str();
  doc.version = td->getInteger("version").getValueOr(0);
  changed(doc);
}

void Server::didChange(const Object &params) {
  RequestError error{0, ""};
  Document *doc = documentOf(params, error);
  const Array *changes = params.getArray("contentChanges");
  if (!doc || !changes) return;
  for (const Value &c : *changes) {
    const Object *change = c.getAsObject();
    if (!change) continue;
    auto text = change->getString("text");
    if (!text) continue;
    const Object *range = change->getObject("range");
    if (!range) {
      doc->text = text->str();
      continue;
    }
    auto offset = [&](const char *key) -> std::optional<size_t> {
      Object wrapper{{"position", Value(nullptr)}};
      if (const Value *p = range->get(key)) wrapper["position"] = *p;
      return offsetOf(*doc, wrapper);
    };
    auto start = offset("start"), end = offset("end");
    if (!start || !end || *end < *start) continue;
    doc->text.replace(*start, *end - *start, text->str());
  }
  if (const Object *td = params.getObject("textDocument"))
    doc->version = td->getInteger("version").getValueOr(doc->version);
  changed(*doc);
}

// A new text: any check of the old one is cancelled, and a check is due
// after the debounce; so is one of every open document that loads this one.
void Server::changed(Document &doc) {
  const Clock::time_point due = Clock::now() + debounce_;
  recheck(doc, due);
  for (auto &[uri, other] : documents_)
    if (&other != &doc && other.uses.count(doc.identity)) recheck(other, due);
}

void Server::recheck(Document &doc, Clock::time_point due) {
  ++doc.generation;
  if (doc.cancel) doc.cancel->store(true);
  doc.due = due;
}

// Files changed on disk (the editor watches `**/*.cut`): the open documents
// that load one of them are checked again.
void Server::didChangeWatchedFiles(const Object &params) {
  const Array *changes = params.getArray("changes");
  if (!changes) return;
  std::set<std::string> files;
  for (const Value &c : *changes)
    if (const Object *change = c.getAsObject())
      if (auto uri = change->getString("uri")) files.insert(parse::identity(pathFromUri(*uri)));
  const Clock::time_point due = Clock::now() + debounce_;
  for (auto &[uri, doc] : documents_)
    if (std::any_of(files.begin(), files.end(),
                    [&uses = doc.uses](const std::string &f) { return uses.count(f) != 0; }))
      recheck(doc, due);
}

void Server::didClose(const Object &params) {
  RequestError error{0, ""};
  Document *doc = documentOf(params, error);
  if (!doc) return;
  if (doc->cancel) doc->cancel->store(true);
  std::string uri = doc->uri;
  documents_.erase(uri);
  notify("textDocument/publishDiagnostics", Object{{"uri", uri}, {"diagnostics", Array{}}});
}

parse::LoadOptions Server::loadOptions() const {
  parse::LoadOptions load = options_.load;
  auto texts = overlay();
  load.overlay = [texts](llvm::StringRef identity) -> std::optional<std::string> {
    auto it = texts->find(identity.str());
    if (it == texts->end()) return std::nullopt;
    return it->second;
  };
  return load;
}

std::shared_ptr<const std::map<std::string, std::string>> Server::overlay() const {
  auto texts = std::make_shared<std::map<std::string, std::string>>();
  for (const auto &[uri, doc] : documents_) (*texts)[doc.identity] = doc.text;
  return texts;
}

void Server::load(Document &doc) {
  if (doc.programGeneration == doc.generation) return;
  diag::Diagnostics ignored; // the published diagnostics come from the checks
  auto program = parse::loadProgram(io::Input{doc.path, io::treeOf(doc.path), ""}, loadOptions(), ignored);
  if (program) {
    doc.program = std::move(*program);
  } else {
    llvm::consumeError(program.takeError());
    doc.program = std::make_shared<parse::Program>();
  }
  doc.index = std::make_shared<Index>(*doc.program);
  doc.programGeneration = doc.generation;
  if (doc.program->main()) {
    doc.parsed = doc.program;
    doc.parsedIndex = doc.index;
  }
}

} // namespace detail
} // namespace cutover::lsp
