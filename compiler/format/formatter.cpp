#include "compiler/format/formatter.h"

#include "compiler/format/text.h"

#include "compiler/ast/literal.h"

#include <llvm/ADT/STLExtras.h>

#include <algorithm>
#include <fmt/format.h>
#include <optional>
#include <variant>

namespace cutover::format {

using namespace cutover::ast;
using namespace cutover::format::detail;

namespace {

// ---- long clauses ----

// A policy clause longer than this (indentation included) is broken over
// several lines (docs/formatter.md#long-clauses).
constexpr size_t kColumnLimit = 100;

// Columns are Unicode code points: UTF-8 continuation bytes take none.
size_t columns(llvm::StringRef text) {
  return llvm::count_if(text, [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; });
}

// Lays a clause out over several lines, from the widths alone: the result
// depends only on the syntax tree and the indentation, so formatting it
// again gives it back (a fixed point), whatever the source's line breaks.
class ClauseBreaker {
public:
  explicit ClauseBreaker(size_t indent) : indent_(indent) { lines_.emplace_back(); }

  std::vector<std::string> clause(const Clause &c) {
    std::string flat = clauseText(c);
    if (indent_ + columns(flat) <= kColumnLimit) return {flat};
    switch (c.kind) {
    case Clause::Kind::For:
    case Clause::Kind::On:
      put(c.kind == Clause::Kind::For ? "for " + bindersText(c.binders) : "on " + c.verb.name + " " + c.var.name);
      if (c.expr) {
        part("where ");
        expr(*c.expr, indent_ + 4, 0);
      }
      break;
    case Clause::Kind::When:
    case Clause::Kind::Require:
      put(c.kind == Clause::Kind::When ? "when " : "require ");
      expr(*c.expr, indent_ + 4, 0);
      break;
    case Clause::Kind::Message:
    case Clause::Kind::Hint:
      if (!c.expr) return {flat}; // a string is never split
      put(c.kind == Clause::Kind::Message ? "message when " : "hint when ");
      expr(*c.expr, indent_ + 4, 0);
      part(quoteString(c.text.value));
      break;
    case Clause::Kind::Source: return {flat};
    }
    return lines_;
  }

private:
  size_t column() const { return indent_ + columns(lines_.back()); }
  void put(llvm::StringRef text) { lines_.back() += text.str(); }
  void newline(size_t column) { lines_.emplace_back(column - indent_, ' '); }
  bool fits(size_t width, size_t trail) const { return column() + width + trail <= kColumnLimit; }
  // A part of the clause (`where`, the text) on a line of its own, one level in.
  void part(llvm::StringRef text) {
    newline(indent_ + 2);
    put(text);
  }

  // Writes `e` from the current column. `listBase` is where the `and`/`or`
  // lines of `e` start when `e` is such a list; `trail` counts the columns
  // that follow `e` on its last line (closing parentheses).
  void expr(const Expr &e, size_t listBase, size_t trail) {
    std::string flat = exprText(e);
    if (fits(columns(flat), trail)) return put(flat);
    switch (e.kind) {
    case Expr::Kind::And:
    case Expr::Kind::Or: return list(e, listBase, trail);
    case Expr::Kind::Paren:
      put("(");
      expr(*e.args.at(0), column(), trail + 1);
      return put(")");
    case Expr::Kind::Not: put("not "); return expr(*e.args.at(0), column(), trail);
    case Expr::Kind::Exists:
    case Expr::Kind::No:
    case Expr::Kind::Count: return quantifier(e, trail);
    case Expr::Kind::Cmp: {
      // Only the left operand breaks (`count(...) == 1`); the rest follows it.
      const std::string rest = " " + cmpOpText(e.op).str() + " " + exprText(*e.args.at(1));
      expr(*e.args.at(0), column(), trail + columns(rest));
      return put(rest);
    }
    default: return put(flat); // no break inside a call, list, path or literal
    }
  }

  // Greedy: each operand joins the line when it fits, else starts a new line
  // at `base` with its operator. An operand that fits on no line is broken
  // itself (a list directly inside it lines up with its own start), and the
  // operand after a broken one starts a new line, so that no line mixes the
  // end of an inner list with an operator of the outer one.
  void list(const Expr &e, size_t base, size_t trail) {
    const std::string op = e.kind == Expr::Kind::And ? "and " : "or ";
    bool previousBroken = false;
    for (size_t i = 0; i < e.args.size(); ++i) {
      const Expr &arg = *e.args[i];
      const size_t argTrail = i + 1 == e.args.size() ? trail : 0;
      if (i > 0) {
        std::string flat = exprText(arg);
        if (!previousBroken && fits(1 + op.size() + columns(flat), argTrail)) {
          put(" ");
          put(op);
          put(flat);
          continue;
        }
        newline(base);
        put(op);
      }
      const size_t before = lines_.size();
      expr(arg, column(), argTrail);
      previousBroken = lines_.size() != before;
    }
  }

