#include "compiler/parse/builder.h"

#include "compiler/diag/messages.h"

#include <cassert>
#include <charconv>

namespace cutover::parse::detail {

void Builder::addComment(const char *end) {
  if (!file_.comments.empty() && file_.comments.back().range.Start.getPointer() >= commentBegin) return;
  file_.comments.push_back({std::string(commentBegin, end), {loc(commentBegin), loc(end)}});
}

void Builder::saveStacks() {
  marks_.push_back(
      {uint32_t(exprs_.size()), uint32_t(values_.size()), uint32_t(binders_.size()), uint32_t(callees_.size())});
}

void Builder::restoreStacks() {
  const Mark &m = marks_.back();
  exprs_.resize(m.exprs);
  values_.resize(m.values);
  binders_.resize(m.binders);
  callees_.resize(m.callees);
  marks_.pop_back();
}

void Builder::on(On<g::use_item>, Span s) {
  use_.range = trimmed(s);
  file_.items.emplace_back(take(use_));
}

void Builder::on(On<g::vocab_line>, Span s) {
  vocabLine_.range = trimmed(s);
  vocabulary_.lines.push_back(take(vocabLine_));
}

void Builder::on(On<g::vocabulary>, Span s) {
  vocabulary_.range = trimmed(s);
  file_.items.emplace_back(take(vocabulary_));
}

void Builder::on(On<g::deployment>, Span s) {
  deployment_.range = trimmed(s);
  file_.items.emplace_back(take(deployment_));
}

void Builder::on(On<g::site_name>, Span s) {
  site_.name = ident(s);
  inSite_ = true;
}

void Builder::on(On<g::site>, Span s) {
  site_.range = trimmed(s);
  site_.items = takeAll(siteItems_);
  deployment_.items.emplace_back(take(site_));
  inSite_ = false;
}

void Builder::on(On<g::component>, Span s) {
  component_->attrs = take(attrs_);
  component_->range = trimmed(s);
}

void Builder::on(On<g::data_decl>, Span s) {
  data_->attrs = take(attrs_);
  data_->range = trimmed(s);
}

void Builder::on(On<g::critical>, Span s) {
  critical_.range = trimmed(s);
  deployment_.items.emplace_back(take(critical_));
}

void Builder::on(On<g::number>, Span s) {
  bool version = std::find(s.begin, s.end, '.') != s.end;
  pushValue(version ? ast::Value::Kind::Version : ast::Value::Kind::Int, s).text.assign(s.begin, s.end);
}

void Builder::on(On<g::value_list>, Span s) {
  ast::Value list;
  list.kind = ast::Value::Kind::List;
  list.range = trimmed(s);
  list.items = takeFrom(values_, marks_.back().values);
  values_.push_back(std::move(list));
}

void Builder::on(On<g::migration>, Span s) {
  migration_.range = trimmed(s);
  file_.items.emplace_back(take(migration_));
}

void Builder::on(On<g::phase>, Span s) {
  phase_.range = trimmed(s);
  phase_.steps = takeFrom(steps_, 0);
  migration_.phases.push_back(take(phase_));
}

void Builder::on(On<g::move_number>, Span s) {
  step_.count.kind = ast::Value::Kind::Int;
  step_.count.range = token(s);
  step_.count.text.assign(s.begin, s.end);
  std::int64_t parsed = 0;
  auto [end, ec] = std::from_chars(s.begin, s.end, parsed);
  if (ec != std::errc() && !buildError_)
    buildError_ = BuildError{step_.count.range, diag::format(diag::msg::MoveCountTooLarge)};
}

void Builder::on(On<g::severity>, Span s) {
  std::string_view word(s.begin, size_t(s.end - s.begin));
  policy_.severityRange = token(s);
  policy_.severity = word == "error"     ? ast::PolicySeverity::Error
                     : word == "warning" ? ast::PolicySeverity::Warning
                                         : ast::PolicySeverity::Info;
}

void Builder::on(On<g::policy>, Span s) {
  policy_.range = trimmed(s);
  file_.items.emplace_back(take(policy_));
}

void Builder::on(On<g::when_clause>, Span s) {
  clause_.expr = popExpr();
  closeClause(ast::Clause::Kind::When, s);
}

void Builder::on(On<g::require_clause>, Span s) {
  clause_.expr = popExpr();
  closeClause(ast::Clause::Kind::Require, s);
}

void Builder::on(On<g::for_clause>, Span s) {
  clause_.binders = takeFrom(binders_, 0);
  clause_.expr = optionalWhere(0);
  closeClause(ast::Clause::Kind::For, s);
}

void Builder::on(On<g::on_verb>, Span s) {
  clause_.verb = ident(s);
  // on_verb matches only keywords of verbs.def (tests/unit/parse/verbs_test.cpp).
  std::optional<ast::Verb> verb = ast::verbNamed(clause_.verb.name);
  assert(verb && "a step keyword of the grammar that verbs.def does not know");
  clause_.guarded = verb.value_or(ast::Verb::Deploy);
}

void Builder::on(On<g::on_clause>, Span s) {
  clause_.expr = optionalWhere(0);
  closeClause(ast::Clause::Kind::On, s);
}

void Builder::on(On<g::message_clause>, Span s) {
  clause_.expr = optionalWhere(0);
  closeClause(ast::Clause::Kind::Message, s);
}

void Builder::on(On<g::hint_clause>, Span s) {
  clause_.expr = optionalWhere(0);
  closeClause(ast::Clause::Kind::Hint, s);
}

void Builder::on(On<g::literal>, Span) {
  ast::Value v = popValue();
  auto e = makeExpr(ast::Expr::Kind::Literal, v.range);
  e->literal = std::move(v);
  exprs_.push_back(std::move(e));
}

void Builder::on(On<g::path>, Span s) {
  auto e = makeExpr(ast::Expr::Kind::Path, trimmed(s));
  e->path = take(path_);
  exprs_.push_back(std::move(e));
}

void Builder::on(On<g::call>, Span s) {
  auto e = makeExpr(ast::Expr::Kind::Call, trimmed(s));
  e->callee = std::move(callees_.back());
  callees_.pop_back();
  e->args = takeFrom(exprs_, marks_.back().exprs);
  exprs_.push_back(std::move(e));
}

void Builder::on(On<g::cmp_expr>, Span s) {
  if (exprs_.size() - marks_.back().exprs < 2) return;
  combine(ast::Expr::Kind::Cmp, s);
  exprs_.back()->op = ops_.back();
  ops_.pop_back();
}

void Builder::on(On<g::and_expr>, Span s) {
  if (exprs_.size() - marks_.back().exprs > 1) combine(ast::Expr::Kind::And, s);
}

void Builder::on(On<g::expr>, Span s) {
  if (exprs_.size() - marks_.back().exprs > 1) combine(ast::Expr::Kind::Or, s);
}

void Builder::on(On<g::waive>, Span s) {
  waive_.range = trimmed(s);
  file_.items.emplace_back(take(waive_));
}

ast::StringLit Builder::stringLit(Span s) {
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

ast::Value &Builder::pushValue(ast::Value::Kind kind, Span s) {
  ast::Value &v = values_.emplace_back();
  v.kind = kind;
  v.range = token(s);
  return v;
}

ast::Value Builder::popValue() {
  ast::Value v = std::move(values_.back());
  values_.pop_back();
  return v;
}

ast::ExprPtr Builder::popExpr() {
  ast::ExprPtr e = std::move(exprs_.back());
  exprs_.pop_back();
  return e;
}

void Builder::closeAttrs(Span s) {
  attrs_.present = true;
  attrs_.range = trimmed(s);
  attrs_.attrs = takeAll(attrScratch_);
}

void Builder::closeStep(ast::Verb verb, Span s) {
  step_.verb = verb;
  step_.range = trimmed(s);
  step_.attrs = take(attrs_);
  step_.subjects = takeAll(subjects_);
  steps_.push_back(take(step_));
}

void Builder::closeClause(ast::Clause::Kind kind, Span s) {
  clause_.kind = kind;
  clause_.range = trimmed(s);
  policy_.clauses.push_back(take(clause_));
}

ast::ExprPtr Builder::makeExpr(ast::Expr::Kind kind, llvm::SMRange range) {
  auto e = std::make_unique<ast::Expr>();
  e->kind = kind;
  e->range = range;
  return e;
}

void Builder::combine(ast::Expr::Kind kind, Span s) {
  auto e = makeExpr(kind, trimmed(s));
  e->args = takeFrom(exprs_, marks_.back().exprs);
  exprs_.push_back(std::move(e));
}

void Builder::wrap(ast::Expr::Kind kind, Span s) {
  auto e = makeExpr(kind, trimmed(s));
  e->args.push_back(popExpr());
  exprs_.push_back(std::move(e));
}

void Builder::quantifier(ast::Expr::Kind kind, Span s) {
  const Mark &m = marks_.back();
  auto e = makeExpr(kind, trimmed(s));
  e->binders = takeFrom(binders_, m.binders);
  e->where = optionalWhere(m.exprs);
  exprs_.push_back(std::move(e));
}

ast::CmpOp Builder::cmpOp(std::string_view op) {
  if (op == "==") return ast::CmpOp::Eq;
  if (op == "!=") return ast::CmpOp::Ne;
  if (op == "<=") return ast::CmpOp::Le;
  if (op == ">=") return ast::CmpOp::Ge;
  if (op == "<") return ast::CmpOp::Lt;
  if (op == ">") return ast::CmpOp::Gt;
  return ast::CmpOp::In;
}

} // namespace cutover::parse::detail
