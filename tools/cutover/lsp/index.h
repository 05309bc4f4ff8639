// Every name written in a program, from the parser's syntax trees: where
// each is declared and where each is used, for go to definition, references,
// rename, hover and document symbols.
#pragma once

#include "compiler/parse/loader.h"

#include <llvm/ADT/StringRef.h>

#include <map>
#include <string>
#include <vector>

namespace cutover::lsp {

enum class NameKind { Deployment, Site, Component, Data, Migration, Phase, Policy, Vocabulary, VocabName };

llvm::StringRef kindName(NameKind kind);

struct Occurrence {
  NameKind kind;
  std::string name;
  llvm::SMRange range;
  bool declaration = false;
  size_t file = 0; // in the program's files: the plan is 0
};

class Index {
public:
  explicit Index(const parse::Program &program);

  // The occurrence whose range holds `loc` (its end included, so a cursor
  // just after a name finds it).
  const Occurrence *at(llvm::SMLoc loc) const;
  const Occurrence *declaration(NameKind kind, llvm::StringRef name) const;
  // By file (the plan first), then by position.
  const std::vector<Occurrence> &occurrences() const { return occurrences_; }

private:
  void declare(NameKind kind, const ast::Ident &id);
  void refer(NameKind kind, const ast::Ident &id);
  // A name whose kind follows from what is declared: a component, data set,
  // site, phase or vocabulary name, in that order.
  void referAny(const ast::Ident &id);
  void referValue(const ast::Value &value);
  void referAttrs(const ast::AttrList &attrs);
  void referExpr(const ast::Expr &expr, std::vector<std::string> &binders);

  size_t file_ = 0;                     // the file being indexed
  std::vector<Occurrence> occurrences_; // by file, then by position
  std::vector<size_t> byStart_;         // occurrences_ by address, for at()
  std::map<std::pair<NameKind, std::string>, size_t> declarations_;
};

} // namespace cutover::lsp