  // `exists x: r` then `where ...` on the next line, one level in.
  void quantifier(const Expr &e, size_t trail) {
    const size_t start = column();
    const bool count = e.kind == Expr::Kind::Count;
    put((e.kind == Expr::Kind::Exists ? "exists "
         : e.kind == Expr::Kind::No   ? "no "
                                      : "count(") +
        bindersText(e.binders));
    if (e.where) {
      newline(start + 2);
      put("where ");
      expr(*e.where, start + 4, trail + (count ? 1 : 0));
    }
    if (count) put(")");
  }

  size_t indent_;
  std::vector<std::string> lines_; // without the indentation
};

llvm::StringRef severityText(PolicySeverity s) {
  switch (s) {
  case PolicySeverity::Error: return "error";
  case PolicySeverity::Warning: return "warning";
  case PolicySeverity::Info: return "info";
  }
  return {};
}

std::string padded(const std::string &text, size_t width) {
  return text + std::string(width > text.size() ? width - text.size() : 0, ' ');
}

// True if [from, to) holds a whole line of only whitespace: the user left a
// blank line there.
bool hasBlankLine(const char *from, const char *to) {
  bool afterNewline = false, lineIsBlank = true;
  for (const char *p = from; p && p < to; ++p) {
    if (*p == '\n') {
      if (afterNewline && lineIsBlank) return true;
      afterNewline = true;
      lineIsBlank = true;
    } else if (*p != ' ' && *p != '\t' && *p != '\r') {
      lineIsBlank = false;
    }
  }
  return false;
}

bool onSameLine(const char *from, const char *to) { return from <= to && std::find(from, to, '\n') == to; }

// One row of an aligned run: a component, or a data declaration whose role
// column reads `data`.
struct Row {
  std::string role;
  const Ident *name;
  const AttrList *attrs;
  SMRange range;
};

class Printer {
public:
  explicit Printer(const File &file) : file_(file) {
    for (const Comment &c : file.comments) comments_.push_back(&c);
    llvm::stable_sort(comments_, [](const Comment *a, const Comment *b) {
      return a->range.Start.getPointer() < b->range.Start.getPointer();
    });
  }

  std::string run() {
    const Item *previous = nullptr;
    for (const Item &item : file_.items) {
      // Runs of `use` or of `waive` lines read as one group: the user's choice
      // of blank lines is kept there; every other pair of top-level items gets
      // exactly one.
      bool sameLineKind = previous && previous->index() == item.index() &&
                          (std::holds_alternative<Use>(item) || std::holds_alternative<Waive>(item));
      forceBlank_ = previous && !sameLineKind;
      std::visit([&](const auto &node) { print(node); }, item);
      previous = &item;
    }
    flushCommentsBefore(nullptr);
    std::string out;
    for (const std::string &line : lines_) out += line + "\n";
    return out;
  }

private:
  // ---- layout primitives ----

  // Emits a blank line before new source-anchored text at `start` when the
  // user had one there (at most one; never first in a block) or when the
  // layout demands one.
  void separate(const char *start) {
    bool blank = forceBlank_ || (!atBlockStart_ && hasBlankLine(prevSourceEnd_, start));
    if (blank && !lines_.empty() && !lines_.back().empty()) lines_.emplace_back("");
    forceBlank_ = false;
    atBlockStart_ = false;
  }

  void noteSourceEnd(const char *end) { prevSourceEnd_ = std::max(prevSourceEnd_, end); }

