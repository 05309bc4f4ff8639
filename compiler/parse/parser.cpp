// Parsing runs in two steps: PEGTL matches grammar::file and builds a parse
// tree of the rules selected below (names, literals and every construct that
// becomes an AST node); then Builder turns that tree into the typed ast::File.
// The parse tree keeps backtracking out of the AST code: a node exists only if
// its rule matched.
#include "compiler/parse/parser.h"

#include "grammar/cut.hpp"

#include <fmt/format.h>
#include <llvm/Support/ConvertUTF.h>

#include <tao/pegtl/contrib/parse_tree.hpp>

#include <algorithm>
#include <cassert>
#include <cctype>
#include <charconv>
#include <cstddef>
#include <map>
#include <memory>
#include <string_view>
#include <type_traits>

namespace cutover::parse {
namespace {

namespace p = tao::pegtl;
namespace g = cutover::grammar;
// A parse-tree node. PEGTL allocates one for every attempt at a selected rule
// and frees it on backtracking or with the tree: on a large plan that churn
// through malloc was a third of the parse. Nodes come from the NodePool of
// the parse in progress instead.
struct Node : p::parse_tree::basic_node<Node> {
  static void *operator new(size_t size);
  static void operator delete(void *block, size_t size) noexcept;
};

// Node-sized blocks in chunks, with a free list; everything is released with
// the pool, after the tree (parseBuffer declares the pool first).
class NodePool {
public:
  void *allocate() {
    if (free_) {
      Block *b = free_;
      free_ = b->next;
      return b;
    }
    if (used_ == kChunk) {
      chunks_.push_back(std::make_unique<Block[]>(kChunk));
      used_ = 0;
    }
    return &chunks_.back()[used_++];
  }
  void release(void *block) {
    Block *b = static_cast<Block *>(block);
    b->next = free_;
    free_ = b;
  }

private:
  static constexpr size_t kChunk = 4096;
  union Block {
    Block *next;
    alignas(Node) std::byte bytes[sizeof(Node)];
  };
  std::vector<std::unique_ptr<Block[]>> chunks_;
  size_t used_ = kChunk;
  Block *free_ = nullptr;
};

// The pool of the parse running on this thread (`check -j N` parses in parallel).
thread_local NodePool *currentPool = nullptr;

void *Node::operator new(size_t size) {
  assert(currentPool && size == sizeof(Node));
  (void)size;
  return currentPool->allocate();
}
void Node::operator delete(void *block, size_t) noexcept { currentPool->release(block); }

// Installs a pool for one parse.
class NodePoolScope {
public:
  NodePoolScope() : previous_(currentPool) { currentPool = &pool_; }
  ~NodePoolScope() { currentPool = previous_; }
  NodePoolScope(const NodePoolScope &) = delete;
  NodePoolScope &operator=(const NodePoolScope &) = delete;

private:
  NodePool pool_;
  NodePool *previous_;
};

// ------------------------------------------------------------ error messages

// The message raised when a must<Rule> fails. Control::raise static_asserts
// that every rule under must<> has one.
template <typename Rule> inline constexpr const char *errorMessage = nullptr;
#define CUTOVER_ERROR(RULE, TEXT) template <> inline constexpr const char *errorMessage<RULE> = TEXT
CUTOVER_ERROR(g::comment_end, "invalid character in comment");
CUTOVER_ERROR(g::invalid_escape, "invalid escape sequence (expected \\\", \\\\, \\n or \\t)");
CUTOVER_ERROR(g::string_terminated, "unterminated string");
CUTOVER_ERROR(g::string_close, "invalid character in string");
CUTOVER_ERROR(g::value, "expected a value (number, version, string, true, false, name or [list])");
CUTOVER_ERROR(g::rbracket, "expected ',' or ']'");
CUTOVER_ERROR(g::attrs_close, "expected ',' or '}' after an attribute");
CUTOVER_ERROR(g::attr_expected, "expected an attribute (NAME VALUE) or '}'");
CUTOVER_ERROR(g::use_target, "expected a pack name or a quoted file path after 'use'");
CUTOVER_ERROR(g::lbrace, "expected '{'");
CUTOVER_ERROR(g::tok<g::vocab_name>, "expected a vocabulary name");
CUTOVER_ERROR(g::tok<g::vocab_entry>, "expected a name");
CUTOVER_ERROR(g::vocab_close, "expected a vocabulary line (roles, services, data, tags, symbols) or '}'");
CUTOVER_ERROR(g::tok<g::component_name>, "expected a component name after its role");
CUTOVER_ERROR(g::tok<g::data_name>, "expected a data set name");
CUTOVER_ERROR(g::data_attrs, "expected '{' with the data set's attributes (kind, held_by)");
CUTOVER_ERROR(g::tok<g::critical_service>, "expected a service name");
CUTOVER_ERROR(g::tok<g::site_name>, "expected a site name");
CUTOVER_ERROR(g::site_close, "expected a component (ROLE NAME), a data declaration or '}' to close the site");
CUTOVER_ERROR(g::tok<g::deployment_name>, "expected a deployment name");
CUTOVER_ERROR(g::deployment_close,
              "expected a site, a component (ROLE NAME), a data declaration, critical or '}' to close the deployment");
CUTOVER_ERROR(g::tok<g::step_role>, "expected a role");
CUTOVER_ERROR(g::tok<g::step_subject>, "expected a name");
CUTOVER_ERROR(g::tok<g::step_target>, "expected a name");
CUTOVER_ERROR(g::tok<g::step_service>, "expected a service name");
CUTOVER_ERROR(g::tok<g::step_text>, "expected a string");
CUTOVER_ERROR(g::move_count, "expected a number of users or 'all'");
CUTOVER_ERROR(g::tok<g::kw_users>, "expected 'users'");
CUTOVER_ERROR(g::tok<g::kw_from>, "expected 'from'");
CUTOVER_ERROR(g::tok<g::kw_to>, "expected 'to'");
CUTOVER_ERROR(g::tok<g::kw_on>, "expected 'on'");
CUTOVER_ERROR(g::step_attrs, "expected '{' with the attributes to set");
CUTOVER_ERROR(g::tok<g::phase_name>, "expected a phase name");
CUTOVER_ERROR(g::tok<g::phase_after>, "expected a phase name");
CUTOVER_ERROR(g::phase_open, "expected '{' to open the phase");
CUTOVER_ERROR(g::phase_close, "expected a step (deploy, decommission, move, enable, disable, set, backup, migrate, "
                              "confirm) or '}' to close phase");
CUTOVER_ERROR(g::tok<g::migration_name>, "expected a migration name");
CUTOVER_ERROR(g::tok<g::migration_of>, "expected a deployment name after 'of'");
CUTOVER_ERROR(g::migration_close, "expected a phase or '}' to close the migration");
CUTOVER_ERROR(g::colon, "expected ':' after the variable");
CUTOVER_ERROR(g::binder_kinds, "expected a kind (a role, data or component)");
CUTOVER_ERROR(g::tok<g::binder_kind>, "expected a kind after '|'");
CUTOVER_ERROR(g::binders, "expected a binder (NAME: KIND)");
CUTOVER_ERROR(g::expr, "expected an expression");
CUTOVER_ERROR(g::and_expr, "expected an expression");
CUTOVER_ERROR(g::unary, "expected an expression");
CUTOVER_ERROR(g::term, "expected an expression");
CUTOVER_ERROR(g::rparen, "expected ')'");
CUTOVER_ERROR(g::list_close, "expected ',' or ']'");
CUTOVER_ERROR(g::count_open, "expected '(' after 'count'");
CUTOVER_ERROR(g::count_close, "expected ')' to close count(...)");
CUTOVER_ERROR(g::call_close, "expected ',' or ')'");
CUTOVER_ERROR(g::tok<g::attr_name>, "expected an attribute name after '.'");
CUTOVER_ERROR(g::tok<g::policy_id>, "expected a policy ID");
CUTOVER_ERROR(g::tok<g::severity>, "expected a severity (error, warning, info)");
CUTOVER_ERROR(g::tok<g::policy_title>, "expected the policy title (a string)");
CUTOVER_ERROR(g::tok<g::on_verb>,
              "expected a step verb (deploy, decommission, move, enable, disable, set, backup, migrate, confirm)");
CUTOVER_ERROR(g::tok<g::on_var>, "expected a variable name for the step's subject");
CUTOVER_ERROR(g::tok<g::clause_text>, "expected a string");
CUTOVER_ERROR(g::policy_close, "expected a policy clause (when, for, on, require, message, hint, source) or '}'");
CUTOVER_ERROR(g::tok<g::waive_policy>, "expected a policy ID");
CUTOVER_ERROR(g::tok<g::waive_entity>, "expected an entity name");
CUTOVER_ERROR(g::tok<g::waive_until>, "expected a date string (\"YYYY-MM-DD\")");
CUTOVER_ERROR(g::tok<g::waive_reason>, "expected the waiver's reason (a string)");
CUTOVER_ERROR(g::file_end, "expected an item (use, vocabulary, deployment, migration, policy, waive)");
#undef CUTOVER_ERROR

// ------------------------------------------------------------------ control

// Thrown past the nesting limit; reported as E-LIMIT instead of E-SYNTAX.
struct DepthError : p::parse_error {
  using p::parse_error::parse_error;
};

// Where each run of whitespace/comments that follows a token starts, by
// where it ends: composite rules match trailing whitespace, AST ranges must
// not. One run per token, so this is a sorted vector rather than a hash map
// (rehashing dominated the parse of large plans).
class SkipRuns {
public:
  void add(const char *end, const char *begin) { runs_.push_back({end, begin}); }
  // Sorts once parsing is done; a run re-matched after backtracking keeps its
  // last start.
  void seal() {
    auto byEnd = [](const Run &a, const Run &b) { return a.end < b.end; };
    // Runs come in text order unless the parser backtracked over a token.
    if (!std::is_sorted(runs_.begin(), runs_.end(), byEnd)) std::stable_sort(runs_.begin(), runs_.end(), byEnd);
    auto last = std::unique(runs_.rbegin(), runs_.rend(), [](const Run &a, const Run &b) { return a.end == b.end; });
    runs_.erase(runs_.begin(), last.base());
  }
  // The start of the run that ends at `end`, or `end` itself.
  const char *startOf(const char *end) const {
    auto it = std::lower_bound(runs_.begin(), runs_.end(), end, [](const Run &r, const char *e) { return r.end < e; });
    return it != runs_.end() && it->end == end ? it->begin : end;
  }

private:
  struct Run {
    const char *end, *begin;
  };
  std::vector<Run> runs_;
};

struct ParseState {
  unsigned depth = 0;
  std::string phaseName; // the innermost phase seen, for "to close phase 'x'"
  const char *phaseNameBegin = nullptr;
  SkipRuns skips;
  const char *skipBegin = nullptr;
  // Comments by their start; a comment re-matched after backtracking is kept once.
  std::map<const char *, const char *> comments;
  const char *commentBegin = nullptr;
};

template <typename Rule> struct Control : p::normal<Rule> {
  template <typename Input> static void start(const Input &in, ParseState &st) {
    if constexpr (std::is_same_v<Rule, g::nest_in>) {
      // Checked before recursing into the construct, so the stack stays
      // bounded however deep the input nests.
      if (++st.depth > kMaxNestingDepth)
        throw DepthError(fmt::format("expression nested deeper than {} levels", kMaxNestingDepth), in);
    } else if constexpr (std::is_same_v<Rule, g::nest_out>) {
      --st.depth;
    } else if constexpr (std::is_same_v<Rule, g::skip>) {
      st.skipBegin = in.current();
    } else if constexpr (std::is_same_v<Rule, g::comment>) {
      st.commentBegin = in.current();
    } else if constexpr (std::is_same_v<Rule, g::phase_name>) {
      st.phaseNameBegin = in.current();
    }
  }
  template <typename Input> static void success(const Input &in, ParseState &st) {
    if constexpr (std::is_same_v<Rule, g::skip>) {
      if (st.skipBegin != in.current()) st.skips.add(in.current(), st.skipBegin);
    } else if constexpr (std::is_same_v<Rule, g::comment>) {
      st.comments[st.commentBegin] = in.current();
    } else if constexpr (std::is_same_v<Rule, g::phase_name>) {
      st.phaseName.assign(st.phaseNameBegin, in.current());
    }
  }
  template <typename Input, typename... States> [[noreturn]] static void raise(const Input &in, States &&...) {
    static_assert(errorMessage<Rule> != nullptr, "a rule under must<> needs an error message");
    throw p::parse_error(errorMessage<Rule>, in);
  }
};

template <typename Rule>
using Selector = p::parse_tree::selector<
    Rule,
    p::parse_tree::store_content::on<
        // names and literals
        g::use_pack, g::use_path, g::vocab_name, g::vocab_category, g::vocab_entry, g::component_role,
        g::component_name, g::data_name, g::critical_service, g::site_name, g::deployment_name, g::attr_key,
        g::value_ident, g::number, g::string_lit, g::kw_true, g::kw_false, g::kw_none, g::kw_all, g::move_number,
        g::step_role, g::step_subject, g::step_service, g::step_target, g::step_text, g::phase_name,
        g::phase_after, g::phase_title, g::migration_name, g::migration_of, g::binder_var, g::binder_kind,
        g::callee, g::path_head, g::attr_name, g::cmp_op, g::policy_id, g::severity, g::policy_title, g::on_verb,
        g::on_var, g::clause_text, g::waive_policy, g::waive_entity, g::waive_until, g::waive_reason,
        // constructs
        g::use_item, g::vocabulary, g::vocab_line, g::deployment, g::site, g::component, g::data_decl,
        g::critical, g::attrs, g::data_attrs, g::step_attrs, g::attr, g::value_list, g::migration, g::phase,
        g::deploy_step, g::decommission_step, g::move_step, g::enable_step, g::disable_step, g::set_step,
        g::backup_step, g::migrate_step, g::confirm_step, g::policy, g::when_clause, g::for_clause, g::on_clause,
        g::require_clause, g::message_clause, g::hint_clause, g::source_clause, g::waive, g::binders,
        g::first_binder, g::binder, g::where_clause, g::paren_expr, g::list_expr, g::exists_expr, g::no_expr,
        g::count_expr, g::call, g::path, g::cmp_expr, g::not_expr, g::and_expr, g::expr>>;

// ------------------------------------------------------------------ builder

// A well-formed parse the AST cannot hold (a move count beyond int64).
struct BuildError {
  llvm::SMRange range;
  std::string message;
};

class Builder {
public:
  explicit Builder(const ParseState &state) : state_(state) {}

