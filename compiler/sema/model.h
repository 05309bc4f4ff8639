// The resolved program: what semantic analysis hands to the phase graph, the
// policy compiler and the runtime. Names are resolved to small integer IDs
// that index the vectors below; nothing here points back into the AST except
// source ranges (for diagnostics).
#pragma once

#include "compiler/ast/ast.h"
#include "compiler/sema/value.h"

#include <llvm/ADT/StringMap.h>

#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace cutover::sema {

// Interned names: roles, services, data kinds, tags, symbols, sites,
// statuses and attribute keys share one table.
class Symbols {
public:
  SymbolId intern(llvm::StringRef name);
  std::optional<SymbolId> lookup(llvm::StringRef name) const;
  const std::string &name(SymbolId id) const { return names_[id]; }
  size_t size() const { return names_.size(); }

private:
  llvm::StringMap<SymbolId> ids_;
  std::vector<std::string> names_;
};

// The categories a vocabulary line declares (`roles`, `services`, `data`,
// `tags`, `symbols`).
enum class Category : uint8_t { Role, Service, DataKind, Tag, Symbol };
inline constexpr size_t kCategoryCount = 5;

struct Vocabulary {
  std::array<std::vector<SymbolId>, kCategoryCount> declared; // sorted, unique
  // Data kinds a `pinned` line declares: data of these kinds stays where it
  // is (backed up, never migrated). Sorted, unique; each is a declared data kind.
  std::vector<SymbolId> pinned;
  // A category is checked only once some vocabulary in scope declares a name of it.
  bool checks(Category c) const { return !declared[static_cast<size_t>(c)].empty(); }
  bool declares(Category c, SymbolId s) const;
};

// The built-in attributes (builtin_attrs.def).
enum class BuiltinAttr : uint8_t {
#define CUTOVER_ATTR(Enum, Name, Owner, Type, Element, Check, Required, Stored) Enum,
#include "compiler/sema/builtin_attrs.def"
};
enum class AttrOwner : uint8_t { Component, Data, Both };
enum class ValueCheck : uint8_t { Fixed, Site, Integer, IntegerOrVersion, Services, DataKind, Component, Bool, String };
enum class AttrStored : uint8_t { Declaration, State, Attributes, Derived };

struct BuiltinAttrInfo {
  BuiltinAttr attr;
  std::string_view name;
  AttrOwner owner;
  ValueCheck check;
  bool required;
  AttrStored stored;

  bool ownedBy(AttrOwner entity) const { return owner == AttrOwner::Both || owner == entity; }
};

inline constexpr BuiltinAttrInfo kBuiltinAttrs[] = {
#define CUTOVER_ATTR(Enum, Name, Owner, Type, Element, Check, Required, Stored)                                        \
  {BuiltinAttr::Enum, Name, AttrOwner::Owner, ValueCheck::Check, Required, AttrStored::Stored},
#include "compiler/sema/builtin_attrs.def"
};

inline const BuiltinAttrInfo &builtinInfo(BuiltinAttr a) { return kBuiltinAttrs[static_cast<size_t>(a)]; }

struct Attribute {
  SymbolId key = kNoId;
  Value value;
  ast::SMRange range; // the attribute as written (key and value)
};

struct ComponentDecl {
  std::string name;
  SymbolId role = kNoId;
  SymbolId site = kNoId;        // the enclosing site block or `site` attribute
  ast::SMRange nameRange;       // where a note "declared here" points
  ast::SMRange declRange;       // the whole declaration
  bool inDeployment = true;     // false: created by a `deploy` step
  int64_t users = 0;            // initial users (deployment only)
  std::vector<Attribute> attrs; // declared attributes except the built-in users and site
};

struct DataDecl {
  std::string name;
  SymbolId kind = kNoId;
  ComponentId heldBy = kNoId;
  ast::SMRange nameRange;
  ast::SMRange declRange;
  std::vector<Attribute> attrs; // attributes other than kind and held_by
};

struct SiteDecl {
  std::string name;
  SymbolId symbol = kNoId;
  ast::SMRange nameRange;
};

