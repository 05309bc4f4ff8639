#include "runtime/report/graph_emit.h"

#include "compiler/ast/verbs.h"
#include "compiler/diag/print.h"
#include "compiler/sema/steps.h"

#include "runtime/report/report.h"
#include "runtime/state/state.h"

#include <llvm/ADT/ArrayRef.h>
#include <llvm/ADT/STLExtras.h>
#include <llvm/ADT/StringExtras.h>
#include <llvm/Support/JSON.h>

#include <algorithm>

namespace cutover::report {

using sema::Model;
using sema::Value;

namespace {

std::string versionText(const Value &v) {
  std::string text;
  for (size_t i = 0; i < v.parts().size(); ++i) text += (i ? "." : "") + std::to_string(v.parts()[i]);
  return text;
}

// Entities and symbols by name; versions as their dotted text.
void writeValue(const Model &model, const Value &v, llvm::json::OStream &j) {
  switch (v.kind) {
  case Value::Kind::None: j.value(nullptr); return;
  case Value::Kind::Bool: j.value(v.num != 0); return;
  case Value::Kind::Int: j.value(v.num); return;
  case Value::Kind::Version: j.value(versionText(v)); return;
  case Value::Kind::String: j.value(v.str()); return;
  case Value::Kind::Symbol:
    // A symbol sema could not resolve (the program has compile errors) is null.
    if (v.id() < model.symbols.size())
      j.value(model.symbols.name(v.id()));
    else
      j.value(nullptr);
    return;
  case Value::Kind::Component: j.value(model.components[v.id()].name); return;
  case Value::Kind::Data: j.value(model.data[v.id()].name); return;
  case Value::Kind::List:
    j.array([&] {
      for (const Value &item : v.items()) writeValue(model, item, j);
    });
    return;
  }
}

// The attribute key as the user wrote it: `enable S on N {store x}` is stored
// as S_store, shown as store.
llvm::StringRef writtenKey(const Model &model, const sema::Step &step, const sema::Attribute &a) {
  llvm::StringRef key = model.symbols.name(a.key);
  if (ast::attrsKind(step.verb) == ast::AttrsKind::Service && step.symbol < model.symbols.size())
    key.consume_front(model.symbols.name(step.symbol) + "_");
  return key;
}

// Operand names; an operand that sema could not resolve (the program has
// compile errors) is null in JSON and "?" in pictures, never a crash.
llvm::json::Value componentName(const Model &model, sema::ComponentId c) {
  return c < model.components.size() ? llvm::json::Value(model.components[c].name) : nullptr;
}
llvm::json::Value dataName(const Model &model, sema::DataId d) {
  return d < model.data.size() ? llvm::json::Value(model.data[d].name) : nullptr;
}
llvm::json::Value symbolName(const Model &model, sema::SymbolId s) {
  return s < model.symbols.size() ? llvm::json::Value(model.symbols.name(s)) : nullptr;
}

void writeStep(const GraphDocument &doc, const sema::Step &step, llvm::json::OStream &j) {
  const Model &model = doc.model;
  auto component = [&](sema::ComponentId c) { return componentName(model, c); };
  auto attributes = [&] {
    j.attributeObject("attributes", [&] {
      for (const sema::Attribute &a : step.attrs) {
        j.attributeBegin(writtenKey(model, step, a));
        writeValue(model, a.value, j);
        j.attributeEnd();
      }
    });
  };
  // The operands in the order the verb's syntax writes them (verbs.def).
  auto operand = [&](ast::Operand o) {
    switch (o) {
    case ast::Operand::Role: j.attribute("role", symbolName(model, step.symbol)); return;
    case ast::Operand::Service: j.attribute("service", symbolName(model, step.symbol)); return;
    case ast::Operand::Tag: j.attribute("tag", symbolName(model, step.symbol)); return;
    case ast::Operand::Subject:
    case ast::Operand::Subjects: j.attribute("component", component(step.subject)); return;
    case ast::Operand::From: j.attribute("from", component(step.subject)); return;
    case ast::Operand::To: j.attribute("to", component(step.target)); return;
    case ast::Operand::Data: j.attribute("data", dataName(model, step.subject)); return;
    case ast::Operand::Count:
      if (step.moveAll)
        j.attribute("count", "all");
      else
        j.attribute("count", step.count);
      return;
    case ast::Operand::Location: j.attribute("location", step.text); return;
    case ast::Operand::Note: j.attribute("note", step.text); return;
    case ast::Operand::Attrs: attributes(); return;
    }
  };
  j.object([&] {
    j.attribute("verb", llvm::StringRef(ast::keyword(step.verb)));
    ast::forEachPiece(step.verb, [&](const ast::Piece &piece) {
      if (piece.operand) operand(*piece.operand);
    });
    j.attribute("line", positionOf(doc.sm, step.range).line);
  });
}

void writeSymbols(const Model &model, const std::vector<sema::SymbolId> &symbols, llvm::json::OStream &j) {
  j.array([&] {
    for (sema::SymbolId s : symbols) j.value(model.symbols.name(s));
  });
}

// Attributes sorted by name (not by symbol id) so the order reads naturally.
void writeAttributes(const Model &model, std::vector<const sema::Attribute *> attrs, llvm::json::OStream &j) {
  std::sort(attrs.begin(), attrs.end(), [&](const sema::Attribute *a, const sema::Attribute *b) {
    return model.symbols.name(a->key) < model.symbols.name(b->key);
  });
  j.object([&] {
    for (const sema::Attribute *a : attrs) {
      j.attributeBegin(model.symbols.name(a->key));
      writeValue(model, a->value, j);
      j.attributeEnd();
    }
  });
}

// The built-in attributes a state object writes for entities of `owner`:
// those a state keeps as part of the entity (builtin_attrs.def), in row order.
template <typename F> void forEachStateKey(sema::AttrOwner owner, F &&f) {
  for (const sema::BuiltinAttrInfo &a : sema::kBuiltinAttrs)
    if (a.ownedBy(owner) && (a.stored == sema::AttrStored::Declaration || a.stored == sema::AttrStored::State)) f(a);
}

// Components not deployed yet are left out: they do not exist in that state.
void writeState(const Model &model, const state::State &s, llvm::json::OStream &j) {
  j.object([&] {
    j.attributeArray("components", [&] {
      for (sema::ComponentId c = 0; c < s.componentCount(); ++c) {
        const state::ComponentState &cs = s.component(c);
        if (cs.status == state::Status::Absent) continue;
        j.object([&] {
          forEachStateKey(sema::AttrOwner::Component, [&](const sema::BuiltinAttrInfo &a) {
            j.attributeBegin(llvm::StringRef(a.name));
            writeValue(model, state::componentAttr(model, s, c, model.keyOf(a.attr)), j);
            j.attributeEnd();
          });
          std::vector<const sema::Attribute *> attrs;
          for (const sema::Attribute &a : cs.attrs) attrs.push_back(&a);
          j.attributeBegin("attributes");
          writeAttributes(model, std::move(attrs), j);
          j.attributeEnd();
        });
      }
    });
    j.attributeArray("data", [&] {
      for (sema::DataId d = 0; d < s.dataCount(); ++d) {
        j.object([&] {
          forEachStateKey(sema::AttrOwner::Data, [&](const sema::BuiltinAttrInfo &a) {
            j.attributeBegin(llvm::StringRef(a.name));
            writeValue(model, state::dataAttr(model, s, d, model.keyOf(a.attr)), j);
            j.attributeEnd();
          });
          std::vector<const sema::Attribute *> attrs;
          for (const sema::Attribute &a : model.data[d].attrs) attrs.push_back(&a);
          j.attributeBegin("attributes");
          writeAttributes(model, std::move(attrs), j);
          j.attributeEnd();
        });
      }
    });
    j.attributeBegin("critical");
    writeSymbols(model, model.critical, j);
    j.attributeEnd();
    j.attributeBegin("confirmed");
    writeSymbols(model, s.confirmedTags(), j);
    j.attributeEnd();
  });
}

std::string dotEscape(llvm::StringRef text) {
  std::string out;
  for (char c : text) {
    if (c == '"' || c == '\\') out += '\\';
    if (c == '\n') {
      out += "\\n";
      continue;
    }
    out += c;
  }
  return out;
}

} // namespace

// Mermaid labels take HTML entities in its own `#name;` form.
std::string mermaidEscape(llvm::StringRef text) {
  std::string out;
  for (char c : text) {
    switch (c) {
    case '"': out += "#quot;"; break;
    case '#': out += "#35;"; break;
    case '<': out += "#lt;"; break;
    case '>': out += "#gt;"; break;
    case '&': out += "#amp;"; break;
    case '`': out += "#96;"; break;
    case '\n': out += "<br/>"; break;
    default:
      // Another line ending (CR) would end the Markdown line that holds the label.
      if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f)
        out += "#" + std::to_string(static_cast<int>(c)) + ";";
      else
        out += c;
    }
  }
  return out;
}