  void items(const Node &root, ast::File &file) {
    for (const auto &child : root.children) {
      const Node &n = *child;
      if (n.is_type<g::use_item>()) file.items.emplace_back(use(n));
      else if (n.is_type<g::vocabulary>()) file.items.emplace_back(vocabulary(n));
      else if (n.is_type<g::deployment>()) file.items.emplace_back(deployment(n));
      else if (n.is_type<g::migration>()) file.items.emplace_back(migration(n));
      else if (n.is_type<g::policy>()) file.items.emplace_back(policy(n));
      else file.items.emplace_back(waive(n));
    }
  }

private:
  const ParseState &state_;

  static llvm::SMLoc loc(const char *p) { return llvm::SMLoc::getFromPointer(p); }

  // The node's text without the whitespace and comments its rule consumed last.
  llvm::SMRange range(const Node &n) const {
    return {loc(n.m_begin.data), loc(state_.skips.startOf(n.m_end.data))};
  }

  ast::Ident ident(const Node &n) const { return {n.string(), range(n)}; }

  ast::StringLit stringLit(const Node &n) const {
    std::string_view quoted = n.string_view();
    std::string_view body = quoted.substr(1, quoted.size() - 2);
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
    return {std::move(decoded), range(n)};
  }

  ast::Value value(const Node &n) const {
    ast::Value v;
    v.range = range(n);
    if (n.is_type<g::number>()) {
      v.kind = n.string_view().find('.') == std::string_view::npos ? ast::Value::Kind::Int : ast::Value::Kind::Version;
      v.text = n.string();
    } else if (n.is_type<g::string_lit>()) {
      v.kind = ast::Value::Kind::String;
      v.text = stringLit(n).value;
    } else if (n.is_type<g::kw_true>() || n.is_type<g::kw_false>()) {
      v.kind = ast::Value::Kind::Bool;
      v.boolean = n.is_type<g::kw_true>();
    } else if (n.is_type<g::kw_none>()) {
      v.kind = ast::Value::Kind::None;
    } else if (n.is_type<g::value_list>()) {
      v.kind = ast::Value::Kind::List;
      for (const auto &item : n.children) v.items.push_back(value(*item));
    } else {
      v.kind = ast::Value::Kind::Ident;
      v.text = n.string();
    }
    return v;
  }

