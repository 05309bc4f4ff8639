#include "compiler/graph/access.h"

#include "compiler/sema/steps.h"

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
  void attributes(const Step &step, Access a) {
    for (const sema::Attribute &attr : step.attrs) {
      if (attr.key == model_.keyServices) {
        everyService(step.subject, a, attr.range);
        continue;
      }
      add(attributeLocation(model_, step.subject, attr.key), a, attr.range);
    }
  }

  void everyService(ComponentId c, Access a, ast::SMRange operand) {
    for (const Location &l : known_.of(c))
      if (l.kind == K::Service) add(l, a, operand);
    add({K::Services, c}, a, operand);
  }

  // Every location of the component (its own attributes are known locations).
  void everything(ComponentId c, Access a, ast::SMRange operand) {
    add({K::Status, c}, a, operand);
    add({K::Users, c}, a, operand);
    everyService(c, a, operand);
    for (const Location &l : known_.of(c))
      if (l.kind == K::Attr) add(l, a, operand);
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
      if (ast::subjectKind(step.verb) != ast::SubjectKind::Component) continue;
      auto &known = byComponent_[step.subject];
      for (const ast::AccessRow &row : ast::accesses(step.verb))
        if (row.place == ast::Place::Service) known.push_back({K::Service, step.subject, step.symbol});
      for (const sema::Attribute &a : step.attrs) {
        if (a.key == model.keyServices) {
          for (const sema::Value &s : a.value.items())
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
  for (const ast::AccessRow &row : ast::accesses(step.verb)) {
    const uint32_t entity = sema::operandEntity(step, row.operand);
    const ast::SMRange range = sema::operandRange(step, row.operand);
    switch (row.place) {
    case ast::Place::Entity: c.everything(entity, row.access, range); break;
    case ast::Place::Status: c.add({K::Status, entity}, row.access, range); break;
    case ast::Place::Users: c.add({K::Users, entity}, row.access, range); break;
    case ast::Place::Service: c.add({K::Service, step.subject, step.symbol}, row.access, range); break;
    case ast::Place::Attrs: c.attributes(step, row.access); break;
    case ast::Place::BackedUp: c.add({K::BackedUp, entity}, row.access, range); break;
    case ast::Place::BackupLocation: c.add({K::BackupLocation, entity}, row.access, range); break;
    case ast::Place::HeldBy: c.add({K::HeldBy, entity}, row.access, range); break;
    case ast::Place::MigratedTo: c.add({K::MigratedTo, entity}, row.access, range); break;
    case ast::Place::Tag: c.add({K::Tag, entity}, row.access, range); break;
    }
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

} // namespace cutover::graph
