#include "compiler/sema/analyzer.h"

namespace cutover::sema::detail {

void Analyzer::resolvePlan(const ast::Migration &migration) {
  auto phaseNames = [&](auto yield) {
    for (const PhaseDecl &p : m().phases) yield(p.name);
  };
  for (size_t i = 0; i < migration.phases.size(); ++i) {
    const ast::Phase &phase = migration.phases[i];
    PhaseDecl scratch;
    phaseKept_ = phaseIds_[i] != kNoId;
    PhaseDecl &decl = phaseKept_ ? m().phases[phaseIds_[i]] : scratch;
    decl.after.reserve(phase.after.size());
    decl.afterRanges.reserve(phase.after.size());
    for (const ast::Ident &after : phase.after) {
      auto pred = m().phaseByName.find(after.name);
      if (pred == m().phaseByName.end()) {
        unknown(after, phaseNames, diag::msg::UnknownPhase, after.name);
        continue;
      }
      // A self-edge is kept: the phase graph reports it as a cycle.
      decl.after.push_back(pred->second);
      decl.afterRanges.push_back(after.range);
    }
    // One resolved step per name of a step with $subjects, at most one per
    // other step (which names one subject or none).
    size_t steps = 0;
    for (const ast::Step &step : phase.steps) steps += std::max<size_t>(step.subjects.size(), 1);
    decl.steps.reserve(steps);
    for (const ast::Step &step : phase.steps) resolveStep(step, decl.steps);
  }
}

void Analyzer::resolveStep(const ast::Step &ast, std::vector<Step> &out) {
  if (ast::hasOperand(ast.verb, ast::Operand::Subjects)) {
    for (const ast::Ident &name : ast.subjects) {
      Step step;
      step.verb = ast.verb;
      step.range = step.subjectRange = name.range;
      if (auto c = componentNamed(name)) {
        step.subject = *c;
        if (phaseKept_) addStepReferences(step);
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
    addReferences(step.subject, decl.attrs);
  }
  if (!ok) return;
  if (phaseKept_) addStepReferences(step);
  out.push_back(std::move(step));
}

bool Analyzer::resolveOperand(const ast::Step &ast, ast::Operand operand, Step &step) {
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

void Analyzer::resolveWaivers() {
  for (SymbolId tag : m().vocab.declared[static_cast<size_t>(Category::Tag)])
    confirmedTags_.insert(m().symbols.name(tag));
  // Walked only for a name that names nothing: copying every entity's name cost more than the waivers.
  auto entityNames = [&](auto yield) {
    forEachComponentName(yield);
    for (const DataDecl &d : m().data) yield(d.name);
    for (const auto &tag : confirmedTags_) yield(tag.getKey());
  };
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
          unknown(entity, entityNames, diag::msg::WaiverNamesNothing, entity.name);
        w.entities.push_back(entity.name);
        w.entityRanges.push_back(entity.range);
      }
      if (waive->until) {
        w.untilRange = waive->until->range;
        if (isDate(waive->until->value))
          w.until = waive->until->value;
        else
          diag::report(diags_, waive->until->range, diag::msg::UntilNotADate, waive->until->value);
      }
      m().waivers.push_back(std::move(w));
    }
}

} // namespace cutover::sema::detail
