// `cutover lsp` latency: the real server loop (lsp::run) in this process,
// driven over pipes like an editor drives it, with no debounce.
//   BM_DiagnosticsAfterChange/contoso  didChange -> publishDiagnostics (target: 20 ms)
//   BM_Supersede/1MB                   two quick edits of a ~1 MB plan: only the second is
//                                      published, in about the time of one check
//   BM_RequestDuringCheck/1MB          a request answered while a check of the 1 MB plan runs
// Run with --benchmark_repetitions=N and report the medians (docs/performance.md).
#include "bench/common.h"
#include "tools/cutover/lsp/server.h"
#include "tools/cutover/lsp/transport.h"

#include <benchmark/benchmark.h>
#include <llvm/Support/MemoryBuffer.h>

#include <thread>
#include <unistd.h>

namespace cutover {
namespace {

using llvm::json::Object;
using llvm::json::Value;

class InProcessServer {
public:
  InProcessServer() {
    if (::pipe(toServer_) != 0 || ::pipe(fromServer_) != 0) std::abort();
    out_ = std::make_unique<llvm::raw_fd_ostream>(fromServer_[1], /*shouldClose=*/false);
    reader_ = std::make_unique<lsp::Reader>(fromServer_[0]);
    session::CheckOptions options;
    options.load = bench::loadOptions();
    thread_ = std::thread([this, options] { lsp::run(toServer_[0], *out_, options); });
    send(Object{{"jsonrpc", "2.0"},
                {"id", 1},
                {"method", "initialize"},
                {"params", Object{{"capabilities", Object{}}, {"initializationOptions", Object{{"debounceMs", 0}}}}}});
    waitFor([](const Object &m) { return m.getInteger("id") == int64_t(1); });
  }
  ~InProcessServer() {
    send(Object{{"jsonrpc", "2.0"}, {"id", 2}, {"method", "shutdown"}});
    waitFor([](const Object &m) { return m.getInteger("id") == int64_t(2); });
    send(Object{{"jsonrpc", "2.0"}, {"method", "exit"}});
    thread_.join();
    for (int fd : {toServer_[0], toServer_[1], fromServer_[0], fromServer_[1]}) ::close(fd);
  }

  void send(const Value &message) {
    std::string framed;
    llvm::raw_string_ostream os(framed);
    lsp::writeMessage(os, message);
    for (size_t done = 0; done < framed.size();) {
      ssize_t n = ::write(toServer_[1], framed.data() + done, framed.size() - done);
      if (n <= 0) std::abort();
      done += static_cast<size_t>(n);
    }
  }
  void notify(llvm::StringRef method, Value params) {
    send(Object{{"jsonrpc", "2.0"}, {"method", method}, {"params", std::move(params)}});
  }
  // The first message that matches, from those already read (and not
  // yet taken) or from new ones.
  template <typename Predicate> Value waitFor(Predicate matches) {
    for (auto it = backlog_.begin(); it != backlog_.end(); ++it)
      if (matches(*it->getAsObject())) {
        Value v = std::move(*it);
        backlog_.erase(it);
        return v;
      }
    for (;;) {
      lsp::Incoming in = reader_->next();
      if (in.kind != lsp::Incoming::Kind::Message) std::abort();
      llvm::Expected<Value> v = llvm::json::parse(in.body);
      if (!v || !v->getAsObject()) std::abort();
      if (matches(*v->getAsObject())) return std::move(*v);
      backlog_.push_back(std::move(*v));
    }
  }
  // The diagnostics published for `version` of `uri`.
  Value diagnostics(llvm::StringRef uri, int64_t version) {
    return waitFor([&](const Object &m) {
      const Object *p = m.getObject("params");
      return m.getString("method") == llvm::StringRef("textDocument/publishDiagnostics") && p &&
             p->getString("uri") == uri && p->getInteger("version") == version;
    });
  }

private:
  int toServer_[2], fromServer_[2];
  std::unique_ptr<llvm::raw_fd_ostream> out_;
  std::unique_ptr<lsp::Reader> reader_;
  std::thread thread_;
  std::vector<Value> backlog_;
};

std::string readText(const std::string &path) {
  auto buffer = llvm::MemoryBuffer::getFile(path);
  if (!buffer) std::abort();
  return (*buffer)->getBuffer().str();
}

// A file opened in the server (its first diagnostics received), then
// edited: each edit appends a comment line or removes it again.
class EditedFile {
public:
  EditedFile(InProcessServer &server, const std::string &path)
      : server_(server), text_(readText(path)), edited_(text_ + "# edited\n"), uri_(lsp::uriFromPath(path)) {
    server_.notify(
        "textDocument/didOpen",
        Object{{"textDocument", Object{{"uri", uri_}, {"languageId", "cut"}, {"version", 0}, {"text", text_}}}});
    waitForDiagnostics();
  }

