#include "compiler/sema/analyze.h"

#include "compiler/sema/date.h"
#include "compiler/sema/resolve.h"

#include <fmt/format.h>
#include <llvm/ADT/DenseMap.h>
#include <llvm/ADT/SmallPtrSet.h>
#include <llvm/ADT/StringExtras.h>
#include <llvm/ADT/StringSet.h>
#include <llvm/Support/Allocator.h>

#include <algorithm>
#include <limits>

namespace cutover::sema {
namespace {

using ast::SMRange;

constexpr const char *kCategoryWords[kCategoryCount] = {"role", "service", "data kind", "tag", "symbol"};

std::optional<Category> categoryOf(llvm::StringRef line) {
  if (line == "roles") return Category::Role;
  if (line == "services") return Category::Service;
  if (line == "data") return Category::DataKind;
  if (line == "tags") return Category::Tag;
  if (line == "symbols") return Category::Symbol;
  return std::nullopt;
}

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

  std::unique_ptr<Model> run() {
    internBuiltins(m());
    collectVocabularies();
    findDeploymentAndMigration();
    if (deployment_) declareDeployment(*deployment_);
    if (migration_) declarePlan(*migration_);
    if (deployment_) resolveDeployment(*deployment_);
    if (migration_) resolvePlan(*migration_);
    resolveWaivers();
    buildReferenceGraph();
    return std::move(model_);
  }

private:
  Model &m() { return *model_; }

  void collectVocabularies() {
    std::vector<const ast::Ident *> pinned;
    for (const ast::File *file : files_)
      for (const ast::Item &item : file->items)
        if (const auto *vocab = std::get_if<ast::Vocabulary>(&item))
          for (const ast::VocabLine &line : vocab->lines) {
            auto category = categoryOf(line.category.name);
            for (const ast::Ident &name : line.names) {
              if (category)
                m().vocab.declared[static_cast<size_t>(*category)].push_back(m().symbols.intern(name.name));
              else // `pinned`
                pinned.push_back(&name);
            }
          }
    auto sortUnique = [](std::vector<SymbolId> &names) {
      std::sort(names.begin(), names.end());
      names.erase(std::unique(names.begin(), names.end()), names.end());
    };
    for (auto &names : m().vocab.declared) sortUnique(names);
    // Pinning qualifies a data kind, so it needs one (from any vocabulary in scope).
    const auto &kinds = m().vocab.declared[static_cast<size_t>(Category::DataKind)];
    for (const ast::Ident *name : pinned) {
      SymbolId kind = m().symbols.intern(name->name);
      if (m().vocab.declares(Category::DataKind, kind)) {
        m().vocab.pinned.push_back(kind);
        continue;
      }
      unknown(
          diag::Kind::Vocab, *name,
          fmt::format("pinned '{}' is not a data kind: declare it on a `data` line of a vocabulary", name->name),
          [&](auto yield) {
            for (SymbolId s : kinds) yield(m().symbols.name(s));
          },
          /*messageIsWhole=*/true);
    }
    sortUnique(m().vocab.pinned);
  }

  void findDeploymentAndMigration() {
    for (const ast::File *file : files_)
      for (const ast::Item &item : file->items) {
        if (const auto *d = std::get_if<ast::Deployment>(&item))
          keepFirst(deployment_, d, "deployment");
        else if (const auto *mig = std::get_if<ast::Migration>(&item))
          keepFirst(migration_, mig, "migration");
      }
    if (deployment_) {
      m().deploymentName = deployment_->name.name;
      m().deploymentRange = deployment_->name.range;
    }
    if (migration_) {
      m().migrationName = migration_->name.name;
      m().migrationRange = migration_->name.range;
      if (migration_->of && migration_->of->name != m().deploymentName) {
        std::vector<std::string> names;
        if (deployment_) names.push_back(m().deploymentName);
        unknown(diag::Kind::Unknown, *migration_->of, "unknown deployment", diag::each(names));
      }
    }
  }

  template <typename Node> void keepFirst(const Node *&first, const Node *next, const char *what) {
    if (!first) {
      first = next;
      return;
    }
    diags_
        .report(diag::Kind::Dup, next->name.range,
                fmt::format("a second {} '{}': a program has at most one", what, next->name.name))
        .notes.push_back({first->name.range, fmt::format("the first {} is declared here", what)});
  }

