// The language server's internals, shared by its parts: server.cpp (the
// event loop, dispatch and lifecycle), documents.cpp (the open documents),
// diagnostics.cpp (the checks and the diagnostics they publish),
// navigation.cpp (symbols, folding, definition, references, rename),
// hover_completion.cpp, and edits.cpp (formatting, code actions). Not an
// interface: other code includes server.h.
#pragma once

#include "compiler/parse/loader.h"
#include "runtime/session/packs.h"
#include "runtime/session/session.h"
#include "tools/cutover/lsp/index.h"
#include "tools/cutover/lsp/positions.h"
#include "tools/cutover/lsp/transport.h"

#include <llvm/ADT/StringExtras.h>
#include <llvm/Support/JSON.h>
#include <llvm/Support/SourceMgr.h>
#include <llvm/Support/ThreadPool.h>
#include <llvm/Support/raw_ostream.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <variant>
#include <vector>

namespace cutover::lsp::detail {

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

// Positions in the buffers of one SourceMgr, with a line table per buffer.
class Locator {
public:
  Locator(const llvm::SourceMgr &sm, Encoding encoding) : sm_(sm), encoding_(encoding) {}

  unsigned bufferOf(llvm::SMLoc loc) const { return loc.isValid() ? sm_.FindBufferContainingLoc(loc) : 0; }
  std::string uriOf(unsigned buffer) const; // documents.cpp
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

// JSON strings are UTF-8; a message may quote bytes of a file that are not.
inline std::string utf8(std::string text) {
  return llvm::json::isUTF8(text) ? std::move(text) : llvm::json::fixUTF8(text);
}

// A list in a message: "a, b, c".
inline std::string join(const std::vector<std::string> &parts) { return llvm::join(parts, ", "); }

// The main file's buffer in a program the loader built (its first).
constexpr unsigned kMainBuffer = 1;

inline bool hasMain(const parse::Program &p) { return p.sm.getNumBuffers() >= kMainBuffer && p.main(); }

inline llvm::SMLoc locIn(const parse::Program &p, size_t offset) {
  return llvm::SMLoc::getFromPointer(p.sm.getMemoryBuffer(kMainBuffer)->getBufferStart() + offset);
}

inline bool isIdentChar(char c) { return llvm::isAlnum(c) || c == '_' || c == '-'; }

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
  Server(llvm::raw_ostream &out, session::CheckOptions options)
      : out_(out), options_(std::move(options)), pool_(llvm::hardware_concurrency()) {}

  int loop(const std::shared_ptr<Queue> &queue);

private:
  // server.cpp: messages in, replies out.
  void handle(const Incoming &in);
  void handleMessage(const Object &message);
  void send(const Value &message) { writeMessage(out_, message); }
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

  // documents.cpp: the open documents and their texts.
  void didOpen(const Object &params);
  void didChange(const Object &params);
  void didClose(const Object &params);
  void didChangeWatchedFiles(const Object &params);
  void changed(Document &doc);
  static void recheck(Document &doc, Clock::time_point due);
  Document *documentOf(const Object &params, RequestError &error);
  std::optional<size_t> offsetOf(const Document &doc, const Object &params);
  // The program and index of the document's current text.
  void load(Document &doc);
  parse::LoadOptions loadOptions() const;
  std::shared_ptr<const std::map<std::string, std::string>> overlay() const;

  // diagnostics.cpp: the checks, and the diagnostics they publish.
  void startDueChecks();
  std::optional<Clock::time_point> nextDue() const;
  void finished(CheckDone done);

  // navigation.cpp
  Result documentSymbol(Document &doc);
  Result foldingRange(Document &doc);
  Result definition(Document &doc, size_t offset);
  Result references(Document &doc, size_t offset, bool includeDeclaration);
  Result rename(Document &doc, size_t offset, llvm::StringRef newName);
  // Every occurrence of the name declared at `decl` (in the program of
  // `doc`) in the open documents and the workspace's files that load its file.
  struct Found {
    std::string uri;
    Value range;
    bool declaration;
  };
  std::vector<Found> occurrencesOf(Document &doc, const Occurrence &decl, std::vector<std::string> *taken,
                                   llvm::StringRef newName);

  // hover_completion.cpp
  Result hover(Document &doc, size_t offset);
  Result completion(Document &doc, size_t offset);
  std::string explain(llvm::StringRef id, const Document &doc);
  std::string facts(const Document &doc, const Occurrence &decl);

  // edits.cpp
  Result formatting(Document &doc);
  Result codeAction(Document &doc, const Object &params);

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

} // namespace cutover::lsp::detail
