#include "compiler/policy/policy_compiler.h"

#include <fmt/format.h>

#include <array>

namespace cutover::policy::detail {

namespace {

constexpr std::array<const char *, 6> kFunctions = {"critical", "confirmed", "final", "initial", "len", "pinned"};

} // namespace

NodeId PolicyCompiler::compileCondition(const ast::Expr &expr, llvm::StringRef what) {
  NodeId n = compileExpr(expr);
  if (n != kNoNode && !isBoolOrDynamic(typeOfNode(n)))
    typeError(expr.range, diag::msg::ConditionNotBool, what, typeOfNode(n).str());
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
        typeError(arg->range, diag::msg::OperandNotBool, word, typeOfNode(n).str());
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
    scheduleFilters(binders, where);
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
      typeError(expr.range, diag::msg::NumberTooLarge, lit.text);
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
  case ast::Value::Kind::List: typeError(expr.range, diag::msg::UnexpectedLiteral); return kNoNode;
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
      typeError(expr.range, diag::msg::StepWithoutOperand,
                fmt::format("{}", fmt::join(all.begin(), all.end() - 1, ", ")), all.back());
      return kNoNode;
    }
    const ast::Ident &stepOperand = expr.path[1];
    const OperandInfo *info = operandNamed(stepOperand.name);
    if (!info || !verbHasOperand(*guardVerb_, info->operand)) {
      std::vector<std::string> has;
      for (const OperandInfo &o : kOperands)
        if (verbHasOperand(*guardVerb_, o.operand)) has.push_back(fmt::format("step.{}", operandName(o.operand)));
      typeError(stepOperand.range, diag::msg::NoSuchStepOperand, ast::keyword(*guardVerb_), stepOperand.name,
                has.empty() ? diag::format(diag::msg::StepHasNoOperands)
                            : diag::format(diag::msg::StepHasOperands, fmt::format("{}", fmt::join(has, ", "))));
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
    unknown(
        head.range, head.name,
        [&](auto yield) {
          for (const std::string &name : sema::nameCandidates(model_)) yield(name);
          for (const Var &v : scope_) yield(v.name);
          if (stepInScope()) yield("step");
        },
        diag::msg::UnknownName, head.name);
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
  default: typeError(attr.range, diag::msg::AttributeOfNonEntity, attr.name, baseType.str()); return kNoNode;
  }
  Node node = makeNode(Node::Op::Attr, type, attr.range, {base});
  node.key = key;
  return add(std::move(node));
}

NodeId PolicyCompiler::compileSymbolArg(const ast::Expr &call, Node::Op op, sema::Category category, const char *what) {
  const ast::Expr &arg = *call.args[0];
  if (arg.kind != ast::Expr::Kind::Path || arg.path.size() != 1 || lookupVar(arg.path[0].name)) {
    typeError(arg.range, diag::msg::TakesTheNameOf, call.callee.name, what);
    return kNoNode;
  }
  const ast::Ident &name = arg.path[0];
  std::optional<SymbolId> symbol = model_.symbols.lookup(name.name);
  if (model_.vocab.checks(category) && !(symbol && model_.vocab.declares(category, *symbol))) {
    std::vector<std::string> names;
    for (SymbolId s : model_.vocab.declared[static_cast<size_t>(category)]) names.push_back(model_.symbols.name(s));
    diag::reportUnknown(diags_, name.range, name.name, diag::each(names), diag::msg::UnknownSymbol, what, name.name);
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
    typeError(expr.range, diag::msg::WrongArity, callee, static_cast<int64_t>(n), n == 1 ? "" : "s",
              static_cast<int64_t>(expr.args.size()), expr.args.size() == 1 ? "was" : "were");
    return false;
  };
  if (callee == "critical")
    return arity(1) ? compileSymbolArg(expr, Node::Op::Critical, sema::Category::Service, "service") : kNoNode;
  if (callee == "confirmed")
    return arity(1) ? compileSymbolArg(expr, Node::Op::Confirmed, sema::Category::Tag, "tag") : kNoNode;
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
      typeError(expr.args[0]->range, diag::msg::WrongArgument, callee, what, t.str());
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
  unknown(
      expr.callee.range, callee,
      [](auto yield) {
        for (const char *name : kFunctions) yield(name);
      },
      diag::msg::UnknownFunction, callee);
  return kNoNode;
}

void PolicyCompiler::comparisonError(ast::SMRange range, std::initializer_list<NodeId> operands, std::string message) {
  for (NodeId operand : operands) {
    const Node &node = out_.nodes[operand];
    auto declared = attrTypes_.firstDeclaration.find(node.key);
    if (node.op != Node::Op::Attr || declared == attrTypes_.firstDeclaration.end()) continue;
    const std::string &name = model_.symbols.name(node.key);
    const std::string where = fmt::format("policy {}", out_.info.id);
    if (inPack_) {
      diag::Finding &f =
          diag::report(diags_, declared->second, diag::msg::DeclaredAsUnusable, name, node.type.str(), where, message);
      diag::note(f, range, diag::msg::UsesHere, where, name);
    } else {
      diag::Finding &f = diags_.report(diag::Kind::Type, range, std::move(message));
      diag::note(f, declared->second, diag::msg::DeclaredHereAs, name, node.type.str());
    }
    return;
  }
  diags_.report(diag::Kind::Type, range, std::move(message));
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
      comparisonError(expr.range, {lhs, rhs}, diag::format(diag::msg::CannotCompare, a.str(), b.str()));
      ok = false;
    }
    break;
  case ast::CmpOp::In: {
    Type element = b.is(K::List) ? Type::of(b.element) : b;
    if (!comparable(a, element)) {
      comparisonError(expr.range, {lhs, rhs}, diag::format(diag::msg::CannotLookIn, a.str(), b.str()));
      ok = false;
    }
    break;
  }
  default:
    if (!isNumericOrDynamic(a) || !isNumericOrDynamic(b)) {
      comparisonError(expr.range, {lhs, rhs}, diag::format(diag::msg::OrdersIntsAndVersions, op, a.str(), b.str()));
      ok = false;
    }
    break;
  }
  if (!ok) return kNoNode;
  Node node = makeNode(Node::Op::Cmp, Type::of(K::Bool), expr.range, {lhs, rhs});
  node.cmp = expr.op;
  return add(std::move(node));
}

} // namespace cutover::policy::detail