  // ---- declarations: every name first, so that references may point forward ----

  // Components and data sets share one namespace: waivers and policies name
  // them by their bare name.
  bool declareEntity(const ast::Ident &name, const char *what) {
    auto [it, inserted] = entityDecls_.try_emplace(name.name, name.range);
    if (!inserted) duplicate(what, name, it->second);
    return inserted;
  }

  void duplicate(const char *what, const ast::Ident &name, SMRange first) {
    diags_.report(diag::Kind::Dup, name.range, fmt::format("duplicate {} '{}'", what, name.name))
        .notes.push_back({first, fmt::format("'{}' is first declared here", name.name)});
  }

  void declareDeployment(const ast::Deployment &deployment) {
    reserveDeclarations(deployment);
    for (const auto &item : deployment.items) {
      if (const auto *site = std::get_if<ast::Site>(&item)) {
        SymbolId symbol = declareSite(site->name);
        for (const auto &inner : site->items) {
          if (const auto *c = std::get_if<ast::Component>(&inner)) declareComponent(*c, symbol);
          else declareData(std::get<ast::DataDecl>(inner));
        }
      } else if (const auto *c = std::get_if<ast::Component>(&item)) {
        declareComponent(*c, kNoId);
      } else if (const auto *d = std::get_if<ast::DataDecl>(&item)) {
        declareData(*d);
      }
    }
  }

  // Sizes the tables once: a large estate otherwise rehashes and moves them
  // as they grow.
  void reserveDeclarations(const ast::Deployment &deployment) {
    size_t components = 0, data = 0;
    auto count = [&](const auto &item) {
      if (std::holds_alternative<ast::Component>(item)) ++components;
      else if (std::holds_alternative<ast::DataDecl>(item)) ++data;
    };
    for (const auto &item : deployment.items) {
      if (const auto *site = std::get_if<ast::Site>(&item))
        for (const auto &inner : site->items) count(inner);
      else count(item);
    }
    m().components.reserve(components);
    m().componentByName = llvm::StringMap<ComponentId>(unsigned(components));
    m().data.reserve(data);
    m().dataByName = llvm::StringMap<DataId>(unsigned(data));
    entityDecls_ = decltype(entityDecls_)(unsigned(components + data));
    deploymentComponents_.reserve(components);
    deploymentData_.reserve(data);
  }

  SymbolId declareSite(const ast::Ident &name) {
    auto [it, inserted] = m().siteByName.try_emplace(name.name, uint32_t(m().sites.size()));
    if (!inserted) {
      const SiteDecl &site = m().sites[it->second];
      duplicate("site", name, site.nameRange);
      return site.symbol;
    }
    m().sites.push_back({name.name, m().symbols.intern(name.name), name.range});
    return m().sites.back().symbol;
  }

  void declareComponent(const ast::Component &c, SymbolId site) {
    ComponentId id = kNoId;
    if (declareEntity(c.name, "component")) {
      id = static_cast<ComponentId>(m().components.size());
      ComponentDecl decl;
      decl.name = c.name.name;
      decl.site = site;
      decl.nameRange = c.name.range;
      decl.declRange = c.range;
      m().components.push_back(std::move(decl));
      m().componentByName[c.name.name] = id;
    }
    deploymentComponents_.push_back({&c, id, site});
  }

  void declareData(const ast::DataDecl &d) {
    DataId id = kNoId;
    if (declareEntity(d.name, "data set")) {
      id = static_cast<DataId>(m().data.size());
      DataDecl decl;
      decl.name = d.name.name;
      decl.nameRange = d.name.range;
      decl.declRange = d.range;
      m().data.push_back(std::move(decl));
      m().dataByName[d.name.name] = id;
    }
    deploymentData_.push_back({&d, id});
  }

