// Parsing is one pass: PEGTL matches grammar::file and actions attached to
// its rules build the typed ast::File as the rules succeed (no parse tree:
// building, walking and freeing one was most of the parse of a large plan).
//
// An action runs only when its rule matched, but an enclosing rule may still
// fail afterwards and backtrack. In this grammar almost every construct is
// committed once its first token matched (the rest is under must<>, so it
// either matches or raises), so most actions fill the one construct in
// progress of their kind. Only two rules fail after an inner action ran: a
// binder after its variable (`, x` not followed by `:` ends the binders) and
// a call after its callee (`f` not followed by `(` is a path). Those, and
// every construct that nests, save the heights of the builder's stacks when
// they start and restore them when they fail (Control below).
#include "compiler/parse/parser.h"

#include "grammar/cut.hpp"

#include <fmt/format.h>
#include <llvm/Support/ConvertUTF.h>

#include <algorithm>
#include <array>
#include <cassert>
#include <cctype>
#include <charconv>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <variant>
#include <vector>

namespace cutover::parse {
namespace {

namespace p = tao::pegtl;
namespace g = cutover::grammar;

// ------------------------------------------------------------ error messages

// A string literal as a template argument.
template <size_t N> struct Literal {
  char chars[N] = {};
  consteval Literal(const char (&text)[N]) { std::copy_n(text, N, chars); }
  constexpr std::string_view view() const { return {chars, N - 1}; }
};

// A row of syntax_errors.def as the parser prints it: `{verbs}` replaced by
// the step keywords, a constant with a stable address.
template <Literal Text> struct SyntaxError {
  static constexpr std::string_view kVerbs = "{verbs}";
  static constexpr size_t expandedSize() {
    const size_t at = Text.view().find(kVerbs);
    return at == std::string_view::npos ? Text.view().size()
                                        : Text.view().size() - kVerbs.size() + ast::kKeywordList.view().size();
  }
  static constexpr auto chars = [] {
    std::array<char, expandedSize() + 1> out{};
    const std::string_view text = Text.view();
    const size_t at = std::min(text.find(kVerbs), text.size());
    std::string_view pieces[] = {text.substr(0, at), at == text.size() ? std::string_view() : ast::kKeywordList.view(),
                                 at == text.size() ? std::string_view() : text.substr(at + kVerbs.size())};
    size_t n = 0;
    for (std::string_view piece : pieces)
      for (char c : piece) out[n++] = c;
    return out;
  }();
};

// The message raised when a must<Rule> fails. Control::raise static_asserts
// that every rule under must<> has one.
// Whether a rule has one is a flag of its own: under AddressSanitizer the
// address of the text is no constant expression a static_assert can test.
template <typename Rule> inline constexpr const char *errorMessage = nullptr;
template <typename Rule> inline constexpr bool hasErrorMessage = false;
#define CUTOVER_SYNTAX_ERROR(RULE, TEXT)                                                                              \
  template <> inline constexpr const char *errorMessage<RULE> = SyntaxError<TEXT>::chars.data();                     \
  template <> inline constexpr bool hasErrorMessage<RULE> = true;
#include "compiler/parse/syntax_errors.def"
#undef CUTOVER_SYNTAX_ERROR

// ------------------------------------------------------------------ builder

// Thrown past the nesting limit; reported as E-LIMIT instead of E-SYNTAX.
struct DepthError : p::parse_error {
  using p::parse_error::parse_error;
};

// A well-formed parse the AST cannot hold (a move count beyond int64). It is
// reported only once the whole file parsed: a syntax error anywhere comes first.
struct BuildError {
  llvm::SMRange range;
  std::string message;
};

// The runs of whitespace and comments that follow tokens. Composite rules
// match their trailing run, AST ranges must not include it: a construct that
// ends at `end` ends, in its range, where the run that ends at `end` starts.
// Constructs complete in text order and are never backtracked over, so each
// query drops the runs before its own.
class SkipRuns {
public:
  void add(const char *begin, const char *end) { runs_.push_back({begin, end}); }
  // The start of the run that ends at `end`, or `end` itself.
  const char *startOf(const char *end) {
    // Runs past `end` come from attempts that failed after the construct's last token.
    size_t i = runs_.size();
    while (i != 0 && runs_[i - 1].end > end) --i;
    const char *start = end;
    // The last match of a run wins (a token re-matched after backtracking).
    if (i != 0 && runs_[i - 1].end == end) start = runs_[--i].begin;
    runs_.erase(runs_.begin(), runs_.begin() + std::ptrdiff_t(i));
    return start;
  }

private:
  struct Run {
    const char *begin, *end;
  };
  std::vector<Run> runs_;
};

// The text a rule matched.
struct Span {
  const char *begin, *end;
};

// Tags the handler of one rule: On<data_attrs> does not convert to On<attrs>.
template <typename Rule> struct On {};

// Builds the AST from the actions of the rules it has a handler for, `on(On<Rule>, Span)`.
class Builder {
public:
  explicit Builder(ast::File &file) : file_(file) {}

