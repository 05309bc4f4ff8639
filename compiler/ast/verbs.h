// The step verbs and what each one is, generated from verbs.def: every
// list, switch and table over verbs in the compiler and the runtime reads
// these instead of spelling the verbs out.
#pragma once

#include <llvm/ADT/ArrayRef.h>
#include <llvm/ADT/STLFunctionalExtras.h>

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>

namespace cutover::ast {

enum class Verb : uint8_t {
#define CUTOVER_VERB(Enum, Keyword, Rule, Syntax, Subject, Status, Attrs) Enum,
#include "compiler/ast/verbs.def"
};

// The operands of a step's syntax (`$role`, `$subject`, ...: verbs.def).
enum class Operand : uint8_t { Role, Service, Tag, Subject, Subjects, From, To, Data, Count, Location, Note, Attrs };
enum class SubjectKind : uint8_t { Component, Data, Tag };
enum class StatusAfter : uint8_t { Active, Decommissioned, Unchanged };
enum class AttrsKind : uint8_t { None, Component, Service };
// How a step accesses a location of the state (the conflict rule).
enum class Access : uint8_t { Read, Write, Add };
enum class Place : uint8_t { Entity, Status, Users, Service, Attrs, BackedUp, BackupLocation, HeldBy, MigratedTo, Tag };

struct VerbInfo {
  Verb verb;
  std::string_view keyword;
  std::string_view syntax;
  SubjectKind subject;
  StatusAfter status;
  AttrsKind attrs;
};

struct AccessRow {
  Verb verb;
  Access access;
  Place place;
  Operand operand;
};

inline constexpr VerbInfo kVerbs[] = {
#define CUTOVER_VERB(Enum, Keyword, Rule, Syntax, Subject, Status, Attrs)                                              \
  {Verb::Enum, Keyword, Syntax, SubjectKind::Subject, StatusAfter::Status, AttrsKind::Attrs},
#include "compiler/ast/verbs.def"
};
inline constexpr size_t kVerbCount = std::size(kVerbs);

inline constexpr AccessRow kAccessRows[] = {
#define CUTOVER_ACCESS(V, A, P, O) {Verb::V, Access::A, Place::P, Operand::O},
#include "compiler/ast/verbs.def"
};

constexpr const VerbInfo &verbInfo(Verb v) { return kVerbs[static_cast<size_t>(v)]; }
constexpr std::string_view keyword(Verb v) { return verbInfo(v).keyword; }
constexpr SubjectKind subjectKind(Verb v) { return verbInfo(v).subject; }
constexpr StatusAfter statusAfter(Verb v) { return verbInfo(v).status; }
constexpr AttrsKind attrsKind(Verb v) { return verbInfo(v).attrs; }

// The verb whose keyword is `word`.
std::optional<Verb> verbNamed(std::string_view word);

// The accesses of `verb`, in the order of the conflict rule's table.
llvm::ArrayRef<AccessRow> accesses(Verb verb);
// Whether `verb` writes (or adds to) `place`.
bool changes(Verb verb, Place place);

// `role`, `subject`, ...: an operand's name in the syntax, without the `$`.
constexpr std::string_view operandName(Operand o) {
  switch (o) {
  case Operand::Role: return "role";
  case Operand::Service: return "service";
  case Operand::Tag: return "tag";
  case Operand::Subject: return "subject";
  case Operand::Subjects: return "subjects";
  case Operand::From: return "from";
  case Operand::To: return "to";
  case Operand::Data: return "data";
  case Operand::Count: return "count";
  case Operand::Location: return "location";
  case Operand::Note: return "note";
  case Operand::Attrs: return "attrs";
  }
  return {};
}

// One word of a step's syntax: a literal (the keyword, `users`, `to`) or an operand.
struct Piece {
  std::string_view literal; // empty for an operand
  std::optional<Operand> operand;
};

// The words of `syntax` in order; false when a `$name` names no operand.
template <typename F> constexpr bool forEachPiece(std::string_view syntax, F &&f) {
  while (!syntax.empty()) {
    const size_t space = syntax.find(' ');
    const std::string_view word = syntax.substr(0, space);
    syntax = space == std::string_view::npos ? std::string_view() : syntax.substr(space + 1);
    if (word.empty() || word[0] != '$') {
      f(Piece{word, std::nullopt});
      continue;
    }
    std::optional<Operand> operand;
    for (uint8_t o = 0; o <= static_cast<uint8_t>(Operand::Attrs); ++o)
      if (operandName(static_cast<Operand>(o)) == word.substr(1)) operand = static_cast<Operand>(o);
    if (!operand) return false;
    f(Piece{{}, operand});
  }
  return true;
}
template <typename F> constexpr void forEachPiece(Verb verb, F &&f) { forEachPiece(verbInfo(verb).syntax, f); }

constexpr bool hasOperand(Verb verb, Operand operand) {
  bool found = false;
  forEachPiece(verb, [&](const Piece &p) { found = found || p.operand == operand; });
  return found;
}

// The keywords in table order, separated by ", ": "deploy, decommission, ...".
inline constexpr size_t kKeywordListSize = [] {
  size_t n = 0;
  for (const VerbInfo &v : kVerbs) n += v.keyword.size() + 2;
  return n - 2;
}();
struct KeywordList {
  char chars[kKeywordListSize + 1] = {};
  constexpr std::string_view view() const { return {chars, kKeywordListSize}; }
};
inline constexpr KeywordList kKeywordList = [] {
  KeywordList list;
  size_t at = 0;
  for (const VerbInfo &v : kVerbs) {
    if (at != 0) {
      list.chars[at++] = ',';
      list.chars[at++] = ' ';
    }
    for (char c : v.keyword) list.chars[at++] = c;
  }
  return list;
}();

} // namespace cutover::ast