  ast::AttrList attrs(const Node &n) const {
    ast::AttrList list;
    list.present = true;
    list.range = range(n);
    list.attrs.reserve(n.children.size());
    for (const auto &attr : n.children) list.attrs.push_back({ident(*attr->children[0]), value(*attr->children[1])});
    return list;
  }

  ast::Use use(const Node &n) const {
    ast::Use u;
    u.range = range(n);
    const Node &target = *n.children[0];
    if (target.is_type<g::use_path>()) u.path = stringLit(target);
    else u.pack = ident(target);
    return u;
  }

  ast::Vocabulary vocabulary(const Node &n) const {
    ast::Vocabulary v;
    v.range = range(n);
    v.name = ident(*n.children[0]);
    for (size_t i = 1; i < n.children.size(); ++i) {
      const Node &line = *n.children[i];
      ast::VocabLine l;
      l.range = range(line);
      l.category = ident(*line.children[0]);
      for (size_t j = 1; j < line.children.size(); ++j) l.names.push_back(ident(*line.children[j]));
      v.lines.push_back(std::move(l));
    }
    return v;
  }

  ast::Component component(const Node &n) const {
    ast::Component c;
    c.range = range(n);
    c.role = ident(*n.children[0]);
    c.name = ident(*n.children[1]);
    if (n.children.size() > 2) c.attrs = attrs(*n.children[2]);
    return c;
  }