  // Phases, and the components that `deploy` steps create. Deploying a name
  // that already is a component is not a redeclaration: the runtime reports
  // it (E-STEP) in the states where the component exists.
  void declarePlan(const ast::Migration &migration) {
    for (const ast::Phase &phase : migration.phases) {
      if (auto it = m().phaseByName.find(phase.name.name); it != m().phaseByName.end()) {
        duplicate("phase", phase.name, m().phases[it->second].nameRange);
        phaseIds_.push_back(kNoId);
      } else {
        phaseIds_.push_back(static_cast<PhaseId>(m().phases.size()));
        m().phaseByName[phase.name.name] = static_cast<PhaseId>(m().phases.size());
        PhaseDecl decl;
        decl.name = phase.name.name;
        decl.title = phase.title ? phase.title->value : std::string();
        decl.nameRange = phase.name.range;
        decl.headerRange = headerRange(phase);
        m().phases.push_back(std::move(decl));
      }
      for (const ast::Step &step : phase.steps) {
        if (ast::statusAfter(step.verb) != ast::StatusAfter::Active || step.subjects.empty()) continue;
        const ast::Ident &name = step.subjects.front();
        if (m().componentByName.count(name.name)) continue;
        if (!declareEntity(name, "component")) continue;
        m().componentByName[name.name] = static_cast<ComponentId>(m().components.size());
        ComponentDecl decl;
        decl.name = name.name;
        decl.nameRange = name.range;
        decl.declRange = step.range;
        decl.inDeployment = false;
        m().components.push_back(std::move(decl));
        firstDeploys_.insert(&step);
      }
    }
  }

  static SMRange headerRange(const ast::Phase &phase) {
    llvm::SMLoc end = phase.name.range.End;
    if (!phase.after.empty()) end = phase.after.back().range.End;
    if (phase.title) end = phase.title->range.End;
    return SMRange(phase.range.Start, end);
  }

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

  void resolveDeployment(const ast::Deployment &deployment) {
    for (const PendingComponent &pending : deploymentComponents_) {
      ComponentDecl scratch;
      ComponentDecl &decl = pending.id == kNoId ? scratch : m().components[pending.id];
      decl.role = vocabularyName(Category::Role, pending.ast->role);
      std::vector<Attribute> attrs = resolveAttrs(pending.ast->attrs, AttrSite::Component, "");
      countUsers(attrs);
      fillComponent(decl, pending.site, std::move(attrs));
    }
    for (const PendingData &pending : deploymentData_) {
      DataDecl scratch;
      resolveData(*pending.ast, pending.id == kNoId ? scratch : m().data[pending.id]);
    }
    for (const auto &item : deployment.items)
      if (const auto *critical = std::get_if<ast::Critical>(&item))
        for (const ast::Ident &service : critical->services) {
          SymbolId s = vocabularyName(Category::Service, service);
          if (std::find(m().critical.begin(), m().critical.end(), s) == m().critical.end())
            m().critical.push_back(s);
        }
  }

  // Moves `users` and `site` out of the attributes into their fields; the
  // rest become the declaration's attributes.
  void fillComponent(ComponentDecl &decl, SymbolId blockSite, std::vector<Attribute> attrs) {
    decl.site = blockSite;
    for (const Attribute &attr : attrs) {
      if (attr.key == m().keyUsers) {
        decl.users = attr.value.num;
      } else if (attr.key == m().keySite) {
        if (blockSite != kNoId && attr.value.id() != blockSite)
          diags_.report(diag::Kind::Type, attr.range,
                        fmt::format("'{}' is declared in site '{}' but its 'site' attribute names '{}'", decl.name,
                                    m().symbols.name(blockSite), m().symbols.name(attr.value.id())));
        decl.site = attr.value.id();
      }
    }
    std::erase_if(attrs, [&](const Attribute &attr) { return attr.key == m().keyUsers || attr.key == m().keySite; });
    decl.attrs = std::move(attrs);
  }

  // Moves keep the number of users; only `users` attributes bring new ones.
  // While all of them add up to at most INT64_MAX no count can overflow,
  // whatever order the moves run in (an overflow would make the result of
  // two moves into one pool depend on which runs first).
  void countUsers(const std::vector<Attribute> &attrs) {
    for (const Attribute &attr : attrs) {
      if (attr.key != m().keyUsers || attr.value.kind != Value::Kind::Int || usersOverflow_) continue;
      if (!__builtin_add_overflow(usersTotal_, attr.value.num, &usersTotal_)) continue;
      usersOverflow_ = true;
      diags_.report(diag::Kind::Limit, attr.range,
                    fmt::format("the plan's user counts add up to more than {}: users could overflow",
                                std::numeric_limits<int64_t>::max()));
    }
  }

