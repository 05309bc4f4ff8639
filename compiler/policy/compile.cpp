#include "compiler/policy/policy_compiler.h"

#include <llvm/ADT/StringExtras.h>
#include <llvm/Support/Path.h>

namespace cutover::policy {

namespace detail {

namespace {

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
  shown.reserve(variants.size());
  for (const TextVariant &v : variants)
    shown.push_back(v.condition.empty() ? "otherwise: " + v.text : "when " + v.condition + ": " + v.text);
  return llvm::join(shown, " | ");
}

} // namespace

const OperandInfo *operandNamed(llvm::StringRef name) {
  for (const OperandInfo &o : kOperands)
    if (llvm::StringRef(operandName(o.operand)) == name) return &o;
  return nullptr;
}

// The type policies see a built-in attribute with (builtin_attrs.def).
Type builtinType(sema::BuiltinAttr attr) {
  switch (attr) {
    // clang-format would join the #include below to the macro's last line.
    // clang-format off
#define CUTOVER_ATTR(Enum, Name, Owner, PolicyType, Element, Check, Required, Stored)                                  \
  case sema::BuiltinAttr::Enum: return Type::of(K::PolicyType, K::Element);
#include "compiler/sema/builtin_attrs.def"
    // clang-format on
  }
  return Type::of(K::Unknown);
}

bool verbHasOperand(ast::Verb verb, StepOperand operand) { return ast::hasOperand(verb, syntaxOperand(operand)); }

AttributeTypes::AttributeTypes(const sema::Model &model) {
  // Gathered flat by key (a large plan declares 10^5 attributes: two hash
  // lookups each were most of compilePolicies), then put in the maps.
  struct Seen {
    std::optional<Type> component, data;
    std::optional<ast::SMRange> first;
  };
  std::vector<Seen> byKey(model.symbols.size());
  Seen unnamed; // kNoId
  auto add = [&](bool isData, const sema::Attribute &a) {
    Seen &seen = a.key < byKey.size() ? byKey[a.key] : unnamed;
    std::optional<Type> &type = isData ? seen.data : seen.component;
    const Type t = typeOf(a.value);
    type = type ? merge(*type, t) : t;
    if (!seen.first) seen.first = a.range;
  };
  for (const sema::ComponentDecl &c : model.components)
    for (const sema::Attribute &a : c.attrs) add(false, a);
  for (const sema::PhaseDecl &phase : model.phases)
    for (const sema::Step &step : phase.steps)
      for (const sema::Attribute &a : step.attrs) add(false, a);
  for (const sema::DataDecl &d : model.data)
    for (const sema::Attribute &a : d.attrs) add(true, a);
  auto keep = [&](SymbolId key, const Seen &seen) {
    if (seen.component) component.emplace(key, *seen.component);
    if (seen.data) data.emplace(key, *seen.data);
    if (seen.first) firstDeclaration.emplace(key, *seen.first);
  };
  for (SymbolId key = 0; key < byKey.size(); ++key) keep(key, byKey[key]);
  keep(sema::kNoId, unnamed);
}

Node makeNode(Node::Op op, Type type, ast::SMRange range, std::vector<NodeId> args) {
  Node node;
  node.op = op;
  node.type = type;
  node.range = range;
  node.args = std::move(args);
  return node;
}

void PolicyCompiler::compile(const ast::Policy &policy) {
  const ast::Clause *clauseOf[7] = {};
  std::vector<const ast::Clause *> messages, hints;
  for (const ast::Clause &clause : policy.clauses) {
    if (clause.kind == ast::Clause::Kind::Message || clause.kind == ast::Clause::Kind::Hint) {
      auto &variants = clause.kind == ast::Clause::Kind::Message ? messages : hints;
      // Variants are tried in order: one without `when` hides every later one.
      if (!variants.empty() && !variants.back()->expr) {
        typeError(clause.range, diag::msg::VariantAfterUnconditional, policy.id.name, clauseName(clause.kind),
                  clauseName(clause.kind));
        continue;
      }
      variants.push_back(&clause);
      continue;
    }
    const ast::Clause *&first = clauseOf[static_cast<size_t>(clause.kind)];
    if (first) {
      typeError(clause.range, diag::msg::ClauseTwice, policy.id.name, clauseName(clause.kind));
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
  if (const ast::Clause *when = clause(ast::Clause::Kind::When)) out_.when = compileCondition(*when->expr, "`when`");

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
  scheduleFilters(out_.binders, out_.where);

  if (const ast::Clause *require = clause(ast::Clause::Kind::Require))
    out_.require = compileCondition(*require->expr, "`require`");
  else
    typeError(policy.id.range, diag::msg::NoRequire, policy.id.name);

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
          diag::reportUnknown(diags_, kind.range, kind.name, diag::each(names), diag::msg::UnknownBinderRole,
                              kind.name);
        }
        // A role that nothing declares or uses matches no component.
        binder.domain.roles.push_back(role.value_or(sema::kNoId));
      }
    }
    if (anyData && (anyComponent || anyRole)) typeError(b.range, diag::msg::BinderMixesKinds, b.var.name);
    if (anyData) binder.domain.kind = Domain::Kind::Data;
    if (anyComponent) binder.domain.roles.clear(); // `component` already takes every role
    for (size_t i = listStart; i < scope_.size(); ++i)
      if (scope_[i].name == b.var.name) {
        diag::Finding &f = diag::report(diags_, b.var.range, diag::msg::VariableBoundTwice, b.var.name);
        diag::note(f, binders[i - listStart].var.range, diag::msg::FirstBoundHere);
      }
    binder.slot = newSlot(b.var.name, Type::of(anyData ? K::Data : K::Component));
    scope_.push_back({b.var.name, binder.slot});
    result.push_back(std::move(binder));
  }
  return result;
}

} // namespace detail

using detail::AttributeTypes;
using detail::PolicyCompiler;

ast::Operand syntaxOperand(StepOperand operand) {
  switch (operand) {
#define CUTOVER_STEP_OPERAND(Name, Type)                                                                               \
  case StepOperand::Name:                                                                                              \
    return ast::Operand::Name;
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
        diag::Finding &f = diag::report(diags, policy->id.range, diag::msg::PolicyDeclaredTwice, policy->id.name);
        diag::note(f, first->info.idRange, diag::msg::PolicyFirstDeclaredHere, policy->id.name);
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
    diag::reportUnknown(
        diags, waiver.policyRange, waiver.policyId,
        [&](auto yield) {
          for (const Policy &p : set.policies) yield(p.info.id);
        },
        diag::msg::UnknownWaivedPolicy, waiver.policyId);
  }
  return set;
}

} // namespace cutover::policy
