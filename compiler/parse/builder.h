// The AST builder: PEGTL's actions (Action) call one handler per rule, `on(On<Rule>, Span)`, which fills the
// construct in progress. Used by parser.cpp only (see there how backtracking is handled); handlers of one line are
// here, the others in builder.cpp.
#pragma once

#include "compiler/ast/ast.h"
#include "compiler/parse/split.h"

#include "grammar/cut.hpp"

#include <llvm/ADT/ArrayRef.h>
#include <llvm/Support/SMLoc.h>

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

namespace cutover::parse::detail {

namespace p = tao::pegtl;
namespace g = cutover::grammar;

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

using DeploymentItem = decltype(ast::Deployment::items)::value_type;

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
  void addComment(const char *end);

  // The heights of the stacks, saved when a rule that may fail after its
  // inner actions ran (or that takes a variable number of operands) starts.
  void saveStacks();
  void dropSave() { marks_.pop_back(); }
  void restoreStacks();

  std::string_view phaseName() const { return phase_.name.name; }
  const std::optional<BuildError> &buildError() const { return buildError_; }

  // ---- a parallel parse (parser.cpp)

  // Where the items of a run that another thread parsed go: the index of
  // their block in the file's items, of their first item in the block, and
  // of their first comment in the file's comments.
  struct Landing {
    size_t item, index, comment;
  };
  // The runs this parse jumps over, in text order.
  void jumpOver(llvm::ArrayRef<ItemRun> runs) { runs_ = runs; }
  // Past the next run to jump over, when it starts at `at` with items of
  // `kind` (where the parse would match an item of that kind); null otherwise.
  const char *jump(const char *at, ItemRun::Kind kind) {
    if (landings_.size() == runs_.size() || runs_[landings_.size()].begin != at) return nullptr;
    const ItemRun &run = runs_[landings_.size()];
    if (run.kind != kind) return nullptr;
    const size_t index = kind == ItemRun::Kind::Deployment ? deployment_.items.size() : migration_.phases.size();
    landings_.push_back({file_.items.size(), index, file_.comments.size()});
    return run.end;
  }
  const std::vector<Landing> &landings() const { return landings_; }
  // What a parse of one run (grammar::deployment_run or phase_run) built.
  std::vector<DeploymentItem> takeDeploymentItems() { return take(deployment_.items); }
  std::vector<ast::Phase> takePhases() { return take(migration_.phases); }

  // ---- top items

  // use = "use" (IDENT | STRING)
  void on(On<g::use_pack>, Span s) { use_.pack = ident(s); }
  void on(On<g::use_path>, Span s) { use_.path = stringLit(s); }
  void on(On<g::use_item>, Span s);

  // vocabulary = "vocabulary" IDENT "{" vocab_line* "}"
  // vocab_line = ("roles" | "services" | "data" | "tags" | "symbols" | "pinned") IDENT ("," IDENT)*
  void on(On<g::vocab_name>, Span s) { vocabulary_.name = ident(s); }
  void on(On<g::vocab_category>, Span s) { vocabLine_.category = ident(s); }
  void on(On<g::vocab_entry>, Span s) { vocabLine_.names.push_back(ident(s)); }
  void on(On<g::vocab_line>, Span s);
  void on(On<g::vocabulary>, Span s);

  // ---- deployment

  // deployment = "deployment" IDENT "{" (site | data_decl | critical | component)* "}"
  void on(On<g::deployment_name>, Span s) { deployment_.name = ident(s); }
  void on(On<g::deployment>, Span s);

  // site = "site" IDENT "{" (data_decl | component)* "}"
  void on(On<g::site_name>, Span s);
  void on(On<g::site>, Span s);

  // component = ROLE IDENT attrs?  (built where it goes: committed once its role matched)
  void on(On<g::component_role>, Span s) { setIdent((component_ = &newItem<ast::Component>())->role, s); }
  void on(On<g::component_name>, Span s) { setIdent(component_->name, s); }
  void on(On<g::component>, Span s);

  // data_decl = "data" IDENT attrs
  void on(On<g::data_name>, Span s) { setIdent((data_ = &newItem<ast::DataDecl>())->name, s); }
  void on(On<g::data_decl>, Span s);

  // critical = "critical" IDENT ("," IDENT)*
  void on(On<g::critical_service>, Span s) { critical_.services.push_back(ident(s)); }
  void on(On<g::critical>, Span s);

  // ---- attributes and values

  // attrs = "{" (attr ("," attr)* ","?)? "}"; the construct that holds them takes them.
  void on(On<g::attrs>, Span s) { closeAttrs(s); }
  void on(On<g::data_attrs>, Span s) { closeAttrs(s); }
  void on(On<g::step_attrs>, Span s) { closeAttrs(s); }
  // attr = IDENT value
  // Built in place: once its key matched an attribute is committed (its value is under must<>).
  void on(On<g::attr_key>, Span s) { setIdent(attrScratch_.emplace_back().key, s); }
  void on(On<g::attr>, Span) {
    attrScratch_.back().value = std::move(values_.back());
    values_.pop_back();
  }

