#include "tools/cutover/lsp/index.h"

#include <algorithm>

namespace cutover::lsp {

llvm::StringRef kindName(NameKind kind) {
  switch (kind) {
  case NameKind::Deployment: return "deployment";
  case NameKind::Site: return "site";
  case NameKind::Component: return "component";
  case NameKind::Data: return "data set";
  case NameKind::Migration: return "migration";
  case NameKind::Phase: return "phase";
  case NameKind::Policy: return "policy";
  case NameKind::Vocabulary: return "vocabulary";
  case NameKind::VocabName: return "vocabulary name";
  }
  return "name";
}

Index::Index(const parse::Program &program) {
  // Declarations first, in every file, so that a use before its declaration resolves.
  for (file_ = 0; file_ < program.files.size(); ++file_) {
    const auto &file = program.files[file_];
    for (const ast::Item &item : file->items) {
      if (const auto *v = std::get_if<ast::Vocabulary>(&item)) {
        declare(NameKind::Vocabulary, v->name);
        for (const ast::VocabLine &line : v->lines)
          if (line.category.name != "pinned")
            for (const ast::Ident &name : line.names) declare(NameKind::VocabName, name);
      } else if (const auto *d = std::get_if<ast::Deployment>(&item)) {
        declare(NameKind::Deployment, d->name);
        auto declareLeaf = [&](const auto &x) {
          using T = std::decay_t<decltype(x)>;
          if constexpr (std::is_same_v<T, ast::Component>)
            declare(NameKind::Component, x.name);
          else if constexpr (std::is_same_v<T, ast::DataDecl>)
            declare(NameKind::Data, x.name);
        };
        for (const auto &member : d->items) {
          if (const auto *site = std::get_if<ast::Site>(&member)) {
            declare(NameKind::Site, site->name);
            for (const auto &inner : site->items) std::visit(declareLeaf, inner);
          } else {
            std::visit(declareLeaf, member);
          }
        }
      } else if (const auto *m = std::get_if<ast::Migration>(&item)) {
        declare(NameKind::Migration, m->name);
        for (const ast::Phase &phase : m->phases) {
          declare(NameKind::Phase, phase.name);
          for (const ast::Step &step : phase.steps)
            if (step.verb == ast::Verb::Deploy && !step.subjects.empty())
              declare(NameKind::Component, step.subjects[0]);
        }
      } else if (const auto *p = std::get_if<ast::Policy>(&item)) {
        declare(NameKind::Policy, p->id);
      }
    }
  }
  // Then every use.
  for (file_ = 0; file_ < program.files.size(); ++file_) {
    const auto &file = program.files[file_];
    for (const ast::Item &item : file->items) {
      if (const auto *v = std::get_if<ast::Vocabulary>(&item)) {
        for (const ast::VocabLine &line : v->lines)
          if (line.category.name == "pinned")
            for (const ast::Ident &name : line.names) refer(NameKind::VocabName, name);
      } else if (const auto *d = std::get_if<ast::Deployment>(&item)) {
        auto member = [&](const auto &m) {
          using T = std::decay_t<decltype(m)>;
          if constexpr (std::is_same_v<T, ast::Component>) {
            refer(NameKind::VocabName, m.role);
            referAttrs(m.attrs);
          } else if constexpr (std::is_same_v<T, ast::DataDecl>) {
            referAttrs(m.attrs);
          } else if constexpr (std::is_same_v<T, ast::Critical>) {
            for (const ast::Ident &s : m.services) refer(NameKind::VocabName, s);
          } else if constexpr (std::is_same_v<T, ast::Site>) {
            for (const auto &inner : m.items)
              std::visit(
                  [&](const auto &x) {
                    using U = std::decay_t<decltype(x)>;
                    if constexpr (std::is_same_v<U, ast::Component>) refer(NameKind::VocabName, x.role);
                    referAttrs(x.attrs);
                  },
                  inner);
          }
        };
        for (const auto &m : d->items) std::visit(member, m);
      } else if (const auto *m = std::get_if<ast::Migration>(&item)) {
        if (m->of) refer(NameKind::Deployment, *m->of);
        for (const ast::Phase &phase : m->phases) {
          for (const ast::Ident &a : phase.after) refer(NameKind::Phase, a);
          for (const ast::Step &step : phase.steps) {
            if (!step.role.name.empty()) refer(NameKind::VocabName, step.role);
            if (!step.service.name.empty()) refer(NameKind::VocabName, step.service);
            for (size_t i = 0; i < step.subjects.size(); ++i) {
              if (step.verb == ast::Verb::Deploy && i == 0) continue; // declared above
              if (step.verb == ast::Verb::Confirm)
                refer(NameKind::VocabName, step.subjects[i]);
              else
                referAny(step.subjects[i]);
            }
            if (!step.target.name.empty()) referAny(step.target);
            referAttrs(step.attrs);
          }
        }
      } else if (const auto *p = std::get_if<ast::Policy>(&item)) {
        std::vector<std::string> binders;
        for (const ast::Clause &clause : p->clauses) {
          for (const ast::Binder &b : clause.binders) {
            binders.push_back(b.var.name);
            for (const ast::Ident &k : b.kinds) refer(NameKind::VocabName, k);
          }
          if (!clause.var.name.empty()) binders.push_back(clause.var.name);
          if (clause.expr) referExpr(*clause.expr, binders);
        }
      } else if (const auto *w = std::get_if<ast::Waive>(&item)) {
        refer(NameKind::Policy, w->policy);
        for (const ast::Ident &e : w->entities) referAny(e);
      }
    }
  }
  // In the order of the files (the plan first, then what it uses and the
  // packs), so that answers do not depend on where buffers lie in memory: a
  // name declared in two files (a vocabulary word in the plan and in a pack)
  // is declared where the first file declares it.
  std::sort(occurrences_.begin(), occurrences_.end(), [](const Occurrence &a, const Occurrence &b) {
    return std::pair(a.file, a.range.Start.getPointer()) < std::pair(b.file, b.range.Start.getPointer());
  });
  declarations_.clear();
  for (size_t i = 0; i < occurrences_.size(); ++i)
    if (occurrences_[i].declaration)
      declarations_.emplace(std::make_pair(occurrences_[i].kind, occurrences_[i].name), i);
  byStart_.resize(occurrences_.size());
  for (size_t i = 0; i < byStart_.size(); ++i) byStart_[i] = i;
  std::sort(byStart_.begin(), byStart_.end(), [&](size_t a, size_t b) {
    return occurrences_[a].range.Start.getPointer() < occurrences_[b].range.Start.getPointer();
  });
}

void Index::declare(NameKind kind, const ast::Ident &id) {
  if (id.name.empty() || !id.range.Start.isValid()) return;
  declarations_.emplace(std::make_pair(kind, id.name), occurrences_.size());
  occurrences_.push_back({kind, id.name, id.range, true, file_});
}

void Index::refer(NameKind kind, const ast::Ident &id) {
  if (id.name.empty() || !id.range.Start.isValid()) return;
  occurrences_.push_back({kind, id.name, id.range, false, file_});
}

void Index::referAny(const ast::Ident &id) {
  for (NameKind kind : {NameKind::Component, NameKind::Data, NameKind::Site, NameKind::Phase, NameKind::VocabName})
    if (declarations_.contains({kind, id.name})) return refer(kind, id);
}

void Index::referValue(const ast::Value &value) {
  if (value.kind == ast::Value::Kind::Ident) referAny(ast::Ident{value.text, value.range});
  for (const ast::Value &item : value.items) referValue(item);
}

void Index::referAttrs(const ast::AttrList &attrs) {
  for (const ast::Attr &a : attrs.attrs) referValue(a.value);
}

void Index::referExpr(const ast::Expr &expr, std::vector<std::string> &binders) {
  const size_t scope = binders.size();
  for (const ast::Binder &b : expr.binders) {
    binders.push_back(b.var.name);
    for (const ast::Ident &k : b.kinds) refer(NameKind::VocabName, k);
  }
  if (expr.kind == ast::Expr::Kind::Path && expr.path.size() == 1 &&
      std::find(binders.begin(), binders.end(), expr.path[0].name) == binders.end())
    referAny(expr.path[0]);
  if (expr.kind == ast::Expr::Kind::Literal) referValue(expr.literal);
  for (const ast::ExprPtr &arg : expr.args)
    if (arg) referExpr(*arg, binders);
  if (expr.where) referExpr(*expr.where, binders);
  binders.resize(scope);
}

const Occurrence *Index::at(llvm::SMLoc loc) const {
  // Buffers do not overlap, so one order of addresses serves every file.
  auto it = std::upper_bound(byStart_.begin(), byStart_.end(), loc.getPointer(),
                             [&](const char *p, size_t o) { return p < occurrences_[o].range.Start.getPointer(); });
  // Names do not nest: only the nearest one that starts at or before `loc` can hold it.
  if (it == byStart_.begin()) return nullptr;
  const Occurrence &o = occurrences_[*--it];
  return loc.getPointer() <= o.range.End.getPointer() ? &o : nullptr;
}

const Occurrence *Index::declaration(NameKind kind, llvm::StringRef name) const {
  auto it = declarations_.find({kind, name.str()});
  return it == declarations_.end() ? nullptr : &occurrences_[it->second];
}

} // namespace cutover::lsp