  // Sends the next version; its diagnostics are not awaited.
  void edit() {
    ++version_;
    server_.notify("textDocument/didChange",
                   Object{{"textDocument", Object{{"uri", uri_}, {"version", version_}}},
                          {"contentChanges", llvm::json::Array{Object{{"text", version_ % 2 ? edited_ : text_}}}}});
  }
  // The diagnostics published for the last version sent.
  void waitForDiagnostics() { server_.diagnostics(uri_, version_); }

  const std::string &uri() const { return uri_; }
  size_t size() const { return text_.size(); }

private:
  InProcessServer &server_;
  const std::string text_, edited_, uri_;
  int64_t version_ = 0;
};

// Each iteration edits the file (a comment line appended or removed) and
// waits for its diagnostics: the whole check, converted and framed.
void BM_DiagnosticsAfterChange(benchmark::State &state) {
  InProcessServer server;
  EditedFile file(server, std::string(CUTOVER_SOURCE_DIR) + "/examples/contoso.cut");
  for (auto _ : state) {
    file.edit();
    file.waitForDiagnostics();
  }
}
BENCHMARK(BM_DiagnosticsAfterChange)
    ->Name("BM_DiagnosticsAfterChange/contoso")
    ->UseRealTime()
    ->Unit(benchmark::kMillisecond);

const std::string &bigPlan() { return bench::planFile("--chain --size-mb 1"); }

// A second edit arrives right after the first: the first check is
// cancelled (or its result dropped) and only the second is published.
// Arg 0: one edit alone (the baseline); arg 1: two in a row.
void BM_Supersede(benchmark::State &state) {
  InProcessServer server;
  EditedFile file(server, bigPlan());
  for (auto _ : state) {
    if (state.range(0) == 1) file.edit();
    file.edit();
    file.waitForDiagnostics();
  }
  state.counters["bytes"] = double(file.size());
}
BENCHMARK(BM_Supersede)->Name("BM_Supersede/1MB")->Arg(0)->Arg(1)->UseRealTime()->Unit(benchmark::kMillisecond);

// While the 1 MB plan is being checked, a document symbol request on a
// small open file is answered: the loop is never blocked by a check.
void BM_RequestDuringCheck(benchmark::State &state) {
  InProcessServer server;
  const EditedFile small(server, std::string(CUTOVER_SOURCE_DIR) + "/examples/contoso.cut");
  EditedFile big(server, bigPlan());
  int64_t id = 100;
  for (auto _ : state) {
    state.PauseTiming();
    big.edit();
    state.ResumeTiming();
    const int64_t request = ++id;
    server.send(Object{{"jsonrpc", "2.0"},
                       {"id", request},
                       {"method", "textDocument/documentSymbol"},
                       {"params", Object{{"textDocument", Object{{"uri", small.uri()}}}}}});
    server.waitFor([&](const Object &m) { return m.getInteger("id") == request; });
    state.PauseTiming();
    big.waitForDiagnostics();
    state.ResumeTiming();
  }
}
BENCHMARK(BM_RequestDuringCheck)->Name("BM_RequestDuringCheck/1MB")->UseRealTime()->Unit(benchmark::kMillisecond);

} // namespace
} // namespace cutover
