#include "compiler/ast/dump.h"

#include "compiler/ast/literal.h"

namespace cutover::ast {

llvm::StringRef verbKeyword(Verb verb) {
  static constexpr const char *kKeywords[] = {"deploy", "decommission", "move",    "enable", "disable",
                                              "set",    "backup",       "migrate", "confirm"};
  return kKeywords[static_cast<size_t>(verb)];
}

namespace {

std::string valueText(const Value &v) {
  switch (v.kind) {
  case Value::Kind::Int: return "int " + v.text;
  case Value::Kind::Version: return "version " + v.text;
  case Value::Kind::String: return "string " + quoteString(v.text);
  case Value::Kind::Bool: return v.boolean ? "bool true" : "bool false";
  case Value::Kind::Ident: return "ident " + v.text;
  case Value::Kind::List: {
    std::string out = "list [";
    for (const Value &item : v.items) out += (&item == &v.items.front() ? "" : ", ") + valueText(item);
    return out + "]";
  }
  case Value::Kind::None: return "none";
  }
  return "?";
}

std::string names(const std::vector<Ident> &ids) {
  std::string out;
  for (const Ident &id : ids) out += (out.empty() ? "" : ", ") + id.name;
  return out;
}

std::string binders(const std::vector<Binder> &list) {
  std::string out;
  for (const Binder &b : list) {
    if (!out.empty()) out += ", ";
    out += b.var.name + ":";
    for (const Ident &kind : b.kinds) out += (&kind == &b.kinds.front() ? " " : " | ") + kind.name;
  }
  return out;
}

llvm::StringRef cmpText(CmpOp op) {
  static constexpr const char *kOps[] = {"==", "!=", "<=", ">=", "<", ">", "in"};
  return kOps[static_cast<size_t>(op)];
}

// The prefix form: `(op operand...)`, so precedence is visible at a glance.
std::string exprText(const Expr &e) {
  auto args = [&] {
    std::string out;
    for (const ExprPtr &arg : e.args) out += " " + exprText(*arg);
    return out;
  };
  auto quantifier = [&](const char *word) {
    return std::string("(") + word + " [" + binders(e.binders) + "]" + (e.where ? " " + exprText(*e.where) : "") + ")";
  };
  switch (e.kind) {
  case Expr::Kind::Literal: return "(" + valueText(e.literal) + ")";
  case Expr::Kind::Path: {
    std::string path;
    for (const Ident &id : e.path) path += (path.empty() ? "" : ".") + id.name;
    return "(path " + path + ")";
  }
  case Expr::Kind::Call: return "(call " + e.callee.name + args() + ")";
  case Expr::Kind::List: return "(list" + args() + ")";
  case Expr::Kind::Not: return "(not" + args() + ")";
  case Expr::Kind::And: return "(and" + args() + ")";
  case Expr::Kind::Or: return "(or" + args() + ")";
  case Expr::Kind::Cmp: return "(" + cmpText(e.op).str() + args() + ")";
  case Expr::Kind::Exists: return quantifier("exists");
  case Expr::Kind::No: return quantifier("no");
  case Expr::Kind::Count: return quantifier("count");
  case Expr::Kind::Paren: return "(paren" + args() + ")";
  }
  return "?";
}

llvm::StringRef severityText(PolicySeverity s) {
  static constexpr const char *kSeverities[] = {"error", "warning", "info"};
  return kSeverities[static_cast<size_t>(s)];
}

class Dumper {
public:
  Dumper(const File &file, const llvm::SourceMgr &sm, llvm::raw_ostream &os)
      : buffer_(sm.getMemoryBuffer(file.bufferId)->getBuffer()), os_(os) {
    lineStart_ = cursor_ = buffer_.begin();
  }

  void file(const File &f) {
    os_ << "file " << f.path << (f.pack.empty() ? "" : " pack=" + f.pack) << '\n';
    for (const Item &item : f.items) std::visit([&](const auto &node) { print(node, 1); }, item);
    for (const Comment &c : f.comments) line(1, "comment " + quoteString(c.text), c.range);
  }

private:
  // One node: indentation, text, position.
  void line(int depth, const std::string &text, SMRange at) {
    os_.indent(2 * depth) << text << ' ' << position(at.Start) << '\n';
  }
  // A detail of the node above it, without a position of its own.
  void detail(int depth, const std::string &text) { os_.indent(2 * depth) << text << '\n'; }

  // Positions are asked for in source order (a node starts before its
  // children and after its earlier siblings), so one forward scan finds the
  // lines of the whole file; a step back starts the scan over.
  std::string position(SMLoc loc) {
    const char *p = loc.getPointer();
    if (!p || p < buffer_.begin() || p > buffer_.end()) return "?";
    if (p < cursor_) {
      cursor_ = lineStart_ = buffer_.begin();
      lineNo_ = 1;
    }
    for (; cursor_ < p; ++cursor_)
      if (*cursor_ == '\n') {
        ++lineNo_;
        lineStart_ = cursor_ + 1;
      }
    return std::to_string(lineNo_) + ":" + std::to_string(p - lineStart_ + 1);
  }

