#include "compiler/sema/analyze.h"

#include "compiler/sema/analyzer.h"

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
  startReferenceGraph();
  if (deployment_) resolveDeployment(*deployment_);
  if (migration_) resolvePlan(*migration_);
  resolveWaivers();
  finishReferenceGraph();
  return std::move(model_);
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
        *name,
        [&](auto yield) {
          for (SymbolId s : kinds) yield(m().symbols.name(s));
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
  if (slot.id != kNoId && name == slot.name) return slot.id;
  std::optional<SymbolId> id = m().symbols.lookup(name);
  if (id) {
    slot.name.assign(name.data(), name.size());
    slot.id = *id;
  }
  return id;
}

SymbolId Analyzer::internRecent(llvm::StringRef name, RecentSymbol &slot) {
  if (slot.id != kNoId && name == slot.name) return slot.id;
  slot.name.assign(name.data(), name.size());
  return slot.id = m().symbols.intern(name);
}

SymbolId Analyzer::vocabularyName(Category category, const ast::Ident &name) {
  SymbolId symbol = internRecent(name.name, recentVocabulary_[static_cast<size_t>(category)]);
  if (m().vocab.checks(category) && !m().vocab.declares(category, symbol)) {
    unknown(
        name,
        [&](auto yield) {
          for (SymbolId s : m().vocab.declared[static_cast<size_t>(category)]) yield(m().symbols.name(s));
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

std::unique_ptr<Model> analyzeFiles(const std::vector<const ast::File *> &files, diag::Diagnostics &diags) {
  return detail::Analyzer(files, diags).run();
}

} // namespace cutover::sema
