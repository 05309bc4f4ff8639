#include "tools/cutover/lsp/transport.h"

#include <llvm/ADT/StringExtras.h>

#include <cerrno>
#include <optional>
#include <unistd.h>

namespace cutover::lsp {

bool Reader::fill() {
  if (pos_ > 0 && pos_ == buffer_.size()) {
    buffer_.clear();
    pos_ = 0;
  }
  char chunk[65536];
  for (;;) {
    ssize_t n = ::read(fd_, chunk, sizeof chunk);
    if (n > 0) {
      buffer_.append(chunk, static_cast<size_t>(n));
      return true;
    }
    if (n < 0 && errno == EINTR) continue;
    return false;
  }
}

bool Reader::readLine(std::string &line) {
  for (;;) {
    size_t eol = buffer_.find('\n', pos_);
    if (eol != std::string::npos) {
      line.assign(buffer_, pos_, eol - pos_);
      if (!line.empty() && line.back() == '\r') line.pop_back();
      pos_ = eol + 1;
      return true;
    }
    // A header line longer than this is not a header.
    if (buffer_.size() - pos_ > 4096) {
      line.assign(buffer_, pos_, std::string::npos);
      pos_ = buffer_.size();
      return true;
    }
    if (!fill()) return false;
  }
}

Incoming Reader::next() {
  std::string line;
  std::optional<uint64_t> length;
  bool badHeader = false, any = false;
  for (;;) {
    if (!readLine(line)) return {Incoming::Kind::Eof, "", ""};
    if (line.empty()) {
      if (any) break;
      continue; // blank lines between messages
    }
    any = true;
    auto [name, value] = llvm::StringRef(line).split(':');
    uint64_t n = 0;
    if (name.trim().equals_insensitive("content-length")) {
      if (value.trim().getAsInteger(10, n))
        badHeader = true;
      else
        length = n;
    }
  }
  if (badHeader || !length) return {Incoming::Kind::Malformed, "", "a message without a valid Content-Length header"};
  uint64_t remaining = *length;
  std::string body;
  const bool keep = *length <= kMaxMessageBytes;
  while (remaining > 0) {
    if (pos_ == buffer_.size() && !fill()) return {Incoming::Kind::Eof, "", ""};
    size_t take = std::min<uint64_t>(remaining, buffer_.size() - pos_);
    if (keep) body.append(buffer_, pos_, take);
    pos_ += take;
    remaining -= take;
  }
  if (!keep) return {Incoming::Kind::Malformed, "", "a message larger than the limit"};
  return {Incoming::Kind::Message, std::move(body), ""};
}

void writeMessage(llvm::raw_ostream &os, const llvm::json::Value &message) {
  std::string body;
  llvm::raw_string_ostream(body) << message;
  os << "Content-Length: " << body.size() << "\r\n\r\n" << body;
  os.flush();
}

} // namespace cutover::lsp