  // ---- what Control tracks for every rule

  unsigned depth = 0; // of nest_in/nest_out
  SkipRuns skips;
  const char *skipBegin = nullptr;
  const char *commentBegin = nullptr;

  // A comment re-matched after backtracking is kept once.
  void addComment(const char *end) {
    if (!file_.comments.empty() && file_.comments.back().range.Start.getPointer() >= commentBegin) return;
    file_.comments.push_back({std::string(commentBegin, end), {loc(commentBegin), loc(end)}});
  }

  // The heights of the stacks, saved when a rule that may fail after its
  // inner actions ran (or that takes a variable number of operands) starts.
  void saveStacks() {
    marks_.push_back({uint32_t(exprs_.size()), uint32_t(values_.size()), uint32_t(binders_.size()),
                      uint32_t(callees_.size())});
  }
  void dropSave() { marks_.pop_back(); }
  void restoreStacks() {
    const Mark &m = marks_.back();
    exprs_.resize(m.exprs);
    values_.resize(m.values);
    binders_.resize(m.binders);
    callees_.resize(m.callees);
    marks_.pop_back();
  }

  std::string_view phaseName() const { return phase_.name.name; }
  const std::optional<BuildError> &buildError() const { return buildError_; }

  // ---- top items

  // use = "use" (IDENT | STRING)
  void on(On<g::use_pack>, Span s) { use_.pack = ident(s); }
  void on(On<g::use_path>, Span s) { use_.path = stringLit(s); }
  void on(On<g::use_item>, Span s) {
    use_.range = trimmed(s);
    file_.items.emplace_back(take(use_));
  }

  // vocabulary = "vocabulary" IDENT "{" vocab_line* "}"
  // vocab_line = ("roles" | "services" | "data" | "tags" | "symbols" | "pinned") IDENT ("," IDENT)*
  void on(On<g::vocab_name>, Span s) { vocabulary_.name = ident(s); }
  void on(On<g::vocab_category>, Span s) { vocabLine_.category = ident(s); }
  void on(On<g::vocab_entry>, Span s) { vocabLine_.names.push_back(ident(s)); }
  void on(On<g::vocab_line>, Span s) {
    vocabLine_.range = trimmed(s);
    vocabulary_.lines.push_back(take(vocabLine_));
  }
  void on(On<g::vocabulary>, Span s) {
    vocabulary_.range = trimmed(s);
    file_.items.emplace_back(take(vocabulary_));
  }

  // ---- deployment

  // deployment = "deployment" IDENT "{" (site | data_decl | critical | component)* "}"
  void on(On<g::deployment_name>, Span s) { deployment_.name = ident(s); }
  void on(On<g::deployment>, Span s) {
    deployment_.range = trimmed(s);
    file_.items.emplace_back(take(deployment_));
  }

  // site = "site" IDENT "{" (data_decl | component)* "}"
  void on(On<g::site_name>, Span s) {
    site_.name = ident(s);
    inSite_ = true;
  }
  void on(On<g::site>, Span s) {
    site_.range = trimmed(s);
    site_.items = takeFrom(siteItems_, 0);
    deployment_.items.emplace_back(take(site_));
    inSite_ = false;
  }

