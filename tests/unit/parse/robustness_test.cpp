// Whatever the bytes, parseBuffer returns a File or nullptr with exactly one
// finding; it never crashes, hangs or throws.
#include "tests/unit/support/parse_helpers.h"

#include <gtest/gtest.h>
#include <llvm/Support/MemoryBuffer.h>

#include <random>

namespace cutover::parse {
namespace {

using fixture::parseText;
using fixture::pilotPlan;

void expectParsesOrReportsOnce(std::string_view text) {
  auto p = parseText(text);
  if (p->file) {
    EXPECT_TRUE(p->diags.findings().empty());
  } else {
    ASSERT_EQ(p->diags.findings().size(), 1u);
    EXPECT_TRUE(p->diags.findings()[0].range.Start.isValid());
  }
}

const char *const kPolicy = R"(policy LYNC-ARC-004 error "archived" {
  when critical(archiving)
  for p: front_end where p.status == active and p.users > 0
  require (p.version < 2013 and exists s: archiving_server where s.status == active and p in s.serves)
       or (p.version >= 2013 and archiving in p.services)
  message "{p} is not archived"
  hint "enable archiving on {p}"
  source "fact 4, fact 5"
}
waive LYNC-ARC-004 for fe2010 until "2027-01-31" "pilot only"
)";

TEST(Robustness, EveryTruncationOfThePilotPlan) {
  for (const std::string &text : {pilotPlan(), std::string(kPolicy)}) {
    ASSERT_FALSE(text.empty());
    for (size_t n = 0; n <= text.size(); ++n) expectParsesOrReportsOnce(std::string_view(text).substr(0, n));
  }
}

TEST(Robustness, RandomBytes) {
  std::mt19937 rng(20240601);
  std::uniform_int_distribution<int> byte(0, 255);
  std::uniform_int_distribution<size_t> length(0, 300);
  for (int i = 0; i < 2000; ++i) {
    std::string text(length(rng), '\0');
    for (char &c : text) c = static_cast<char>(byte(rng));
    expectParsesOrReportsOnce(text);
  }
}

TEST(Robustness, MutatedInputs) {
  const std::string base = pilotPlan() + kPolicy;
  const std::string alphabet = "{}[](),.:|\"\\#=<>!-_ \n\tax09\xff\xc3";
  std::mt19937 rng(7);
  std::uniform_int_distribution<size_t> position(0, base.size() - 1);
  std::uniform_int_distribution<size_t> pick(0, alphabet.size() - 1);
  std::uniform_int_distribution<int> op(0, 2);
  for (int i = 0; i < 3000; ++i) {
    std::string text = base;
    for (int edits = 0; edits < 3; ++edits) {
      size_t at = position(rng) % text.size();
      switch (op(rng)) {
      case 0: text[at] = alphabet[pick(rng)]; break;
      case 1: text.insert(at, 1, alphabet[pick(rng)]); break;
      default: text.erase(at, 1); break;
      }
    }
    expectParsesOrReportsOnce(text);
  }
}

TEST(Robustness, LargeInputs) {
  std::string big = "deployment d {\n";
  for (int i = 0; i < 50000; ++i)
    big += "  front_end fe" + std::to_string(i) + " { users " + std::to_string(i) + " }\n";
  big += "}\n";
  auto p = parseText(big);
  ASSERT_TRUE(p->file) << p->error();
  EXPECT_EQ(std::get<ast::Deployment>(p->file->items[0]).items.size(), 50000u);

  std::string wide = "policy P error \"t\" { require a";
  for (int i = 0; i < 100000; ++i) wide += " and a";
  expectParsesOrReportsOnce(wide + " }");
  expectParsesOrReportsOnce(std::string(1 << 20, '"'));
  expectParsesOrReportsOnce(std::string(1 << 20, '#'));
}

} // namespace
} // namespace cutover::parse
