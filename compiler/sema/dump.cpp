#include "compiler/sema/dump.h"

#include "compiler/ast/dump.h"
#include "compiler/ast/literal.h"
#include "compiler/diag/print.h"

namespace cutover::sema {

std::string positionText(const llvm::SourceMgr &sm, unsigned mainBuffer, llvm::SMLoc loc) {
  unsigned buffer = loc.isValid() ? sm.FindBufferContainingLoc(loc) : 0;
  if (buffer == 0) return "?";
  auto [line, column] = diag::lineAndColumn(sm, loc, buffer);
  std::string where = std::to_string(line) + ":" + std::to_string(column);
  if (buffer == mainBuffer) return where;
  return sm.getMemoryBuffer(buffer)->getBufferIdentifier().str() + ":" + where;
}

std::string valueText(const Model &model, const Value &v, bool withType) {
  auto typed = [&](const char *type, const std::string &text) { return withType ? type + (" " + text) : text; };
  auto entity = [&](const char *type, uint32_t id, const std::string &name) {
    return typed(type, "#" + std::to_string(id) + " " + name);
  };
  switch (v.kind) {
  case Value::Kind::None: return "none";
  case Value::Kind::Bool: return typed("bool", v.num ? "true" : "false");
  case Value::Kind::Int: return typed("int", std::to_string(v.num));
  case Value::Kind::Version: {
    std::string text;
    for (size_t i = 0; i < v.parts().size(); ++i) text += (i ? "." : "") + std::to_string(v.parts()[i]);
    return typed("version", text);
  }
  case Value::Kind::String: return typed("string", ast::quoteString(v.str()));
  case Value::Kind::Symbol: return typed("symbol", model.symbols.name(v.id()));
  case Value::Kind::Component: return entity("component", v.id(), model.components[v.id()].name);
  case Value::Kind::Data: return entity("data", v.id(), model.data[v.id()].name);
  case Value::Kind::List: {
    std::string text = "[";
    for (size_t i = 0; i < v.items().size(); ++i) text += (i ? ", " : "") + valueText(model, v.items()[i], withType);
    return typed("list", text + "]");
  }
  }
  return "?";
}

namespace {

class Dumper {
public:
  Dumper(const Model &model, const llvm::SourceMgr &sm, unsigned mainBuffer, llvm::raw_ostream &os)
      : model_(model), sm_(sm), mainBuffer_(mainBuffer), os_(os) {}

  void run() {
    if (!model_.deploymentName.empty()) line(0, "deployment " + model_.deploymentName, model_.deploymentRange);
    vocabulary();
    for (size_t i = 0; i < model_.sites.size(); ++i)
      line(0, "site #" + std::to_string(i) + " " + model_.sites[i].name, model_.sites[i].nameRange);
    for (ComponentId c = 0; c < model_.components.size(); ++c) printComponent(c);
    for (DataId d = 0; d < model_.data.size(); ++d) printData(d);
    if (!model_.critical.empty()) detail(0, "critical " + symbols(model_.critical));
    if (!model_.migrationName.empty()) line(0, "migration " + model_.migrationName, model_.migrationRange);
    for (PhaseId p = 0; p < model_.phases.size(); ++p) phase(p);
    for (const Waiver &w : model_.waivers) waiver(w);
  }

private:
  void line(int depth, const std::string &text, ast::SMRange at) {
    os_.indent(2 * depth) << text << ' ' << positionText(sm_, mainBuffer_, at.Start) << '\n';
  }
  void detail(int depth, const std::string &text) { os_.indent(2 * depth) << text << '\n'; }

  const std::string &symbol(SymbolId id) const {
    static const std::string unknown = "?";
    return id == kNoId ? unknown : model_.symbols.name(id);
  }
  std::string symbols(const std::vector<SymbolId> &ids) const {
    std::string out;
    for (SymbolId id : ids) out += (out.empty() ? "" : ", ") + symbol(id);
    return out;
  }
  std::string componentRef(ComponentId id) const {
    return id == kNoId ? "?" : "#" + std::to_string(id) + " " + model_.components[id].name;
  }
  std::string dataRef(DataId id) const {
    return id == kNoId ? "?" : "#" + std::to_string(id) + " " + model_.data[id].name;
  }

  std::string phaseName(PhaseId id) const {
    return id == kNoId ? "?" : "#" + std::to_string(id) + " " + model_.phases[id].name;
  }

