// Requests that find names: document symbols, folding ranges, definition,
// references and rename.
#include "tools/cutover/lsp/server_internal.h"

#include "compiler/io/untrusted.h"

#include <fmt/format.h>

namespace cutover::lsp::detail {

namespace {

bool validIdentifier(llvm::StringRef name) {
  if (name.empty() || !(llvm::isAlpha(name[0]) || name[0] == '_') || name.back() == '-') return false;
  for (size_t i = 0; i < name.size(); ++i) {
    if (name[i] == '-' && (i + 1 >= name.size() || name[i + 1] == '-')) return false;
    if (!isIdentChar(name[i])) return false;
  }
  return true;
}

// Kinds whose names one reference can mean (a step's subject, an attribute value).
int nameSpace(NameKind k) {
  switch (k) {
  case NameKind::Component:
  case NameKind::Data:
  case NameKind::Site:
  case NameKind::Phase:
  case NameKind::VocabName: return 0;
  default: return 1 + static_cast<int>(k);
  }
}

Value symbol(Locator &at, llvm::StringRef name, int kind, llvm::SMRange range, llvm::SMRange selection,
             Array children = {}) {
  Object s{{"name", name.empty() ? "?" : name},
           {"kind", kind},
           {"range", at.range(range)},
           {"selectionRange", at.range(selection)}};
  if (!children.empty()) s["children"] = std::move(children);
  return s;
}

} // namespace

Server::Result Server::documentSymbol(Document &doc) {
  load(doc);
  Array out;
  if (!hasMain(*doc.program)) return out;
  Locator at(doc.program->sm, encoding_);
  auto member = [&](const auto &m, Array &into) {
    using T = std::decay_t<decltype(m)>;
    if constexpr (std::is_same_v<T, ast::Component>)
      into.push_back(symbol(at, m.name.name, 5, m.range, m.name.range));
    else if constexpr (std::is_same_v<T, ast::DataDecl>)
      into.push_back(symbol(at, m.name.name, 23, m.range, m.name.range));
  };
  for (const ast::Item &item : doc.program->main()->items) {
    if (const auto *d = std::get_if<ast::Deployment>(&item)) {
      Array children;
      for (const auto &m : d->items) {
        if (const auto *site = std::get_if<ast::Site>(&m)) {
          Array inner;
          for (const auto &x : site->items) std::visit([&](const auto &y) { member(y, inner); }, x);
          children.push_back(symbol(at, site->name.name, 3, site->range, site->name.range, std::move(inner)));
        } else {
          std::visit([&](const auto &y) { member(y, children); }, m);
        }
      }
      out.push_back(symbol(at, d->name.name, 2, d->range, d->name.range, std::move(children)));
    } else if (const auto *m = std::get_if<ast::Migration>(&item)) {
      Array phases;
      for (const ast::Phase &p : m->phases) phases.push_back(symbol(at, p.name.name, 12, p.range, p.name.range));
      out.push_back(symbol(at, m->name.name, 2, m->range, m->name.range, std::move(phases)));
    } else if (const auto *p = std::get_if<ast::Policy>(&item)) {
      out.push_back(symbol(at, p->id.name, 11, p->range, p->id.range));
    } else if (const auto *v = std::get_if<ast::Vocabulary>(&item)) {
      Array names;
      for (const ast::VocabLine &line : v->lines)
        for (const ast::Ident &n : line.names) names.push_back(symbol(at, n.name, 22, n.range, n.range));
      out.push_back(symbol(at, v->name.name, 10, v->range, v->name.range, std::move(names)));
    }
  }
  return out;
}

Server::Result Server::foldingRange(Document &doc) {
  load(doc);
  Array out;
  if (!hasMain(*doc.program)) return out;
  const LineTable lines(doc.text);
  const char *base = doc.program->sm.getMemoryBuffer(kMainBuffer)->getBufferStart();
  auto lineOf = [&](llvm::SMLoc loc) { return lines.position(loc.getPointer() - base, Encoding::Utf8).line; };
  auto fold = [&](llvm::SMRange r, const char *kind = nullptr) {
    if (!r.Start.isValid() || !r.End.isValid()) return;
    unsigned first = lineOf(r.Start), last = lineOf(r.End);
    if (last <= first) return;
    Object f{{"startLine", first}, {"endLine", last}};
    if (kind) f["kind"] = kind;
    out.push_back(std::move(f));
  };
  auto member = [&](const auto &m) {
    using T = std::decay_t<decltype(m)>;
    if constexpr (std::is_same_v<T, ast::Component> || std::is_same_v<T, ast::DataDecl> || std::is_same_v<T, ast::Site>)
      fold(m.range);
    if constexpr (std::is_same_v<T, ast::Site>)
      for (const auto &x : m.items) std::visit([&](const auto &y) { fold(y.range); }, x);
  };
  const ast::File &file = *doc.program->main();
  for (const ast::Item &item : file.items) {
    std::visit([&](const auto &i) { fold(i.range); }, item);
    if (const auto *d = std::get_if<ast::Deployment>(&item))
      for (const auto &m : d->items) std::visit(member, m);
    if (const auto *m = std::get_if<ast::Migration>(&item))
      for (const ast::Phase &p : m->phases) fold(p.range);
  }
  // Runs of comment lines.
  for (size_t i = 0; i < file.comments.size();) {
    size_t j = i;
    while (j + 1 < file.comments.size() &&
           lineOf(file.comments[j + 1].range.Start) == lineOf(file.comments[j].range.Start) + 1)
      ++j;
    fold({file.comments[i].range.Start, file.comments[j].range.Start}, "comment");
    i = j + 1;
  }
  return out;
}

Server::Result Server::definition(Document &doc, size_t offset) {
  load(doc);
  if (!hasMain(*doc.program)) return Value(nullptr);
  const Occurrence *o = doc.index->at(locIn(*doc.program, offset));
  const Occurrence *decl = o ? doc.index->declaration(o->kind, o->name) : nullptr;
  if (!decl) return Value(nullptr);
  Locator at(doc.program->sm, encoding_);
  return at.location(decl->range);
}

std::vector<Server::Found> Server::occurrencesOf(Document &doc, const Occurrence &decl, std::vector<std::string> *taken,
                                                 llvm::StringRef newName) {
  const llvm::SourceMgr &declSm = doc.program->sm;
  const std::string declFile =
      parse::identity(declSm.getMemoryBuffer(declSm.FindBufferContainingLoc(decl.range.Start))->getBufferIdentifier());
  std::vector<Found> found;
  std::set<std::pair<std::string, std::string>> seen;
  auto scan = [&](const parse::Program &program, const Index &index) {
    auto identityOf = [&](llvm::SMLoc loc) {
      return parse::identity(
          program.sm.getMemoryBuffer(program.sm.FindBufferContainingLoc(loc))->getBufferIdentifier());
    };
    const Occurrence *d = index.declaration(decl.kind, decl.name);
    if (!d || identityOf(d->range.Start) != declFile) return; // another name that happens to be spelled alike
    if (taken)
      for (const Occurrence &o : index.occurrences())
        if (o.declaration && o.name == newName && nameSpace(o.kind) == nameSpace(decl.kind))
          taken->push_back(fmt::format("'{}' is already the name of a {} ({})", newName.str(), kindName(o.kind).str(),
                                       identityOf(o.range.Start)));
    Locator at(program.sm, encoding_);
    for (const Occurrence &o : index.occurrences()) {
      if (o.kind != decl.kind || o.name != decl.name) continue;
      std::string uri = at.uriOf(at.bufferOf(o.range.Start));
      Value range = at.range(o.range);
      std::string key;
      llvm::raw_string_ostream(key) << range;
      if (seen.insert({uri, key}).second) found.push_back({uri, std::move(range), o.declaration});
    }
  };
  std::set<std::string> scanned;
  for (auto &[uri, other] : documents_) {
    load(other);
    scanned.insert(other.identity);
    scan(*other.program, *other.index);
  }
  // The workspace's files that are not open, as they are on disk.
  std::vector<io::Input> inputs;
  std::vector<std::string> skipped;
  if (!roots_.empty()) llvm::consumeError(io::expandInputs(roots_, inputs, skipped));
  constexpr size_t kMaxWorkspaceFiles = 2000;
  if (inputs.size() > kMaxWorkspaceFiles) inputs.resize(kMaxWorkspaceFiles);
  const parse::LoadOptions load = loadOptions();
  for (const io::Input &input : inputs) {
    if (!input.error.empty() || scanned.count(parse::identity(input.path))) continue;
    diag::Diagnostics ignored;
    auto program = parse::loadProgram(input, load, ignored);
    if (!program) {
      llvm::consumeError(program.takeError());
      continue;
    }
    bool usesDeclFile = false;
    for (const auto &file : (*program)->files) usesDeclFile |= parse::identity(file->path) == declFile;
    if (usesDeclFile) scan(**program, Index(**program));
  }
  return found;
}

Server::Result Server::references(Document &doc, size_t offset, bool includeDeclaration) {
  load(doc);
  if (!hasMain(*doc.program)) return Array{};
  const Occurrence *o = doc.index->at(locIn(*doc.program, offset));
  const Occurrence *decl = o ? doc.index->declaration(o->kind, o->name) : nullptr;
  if (!decl) return Array{};
  Array out;
  for (Found &f : occurrencesOf(doc, *decl, nullptr, ""))
    if (includeDeclaration || !f.declaration) out.push_back(Object{{"uri", f.uri}, {"range", std::move(f.range)}});
  return out;
}

Server::Result Server::rename(Document &doc, size_t offset, llvm::StringRef newName) {
  load(doc);
  const Occurrence *o = hasMain(*doc.program) ? doc.index->at(locIn(*doc.program, offset)) : nullptr;
  const Occurrence *decl = o ? doc.index->declaration(o->kind, o->name) : nullptr;
  if (!decl) return RequestError{RequestFailed, "no declared name here to rename"};
  if (!validIdentifier(newName))
    return RequestError{RequestFailed,
                        "'" + newName.str() + "' is not a name (letters, digits, '_', and '-' between them)"};
  if (newName == decl->name) return Object{{"changes", Object{}}};
  const llvm::SourceMgr &sm = doc.program->sm;
  unsigned declBuffer = sm.FindBufferContainingLoc(decl->range.Start);
  for (const auto &file : doc.program->files)
    if (file->bufferId == declBuffer && !file->pack.empty())
      return RequestError{RequestFailed, "'" + decl->name + "' is declared in the pack '" + file->pack +
                                             "', which is not renamed from here"};
  std::vector<std::string> taken;
  std::vector<Found> found = occurrencesOf(doc, *decl, &taken, newName);
  if (!taken.empty()) return RequestError{RequestFailed, "cannot rename: " + taken.front()};
  std::map<std::string, Array> edits;
  for (Found &f : found) edits[f.uri].push_back(Object{{"range", std::move(f.range)}, {"newText", newName}});
  Object changes;
  for (auto &[uri, list] : edits) changes[uri] = std::move(list);
  return Object{{"changes", std::move(changes)}};
}

} // namespace cutover::lsp::detail
