// The policy compiler's internals, shared by its four parts: compile.cpp (a policy's clauses, binders,
// compilePolicies), joins.cpp (index joins and each binder's filters from `where`), expressions.cpp (expressions,
// paths, calls, comparisons) and templates.cpp (message and hint texts). Not an interface: other code includes
// policy.h.
#pragma once

#include "compiler/diag/messages.h"
#include "compiler/policy/policy.h"
#include "compiler/policy/types.h"
#include "compiler/sema/resolve.h"

#include <llvm/ADT/STLExtras.h>

#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

namespace cutover::policy::detail {

using K = Type::Kind;

struct OperandInfo {
  StepOperand operand;
  K type;
};
// The operands a guard may read, `step.<name>` (step_operands.def).
inline constexpr OperandInfo kOperands[] = {
#define CUTOVER_STEP_OPERAND(Name, Type) {StepOperand::Name, K::Type},
#include "compiler/policy/step_operands.def"
#undef CUTOVER_STEP_OPERAND
};

// The `step.<name>` operand called `name`, or null.
const OperandInfo *operandNamed(llvm::StringRef name);

// The type policies see a built-in attribute with (builtin_attrs.def).
Type builtinType(sema::BuiltinAttr attr);

// The operands a verb has (`step.from`, `step.to`, ...).
bool verbHasOperand(ast::Verb verb, StepOperand operand);

// Types of the attributes that components and data sets declare, merged
// over every declaration in the model.
struct AttributeTypes {
  std::unordered_map<SymbolId, Type> component, data; // not DenseMap: kNoId is its empty key
  // The first declaration of each key: a policy that uses the attribute with
  // another type is blamed on the plan's declaration, not only on the policy.
  std::unordered_map<SymbolId, ast::SMRange> firstDeclaration;

  explicit AttributeTypes(const sema::Model &model);
};

Node makeNode(Node::Op op, Type type, ast::SMRange range, std::vector<NodeId> args = {});

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

  template <typename... A>
  void typeError(ast::SMRange range, const diag::Message<A...> &message, std::type_identity_t<A>... args) {
    diag::report(diags_, range, message, args...);
  }
  // A comparison whose operand types clash. When an operand is an attribute
  // the plan declares, the clash may be the plan's doing: a pack's policy is
  // reported at the plan's declaration (with a note at the policy), a plan's
  // own policy at the expression (with a note at the declaration). `message`
  // is a catalogued E-TYPE message (diag::format).
  void comparisonError(ast::SMRange range, std::initializer_list<NodeId> operands, std::string message);
  template <typename... A>
  void unknown(ast::SMRange range, llvm::StringRef word, diag::Candidates candidates,
               const diag::Message<A...> &message, std::type_identity_t<A>... args) {
    diag::reportUnknown(diags_, range, word, candidates, message, args...);
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
    for (const Var &var : llvm::reverse(scope_)) // the innermost binding of the name
      if (var.name == name) return &var;
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
  void scheduleFilters(std::vector<Binder> &binders, NodeId where) const;
  // The operands of `where`'s `and`s, in source order.
  std::vector<NodeId> conjunctsOf(NodeId where) const;
  // Marks in `read` the slots that node `id` reads.
  void slotsRead(NodeId id, std::vector<bool> &read) const;
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

} // namespace cutover::policy::detail