  // Values (and literals of expressions) go on the value stack.
  void on(On<g::number>, Span s);
  void on(On<g::string_lit>, Span s) { pushValue(ast::Value::Kind::String, s).text = stringLit(s).value; }
  void on(On<g::kw_true>, Span s) { pushValue(ast::Value::Kind::Bool, s).boolean = true; }
  void on(On<g::kw_false>, Span s) { pushValue(ast::Value::Kind::Bool, s); }
  void on(On<g::kw_none>, Span s) { pushValue(ast::Value::Kind::None, s); }
  void on(On<g::value_ident>, Span s) { pushValue(ast::Value::Kind::Ident, s).text.assign(s.begin, s.end); }
  // value_list = "[" (value ("," value)*)? "]"
  void on(On<g::value_list>, Span s);

  // ---- migration

  // migration = "migration" IDENT ("of" IDENT)? "{" phase* "}"
  void on(On<g::migration_name>, Span s) { migration_.name = ident(s); }
  void on(On<g::migration_of>, Span s) { migration_.of = ident(s); }
  void on(On<g::migration>, Span s);

  // phase = "phase" IDENT ("after" IDENT ("," IDENT)*)? STRING? "{" step* "}"
  void on(On<g::phase_name>, Span s) { phase_.name = ident(s); }
  void on(On<g::phase_after>, Span s) { phase_.after.push_back(ident(s)); }
  void on(On<g::phase_title>, Span s) { phase_.title = stringLit(s); }
  void on(On<g::phase>, Span s);

  // The operands of steps (see ast::Step for which verb sets which).
  void on(On<g::step_role>, Span s) { step_.role = ident(s); }
  void on(On<g::step_subject>, Span s) { setIdent(subjects_.emplace_back(), s); }
  void on(On<g::step_service>, Span s) { step_.service = ident(s); }
  void on(On<g::step_target>, Span s) { step_.target = ident(s); }
  void on(On<g::step_text>, Span s) { step_.text = stringLit(s); }
  void on(On<g::kw_all>, Span) { step_.moveAll = true; }
  void on(On<g::move_number>, Span s);
  // One step rule per row of verbs.def.
#define CUTOVER_VERB(Enum, Keyword, Rule, Syntax, Subject, Status, Attrs)                                              \
  void on(On<g::Rule>, Span s) { closeStep(ast::Verb::Enum, s); }
#include "compiler/ast/verbs.def"

  // ---- policy

  // policy = "policy" IDENT ("error" | "warning" | "info") STRING "{" clause* "}"
  void on(On<g::policy_id>, Span s) { policy_.id = ident(s); }
  void on(On<g::severity>, Span s);
  void on(On<g::policy_title>, Span s) { policy_.title = stringLit(s); }
  void on(On<g::policy>, Span s);

  // Clauses: at this level the expression and binder stacks hold only the clause's own.
  void on(On<g::when_clause>, Span s);
  void on(On<g::require_clause>, Span s);
  void on(On<g::for_clause>, Span s);
  void on(On<g::on_verb>, Span s);
  void on(On<g::on_var>, Span s) { clause_.var = ident(s); }
  void on(On<g::on_clause>, Span s);
  void on(On<g::clause_text>, Span s) { clause_.text = stringLit(s); }
  // message_clause / hint_clause = ("message" | "hint") ("when" expr)? STRING
  void on(On<g::message_clause>, Span s);
  void on(On<g::hint_clause>, Span s);
  void on(On<g::source_clause>, Span s) { closeClause(ast::Clause::Kind::Source, s); }

  // binder = NAME ":" kind ("|" kind)*; a binder whose ':' is missing is dropped by restoreStacks.
  void on(On<g::binder_var>, Span s) { binders_.push_back({ident(s), {}, {}}); }
  void on(On<g::binder_kind>, Span s) { binders_.back().kinds.push_back(ident(s)); }
  void on(On<g::first_binder>, Span s) { binders_.back().range = trimmed(s); }
  void on(On<g::binder>, Span s) { binders_.back().range = trimmed(s); }

  // ---- expressions, on the expression stack