  ast::DataDecl dataDecl(const Node &n) const {
    return {ident(*n.children[0]), attrs(*n.children[1]), range(n)};
  }

  ast::Deployment deployment(const Node &n) const {
    ast::Deployment d;
    d.range = range(n);
    d.name = ident(*n.children[0]);
    for (size_t i = 1; i < n.children.size(); ++i) {
      const Node &item = *n.children[i];
      if (item.is_type<g::site>()) {
        ast::Site s;
        s.range = range(item);
        s.name = ident(*item.children[0]);
        s.items.reserve(item.children.size() - 1);
        for (size_t j = 1; j < item.children.size(); ++j) {
          const Node &inner = *item.children[j];
          if (inner.is_type<g::data_decl>()) s.items.emplace_back(dataDecl(inner));
          else s.items.emplace_back(component(inner));
        }
        d.items.emplace_back(std::move(s));
      } else if (item.is_type<g::data_decl>()) {
        d.items.emplace_back(dataDecl(item));
      } else if (item.is_type<g::critical>()) {
        ast::Critical c;
        c.range = range(item);
        for (const auto &service : item.children) c.services.push_back(ident(*service));
        d.items.emplace_back(std::move(c));
      } else {
        d.items.emplace_back(component(item));
      }
    }
    return d;
  }