  void resolveData(const ast::DataDecl &ast, DataDecl &decl) {
    for (Attribute &attr : resolveAttrs(ast.attrs, AttrSite::Data, "")) {
      if (attr.key == m().keyKind)
        decl.kind = attr.value.id();
      else if (attr.key == m().keyHeldBy)
        decl.heldBy = attr.value.id();
      else
        decl.attrs.push_back(std::move(attr));
    }
    // Given but unresolved counts as given: that was reported already.
    std::vector<std::string> missing;
    for (const BuiltinAttrInfo &a : kBuiltinAttrs)
      if (a.required && a.ownedBy(AttrOwner::Data) && !hasKey(ast.attrs, a.name))
        missing.push_back(fmt::format("'{}'", a.name));
    if (!missing.empty())
      diags_.report(diag::Kind::Type, ast.name.range,
                    fmt::format("data set '{}' needs {}", ast.name.name, fmt::join(missing, " and ")));
  }

  static bool hasKey(const ast::AttrList &attrs, llvm::StringRef key) {
    return llvm::any_of(attrs.attrs, [&](const ast::Attr &a) { return a.key.name == key; });
  }

  // Resolves an attribute list; attributes in error are reported and dropped.
  // `service` prefixes the keys of `enable` attributes.
  std::vector<Attribute> resolveAttrs(const ast::AttrList &list, AttrSite where, llvm::StringRef service) {
    std::vector<Attribute> out;
    out.reserve(list.attrs.size());
    // Attribute lists are short: no allocation for the usual few keys.
    llvm::SmallDenseMap<llvm::StringRef, SMRange, 16> seen;
    for (const ast::Attr &attr : list.attrs) {
      SMRange whole(attr.key.range.Start, attr.value.range.End);
      if (auto [it, inserted] = seen.try_emplace(attr.key.name, attr.key.range); !inserted) {
        diags_.report(diag::Kind::Dup, attr.key.range, fmt::format("attribute '{}' is given twice", attr.key.name))
            .notes.push_back({it->second, "first given here"});
        continue;
      }
      std::optional<Value> value = where == AttrSite::Enable ? resolveValue(attr.value)
                                                             : resolveBuiltin(attr, where);
      if (!value) continue;
      SymbolId key = where == AttrSite::Enable ? m().symbols.intern(fmt::format("{}_{}", service.str(), attr.key.name))
                                               : m().symbols.intern(attr.key.name);
      out.push_back({key, std::move(*value), whole});
    }
    return out;
  }

  std::optional<Value> typeError(const ast::Value &value, llvm::StringRef key, llvm::StringRef expected) {
    diags_.report(diag::Kind::Type, value.range,
                  fmt::format("attribute '{}' must be {}, not {}", key.str(), expected.str(), describe(value)));
    return std::nullopt;
  }

  static const char *describe(const ast::Value &value) {
    switch (value.kind) {
    case ast::Value::Kind::Int: return "an integer";
    case ast::Value::Kind::Version: return "a version";
    case ast::Value::Kind::String: return "a string";
    case ast::Value::Kind::Bool: return "a boolean";
    case ast::Value::Kind::Ident: return "a name";
    case ast::Value::Kind::List: return "a list";
    case ast::Value::Kind::None: break;
    }
    return "nothing";
  }

  // The typed built-in attributes (builtin_attrs.def); other keys resolve freely.
  std::optional<Value> resolveBuiltin(const ast::Attr &attr, AttrSite where) {
    std::optional<SymbolId> key = m().symbols.lookup(attr.key.name);
    std::optional<BuiltinAttr> builtin = key ? m().builtin(*key) : std::nullopt;
    if (!builtin) return resolveValue(attr.value);
    const BuiltinAttrInfo &info = builtinInfo(*builtin);
    if (info.check == ValueCheck::Fixed) {
      diags_.report(diag::Kind::Type, attr.key.range,
                    fmt::format("'{}' is a built-in attribute and cannot be set by hand", attr.key.name));
      return std::nullopt;
    }
    // On another entity the key is an ordinary attribute.
    if (!info.ownedBy(where == AttrSite::Data ? AttrOwner::Data : AttrOwner::Component)) return resolveValue(attr.value);
    return checkValue(info.check, attr);
  }

