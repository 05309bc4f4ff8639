#include "compiler/sema/analyzer.h"

#include <fmt/format.h>

namespace cutover::sema::detail {

void Analyzer::resolveDeployment(const ast::Deployment &deployment) {
  for (const PendingComponent &pending : deploymentComponents_) {
    ComponentDecl scratch;
    ComponentDecl &decl = pending.id == kNoId ? scratch : m().components[pending.id];
    decl.role = vocabularyName(Category::Role, pending.ast->role);
    std::vector<Attribute> attrs = resolveAttrs(pending.ast->attrs, AttrSite::Component, "");
    countUsers(attrs);
    fillComponent(decl, pending.site, std::move(attrs));
    if (pending.id != kNoId) addReferences(pending.id, decl.attrs);
  }
  for (const PendingData &pending : deploymentData_) {
    DataDecl scratch;
    DataDecl &decl = pending.id == kNoId ? scratch : m().data[pending.id];
    resolveData(*pending.ast, decl);
    if (pending.id != kNoId && decl.heldBy != kNoId) m().dataHeldBy[decl.heldBy].push_back(pending.id);
  }
  for (const auto &item : deployment.items)
    if (const auto *critical = std::get_if<ast::Critical>(&item))
      for (const ast::Ident &service : critical->services) {
        SymbolId s = vocabularyName(Category::Service, service);
        if (std::find(m().critical.begin(), m().critical.end(), s) == m().critical.end()) m().critical.push_back(s);
      }
}

void Analyzer::fillComponent(ComponentDecl &decl, SymbolId blockSite, std::vector<Attribute> attrs) {
  decl.site = blockSite;
  for (const Attribute &attr : attrs) {
    if (attr.key == m().keyUsers) {
      decl.users = attr.value.num;
    } else if (attr.key == m().keySite) {
      if (blockSite != kNoId && attr.value.id() != blockSite)
        diag::report(diags_, attr.range, diag::msg::SiteMismatch, decl.name, m().symbols.name(blockSite),
                     m().symbols.name(attr.value.id()));
      decl.site = attr.value.id();
    }
  }
  std::erase_if(attrs, [&](const Attribute &attr) { return attr.key == m().keyUsers || attr.key == m().keySite; });
  decl.attrs = std::move(attrs);
}

void Analyzer::countUsers(const std::vector<Attribute> &attrs) {
  for (const Attribute &attr : attrs) {
    if (attr.key != m().keyUsers || attr.value.kind != Value::Kind::Int || usersOverflow_) continue;
    if (!__builtin_add_overflow(usersTotal_, attr.value.num, &usersTotal_)) continue;
    usersOverflow_ = true;
    diag::report(diags_, attr.range, diag::msg::UsersOverflow, std::numeric_limits<int64_t>::max());
  }
}

void Analyzer::resolveData(const ast::DataDecl &ast, DataDecl &decl) {
  for (Attribute &attr : resolveAttrs(ast.attrs, AttrSite::Data, "")) {
    if (attr.key == m().keyKind)
      decl.kind = attr.value.id();
    else if (attr.key == m().keyHeldBy)
      decl.heldBy = attr.value.id();
    else
      decl.attrs.push_back(std::move(attr));
  }
  // Given but unresolved counts as given: that was reported already.
  std::vector<std::string> missing;
  for (const BuiltinAttrInfo &a : kBuiltinAttrs)
    if (a.required && a.ownedBy(AttrOwner::Data) && !hasKey(ast.attrs, a.name))
      missing.push_back(fmt::format("'{}'", a.name));
  if (!missing.empty())
    diag::report(diags_, ast.name.range, diag::msg::DataSetNeeds, ast.name.name, llvm::join(missing, " and "));
}

bool Analyzer::hasKey(const ast::AttrList &attrs, llvm::StringRef key) {
  return llvm::any_of(attrs.attrs, [&](const ast::Attr &a) { return a.key.name == key; });
}

std::vector<Attribute> Analyzer::resolveAttrs(const ast::AttrList &list, AttrSite where, llvm::StringRef service) {
  std::vector<Attribute> out;
  out.reserve(list.attrs.size());
  const auto &attrs = list.attrs;
  for (size_t i = 0; i < attrs.size(); ++i) {
    const ast::Attr &attr = attrs[i];
    SMRange whole(attr.key.range.Start, attr.value.range.End);
    if (const ast::Attr *first = firstWithKey(attrs, i)) {
      diag::note(diag::report(diags_, attr.key.range, diag::msg::AttributeTwice, attr.key.name), first->key.range,
                 diag::msg::FirstGivenHere);
      continue;
    }
    if (where == AttrSite::Enable) {
      std::optional<Value> value = resolveValue(attr.value);
      if (!value) continue;
      out.push_back({m().symbols.intern(fmt::format("{}_{}", service.str(), attr.key.name)), std::move(*value), whole});
      continue;
    }
    // Looked up once: a key already interned (every built-in one) needs no second lookup to intern it.
    std::optional<SymbolId> known =
        i < recentKeys_.size() ? lookupRecent(attr.key.name, recentKeys_[i]) : m().symbols.lookup(attr.key.name);
    std::optional<Value> value = resolveBuiltin(attr, known, where);
    if (!value) continue;
    out.push_back({known ? *known : m().symbols.intern(attr.key.name), std::move(*value), whole});
  }
  return out;
}

const ast::Attr *Analyzer::firstWithKey(const std::vector<ast::Attr> &attrs, size_t i) {
  // Attribute lists are short: a scan of the ones before is cheaper than a map, up to a few dozen.
  constexpr size_t kScanUpTo = 32;
  const std::string &key = attrs[i].key.name;
  if (attrs.size() <= kScanUpTo) {
    for (size_t j = 0; j < i; ++j)
      if (attrs[j].key.name == key) return &attrs[j];
    return nullptr;
  }
  if (i == 0) firstByKey_.clear();
  auto [it, inserted] = firstByKey_.try_emplace(key, &attrs[i]);
  return inserted ? nullptr : it->second;
}

std::optional<Value> Analyzer::typeError(const ast::Value &value, llvm::StringRef key, llvm::StringRef expected) {
  diag::report(diags_, value.range, diag::msg::AttributeMustBe, key, expected, describe(value));
  return std::nullopt;
}

const char *Analyzer::describe(const ast::Value &value) {
  switch (value.kind) {
  case ast::Value::Kind::Int: return "an integer";
  case ast::Value::Kind::Version: return "a version";
  case ast::Value::Kind::String: return "a string";
  case ast::Value::Kind::Bool: return "a boolean";
  case ast::Value::Kind::Ident: return "a name";
  case ast::Value::Kind::List: return "a list";
  case ast::Value::Kind::None: break;
  }
  return "nothing";
}

std::optional<Value> Analyzer::resolveBuiltin(const ast::Attr &attr, std::optional<SymbolId> key, AttrSite where) {
  std::optional<BuiltinAttr> builtin = key ? m().builtin(*key) : std::nullopt;
  if (!builtin) return resolveValue(attr.value);
  const BuiltinAttrInfo &info = builtinInfo(*builtin);
  if (info.check == ValueCheck::Fixed) {
    diag::report(diags_, attr.key.range, diag::msg::BuiltinSetByHand, attr.key.name);
    return std::nullopt;
  }
  // On another entity the key is an ordinary attribute.
  if (!info.ownedBy(where == AttrSite::Data ? AttrOwner::Data : AttrOwner::Component)) return resolveValue(attr.value);
  return checkValue(info.check, attr);
}

std::optional<Value> Analyzer::checkValue(ValueCheck check, const ast::Attr &attr) {
  llvm::StringRef key = attr.key.name;
  const ast::Value &v = attr.value;
  using K = ast::Value::Kind;
  switch (check) {
  case ValueCheck::Fixed: return std::nullopt; // reported by resolveBuiltin
  case ValueCheck::Site:
    if (v.kind != K::Ident) return typeError(v, key, "a site");
    if (auto it = m().siteByName.find(v.text); it != m().siteByName.end())
      return Value::symbol(m().sites[it->second].symbol);
    unknown(
        {v.text, v.range},
        [&](auto yield) {
          for (const SiteDecl &site : m().sites) yield(site.name);
        },
        diag::msg::UnknownSite, v.text);
    return std::nullopt;
  case ValueCheck::Integer:
    if (v.kind != K::Int) return typeError(v, key, "an integer");
    return resolveValue(v);
  case ValueCheck::IntegerOrVersion:
    if (v.kind != K::Int && v.kind != K::Version) return typeError(v, key, "an integer or a version");
    return resolveValue(v);
  case ValueCheck::Services: {
    // One name is a list of one.
    llvm::ArrayRef<ast::Value> items =
        v.kind == K::List ? llvm::ArrayRef<ast::Value>(v.items) : llvm::ArrayRef<ast::Value>(v);
    std::vector<Value> services;
    services.reserve(items.size());
    for (const ast::Value &item : items) {
      if (item.kind != K::Ident) return typeError(item, key, "a list of services");
      services.push_back(Value::symbol(vocabularyName(Category::Service, {item.text, item.range})));
    }
    return Value::list(std::move(services));
  }
  case ValueCheck::DataKind:
    if (v.kind != K::Ident) return typeError(v, key, "a data kind");
    return Value::symbol(vocabularyName(Category::DataKind, {v.text, v.range}));
  case ValueCheck::Component: {
    if (v.kind != K::Ident) return typeError(v, key, "a component");
    if (auto c = findComponent(v.text)) return Value::component(*c);
    auto c = componentNamed({v.text, v.range});
    return c ? std::optional(Value::component(*c)) : std::nullopt;
  }
  case ValueCheck::Bool:
    if (v.kind != K::Bool) return typeError(v, key, "true or false");
    return resolveValue(v);
  case ValueCheck::String:
    if (v.kind != K::String) return typeError(v, key, "a string");
    return resolveValue(v);
  }
  return std::nullopt;
}

std::optional<Value> Analyzer::resolveValue(const ast::Value &v) {
  switch (v.kind) {
  case ast::Value::Kind::Int: {
    int64_t n = 0;
    if (llvm::StringRef(v.text).getAsInteger(10, n)) {
      diag::report(diags_, v.range, diag::msg::IntegerTooLarge, v.text);
      return std::nullopt;
    }
    return Value::integer(n);
  }
  case ast::Value::Kind::Version: {
    auto [it, inserted] = versions_.try_emplace(v.text);
    if (!inserted) return it->second;
    std::vector<uint64_t> parts;
    if (!parseVersion(v.text, parts)) {
      versions_.erase(it);
      diag::report(diags_, v.range, diag::msg::VersionTooLarge, v.text);
      return std::nullopt;
    }
    return it->second = Value::version(std::move(parts));
  }
  case ast::Value::Kind::String: {
    auto [it, inserted] = strings_.try_emplace(v.text);
    if (inserted) it->second = Value::string(v.text);
    return it->second;
  }
  case ast::Value::Kind::Bool: return Value::boolean(v.boolean);
  case ast::Value::Kind::Ident: {
    if (auto c = findComponent(v.text)) return Value::component(*c);
    if (auto resolved = resolveName(m(), v.text)) return resolved;
    unknown({v.text, v.range}, diag::each(nameCandidates()), diag::msg::UnknownName, v.text);
    return std::nullopt;
  }
  case ast::Value::Kind::List: {
    std::vector<Value> items;
    items.reserve(v.items.size());
    bool ok = true;
    for (const ast::Value &item : v.items) {
      auto resolved = resolveValue(item);
      if (resolved) items.push_back(std::move(*resolved));
      ok = ok && resolved;
    }
    if (!ok) return std::nullopt;
    return Value::list(std::move(items));
  }
  case ast::Value::Kind::None: break;
  }
  return Value::none();
}

} // namespace cutover::sema::detail
