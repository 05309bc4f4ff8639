#include "compiler/graph/access.h"

#include <fmt/format.h>

#include <algorithm>

namespace cutover::graph {

using K = Location::Kind;
using sema::ComponentId;
using sema::Model;
using sema::Step;

namespace {

// The location attribute `a` of a `set` or `deploy` writes on component c
// (`services` is every service: see accessesOf).
Location attributeLocation(const Model &model, ComponentId c, sema::SymbolId key) {
  if (key == model.keyUsers) return {K::Users, c};
  return {K::Attr, c, key};
}

class Collector {
public:
  Collector(const Model &model, const KnownLocations &known, std::vector<StepAccess> &out)
      : model_(model), known_(known), out_(out) {
    out_.clear();
  }

  void add(Location l, Access a, ast::SMRange operand) {
    for (StepAccess &seen : out_)
      if (seen.location == l) {
        if (seen.access != a) seen.access = Access::Write;
        return;
      }
    out_.push_back({l, a, operand});
  }

  // `set`/`deploy`/`enable` attributes, in the order written.
  void attributes(const Step &step) {
    for (const sema::Attribute &a : step.attrs) {
      if (a.key == model_.keyServices) {
        everyService(step.subject, a.range);
        continue;
      }
      add(attributeLocation(model_, step.subject, a.key), Access::Write, a.range);
    }
  }

  void everyService(ComponentId c, ast::SMRange operand) {
    for (const Location &l : known_.of(c))
      if (l.kind == K::Service) add(l, Access::Write, operand);
    add({K::Services, c}, Access::Write, operand);
  }

  // Every location of the deployed component (its own attributes are known locations).
  void everything(const Step &step) {
    const ComponentId c = step.subject;
    add({K::Status, c}, Access::Write, step.subjectRange);
    add({K::Users, c}, Access::Write, step.subjectRange);
    everyService(c, step.subjectRange);
    for (const Location &l : known_.of(c))
      if (l.kind == K::Attr) add(l, Access::Write, step.subjectRange);
  }

private:
  const Model &model_;
  const KnownLocations &known_;
  std::vector<StepAccess> &out_;
};

} // namespace

KnownLocations::KnownLocations(const Model &model) : byComponent_(model.components.size()) {
  for (const sema::PhaseDecl &phase : model.phases)
    for (const Step &step : phase.steps) {
      if (step.verb == ast::Verb::Backup || step.verb == ast::Verb::Migrate || step.verb == ast::Verb::Confirm)
        continue;
      auto &known = byComponent_[step.subject];
      if (step.verb == ast::Verb::Enable || step.verb == ast::Verb::Disable)
        known.push_back({K::Service, step.subject, step.symbol});
      for (const sema::Attribute &a : step.attrs) {
        if (a.key == model.keyServices) {
          for (const sema::Value &s : a.value.items)
            if (s.kind == sema::Value::Kind::Symbol) known.push_back({K::Service, step.subject, s.id()});
        } else if (a.key != model.keyUsers) {
          known.push_back({K::Attr, step.subject, a.key});
        }
      }
    }
  for (auto &known : byComponent_) {
    std::sort(known.begin(), known.end());
    known.erase(std::unique(known.begin(), known.end()), known.end());
  }
}

void accessesOf(const Model &model, const KnownLocations &known, const Step &step, std::vector<StepAccess> &out) {
  Collector c(model, known, out);
  const ComponentId n = step.subject;
  switch (step.verb) {
  case ast::Verb::Deploy: c.everything(step); break;
  case ast::Verb::Decommission: c.add({K::Status, n}, Access::Write, step.subjectRange); break;
  case ast::Verb::Move:
    c.add({K::Status, n}, Access::Read, step.subjectRange);
    c.add({K::Status, step.target}, Access::Read, step.targetRange);
    c.add({K::Users, n}, Access::Write, step.subjectRange);
    c.add({K::Users, step.target}, Access::Add, step.targetRange);
    break;
  case ast::Verb::Enable:
  case ast::Verb::Disable:
    c.add({K::Status, n}, Access::Read, step.subjectRange);
    c.add({K::Service, n, step.symbol}, Access::Write, step.symbolRange);
    c.attributes(step);
    break;
  case ast::Verb::Set:
    c.add({K::Status, n}, Access::Read, step.subjectRange);
    c.attributes(step);
    break;
  case ast::Verb::Backup:
    c.add({K::BackedUp, n}, Access::Write, step.subjectRange);
    c.add({K::BackupLocation, n}, Access::Write, step.subjectRange);
    break;
  case ast::Verb::Migrate:
    c.add({K::Status, step.target}, Access::Read, step.targetRange);
    c.add({K::HeldBy, n}, Access::Write, step.subjectRange);
    c.add({K::MigratedTo, n}, Access::Write, step.subjectRange);
    break;
  case ast::Verb::Confirm: c.add({K::Tag, step.symbol}, Access::Add, step.symbolRange); break;
  }
}

const std::string &entityName(const Model &model, const Location &l) {
  switch (l.kind) {
  case K::BackedUp:
  case K::BackupLocation:
  case K::HeldBy:
  case K::MigratedTo: return model.data[l.entity].name;
  case K::Tag: return model.symbols.name(l.entity);
  default: return model.components[l.entity].name;
  }
}

std::string describe(const Model &model, const Location &l) {
  const std::string &entity = entityName(model, l);
  switch (l.kind) {
  case K::Status: return entity + ".status";
  case K::Users: return entity + ".users";
  case K::Service: return fmt::format("{} in {}.services", model.symbols.name(l.key), entity);
  case K::Services: return entity + ".services";
  case K::Attr: return fmt::format("{}.{}", entity, model.symbols.name(l.key));
  case K::BackedUp: return entity + ".backed_up";
  case K::BackupLocation: return entity + ".backup_location";
  case K::HeldBy: return entity + ".held_by";
  case K::MigratedTo: return entity + ".migrated_to";
  case K::Tag: return "tag " + entity;
  }
  return entity;
}

std::string describe(const Model &model, const Step &step) {
  auto c = [&](ComponentId id) -> const std::string & { return model.components[id].name; };
  auto sym = [&](sema::SymbolId id) -> const std::string & { return model.symbols.name(id); };
  switch (step.verb) {
  case ast::Verb::Deploy: return fmt::format("deploy {} {}", sym(step.symbol), c(step.subject));
  case ast::Verb::Decommission: return fmt::format("decommission {}", c(step.subject));
  case ast::Verb::Move:
    return fmt::format("move {} users from {} to {}", step.moveAll ? "all" : std::to_string(step.count),
                       c(step.subject), c(step.target));
  case ast::Verb::Enable: return fmt::format("enable {} on {}", sym(step.symbol), c(step.subject));
  case ast::Verb::Disable: return fmt::format("disable {} on {}", sym(step.symbol), c(step.subject));
  case ast::Verb::Set: return fmt::format("set {}", c(step.subject));
  case ast::Verb::Backup: return fmt::format("backup {}", model.data[step.subject].name);
  case ast::Verb::Migrate: return fmt::format("migrate {} to {}", model.data[step.subject].name, c(step.target));
  case ast::Verb::Confirm: return fmt::format("confirm {}", sym(step.symbol));
  }
  return {};
}

} // namespace cutover::graph