  // A built-in attribute's value, checked (E-TYPE) and resolved.
  std::optional<Value> checkValue(ValueCheck check, const ast::Attr &attr) {
    llvm::StringRef key = attr.key.name;
    const ast::Value &v = attr.value;
    using K = ast::Value::Kind;
    switch (check) {
    case ValueCheck::Fixed: return std::nullopt; // reported by resolveBuiltin
    case ValueCheck::Site:
      if (v.kind != K::Ident) return typeError(v, key, "a site");
      if (auto it = m().siteByName.find(v.text); it != m().siteByName.end())
        return Value::symbol(m().sites[it->second].symbol);
      unknown(diag::Kind::Unknown, {v.text, v.range}, "unknown site", [&](auto yield) {
        for (const SiteDecl &site : m().sites) yield(site.name);
      });
      return std::nullopt;
    case ValueCheck::Integer:
      if (v.kind != K::Int) return typeError(v, key, "an integer");
      return resolveValue(v);
    case ValueCheck::IntegerOrVersion:
      if (v.kind != K::Int && v.kind != K::Version) return typeError(v, key, "an integer or a version");
      return resolveValue(v);
    case ValueCheck::Services: {
      std::vector<const ast::Value *> items;
      if (v.kind == K::List)
        for (const ast::Value &item : v.items) items.push_back(&item);
      else
        items.push_back(&v);
      std::vector<Value> services;
      for (const ast::Value *item : items) {
        if (item->kind != K::Ident) return typeError(*item, key, "a list of services");
        services.push_back(Value::symbol(vocabularyName(Category::Service, {item->text, item->range})));
      }
      return Value::list(std::move(services));
    }
    case ValueCheck::DataKind:
      if (v.kind != K::Ident) return typeError(v, key, "a data kind");
      return Value::symbol(vocabularyName(Category::DataKind, {v.text, v.range}));
    case ValueCheck::Component: {
      if (v.kind != K::Ident) return typeError(v, key, "a component");
      auto c = componentNamed({v.text, v.range});
      return c ? std::optional(Value::component(*c)) : std::nullopt;
    }
    case ValueCheck::Bool:
      if (v.kind != K::Bool) return typeError(v, key, "true or false");
      return resolveValue(v);
    case ValueCheck::String:
      if (v.kind != K::String) return typeError(v, key, "a string");
      return resolveValue(v);
    }
    return std::nullopt;
  }

  // A literal, or an IDENT resolved by name (components first: resolve.h).
  std::optional<Value> resolveValue(const ast::Value &v) {
    switch (v.kind) {
    case ast::Value::Kind::Int: {
      int64_t n = 0;
      if (llvm::StringRef(v.text).getAsInteger(10, n)) {
        diags_.report(diag::Kind::Type, v.range, fmt::format("integer '{}' is too large", v.text));
        return std::nullopt;
      }
      return Value::integer(n);
    }
    case ast::Value::Kind::Version: {
      std::vector<uint64_t> parts;
      if (!parseVersion(v.text, parts)) {
        diags_.report(diag::Kind::Type, v.range, fmt::format("version '{}' has a component that is too large", v.text));
        return std::nullopt;
      }
      return Value::version(std::move(parts));
    }
    case ast::Value::Kind::String: return Value::string(v.text);
    case ast::Value::Kind::Bool: return Value::boolean(v.boolean);
    case ast::Value::Kind::Ident: {
      if (auto resolved = resolveName(m(), v.text)) return resolved;
      unknown(diag::Kind::Unknown, {v.text, v.range}, "unknown name", diag::each(nameCandidates()));
      return std::nullopt;
    }
    case ast::Value::Kind::List: {
      std::vector<Value> items;
      bool ok = true;
      for (const ast::Value &item : v.items) {
        auto resolved = resolveValue(item);
        if (resolved) items.push_back(std::move(*resolved));
        ok = ok && resolved;
      }
      if (!ok) return std::nullopt;
      return Value::list(std::move(items));
    }
    case ast::Value::Kind::None: break;
    }
    return Value::none();
  }