  // Places every comment that starts before `limit` (all of them when
  // `limit` is null). A comment on the line where the last printed construct
  // ended trails that line; any other comment gets its own line at the
  // current indentation. A comment inside a construct that is printed on one
  // line therefore moves just before it (but see commentOnFirstLine);
  // `constructStart` is where that construct starts: blank lines inside it
  // are not the user's separators. `keepForLater` is skipped: the caller
  // places it.
  void flushCommentsBefore(const char *limit, const char *constructStart = nullptr,
                           const Comment *keepForLater = nullptr) {
    while (nextComment_ < comments_.size()) {
      const Comment &c = *comments_[nextComment_];
      const char *start = c.range.Start.getPointer();
      if (limit && start >= limit) return;
      ++nextComment_;
      if (&c == keepForLater) continue;
      std::string text = commentText(c);
      if (trailingAnchorEnd_ && trailingAnchorEnd_ <= start && onSameLine(trailingAnchorEnd_, start)) {
        lines_.back() += "  " + text;
      } else {
        separate(constructStart ? std::min(start, constructStart) : start);
        lines_.push_back(indentation() + text);
      }
      trailingAnchorEnd_ = nullptr; // one comment per line
      noteSourceEnd(c.range.End.getPointer());
    }
  }

  static std::string commentText(const Comment &c) { return llvm::StringRef(c.text).rtrim().str(); }

  // The comment inside `anchor`, when it is the only one, sits on the
  // construct's first line and the construct has no trailing comment of its
  // own: it can then stay on the construct's (now single) line, which keeps
  // a `# expect:` comment on the line it checks.
  const Comment *commentOnFirstLine(SMRange anchor) const {
    const Comment *inside = nullptr;
    for (size_t i = nextComment_; i < comments_.size(); ++i) {
      const char *start = comments_[i]->range.Start.getPointer();
      if (start >= anchor.End.getPointer()) {
        if (onSameLine(anchor.End.getPointer(), start)) return nullptr;
        break;
      }
      if (start < anchor.Start.getPointer()) continue;
      if (inside) return nullptr;
      inside = comments_[i];
    }
    return inside && onSameLine(anchor.Start.getPointer(), inside->range.Start.getPointer()) ? inside : nullptr;
  }

  std::string indentation() const { return std::string(2 * static_cast<size_t>(indent_), ' '); }

  // One output line for the construct at `anchor`.
  void line(const std::string &text, SMRange anchor) { lines({text}, anchor); }

  // The output lines of one construct (a long clause broken by ClauseBreaker;
  // each line after the first carries its extra indentation). Comments are
  // placed as for one line: one inside on the first line trails the first
  // line, one after the construct trails the last.
  void lines(const std::vector<std::string> &texts, SMRange anchor) {
    const Comment *kept = commentOnFirstLine(anchor);
    flushCommentsBefore(anchor.End.getPointer(), anchor.Start.getPointer(), kept);
    separate(anchor.Start.getPointer());
    for (const std::string &text : texts) lines_.push_back(indentation() + text);
    if (kept) lines_[lines_.size() - texts.size()] += "  " + commentText(*kept);
    trailingAnchorEnd_ = kept ? nullptr : anchor.End.getPointer();
    noteSourceEnd(anchor.End.getPointer());
  }

  void open(const std::string &header, SMRange anchor) {
    line(header + " {", anchor);
    ++indent_;
    atBlockStart_ = true;
  }

  // Ranges end one past their last character, so a block's `}` is just
  // before its range's end.
  void close(SMRange block) {
    const char *brace = block.End.getPointer() - 1;
    flushCommentsBefore(brace);
    --indent_;
    lines_.push_back(indentation() + "}");
    trailingAnchorEnd_ = brace + 1;
    noteSourceEnd(brace + 1);
    atBlockStart_ = false;
  }

  static SMRange upTo(SMRange whole, SMRange last) { return SMRange(whole.Start, last.End); }

  // ---- constructs ----

  void print(const Use &u) { line("use " + (u.pack ? u.pack->name : quoteString(u.path->value)), u.range); }

  void print(const Vocabulary &v) {
    open("vocabulary " + v.name.name, upTo(v.range, v.name.range));
    for (const VocabLine &l : v.lines) line(l.category.name + " " + identList(l.names), l.range);
    close(v.range);
  }

  // Blocks of components: consecutive components and data declarations form
  // a run (a blank line or any other item ends it) that is aligned in columns.
  template <typename Items, typename PrintOther> void printBlockItems(const Items &items, PrintOther printOther) {
    std::vector<Row> run;
    auto flushRun = [&] {
      printRun(run);
      run.clear();
    };
    for (const auto &item : items) {
      std::optional<Row> row = std::visit(
          [](const auto &node) -> std::optional<Row> {
            using T = std::decay_t<decltype(node)>;
            if constexpr (std::is_same_v<T, Component>)
              return Row{node.role.name, &node.name, &node.attrs, node.range};
            else if constexpr (std::is_same_v<T, DataDecl>)
              return Row{"data", &node.name, &node.attrs, node.range};
            else
              return std::nullopt;
          },
          item);
      if (row && !run.empty() && hasBlankLine(run.back().range.End.getPointer(), row->range.Start.getPointer()))
        flushRun();
      if (row) {
        run.push_back(*row);
        continue;
      }
      flushRun();
      std::visit(printOther, item);
    }
    flushRun();
  }

