#include "compiler/sema/analyzer.h"

namespace cutover::sema::detail {

bool Analyzer::declareEntity(const ast::Ident &name, const char *what) {
  SMRange first;
  if (auto c = m().componentByName.find(name.name); c != m().componentByName.end())
    first = m().components[c->second].nameRange;
  else if (auto d = m().dataByName.find(name.name); d != m().dataByName.end())
    first = m().data[d->second].nameRange;
  else
    return true;
  duplicate(what, name, first);
  return false;
}

void Analyzer::duplicate(const char *what, const ast::Ident &name, SMRange first) {
  diag::note(diag::report(diags_, name.range, diag::msg::Duplicate, what, name.name), first,
             diag::msg::FirstDeclaredHere, name.name);
}

void Analyzer::declareDeployment(const ast::Deployment &deployment) {
  reserveDeclarations(deployment);
  for (const auto &item : deployment.items) {
    if (const auto *site = std::get_if<ast::Site>(&item)) {
      SymbolId symbol = declareSite(site->name);
      for (const auto &inner : site->items) {
        if (const auto *c = std::get_if<ast::Component>(&inner))
          declareComponent(*c, symbol);
        else
          declareData(std::get<ast::DataDecl>(inner));
      }
    } else if (const auto *c = std::get_if<ast::Component>(&item)) {
      declareComponent(*c, kNoId);
    } else if (const auto *d = std::get_if<ast::DataDecl>(&item)) {
      declareData(*d);
    }
  }
}

void Analyzer::reserveDeclarations(const ast::Deployment &deployment) {
  size_t components = 0, data = 0;
  auto count = [&](const auto &item) {
    if (std::holds_alternative<ast::Component>(item))
      ++components;
    else if (std::holds_alternative<ast::DataDecl>(item))
      ++data;
  };
  for (const auto &item : deployment.items) {
    if (const auto *site = std::get_if<ast::Site>(&item))
      for (const auto &inner : site->items) count(inner);
    else
      count(item);
  }
  // The plan's `deploy` steps declare components too (declarePlan): sized
  // for the deployment alone, the table would double to take the first.
  size_t deployed = 0;
  if (migration_)
    for (const ast::Phase &phase : migration_->phases)
      for (const ast::Step &step : phase.steps)
        if (ast::statusAfter(step.verb) == ast::StatusAfter::Active && !step.subjects.empty()) ++deployed;
  m().components.reserve(components + deployed);
  m().componentByName = llvm::StringMap<ComponentId>(unsigned(components + deployed));
  m().data.reserve(data);
  m().dataByName = llvm::StringMap<DataId>(unsigned(data));
  deploymentComponents_.reserve(components);
  deploymentData_.reserve(data);
}

SymbolId Analyzer::declareSite(const ast::Ident &name) {
  auto [it, inserted] = m().siteByName.try_emplace(name.name, uint32_t(m().sites.size()));
  if (!inserted) {
    const SiteDecl &site = m().sites[it->second];
    duplicate("site", name, site.nameRange);
    return site.symbol;
  }
  m().sites.push_back({name.name, m().symbols.intern(name.name), name.range});
  return m().sites.back().symbol;
}

void Analyzer::declareComponent(const ast::Component &c, SymbolId site) {
  // One probe of the large table: inserted first, taken back when a data set has the name.
  const auto id = static_cast<ComponentId>(m().components.size());
  auto [it, inserted] = m().componentByName.try_emplace(c.name.name, id);
  if (!inserted) {
    duplicate("component", c.name, m().components[it->second].nameRange);
  } else if (auto d = m().dataByName.find(c.name.name); d != m().dataByName.end()) {
    m().componentByName.erase(it);
    duplicate("component", c.name, m().data[d->second].nameRange);
  } else {
    ComponentDecl &decl = m().components.emplace_back();
    decl.name = c.name.name;
    decl.site = site;
    decl.nameRange = c.name.range;
    decl.declRange = c.range;
    deploymentComponents_.push_back({&c, id, site});
    return;
  }
  deploymentComponents_.push_back({&c, kNoId, site});
}

void Analyzer::declareData(const ast::DataDecl &d) {
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

void Analyzer::declarePlan(const ast::Migration &migration) {
  m().phases.reserve(migration.phases.size());
  m().phaseByName = llvm::StringMap<PhaseId>(unsigned(migration.phases.size()));
  phaseIds_.reserve(migration.phases.size());
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

SMRange Analyzer::headerRange(const ast::Phase &phase) {
  llvm::SMLoc end = phase.name.range.End;
  if (!phase.after.empty()) end = phase.after.back().range.End;
  if (phase.title) end = phase.title->range.End;
  return SMRange(phase.range.Start, end);
}

} // namespace cutover::sema::detail
