#include "compiler/sema/analyzer.h"

namespace cutover::sema::detail {

void Analyzer::startReferenceGraph() {
  Model &model = m();
  size_t n = model.components.size();
  model.referencesOf.assign(n, {});
  model.referencedBy.assign(n, {});
  model.dataHeldBy.assign(n, {});
}

void Analyzer::addReferences(ComponentId from, const std::vector<Attribute> &attrs) {
  for (const Attribute &attr : attrs)
    forEachComponent(attr.value, [&](ComponentId to) { m().referencesOf[from].push_back({to, attr.key}); });
}

void Analyzer::addStepReferences(const Step &step) {
  // A step that moves a data set makes its $to the holder.
  if (ast::changes(step.verb, ast::Place::HeldBy)) m().dataHeldBy[step.target].push_back(step.subject);
  if (ast::subjectKind(step.verb) == ast::SubjectKind::Component) addReferences(step.subject, step.attrs);
}

void Analyzer::finishReferenceGraph() {
  Model &model = m();
  size_t n = model.components.size();
  std::vector<uint32_t> incoming(n);
  for (ComponentId c = 0; c < n; ++c) {
    sortUnique(model.referencesOf[c]);
    sortUnique(model.dataHeldBy[c]);
    for (const Model::Ref &ref : model.referencesOf[c]) ++incoming[ref.component];
  }
  // In the order of c, and for one c in the order of its sorted, unique references: each
  // referencedBy list comes out sorted and unique, sized at its first reference.
  for (ComponentId c = 0; c < n; ++c)
    for (const Model::Ref &ref : model.referencesOf[c]) {
      std::vector<Model::Ref> &by = model.referencedBy[ref.component];
      if (by.empty()) by.reserve(incoming[ref.component]);
      by.push_back({c, ref.key});
    }
}

} // namespace cutover::sema::detail
