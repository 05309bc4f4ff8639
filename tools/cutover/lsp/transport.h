// The base protocol of LSP: messages framed by a `Content-Length` header,
// read from a file descriptor and written to a stream.
#pragma once

#include <llvm/Support/JSON.h>
#include <llvm/Support/raw_ostream.h>

#include <string>

namespace cutover::lsp {

// Bodies larger than this are skipped with an error (a plan may be 64 MiB,
// and JSON escaping can double it).
inline constexpr size_t kMaxMessageBytes = 192u << 20;

struct Incoming {
  enum class Kind { Message, Malformed, Eof };
  Kind kind = Kind::Eof;
  std::string body;  // Message
  std::string error; // Malformed: why
};

class Reader {
public:
  explicit Reader(int fd) : fd_(fd) {}
  // The next message. A header block without a valid Content-Length, or
  // with one past the limit, is Malformed (its body, when its length is
  // known, skipped), and reading goes on after it.
  Incoming next();

private:
  bool fill(); // reads more input; false at the end
  bool readLine(std::string &line);

  int fd_;
  std::string buffer_;
  size_t pos_ = 0;
};

// Writes one framed message and flushes.
void writeMessage(llvm::raw_ostream &os, const llvm::json::Value &message);

} // namespace cutover::lsp
