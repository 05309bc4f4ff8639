// Hover (the facts of a name, a policy's or finding kind's explanation)
// and completion.
#include "tools/cutover/lsp/server_internal.h"

#include "compiler/diag/explain.h"
#include "compiler/policy/policy.h"
#include "compiler/sema/model.h"

#include <fmt/format.h>

namespace cutover::lsp::detail {

// ---- hover ----

namespace {

// The identifier-like word around `offset` of `line`, and where it starts.
std::pair<llvm::StringRef, size_t> wordAt(llvm::StringRef line, size_t offset) {
  size_t begin = std::min(offset, line.size()), end = begin;
  while (begin > 0 && isIdentChar(line[begin - 1])) --begin;
  while (end < line.size() && isIdentChar(line[end])) ++end;
  return {line.slice(begin, end), begin};
}

llvm::StringRef verbName(ast::Verb v) {
  static const char *const names[] = {"deploy", "decommission", "move",    "enable", "disable",
                                      "set",    "backup",       "migrate", "confirm"};
  return names[static_cast<size_t>(v)];
}

// Whether a step's subject is a data set (the others act on components).
bool actsOnData(ast::Verb v) { return v == ast::Verb::Backup || v == ast::Verb::Migrate; }

} // namespace

// The facts the last check established about a declared name.
std::string Server::facts(const Document &doc, const Occurrence &decl) {
  std::string text = fmt::format("**{}** `{}`", kindName(decl.kind).str(), decl.name);
  const sema::Model *model = doc.modelled ? doc.modelled->model.get() : nullptr;
  if (!model) return text;
  auto sym = [&](sema::SymbolId s) { return s == sema::kNoId ? std::string("-") : model->symbols.name(s); };
  // Steps that touch an entity, as "phase (verb)".
  auto touching = [&](auto matches) {
    std::vector<std::string> phases;
    for (const sema::PhaseDecl &p : model->phases)
      for (const sema::Step &s : p.steps)
        if (matches(s)) phases.push_back(fmt::format("{} ({})", p.name, verbName(s.verb).str()));
    return phases;
  };
  std::vector<std::string> lines;
  if (decl.kind == NameKind::Component) {
    auto it = model->componentByName.find(decl.name);
    if (it == model->componentByName.end()) return text;
    const sema::ComponentId id = it->second;
    const sema::ComponentDecl &c = model->components[id];
    lines.push_back(fmt::format("role `{}`, site `{}`{}", sym(c.role), sym(c.site),
                                c.inDeployment ? fmt::format(", {} users", c.users) : ", deployed by the migration"));
    for (const sema::Attribute &a : c.attrs)
      if (a.key == model->keyVersion && a.value.isNumeric())
        lines.push_back(
            "version " +
            (a.value.kind == sema::Value::Kind::Int
                 ? std::to_string(a.value.num)
                 : llvm::join(llvm::map_range(a.value.parts(), [](uint64_t p) { return std::to_string(p); }), ".")));
    std::vector<std::string> refs, by, held;
    if (id < model->referencesOf.size())
      for (const auto &r : model->referencesOf[id])
        refs.push_back(fmt::format("{} ({})", model->components[r.component].name, sym(r.key)));
    if (id < model->referencedBy.size())
      for (const auto &r : model->referencedBy[id])
        by.push_back(fmt::format("{} ({})", model->components[r.component].name, sym(r.key)));
    for (const sema::DataDecl &d : model->data)
      if (d.heldBy == id) held.push_back(d.name);
    if (!refs.empty()) lines.push_back("references: " + join(refs));
    if (!by.empty()) lines.push_back("referenced by: " + join(by));
    if (!held.empty()) lines.push_back("holds: " + join(held));
    auto phases = touching([&](const sema::Step &s) {
      return (!actsOnData(s.verb) && s.verb != ast::Verb::Confirm && s.subject == id) || s.target == id;
    });
    lines.push_back("phases: " + (phases.empty() ? std::string("none") : join(phases)));
  } else if (decl.kind == NameKind::Data) {
    auto it = model->dataByName.find(decl.name);
    if (it == model->dataByName.end()) return text;
    const sema::DataDecl &d = model->data[it->second];
    lines.push_back(fmt::format("kind `{}`, held by `{}`", sym(d.kind),
                                d.heldBy == sema::kNoId ? "-" : model->components[d.heldBy].name));
    auto phases = touching([&](const sema::Step &s) { return actsOnData(s.verb) && s.subject == it->second; });
    lines.push_back("phases: " + (phases.empty() ? std::string("none") : join(phases)));
  } else if (decl.kind == NameKind::Phase) {
    auto it = model->phaseByName.find(decl.name);
    if (it == model->phaseByName.end()) return text;
    const sema::PhaseDecl &p = model->phases[it->second];
    if (!p.title.empty()) lines.push_back("\"" + p.title + "\"");
    std::vector<std::string> after, before;
    for (sema::PhaseId a : p.after) after.push_back(model->phases[a].name);
    for (const sema::PhaseDecl &q : model->phases)
      if (std::find(q.after.begin(), q.after.end(), it->second) != q.after.end()) before.push_back(q.name);
    lines.push_back("after: " + (after.empty() ? std::string("nothing (a first phase)") : join(after)));
    if (!before.empty()) lines.push_back("before: " + join(before));
    std::map<std::string, std::vector<std::string>> byVerb;
    for (const sema::Step &s : p.steps) {
      std::string subject = s.subject == sema::kNoId ? sym(s.symbol)
                            : actsOnData(s.verb)     ? model->data[s.subject].name
                                                     : model->components[s.subject].name;
      byVerb[verbName(s.verb).str()].push_back(subject);
    }
    for (auto &[verb, subjects] : byVerb) lines.push_back(verb + " " + join(subjects));
  } else if (decl.kind == NameKind::Site) {
    std::vector<std::string> members;
    for (const sema::ComponentDecl &c : model->components)
      if (c.site != sema::kNoId && model->symbols.name(c.site) == decl.name) members.push_back(c.name);
    lines.push_back("components: " + (members.empty() ? std::string("none") : join(members)));
  } else if (decl.kind == NameKind::Policy) {
    return explain(decl.name, doc);
  }
  for (const std::string &l : lines) text += "\n\n" + l;
  return text;
}

// `cutover explain` in short: the rule of a compiler finding kind, or a
// pack policy's title, source, hints and text.
std::string Server::explain(llvm::StringRef id, const Document &doc) {
  if (auto kind = diag::kindById(id)) {
    const diag::KindInfo &k = diag::info(*kind);
    return fmt::format("**{}** ({}, compiler finding): {}\n\n{}", k.id.str(), diag::severityName(k.severity).str(),
                       k.title.str(), diag::explanation(*kind).rule.str());
  }
  const policy::PolicyInfo *info = nullptr;
  std::string ruleText;
  if (doc.checked)
    if (const policy::Policy *p = doc.checked->policies.find(id)) info = &p->info;
  if (!catalogue_) catalogue_ = session::loadPacks(options_);
  if (const session::PackPolicy *found = catalogue_->find(id)) {
    if (!info) info = &found->info;
    ruleText = found->text;
  }
  if (!info) return "";
  std::string text =
      fmt::format("**{}** ({}, {}): {}", info->id, diag::severityName(info->severity).str(), info->origin, info->title);
  if (!info->source.empty()) text += "\n\nsource: " + info->source;
  if (!info->hint.empty()) text += "\n\nhint: " + info->hint;
  if (!ruleText.empty()) text += "\n\n```cut\n" + ruleText + "\n```";
  return text;
}

Server::Result Server::hover(Document &doc, size_t offset) {
  load(doc);
  const LineTable lines(doc.text);
  const Position pos = lines.position(offset, Encoding::Utf8);
  llvm::StringRef line = lines.line(pos.line);
  auto [word, start] = wordAt(line, pos.character);
  std::string text;
  // A policy ID in an `# expect:` comment, which the syntax tree does not see.
  size_t expect = line.find("# expect:");
  if (!word.empty() && expect != llvm::StringRef::npos && start > expect) text = explain(word, doc);
  if (text.empty() && hasMain(*doc.program))
    if (const Occurrence *o = doc.index->at(locIn(*doc.program, offset)))
      if (const Occurrence *decl = doc.index->declaration(o->kind, o->name)) text = facts(doc, *decl);
  // A waiver of a policy that no file in scope declares: the packs may know it.
  if (text.empty() && !word.empty() && line.ltrim().startswith("waive ")) text = explain(word, doc);
  if (text.empty()) return Value(nullptr);
  return Object{{"contents", Object{{"kind", "markdown"}, {"value", utf8(std::move(text))}}}};
}

// ---- completion ----

namespace {

// Where the cursor is, lexically: the keywords that opened the blocks around
// it (the first word of the line of each unmatched '{'), and the words before
// it on its line. Works on text that does not parse, as text being typed is.
struct Context {
  std::vector<std::string> blocks;
  std::vector<std::string> words; // on the cursor's line, before the word being typed
  bool inComment = false;
  bool afterExpect = false; // in an `# expect:` comment
};

Context contextAt(llvm::StringRef text, size_t offset) {
  Context c;
  size_t lineStart = 0;
  bool inString = false, inComment = false;
  for (size_t i = 0; i < offset && i < text.size(); ++i) {
    const char ch = text[i];
    if (ch == '\n') {
      lineStart = i + 1;
      inString = inComment = false;
    } else if (inComment) {
    } else if (inString) {
      if (ch == '\\')
        ++i;
      else if (ch == '"')
        inString = false;
    } else if (ch == '"') {
      inString = true;
    } else if (ch == '#') {
      inComment = true;
    } else if (ch == '{') {
      llvm::StringRef line = text.slice(lineStart, i).ltrim();
      c.blocks.push_back(line.take_while(isIdentChar).str());
    } else if (ch == '}' && !c.blocks.empty()) {
      c.blocks.pop_back();
    }
  }
  llvm::StringRef line = text.slice(lineStart, std::min(offset, text.size()));
  c.inComment = inComment;
  c.afterExpect = inComment && line.contains("# expect:");
  // The words after the last brace of the line, without the one being typed.
  line = line.substr(line.find_last_of("{}") == llvm::StringRef::npos ? 0 : line.find_last_of("{}") + 1);
  while (!line.empty() && isIdentChar(line.back())) line = line.drop_back();
  llvm::SmallVector<llvm::StringRef, 8> parts;
  line.split(parts, ' ', -1, false);
  for (llvm::StringRef w : parts) {
    w = w.trim(" \t,\r");
    if (!w.empty()) c.words.push_back(w.str());
  }
  return c;
}

} // namespace

Server::Result Server::completion(Document &doc, size_t offset) {
  load(doc);
  const Context c = contextAt(doc.text, offset);
  Array items;
  std::set<std::string> added;
  auto add = [&](llvm::StringRef label, int kind, llvm::StringRef detail) {
    if (label.empty() || !added.insert(label.str()).second) return;
    items.push_back(Object{{"label", label}, {"kind", kind}, {"detail", detail}});
  };
  auto keywords = [&](std::initializer_list<const char *> words) {
    for (const char *w : words) add(w, 14, "keyword");
  };
  // Names from the last text that parsed and the last model: the current
  // text is often incomplete while it is typed.
  const sema::Model *model = doc.modelled ? doc.modelled->model.get() : nullptr;
  if (!doc.parsedIndex && doc.modelled) {
    doc.parsed = std::shared_ptr<parse::Program>(doc.modelled, doc.modelled->program.get());
    doc.parsedIndex = std::make_shared<Index>(*doc.parsed);
  }
  const Index *index = doc.parsedIndex ? doc.parsedIndex.get() : doc.index.get();
  auto vocab = [&](sema::Category category, llvm::StringRef detail) {
    if (model) {
      for (sema::SymbolId s : model->vocab.declared[static_cast<size_t>(category)])
        add(model->symbols.name(s), 20, detail);
      return;
    }
    for (const Occurrence &o : index->occurrences())
      if (o.declaration && o.kind == NameKind::VocabName) add(o.name, 20, "vocabulary name");
  };
  auto declared = [&](NameKind kind, int itemKind) {
    for (const Occurrence &o : index->occurrences())
      if (o.declaration && o.kind == kind) add(o.name, itemKind, kindName(kind));
  };
  auto policyIds = [&](bool withCompilerKinds) {
    if (!catalogue_) catalogue_ = session::loadPacks(options_);
    for (const session::PackPolicy &p : catalogue_->policies) add(p.info.id, 21, p.info.title);
    declared(NameKind::Policy, 21);
    if (withCompilerKinds)
      for (const diag::KindInfo &k : diag::allKinds()) add(k.id, 21, k.title);
  };
  const std::string block = c.blocks.empty() ? "" : c.blocks.back();
  const std::string first = c.words.empty() ? "" : c.words.front();
  const std::string last = c.words.empty() ? "" : c.words.back();
  if (c.inComment) {
    if (c.afterExpect) policyIds(true);
  } else if (first == "waive") {
    if (c.words.size() == 1)
      policyIds(false);
    else if (std::find(c.words.begin(), c.words.end(), "for") != c.words.end()) {
      declared(NameKind::Component, 6);
      declared(NameKind::Data, 6);
      declared(NameKind::Phase, 3);
    }
  } else if (first == "use") {
    for (const std::string &pack : parse::availablePacks(options_.load)) add(pack, 9, "pack");
  } else if (first == "phase" &&
             (last == "after" || std::find(c.words.begin(), c.words.end(), "after") != c.words.end())) {
    declared(NameKind::Phase, 3);
  } else if (first == "deploy" && c.words.size() == 1) {
    vocab(sema::Category::Role, "role");
  } else if (((first == "enable" || first == "disable") && c.words.size() == 1) || first == "critical") {
    vocab(sema::Category::Service, "service");
  } else if (first == "confirm" && c.words.size() == 1) {
    vocab(sema::Category::Tag, "tag");
  } else if ((first == "backup" || first == "migrate") && c.words.size() == 1) {
    declared(NameKind::Data, 6);
  } else if (first == "move" && c.words.size() == 1) {
    keywords({"all"});
  } else if (!first.empty() && (block == "phase" || (first == "move" || first == "enable" || first == "disable")) &&
             first != "deploy") {
    declared(NameKind::Component, 6); // decommission a, set a, move ... from a to b, enable S on a, migrate D to a
  } else if (!c.words.empty() && last == "kind") {
    vocab(sema::Category::DataKind, "data kind");
  } else if (!c.words.empty() && last == "site") {
    declared(NameKind::Site, 4);
  } else if (c.words.empty()) {
    if (block.empty())
      keywords({"use", "vocabulary", "deployment", "migration", "policy", "waive"});
    else if (block == "deployment") {
      keywords({"site", "data", "critical"});
      vocab(sema::Category::Role, "role");
    } else if (block == "site") {
      keywords({"data"});
      vocab(sema::Category::Role, "role");
    } else if (block == "migration")
      keywords({"phase"});
    else if (block == "phase")
      keywords({"deploy", "decommission", "move", "enable", "disable", "set", "backup", "migrate", "confirm"});
    else if (block == "policy")
      keywords({"when", "for", "on", "require", "message", "hint", "source"});
    else if (block == "vocabulary")
      keywords({"roles", "services", "data", "tags", "symbols", "pinned"});
  } else if (!c.words.empty() && block != "policy" && block != "vocabulary" && !c.blocks.empty()) {
    // An attribute's value: a name declared in the plan.
    declared(NameKind::Component, 6);
    declared(NameKind::Data, 6);
  }
  return Object{{"isIncomplete", false}, {"items", std::move(items)}};
}

} // namespace cutover::lsp::detail
