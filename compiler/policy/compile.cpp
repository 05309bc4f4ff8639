#include "compiler/policy/policy.h"
#include "compiler/policy/types.h"
#include "compiler/sema/resolve.h"

#include <fmt/format.h>
#include <llvm/ADT/StringExtras.h>
#include <llvm/Support/Path.h>

#include <unordered_map>

#include <array>

namespace cutover::policy {

namespace {

using K = Type::Kind;

constexpr std::array<const char *, 6> kFunctions = {"critical", "confirmed", "final", "initial", "len", "pinned"};

struct OperandInfo {
  StepOperand operand;
  K type;
};
constexpr OperandInfo kOperands[] = {
#define CUTOVER_STEP_OPERAND(Name, Type) {StepOperand::Name, K::Type},
#include "compiler/policy/step_operands.def"
#undef CUTOVER_STEP_OPERAND
};

const OperandInfo *operandNamed(llvm::StringRef name) {
  for (const OperandInfo &o : kOperands)
    if (llvm::StringRef(operandName(o.operand)) == name) return &o;
  return nullptr;
}

// The type policies see a built-in attribute with (builtin_attrs.def).
Type builtinType(sema::BuiltinAttr attr) {
  switch (attr) {
#define CUTOVER_ATTR(Enum, Name, Owner, PolicyType, Element, Check, Required, Stored)                             \
  case sema::BuiltinAttr::Enum: return Type::of(K::PolicyType, K::Element);
#include "compiler/sema/builtin_attrs.def"
  }
  return Type::of(K::Unknown);
}

// The operands a verb has (`step.from`, `step.to`, ...).
bool verbHasOperand(ast::Verb verb, StepOperand operand) { return ast::hasOperand(verb, syntaxOperand(operand)); }

// Types of the attributes that components and data sets declare, merged
// over every declaration in the model.
struct AttributeTypes {
  std::unordered_map<SymbolId, Type> component, data; // not DenseMap: kNoId is its empty key
  // The first declaration of each key: a policy that uses the attribute with
  // another type is blamed on the plan's declaration, not only on the policy.
  std::unordered_map<SymbolId, ast::SMRange> firstDeclaration;

  explicit AttributeTypes(const sema::Model &model) {
    auto add = [this](std::unordered_map<SymbolId, Type> &table, const sema::Attribute &a) {
      Type t = typeOf(a.value);
      auto [it, inserted] = table.try_emplace(a.key, t);
      if (!inserted) it->second = merge(it->second, t);
      firstDeclaration.try_emplace(a.key, a.range);
    };
    for (const sema::ComponentDecl &c : model.components)
      for (const sema::Attribute &a : c.attrs) add(component, a);
    for (const sema::PhaseDecl &phase : model.phases)
      for (const sema::Step &step : phase.steps)
        for (const sema::Attribute &a : step.attrs) add(component, a);
    for (const sema::DataDecl &d : model.data)
      for (const sema::Attribute &a : d.attrs) add(data, a);
  }
};

Node makeNode(Node::Op op, Type type, ast::SMRange range, std::vector<NodeId> args = {}) {
  Node node;
  node.op = op;
  node.type = type;
  node.range = range;
  node.args = std::move(args);
  return node;
}

// What `on VERB x` binds x to.
K subjectType(ast::Verb verb) {
  switch (ast::subjectKind(verb)) {
  case ast::SubjectKind::Component: return K::Component;
  case ast::SubjectKind::Data: return K::Data;
  case ast::SubjectKind::Tag: return K::Symbol;
  }
  return K::Unknown;
}

const char *clauseName(ast::Clause::Kind kind) {
  switch (kind) {
  case ast::Clause::Kind::When: return "when";
  case ast::Clause::Kind::For: return "for";
  case ast::Clause::Kind::On: return "on";
  case ast::Clause::Kind::Require: return "require";
  case ast::Clause::Kind::Message: return "message";
  case ast::Clause::Kind::Hint: return "hint";
  case ast::Clause::Kind::Source: return "source";
  }
  return "?";
}

llvm::StringRef sourceText(ast::SMRange range) {
  return llvm::StringRef(range.Start.getPointer(), range.End.getPointer() - range.Start.getPointer());
}

// `text` with every run of whitespace (line breaks included) made one space.
std::string collapseSpaces(llvm::StringRef text) {
  llvm::SmallVector<llvm::StringRef, 16> words;
  llvm::SplitString(text, words);
  return llvm::join(words, " ");
}

// The variants in one line: a lone unconditional text as is, otherwise
// `when C: text | otherwise: text`.
std::string oneLine(const std::vector<TextVariant> &variants) {
  if (variants.size() == 1 && variants[0].condition.empty()) return variants[0].text;
  std::vector<std::string> shown;
  for (const TextVariant &v : variants)
    shown.push_back(v.condition.empty() ? "otherwise: " + v.text : "when " + v.condition + ": " + v.text);
  return llvm::join(shown, " | ");
}

// Compiles the clauses of one policy into `out`.
class PolicyCompiler {
public:
  PolicyCompiler(const sema::Model &model, const AttributeTypes &attrTypes, diag::Diagnostics &diags, Policy &out,
                 bool inPack)
      : model_(model), attrTypes_(attrTypes), diags_(diags), out_(out), inPack_(inPack) {}

