// The analyzer's class, shared by its parts: analyze.cpp (the passes in order, vocabularies, name lookups),
// declare.cpp (every name first), attributes.cpp (the deployment and attribute values), plan.cpp (phases, steps,
// waivers) and references.cpp (the static reference graph). Not an interface: other code includes analyze.h.
#pragma once

#include "compiler/ast/ast.h"
#include "compiler/diag/messages.h"
#include "compiler/sema/date.h"
#include "compiler/sema/model.h"
#include "compiler/sema/resolve.h"

#include <llvm/ADT/DenseMap.h>
#include <llvm/ADT/SmallPtrSet.h>
#include <llvm/ADT/StringExtras.h>
#include <llvm/ADT/StringSet.h>

#include <algorithm>
#include <limits>

namespace cutover::sema::detail {

using ast::SMRange;

// Where an attribute list appears decides which keys have built-in meaning.
enum class AttrSite {
  Component, // deployment component, `deploy` and `set`: the built-in component attributes
  Data,      // data set: kind and held_by
  Enable,    // `enable S on N {a}`: stored as S_a, no built-in meaning
};

class Analyzer {
public:
  Analyzer(const std::vector<const ast::File *> &files, diag::Diagnostics &diags)
      : files_(files), diags_(diags), model_(std::make_unique<Model>()) {}

  std::unique_ptr<Model> run();

private:
  Model &m() { return *model_; }

  void collectVocabularies();
  void findDeploymentAndMigration();

  template <typename Node> void keepFirst(const Node *&first, const Node *next, const char *what) {
    if (!first) {
      first = next;
      return;
    }
    diag::Finding &f = diag::report(diags_, next->name.range, diag::msg::AtMostOne, what, next->name.name);
    diag::note(f, first->name.range, diag::msg::FirstOfItsKindDeclaredHere, what);
  }

  // ---- declarations: every name first, so that references may point forward ----

  // Components and data sets share one namespace: waivers and policies name
  // them by their bare name. False, reported, when one of either kind has
  // this name already.
  bool declareEntity(const ast::Ident &name, const char *what);
  void duplicate(const char *what, const ast::Ident &name, SMRange first);
  void declareDeployment(const ast::Deployment &deployment);

  // Sizes the tables once: a large estate otherwise rehashes and moves them
  // as they grow.
  void reserveDeclarations(const ast::Deployment &deployment);
  SymbolId declareSite(const ast::Ident &name);
  void declareComponent(const ast::Component &c, SymbolId site);
  void declareData(const ast::DataDecl &d);

  // Phases, and the components that `deploy` steps create. Deploying a name
  // that already is a component is not a redeclaration: the runtime reports
  // it (E-STEP) in the states where the component exists.
  void declarePlan(const ast::Migration &migration);
  static SMRange headerRange(const ast::Phase &phase);

  // ---- resolution ----

  struct PendingComponent {
    const ast::Component *ast;
    ComponentId id; // kNoId: a duplicate, checked but not kept
    SymbolId site;
  };
  struct PendingData {
    const ast::DataDecl *ast;
    DataId id;
  };

  void resolveDeployment(const ast::Deployment &deployment);

  // Moves `users` and `site` out of the attributes into their fields; the
  // rest become the declaration's attributes.
  void fillComponent(ComponentDecl &decl, SymbolId blockSite, std::vector<Attribute> attrs);

  // Moves keep the number of users; only `users` attributes bring new ones.
  // While all of them add up to at most INT64_MAX no count can overflow,
  // whatever order the moves run in (an overflow would make the result of
  // two moves into one pool depend on which runs first).
  void countUsers(const std::vector<Attribute> &attrs);
  void resolveData(const ast::DataDecl &ast, DataDecl &decl);
  static bool hasKey(const ast::AttrList &attrs, llvm::StringRef key);

  // Resolves an attribute list; attributes in error are reported and dropped.
  // `service` prefixes the keys of `enable` attributes.
  std::vector<Attribute> resolveAttrs(const ast::AttrList &list, AttrSite where, llvm::StringRef service);
  // An attribute before attrs[i] with its key, if any.
  const ast::Attr *firstWithKey(const std::vector<ast::Attr> &attrs, size_t i);
  std::optional<Value> typeError(const ast::Value &value, llvm::StringRef key, llvm::StringRef expected);
  static const char *describe(const ast::Value &value);

  // The typed built-in attributes (builtin_attrs.def); other keys resolve freely. `key`: the
  // attribute's key if it is interned already.
  std::optional<Value> resolveBuiltin(const ast::Attr &attr, std::optional<SymbolId> key, AttrSite where);