  // Role and name columns are padded to the widest of the run; so is each
  // attribute that is followed by another one on its row.
  void printRun(const std::vector<Row> &run) {
    size_t roleWidth = 0, nameWidth = 0;
    std::vector<size_t> attrWidths;
    for (const Row &r : run) {
      roleWidth = std::max(roleWidth, r.role.size());
      nameWidth = std::max(nameWidth, r.name->name.size());
      const auto &attrs = r.attrs->attrs;
      for (size_t i = 0; i + 1 < attrs.size(); ++i) {
        attrWidths.resize(std::max(attrWidths.size(), i + 1));
        attrWidths[i] = std::max(attrWidths[i], attrText(attrs[i]).size() + 1);
      }
    }
    for (const Row &r : run) {
      std::string text = padded(r.role, roleWidth) + " " + r.name->name;
      if (r.attrs->present) {
        text = padded(text, roleWidth + 1 + nameWidth) + " {";
        const auto &attrs = r.attrs->attrs;
        for (size_t i = 0; i < attrs.size(); ++i)
          text += " " + (i + 1 < attrs.size() ? padded(attrText(attrs[i]) + ",", attrWidths[i]) : attrText(attrs[i]));
        text += attrs.empty() ? "}" : " }";
      }
      line(text, r.range);
    }
  }

  void print(const Site &s) {
    open("site " + s.name.name, upTo(s.range, s.name.range));
    printBlockItems(s.items, [](const auto &) {});
    close(s.range);
  }

  void print(const Deployment &d) {
    open("deployment " + d.name.name, upTo(d.range, d.name.range));
    printBlockItems(d.items, [&](const auto &node) {
      using T = std::decay_t<decltype(node)>;
      if constexpr (std::is_same_v<T, Site>)
        print(node);
      else if constexpr (std::is_same_v<T, Critical>)
        line("critical " + identList(node.services), node.range);
    });
    close(d.range);
  }

  void print(const Phase &p) {
    std::string header = "phase " + p.name.name;
    SMRange headerEnd = p.name.range;
    if (!p.after.empty()) {
      header += " after " + identList(p.after);
      headerEnd = p.after.back().range;
    }
    if (p.title) {
      header += " " + quoteString(p.title->value);
      headerEnd = p.title->range;
    }
    open(header, upTo(p.range, headerEnd));
    for (const Step &s : p.steps) line(stepText(s), s.range);
    close(p.range);
  }

  void print(const Migration &m) {
    std::string header = "migration " + m.name.name + (m.of ? " of " + m.of->name : "");
    open(header, upTo(m.range, m.of ? m.of->range : m.name.range));
    for (const Phase &p : m.phases) print(p);
    close(m.range);
  }

  void print(const Policy &p) {
    open(fmt::format("policy {} {} {}", p.id.name, severityText(p.severity), quoteString(p.title.value)),
         upTo(p.range, p.title.range));
    for (const Clause &c : p.clauses) lines(ClauseBreaker(indentation().size()).clause(c), c.range);
    close(p.range);
  }

  void print(const Waive &w) {
    std::string text = "waive " + w.policy.name;
    if (!w.entities.empty()) text += " for " + identList(w.entities);
    if (w.until) text += " until " + quoteString(w.until->value);
    line(text + " " + quoteString(w.reason.value), w.range);
  }

  const File &file_;
  std::vector<const Comment *> comments_; // in source order
  size_t nextComment_ = 0;

  std::vector<std::string> lines_;
  int indent_ = 0;
  bool atBlockStart_ = true;                // no blank line at the start of the file or of a block
  bool forceBlank_ = false;                 // the next line is a new top-level item
  const char *prevSourceEnd_ = nullptr;     // end of the last printed source text
  const char *trailingAnchorEnd_ = nullptr; // end of the construct on the last line, if it may take a comment
};

} // namespace

// The ranges are plain pointers into the SourceMgr's buffer: it only has to
// outlive the call.
std::string formatFile(const File &file, const llvm::SourceMgr &) { return Printer(file).run(); }

} // namespace cutover::format