  ast::Step step(const Node &n) const {
    ast::Step s;
    s.range = range(n);
    const auto &c = n.children;
    if (n.is_type<g::deploy_step>()) {
      s.verb = ast::Verb::Deploy;
      s.role = ident(*c[0]);
      s.subjects.push_back(ident(*c[1]));
      if (c.size() > 2) s.attrs = attrs(*c[2]);
    } else if (n.is_type<g::decommission_step>()) {
      s.verb = ast::Verb::Decommission;
      for (const auto &subject : c) s.subjects.push_back(ident(*subject));
    } else if (n.is_type<g::move_step>()) {
      s.verb = ast::Verb::Move;
      if (c[0]->is_type<g::kw_all>()) {
        s.moveAll = true;
      } else {
        s.count.kind = ast::Value::Kind::Int;
        s.count.range = range(*c[0]);
        s.count.text = c[0]->string();
        std::int64_t parsed = 0;
        auto [end, ec] = std::from_chars(s.count.text.data(), s.count.text.data() + s.count.text.size(), parsed);
        if (ec != std::errc()) throw BuildError{s.count.range, "number too large"};
      }
      s.subjects.push_back(ident(*c[1]));
      s.target = ident(*c[2]);
    } else if (n.is_type<g::enable_step>() || n.is_type<g::disable_step>()) {
      s.verb = n.is_type<g::enable_step>() ? ast::Verb::Enable : ast::Verb::Disable;
      s.service = ident(*c[0]);
      s.subjects.push_back(ident(*c[1]));
      if (c.size() > 2) s.attrs = attrs(*c[2]);
    } else if (n.is_type<g::set_step>()) {
      s.verb = ast::Verb::Set;
      s.subjects.push_back(ident(*c[0]));
      s.attrs = attrs(*c[1]);
    } else if (n.is_type<g::backup_step>() || n.is_type<g::confirm_step>()) {
      s.verb = n.is_type<g::backup_step>() ? ast::Verb::Backup : ast::Verb::Confirm;
      s.subjects.push_back(ident(*c[0]));
      s.text = stringLit(*c[1]);
    } else {
      s.verb = ast::Verb::Migrate;
      s.subjects.push_back(ident(*c[0]));
      s.target = ident(*c[1]);
    }
    return s;
  }