void emitGraphJson(const GraphDocument &doc, llvm::raw_ostream &os) {
  const Model &model = doc.model;
  state::State initial = state::State::initial(model);
  {
    llvm::json::OStream j(os, 2);
    j.object([&] {
      j.attribute("format", "cutover-phase-graph");
      j.attribute("version", 1);
      j.attribute("deployment", model.deploymentName);
      if (model.migrationName.empty())
        j.attribute("migration", nullptr);
      else
        j.attribute("migration", model.migrationName);
      j.attributeArray("phases", [&] {
        for (sema::PhaseId p = 0; p < model.phases.size(); ++p) {
          const sema::PhaseDecl &phase = model.phases[p];
          j.object([&] {
            j.attribute("id", phase.name);
            if (phase.title.empty())
              j.attribute("title", nullptr);
            else
              j.attribute("title", phase.title);
            j.attributeArray("after", [&] {
              for (size_t i = 0; i < phase.after.size(); ++i)
                if (phase.after[i] < model.phases.size() &&
                    !llvm::is_contained(llvm::makeArrayRef(phase.after).take_front(i), phase.after[i]))
                  j.value(model.phases[phase.after[i]].name);
            });
            j.attributeArray("steps", [&] {
              for (const sema::Step &step : phase.steps) writeStep(doc, step, j);
            });
            j.attribute("line", positionOf(doc.sm, phase.nameRange).line);
          });
        }
      });
      j.attributeArray("order", [&] {
        for (sema::PhaseId p : doc.graph.order) j.value(model.phases[p].name);
      });
      j.attribute("states_explored", doc.statesExplored);
      j.attributeBegin("initial_state");
      writeState(model, initial, j);
      j.attributeEnd();
      // Only a compiled program with an acyclic graph has an order that completes every phase.
      j.attributeBegin("final_state");
      if (doc.compiled && doc.graph.acyclic) {
        state::State final = initial;
        for (sema::PhaseId p : doc.graph.order) state::applyPhase(model, model.phases[p], final);
        writeState(model, final, j);
      } else {
        j.value(nullptr);
      }
      j.attributeEnd();
      j.attributeArray("findings", [&] {
        diag::ColumnCache columns;
        for (const diag::Finding &f : doc.findings) j.value(findingToJson(f, doc.sm));
      });
    });
  }
  os << '\n';
}

