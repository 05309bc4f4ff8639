// The base protocol's framing: messages, and input that is not one.
#include "tools/cutover/lsp/transport.h"

#include <gtest/gtest.h>

#include <unistd.h>

namespace cutover::lsp {
namespace {

// A reader over `input`, written to a pipe that is then closed.
class Framed {
public:
  explicit Framed(const std::string &input) {
    int fds[2];
    EXPECT_EQ(::pipe(fds), 0);
    EXPECT_EQ(::write(fds[1], input.data(), input.size()), static_cast<ssize_t>(input.size()));
    ::close(fds[1]);
    fd_ = fds[0];
    reader_ = std::make_unique<Reader>(fd_);
  }
  ~Framed() { ::close(fd_); }
  Incoming next() { return reader_->next(); }

private:
  int fd_;
  std::unique_ptr<Reader> reader_;
};

TEST(Reader, ReadsMessagesBackToBack) {
  Framed in("Content-Length: 2\r\n\r\n{}Content-Type: x\r\ncontent-length:3\r\n\r\n[1]");
  Incoming a = in.next(), b = in.next(), end = in.next();
  EXPECT_EQ(a.kind, Incoming::Kind::Message);
  EXPECT_EQ(a.body, "{}");
  EXPECT_EQ(b.body, "[1]");
  EXPECT_EQ(end.kind, Incoming::Kind::Eof);
}

TEST(Reader, AHeaderWithoutLengthIsMalformedAndReadingGoesOn) {
  Framed in("X: 1\r\n\r\nContent-Length: nope\r\n\r\nContent-Length: 2\r\n\r\n{}");
  EXPECT_EQ(in.next().kind, Incoming::Kind::Malformed);
  EXPECT_EQ(in.next().kind, Incoming::Kind::Malformed);
  EXPECT_EQ(in.next().body, "{}");
}

TEST(Reader, ATruncatedBodyIsTheEnd) {
  Framed in("Content-Length: 10\r\n\r\n{}");
  EXPECT_EQ(in.next().kind, Incoming::Kind::Eof);
}

TEST(WriteMessage, FramesTheBody) {
  std::string out;
  llvm::raw_string_ostream os(out);
  writeMessage(os, llvm::json::Object{{"a", 1}});
  EXPECT_EQ(out, "Content-Length: 7\r\n\r\n{\"a\":1}");
}

} // namespace
} // namespace cutover::lsp
