#include "tools/cutover/lsp/server.h"

#include "compiler/diag/explain.h"
#include "compiler/format/formatter.h"
#include "compiler/io/untrusted.h"
#include "compiler/parse/parser.h"
#include "compiler/policy/policy.h"
#include "compiler/sema/model.h"
#include "runtime/session/packs.h"
#include "tools/cutover/lsp/index.h"
#include "tools/cutover/lsp/transport.h"

#include <fmt/format.h>
#include <llvm/ADT/StringExtras.h>
#include <llvm/Support/Path.h>
#include <llvm/Support/ThreadPool.h>

#include <chrono>
#include <condition_variable>
#include <deque>
#include <map>
#include <mutex>
#include <set>
#include <thread>
#include <variant>

namespace cutover::lsp {

using llvm::json::Array;
using llvm::json::Object;
using llvm::json::Value;
using Clock = std::chrono::steady_clock;

// JSON-RPC and LSP error codes.
enum ErrorCode : int64_t {
  ParseError = -32700,
  InvalidRequest = -32600,
  MethodNotFound = -32601,
  InvalidParams = -32602,
  ServerNotInitialized = -32002,
  RequestFailed = -32803,
};

std::string uriFromPath(llvm::StringRef path) {
  std::string uri = "file://";
  for (unsigned char c : path) {
    if (llvm::isAlnum(c) || llvm::StringRef("/-._~").contains(c))
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

namespace {

// Positions in the buffers of one SourceMgr, with a line table per buffer.
class Locator {
public:
  Locator(const llvm::SourceMgr &sm, Encoding encoding) : sm_(sm), encoding_(encoding) {}

  unsigned bufferOf(llvm::SMLoc loc) const { return loc.isValid() ? sm_.FindBufferContainingLoc(loc) : 0; }
  std::string uriOf(unsigned buffer) const {
    return uriFromPath(parse::identity(sm_.getMemoryBuffer(buffer)->getBufferIdentifier()));
  }
  const LineTable &lines(unsigned buffer) {
    auto it = tables_.find(buffer);
    if (it == tables_.end()) it = tables_.emplace(buffer, LineTable(sm_.getMemoryBuffer(buffer)->getBuffer())).first;
    return it->second;
  }
  Value position(unsigned buffer, const char *p) {
    Position pos = lines(buffer).position(p - sm_.getMemoryBuffer(buffer)->getBufferStart(), encoding_);
    return Object{{"line", pos.line}, {"character", pos.character}};
  }
  // The range of `r` (an empty range for an invalid end) in its buffer.
  Value range(llvm::SMRange r) {
    unsigned buffer = bufferOf(r.Start);
    const char *end =
        r.End.isValid() && r.End.getPointer() >= r.Start.getPointer() ? r.End.getPointer() : r.Start.getPointer();
    return Object{{"start", position(buffer, r.Start.getPointer())}, {"end", position(buffer, end)}};
  }
  Value location(llvm::SMRange r) { return Object{{"uri", uriOf(bufferOf(r.Start))}, {"range", range(r)}}; }

private:
  const llvm::SourceMgr &sm_;
  Encoding encoding_;
  std::map<unsigned, LineTable> tables_;
};

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

bool isCompilerId(llvm::StringRef id) { return diag::kindById(id).has_value(); }

// JSON strings are UTF-8; a message may quote bytes of a file that are not.
std::string utf8(std::string text) { return llvm::json::isUTF8(text) ? text : llvm::json::fixUTF8(text); }

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

namespace {

// ---- the server ----

struct Document {
  std::string uri;
  std::string path;     // as the loader names it
  std::string identity; // parse::identity(path): the key of the overlay
  std::string text;
  int64_t version = 0;
  uint64_t generation = 0; // bumped by every edit
  // The check in flight, if any, and the cancellation flag it polls.
  bool checking = false;
  std::shared_ptr<std::atomic<bool>> cancel;
  std::optional<Clock::time_point> due; // a check is wanted at this time
  // The last check whose generation was current when it finished.
  std::shared_ptr<const session::CheckResult> checked;
  uint64_t checkedGeneration = ~0ull;
  // The last check that got as far as a model: what completion and hover
  // know about names while the text being typed does not parse.
  std::shared_ptr<const session::CheckResult> modelled;
  std::set<std::string> uses; // identities of the files the last check loaded
  // The program of the current text (parsed on demand for requests) and its index.
  std::shared_ptr<parse::Program> program;
  std::shared_ptr<Index> index;
  uint64_t programGeneration = ~0ull;
  // The last program whose main file parsed, and its index (for completion).
  std::shared_ptr<parse::Program> parsed;
  std::shared_ptr<Index> parsedIndex;
};

struct CheckDone {
  std::string uri;
  uint64_t generation;
  std::shared_ptr<const session::CheckResult> result;
  Array diagnostics;
};

using Event = std::variant<Incoming, CheckDone>;

// The queue the loop waits on: messages from the reader, results from checks.
class Queue {
public:
  void push(Event e) {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      events_.push_back(std::move(e));
    }
    ready_.notify_one();
  }
  std::optional<Event> pop(std::optional<Clock::time_point> until) {
    std::unique_lock<std::mutex> lock(mutex_);
    auto any = [&] { return !events_.empty(); };
    if (until)
      ready_.wait_until(lock, *until, any);
    else
      ready_.wait(lock, any);
    if (events_.empty()) return std::nullopt;
    Event e = std::move(events_.front());
    events_.pop_front();
    return e;
  }

private:
  std::mutex mutex_;
  std::condition_variable ready_;
  std::deque<Event> events_;
};

struct RequestError {
  int64_t code;
  std::string message;
};

class Server {
public:
  Server(llvm::raw_ostream &out, const session::CheckOptions &options)
      : out_(out), options_(options), pool_(llvm::hardware_concurrency()) {}

  int loop(std::shared_ptr<Queue> queue);

private:
  void handle(const Incoming &in);
  void handleMessage(const Object &message);
  void finished(CheckDone done);
  void startDueChecks();
  std::optional<Clock::time_point> nextDue() const;

  void send(Value message) { writeMessage(out_, message); }
  void reply(const Value &id, Value result) {
    send(Object{{"jsonrpc", "2.0"}, {"id", id}, {"result", std::move(result)}});
  }
  void replyError(const Value &id, int64_t code, llvm::StringRef message) {
    send(Object{{"jsonrpc", "2.0"}, {"id", id}, {"error", Object{{"code", code}, {"message", utf8(message.str())}}}});
  }
  void notify(llvm::StringRef method, Value params) {
    send(Object{{"jsonrpc", "2.0"}, {"method", method}, {"params", std::move(params)}});
  }

  // Requests: a result, or an error.
  using Result = std::variant<Value, RequestError>;
  Result request(llvm::StringRef method, const Object &params);
  void notification(llvm::StringRef method, const Object &params);

  Result initialize(const Object &params);
  void didOpen(const Object &params);
  void didChange(const Object &params);
  void didClose(const Object &params);
  void didChangeWatchedFiles(const Object &params);
  void changed(Document &doc);
  void recheck(Document &doc, Clock::time_point due);

  Document *documentOf(const Object &params, RequestError &error);
  std::optional<size_t> offsetOf(const Document &doc, const Object &params);
  // The program and index of the document's current text.
  void load(Document &doc);
  parse::LoadOptions loadOptions() const;
  std::shared_ptr<const std::map<std::string, std::string>> overlay() const;

  Result documentSymbol(Document &doc);
  Result foldingRange(Document &doc);
  Result definition(Document &doc, size_t offset);
  Result references(Document &doc, size_t offset, bool includeDeclaration);
  Result rename(Document &doc, size_t offset, llvm::StringRef newName);
  Result hover(Document &doc, size_t offset);
  Result completion(Document &doc, size_t offset);
  Result formatting(Document &doc);
  Result codeAction(Document &doc, const Object &params);

  // Every occurrence of the name declared at `decl` (in the program of
  // `doc`) in the open documents and the workspace's files that load its file.
  struct Found {
    std::string uri;
    Value range;
    bool declaration;
  };
  std::vector<Found> occurrencesOf(Document &doc, const Occurrence &decl, std::vector<std::string> *taken,
                                   llvm::StringRef newName);
  std::string explain(llvm::StringRef id, const Document &doc);
  std::string facts(const Document &doc, const Occurrence &decl);

  llvm::raw_ostream &out_;
  session::CheckOptions options_;
  llvm::ThreadPool pool_;
  Encoding encoding_ = Encoding::Utf16;
  std::chrono::milliseconds debounce_{150};
  std::vector<std::string> roots_;
  std::map<std::string, Document> documents_; // by URI
  std::shared_ptr<Queue> queue_;
  std::optional<session::PackCatalogue> catalogue_; // loaded on the first hover that needs it
  bool initialized_ = false;
  bool shutdown_ = false;
  std::optional<int> exitStatus_;
};

int Server::loop(std::shared_ptr<Queue> queue) {
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
    if (std::any_of(files.begin(), files.end(), [&](const std::string &f) { return doc.uses.count(f) != 0; }))
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

std::optional<Clock::time_point> Server::nextDue() const {
  std::optional<Clock::time_point> next;
  for (const auto &[uri, doc] : documents_)
    if (doc.due && !doc.checking && (!next || *doc.due < *next)) next = doc.due;
  return next;
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

// ---- requests on the current text ----

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

namespace {

// The main file's buffer in a program the loader built (its first).
constexpr unsigned kMainBuffer = 1;

bool hasMain(const parse::Program &p) { return p.sm.getNumBuffers() >= kMainBuffer && p.main(); }

llvm::SMLoc locIn(const parse::Program &p, size_t offset) {
  return llvm::SMLoc::getFromPointer(p.sm.getMemoryBuffer(kMainBuffer)->getBufferStart() + offset);
}

bool isIdentChar(char c) { return llvm::isAlnum(c) || c == '_' || c == '-'; }

// The identifier-like word around `offset` of `line`, and where it starts.
std::pair<llvm::StringRef, size_t> wordAt(llvm::StringRef line, size_t offset) {
  size_t begin = std::min(offset, line.size()), end = begin;
  while (begin > 0 && isIdentChar(line[begin - 1])) --begin;
  while (end < line.size() && isIdentChar(line[end])) ++end;
  return {line.slice(begin, end), begin};
}

bool validIdentifier(llvm::StringRef name) {
  if (name.empty() || !(llvm::isAlpha(name[0]) || name[0] == '_') || name.back() == '-') return false;
  for (size_t i = 0; i < name.size(); ++i) {
    if (name[i] == '-' && (i + 1 >= name.size() || name[i + 1] == '-')) return false;
    if (!isIdentChar(name[i])) return false;
  }
  return true;
}

// Kinds whose names one reference can mean (a step's subject, an attribute value).
int nameSpace(NameKind k) {
  switch (k) {
  case NameKind::Component:
  case NameKind::Data:
  case NameKind::Site:
  case NameKind::Phase:
  case NameKind::VocabName: return 0;
  default: return 1 + static_cast<int>(k);
  }
}

Value symbol(Locator &at, llvm::StringRef name, int kind, llvm::SMRange range, llvm::SMRange selection,
             Array children = {}) {
  Object s{{"name", name.empty() ? "?" : name},
           {"kind", kind},
           {"range", at.range(range)},
           {"selectionRange", at.range(selection)}};
  if (!children.empty()) s["children"] = std::move(children);
  return s;
}

} // namespace

Server::Result Server::documentSymbol(Document &doc) {
  load(doc);
  Array out;
  if (!hasMain(*doc.program)) return out;
  Locator at(doc.program->sm, encoding_);
  auto member = [&](const auto &m, Array &into) {
    using T = std::decay_t<decltype(m)>;
    if constexpr (std::is_same_v<T, ast::Component>)
      into.push_back(symbol(at, m.name.name, 5, m.range, m.name.range));
    else if constexpr (std::is_same_v<T, ast::DataDecl>)
      into.push_back(symbol(at, m.name.name, 23, m.range, m.name.range));
  };
  for (const ast::Item &item : doc.program->main()->items) {
    if (const auto *d = std::get_if<ast::Deployment>(&item)) {
      Array children;
      for (const auto &m : d->items) {
        if (const auto *site = std::get_if<ast::Site>(&m)) {
          Array inner;
          for (const auto &x : site->items) std::visit([&](const auto &y) { member(y, inner); }, x);
          children.push_back(symbol(at, site->name.name, 3, site->range, site->name.range, std::move(inner)));
        } else {
          std::visit([&](const auto &y) { member(y, children); }, m);
        }
      }
      out.push_back(symbol(at, d->name.name, 2, d->range, d->name.range, std::move(children)));
    } else if (const auto *m = std::get_if<ast::Migration>(&item)) {
      Array phases;
      for (const ast::Phase &p : m->phases) phases.push_back(symbol(at, p.name.name, 12, p.range, p.name.range));
      out.push_back(symbol(at, m->name.name, 2, m->range, m->name.range, std::move(phases)));
    } else if (const auto *p = std::get_if<ast::Policy>(&item)) {
      out.push_back(symbol(at, p->id.name, 11, p->range, p->id.range));
    } else if (const auto *v = std::get_if<ast::Vocabulary>(&item)) {
      Array names;
      for (const ast::VocabLine &line : v->lines)
        for (const ast::Ident &n : line.names) names.push_back(symbol(at, n.name, 22, n.range, n.range));
      out.push_back(symbol(at, v->name.name, 10, v->range, v->name.range, std::move(names)));
    }
  }
  return out;
}

Server::Result Server::foldingRange(Document &doc) {
  load(doc);
  Array out;
  if (!hasMain(*doc.program)) return out;
  const LineTable lines(doc.text);
  const char *base = doc.program->sm.getMemoryBuffer(kMainBuffer)->getBufferStart();
  auto lineOf = [&](llvm::SMLoc loc) { return lines.position(loc.getPointer() - base, Encoding::Utf8).line; };
  auto fold = [&](llvm::SMRange r, const char *kind = nullptr) {
    if (!r.Start.isValid() || !r.End.isValid()) return;
    unsigned first = lineOf(r.Start), last = lineOf(r.End);
    if (last <= first) return;
    Object f{{"startLine", first}, {"endLine", last}};
    if (kind) f["kind"] = kind;
    out.push_back(std::move(f));
  };
  auto member = [&](const auto &m) {
    using T = std::decay_t<decltype(m)>;
    if constexpr (std::is_same_v<T, ast::Component> || std::is_same_v<T, ast::DataDecl> || std::is_same_v<T, ast::Site>)
      fold(m.range);
    if constexpr (std::is_same_v<T, ast::Site>)
      for (const auto &x : m.items) std::visit([&](const auto &y) { fold(y.range); }, x);
  };
  const ast::File &file = *doc.program->main();
  for (const ast::Item &item : file.items) {
    std::visit([&](const auto &i) { fold(i.range); }, item);
    if (const auto *d = std::get_if<ast::Deployment>(&item))
      for (const auto &m : d->items) std::visit(member, m);
    if (const auto *m = std::get_if<ast::Migration>(&item))
      for (const ast::Phase &p : m->phases) fold(p.range);
  }
  // Runs of comment lines.
  for (size_t i = 0; i < file.comments.size();) {
    size_t j = i;
    while (j + 1 < file.comments.size() &&
           lineOf(file.comments[j + 1].range.Start) == lineOf(file.comments[j].range.Start) + 1)
      ++j;
    fold({file.comments[i].range.Start, file.comments[j].range.Start}, "comment");
    i = j + 1;
  }
  return out;
}

Server::Result Server::definition(Document &doc, size_t offset) {
  load(doc);
  if (!hasMain(*doc.program)) return Value(nullptr);
  const Occurrence *o = doc.index->at(locIn(*doc.program, offset));
  const Occurrence *decl = o ? doc.index->declaration(o->kind, o->name) : nullptr;
  if (!decl) return Value(nullptr);
  Locator at(doc.program->sm, encoding_);
  return at.location(decl->range);
}

std::vector<Server::Found> Server::occurrencesOf(Document &doc, const Occurrence &decl, std::vector<std::string> *taken,
                                                 llvm::StringRef newName) {
  const llvm::SourceMgr &declSm = doc.program->sm;
  const std::string declFile =
      parse::identity(declSm.getMemoryBuffer(declSm.FindBufferContainingLoc(decl.range.Start))->getBufferIdentifier());
  std::vector<Found> found;
  std::set<std::pair<std::string, std::string>> seen;
  auto scan = [&](const parse::Program &program, const Index &index) {
    auto identityOf = [&](llvm::SMLoc loc) {
      return parse::identity(
          program.sm.getMemoryBuffer(program.sm.FindBufferContainingLoc(loc))->getBufferIdentifier());
    };
    const Occurrence *d = index.declaration(decl.kind, decl.name);
    if (!d || identityOf(d->range.Start) != declFile) return; // another name that happens to be spelled alike
    if (taken)
      for (const Occurrence &o : index.occurrences())
        if (o.declaration && o.name == newName && nameSpace(o.kind) == nameSpace(decl.kind))
          taken->push_back(fmt::format("'{}' is already the name of a {} ({})", newName.str(), kindName(o.kind).str(),
                                       identityOf(o.range.Start)));
    Locator at(program.sm, encoding_);
    for (const Occurrence &o : index.occurrences()) {
      if (o.kind != decl.kind || o.name != decl.name) continue;
      std::string uri = at.uriOf(at.bufferOf(o.range.Start));
      Value range = at.range(o.range);
      std::string key;
      llvm::raw_string_ostream(key) << range;
      if (seen.insert({uri, key}).second) found.push_back({uri, std::move(range), o.declaration});
    }
  };
  std::set<std::string> scanned;
  for (auto &[uri, other] : documents_) {
    load(other);
    scanned.insert(other.identity);
    scan(*other.program, *other.index);
  }
  // The workspace's files that are not open, as they are on disk.
  std::vector<io::Input> inputs;
  std::vector<std::string> skipped;
  if (!roots_.empty()) llvm::consumeError(io::expandInputs(roots_, inputs, skipped));
  constexpr size_t kMaxWorkspaceFiles = 2000;
  if (inputs.size() > kMaxWorkspaceFiles) inputs.resize(kMaxWorkspaceFiles);
  const parse::LoadOptions load = loadOptions();
  for (const io::Input &input : inputs) {
    if (!input.error.empty() || scanned.count(parse::identity(input.path))) continue;
    diag::Diagnostics ignored;
    auto program = parse::loadProgram(input, load, ignored);
    if (!program) {
      llvm::consumeError(program.takeError());
      continue;
    }
    bool usesDeclFile = false;
    for (const auto &file : (*program)->files) usesDeclFile |= parse::identity(file->path) == declFile;
    if (usesDeclFile) scan(**program, Index(**program));
  }
  return found;
}

Server::Result Server::references(Document &doc, size_t offset, bool includeDeclaration) {
  load(doc);
  if (!hasMain(*doc.program)) return Array{};
  const Occurrence *o = doc.index->at(locIn(*doc.program, offset));
  const Occurrence *decl = o ? doc.index->declaration(o->kind, o->name) : nullptr;
  if (!decl) return Array{};
  Array out;
  for (Found &f : occurrencesOf(doc, *decl, nullptr, ""))
    if (includeDeclaration || !f.declaration) out.push_back(Object{{"uri", f.uri}, {"range", std::move(f.range)}});
  return out;
}

Server::Result Server::rename(Document &doc, size_t offset, llvm::StringRef newName) {
  load(doc);
  const Occurrence *o = hasMain(*doc.program) ? doc.index->at(locIn(*doc.program, offset)) : nullptr;
  const Occurrence *decl = o ? doc.index->declaration(o->kind, o->name) : nullptr;
  if (!decl) return RequestError{RequestFailed, "no declared name here to rename"};
  if (!validIdentifier(newName))
    return RequestError{RequestFailed,
                        "'" + newName.str() + "' is not a name (letters, digits, '_', and '-' between them)"};
  if (newName == decl->name) return Object{{"changes", Object{}}};
  const llvm::SourceMgr &sm = doc.program->sm;
  unsigned declBuffer = sm.FindBufferContainingLoc(decl->range.Start);
  for (const auto &file : doc.program->files)
    if (file->bufferId == declBuffer && !file->pack.empty())
      return RequestError{RequestFailed, "'" + decl->name + "' is declared in the pack '" + file->pack +
                                             "', which is not renamed from here"};
  std::vector<std::string> taken;
  std::vector<Found> found = occurrencesOf(doc, *decl, &taken, newName);
  if (!taken.empty()) return RequestError{RequestFailed, "cannot rename: " + taken.front()};
  std::map<std::string, Array> edits;
  for (Found &f : found) edits[f.uri].push_back(Object{{"range", std::move(f.range)}, {"newText", newName}});
  Object changes;
  for (auto &[uri, list] : edits) changes[uri] = std::move(list);
  return Object{{"changes", std::move(changes)}};
}

// ---- hover ----

namespace {

llvm::StringRef verbName(ast::Verb v) {
  static const char *const names[] = {"deploy", "decommission", "move",    "enable", "disable",
                                      "set",    "backup",       "migrate", "confirm"};
  return names[static_cast<size_t>(v)];
}

// Whether a step's subject is a data set (the others act on components).
bool actsOnData(ast::Verb v) { return v == ast::Verb::Backup || v == ast::Verb::Migrate; }

std::string join(const std::vector<std::string> &parts) { return llvm::join(parts, ", "); }

} // namespace

// The facts the last check established about a declared name.
std::string Server::facts(const Document &doc, const Occurrence &decl) {
  std::string text = fmt::format("**{}** `{}`", kindName(decl.kind).str(), decl.name);
  const sema::Model *model = doc.modelled ? doc.modelled->model.get() : nullptr;
  if (!model) return text;
  auto sym = [&](sema::SymbolId s) { return s == sema::kNoId ? std::string("-") : model->symbols.name(s); };
  // Steps that touch an entity, as "phase (verb)".
  auto touching = [&](auto matches) {
    std::vector<std::string> phases;
    for (const sema::PhaseDecl &p : model->phases)
      for (const sema::Step &s : p.steps)
        if (matches(s)) phases.push_back(fmt::format("{} ({})", p.name, verbName(s.verb).str()));
    return phases;
  };
  std::vector<std::string> lines;
  if (decl.kind == NameKind::Component) {
    auto it = model->componentByName.find(decl.name);
    if (it == model->componentByName.end()) return text;
    const sema::ComponentId id = it->second;
    const sema::ComponentDecl &c = model->components[id];
    lines.push_back(fmt::format("role `{}`, site `{}`{}", sym(c.role), sym(c.site),
                                c.inDeployment ? fmt::format(", {} users", c.users) : ", deployed by the migration"));
    for (const sema::Attribute &a : c.attrs)
      if (a.key == model->keyVersion && a.value.isNumeric())
        lines.push_back(
            "version " +
            (a.value.kind == sema::Value::Kind::Int
                 ? std::to_string(a.value.num)
                 : llvm::join(llvm::map_range(a.value.parts, [](uint64_t p) { return std::to_string(p); }), ".")));
    std::vector<std::string> refs, by, held;
    if (id < model->referencesOf.size())
      for (const auto &r : model->referencesOf[id])
        refs.push_back(fmt::format("{} ({})", model->components[r.component].name, sym(r.key)));
    if (id < model->referencedBy.size())
      for (const auto &r : model->referencedBy[id])
        by.push_back(fmt::format("{} ({})", model->components[r.component].name, sym(r.key)));
    for (const sema::DataDecl &d : model->data)
      if (d.heldBy == id) held.push_back(d.name);
    if (!refs.empty()) lines.push_back("references: " + join(refs));
    if (!by.empty()) lines.push_back("referenced by: " + join(by));
    if (!held.empty()) lines.push_back("holds: " + join(held));
    auto phases = touching([&](const sema::Step &s) {
      return (!actsOnData(s.verb) && s.verb != ast::Verb::Confirm && s.subject == id) || s.target == id;
    });
    lines.push_back("phases: " + (phases.empty() ? std::string("none") : join(phases)));
  } else if (decl.kind == NameKind::Data) {
    auto it = model->dataByName.find(decl.name);
    if (it == model->dataByName.end()) return text;
    const sema::DataDecl &d = model->data[it->second];
    lines.push_back(fmt::format("kind `{}`, held by `{}`", sym(d.kind),
                                d.heldBy == sema::kNoId ? "-" : model->components[d.heldBy].name));
    auto phases = touching([&](const sema::Step &s) { return actsOnData(s.verb) && s.subject == it->second; });
    lines.push_back("phases: " + (phases.empty() ? std::string("none") : join(phases)));
  } else if (decl.kind == NameKind::Phase) {
    auto it = model->phaseByName.find(decl.name);
    if (it == model->phaseByName.end()) return text;
    const sema::PhaseDecl &p = model->phases[it->second];
    if (!p.title.empty()) lines.push_back("\"" + p.title + "\"");
    std::vector<std::string> after, before;
    for (sema::PhaseId a : p.after) after.push_back(model->phases[a].name);
    for (const sema::PhaseDecl &q : model->phases)
      if (std::find(q.after.begin(), q.after.end(), it->second) != q.after.end()) before.push_back(q.name);
    lines.push_back("after: " + (after.empty() ? std::string("nothing (a first phase)") : join(after)));
    if (!before.empty()) lines.push_back("before: " + join(before));
    std::map<std::string, std::vector<std::string>> byVerb;
    for (const sema::Step &s : p.steps) {
      std::string subject = s.subject == sema::kNoId ? sym(s.symbol)
                            : actsOnData(s.verb)     ? model->data[s.subject].name
                                                     : model->components[s.subject].name;
      byVerb[verbName(s.verb).str()].push_back(subject);
    }
    for (auto &[verb, subjects] : byVerb) lines.push_back(verb + " " + join(subjects));
  } else if (decl.kind == NameKind::Site) {
    std::vector<std::string> members;
    for (const sema::ComponentDecl &c : model->components)
      if (c.site != sema::kNoId && model->symbols.name(c.site) == decl.name) members.push_back(c.name);
    lines.push_back("components: " + (members.empty() ? std::string("none") : join(members)));
  } else if (decl.kind == NameKind::Policy) {
    return explain(decl.name, doc);
  }
  for (const std::string &l : lines) text += "\n\n" + l;
  return text;
}

// `cutover explain` in short: the rule of a compiler finding kind, or a
// pack policy's title, source, hints and text.
std::string Server::explain(llvm::StringRef id, const Document &doc) {
  if (auto kind = diag::kindById(id)) {
    const diag::KindInfo &k = diag::info(*kind);
    return fmt::format("**{}** ({}, compiler finding): {}\n\n{}", k.id.str(), diag::severityName(k.severity).str(),
                       k.title.str(), diag::explanation(*kind).rule.str());
  }
  const policy::PolicyInfo *info = nullptr;
  std::string ruleText;
  if (doc.checked)
    if (const policy::Policy *p = doc.checked->policies.find(id)) info = &p->info;
  if (!catalogue_) catalogue_ = session::loadPacks(options_);
  if (const session::PackPolicy *found = catalogue_->find(id)) {
    if (!info) info = &found->info;
    ruleText = found->text;
  }
  if (!info) return "";
  std::string text =
      fmt::format("**{}** ({}, {}): {}", info->id, diag::severityName(info->severity).str(), info->origin, info->title);
  if (!info->source.empty()) text += "\n\nsource: " + info->source;
  if (!info->hint.empty()) text += "\n\nhint: " + info->hint;
  if (!ruleText.empty()) text += "\n\n```cut\n" + ruleText + "\n```";
  return text;
}

Server::Result Server::hover(Document &doc, size_t offset) {
  load(doc);
  const LineTable lines(doc.text);
  const Position pos = lines.position(offset, Encoding::Utf8);
  llvm::StringRef line = lines.line(pos.line);
  auto [word, start] = wordAt(line, pos.character);
  std::string text;
  // A policy ID in an `# expect:` comment, which the syntax tree does not see.
  size_t expect = line.find("# expect:");
  if (!word.empty() && expect != llvm::StringRef::npos && start > expect) text = explain(word, doc);
  if (text.empty() && hasMain(*doc.program))
    if (const Occurrence *o = doc.index->at(locIn(*doc.program, offset)))
      if (const Occurrence *decl = doc.index->declaration(o->kind, o->name)) text = facts(doc, *decl);
  // A waiver of a policy that no file in scope declares: the packs may know it.
  if (text.empty() && !word.empty() && line.ltrim().startswith("waive ")) text = explain(word, doc);
  if (text.empty()) return Value(nullptr);
  return Object{{"contents", Object{{"kind", "markdown"}, {"value", utf8(std::move(text))}}}};
}

// ---- completion ----

namespace {

// Where the cursor is, lexically: the keywords that opened the blocks around
// it (the first word of the line of each unmatched '{'), and the words before
// it on its line. Works on text that does not parse, as text being typed is.
struct Context {
  std::vector<std::string> blocks;
  std::vector<std::string> words; // on the cursor's line, before the word being typed
  bool inComment = false;
  bool afterExpect = false; // in an `# expect:` comment
};

Context contextAt(llvm::StringRef text, size_t offset) {
  Context c;
  size_t lineStart = 0;
  bool inString = false, inComment = false;
  for (size_t i = 0; i < offset && i < text.size(); ++i) {
    const char ch = text[i];
    if (ch == '\n') {
      lineStart = i + 1;
      inString = inComment = false;
    } else if (inComment) {
    } else if (inString) {
      if (ch == '\\')
        ++i;
      else if (ch == '"')
        inString = false;
    } else if (ch == '"') {
      inString = true;
    } else if (ch == '#') {
      inComment = true;
    } else if (ch == '{') {
      llvm::StringRef line = text.slice(lineStart, i).ltrim();
      c.blocks.push_back(line.take_while(isIdentChar).str());
    } else if (ch == '}' && !c.blocks.empty()) {
      c.blocks.pop_back();
    }
  }
  llvm::StringRef line = text.slice(lineStart, std::min(offset, text.size()));
  c.inComment = inComment;
  c.afterExpect = inComment && line.contains("# expect:");
  // The words after the last brace of the line, without the one being typed.
  line = line.substr(line.find_last_of("{}") == llvm::StringRef::npos ? 0 : line.find_last_of("{}") + 1);
  while (!line.empty() && isIdentChar(line.back())) line = line.drop_back();
  llvm::SmallVector<llvm::StringRef, 8> parts;
  line.split(parts, ' ', -1, false);
  for (llvm::StringRef w : parts) {
    w = w.trim(" \t,\r");
    if (!w.empty()) c.words.push_back(w.str());
  }
  return c;
}

} // namespace

Server::Result Server::completion(Document &doc, size_t offset) {
  load(doc);
  const Context c = contextAt(doc.text, offset);
  Array items;
  std::set<std::string> added;
  auto add = [&](llvm::StringRef label, int kind, llvm::StringRef detail) {
    if (label.empty() || !added.insert(label.str()).second) return;
    items.push_back(Object{{"label", label}, {"kind", kind}, {"detail", detail}});
  };
  auto keywords = [&](std::initializer_list<const char *> words) {
    for (const char *w : words) add(w, 14, "keyword");
  };
  // Names from the last text that parsed and the last model: the current
  // text is often incomplete while it is typed.
  const sema::Model *model = doc.modelled ? doc.modelled->model.get() : nullptr;
  if (!doc.parsedIndex && doc.modelled) {
    doc.parsed = std::shared_ptr<parse::Program>(doc.modelled, doc.modelled->program.get());
    doc.parsedIndex = std::make_shared<Index>(*doc.parsed);
  }
  const Index *index = doc.parsedIndex ? doc.parsedIndex.get() : doc.index.get();
  auto vocab = [&](sema::Category category, llvm::StringRef detail) {
    if (model) {
      for (sema::SymbolId s : model->vocab.declared[static_cast<size_t>(category)])
        add(model->symbols.name(s), 20, detail);
      return;
    }
    for (const Occurrence &o : index->occurrences())
      if (o.declaration && o.kind == NameKind::VocabName) add(o.name, 20, "vocabulary name");
  };
  auto declared = [&](NameKind kind, int itemKind) {
    for (const Occurrence &o : index->occurrences())
      if (o.declaration && o.kind == kind) add(o.name, itemKind, kindName(kind));
  };
  auto policyIds = [&](bool withCompilerKinds) {
    if (!catalogue_) catalogue_ = session::loadPacks(options_);
    for (const session::PackPolicy &p : catalogue_->policies) add(p.info.id, 21, p.info.title);
    declared(NameKind::Policy, 21);
    if (withCompilerKinds)
      for (const diag::KindInfo &k : diag::allKinds()) add(k.id, 21, k.title);
  };
  const std::string block = c.blocks.empty() ? "" : c.blocks.back();
  const std::string first = c.words.empty() ? "" : c.words.front();
  const std::string last = c.words.empty() ? "" : c.words.back();
  if (c.inComment) {
    if (c.afterExpect) policyIds(true);
  } else if (first == "waive") {
    if (c.words.size() == 1)
      policyIds(false);
    else if (std::find(c.words.begin(), c.words.end(), "for") != c.words.end()) {
      declared(NameKind::Component, 6);
      declared(NameKind::Data, 6);
      declared(NameKind::Phase, 3);
    }
  } else if (first == "use") {
    for (const std::string &pack : parse::availablePacks(options_.load)) add(pack, 9, "pack");
  } else if (first == "phase" &&
             (last == "after" || std::find(c.words.begin(), c.words.end(), "after") != c.words.end())) {
    declared(NameKind::Phase, 3);
  } else if (first == "deploy" && c.words.size() == 1) {
    vocab(sema::Category::Role, "role");
  } else if ((first == "enable" || first == "disable") && c.words.size() == 1) {
    vocab(sema::Category::Service, "service");
  } else if (first == "confirm" && c.words.size() == 1) {
    vocab(sema::Category::Tag, "tag");
  } else if (first == "critical") {
    vocab(sema::Category::Service, "service");
  } else if ((first == "backup" || first == "migrate") && c.words.size() == 1) {
    declared(NameKind::Data, 6);
  } else if (first == "move" && c.words.size() == 1) {
    keywords({"all"});
  } else if (!first.empty() && (block == "phase" || (first == "move" || first == "enable" || first == "disable")) &&
             first != "deploy") {
    declared(NameKind::Component, 6); // decommission a, set a, move ... from a to b, enable S on a, migrate D to a
  } else if (!c.words.empty() && last == "kind") {
    vocab(sema::Category::DataKind, "data kind");
  } else if (!c.words.empty() && last == "site") {
    declared(NameKind::Site, 4);
  } else if (c.words.empty()) {
    if (block.empty())
      keywords({"use", "vocabulary", "deployment", "migration", "policy", "waive"});
    else if (block == "deployment") {
      keywords({"site", "data", "critical"});
      vocab(sema::Category::Role, "role");
    } else if (block == "site") {
      keywords({"data"});
      vocab(sema::Category::Role, "role");
    } else if (block == "migration")
      keywords({"phase"});
    else if (block == "phase")
      keywords({"deploy", "decommission", "move", "enable", "disable", "set", "backup", "migrate", "confirm"});
    else if (block == "policy")
      keywords({"when", "for", "on", "require", "message", "hint", "source"});
    else if (block == "vocabulary")
      keywords({"roles", "services", "data", "tags", "symbols", "pinned"});
  } else if (c.words.size() >= 1 && block != "policy" && block != "vocabulary" && !c.blocks.empty()) {
    // An attribute's value: a name declared in the plan.
    declared(NameKind::Component, 6);
    declared(NameKind::Data, 6);
  }
  return Object{{"isIncomplete", false}, {"items", std::move(items)}};
}

// ---- formatting and code actions ----

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

} // namespace

int run(int in, llvm::raw_ostream &out, const session::CheckOptions &options) {
  auto queue = std::make_shared<Queue>();
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
  Server server(out, options);
  return server.loop(queue);
}

} // namespace cutover::lsp