  // Interns `name` as a symbol of `category`, reporting E-VOCAB when some
  // vocabulary declares that category but not this name.
  SymbolId vocabularyName(Category category, const ast::Ident &name) {
    SymbolId symbol = m().symbols.intern(name.name);
    if (m().vocab.checks(category) && !m().vocab.declares(category, symbol)) {
      unknown(diag::Kind::Vocab, name,
              fmt::format("{} '{}' is not declared by any vocabulary", kCategoryWords[static_cast<size_t>(category)],
                          name.name),
              [&](auto yield) {
                for (SymbolId s : m().vocab.declared[static_cast<size_t>(category)]) yield(m().symbols.name(s));
              },
              /*messageIsWhole=*/true);
    }
    return symbol;
  }

  // Reports `prefix 'name'` (or `prefix` alone when it already names it) with
  // "did you mean" and a fix-it when a candidate is close.
  void unknown(diag::Kind kind, const ast::Ident &name, const std::string &prefix, diag::Candidates candidates,
               bool messageIsWhole = false) {
    diags_.reportUnknown(kind, name.range, messageIsWhole ? prefix : fmt::format("{} '{}'", prefix, name.name),
                         name.name, candidates);
  }

  void forEachComponentName(llvm::function_ref<void(llvm::StringRef)> yield) const {
    for (const ComponentDecl &c : model_->components) yield(c.name);
  }

  std::optional<ComponentId> componentNamed(const ast::Ident &name) {
    if (auto it = m().componentByName.find(name.name); it != m().componentByName.end()) return it->second;
    std::string prefix = m().dataByName.count(name.name)
                             ? fmt::format("'{}' is a data set, not a component", name.name)
                             : fmt::format("unknown component '{}'", name.name);
    unknown(diag::Kind::Unknown, name, prefix, [&](auto yield) { forEachComponentName(yield); }, true);
    return std::nullopt;
  }

  std::optional<DataId> dataNamed(const ast::Ident &name) {
    if (auto it = m().dataByName.find(name.name); it != m().dataByName.end()) return it->second;
    std::string prefix = m().componentByName.count(name.name)
                             ? fmt::format("'{}' is a component, not a data set", name.name)
                             : fmt::format("unknown data set '{}'", name.name);
    unknown(
        diag::Kind::Unknown, name, prefix, [&](auto yield) { for (const DataDecl &d : m().data) yield(d.name); }, true);
    return std::nullopt;
  }

  void resolvePlan(const ast::Migration &migration) {
    std::vector<std::string> phaseNames;
    for (const PhaseDecl &p : m().phases) phaseNames.push_back(p.name);
    for (size_t i = 0; i < migration.phases.size(); ++i) {
      const ast::Phase &phase = migration.phases[i];
      PhaseDecl scratch;
      PhaseDecl &decl = phaseIds_[i] == kNoId ? scratch : m().phases[phaseIds_[i]];
      for (const ast::Ident &after : phase.after) {
        auto pred = m().phaseByName.find(after.name);
        if (pred == m().phaseByName.end()) {
          unknown(diag::Kind::Unknown, after, "unknown phase", diag::each(phaseNames));
          continue;
        }
        // A self-edge is kept: the phase graph reports it as a cycle.
        decl.after.push_back(pred->second);
        decl.afterRanges.push_back(after.range);
      }
      for (const ast::Step &step : phase.steps) resolveStep(step, decl.steps);
    }
  }

  // One step per name for a verb with $subjects (`decommission a, b`), each
  // located at its name; otherwise one step, kept when its operands resolve.
  void resolveStep(const ast::Step &ast, std::vector<Step> &out) {
    if (ast::hasOperand(ast.verb, ast::Operand::Subjects)) {
      for (const ast::Ident &name : ast.subjects) {
        Step step;
        step.verb = ast.verb;
        step.range = step.subjectRange = name.range;
        if (auto c = componentNamed(name)) {
          step.subject = *c;
          out.push_back(std::move(step));
        }
      }
      return;
    }
    Step step;
    step.verb = ast.verb;
    step.range = ast.range;
    bool ok = true;
    // In the order the syntax writes them, so findings come in source order.
    ast::forEachPiece(ast.verb, [&](const ast::Piece &piece) {
      if (piece.operand) ok = resolveOperand(ast, *piece.operand, step) && ok;
    });
    // The first step that creates a component declares it: role, site, attributes.
    if (ok && ast::statusAfter(ast.verb) == ast::StatusAfter::Active && firstDeploys_.count(&ast)) {
      ComponentDecl &decl = m().components[step.subject];
      decl.role = step.symbol;
      fillComponent(decl, kNoId, step.attrs);
    }
    if (ok) out.push_back(std::move(step));
  }