  // component = ROLE IDENT attrs?  (built where it goes: committed once its role matched)
  void on(On<g::component_role>, Span s) { (component_ = &newItem<ast::Component>())->role = ident(s); }
  void on(On<g::component_name>, Span s) { component_->name = ident(s); }
  void on(On<g::component>, Span s) {
    component_->attrs = take(attrs_);
    component_->range = trimmed(s);
  }

  // data_decl = "data" IDENT attrs
  void on(On<g::data_name>, Span s) { (data_ = &newItem<ast::DataDecl>())->name = ident(s); }
  void on(On<g::data_decl>, Span s) {
    data_->attrs = take(attrs_);
    data_->range = trimmed(s);
  }

  // critical = "critical" IDENT ("," IDENT)*
  void on(On<g::critical_service>, Span s) { critical_.services.push_back(ident(s)); }
  void on(On<g::critical>, Span s) {
    critical_.range = trimmed(s);
    deployment_.items.emplace_back(take(critical_));
  }

  // ---- attributes and values

  // attrs = "{" (attr ("," attr)* ","?)? "}"; the construct that holds them takes them.
  void on(On<g::attrs>, Span s) { closeAttrs(s); }
  void on(On<g::data_attrs>, Span s) { closeAttrs(s); }
  void on(On<g::step_attrs>, Span s) { closeAttrs(s); }
  // attr = IDENT value
  void on(On<g::attr_key>, Span s) { attrKey_ = ident(s); }
  void on(On<g::attr>, Span) { attrScratch_.push_back({take(attrKey_), popValue()}); }

  // Values (and literals of expressions) go on the value stack.
  void on(On<g::number>, Span s) {
    bool version = std::find(s.begin, s.end, '.') != s.end;
    pushValue(version ? ast::Value::Kind::Version : ast::Value::Kind::Int, s).text.assign(s.begin, s.end);
  }
  void on(On<g::string_lit>, Span s) { pushValue(ast::Value::Kind::String, s).text = stringLit(s).value; }
  void on(On<g::kw_true>, Span s) { pushValue(ast::Value::Kind::Bool, s).boolean = true; }
  void on(On<g::kw_false>, Span s) { pushValue(ast::Value::Kind::Bool, s); }
  void on(On<g::kw_none>, Span s) { pushValue(ast::Value::Kind::None, s); }
  void on(On<g::value_ident>, Span s) { pushValue(ast::Value::Kind::Ident, s).text.assign(s.begin, s.end); }
  // value_list = "[" (value ("," value)*)? "]"
  void on(On<g::value_list>, Span s) {
    ast::Value list;
    list.kind = ast::Value::Kind::List;
    list.range = trimmed(s);
    list.items = takeFrom(values_, marks_.back().values);
    values_.push_back(std::move(list));
  }

  // ---- migration

  // migration = "migration" IDENT ("of" IDENT)? "{" phase* "}"
  void on(On<g::migration_name>, Span s) { migration_.name = ident(s); }
  void on(On<g::migration_of>, Span s) { migration_.of = ident(s); }
  void on(On<g::migration>, Span s) {
    migration_.range = trimmed(s);
    file_.items.emplace_back(take(migration_));
  }

  // phase = "phase" IDENT ("after" IDENT ("," IDENT)*)? STRING? "{" step* "}"
  void on(On<g::phase_name>, Span s) { phase_.name = ident(s); }
  void on(On<g::phase_after>, Span s) { phase_.after.push_back(ident(s)); }
  void on(On<g::phase_title>, Span s) { phase_.title = stringLit(s); }
  void on(On<g::phase>, Span s) {
    phase_.range = trimmed(s);
    migration_.phases.push_back(take(phase_));
  }

