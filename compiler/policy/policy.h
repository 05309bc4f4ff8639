// The policy language: type-checking and compilation of `policy` items into
// evaluation plans that the runtime (runtime/eval) runs over states.
//
// A plan is a small expression tree stored in an arena (Policy::nodes), with
// variables resolved to slots and attribute names to SymbolIds, so evaluation
// never looks a name up.
#pragma once

#include "compiler/ast/ast.h"
#include "compiler/diag/diagnostic.h"
#include "compiler/parse/loader.h"
#include "compiler/sema/model.h"

#include <llvm/ADT/StringMap.h>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace cutover::policy {

using sema::SymbolId;
using NodeId = uint32_t;
using Slot = uint32_t;
inline constexpr NodeId kNoNode = sema::kNoId;

// Static types. Unknown is dynamic (a user attribute whose declarations
// disagree); None is the type of `none` and of attributes nothing declares.
struct Type {
  enum class Kind : uint8_t { Unknown, None, Bool, Int, Version, String, Symbol, Component, Data, List };
  Kind kind = Kind::Unknown;
  Kind element = Kind::Unknown; // List only

  static Type of(Kind k, Kind element = Kind::Unknown) { return {k, element}; }
  bool is(Kind k) const { return kind == k; }
  std::string str() const;
};

// The operand of a guarded step read through `step.<operand>` (step_operands.def).
enum class StepOperand : uint8_t {
#define CUTOVER_STEP_OPERAND(Name, Type) Name,
#include "compiler/policy/step_operands.def"
#undef CUTOVER_STEP_OPERAND
};
// The syntax operand it is (`step.from` is the step's $from).
ast::Operand syntaxOperand(StepOperand operand);
// `from`, `to`, ...
std::string_view operandName(StepOperand operand);

// How a binder finds its candidates.
struct Domain {
  enum class Kind : uint8_t { Components, Data };
  Kind kind = Kind::Components;
  std::vector<SymbolId> roles; // Components: empty means every role
};

// An index join: instead of scanning every component (data set), take the
// entities that the static reference graph links to the value of an earlier
// variable. The graph holds every reference written anywhere in the program,
// so the candidates over-approximate the matches; the `where` condition still
// decides each one exactly.
struct Join {
  enum class Direction : uint8_t {
    ReferencedBy, // `p in s.key`, `s.key == p`: s ranges over referencedBy[p]
    ReferencesOf, // `s in p.key`, `p.key == s`: s ranges over referencesOf[p]
    HeldBy,       // `d.held_by == c` (data): d ranges over dataHeldBy[c]
  };
  Direction direction = Direction::ReferencedBy;
  Slot outer = 0;
  SymbolId key = sema::kNoId; // kNoId: any key (`refs`)
};

struct Binder {
  std::string name;
  Slot slot = 0;
  Domain domain;
  std::optional<Join> join;
  // The conjuncts of the `where` whose last binder this is (the first binder
  // also takes those that read none), in source order: tested as soon as the
  // binder is bound, a false one skips every binding of the binders after it
  // instead of failing each full tuple of the cross product.
  std::vector<NodeId> filters;
  ast::SMRange range;
};

struct Node {
  enum class Op : uint8_t {
    Const, // constant
    Var,   // slot
    Attr,  // attribute `key` of args[0]
    Step,  // step.<operand> of the guarded step
    List,  // [args...]
    Not,
    And,
    Or,
    Cmp, // args[0] cmp args[1]
    Exists,
    No,
    Count, // binders, where (kNoNode: none)
    Critical,
    Confirmed, // symbol (kNoId: a name nothing declares, always false)
    Final,
    Initial,
    Len, // len(args[0])
  };
  Op op = Op::Const;
  Type type;
  ast::CmpOp cmp = ast::CmpOp::Eq;
  sema::Value constant;
  Slot slot = 0;
  SymbolId key = sema::kNoId; // Attr; the symbol of Critical/Confirmed
  StepOperand operand = StepOperand::From;
  std::vector<NodeId> args;
  std::vector<Binder> binders;
  NodeId where = kNoNode;
  ast::SMRange range;
};

// `{var}` / `{var.a.b}` in a message template.
struct TemplatePart {
  std::string text;                   // literal text, when neither slot nor operand is set
  std::optional<Slot> slot;           // `{var...}`
  std::optional<StepOperand> operand; // `{step.x...}` in guards
  std::vector<SymbolId> path;         // attributes read after the variable
};

// One `message` or `hint` clause: `hint when C "text"` applies when C holds
// in the state (and binding) of the finding; without `when` it always does.
struct Template {
  NodeId when = kNoNode;
  std::vector<TemplatePart> parts;
};

// A `message` or `hint` clause as written, for display.
struct TextVariant {
  std::string condition; // the `when` expression as written (whitespace collapsed); empty: none
  std::string text;
};

// What `cutover explain` and `cutover policies` show.
struct PolicyInfo {
  std::string id;
  diag::Severity severity = diag::Severity::Error;
  std::string title;
  std::string source;                // where the rule comes from; empty when not given
  std::vector<TextVariant> hints;    // in declaration order
  std::vector<TextVariant> messages; // in declaration order
  // The hints in one line: the text of a lone unconditional hint, else
  // `when C: text | otherwise: text`. Empty when the policy has none.
  std::string hint;
  std::string origin; // the pack, or the stem of the file that declares it
  ast::SMRange range; // the whole policy
  ast::SMRange idRange;
};

struct Policy {
  PolicyInfo info;
  // Guard (`on VERB X`): the subject is slot 0 and the `for` binders follow.
  bool guard = false;
  ast::Verb verb = ast::Verb::Deploy;
  std::vector<Binder> binders; // `for` binders (invariants and guards)
  NodeId when = kNoNode;
  NodeId where = kNoNode; // the `where` of `for` or `on`
  NodeId require = kNoNode;
  std::vector<Node> nodes;
  std::vector<std::string> slotNames; // slotNames.size() slots in all
  // The first variant whose `when` holds applies; only the last may lack a `when`.
  std::vector<Template> messages; // none applies: the runtime uses the title
  std::vector<Template> hints;    // interpolated like the message; none applies: no hint

  // Bound entities of a finding: the subject (guards) then the `for` binders.
  size_t boundCount() const { return binders.size() + (guard ? 1 : 0); }
};

struct PolicySet {
  std::vector<Policy> policies; // in program order (packs as loaded)
  llvm::StringMap<uint32_t> byId;
  // Model waiver i silences policies[waiverPolicy[i]]; kNoId when its ID is unknown.
  std::vector<uint32_t> waiverPolicy;

  const Policy *find(llvm::StringRef id) const {
    auto it = byId.find(id);
    return it == byId.end() ? nullptr : &policies[it->second];
  }
};

// Type-checks and compiles every policy of `program` against `model`, and
// resolves the model's waivers to policies. Reports E-TYPE, E-DUP,
// E-UNKNOWN and E-VOCAB to `diags`. A policy with errors stays in the set
// (so that waivers naming it resolve) but must not be evaluated: verification
// runs only on a program without compile errors.
PolicySet compilePolicies(const parse::Program &program, const sema::Model &model, diag::Diagnostics &diags);

// `decommission`, `move`, ...: ast::keyword, for the plan dump.
const char *verbName(ast::Verb verb);

// The textual form of a plan node tree, for tests and debugging, e.g.
// `exists s:archiving_server join(referencedBy p.serves) where ...`.
std::string dumpPlan(const Policy &policy, const sema::Model &model);

} // namespace cutover::policy