  void vocabulary() {
    // The categories in the words of a vocabulary block.
    static constexpr const char *kLines[kCategoryCount] = {"roles", "services", "data", "tags", "symbols"};
    bool any = !model_.vocab.pinned.empty();
    for (const auto &names : model_.vocab.declared) any = any || !names.empty();
    if (!any) return;
    detail(0, "vocabulary");
    for (size_t c = 0; c < kCategoryCount; ++c)
      if (!model_.vocab.declared[c].empty())
        detail(1, std::string(kLines[c]) + " " + symbols(model_.vocab.declared[c]));
    if (!model_.vocab.pinned.empty()) detail(1, "pinned " + symbols(model_.vocab.pinned));
  }

  void attrs(const std::vector<Attribute> &list, int depth) {
    for (const Attribute &a : list) line(depth, "attr " + symbol(a.key) + " " + valueText(model_, a.value), a.range);
  }

  void printComponent(ComponentId id) {
    const ComponentDecl &c = model_.components[id];
    std::string text = "component " + componentRef(id) + " role=" + symbol(c.role);
    if (c.site != kNoId) text += " site=" + symbol(c.site);
    text += c.inDeployment ? " users=" + std::to_string(c.users) : " deployed";
    line(0, text, c.nameRange);
    attrs(c.attrs, 1);
    // The static reference graph (analysis fills it for every component).
    if (id < model_.referencesOf.size())
      for (const Model::Ref &r : model_.referencesOf[id])
        detail(1, "references " + componentRef(r.component) + " (" + symbol(r.key) + ")");
    if (id < model_.referencedBy.size())
      for (const Model::Ref &r : model_.referencedBy[id])
        detail(1, "referenced-by " + componentRef(r.component) + " (" + symbol(r.key) + ")");
    if (id < model_.dataHeldBy.size())
      for (DataId d : model_.dataHeldBy[id]) detail(1, "may-hold " + dataRef(d));
  }

  void printData(DataId id) {
    const DataDecl &d = model_.data[id];
    line(0, "data " + dataRef(id) + " kind=" + symbol(d.kind) + " held_by=" + componentRef(d.heldBy), d.nameRange);
    attrs(d.attrs, 1);
  }

  // Every operand the step has, by its name in sema::Step.
  void step(const Step &s) {
    bool ofData = s.verb == ast::Verb::Backup || s.verb == ast::Verb::Migrate;
    std::string text = "step " + ast::verbKeyword(s.verb).str();
    if (s.subject != kNoId) text += " subject=" + (ofData ? dataRef(s.subject) : componentRef(s.subject));
    if (s.symbol != kNoId) text += " symbol=" + symbol(s.symbol);
    if (s.moveAll)
      text += " count=all";
    else if (s.count != 0)
      text += " count=" + std::to_string(s.count);
    if (s.target != kNoId) text += " target=" + componentRef(s.target);
    if (!s.text.empty()) text += " text=" + ast::quoteString(s.text);
    line(2, text, s.range);
    attrs(s.attrs, 3);
  }

  void phase(PhaseId id) {
    const PhaseDecl &p = model_.phases[id];
    std::string text = "phase " + phaseName(id);
    if (!p.after.empty()) {
      text += " after [";
      for (size_t i = 0; i < p.after.size(); ++i) text += (i ? ", " : "") + phaseName(p.after[i]);
      text += "]";
    }
    if (!p.title.empty()) text += " " + ast::quoteString(p.title);
    line(1, text, p.nameRange);
    for (const Step &s : p.steps) step(s);
  }

  void waiver(const Waiver &w) {
    std::string text = "waiver " + w.policyId;
    if (!w.entities.empty()) {
      text += " for [";
      for (size_t i = 0; i < w.entities.size(); ++i) text += (i ? ", " : "") + w.entities[i];
      text += "]";
    }
    if (w.until) text += " until " + ast::quoteString(*w.until);
    line(0, text + " " + ast::quoteString(w.reason), w.range);
  }

  const Model &model_;
  const llvm::SourceMgr &sm_;
  unsigned mainBuffer_;
  llvm::raw_ostream &os_;
};

} // namespace

void dumpModel(const Model &model, const llvm::SourceMgr &sm, unsigned mainBuffer, llvm::raw_ostream &os) {
  Dumper(model, sm, mainBuffer, os).run();
}

} // namespace cutover::sema
