// Builds sema::Models by hand for the state and explore unit tests, so they
// do not depend on the parser or semantic analysis.
#pragma once

#include "compiler/sema/model.h"

#include <string>
#include <vector>

namespace cutover::fixture {

class ModelBuilder {
public:
  ModelBuilder() {
    sema::Symbols &s = model.symbols;
    model.symActive = s.intern("active");
    model.symDecommissioned = s.intern("decommissioned");
    model.keyName = s.intern("name");
    model.keyRole = s.intern("role");
    model.keyStatus = s.intern("status");
    model.keySite = s.intern("site");
    model.keyUsers = s.intern("users");
    model.keyServices = s.intern("services");
    model.keyVersion = s.intern("version");
    model.keyRefs = s.intern("refs");
    model.keyKind = s.intern("kind");
    model.keyHeldBy = s.intern("held_by");
    model.keyBackedUp = s.intern("backed_up");
    model.keyBackupLocation = s.intern("backup_location");
    model.keyMigratedTo = s.intern("migrated_to");
    model.deploymentName = "contoso";
    model.migrationName = "plan";
  }

  sema::SymbolId sym(const std::string &name) { return model.symbols.intern(name); }
  sema::Attribute attr(const std::string &key, sema::Value v) { return {sym(key), std::move(v), {}}; }

  sema::ComponentId component(const std::string &name, const std::string &role, int64_t users = 0,
                              std::vector<sema::Attribute> attrs = {}, bool inDeployment = true) {
    sema::ComponentDecl decl;
    decl.name = name;
    decl.role = sym(role);
    decl.users = users;
    decl.attrs = std::move(attrs);
    decl.inDeployment = inDeployment;
    model.components.push_back(std::move(decl));
    auto id = static_cast<sema::ComponentId>(model.components.size() - 1);
    model.componentByName[name] = id;
    return id;
  }

  sema::DataId data(const std::string &name, const std::string &kind, sema::ComponentId heldBy) {
    sema::DataDecl decl;
    decl.name = name;
    decl.kind = sym(kind);
    decl.heldBy = heldBy;
    model.data.push_back(std::move(decl));
    auto id = static_cast<sema::DataId>(model.data.size() - 1);
    model.dataByName[name] = id;
    return id;
  }

  sema::PhaseId phase(const std::string &name, std::vector<sema::PhaseId> after, std::vector<sema::Step> steps) {
    sema::PhaseDecl decl;
    decl.name = name;
    decl.after = std::move(after);
    decl.steps = std::move(steps);
    model.phases.push_back(std::move(decl));
    auto id = static_cast<sema::PhaseId>(model.phases.size() - 1);
    model.phaseByName[name] = id;
    return id;
  }

  static sema::Step step(ast::Verb verb, uint32_t subject) {
    sema::Step s;
    s.verb = verb;
    s.subject = subject;
    return s;
  }
  sema::Step deploy(sema::ComponentId c, std::vector<sema::Attribute> attrs = {}) {
    sema::Step s = step(ast::Verb::Deploy, c);
    s.symbol = model.components[c].role;
    s.attrs = std::move(attrs);
    return s;
  }
  static sema::Step decommission(sema::ComponentId c) { return step(ast::Verb::Decommission, c); }
  static sema::Step move(int64_t count, sema::ComponentId from, sema::ComponentId to) {
    sema::Step s = step(ast::Verb::Move, from);
    s.count = count;
    s.target = to;
    return s;
  }
  static sema::Step moveAll(sema::ComponentId from, sema::ComponentId to) {
    sema::Step s = move(0, from, to);
    s.moveAll = true;
    return s;
  }
  sema::Step enable(const std::string &service, sema::ComponentId c, std::vector<sema::Attribute> attrs = {}) {
    sema::Step s = step(ast::Verb::Enable, c);
    s.symbol = sym(service);
    s.attrs = std::move(attrs);
    return s;
  }
  sema::Step disable(const std::string &service, sema::ComponentId c) {
    sema::Step s = step(ast::Verb::Disable, c);
    s.symbol = sym(service);
    return s;
  }
  static sema::Step set(sema::ComponentId c, std::vector<sema::Attribute> attrs) {
    sema::Step s = step(ast::Verb::Set, c);
    s.attrs = std::move(attrs);
    return s;
  }
  static sema::Step backup(sema::DataId d, std::string location) {
    sema::Step s = step(ast::Verb::Backup, d);
    s.text = std::move(location);
    return s;
  }
  static sema::Step migrate(sema::DataId d, sema::ComponentId to) {
    sema::Step s = step(ast::Verb::Migrate, d);
    s.target = to;
    return s;
  }
  sema::Step confirm(const std::string &tag) {
    sema::Step s = step(ast::Verb::Confirm, sema::kNoId);
    s.symbol = sym(tag);
    s.text = "done";
    return s;
  }

  sema::Model model;
};

} // namespace cutover::fixture
