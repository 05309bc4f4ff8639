#include "compiler/sema/analyze.h"

#include "compiler/sema/analyzer.h"

#include <thread>

namespace cutover::sema {

namespace detail {
namespace {

constexpr const char *kCategoryWords[kCategoryCount] = {"role", "service", "data kind", "tag", "symbol"};

std::optional<Category> categoryOf(llvm::StringRef line) {
  if (line == "roles") return Category::Role;
  if (line == "services") return Category::Service;
  if (line == "data") return Category::DataKind;
  if (line == "tags") return Category::Tag;
  if (line == "symbols") return Category::Symbol;
  return std::nullopt;
}

} // namespace

std::unique_ptr<Model> Analyzer::run() {
  internBuiltins(m());
  collectVocabularies();
  findDeploymentAndMigration();
  if (deployment_) declareDeployment(*deployment_);
  if (migration_) declarePlan(*migration_);
  if (worthConcurrency()) {
    resolveConcurrently();
  } else {
    startReferenceGraph();
    if (deployment_) resolveDeployment(*deployment_);
    if (migration_) resolvePlan(*migration_);
  }
  resolveWaivers();
  finishReferenceGraph();
  return std::move(owned_);
}

Analyzer::Analyzer(const Analyzer &parent, diag::Diagnostics &diags)
    : files_(parent.files_), diags_(diags), model_(parent.model_), ownSymbols_(*parent.symbols_),
      symbols_(&ownSymbols_), planResolver_(true), ownSymbolsFrom_(static_cast<SymbolId>(ownSymbols_.size())),
      deployment_(parent.deployment_), migration_(parent.migration_), phaseIds_(parent.phaseIds_),
      firstDeploys_(parent.firstDeploys_) {}

bool Analyzer::worthConcurrency() const {
  if (jobs_ < 2 || !deployment_ || !migration_) return false;
  size_t steps = 0;
  for (const ast::Phase &phase : migration_->phases) steps += phase.steps.size();
  return std::min(deploymentComponents_.size() + deploymentData_.size(), steps) >= concurrentFrom_;
}

void Analyzer::resolveConcurrently() {
  const uint64_t workAtFork = diags_.suggestionWork();
  diag::Diagnostics planDiags;
  planDiags.addSuggestionWork(workAtFork);
  Analyzer plan(*this, planDiags);
  {
    std::jthread thread([&] { plan.resolvePlan(*migration_); });
    startReferenceGraph();
    resolveDeployment(*deployment_);
  }
  if (mergePlan(plan, planDiags, workAtFork)) return;
  resetPlan();
  resolvePlan(*migration_);
}

bool Analyzer::mergePlan(Analyzer &plan, diag::Diagnostics &planDiags, uint64_t workAtFork) {
  const uint64_t planWork = planDiags.suggestionWork() - workAtFork;
  if (diags_.suggestionWork() + planWork > diag::Diagnostics::kSuggestionBudget) return false;
  diags_.addSuggestionWork(planWork);

  std::vector<SymbolId> newIds;
  bool renumbered = false;
  for (SymbolId id = plan.ownSymbolsFrom_; id < plan.syms().size(); ++id) {
    newIds.push_back(syms().intern(plan.syms().name(id)));
    renumbered = renumbered || newIds.back() != id;
  }
  if (renumbered) plan.renumberOwnSymbols(newIds);

  std::vector<diag::Finding> &planFindings = planDiags.findings();
  for (const PendingUsers &pending : plan.pendingUsers_) {
    if (usersOverflow_) break;
    diag::Diagnostics overflow;
    addUsers(pending.users, pending.range, overflow);
    if (!overflow.findings().empty())
      planFindings.insert(planFindings.begin() + std::ptrdiff_t(pending.findings), std::move(overflow.findings()[0]));
  }
  for (diag::Finding &finding : planFindings) diags_.report(std::move(finding));

  for (const auto &[from, ref] : plan.pendingRefs_) m().referencesOf[from].push_back(ref);
  for (const auto &[holder, data] : plan.pendingHeldBy_) m().dataHeldBy[holder].push_back(data);
  confirmedTags_ = std::move(plan.confirmedTags_);
  return true;
}

void Analyzer::renumberOwnSymbols(const std::vector<SymbolId> &newIds) {
  auto own = [&](SymbolId s) { return s != kNoId && s >= ownSymbolsFrom_; };
  auto id = [&](SymbolId s) { return own(s) ? newIds[s - ownSymbolsFrom_] : s; };
  // Payloads are shared and never changed: a list that holds an own symbol is built again.
  auto holdsOwn = [&](auto &self, const Value &v) -> bool {
    return (v.kind == Value::Kind::Symbol && own(v.id())) ||
           llvm::any_of(v.items(), [&](const Value &item) { return self(self, item); });
  };
  auto value = [&](auto &self, const Value &v) -> Value {
    if (v.kind == Value::Kind::Symbol) return Value::symbol(id(v.id()));
    std::vector<Value> items;
    items.reserve(v.items().size());
    for (const Value &item : v.items()) items.push_back(self(self, item));
    return Value::list(std::move(items));
  };
  auto attributes = [&](std::vector<Attribute> &attrs) {
    for (Attribute &attr : attrs) {
      attr.key = id(attr.key);
      if (holdsOwn(holdsOwn, attr.value)) attr.value = value(value, attr.value);
    }
  };
  for (PhaseId p : phasesWithOwnSymbols_)
    for (Step &step : m().phases[p].steps) {
      step.symbol = id(step.symbol);
      attributes(step.attrs);
    }
  for (ComponentDecl &c : m().components)
    if (!c.inDeployment) {
      c.role = id(c.role);
      c.site = id(c.site);
      attributes(c.attrs);
    }
  for (auto &pending : pendingRefs_) pending.second.key = id(pending.second.key);
}

void Analyzer::resetPlan() {
  for (PhaseDecl &phase : m().phases) {
    phase.after.clear();
    phase.afterRanges.clear();
    phase.steps.clear();
  }
  for (ComponentDecl &c : m().components)
    if (!c.inDeployment) {
      c.role = c.site = kNoId;
      c.users = 0;
      c.attrs.clear();
    }
}

void Analyzer::collectVocabularies() {
  std::vector<const ast::Ident *> pinned;
  for (const ast::File *file : files_)
    for (const ast::Item &item : file->items)
      if (const auto *vocab = std::get_if<ast::Vocabulary>(&item))
        for (const ast::VocabLine &line : vocab->lines) {
          auto category = categoryOf(line.category.name);
          for (const ast::Ident &name : line.names) {
            if (category)
              m().vocab.declared[static_cast<size_t>(*category)].push_back(syms().intern(name.name));
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
    SymbolId kind = syms().intern(name->name);
    if (m().vocab.declares(Category::DataKind, kind)) {
      m().vocab.pinned.push_back(kind);
      continue;
    }
    unknown(
        *name,
        [&](auto yield) {
          for (SymbolId s : kinds) yield(syms().name(s));
        },
        diag::msg::PinnedNotADataKind, name->name);
  }
  sortUnique(m().vocab.pinned);
}

void Analyzer::findDeploymentAndMigration() {
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
      unknown(*migration_->of, diag::each(names), diag::msg::UnknownDeployment, migration_->of->name);
    }
  }
}

std::optional<SymbolId> Analyzer::lookupRecent(llvm::StringRef name, RecentSymbol &slot) {
  if (slot.id != kNoId && name == slot.name) return used(slot.id);
  std::optional<SymbolId> id = syms().lookup(name);
  if (id) {
    slot.name.assign(name.data(), name.size());
    slot.id = used(*id);
  }
  return id;
}

SymbolId Analyzer::internRecent(llvm::StringRef name, RecentSymbol &slot) {
  if (slot.id != kNoId && name == slot.name) return used(slot.id);
  slot.name.assign(name.data(), name.size());
  return slot.id = used(syms().intern(name));
}

SymbolId Analyzer::vocabularyName(Category category, const ast::Ident &name) {
  SymbolId symbol = internRecent(name.name, recentVocabulary_[static_cast<size_t>(category)]);
  if (m().vocab.checks(category) && !m().vocab.declares(category, symbol)) {
    unknown(
        name,
        [&](auto yield) {
          for (SymbolId s : m().vocab.declared[static_cast<size_t>(category)]) yield(syms().name(s));
        },
        diag::msg::NotInVocabulary, kCategoryWords[static_cast<size_t>(category)], name.name);
  }
  return symbol;
}

void Analyzer::forEachComponentName(llvm::function_ref<void(llvm::StringRef)> yield) const {
  for (const ComponentDecl &c : model_->components) yield(c.name);
}

std::optional<ComponentId> Analyzer::findComponent(llvm::StringRef name) {
  // Resolution only reads the table: the last name found stays valid. A deployment's servers name
  // their pool one after another (`pool fe10_s0000` on every mediation server of the site).
  if (lastComponent_ != kNoId && name == m().components[lastComponent_].name) return lastComponent_;
  auto it = m().componentByName.find(name);
  if (it == m().componentByName.end()) return std::nullopt;
  lastComponent_ = it->second;
  return it->second;
}

std::optional<ComponentId> Analyzer::componentNamed(const ast::Ident &name) {
  if (auto c = findComponent(name.name)) return c;
  auto candidates = [&](auto yield) { forEachComponentName(yield); };
  if (m().dataByName.count(name.name))
    unknown(name, candidates, diag::msg::DataSetNotComponent, name.name);
  else
    unknown(name, candidates, diag::msg::UnknownComponent, name.name);
  return std::nullopt;
}

std::optional<DataId> Analyzer::dataNamed(const ast::Ident &name) {
  if (auto it = m().dataByName.find(name.name); it != m().dataByName.end()) return it->second;
  auto candidates = [&](auto yield) {
    for (const DataDecl &d : m().data) yield(d.name);
  };
  if (m().componentByName.count(name.name))
    unknown(name, candidates, diag::msg::ComponentNotDataSet, name.name);
  else
    unknown(name, candidates, diag::msg::UnknownDataSet, name.name);
  return std::nullopt;
}

} // namespace detail

std::unique_ptr<Model> analyzeFiles(const std::vector<const ast::File *> &files, diag::Diagnostics &diags,
                                    const AnalyzeOptions &options) {
  return detail::Analyzer(files, diags, options.jobs, options.concurrentFrom).run();
}

} // namespace cutover::sema