  // Resolves one operand of `ast` into `step`; false when it names nothing.
  bool resolveOperand(const ast::Step &ast, ast::Operand operand, Step &step) {
    const ast::Ident &subject = ast.subjects.front(); // every verb without $subjects has one
    auto component = [&](const ast::Ident &name, uint32_t &slot, SMRange &range) {
      range = name.range;
      auto c = componentNamed(name);
      if (c) slot = *c;
      return c.has_value();
    };
    switch (operand) {
    case ast::Operand::Role:
      step.symbol = vocabularyName(Category::Role, ast.role);
      step.symbolRange = ast.role.range;
      return true;
    case ast::Operand::Service:
      step.symbol = vocabularyName(Category::Service, ast.service);
      step.symbolRange = ast.service.range;
      return true;
    case ast::Operand::Tag:
      step.symbol = vocabularyName(Category::Tag, subject);
      step.symbolRange = step.subjectRange = subject.range;
      confirmedTags_.insert(subject.name);
      return true;
    case ast::Operand::Subject:
      if (ast::statusAfter(ast.verb) == ast::StatusAfter::Active) {
        // The plan declares it (declarePlan); a name that is not a component
        // clashed with a data set (E-DUP, reported).
        step.subjectRange = subject.range;
        auto it = m().componentByName.find(subject.name);
        if (it == m().componentByName.end()) return false;
        step.subject = it->second;
        return true;
      }
      return component(subject, step.subject, step.subjectRange);
    case ast::Operand::From: return component(subject, step.subject, step.subjectRange);
    case ast::Operand::To: return component(ast.target, step.target, step.targetRange);
    case ast::Operand::Subjects: return false; // one step per name: resolveStep
    case ast::Operand::Data: {
      step.subjectRange = subject.range;
      auto d = dataNamed(subject);
      if (d) step.subject = *d;
      return d.has_value();
    }
    case ast::Operand::Count: {
      step.moveAll = ast.moveAll;
      if (ast.moveAll) return true;
      auto count = resolveValue(ast.count);
      if (count) step.count = count->num;
      return count.has_value();
    }
    case ast::Operand::Location:
    case ast::Operand::Note: step.text = ast.text.value; return true;
    case ast::Operand::Attrs:
      switch (ast::attrsKind(ast.verb)) {
      case ast::AttrsKind::Component:
        step.attrs = resolveAttrs(ast.attrs, AttrSite::Component, "");
        countUsers(step.attrs);
        return true;
      case ast::AttrsKind::Service: step.attrs = resolveAttrs(ast.attrs, AttrSite::Enable, ast.service.name); return true;
      case ast::AttrsKind::None: return true;
      }
      return true;
    }
    return true;
  }

  void resolveWaivers() {
    std::vector<std::string> entityNames;
    forEachComponentName([&](llvm::StringRef name) { entityNames.push_back(name.str()); });
    for (const DataDecl &d : m().data) entityNames.push_back(d.name);
    for (SymbolId tag : m().vocab.declared[static_cast<size_t>(Category::Tag)])
      confirmedTags_.insert(m().symbols.name(tag));
    for (const auto &tag : confirmedTags_) entityNames.push_back(tag.getKey().str());
    for (const ast::File *file : files_)
      for (const ast::Item &item : file->items) {
        const auto *waive = std::get_if<ast::Waive>(&item);
        if (!waive) continue;
        Waiver w;
        w.policyId = waive->policy.name;
        w.policyRange = waive->policy.range;
        w.range = waive->range;
        w.reason = waive->reason.value;
        for (const ast::Ident &entity : waive->entities) {
          // An unknown name stays in the list: dropping it could widen the waiver to "everywhere".
          if (!m().componentByName.count(entity.name) && !m().dataByName.count(entity.name) &&
              !confirmedTags_.count(entity.name))
            unknown(diag::Kind::Unknown, entity,
                    fmt::format("waiver names '{}', which is not a component, data set or tag", entity.name),
                    diag::each(entityNames), true);
          w.entities.push_back(entity.name);
          w.entityRanges.push_back(entity.range);
        }
        if (waive->until) {
          w.untilRange = waive->until->range;
          if (isDate(waive->until->value))
            w.until = waive->until->value;
          else
            diags_.report(diag::Kind::Type, waive->until->range,
                          fmt::format("'until' must be a date YYYY-MM-DD, not \"{}\"", waive->until->value));
        }
        m().waivers.push_back(std::move(w));
      }
  }