  void compile(const ast::Policy &policy);

private:
  struct Var {
    std::string name;
    Slot slot;
  };

  void typeError(ast::SMRange range, std::string message) {
    diags_.report(diag::Kind::Type, range, std::move(message));
  }
  // A comparison whose operand types clash. When an operand is an attribute
  // the plan declares, the clash may be the plan's doing: a pack's policy is
  // reported at the plan's declaration (with a note at the policy), a plan's
  // own policy at the expression (with a note at the declaration).
  void comparisonError(ast::SMRange range, std::initializer_list<NodeId> operands, std::string message) {
    for (NodeId operand : operands) {
      const Node &node = out_.nodes[operand];
      auto declared = attrTypes_.firstDeclaration.find(node.key);
      if (node.op != Node::Op::Attr || declared == attrTypes_.firstDeclaration.end()) continue;
      const std::string &name = model_.symbols.name(node.key);
      const std::string where = fmt::format("policy {}", out_.info.id);
      if (inPack_) {
        diag::Finding &f = diags_.report(
            diag::Kind::Type, declared->second,
            fmt::format("'{}' is declared as {} here, which {} cannot use: {}", name, node.type.str(), where, message));
        f.notes.push_back({range, fmt::format("{} uses '{}' here", where, name)});
      } else {
        diag::Finding &f = diags_.report(diag::Kind::Type, range, std::move(message));
        f.notes.push_back({declared->second, fmt::format("'{}' is declared here as {}", name, node.type.str())});
      }
      return;
    }
    typeError(range, std::move(message));
  }
  void unknown(ast::SMRange range, std::string message, const std::string &word,
               const std::vector<std::string> &candidates) {
    unknown(range, std::move(message), word, diag::each(candidates));
  }
  void unknown(ast::SMRange range, std::string message, const std::string &word, diag::Candidates candidates) {
    diags_.reportUnknown(diag::Kind::Unknown, range, std::move(message), word, candidates);
  }

  NodeId add(Node node) {
    out_.nodes.push_back(std::move(node));
    return static_cast<NodeId>(out_.nodes.size() - 1);
  }
  const Type &typeOfNode(NodeId n) const { return out_.nodes[n].type; }
  Slot newSlot(const std::string &name, Type type) {
    out_.slotNames.push_back(name);
    slotTypes_.push_back(type);
    return static_cast<Slot>(out_.slotNames.size() - 1);
  }
  const Var *lookupVar(llvm::StringRef name) const {
    for (auto it = scope_.rbegin(); it != scope_.rend(); ++it)
      if (it->name == name) return &*it;
    return nullptr;
  }
  bool stepInScope() const { return guardVerb_.has_value() && !lookupVar("step"); }
  // A built-in attribute of components whose type holds no component: nothing gives it a reference.
  bool holdsNoReferences(SymbolId key) const {
    const sema::BuiltinAttrInfo *builtin = builtinOf(key);
    if (!builtin || !builtin->ownedBy(sema::AttrOwner::Component)) return false;
    const Type type = builtinType(builtin->attr);
    return type.kind != K::Component && type.element != K::Component;
  }
  const sema::BuiltinAttrInfo *builtinOf(SymbolId key) const {
    if (key == sema::kNoId) return nullptr;
    const std::optional<sema::BuiltinAttr> builtin = model_.builtin(key);
    return builtin ? &sema::builtinInfo(*builtin) : nullptr;
  }

  std::vector<Binder> bindAll(const std::vector<ast::Binder> &binders);
  void findJoins(std::vector<Binder> &binders, NodeId where, size_t outerScopeSize);
  NodeId compileCondition(const ast::Expr &expr, llvm::StringRef what);
  NodeId compileExpr(const ast::Expr &expr);
  NodeId compilePath(const ast::Expr &expr);
  NodeId compileCall(const ast::Expr &expr);
  NodeId compileCmp(const ast::Expr &expr);
  NodeId compileLiteral(const ast::Expr &expr);
  NodeId readAttribute(NodeId base, const ast::Ident &attr);
  NodeId compileSymbolArg(const ast::Expr &call, Node::Op op, sema::Category category, const char *what);
  std::vector<TemplatePart> compileTemplate(const ast::StringLit &text);
  void compileVariants(const std::vector<const ast::Clause *> &clauses, llvm::StringRef what,
                       std::vector<Template> &out, std::vector<TextVariant> &shown);