  // The operands of steps (see ast::Step for which verb sets which).
  void on(On<g::step_role>, Span s) { step_.role = ident(s); }
  void on(On<g::step_subject>, Span s) { step_.subjects.push_back(ident(s)); }
  void on(On<g::step_service>, Span s) { step_.service = ident(s); }
  void on(On<g::step_target>, Span s) { step_.target = ident(s); }
  void on(On<g::step_text>, Span s) { step_.text = stringLit(s); }
  void on(On<g::kw_all>, Span) { step_.moveAll = true; }
  void on(On<g::move_number>, Span s) {
    step_.count.kind = ast::Value::Kind::Int;
    step_.count.range = token(s);
    step_.count.text.assign(s.begin, s.end);
    std::int64_t parsed = 0;
    auto [end, ec] = std::from_chars(s.begin, s.end, parsed);
    if (ec != std::errc() && !buildError_) buildError_ = BuildError{step_.count.range, "number too large"};
  }
  // One step rule per row of verbs.def.
#define CUTOVER_VERB(Enum, Keyword, Rule, Syntax, Subject, Status, Attrs)                                       \
  void on(On<g::Rule>, Span s) { closeStep(ast::Verb::Enum, s); }
#include "compiler/ast/verbs.def"

  // ---- policy

  // policy = "policy" IDENT ("error" | "warning" | "info") STRING "{" clause* "}"
  void on(On<g::policy_id>, Span s) { policy_.id = ident(s); }
  void on(On<g::severity>, Span s) {
    std::string_view word(s.begin, size_t(s.end - s.begin));
    policy_.severityRange = token(s);
    policy_.severity = word == "error"     ? ast::PolicySeverity::Error
                       : word == "warning" ? ast::PolicySeverity::Warning
                                           : ast::PolicySeverity::Info;
  }
  void on(On<g::policy_title>, Span s) { policy_.title = stringLit(s); }
  void on(On<g::policy>, Span s) {
    policy_.range = trimmed(s);
    file_.items.emplace_back(take(policy_));
  }

  // Clauses: at this level the expression and binder stacks hold only the clause's own.
  void on(On<g::when_clause>, Span s) {
    clause_.expr = popExpr();
    closeClause(ast::Clause::Kind::When, s);
  }
  void on(On<g::require_clause>, Span s) {
    clause_.expr = popExpr();
    closeClause(ast::Clause::Kind::Require, s);
  }
  void on(On<g::for_clause>, Span s) {
    clause_.binders = takeFrom(binders_, 0);
    clause_.expr = optionalWhere(0);
    closeClause(ast::Clause::Kind::For, s);
  }
  void on(On<g::on_verb>, Span s) {
    clause_.verb = ident(s);
    // on_verb matches only keywords of verbs.def (tests/unit/parse/verbs_test.cpp).
    std::optional<ast::Verb> verb = ast::verbNamed(clause_.verb.name);
    assert(verb && "a step keyword of the grammar that verbs.def does not know");
    clause_.guarded = verb.value_or(ast::Verb::Deploy);
  }
  void on(On<g::on_var>, Span s) { clause_.var = ident(s); }
  void on(On<g::on_clause>, Span s) {
    clause_.expr = optionalWhere(0);
    closeClause(ast::Clause::Kind::On, s);
  }
  void on(On<g::clause_text>, Span s) { clause_.text = stringLit(s); }
  // message_clause / hint_clause = ("message" | "hint") ("when" expr)? STRING
  void on(On<g::message_clause>, Span s) {
    clause_.expr = optionalWhere(0);
    closeClause(ast::Clause::Kind::Message, s);
  }
  void on(On<g::hint_clause>, Span s) {
    clause_.expr = optionalWhere(0);
    closeClause(ast::Clause::Kind::Hint, s);
  }
  void on(On<g::source_clause>, Span s) { closeClause(ast::Clause::Kind::Source, s); }

  // binder = NAME ":" kind ("|" kind)*; a binder whose ':' is missing is dropped by restoreStacks.
  void on(On<g::binder_var>, Span s) { binders_.push_back({ident(s), {}, {}}); }
  void on(On<g::binder_kind>, Span s) { binders_.back().kinds.push_back(ident(s)); }
  void on(On<g::first_binder>, Span s) { binders_.back().range = trimmed(s); }
  void on(On<g::binder>, Span s) { binders_.back().range = trimmed(s); }

  // ---- expressions, on the expression stack

