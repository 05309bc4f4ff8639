// The language server's event loop, the dispatch of messages to their
// handlers, and its lifecycle (initialize, shutdown, exit).
#include "tools/cutover/lsp/server.h"
#include "tools/cutover/lsp/server_internal.h"

#include <algorithm>
#include <thread>

namespace cutover::lsp {

namespace detail {

int Server::loop(const std::shared_ptr<Queue> &queue) {
  queue_ = queue;
  while (!exitStatus_) {
    std::optional<Event> event = queue->pop(nextDue());
    if (event) {
      if (auto *in = std::get_if<Incoming>(&*event)) {
        if (in->kind == Incoming::Kind::Eof) break;
        handle(*in);
      } else {
        finished(std::move(std::get<CheckDone>(*event)));
      }
    }
    startDueChecks();
  }
  for (auto &[uri, doc] : documents_)
    if (doc.cancel) doc.cancel->store(true);
  pool_.wait();
  return exitStatus_.value_or(1);
}

void Server::handle(const Incoming &in) {
  if (in.kind == Incoming::Kind::Malformed) return replyError(nullptr, InvalidRequest, in.error);
  llvm::Expected<Value> parsed = llvm::json::parse(in.body);
  if (!parsed) return replyError(nullptr, ParseError, "not JSON: " + llvm::toString(parsed.takeError()));
  const Object *message = parsed->getAsObject();
  if (!message) return replyError(nullptr, InvalidRequest, "a message must be a JSON object");
  handleMessage(*message);
}

void Server::handleMessage(const Object &message) {
  const Value *id = message.get("id");
  llvm::Optional<llvm::StringRef> method = message.getString("method");
  if (!method) {
    if (id) return; // a response to a request of ours (we send none that need one)
    return replyError(nullptr, InvalidRequest, "a message without a method");
  }
  static const Object empty;
  const Value *paramsValue = message.get("params");
  const Object *params = paramsValue ? paramsValue->getAsObject() : &empty;
  if (!params && !(paramsValue && paramsValue->kind() == Value::Null)) {
    if (id) replyError(*id, InvalidParams, "params must be an object");
    return;
  }
  if (!params) params = &empty;
  if (!id) return notification(*method, *params);
  if (id->kind() != Value::Number && id->kind() != Value::String)
    return replyError(nullptr, InvalidRequest, "a request id must be a number or a string");
  Result result = [&]() -> Result {
    if (*method == "initialize") return initialize(*params);
    if (!initialized_) return RequestError{ServerNotInitialized, "the server is not initialized"};
    if (shutdown_) return RequestError{InvalidRequest, "the server is shutting down"};
    return request(*method, *params);
  }();
  if (auto *error = std::get_if<RequestError>(&result))
    replyError(*id, error->code, error->message);
  else
    reply(*id, std::move(std::get<Value>(result)));
}

Server::Result Server::initialize(const Object &params) {
  if (initialized_) return RequestError{InvalidRequest, "initialize was sent twice"};
  initialized_ = true;
  // utf-8 when the client offers it (the compiler counts bytes); UTF-16, LSP's default, otherwise.
  if (const Object *caps = params.getObject("capabilities"))
    if (const Object *general = caps->getObject("general"))
      if (const Array *encodings = general->getArray("positionEncodings"))
        for (const Value &e : *encodings)
          if (e.getAsString() == llvm::StringRef("utf-8")) encoding_ = Encoding::Utf8;
  if (const Object *init = params.getObject("initializationOptions"))
    if (auto ms = init->getInteger("debounceMs"))
      debounce_ = std::chrono::milliseconds(std::clamp<int64_t>(*ms, 0, 10000));
  if (const Array *folders = params.getArray("workspaceFolders"))
    for (const Value &f : *folders)
      if (const Object *folder = f.getAsObject())
        if (auto uri = folder->getString("uri")) roots_.push_back(pathFromUri(*uri));
  if (roots_.empty())
    if (auto uri = params.getString("rootUri")) roots_.push_back(pathFromUri(*uri));
  llvm::erase_if(roots_, [](const std::string &r) { return r.empty(); });

  Object capabilities{
      {"positionEncoding", encoding_ == Encoding::Utf8 ? "utf-8" : "utf-16"},
      {"textDocumentSync", Object{{"openClose", true}, {"change", 2}, {"save", Object{{"includeText", false}}}}},
      {"documentSymbolProvider", true},
      {"foldingRangeProvider", true},
      {"definitionProvider", true},
      {"referencesProvider", true},
      {"renameProvider", Object{{"prepareProvider", false}}},
      {"hoverProvider", true},
      {"completionProvider", Object{{"triggerCharacters", Array{" ", ","}}}},
      {"documentFormattingProvider", true},
      {"codeActionProvider", Object{{"codeActionKinds", Array{"quickfix"}}}},
  };
  return Object{{"capabilities", std::move(capabilities)},
                {"serverInfo", Object{{"name", "cutover"}, {"version", CUTOVER_VERSION}}}};
}

void Server::notification(llvm::StringRef method, const Object &params) {
  if (method == "exit") {
    exitStatus_ = shutdown_ ? 0 : 1;
    return;
  }
  if (!initialized_ || shutdown_) return; // notifications before initialize are dropped
  if (method == "textDocument/didOpen")
    didOpen(params);
  else if (method == "textDocument/didChange")
    didChange(params);
  else if (method == "textDocument/didClose")
    didClose(params);
  else if (method == "workspace/didChangeWatchedFiles")
    didChangeWatchedFiles(params);
  // initialized, didSave, $/cancelRequest (requests are answered in order, at once), ...: nothing to do.
}

Server::Result Server::request(llvm::StringRef method, const Object &params) {
  if (method == "shutdown") {
    shutdown_ = true;
    return Value(nullptr);
  }
  static const std::set<llvm::StringRef> known = {
      "textDocument/documentSymbol", "textDocument/foldingRange", "textDocument/definition",
      "textDocument/references",     "textDocument/rename",       "textDocument/hover",
      "textDocument/completion",     "textDocument/formatting",   "textDocument/codeAction"};
  if (!known.count(method)) return RequestError{MethodNotFound, "unknown method '" + method.str() + "'"};
  RequestError error{InvalidParams, ""};
  Document *doc = documentOf(params, error);
  if (!doc) return error;
  if (method == "textDocument/documentSymbol") return documentSymbol(*doc);
  if (method == "textDocument/foldingRange") return foldingRange(*doc);
  if (method == "textDocument/formatting") return formatting(*doc);
  if (method == "textDocument/codeAction") return codeAction(*doc, params);
  std::optional<size_t> offset = offsetOf(*doc, params);
  if (!offset) return RequestError{InvalidParams, "a position (line, character) is required"};
  if (method == "textDocument/definition") return definition(*doc, *offset);
  if (method == "textDocument/references") {
    const Object *context = params.getObject("context");
    return references(*doc, *offset, context && context->getBoolean("includeDeclaration").getValueOr(false));
  }
  if (method == "textDocument/rename") {
    auto newName = params.getString("newName");
    if (!newName) return RequestError{InvalidParams, "newName is required"};
    return rename(*doc, *offset, *newName);
  }
  if (method == "textDocument/hover") return hover(*doc, *offset);
  return completion(*doc, *offset);
}

} // namespace detail

int run(int in, llvm::raw_ostream &out, const session::CheckOptions &options) {
  auto queue = std::make_shared<detail::Queue>();
  // The reader only frames input; it may stay blocked in read() after `exit`, so it is detached.
  std::thread([queue, in] {
    Reader reader(in);
    for (;;) {
      Incoming message = reader.next();
      const bool eof = message.kind == Incoming::Kind::Eof;
      queue->push(std::move(message));
      if (eof) return;
    }
  }).detach();
  detail::Server server(out, options);
  return server.loop(queue);
}

} // namespace cutover::lsp