  // ---- the static reference graph ----

  void addReferences(ComponentId from, const Attribute &attr) {
    collectComponents(attr.value, [&](ComponentId to) { m().referencesOf[from].push_back({to, attr.key}); });
  }

  template <typename F> static void collectComponents(const Value &v, F &&f) {
    if (v.kind == Value::Kind::Component) f(v.id());
    for (const Value &item : v.items) collectComponents(item, f);
  }

  void buildReferenceGraph() {
    Model &model = m();
    size_t n = model.components.size();
    model.referencesOf.assign(n, {});
    model.referencedBy.assign(n, {});
    model.dataHeldBy.assign(n, {});
    for (ComponentId c = 0; c < n; ++c)
      for (const Attribute &attr : model.components[c].attrs) addReferences(c, attr);
    for (DataId d = 0; d < model.data.size(); ++d)
      if (model.data[d].heldBy != kNoId) model.dataHeldBy[model.data[d].heldBy].push_back(d);
    for (const PhaseDecl &phase : model.phases)
      for (const Step &step : phase.steps) {
        // A step that moves a data set makes its $to the holder.
        if (ast::changes(step.verb, ast::Place::HeldBy)) model.dataHeldBy[step.target].push_back(step.subject);
        if (ast::subjectKind(step.verb) != ast::SubjectKind::Component) continue;
        for (const Attribute &attr : step.attrs) addReferences(step.subject, attr);
      }
    for (ComponentId c = 0; c < n; ++c) {
      sortUnique(model.referencesOf[c]);
      sortUnique(model.dataHeldBy[c]);
      for (const Model::Ref &ref : model.referencesOf[c]) model.referencedBy[ref.component].push_back({c, ref.key});
    }
    for (auto &refs : model.referencedBy) sortUnique(refs);
  }

  template <typename T> static void sortUnique(std::vector<T> &v) {
    std::sort(v.begin(), v.end());
    v.erase(std::unique(v.begin(), v.end()), v.end());
  }

  const std::vector<const ast::File *> &files_;
  diag::Diagnostics &diags_;
  std::unique_ptr<Model> model_;
  const ast::Deployment *deployment_ = nullptr;
  const ast::Migration *migration_ = nullptr;
  // Freed all at once with the analyzer (one entry per entity).
  llvm::StringMap<SMRange, llvm::BumpPtrAllocator> entityDecls_;
  std::vector<PendingComponent> deploymentComponents_;
  std::vector<PendingData> deploymentData_;
  std::vector<PhaseId> phaseIds_; // per AST phase; kNoId: a duplicate
  // The first `deploy` of each name: it declares the component (role, site, attributes).
  llvm::SmallPtrSet<const ast::Step *, 16> firstDeploys_;
  llvm::StringSet<> confirmedTags_;
  int64_t usersTotal_ = 0; // every `users` attribute of the program, summed (countUsers)
  bool usersOverflow_ = false;
  // "Did you mean" for bare names: every entity and symbol name, copied only
  // when a name is unknown (declarations are complete by then).
  std::optional<std::vector<std::string>> candidates_;
  const std::vector<std::string> &nameCandidates() {
    if (!candidates_) candidates_ = sema::nameCandidates(*model_);
    return *candidates_;
  }
};

} // namespace

std::unique_ptr<Model> analyzeFiles(const std::vector<const ast::File *> &files, diag::Diagnostics &diags) {
  return Analyzer(files, diags).run();
}

} // namespace cutover::sema
