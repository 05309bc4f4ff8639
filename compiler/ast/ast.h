// The typed syntax tree of one .cut file. Parse actions build it; every later
// phase reads it and none changes it. Every node carries its source range
// (pointers into the buffer that the program's llvm::SourceMgr owns), and
// blocks keep their items in source order so that `cutover fmt` can print
// them back.
#pragma once

#include "compiler/ast/verbs.h"

#include <llvm/Support/SMLoc.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <variant>
#include <vector>

namespace cutover::ast {

using llvm::SMLoc;
using llvm::SMRange;

struct Ident {
  std::string name;
  SMRange range;
};

struct StringLit {
  std::string value; // escapes decoded
  SMRange range;     // including the quotes
};

// An attribute value or an expression literal.
struct Value {
  enum class Kind : uint8_t { Int, Version, String, Bool, Ident, List, None };
  Kind kind = Kind::None;
  bool boolean = false; // Bool (beside the kind: one value per attribute of every component)
  SMRange range;
  std::string text;         // Int/Version: the digits as written; String: decoded; Ident: the name
  std::vector<Value> items; // List
};

struct Attr {
  Ident key;
  Value value;
};

// `{ a 1, b 2 }`; `present` is false when the braces were omitted.
struct AttrList {
  bool present = false;
  std::vector<Attr> attrs;
  SMRange range;
};

// component = IDENT IDENT attrs?
struct Component {
  Ident role;
  Ident name;
  AttrList attrs;
  SMRange range;
};

// data_decl = "data" IDENT attrs
struct DataDecl {
  Ident name;
  AttrList attrs;
  SMRange range;
};

// critical = "critical" IDENT ("," IDENT)*
struct Critical {
  std::vector<Ident> services;
  SMRange range;
};

// site = "site" IDENT "{" (component | data_decl)* "}"
struct Site {
  Ident name;
  std::vector<std::variant<Component, DataDecl>> items;
  SMRange range;
};

struct Deployment {
  Ident name;
  std::vector<std::variant<Site, Component, DataDecl, Critical>> items;
  SMRange range;
};

// One step as written. Which fields are set depends on the operands of the
// verb's syntax (verbs.def): $role role; $service service; $subject,
// $subjects, $from, $data, $tag subjects (one name, but $subjects a list);
// $to target; $count count or moveAll; $location, $note text; $attrs attrs.
struct Step {
  Verb verb = Verb::Deploy;
  SMRange range; // from the keyword to the end of the step
  Ident role;
  Ident service;
  std::vector<Ident> subjects;
  Ident target;
  bool moveAll = false;
  Value count; // Int, for move K
  AttrList attrs;
  StringLit text;
};

// phase = "phase" IDENT ("after" IDENT ("," IDENT)*)? STRING? "{" step* "}"
struct Phase {
  Ident name;
  std::vector<Ident> after;
  std::optional<StringLit> title;
  std::vector<Step> steps;
  SMRange range;
};

// migration = "migration" IDENT ("of" IDENT)? "{" phase* "}"
struct Migration {
  Ident name;
  std::optional<Ident> of;
  std::vector<Phase> phases;
  SMRange range;
};

// ---- policies ----

// binder = IDENT ":" kind ("|" kind)*
struct Binder {
  Ident var;
  std::vector<Ident> kinds;
  SMRange range;
};

enum class CmpOp { Eq, Ne, Le, Ge, Lt, Gt, In };

struct Expr;
using ExprPtr = std::unique_ptr<Expr>;

struct Expr {
  enum class Kind {
    Literal, // literal: Int, Version, String, Bool or None
    Path,    // path: IDENT ("." IDENT)*
    Call,    // callee(args...)
    List,    // [args...]
    Not,     // not args[0]
    And,     // args[0] and args[1] and ... (flattened)
    Or,      // args[0] or args[1] or ... (flattened)
    Cmp,     // args[0] op args[1]
    Exists,  // exists binders (where where)?
    No,      // no binders (where where)?
    Count,   // count(binders (where where)?)
    Paren,   // (args[0]); kept so that fmt can print what was written
  };
  Kind kind = Kind::Literal;
  SMRange range;
  Value literal;               // Literal
  std::vector<Ident> path;     // Path
  Ident callee;                // Call
  std::vector<ExprPtr> args;   // Call, List, Not, And, Or, Cmp, Paren
  CmpOp op = CmpOp::Eq;        // Cmp
  std::vector<Binder> binders; // Exists, No, Count
  ExprPtr where;               // Exists, No, Count; may be null
};

// One clause of a policy, as written. A policy may hold several of a kind;
// policy compilation reports that (E-TYPE), so the parser accepts it.
struct Clause {
  enum class Kind { When, For, On, Require, Message, Hint, Source };
  Kind kind = Kind::Require;
  SMRange range;
  std::vector<Binder> binders; // For
  Ident verb;                  // On: the keyword as written
  Verb guarded = Verb::Deploy; // On: the verb it names
  Ident var;                   // On
  ExprPtr expr;                // When, Require; the `where` of For and On, the `when` of Message and Hint (may be null)
  StringLit text;              // Message, Hint, Source
};

enum class PolicySeverity { Error, Warning, Info };

// policy = "policy" IDENT SEVERITY STRING "{" clause* "}"
struct Policy {
  Ident id;
  PolicySeverity severity = PolicySeverity::Error;
  SMRange severityRange;
  StringLit title;
  std::vector<Clause> clauses;
  SMRange range;
};

// waive = "waive" IDENT ("for" IDENT ("," IDENT)*)? ("until" STRING)? STRING
struct Waive {
  Ident policy;
  std::vector<Ident> entities;
  std::optional<StringLit> until;
  StringLit reason;
  SMRange range;
};

// use = "use" (IDENT | STRING)
struct Use {
  std::optional<Ident> pack;     // `use lync2013`
  std::optional<StringLit> path; // `use "other.cut"`
  SMRange range;
};

// vocab_line = ("roles" | "services" | "data" | "tags" | "symbols" | "pinned") IDENT ("," IDENT)*
struct VocabLine {
  Ident category;
  std::vector<Ident> names;
  SMRange range;
};

struct Vocabulary {
  Ident name;
  std::vector<VocabLine> lines;
  SMRange range;
};

using Item = std::variant<Use, Vocabulary, Deployment, Migration, Policy, Waive>;

// A `#` comment, kept for the formatter.
struct Comment {
  std::string text; // from '#' to the end of the line, without the newline
  SMRange range;
};

struct File {
  unsigned bufferId = 0; // in the program's SourceMgr
  std::string path;      // as the user or the `use` named it
  std::string pack;      // the pack name when this file is a built-in pack
  std::vector<Item> items;
  std::vector<Comment> comments;
};

} // namespace cutover::ast
