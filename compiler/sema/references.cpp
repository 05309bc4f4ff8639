#include "compiler/sema/analyzer.h"

namespace cutover::sema::detail {

void Analyzer::addReferences(ComponentId from, const Attribute &attr) {
  collectComponents(attr.value, [&](ComponentId to) { m().referencesOf[from].push_back({to, attr.key}); });
}

void Analyzer::buildReferenceGraph() {
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

} // namespace cutover::sema::detail
