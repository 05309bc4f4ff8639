// The parallel parse of a large buffer builds exactly the serial parse's
// tree, or falls back to the serial parse with its diagnostics.
#include "compiler/ast/dump.h"
#include "compiler/parse/parser.h"
#include "compiler/parse/split.h"

#include "grammar/cut.hpp"

#include <fmt/format.h>
#include <gtest/gtest.h>
#include <llvm/Support/MemoryBuffer.h>
#include <tao/pegtl/contrib/analyze.hpp>

#include <algorithm>
#include <random>
#include <string>

namespace cutover::parse {
namespace {

using detail::ItemRun;

TEST(Grammar, RunsHaveNoLeftRecursionOrEmptyLoops) {
  EXPECT_EQ(tao::pegtl::analyze<grammar::deployment_run>(), 0u);
  EXPECT_EQ(tao::pegtl::analyze<grammar::phase_run>(), 0u);
}

// ------------------------------------------------------------------ plans

struct Style {
  bool comments = false; // comments with braces and quotes around the items of the blocks
  bool strings = false;  // strings with braces, escaped quotes and backslashes
  bool crlf = false;     // CRLF line breaks
};

// A plan of `sites` sites and as many phases, with most of the syntax of
// both blocks (data sets and critical services between sites, components
// without attributes, value lists, every step verb, titles, `after`).
std::string plan(size_t sites, Style style = {}) {
  std::string out = "use lync2013\nvocabulary extra {\n  roles relay\n}\n\ndeployment estate {\n"
                    "  critical archiving,\n    monitoring\n";
  auto text = [&](size_t i) {
    return style.strings ? fmt::format("\"s{} {{ }} \\\" }} {{ \\\\ \\n\\t #x\"", i) : fmt::format("\"s{}\"", i);
  };
  for (size_t i = 0; i < sites; ++i) {
    if (style.comments) out += fmt::format("  # site s{} {{ \"quoted }}\" }}\n", i);
    out += fmt::format("  site s{} {{ {}\n", i, style.comments ? "# } {" : "");
    out += fmt::format("    front_end fe{} {{ version 2010, users {}, fqdn {} }}\n", i, 1000 + i, text(i));
    out += fmt::format("    sql_store db{} {{ version 10.50, tags [a, [b, c]], note {} }}\n", i, text(i));
    out += fmt::format("    data hist{} {{ kind archiving, held_by db{} }}\n  }}", i, i);
    out += style.comments ? " # } end of site\n" : "\n";
    if (i % 3 == 0) out += fmt::format("  data d{} {{ kind monitoring, held_by db{} }}\n", i, i);
    if (i % 5 == 0) out += fmt::format("  edge e{}\n  critical monitoring\n", i);
    if (i % 7 == 0) out += fmt::format("  relay r{} {{ note {} }} relay r{}_b {{ }}\n", i, text(i), i);
  }
  out += "}\n\nmigration estate_to_2013 of estate {\n";
  for (size_t i = 0; i < sites; ++i) {
    if (style.comments) out += fmt::format("  # phase p{} {{ \"}}\"\n", i);
    out += fmt::format("  phase p{}{} {} {{\n", i, i == 0 ? "" : fmt::format(" after p{}", i - 1), text(i));
    out += fmt::format("    deploy front_end pool{} {{ version 2013, site s{} }}\n", i, i);
    out += fmt::format("    move 10 users from fe{} to pool{}\n    move all users from fe{} to pool{}\n", i, i, i, i);
    out += fmt::format("    enable archiving on pool{} {{ store db{} }}\n    disable monitoring on fe{}\n", i, i, i);
    out += fmt::format("    set fe{} {{ users 0 }}\n    backup hist{} to {}\n", i, i, text(i));
    out += fmt::format("    migrate hist{} to db{}\n    confirm fe{} {}\n", i, i, i, text(i));
    out += fmt::format("    decommission fe{}, db{}\n  }}\n", i, i);
  }
  out += "}\n\npolicy X-1 error \"t\" {\n  for p: front_end where p.users > 0\n  require p.version >= 2013\n}\n"
         "waive X-1 for fe0 \"pilot\"\n";
  if (!style.crlf) return out;
  std::string crlf;
  for (char c : out) crlf += c == '\n' ? "\r\n" : std::string(1, c);
  return crlf;
}

// ------------------------------------------------------ the trees compared

// The whole tree as text, every range as byte offsets: what must not change.
class Exact {
public:
  Exact(const ast::File &file, const char *base) : base_(base) {
    for (const ast::Item &item : file.items) {
      if (const auto *d = std::get_if<ast::Deployment>(&item)) {
        line("deployment", d->range);
        ident(d->name);
        for (const auto &entry : d->items) std::visit([&](const auto &x) { node(x); }, entry);
      } else if (const auto *m = std::get_if<ast::Migration>(&item)) {
        line("migration", m->range);
        ident(m->name);
        if (m->of) ident(*m->of);
        for (const ast::Phase &phase : m->phases) node(phase);
      } else {
        line("item", std::visit([](const auto &x) { return x.range; }, item));
      }
    }
    for (const ast::Comment &c : file.comments) line("comment " + c.text, c.range);
  }
  const std::string &text() const { return out_; }

private:
  const char *base_;
  std::string out_;