  ast::Migration migration(const Node &n) const {
    ast::Migration m;
    m.range = range(n);
    m.name = ident(*n.children[0]);
    for (size_t i = 1; i < n.children.size(); ++i) {
      const Node &child = *n.children[i];
      if (child.is_type<g::migration_of>()) {
        m.of = ident(child);
        continue;
      }
      ast::Phase ph;
      ph.range = range(child);
      ph.name = ident(*child.children[0]);
      for (size_t j = 1; j < child.children.size(); ++j) {
        const Node &part = *child.children[j];
        if (part.is_type<g::phase_after>()) ph.after.push_back(ident(part));
        else if (part.is_type<g::phase_title>()) ph.title = stringLit(part);
        else ph.steps.push_back(step(part));
      }
      m.phases.push_back(std::move(ph));
    }
    return m;
  }

  std::vector<ast::Binder> binders(const Node &n) const {
    std::vector<ast::Binder> result;
    for (const auto &b : n.children) {
      ast::Binder binder;
      binder.range = range(*b);
      binder.var = ident(*b->children[0]);
      for (size_t i = 1; i < b->children.size(); ++i) binder.kinds.push_back(ident(*b->children[i]));
      result.push_back(std::move(binder));
    }
    return result;
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

  ast::ExprPtr makeExpr(ast::Expr::Kind kind, const Node &n) const {
    auto e = std::make_unique<ast::Expr>();
    e->kind = kind;
    e->range = range(n);
    return e;
  }

  // Binders and an optional where: the children of exists, no and count.
  void quantifier(const Node &n, ast::Expr &e) const {
    e.binders = binders(*n.children[0]);
    if (n.children.size() > 1) e.where = expr(*n.children[1]->children[0]);
  }

  ast::ExprPtr expr(const Node &n) const {
    using K = ast::Expr::Kind;
    // and/or/cmp nodes with one operand are just that operand.
    if ((n.is_type<g::expr>() || n.is_type<g::and_expr>() || n.is_type<g::cmp_expr>()) && n.children.size() == 1)
      return expr(*n.children[0]);
    if (n.is_type<g::expr>() || n.is_type<g::and_expr>()) {
      auto e = makeExpr(n.is_type<g::expr>() ? K::Or : K::And, n);
      for (const auto &operand : n.children) e->args.push_back(expr(*operand));
      return e;
    }
    if (n.is_type<g::cmp_expr>()) {
      auto e = makeExpr(K::Cmp, n);
      e->args.push_back(expr(*n.children[0]));
      e->op = cmpOp(n.children[1]->string_view());
      e->args.push_back(expr(*n.children[2]));
      return e;
    }
    if (n.is_type<g::not_expr>() || n.is_type<g::paren_expr>()) {
      auto e = makeExpr(n.is_type<g::not_expr>() ? K::Not : K::Paren, n);
      e->args.push_back(expr(*n.children[0]));
      return e;
    }
    if (n.is_type<g::list_expr>()) {
      auto e = makeExpr(K::List, n);
      for (const auto &item : n.children) e->args.push_back(expr(*item));
      return e;
    }
    if (n.is_type<g::call>()) {
      auto e = makeExpr(K::Call, n);
      e->callee = ident(*n.children[0]);
      for (size_t i = 1; i < n.children.size(); ++i) e->args.push_back(expr(*n.children[i]));
      return e;
    }
    if (n.is_type<g::path>()) {
      auto e = makeExpr(K::Path, n);
      for (const auto &part : n.children) e->path.push_back(ident(*part));
      return e;
    }
    if (n.is_type<g::exists_expr>() || n.is_type<g::no_expr>() || n.is_type<g::count_expr>()) {
      auto e = makeExpr(n.is_type<g::exists_expr>() ? K::Exists : n.is_type<g::no_expr>() ? K::No : K::Count, n);
      quantifier(n, *e);
      return e;
    }
    auto e = makeExpr(K::Literal, n);
    e->literal = value(n);
    return e;
  }

  ast::Policy policy(const Node &n) const {
    ast::Policy pol;
    pol.range = range(n);
    pol.id = ident(*n.children[0]);
    const Node &severity = *n.children[1];
    pol.severityRange = range(severity);
    pol.severity = severity.string_view() == "error"     ? ast::PolicySeverity::Error
                   : severity.string_view() == "warning" ? ast::PolicySeverity::Warning
                                                         : ast::PolicySeverity::Info;
    pol.title = stringLit(*n.children[2]);
    for (size_t i = 3; i < n.children.size(); ++i) pol.clauses.push_back(clause(*n.children[i]));
    return pol;
  }

  ast::Clause clause(const Node &n) const {
    using K = ast::Clause::Kind;
    ast::Clause c;
    c.range = range(n);
    const auto &ch = n.children;
    if (n.is_type<g::when_clause>() || n.is_type<g::require_clause>()) {
      c.kind = n.is_type<g::when_clause>() ? K::When : K::Require;
      c.expr = expr(*ch[0]);
    } else if (n.is_type<g::for_clause>()) {
      c.kind = K::For;
      c.binders = binders(*ch[0]);
      if (ch.size() > 1) c.expr = expr(*ch[1]->children[0]);
    } else if (n.is_type<g::on_clause>()) {
      c.kind = K::On;
      c.verb = ident(*ch[0]);
      c.var = ident(*ch[1]);
      if (ch.size() > 2) c.expr = expr(*ch[2]->children[0]);
    } else {
      c.kind = n.is_type<g::message_clause>() ? K::Message : n.is_type<g::hint_clause>() ? K::Hint : K::Source;
      c.text = stringLit(*ch[0]);
    }
    return c;
  }

  ast::Waive waive(const Node &n) const {
    ast::Waive w;
    w.range = range(n);
    w.policy = ident(*n.children[0]);
    for (size_t i = 1; i < n.children.size(); ++i) {
      const Node &part = *n.children[i];
      if (part.is_type<g::waive_entity>()) w.entities.push_back(ident(part));
      else if (part.is_type<g::waive_until>()) w.until = stringLit(part);
      else w.reason = stringLit(part);
    }
    return w;
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
  // An empty source name: parse-tree nodes copy it, and positions come from pointers.
  p::memory_input<p::tracking_mode::lazy> in(begin, end, "");
  NodePoolScope pool; // outlives every node, including those freed by an exception
  ParseState state;
  auto file = std::make_unique<ast::File>();
  file->bufferId = bufferId;
  file->path = buffer->getBufferIdentifier().str();
  try {
    auto root = p::parse_tree::parse<g::file, Node, Selector, p::nothing, Control>(in, state);
    state.skips.seal();
    Builder(state).items(*root, *file);
  } catch (const DepthError &e) {
    // The limit is checked just inside the construct; point at the token
    // that opened it: `(`, `[` or a keyword.
    state.skips.seal();
    const char *tokenStop = state.skips.startOf(begin + e.positions().front().byte);
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
    else if (message == errorMessage<g::phase_close>) message += fmt::format(" '{}'", state.phaseName);
    // A bad byte or an unterminated string's opening quote is one byte; otherwise the whole token.
    const char *tokenStop = at == end ? at : bad || message == errorMessage<g::string_terminated> ? at + 1 : tokenEnd(at, end);
    diags.report(diag::Kind::Syntax, {llvm::SMLoc::getFromPointer(at), llvm::SMLoc::getFromPointer(tokenStop)},
                 std::move(message));
    return nullptr;
  } catch (const BuildError &e) {
    diags.report(diag::Kind::Syntax, e.range, e.message);
    return nullptr;
  }
  for (const auto &[commentBegin, commentEnd] : state.comments)
    file->comments.push_back({std::string(commentBegin, commentEnd),
                              {llvm::SMLoc::getFromPointer(commentBegin), llvm::SMLoc::getFromPointer(commentEnd)}});
  return file;
}

} // namespace cutover::parse