  void on(On<g::literal>, Span) {
    ast::Value v = popValue();
    auto e = makeExpr(ast::Expr::Kind::Literal, v.range);
    e->literal = std::move(v);
    exprs_.push_back(std::move(e));
  }
  // path = NAME ("." IDENT)*
  void on(On<g::path_head>, Span s) { path_.push_back(ident(s)); }
  void on(On<g::attr_name>, Span s) { path_.push_back(ident(s)); }
  void on(On<g::path>, Span s) {
    auto e = makeExpr(ast::Expr::Kind::Path, trimmed(s));
    e->path = take(path_);
    exprs_.push_back(std::move(e));
  }
  // call = NAME "(" (expr ("," expr)*)? ")"; a callee without '(' is dropped by restoreStacks.
  void on(On<g::callee>, Span s) { callees_.push_back(ident(s)); }
  void on(On<g::call>, Span s) {
    auto e = makeExpr(ast::Expr::Kind::Call, trimmed(s));
    e->callee = std::move(callees_.back());
    callees_.pop_back();
    e->args = takeFrom(exprs_, marks_.back().exprs);
    exprs_.push_back(std::move(e));
  }
  // paren_expr = "(" expr ")"
  void on(On<g::paren_expr>, Span s) { wrap(ast::Expr::Kind::Paren, s); }
  // list_expr = "[" (expr ("," expr)*)? "]"
  void on(On<g::list_expr>, Span s) { combine(ast::Expr::Kind::List, s); }
  // exists_expr, no_expr = ("exists" | "no") binders ("where" expr)?;  count_expr = "count" "(" ... ")"
  void on(On<g::exists_expr>, Span s) { quantifier(ast::Expr::Kind::Exists, s); }
  void on(On<g::no_expr>, Span s) { quantifier(ast::Expr::Kind::No, s); }
  void on(On<g::count_expr>, Span s) { quantifier(ast::Expr::Kind::Count, s); }
  // cmp_expr = term (cmp_op term)?: a term alone is just that term.
  void on(On<g::cmp_op>, Span s) { ops_.push_back(cmpOp({s.begin, size_t(s.end - s.begin)})); }
  void on(On<g::cmp_expr>, Span s) {
    if (exprs_.size() - marks_.back().exprs < 2) return;
    combine(ast::Expr::Kind::Cmp, s);
    exprs_.back()->op = ops_.back();
    ops_.pop_back();
  }
  // not_expr = "not" unary
  void on(On<g::not_expr>, Span s) { wrap(ast::Expr::Kind::Not, s); }
  // and_expr = unary ("and" unary)*;  expr = and_expr ("or" and_expr)*  (one operand: just that operand)
  void on(On<g::and_expr>, Span s) {
    if (exprs_.size() - marks_.back().exprs > 1) combine(ast::Expr::Kind::And, s);
  }
  void on(On<g::expr>, Span s) {
    if (exprs_.size() - marks_.back().exprs > 1) combine(ast::Expr::Kind::Or, s);
  }

  // ---- waive = "waive" IDENT ("for" IDENT ("," IDENT)*)? ("until" STRING)? STRING

  void on(On<g::waive_policy>, Span s) { waive_.policy = ident(s); }
  void on(On<g::waive_entity>, Span s) { waive_.entities.push_back(ident(s)); }
  void on(On<g::waive_until>, Span s) { waive_.until = stringLit(s); }
  void on(On<g::waive_reason>, Span s) { waive_.reason = stringLit(s); }
  void on(On<g::waive>, Span s) {
    waive_.range = trimmed(s);
    file_.items.emplace_back(take(waive_));
  }

private:
  struct Mark {
    uint32_t exprs, values, binders, callees;
  };