  void attrs(const AttrList &list, int depth) {
    if (list.present && list.attrs.empty()) detail(depth, "attrs {}");
    for (const Attr &a : list.attrs) line(depth, "attr " + a.key.name + " " + valueText(a.value), a.key.range);
  }

  void print(const Use &u, int depth) {
    line(depth, "use " + (u.pack ? u.pack->name : quoteString(u.path->value)), u.range);
  }

  void print(const Vocabulary &v, int depth) {
    line(depth, "vocabulary " + v.name.name, v.range);
    for (const VocabLine &l : v.lines) line(depth + 1, l.category.name + " " + names(l.names), l.range);
  }

  void print(const Component &c, int depth) {
    line(depth, "component " + c.role.name + " " + c.name.name, c.range);
    attrs(c.attrs, depth + 1);
  }

  void print(const DataDecl &d, int depth) {
    line(depth, "data " + d.name.name, d.range);
    attrs(d.attrs, depth + 1);
  }

  void print(const Critical &c, int depth) { line(depth, "critical " + names(c.services), c.range); }

  void print(const Site &s, int depth) {
    line(depth, "site " + s.name.name, s.range);
    for (const auto &item : s.items) std::visit([&](const auto &node) { print(node, depth + 1); }, item);
  }

  void print(const Deployment &d, int depth) {
    line(depth, "deployment " + d.name.name, d.range);
    for (const auto &item : d.items) std::visit([&](const auto &node) { print(node, depth + 1); }, item);
  }

  // Every operand field the parser set, by its name in ast::Step.
  void print(const Step &s, int depth) {
    std::string text = "step " + verbKeyword(s.verb).str();
    if (!s.role.name.empty()) text += " role=" + s.role.name;
    if (!s.service.name.empty()) text += " service=" + s.service.name;
    if (!s.subjects.empty()) text += " subjects=[" + names(s.subjects) + "]";
    if (s.moveAll)
      text += " count=all";
    else if (s.count.kind == Value::Kind::Int)
      text += " count=" + s.count.text;
    if (!s.target.name.empty()) text += " target=" + s.target.name;
    if (s.text.range.Start.isValid()) text += " text=" + quoteString(s.text.value);
    line(depth, text, s.range);
    attrs(s.attrs, depth + 1);
  }

  void print(const Phase &p, int depth) {
    std::string text = "phase " + p.name.name;
    if (!p.after.empty()) text += " after [" + names(p.after) + "]";
    if (p.title) text += " " + quoteString(p.title->value);
    line(depth, text, p.range);
    for (const Step &s : p.steps) print(s, depth + 1);
  }

  void print(const Migration &m, int depth) {
    line(depth, "migration " + m.name.name + (m.of ? " of " + m.of->name : ""), m.range);
    for (const Phase &p : m.phases) print(p, depth + 1);
  }

  void print(const Clause &c, int depth) {
    auto condition = [&](const char *word) {
      if (c.expr) detail(depth + 1, std::string(word) + " " + exprText(*c.expr));
    };
    switch (c.kind) {
    case Clause::Kind::When: return line(depth, "when " + exprText(*c.expr), c.range);
    case Clause::Kind::For: line(depth, "for " + binders(c.binders), c.range); return condition("where");
    case Clause::Kind::On: line(depth, "on " + c.verb.name + " " + c.var.name, c.range); return condition("where");
    case Clause::Kind::Require: return line(depth, "require " + exprText(*c.expr), c.range);
    case Clause::Kind::Message: line(depth, "message " + quoteString(c.text.value), c.range); return condition("when");
    case Clause::Kind::Hint: line(depth, "hint " + quoteString(c.text.value), c.range); return condition("when");
    case Clause::Kind::Source: return line(depth, "source " + quoteString(c.text.value), c.range);
    }
  }

  void print(const Policy &p, int depth) {
    line(depth, "policy " + p.id.name + " " + severityText(p.severity).str() + " " + quoteString(p.title.value),
         p.range);
    for (const Clause &c : p.clauses) print(c, depth + 1);
  }

  void print(const Waive &w, int depth) {
    std::string text = "waive " + w.policy.name;
    if (!w.entities.empty()) text += " for [" + names(w.entities) + "]";
    if (w.until) text += " until " + quoteString(w.until->value);
    line(depth, text + " " + quoteString(w.reason.value), w.range);
  }

  llvm::StringRef buffer_;
  llvm::raw_ostream &os_;
  const char *cursor_;
  const char *lineStart_;
  unsigned lineNo_ = 1;
};

} // namespace

void dumpFile(const File &file, const llvm::SourceMgr &sm, llvm::raw_ostream &os) { Dumper(file, sm, os).file(file); }

} // namespace cutover::ast
