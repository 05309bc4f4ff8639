#include "runtime/eval/reduced/abstract.h"

namespace cutover::eval::reduced {

void serialize(const sema::Value &v, std::string &out) {
  out += static_cast<char>('a' + static_cast<int>(v.kind));
  out += std::to_string(v.num);
  out += ':';
  out += std::to_string(v.str().size());
  out += ':';
  out += v.str();
  for (uint64_t part : v.parts()) {
    out += '.';
    out += std::to_string(part);
  }
  out += '[';
  for (const sema::Value &item : v.items()) serialize(item, out);
  out += ']';
}

} // namespace cutover::eval::reduced