  ast::File &file_;
  // The construct in progress of each kind that does not nest.
  ast::Use use_;
  ast::Vocabulary vocabulary_;
  ast::VocabLine vocabLine_;
  ast::Deployment deployment_;
  ast::Site site_;
  bool inSite_ = false; // components and data sets go to siteItems_, else to deployment_
  std::vector<std::variant<ast::Component, ast::DataDecl>> siteItems_;
  ast::Component *component_ = nullptr; // in siteItems_ or deployment_
  ast::DataDecl *data_ = nullptr;
  ast::Critical critical_;
  ast::AttrList attrs_;
  std::vector<ast::Attr> attrScratch_; // attrs_ so far (moved out at once: one allocation per list)
  ast::Ident attrKey_;
  ast::Migration migration_;
  ast::Phase phase_;
  ast::Step step_;
  ast::Policy policy_;
  ast::Clause clause_;
  ast::Waive waive_;
  std::vector<ast::Ident> path_;
  // Operands of what nests, innermost last.
  std::vector<ast::Value> values_;
  std::vector<ast::ExprPtr> exprs_;
  std::vector<ast::Binder> binders_;
  std::vector<ast::Ident> callees_;
  std::vector<ast::CmpOp> ops_;
  std::vector<Mark> marks_;
  std::optional<BuildError> buildError_;

  template <typename T> static T take(T &x) { return std::exchange(x, T{}); }

  // Moves stack[from..] out (into a vector of their exact size).
  template <typename T> static std::vector<T> takeFrom(std::vector<T> &stack, size_t from) {
    std::vector<T> out(std::make_move_iterator(stack.begin() + std::ptrdiff_t(from)),
                       std::make_move_iterator(stack.end()));
    stack.resize(from);
    return out;
  }

  static llvm::SMLoc loc(const char *p) { return llvm::SMLoc::getFromPointer(p); }
  // A token's range (tokens do not include the whitespace after them).
  static llvm::SMRange token(Span s) { return {loc(s.begin), loc(s.end)}; }
  // A construct's range, without the whitespace and comments it matched last.
  llvm::SMRange trimmed(Span s) { return {loc(s.begin), loc(skips.startOf(s.end))}; }

  static ast::Ident ident(Span s) { return {std::string(s.begin, s.end), token(s)}; }

  static ast::StringLit stringLit(Span s) {
    std::string_view body(s.begin + 1, size_t(s.end - s.begin) - 2);
    std::string decoded;
    decoded.reserve(body.size());
    for (size_t i = 0; i < body.size(); ++i) {
      if (body[i] != '\\') {
        decoded += body[i];
        continue;
      }
      // The grammar admits only these four escapes.
      switch (body[++i]) {
      case 'n': decoded += '\n'; break;
      case 't': decoded += '\t'; break;
      default: decoded += body[i]; break;
      }
    }
    return {std::move(decoded), token(s)};
  }

  ast::Value &pushValue(ast::Value::Kind kind, Span s) {
    ast::Value &v = values_.emplace_back();
    v.kind = kind;
    v.range = token(s);
    return v;
  }
  ast::Value popValue() {
    ast::Value v = std::move(values_.back());
    values_.pop_back();
    return v;
  }
  ast::ExprPtr popExpr() {
    ast::ExprPtr e = std::move(exprs_.back());
    exprs_.pop_back();
    return e;
  }
  // The `where` expression past `mark`, if one was given.
  ast::ExprPtr optionalWhere(size_t mark) { return exprs_.size() > mark ? popExpr() : nullptr; }

  void closeAttrs(Span s) {
    attrs_.present = true;
    attrs_.range = trimmed(s);
    attrs_.attrs = takeFrom(attrScratch_, 0);
  }

  // A new component or data set at the end of the site or deployment in progress.
  template <typename Item> Item &newItem() {
    if (inSite_) return std::get<Item>(siteItems_.emplace_back(std::in_place_type<Item>));
    return std::get<Item>(deployment_.items.emplace_back(std::in_place_type<Item>));
  }

  void closeStep(ast::Verb verb, Span s) {
    step_.verb = verb;
    step_.range = trimmed(s);
    step_.attrs = take(attrs_);
    phase_.steps.push_back(take(step_));
  }

  void closeClause(ast::Clause::Kind kind, Span s) {
    clause_.kind = kind;
    clause_.range = trimmed(s);
    policy_.clauses.push_back(take(clause_));
  }