void emitGraphDot(const GraphDocument &doc, llvm::raw_ostream &os) {
  const Model &model = doc.model;
  os << "digraph \"" << dotEscape(model.migrationName) << "\" {\n";
  os << "  node [shape=box, fontname=\"Helvetica\"];\n";
  for (const sema::PhaseDecl &phase : model.phases) {
    // \n centres a line, \l ends a left-aligned one (the steps).
    std::string label = dotEscape(phase.name) + "\\n";
    if (!phase.title.empty()) label += dotEscape(phase.title) + "\\n";
    for (const sema::Step &step : phase.steps)
      label += dotEscape(sema::describeStep(model, step, sema::StepText::Line)) + "\\l";
    os << "  \"" << dotEscape(phase.name) << "\" [label=\"" << label << "\"];\n";
  }
  for (sema::PhaseId p = 0; p < doc.graph.predecessors.size(); ++p)
    for (sema::PhaseId q : doc.graph.predecessors[p])
      os << "  \"" << dotEscape(model.phases[q].name) << "\" -> \"" << dotEscape(model.phases[p].name) << "\";\n";
  os << "}\n";
}

void emitGraphMermaid(const GraphDocument &doc, llvm::raw_ostream &os) {
  const Model &model = doc.model;
  // Node ids are p<index>: phase names may hold hyphens, which Mermaid reads as edges.
  os << "flowchart TD\n";
  for (sema::PhaseId p = 0; p < model.phases.size(); ++p) {
    const sema::PhaseDecl &phase = model.phases[p];
    std::string label = "<b>" + mermaidEscape(phase.name) + "</b>";
    if (!phase.title.empty()) label += "<br/>" + mermaidEscape(phase.title);
    for (const sema::Step &step : phase.steps)
      label += "<br/>" + mermaidEscape(sema::describeStep(model, step, sema::StepText::Line));
    os << "  p" << p << "[\"" << label << "\"]\n";
  }
  for (sema::PhaseId p = 0; p < doc.graph.predecessors.size(); ++p)
    for (sema::PhaseId q : doc.graph.predecessors[p]) os << "  p" << q << " --> p" << p << "\n";
}

} // namespace cutover::report