// One resolved step. `decommission a, b` becomes one step per name, located
// at the name. Which operands are set depends on the verb (see ast::Step).
struct Step {
  ast::Verb verb = ast::Verb::Deploy;
  bool moveAll = false;       // move all (beside the verb: a plan has a step per name of each `decommission`)
  uint32_t subject = kNoId;   // ComponentId, or DataId for backup/migrate; kNoId for confirm
  ComponentId target = kNoId; // move: destination; migrate: new holder
  SymbolId symbol = kNoId;    // deploy: role; enable/disable: service; confirm: tag
  ast::SMRange range;         // what a finding about this step points at
  // Where each operand is written (a conflict points at the one it is about).
  ast::SMRange subjectRange; // the component or data set the step acts on
  ast::SMRange targetRange;  // move: destination; migrate: new holder
  ast::SMRange symbolRange;  // enable/disable: the service; confirm: the tag
  int64_t count = 0;         // move K
  std::string text;          // backup location; confirm note
  // deploy/set/enable attributes. For `enable S on N {a v}` sema interns and
  // stores the key as `S_a` (e.g. archiving_store), which is how the runtime
  // stores it on N, so the runtime never interns names.
  std::vector<Attribute> attrs;
};

struct PhaseDecl {
  std::string name;
  std::string title; // empty when none was given
  ast::SMRange nameRange;
  ast::SMRange headerRange; // `phase name after ... "title"`: where a phase-level finding points
  std::vector<PhaseId> after;
  std::vector<ast::SMRange> afterRanges; // parallel to `after`
  std::vector<Step> steps;
};

struct Waiver {
  std::string policyId;
  ast::SMRange policyRange;
  ast::SMRange range;
  std::vector<std::string> entities; // empty: everywhere
  std::vector<ast::SMRange> entityRanges;
  std::optional<std::string> until; // "YYYY-MM-DD", validated
  ast::SMRange untilRange;
  std::string reason;
};

struct Model {
  Symbols symbols;
  Vocabulary vocab;

  std::string deploymentName;
  ast::SMRange deploymentRange;
  std::string migrationName;   // empty: no migration (only the initial state is checked)
  ast::SMRange migrationRange; // where E-STATE-LIMIT points

  std::vector<ComponentDecl> components; // deployment components first, then deployed ones
  std::vector<DataDecl> data;
  std::vector<SiteDecl> sites;
  std::vector<SymbolId> critical; // services whose coverage must never lapse
  std::vector<PhaseDecl> phases;  // in declaration order
  std::vector<Waiver> waivers;

  llvm::StringMap<ComponentId> componentByName;
  llvm::StringMap<DataId> dataByName;
  llvm::StringMap<PhaseId> phaseByName;
  llvm::StringMap<uint32_t> siteByName; // index in `sites`

  // Built-in symbols, interned up front so every phase can compare against them.
  SymbolId symActive = kNoId, symDecommissioned = kNoId;
  // The keys of the built-in attributes: keyName, keyRole, ...
#define CUTOVER_ATTR(Enum, Name, Owner, Type, Element, Check, Required, Stored) SymbolId key##Enum = kNoId;
#include "compiler/sema/builtin_attrs.def"

  SymbolId keyOf(BuiltinAttr a) const;
  // The built-in attribute `key` names, if any.
  std::optional<BuiltinAttr> builtin(SymbolId key) const;

  // The static reference graph: every reference written
  // anywhere in the program (deployment attributes, deploy/set/enable
  // attributes, migrate targets, held_by). referencesOf[c]: the components c
  // references, with the attribute key; referencedBy[c]: the reverse. Sorted.
  struct Ref {
    ComponentId component;
    SymbolId key;
    bool operator<(const Ref &o) const { return component != o.component ? component < o.component : key < o.key; }
    bool operator==(const Ref &o) const { return component == o.component && key == o.key; }
  };
  std::vector<std::vector<Ref>> referencesOf;
  std::vector<std::vector<Ref>> referencedBy;
  std::vector<std::vector<DataId>> dataHeldBy; // every data set some step or declaration lets c hold
};

// Interns the built-in symbols (the statuses, the keys of builtin_attrs.def,
// in its order) into a model's empty symbol table.
void internBuiltins(Model &model);

} // namespace cutover::sema