  static ast::ExprPtr makeExpr(ast::Expr::Kind kind, llvm::SMRange range) {
    auto e = std::make_unique<ast::Expr>();
    e->kind = kind;
    e->range = range;
    return e;
  }
  // An expression of the operands pushed since the rule started.
  void combine(ast::Expr::Kind kind, Span s) {
    auto e = makeExpr(kind, trimmed(s));
    e->args = takeFrom(exprs_, marks_.back().exprs);
    exprs_.push_back(std::move(e));
  }
  // An expression of the one operand on top.
  void wrap(ast::Expr::Kind kind, Span s) {
    auto e = makeExpr(kind, trimmed(s));
    e->args.push_back(popExpr());
    exprs_.push_back(std::move(e));
  }
  void quantifier(ast::Expr::Kind kind, Span s) {
    const Mark &m = marks_.back();
    auto e = makeExpr(kind, trimmed(s));
    e->binders = takeFrom(binders_, m.binders);
    e->where = optionalWhere(m.exprs);
    exprs_.push_back(std::move(e));
  }

  static ast::CmpOp cmpOp(std::string_view op) {
    if (op == "==") return ast::CmpOp::Eq;
    if (op == "!=") return ast::CmpOp::Ne;
    if (op == "<=") return ast::CmpOp::Le;
    if (op == ">=") return ast::CmpOp::Ge;
    if (op == "<") return ast::CmpOp::Lt;
    if (op == ">") return ast::CmpOp::Gt;
    return ast::CmpOp::In;
  }
};

template <typename Rule> struct Action : p::nothing<Rule> {};
template <typename Rule>
  requires requires(Builder &b, Span s) { b.on(On<Rule>{}, s); }
struct Action<Rule> {
  template <typename ActionInput> static void apply(const ActionInput &in, Builder &b) {
    b.on(On<Rule>{}, {in.begin(), in.end()});
  }
};

// ------------------------------------------------------------------ control

template <typename Rule, typename... Rules> inline constexpr bool isOneOf = (std::is_same_v<Rule, Rules> || ...);

// The rules that save the builder's stacks (see the top of this file): those
// that can fail after an inner action ran, and those with a variable number
// of operands.
template <typename Rule>
inline constexpr bool savesStacks = isOneOf<Rule, g::binder, g::call, g::value_list, g::list_expr, g::exists_expr,
                                            g::no_expr, g::count_expr, g::cmp_expr, g::and_expr, g::expr>;

template <typename Rule> struct Control : p::normal<Rule> {
  template <typename Input> static void start(const Input &in, Builder &b) {
    if constexpr (std::is_same_v<Rule, g::nest_in>) {
      // Checked before recursing into the construct, so the stack stays
      // bounded however deep the input nests.
      if (++b.depth > kMaxNestingDepth)
        throw DepthError(fmt::format("expression nested deeper than {} levels", kMaxNestingDepth), in);
    } else if constexpr (std::is_same_v<Rule, g::nest_out>) {
      --b.depth;
    } else if constexpr (std::is_same_v<Rule, g::skip>) {
      b.skipBegin = in.current();
    } else if constexpr (std::is_same_v<Rule, g::comment>) {
      b.commentBegin = in.current();
    } else if constexpr (savesStacks<Rule>) {
      b.saveStacks();
    }
  }
  template <typename Input> static void success(const Input &in, Builder &b) {
    if constexpr (std::is_same_v<Rule, g::skip>) {
      if (b.skipBegin != in.current()) b.skips.add(b.skipBegin, in.current());
    } else if constexpr (std::is_same_v<Rule, g::comment>) {
      b.addComment(in.current());
    } else if constexpr (savesStacks<Rule>) {
      b.dropSave();
    }
  }
  template <typename Input> static void failure(const Input &, Builder &b) {
    if constexpr (savesStacks<Rule>) b.restoreStacks();
  }
  template <typename Input, typename... States> [[noreturn]] static void raise(const Input &in, States &&...) {
    static_assert(hasErrorMessage<Rule>, "a rule under must<> needs an error message");
    throw p::parse_error(errorMessage<Rule>, in);
  }
};

// -------------------------------------------------------------- error range

bool isIdentChar(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }

// The token that starts at `p`, so the caret line underlines all of it.
const char *tokenEnd(const char *p, const char *end) {
  if (p == end) return p;
  const char *q = p;
  if (std::isdigit(static_cast<unsigned char>(*q))) {
    while (q != end && (std::isdigit(static_cast<unsigned char>(*q)) ||
                        (*q == '.' && q + 1 != end && std::isdigit(static_cast<unsigned char>(q[1])))))
      ++q;
    return q;
  }
  if (isIdentChar(*q)) {
    while (q != end && (isIdentChar(*q) || (*q == '-' && q + 1 != end && isIdentChar(q[1])))) ++q;
    return q;
  }
  if (*q == '"') {
    for (++q; q != end && *q != '"' && *q != '\n'; ++q)
      if (*q == '\\' && q + 1 != end && q[1] != '\n') ++q;
    return q != end && *q == '"' ? q + 1 : p + 1;
  }
  const auto byte = static_cast<unsigned char>(*q);
  if (byte >= 0x80) {
    unsigned length = llvm::getNumBytesForUTF8(byte);
    return length <= unsigned(end - q) ? q + length : q + 1;
  }
  return q + 1;
}

// A byte that no rule can accept explains the error better than what the
// grammar expected there: "invalid UTF-8 byte 0xff" rather than "expected '}'".
std::optional<std::string> badByte(const char *p, const char *end) {
  if (p == end) return std::nullopt;
  const auto byte = static_cast<unsigned char>(*p);
  if (byte == 0) return std::string("unexpected NUL byte");
  if (byte >= 0x80) {
    const auto *u = reinterpret_cast<const llvm::UTF8 *>(p);
    if (!llvm::isLegalUTF8Sequence(u, reinterpret_cast<const llvm::UTF8 *>(end)))
      return fmt::format("invalid UTF-8 byte {:#04x}", byte);
    return std::nullopt;
  }
  if (byte < 0x20 && !std::isspace(byte)) return fmt::format("unexpected control character {:#04x}", byte);
  return std::nullopt;
}

} // namespace

std::unique_ptr<ast::File> parseBuffer(llvm::SourceMgr &sm, unsigned bufferId, diag::Diagnostics &diags) {
  const llvm::MemoryBuffer *buffer = sm.getMemoryBuffer(bufferId);
  const char *begin = buffer->getBufferStart();
  const char *end = buffer->getBufferEnd();
  // An empty source name: positions come from pointers.
  p::memory_input<p::tracking_mode::lazy> in(begin, end, "");
  auto file = std::make_unique<ast::File>();
  file->bufferId = bufferId;
  file->path = buffer->getBufferIdentifier().str();
  Builder builder(*file);
  try {
    p::parse<g::file, Action, Control>(in, builder);
  } catch (const DepthError &e) {
    // The limit is checked just inside the construct; point at the token
    // that opened it: `(`, `[` or a keyword.
    const char *tokenStop = builder.skips.startOf(begin + e.positions().front().byte);
    const char *at = tokenStop - 1;
    while (at != begin && isIdentChar(*at) && isIdentChar(at[-1])) --at;
    diags.report(diag::Kind::Limit, {llvm::SMLoc::getFromPointer(at), llvm::SMLoc::getFromPointer(tokenStop)},
                 std::string(e.message()));
    return nullptr;
  } catch (const p::parse_error &e) {
    const char *at = begin + e.positions().front().byte;
    std::string message(e.message());
    std::optional<std::string> bad = badByte(at, end);
    if (bad) message = *bad;
    else if (message == errorMessage<g::phase_close>) message += fmt::format(" '{}'", builder.phaseName());
    // A bad byte or an unterminated string's opening quote is one byte; otherwise the whole token.
    const char *tokenStop = at == end ? at : bad || message == errorMessage<g::string_terminated> ? at + 1 : tokenEnd(at, end);
    diags.report(diag::Kind::Syntax, {llvm::SMLoc::getFromPointer(at), llvm::SMLoc::getFromPointer(tokenStop)},
                 std::move(message));
    return nullptr;
  }
  if (const auto &error = builder.buildError()) {
    diags.report(diag::Kind::Syntax, error->range, error->message);
    return nullptr;
  }
  return file;
}

} // namespace cutover::parse