  const sema::Model &model_;
  const AttributeTypes &attrTypes_;
  diag::Diagnostics &diags_;
  Policy &out_;
  bool inPack_; // a pack's policy: type clashes with the plan's attributes are the plan's to fix
  std::vector<Var> scope_;
  std::vector<Type> slotTypes_;
  std::optional<ast::Verb> guardVerb_;
};

void PolicyCompiler::compile(const ast::Policy &policy) {
  const ast::Clause *clauseOf[7] = {};
  std::vector<const ast::Clause *> messages, hints;
  for (const ast::Clause &clause : policy.clauses) {
    if (clause.kind == ast::Clause::Kind::Message || clause.kind == ast::Clause::Kind::Hint) {
      auto &variants = clause.kind == ast::Clause::Kind::Message ? messages : hints;
      // Variants are tried in order: one without `when` hides every later one.
      if (!variants.empty() && !variants.back()->expr) {
        typeError(clause.range, fmt::format("malformed policy: {} has a `{}` after one without `when`, which "
                                            "always applies; only the last `{}` may omit `when`",
                                            policy.id.name, clauseName(clause.kind), clauseName(clause.kind)));
        continue;
      }
      variants.push_back(&clause);
      continue;
    }
    const ast::Clause *&first = clauseOf[static_cast<size_t>(clause.kind)];
    if (first) {
      typeError(clause.range, fmt::format("malformed policy: {} has more than one `{}` clause", policy.id.name,
                                          clauseName(clause.kind)));
      continue;
    }
    first = &clause;
  }
  auto clause = [&](ast::Clause::Kind k) { return clauseOf[static_cast<size_t>(k)]; };

  if (const ast::Clause *on = clause(ast::Clause::Kind::On)) {
    out_.guard = true;
    out_.verb = on->guarded;
    guardVerb_ = on->guarded;
    Slot slot = newSlot(on->var.name, Type::of(subjectType(on->guarded)));
    scope_.push_back({on->var.name, slot});
  }
  if (const ast::Clause *when = clause(ast::Clause::Kind::When))
    out_.when = compileCondition(*when->expr, "`when`");

  const size_t outerScope = scope_.size();
  if (const ast::Clause *forClause = clause(ast::Clause::Kind::For)) {
    out_.binders = bindAll(forClause->binders);
    if (forClause->expr) out_.where = compileCondition(*forClause->expr, "`where`");
  }
  if (const ast::Clause *on = clause(ast::Clause::Kind::On); on && on->expr) {
    NodeId where = compileCondition(*on->expr, "`where`");
    if (out_.where == kNoNode) {
      out_.where = where;
    } else { // `on X where A` with `for ... where B`: both filter
      out_.where = add(makeNode(Node::Op::And, Type::of(K::Bool), on->expr->range, {where, out_.where}));
    }
  }
  findJoins(out_.binders, out_.where, outerScope);

  if (const ast::Clause *require = clause(ast::Clause::Kind::Require))
    out_.require = compileCondition(*require->expr, "`require`");
  else
    typeError(policy.id.range, fmt::format("malformed policy: {} has no `require` clause", policy.id.name));

  compileVariants(messages, "`when` of a message", out_.messages, out_.info.messages);
  compileVariants(hints, "`when` of a hint", out_.hints, out_.info.hints);
  out_.info.hint = oneLine(out_.info.hints);
  if (const ast::Clause *source = clause(ast::Clause::Kind::Source)) out_.info.source = source->text.value;
}

void PolicyCompiler::compileVariants(const std::vector<const ast::Clause *> &clauses, llvm::StringRef what,
                                     std::vector<Template> &out, std::vector<TextVariant> &shown) {
  for (const ast::Clause *c : clauses) {
    Template t;
    if (c->expr) t.when = compileCondition(*c->expr, what);
    t.parts = compileTemplate(c->text);
    out.push_back(std::move(t));
    shown.push_back({c->expr ? collapseSpaces(sourceText(c->expr->range)) : std::string(), c->text.value});
  }
}

// Binds `x: kind | kind` variables into scope; the caller pops them.
std::vector<Binder> PolicyCompiler::bindAll(const std::vector<ast::Binder> &binders) {
  std::vector<Binder> result;
  const size_t listStart = scope_.size();
  for (const ast::Binder &b : binders) {
    Binder binder;
    binder.name = b.var.name;
    binder.range = b.range;
    bool anyComponent = false, anyData = false, anyRole = false;
    for (const ast::Ident &kind : b.kinds) {
      if (kind.name == "component") {
        anyComponent = true;
      } else if (kind.name == "data") {
        anyData = true;
      } else {
        anyRole = true;
        std::optional<SymbolId> role = model_.symbols.lookup(kind.name);
        const bool declared = role && model_.vocab.declares(sema::Category::Role, *role);
        if (model_.vocab.checks(sema::Category::Role) && !declared) {
          std::vector<std::string> names = {"component", "data"};
          for (SymbolId s : model_.vocab.declared[static_cast<size_t>(sema::Category::Role)])
            names.push_back(model_.symbols.name(s));
          diags_.reportUnknown(diag::Kind::Vocab, kind.range, fmt::format("unknown role '{}' in binder", kind.name),
                               kind.name, diag::each(names));
        }
        // A role that nothing declares or uses matches no component.
        binder.domain.roles.push_back(role.value_or(sema::kNoId));
      }
    }
    if (anyData && (anyComponent || anyRole))
      typeError(b.range, fmt::format("binder '{}' mixes data sets and components", b.var.name));
    if (anyData) binder.domain.kind = Domain::Kind::Data;
    if (anyComponent) binder.domain.roles.clear(); // `component` already takes every role
    for (size_t i = listStart; i < scope_.size(); ++i)
      if (scope_[i].name == b.var.name) {
        diag::Finding &f = diags_.report(diag::Kind::Dup, b.var.range,
                                         fmt::format("variable '{}' is bound twice in one binder list", b.var.name));
        f.notes.push_back({binders[i - listStart].var.range, "first bound here"});
      }
    binder.slot = newSlot(b.var.name, Type::of(anyData ? K::Data : K::Component));
    scope_.push_back({b.var.name, binder.slot});
    result.push_back(std::move(binder));
  }
  return result;
}

// Recognizes the conjuncts of `where` that link binder i to a variable bound
// before it, and turns them into index joins.
void PolicyCompiler::findJoins(std::vector<Binder> &binders, NodeId where, size_t outerScopeSize) {
  if (where == kNoNode || binders.empty()) return;
  std::vector<NodeId> conjuncts, pending = {where};
  while (!pending.empty()) {
    NodeId n = pending.back();
    pending.pop_back();
    if (out_.nodes[n].op == Node::Op::And)
      pending.insert(pending.end(), out_.nodes[n].args.begin(), out_.nodes[n].args.end());
    else
      conjuncts.push_back(n);
  }
  std::sort(conjuncts.begin(), conjuncts.end()); // source order: the first matching conjunct wins

  auto isVar = [&](NodeId n, Slot &slot) {
    if (out_.nodes[n].op != Node::Op::Var) return false;
    slot = out_.nodes[n].slot;
    return true;
  };
  auto isAttrOfVar = [&](NodeId n, Slot &slot, SymbolId &key) {
    const Node &node = out_.nodes[n];
    if (node.op != Node::Op::Attr || !isVar(node.args[0], slot)) return false;
    key = node.key;
    return true;
  };

  // Slots bound before binder i: the outer scope, then binders 0..i-1.
  std::vector<Slot> bound;
  for (size_t i = 0; i < outerScopeSize; ++i) bound.push_back(scope_[i].slot);
  for (Binder &binder : binders) {
    auto usableOuter = [&](Slot s) {
      return std::find(bound.begin(), bound.end(), s) != bound.end() && slotTypes_[s].is(K::Component);
    };
    for (NodeId c : conjuncts) {
      const Node &cmp = out_.nodes[c];
      if (cmp.op != Node::Op::Cmp || (cmp.cmp != ast::CmpOp::Eq && cmp.cmp != ast::CmpOp::In)) continue;
      Slot var = 0, attrVar = 0;
      SymbolId key = sema::kNoId;
      const SymbolId anyKey = sema::kNoId;
      auto keyFilter = [&](SymbolId k) { return k == model_.keyRefs ? anyKey : k; };
      std::optional<Join> join;
      for (int flip = 0; flip < 2 && !join; ++flip) {
        NodeId lhs = cmp.args[flip], rhs = cmp.args[1 - flip];
        if (flip == 1 && cmp.cmp == ast::CmpOp::In) break; // `in` is not symmetric
        if (!isVar(lhs, var) || !isAttrOfVar(rhs, attrVar, key) || key == sema::kNoId) continue;
        if (binder.domain.kind == Domain::Kind::Data) {
          // `c == d.held_by`: d ranges over what c may hold.
          if (attrVar == binder.slot && usableOuter(var) && key == model_.keyHeldBy && cmp.cmp == ast::CmpOp::Eq)
            join = Join{Join::Direction::HeldBy, var, key};
        } else if (attrVar == binder.slot && usableOuter(var)) {
          join = Join{Join::Direction::ReferencedBy, var, keyFilter(key)}; // `p in s.key`
        } else if (var == binder.slot && usableOuter(attrVar)) {
          join = Join{Join::Direction::ReferencesOf, attrVar, keyFilter(key)}; // `s in p.key`
        }
      }
      // Only attributes that can hold references have graph edges.
      if (join && join->direction != Join::Direction::HeldBy && join->key != anyKey && holdsNoReferences(join->key))
        join.reset();
      if (join) {
        binder.join = join;
        break;
      }
    }
    bound.push_back(binder.slot);
  }
}

NodeId PolicyCompiler::compileCondition(const ast::Expr &expr, llvm::StringRef what) {
  NodeId n = compileExpr(expr);
  if (n != kNoNode && !isBoolOrDynamic(typeOfNode(n)))
    typeError(expr.range, fmt::format("{} needs a bool, but this is {}", what, typeOfNode(n).str()));
  return n;
}

NodeId PolicyCompiler::compileExpr(const ast::Expr &expr) {
  switch (expr.kind) {
  case ast::Expr::Kind::Literal: return compileLiteral(expr);
  case ast::Expr::Kind::Path: return compilePath(expr);
  case ast::Expr::Kind::Call: return compileCall(expr);
  case ast::Expr::Kind::Paren: return compileExpr(*expr.args[0]);
  case ast::Expr::Kind::Cmp: return compileCmp(expr);
  case ast::Expr::Kind::List: {
    Node node = makeNode(Node::Op::List, Type::of(K::List, K::None), expr.range);
    for (const ast::ExprPtr &item : expr.args) {
      NodeId n = compileExpr(*item);
      if (n == kNoNode) return kNoNode;
      node.type.element = mergeKinds(node.type.element, typeOfNode(n).kind);
      node.args.push_back(n);
    }
    if (node.type.element == K::None || node.type.element == K::List) node.type.element = K::Unknown;
    return add(std::move(node));
  }
  case ast::Expr::Kind::Not:
  case ast::Expr::Kind::And:
  case ast::Expr::Kind::Or: {
    const Node::Op op = expr.kind == ast::Expr::Kind::Not   ? Node::Op::Not
                        : expr.kind == ast::Expr::Kind::And ? Node::Op::And
                                                            : Node::Op::Or;
    Node node = makeNode(op, Type::of(K::Bool), expr.range);
    const char *word = expr.kind == ast::Expr::Kind::Not ? "not" : expr.kind == ast::Expr::Kind::And ? "and" : "or";
    bool ok = true;
    for (const ast::ExprPtr &arg : expr.args) {
      NodeId n = compileExpr(*arg);
      if (n == kNoNode) {
        ok = false;
        continue;
      }
      if (!isBoolOrDynamic(typeOfNode(n))) {
        typeError(arg->range, fmt::format("`{}` needs a bool operand, but this is {}", word, typeOfNode(n).str()));
        ok = false;
      }
      node.args.push_back(n);
    }
    return ok ? add(std::move(node)) : kNoNode;
  }
  case ast::Expr::Kind::Exists:
  case ast::Expr::Kind::No:
  case ast::Expr::Kind::Count: {
    const size_t outer = scope_.size();
    std::vector<Binder> binders = bindAll(expr.binders);
    NodeId where = expr.where ? compileCondition(*expr.where, "`where`") : kNoNode;
    findJoins(binders, where, outer);
    scope_.resize(outer);
    if (expr.where && where == kNoNode) return kNoNode;
    const Node::Op op = expr.kind == ast::Expr::Kind::Exists ? Node::Op::Exists
                        : expr.kind == ast::Expr::Kind::No   ? Node::Op::No
                                                             : Node::Op::Count;
    Node node = makeNode(op, Type::of(expr.kind == ast::Expr::Kind::Count ? K::Int : K::Bool), expr.range);
    node.binders = std::move(binders);
    node.where = where;
    return add(std::move(node));
  }
  }
  return kNoNode;
}

NodeId PolicyCompiler::compileLiteral(const ast::Expr &expr) {
  const ast::Value &lit = expr.literal;
  Node node = makeNode(Node::Op::Const, Type(), expr.range);
  switch (lit.kind) {
  case ast::Value::Kind::Int:
  case ast::Value::Kind::Version: {
    std::vector<uint64_t> parts;
    if (!sema::parseVersion(lit.text, parts) || (lit.kind == ast::Value::Kind::Int && parts[0] > INT64_MAX)) {
      typeError(expr.range, fmt::format("number '{}' is too large", lit.text));
      return kNoNode;
    }
    node.constant = lit.kind == ast::Value::Kind::Int ? sema::Value::integer(static_cast<int64_t>(parts[0]))
                                                       : sema::Value::version(std::move(parts));
    break;
  }
  case ast::Value::Kind::String: node.constant = sema::Value::string(lit.text); break;
  case ast::Value::Kind::Bool: node.constant = sema::Value::boolean(lit.boolean); break;
  case ast::Value::Kind::None: break;
  case ast::Value::Kind::Ident:
  case ast::Value::Kind::List: typeError(expr.range, "unexpected literal"); return kNoNode;
  }
  node.type = typeOf(node.constant);
  return add(std::move(node));
}

NodeId PolicyCompiler::compilePath(const ast::Expr &expr) {
  const ast::Ident &head = expr.path.front();
  NodeId base = kNoNode;
  size_t next = 1;
  if (const Var *var = lookupVar(head.name)) {
    Node node = makeNode(Node::Op::Var, slotTypes_[var->slot], head.range);
    node.slot = var->slot;
    base = add(std::move(node));
  } else if (head.name == "step" && stepInScope()) {
    if (expr.path.size() < 2) {
      std::vector<std::string> all;
      for (const OperandInfo &o : kOperands) all.push_back(fmt::format("step.{}", operandName(o.operand)));
      typeError(expr.range, fmt::format("`step` is read through an operand: {} or {}",
                                        fmt::join(all.begin(), all.end() - 1, ", "), all.back()));
      return kNoNode;
    }
    const ast::Ident &stepOperand = expr.path[1];
    const OperandInfo *info = operandNamed(stepOperand.name);
    if (!info || !verbHasOperand(*guardVerb_, info->operand)) {
      std::vector<std::string> has;
      for (const OperandInfo &o : kOperands)
        if (verbHasOperand(*guardVerb_, o.operand)) has.push_back(fmt::format("step.{}", operandName(o.operand)));
      typeError(stepOperand.range,
                fmt::format("`{}` steps have no operand '{}' ({})", ast::keyword(*guardVerb_), stepOperand.name,
                            has.empty() ? std::string("they have none") : "they have " + fmt::format("{}", fmt::join(has, ", "))));
      return kNoNode;
    }
    Node node = makeNode(Node::Op::Step, Type::of(info->type), expr.range);
    node.operand = info->operand;
    base = add(std::move(node));
    next = 2;
  } else if (std::optional<sema::Value> value = sema::resolveName(model_, head.name)) {
    Type type = typeOf(*value);
    Node node = makeNode(Node::Op::Const, type, head.range);
    node.constant = std::move(*value);
    base = add(std::move(node));
  } else {
    // Built only while the suggestion budget lasts.
    unknown(head.range, fmt::format("unknown name '{}'", head.name), head.name, [&](auto yield) {
      for (const std::string &name : sema::nameCandidates(model_)) yield(name);
      for (const Var &v : scope_) yield(v.name);
      if (stepInScope()) yield("step");
    });
    return kNoNode;
  }
  for (size_t i = next; i < expr.path.size() && base != kNoNode; ++i) base = readAttribute(base, expr.path[i]);
  return base;
}

NodeId PolicyCompiler::readAttribute(NodeId base, const ast::Ident &attr) {
  const Type baseType = typeOfNode(base);
  const SymbolId key = model_.symbols.lookup(attr.name).value_or(sema::kNoId);
  Type type = Type::of(K::None); // nothing declares it: it reads as none
  // A built-in attribute of the entity has its fixed type; any other key the type its declarations give it.
  auto typeFor = [&](sema::AttrOwner owner, const std::unordered_map<SymbolId, Type> &declared) {
    if (const sema::BuiltinAttrInfo *builtin = builtinOf(key); builtin && builtin->ownedBy(owner)) {
      type = builtinType(builtin->attr);
    } else if (auto it = declared.find(key); it != declared.end()) {
      type = it->second;
    }
  };
  switch (baseType.kind) {
  case K::Component: typeFor(sema::AttrOwner::Component, attrTypes_.component); break;
  case K::Data: typeFor(sema::AttrOwner::Data, attrTypes_.data); break;
  case K::Unknown: type = Type::of(K::Unknown); break;
  case K::None: break; // a path through none is none
  default:
    typeError(attr.range, fmt::format("cannot read attribute '{}' of a {}: only components and data sets have "
                                      "attributes",
                                      attr.name, baseType.str()));
    return kNoNode;
  }
  Node node = makeNode(Node::Op::Attr, type, attr.range, {base});
  node.key = key;
  return add(std::move(node));
}

NodeId PolicyCompiler::compileSymbolArg(const ast::Expr &call, Node::Op op, sema::Category category,
                                        const char *what) {
  const ast::Expr &arg = *call.args[0];
  if (arg.kind != ast::Expr::Kind::Path || arg.path.size() != 1 || lookupVar(arg.path[0].name)) {
    typeError(arg.range, fmt::format("{}() takes the name of a {}", call.callee.name, what));
    return kNoNode;
  }
  const ast::Ident &name = arg.path[0];
  std::optional<SymbolId> symbol = model_.symbols.lookup(name.name);
  if (model_.vocab.checks(category) && !(symbol && model_.vocab.declares(category, *symbol))) {
    std::vector<std::string> names;
    for (SymbolId s : model_.vocab.declared[static_cast<size_t>(category)]) names.push_back(model_.symbols.name(s));
    diags_.reportUnknown(diag::Kind::Vocab, name.range, fmt::format("unknown {} '{}'", what, name.name), name.name,
                         diag::each(names));
    return kNoNode;
  }
  Node node = makeNode(op, Type::of(K::Bool), call.range);
  node.key = symbol.value_or(sema::kNoId);
  return add(std::move(node));
}

NodeId PolicyCompiler::compileCall(const ast::Expr &expr) {
  const std::string &callee = expr.callee.name;
  auto arity = [&](size_t n) {
    if (expr.args.size() == n) return true;
    typeError(expr.range, fmt::format("{}() takes {} argument{}, but {} {} given", callee, n, n == 1 ? "" : "s",
                                      expr.args.size(), expr.args.size() == 1 ? "was" : "were"));
    return false;
  };
  if (callee == "critical") return arity(1) ? compileSymbolArg(expr, Node::Op::Critical, sema::Category::Service, "service") : kNoNode;
  if (callee == "confirmed") return arity(1) ? compileSymbolArg(expr, Node::Op::Confirmed, sema::Category::Tag, "tag") : kNoNode;
  if (callee == "final" || callee == "initial") {
    if (!arity(0)) return kNoNode;
    return add(makeNode(callee == "final" ? Node::Op::Final : Node::Op::Initial, Type::of(K::Bool), expr.range));
  }
  // The one argument of `callee`, of type `kind` (or dynamic); kNoNode after an error.
  auto onlyArgument = [&](K kind, const char *what) -> NodeId {
    if (!arity(1)) return kNoNode;
    NodeId arg = compileExpr(*expr.args[0]);
    if (arg == kNoNode) return kNoNode;
    const Type &t = typeOfNode(arg);
    if (!t.is(kind) && !t.is(K::Unknown) && !t.is(K::None)) {
      typeError(expr.args[0]->range, fmt::format("{}() takes {}, but this is {}", callee, what, t.str()));
      return kNoNode;
    }
    return arg;
  };
  if (callee == "len") {
    NodeId arg = onlyArgument(K::List, "a list");
    return arg == kNoNode ? kNoNode : add(makeNode(Node::Op::Len, Type::of(K::Int), expr.range, {arg}));
  }
  if (callee == "pinned") {
    NodeId arg = onlyArgument(K::Symbol, "a data kind");
    if (arg == kNoNode) return kNoNode;
    // The vocabularies are known now: `pinned(k)` is `k in [the pinned kinds]`.
    std::vector<sema::Value> kinds;
    for (SymbolId kind : model_.vocab.pinned) kinds.push_back(sema::Value::symbol(kind));
    Node list = makeNode(Node::Op::Const, Type::of(K::List, K::Symbol), expr.range);
    list.constant = sema::Value::list(std::move(kinds));
    const NodeId listId = add(std::move(list));
    Node in = makeNode(Node::Op::Cmp, Type::of(K::Bool), expr.range, {arg, listId});
    in.cmp = ast::CmpOp::In;
    return add(std::move(in));
  }
  unknown(expr.callee.range, fmt::format("unknown function '{}'", callee), callee,
          std::vector<std::string>(kFunctions.begin(), kFunctions.end()));
  return kNoNode;
}

NodeId PolicyCompiler::compileCmp(const ast::Expr &expr) {
  NodeId lhs = compileExpr(*expr.args[0]);
  NodeId rhs = compileExpr(*expr.args[1]);
  if (lhs == kNoNode || rhs == kNoNode) return kNoNode;
  const Type &a = typeOfNode(lhs), &b = typeOfNode(rhs);
  static constexpr const char *kOps[] = {"==", "!=", "<=", ">=", "<", ">", "in"};
  const char *op = kOps[static_cast<size_t>(expr.op)];
  bool ok = true;
  switch (expr.op) {
  case ast::CmpOp::Eq:
  case ast::CmpOp::Ne:
    if (!comparable(a, b)) {
      comparisonError(expr.range, {lhs, rhs}, fmt::format("cannot compare {} with {}", a.str(), b.str()));
      ok = false;
    }
    break;
  case ast::CmpOp::In: {
    Type element = b.is(K::List) ? Type::of(b.element) : b;
    if (!comparable(a, element)) {
      comparisonError(expr.range, {lhs, rhs}, fmt::format("`in` cannot look for {} in {}", a.str(), b.str()));
      ok = false;
    }
    break;
  }
  default:
    if (!isNumericOrDynamic(a) || !isNumericOrDynamic(b)) {
      comparisonError(expr.range, {lhs, rhs},
                      fmt::format("`{}` orders ints and versions only, not {} and {}", op, a.str(), b.str()));
      ok = false;
    }
    break;
  }
  if (!ok) return kNoNode;
  Node node = makeNode(Node::Op::Cmp, Type::of(K::Bool), expr.range, {lhs, rhs});
  node.cmp = expr.op;
  return add(std::move(node));
}

// `{var}`, `{var.attr.attr}`, `{step.operand}`; `{{` and `}}` are literal braces,
// and so is a `}` that closes nothing.
std::vector<TemplatePart> PolicyCompiler::compileTemplate(const ast::StringLit &text) {
  std::vector<TemplatePart> parts;
  const std::string &s = text.value;
  std::string literal;
  auto flushLiteral = [&] {
    if (literal.empty()) return;
    TemplatePart part;
    part.text = std::move(literal);
    parts.push_back(std::move(part));
    literal.clear();
  };
  size_t i = 0;
  while (i < s.size()) {
    if (s.compare(i, 2, "{{") == 0 || s.compare(i, 2, "}}") == 0) {
      literal += s[i];
      i += 2;
      continue;
    }
    size_t close = s[i] == '{' ? s.find('}', i) : std::string::npos;
    if (close == std::string::npos) {
      literal += s[i++];
      continue;
    }
    llvm::SmallVector<llvm::StringRef, 4> words;
    llvm::StringRef(s).slice(i + 1, close).split(words, '.');
    TemplatePart part;
    size_t attrStart = 1;
    if (const Var *var = lookupVar(words[0])) {
      part.slot = var->slot;
    } else if (words[0] == "step" && stepInScope() && words.size() >= 2) {
      const OperandInfo *info = operandNamed(words[1]);
      if (info && verbHasOperand(*guardVerb_, info->operand)) part.operand = info->operand;
      attrStart = 2;
    }
    if (!part.slot && !part.operand) {
      std::vector<std::string> candidates;
      for (const Var &v : scope_) candidates.push_back(v.name);
      unknown(text.range, fmt::format("'{{{}}}' in this text is not a variable of the policy", words[0].str()),
              words[0].str(), candidates);
      return {};
    }
    for (size_t p = attrStart; p < words.size(); ++p)
      part.path.push_back(model_.symbols.lookup(words[p]).value_or(sema::kNoId));
    flushLiteral();
    parts.push_back(std::move(part));
    i = close + 1;
  }
  flushLiteral();
  return parts;
}

} // namespace

ast::Operand syntaxOperand(StepOperand operand) {
  switch (operand) {
#define CUTOVER_STEP_OPERAND(Name, Type)                                                                          \
  case StepOperand::Name: return ast::Operand::Name;
#include "compiler/policy/step_operands.def"
#undef CUTOVER_STEP_OPERAND
  }
  return ast::Operand::From;
}

std::string_view operandName(StepOperand operand) { return ast::operandName(syntaxOperand(operand)); }

// ast::keyword's text is a string literal: null-terminated.
const char *verbName(ast::Verb verb) { return ast::keyword(verb).data(); }

PolicySet compilePolicies(const parse::Program &program, const sema::Model &model, diag::Diagnostics &diags) {
  PolicySet set;
  const AttributeTypes attrTypes(model);
  for (const auto &file : program.files) {
    const std::string origin = !file->pack.empty() ? file->pack : llvm::sys::path::stem(file->path).str();
    for (const ast::Item &item : file->items) {
      const auto *policy = std::get_if<ast::Policy>(&item);
      if (!policy) continue;
      Policy compiled;
      compiled.info.id = policy->id.name;
      compiled.info.severity = policy->severity == ast::PolicySeverity::Error     ? diag::Severity::Error
                               : policy->severity == ast::PolicySeverity::Warning ? diag::Severity::Warning
                                                                                  : diag::Severity::Info;
      compiled.info.title = policy->title.value;
      compiled.info.origin = origin;
      compiled.info.range = policy->range;
      compiled.info.idRange = policy->id.range;
      PolicyCompiler(model, attrTypes, diags, compiled, !file->pack.empty()).compile(*policy);
      if (const Policy *first = set.find(policy->id.name)) {
        diag::Finding &f =
            diags.report(diag::Kind::Dup, policy->id.range, fmt::format("policy {} is declared twice", policy->id.name));
        f.notes.push_back({first->info.idRange, fmt::format("{} is first declared here", policy->id.name)});
        continue;
      }
      set.byId[policy->id.name] = static_cast<uint32_t>(set.policies.size());
      set.policies.push_back(std::move(compiled));
    }
  }
  for (const sema::Waiver &waiver : model.waivers) {
    auto it = set.byId.find(waiver.policyId);
    if (it != set.byId.end()) {
      set.waiverPolicy.push_back(it->second);
      continue;
    }
    set.waiverPolicy.push_back(sema::kNoId);
    diags.reportUnknown(diag::Kind::Unknown, waiver.policyRange,
                        fmt::format("waiver names unknown policy '{}'", waiver.policyId), waiver.policyId,
                        [&](auto yield) {
                          for (const Policy &p : set.policies) yield(p.info.id);
                        });
  }
  return set;
}

} // namespace cutover::policy