  // A built-in attribute's value, checked (E-TYPE) and resolved.
  std::optional<Value> checkValue(ValueCheck check, const ast::Attr &attr);

  // A literal, or an IDENT resolved by name (components first: resolve.h).
  std::optional<Value> resolveValue(const ast::Value &v);

  // Interns `name` as a symbol of `category`, reporting E-VOCAB when some
  // vocabulary declares that category but not this name.
  SymbolId vocabularyName(Category category, const ast::Ident &name);

  // A name interned already, remembered in `slot`: like lists (a role per component, the keys of
  // its attributes in order) repeat their last names, which a comparison finds without hashing.
  struct RecentSymbol {
    std::string name;
    SymbolId id = kNoId;
  };
  std::optional<SymbolId> lookupRecent(llvm::StringRef name, RecentSymbol &slot);
  SymbolId internRecent(llvm::StringRef name, RecentSymbol &slot);

  // Reports `message` about `name`, with "did you mean" and a fix-it when a candidate is close.
  template <typename... A>
  void unknown(const ast::Ident &name, diag::Candidates candidates, const diag::Message<A...> &message,
               std::type_identity_t<A>... args) {
    diag::reportUnknown(diags_, name.range, name.name, candidates, message, args...);
  }
  void forEachComponentName(llvm::function_ref<void(llvm::StringRef)> yield) const;
  // The component `name` names, once every declaration is in (see lastComponent_).
  std::optional<ComponentId> findComponent(llvm::StringRef name);
  std::optional<ComponentId> componentNamed(const ast::Ident &name);
  std::optional<DataId> dataNamed(const ast::Ident &name);
  void resolvePlan(const ast::Migration &migration);

  // One step per name for a verb with $subjects (`decommission a, b`), each
  // located at its name; otherwise one step, kept when its operands resolve.
  void resolveStep(const ast::Step &ast, std::vector<Step> &out);

  // Resolves one operand of `ast` into `step`; false when it names nothing.
  bool resolveOperand(const ast::Step &ast, ast::Operand operand, Step &step);
  void resolveWaivers();

  // ---- the static reference graph ----

  // Filled as the attributes and steps resolve, while they are in cache: a pass of its own
  // over every component and step afterwards was mostly cache misses.
  void startReferenceGraph();
  void addReferences(ComponentId from, const std::vector<Attribute> &attrs);
  // A step of a phase that is kept (a duplicate phase's steps are checked, not kept).
  void addStepReferences(const Step &step);
  void finishReferenceGraph();

  template <typename T> static void sortUnique(std::vector<T> &v) {
    std::sort(v.begin(), v.end());
    v.erase(std::unique(v.begin(), v.end()), v.end());
  }

  const std::vector<const ast::File *> &files_;
  diag::Diagnostics &diags_;
  std::unique_ptr<Model> model_;
  const ast::Deployment *deployment_ = nullptr;
  const ast::Migration *migration_ = nullptr;
  std::vector<PendingComponent> deploymentComponents_;
  std::vector<PendingData> deploymentData_;
  std::vector<PhaseId> phaseIds_; // per AST phase; kNoId: a duplicate
  // The first `deploy` of each name: it declares the component (role, site, attributes).
  llvm::SmallPtrSet<const ast::Step *, 16> firstDeploys_;
  llvm::StringSet<> confirmedTags_;
  // The first attribute of each key in a long attribute list (firstWithKey).
  llvm::StringMap<const ast::Attr *> firstByKey_;
  // Versions and strings by their text: equal literals share one payload
  // (a large estate writes `version 2010` on most of its components).
  llvm::StringMap<Value> versions_;
  llvm::StringMap<Value> strings_;
  std::array<RecentSymbol, kCategoryCount> recentVocabulary_;
  std::array<RecentSymbol, 8> recentKeys_; // by position in the attribute list
  bool phaseKept_ = true;                  // the phase resolvePlan resolves is kept (not a duplicate)
  ComponentId lastComponent_ = kNoId;      // the last one findComponent found
  int64_t usersTotal_ = 0;                 // every `users` attribute of the program, summed (countUsers)
  bool usersOverflow_ = false;
  // "Did you mean" for bare names: every entity and symbol name, copied only
  // when a name is unknown (declarations are complete by then).
  std::optional<std::vector<std::string>> candidates_;
  const std::vector<std::string> &nameCandidates() {
    if (!candidates_) candidates_ = sema::nameCandidates(*model_);
    return *candidates_;
  }
};

} // namespace cutover::sema::detail