  void on(On<g::literal>, Span);
  // path = NAME ("." IDENT)*
  void on(On<g::path_head>, Span s) { path_.push_back(ident(s)); }
  void on(On<g::attr_name>, Span s) { path_.push_back(ident(s)); }
  void on(On<g::path>, Span s);
  // call = NAME "(" (expr ("," expr)*)? ")"; a callee without '(' is dropped by restoreStacks.
  void on(On<g::callee>, Span s) { callees_.push_back(ident(s)); }
  void on(On<g::call>, Span s);
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
  void on(On<g::cmp_expr>, Span s);
  // not_expr = "not" unary
  void on(On<g::not_expr>, Span s) { wrap(ast::Expr::Kind::Not, s); }
  // and_expr = unary ("and" unary)*;  expr = and_expr ("or" and_expr)*  (one operand: just that operand)
  void on(On<g::and_expr>, Span s);
  void on(On<g::expr>, Span s);

  // ---- waive = "waive" IDENT ("for" IDENT ("," IDENT)*)? ("until" STRING)? STRING

  void on(On<g::waive_policy>, Span s) { waive_.policy = ident(s); }
  void on(On<g::waive_entity>, Span s) { waive_.entities.push_back(ident(s)); }
  void on(On<g::waive_until>, Span s) { waive_.until = stringLit(s); }
  void on(On<g::waive_reason>, Span s) { waive_.reason = stringLit(s); }
  void on(On<g::waive>, Span s);

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
  ast::Migration migration_;
  ast::Phase phase_;
  ast::Step step_;
  // The steps of phase_ and the subjects of step_ so far (moved out at once: vectors of their exact size).
  std::vector<ast::Step> steps_;
  std::vector<ast::Ident> subjects_;
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
  llvm::ArrayRef<ItemRun> runs_;
  std::vector<Landing> landings_;

  template <typename T> static T take(T &x) { return std::exchange(x, T{}); }

  // Moves stack[from..] out (into a vector of their exact size).
  template <typename T> static std::vector<T> takeFrom(std::vector<T> &stack, size_t from) {
    std::vector<T> out(std::make_move_iterator(stack.begin() + std::ptrdiff_t(from)),
                       std::make_move_iterator(stack.end()));
    stack.resize(from);
    return out;
  }
  // Moves all of `scratch` out: whole when it is about as full as the list it holds, else into a
  // vector of the exact size (as takeFrom). The next scratch is sized like this list, so in an estate
  // of like sites and like servers every list goes out whole, with no element moved and no growth.
  template <typename T> static std::vector<T> takeAll(std::vector<T> &scratch) {
    const size_t size = scratch.size();
    std::vector<T> out = scratch.capacity() - size <= size / 8 ? std::move(scratch) : takeFrom(scratch, 0);
    scratch = std::vector<T>();
    scratch.reserve(size);
    return out;
  }

  static llvm::SMLoc loc(const char *p) { return llvm::SMLoc::getFromPointer(p); }
  // A token's range (tokens do not include the whitespace after them).
  static llvm::SMRange token(Span s) { return {loc(s.begin), loc(s.end)}; }
  // A construct's range, without the whitespace and comments it matched last.
  llvm::SMRange trimmed(Span s) { return {loc(s.begin), loc(skips.startOf(s.end))}; }

  static ast::Ident ident(Span s) { return {std::string(s.begin, s.end), token(s)}; }
  // Fills an identifier where it goes (no temporary to move): the names of every component.
  static void setIdent(ast::Ident &id, Span s) {
    id.name.assign(s.begin, s.end);
    id.range = token(s);
  }

  static ast::StringLit stringLit(Span s);

  ast::Value &pushValue(ast::Value::Kind kind, Span s);
  ast::Value popValue();
  ast::ExprPtr popExpr();
  // The `where` expression past `mark`, if one was given.
  ast::ExprPtr optionalWhere(size_t mark) { return exprs_.size() > mark ? popExpr() : nullptr; }

  void closeAttrs(Span s);

  // A new component or data set at the end of the site or deployment in progress.
  template <typename Item> Item &newItem() {
    if (inSite_) return std::get<Item>(siteItems_.emplace_back(std::in_place_type<Item>));
    return std::get<Item>(deployment_.items.emplace_back(std::in_place_type<Item>));
  }

  void closeStep(ast::Verb verb, Span s);

  void closeClause(ast::Clause::Kind kind, Span s);

  static ast::ExprPtr makeExpr(ast::Expr::Kind kind, llvm::SMRange range);
  // An expression of the operands pushed since the rule started.
  void combine(ast::Expr::Kind kind, Span s);
  // An expression of the one operand on top.
  void wrap(ast::Expr::Kind kind, Span s);
  void quantifier(ast::Expr::Kind kind, Span s);

  static ast::CmpOp cmpOp(std::string_view op);
};

template <typename Rule> struct Action : p::nothing<Rule> {};
template <typename Rule>
requires requires(Builder &b, Span s) { b.on(On<Rule>{}, s); }
struct Action<Rule> {
  template <typename ActionInput> static void apply(const ActionInput &in, Builder &b) {
    b.on(On<Rule>{}, {in.begin(), in.end()});
  }
};

} // namespace cutover::parse::detail