  void line(const std::string &what, llvm::SMRange r) {
    if (r.isValid())
      out_ += fmt::format("{} {}-{}\n", what, r.Start.getPointer() - base_, r.End.getPointer() - base_);
    else
      out_ += what + " -\n";
  }
  void ident(const ast::Ident &id) { line("ident " + id.name, id.range); }
  void value(const ast::Value &v) {
    line(fmt::format("value {} {} {}", int(v.kind), v.boolean, v.text), v.range);
    for (const ast::Value &item : v.items) value(item);
  }
  void attrs(const ast::AttrList &list) {
    line(fmt::format("attrs {}", list.present), list.range);
    for (const ast::Attr &a : list.attrs) {
      ident(a.key);
      value(a.value);
    }
  }
  void node(const ast::Component &c) {
    line("component", c.range);
    ident(c.role);
    ident(c.name);
    attrs(c.attrs);
  }
  void node(const ast::DataDecl &d) {
    line("data", d.range);
    ident(d.name);
    attrs(d.attrs);
  }
  void node(const ast::Critical &c) {
    line("critical", c.range);
    for (const ast::Ident &id : c.services) ident(id);
  }
  void node(const ast::Site &s) {
    line("site", s.range);
    ident(s.name);
    for (const auto &entry : s.items) std::visit([&](const auto &x) { node(x); }, entry);
  }
  void node(const ast::Phase &p) {
    line("phase", p.range);
    ident(p.name);
    for (const ast::Ident &id : p.after) ident(id);
    if (p.title) line("title " + p.title->value, p.title->range);
    for (const ast::Step &s : p.steps) {
      line(fmt::format("step {} {}", int(s.verb), s.moveAll), s.range);
      for (const ast::Ident *id : {&s.role, &s.service, &s.target}) ident(*id);
      for (const ast::Ident &id : s.subjects) ident(id);
      value(s.count);
      attrs(s.attrs);
      line("text " + s.text.value, s.text.range);
    }
  }
};

struct Parsed {
  llvm::SourceMgr sm;
  diag::Diagnostics diags;
  std::unique_ptr<ast::File> file;
  ParseStats stats;

  // The tree, or the findings.
  std::string result() const {
    if (file) {
      std::string dump;
      llvm::raw_string_ostream os(dump);
      ast::dumpFile(*file, sm, os);
      return dump + Exact(*file, sm.getMemoryBuffer(file->bufferId)->getBufferStart()).text();
    }
    std::string out;
    for (const diag::Finding &f : diags.findings()) {
      auto [line, col] = sm.getLineAndColumn(f.range.Start);
      out += fmt::format("{}:{}-{}: {}: {}\n", line, col, f.range.End.getPointer() - f.range.Start.getPointer(), f.id,
                         f.message);
    }
    return out;
  }
};

// The tool's split, scaled down 16 times: the texts are as many runs of the
// same items, at a sixteenth of the parsing (the sanitizers' build runs these tests too).
constexpr size_t kParallelFrom = kParallelParseBytes / 16;
constexpr size_t kMinRun = ParseOptions{}.minRunBytes / 16;

std::unique_ptr<Parsed> parse(const std::string &text, unsigned jobs, size_t parallelFrom = kParallelFrom) {
  auto parsed = std::make_unique<Parsed>();
  unsigned id = parsed->sm.AddNewSourceBuffer(llvm::MemoryBuffer::getMemBufferCopy(text, "plan.cut"), llvm::SMLoc());
  parsed->file =
      parseBuffer(parsed->sm, id, parsed->diags,
                  {.jobs = jobs, .parallelFromBytes = parallelFrom, .minRunBytes = kMinRun, .stats = &parsed->stats});
  return parsed;
}

// Parsed on `jobs` threads, `text` gives the serial parse's tree or
// findings; returns the parallel parse's stats.
ParseStats expectSameAsSerial(const std::string &text, unsigned jobs, size_t parallelFrom = kParallelFrom) {
  auto serial = parse(text, 1);
  auto parallel = parse(text, jobs, parallelFrom);
  EXPECT_EQ(serial->stats.runs, 0u);
  const std::string want = serial->result(), got = parallel->result();
  if (got != want) {
    // The first line that differs (a diff of the whole dumps would take too long).
    size_t at = std::mismatch(want.begin(), want.end(), got.begin(), got.end()).first - want.begin();
    at = want.rfind('\n', at) + 1;
    ADD_FAILURE() << "on " << jobs << " threads, from\n"
                  << want.substr(at, want.find('\n', at) - at) << "\nthe tree is\n"
                  << got.substr(at, got.find('\n', at) - at);
  }
  EXPECT_EQ(bool(parallel->file), bool(serial->file));
  return parallel->stats;
}

// A plan of exactly `bytes` bytes (a comment at its end fills it up).
std::string planOf(size_t bytes, Style style = {}) {
  // The most sites that leave room for the comment.
  size_t fits = 1, over = 2;
  while (plan(over, style).size() + 3 <= bytes) over *= 2;
  while (over - fits > 1) {
    const size_t mid = (fits + over) / 2;
    (plan(mid, style).size() + 3 <= bytes ? fits : over) = mid;
  }
  std::string text = plan(fits, style);
  return text + "#" + std::string(bytes - text.size() - 2, 'x') + "\n";
}

// ------------------------------------------------------------------ tests

TEST(ParallelParse, SameTreeOnTwoThreeAndEightThreads) {
  const std::string text = planOf(2 * kParallelFrom);
  for (unsigned jobs : {2u, 3u, 8u}) {
    ParseStats stats = expectSameAsSerial(text, jobs);
    EXPECT_GE(stats.runs, jobs - 1) << jobs;
    EXPECT_FALSE(stats.fellBack);
  }
}

TEST(ParallelParse, SplitsNextToCommentsAndStringsWithBraces) {
  for (Style style : {Style{true, false, false}, Style{false, true, false}, Style{true, true, false}}) {
    const std::string text = planOf(kParallelFrom + kParallelFrom / 2, style);
    ParseStats stats = expectSameAsSerial(text, 4);
    EXPECT_GE(stats.runs, 3u);
    EXPECT_FALSE(stats.fellBack);
  }
}

TEST(ParallelParse, CrlfLineBreaks) {
  const std::string text = planOf(kParallelFrom + kParallelFrom / 2, {true, true, true});
  ParseStats stats = expectSameAsSerial(text, 3);
  EXPECT_GE(stats.runs, 2u);
  EXPECT_FALSE(stats.fellBack);
}

// The tool's own threshold.
TEST(ParallelParse, FromTheThresholdOn) {
  EXPECT_GE(expectSameAsSerial(planOf(kParallelParseBytes), 2, kParallelParseBytes).runs, 1u);
  EXPECT_EQ(expectSameAsSerial(planOf(kParallelParseBytes - 1), 2, kParallelParseBytes).runs, 0u);
}

// An error in the part of another thread: the serial parse's diagnostic.
TEST(ParallelParse, ErrorsInAnotherThreadsRunAreTheSerialParses) {
  const std::string text = planOf(kParallelFrom + kParallelFrom / 2, {true, true, false});
  const size_t late = text.size() * 3 / 4;
  struct Edit {
    std::string from, to;
    bool tried; // braces still balance: the text splits, and the parallel parse fails
  };
  const std::vector<Edit> edits = {
      {"    migrate hist", "    migrate 5hist", true},                    // E-SYNTAX
      {"    move 10 users", "    move 99999999999999999999 users", true}, // a count the AST cannot hold
      {"    set fe", "    set fe0 { x " + std::string(300, '[') + std::string(300, ']') + " }\n    set fe",
       true}, // E-LIMIT: nested too deep
      {"  phase p", "  phase p0 \"unterminated {\n  phase p", false},
      {"    deploy front_end", "  }\n}\n  deploy front_end", false},
  };
  for (const Edit &edit : edits) {
    std::string broken = text;
    const size_t at = broken.find(edit.from, late);
    ASSERT_NE(at, std::string::npos) << edit.from;
    broken.replace(at, edit.from.size(), edit.to);
    auto serial = parse(broken, 1);
    ASSERT_FALSE(serial->file) << edit.to;
    ASSERT_EQ(serial->diags.findings().size(), 1u);
    EXPECT_EQ(expectSameAsSerial(broken, 2).fellBack, edit.tried) << edit.to;
  }
  // In the part of this thread, before the first run.
  std::string broken = text;
  broken.replace(broken.find("  site s3 "), 10, "  site 3s3 ");
  EXPECT_TRUE(expectSameAsSerial(broken, 2).fellBack);
}

// Random edits near the places the text splits: whatever they make of the
// text, the parallel parse agrees with the serial one.
TEST(ParallelParse, EditsNearTheRunBoundaries) {
  const std::string base = planOf(kParallelFrom + 4096, {true, true, false});
  std::vector<size_t> boundaries;
  for (const ItemRun &run : detail::splitItems(base, 8))
    for (const char *at : {run.begin, run.end}) boundaries.push_back(size_t(at - base.data()));
  ASSERT_GE(boundaries.size(), 4u);
  const std::string alphabet = "{}[]\"\\#\n\r\t ,-_ax0";
  std::mt19937 rng(18);
  size_t parallel = 0;
  for (int i = 0; i < 60; ++i) {
    std::string text = base;
    for (int edits = 1 + int(rng() % 3); edits > 0; --edits) {
      const size_t near = boundaries[rng() % boundaries.size()];
      const size_t at = std::min(text.size() - 1, near - 40 + rng() % 80);
      if (rng() % 3 == 0)
        text.erase(at, 1 + rng() % 3);
      else
        text.insert(at, 1, alphabet[rng() % alphabet.size()]);
    }
    parallel += expectSameAsSerial(text, 3).runs != 0;
  }
  EXPECT_GT(parallel, 5u); // some edits leave a text that still splits
}

// ------------------------------------------------------------ the pre-scan

TEST(SplitItems, RunsStartAtItemsAndEndAtItemsOrBlockEnds) {
  const std::string text = plan(300, {true, true, true});
  const auto runs = detail::splitItems(text, 8);
  ASSERT_GE(runs.size(), 7u);
  const char *previous = text.data();
  for (const ItemRun &run : runs) {
    EXPECT_TRUE(detail::isRunBoundary(text, run.begin));
    EXPECT_TRUE(detail::isRunBoundary(text, run.end));
    EXPECT_LE(previous, run.begin);
    EXPECT_LT(run.begin, run.end);
    previous = run.end;
    const llvm::StringRef first(run.begin, 6);
    EXPECT_TRUE(run.kind == ItemRun::Kind::Migration ? first == "phase " : first != "phase ") << first.str();
  }
  // The runs cover both blocks from their cut on, up to their closing braces.
  EXPECT_EQ(llvm::StringRef(runs.back().end, 2), "}\r");
  EXPECT_LT(runs.front().begin - text.data(), std::ptrdiff_t(text.size() / 8 + 2000));
}

TEST(SplitItems, DoesNotSplitWhatItCannotScan) {
  const std::string text = plan(100);
  EXPECT_FALSE(detail::splitItems(text, 2).empty());
  EXPECT_TRUE(detail::splitItems(text, 1).empty());
  const size_t late = text.size() * 3 / 4;
  for (const auto &[from, to] : std::vector<std::pair<std::string, std::string>>{
           {"  }\n", "  }}\n"},                    // unbalanced
           {"  }\n", "  \n"},                      // unclosed
           {"\"s9", "\"s9\n"},                     // a string cut by a line break
           {"\"s9", "\"s9\\\n"},                   // ... after a backslash
           {"deployment estate", "deploy estate"}, // not a deployment
       }) {
    std::string broken = text;
    const size_t at = broken.find(from, from[0] == 'd' ? 0 : late);
    ASSERT_NE(at, std::string::npos);
    broken.replace(at, from.size(), to);
    const auto runs = detail::splitItems(broken, 4);
    if (from[0] == 'd') {
      // The migration still splits, the deployment does not.
      EXPECT_FALSE(runs.empty());
      for (const ItemRun &run : runs) EXPECT_EQ(run.kind, ItemRun::Kind::Migration);
    } else {
      EXPECT_TRUE(runs.empty()) << to;
    }
  }
}

TEST(SplitItems, RunBoundaries) {
  const std::string text = "a\n  site x {\n} # x\n\t}\n  x\"y\nb y";
  auto at = [&](const char *s) { return text.data() + text.find(s); };
  EXPECT_TRUE(detail::isRunBoundary(text, at("site")));
  EXPECT_TRUE(detail::isRunBoundary(text, at("\t}") + 1));
  EXPECT_TRUE(detail::isRunBoundary(text, at("}")));
  EXPECT_FALSE(detail::isRunBoundary(text, at("x {")));   // after a word
  EXPECT_FALSE(detail::isRunBoundary(text, at("# x")));   // not an item
  EXPECT_FALSE(detail::isRunBoundary(text, at("x\n\t"))); // in a comment
  EXPECT_FALSE(detail::isRunBoundary(text, at("y\nb")));  // in a string
  EXPECT_FALSE(detail::isRunBoundary(text, text.data())); // the first byte
  EXPECT_TRUE(detail::isRunBoundary(text, at("b y")));
}

} // namespace
} // namespace cutover::parse
