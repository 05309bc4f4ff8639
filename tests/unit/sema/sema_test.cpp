// Semantic analysis of parsed text: what the model holds, and every finding
// with its position.
#include "compiler/parse/parser.h"
#include "compiler/sema/analyze.h"
#include "compiler/sema/resolve.h"

#include <gtest/gtest.h>
#include <llvm/Support/MemoryBuffer.h>

#include <fmt/format.h>

namespace {

using namespace cutover;
using sema::Value;

struct Analyzed {
  llvm::SourceMgr sm;
  diag::Diagnostics diags;
  std::vector<std::unique_ptr<ast::File>> files;
  std::unique_ptr<sema::Model> model;

  // "line:col: ID: message" per finding, in report order.
  std::vector<std::string> findings() {
    std::vector<std::string> out;
    for (const diag::Finding &f : diags.findings()) {
      auto [line, col] = sm.getLineAndColumn(f.range.Start);
      out.push_back(fmt::format("{}:{}: {}: {}", line, col, f.id, f.message));
    }
    return out;
  }
  const sema::ComponentDecl &component(llvm::StringRef name) {
    return model->components[model->componentByName.lookup(name)];
  }
  std::string symbol(sema::SymbolId id) { return model->symbols.name(id); }
};

// Parses each text as one file of the program (the first is the main file).
std::unique_ptr<Analyzed> analyzeAll(std::vector<std::string> texts) {
  auto a = std::make_unique<Analyzed>();
  std::vector<const ast::File *> files;
  for (size_t i = 0; i < texts.size(); ++i) {
    unsigned id = a->sm.AddNewSourceBuffer(llvm::MemoryBuffer::getMemBufferCopy(texts[i], fmt::format("f{}.cut", i)),
                                           llvm::SMLoc());
    a->files.push_back(parse::parseBuffer(a->sm, id, a->diags));
    EXPECT_TRUE(a->files.back()) << texts[i];
    if (!a->files.back()) return a;
    files.push_back(a->files.back().get());
  }
  a->model = sema::analyzeFiles(files, a->diags);
  return a;
}

std::unique_ptr<Analyzed> analyze(std::string text) { return analyzeAll({std::move(text)}); }

const char *kVocabulary = R"(
vocabulary lync {
  roles front_end, edge, sql_store, archiving_server, monitoring_server
  services archiving, monitoring
  data archiving, monitoring
  tags vendor_integration
  symbols enterprise
}
)";

const char *kPlan = R"(
deployment contoso {
  critical archiving, monitoring
  site redmond {
    front_end         fe2010   { version 2010, users 4200 }
    sql_store         archdb   { version 2008 }
    archiving_server  arch2010 { version 2010, serves fe2010, store archdb, edition enterprise }
  }
  data arch_history { kind archiving, held_by archdb }
}
migration to2013 of contoso {
  phase pilot "Deploy the pilot" {
    deploy sql_store arch13db { version 2012, site redmond }
    deploy front_end pilot2013 { version 2013.0.1, site redmond }
    enable archiving on pilot2013 { store arch13db }
  }
  phase users after pilot {
    move 50 users from fe2010 to pilot2013
    move all users from fe2010 to pilot2013
  }
  phase backup after users {
    backup arch_history to "\\\\fs01\\arch"
    confirm vendor_integration "asked the vendor"
  }
  phase retire after backup {
    decommission arch2010, archdb, fe2010
  }
}
waive LYNC-ARC-005 for fe2010, vendor_integration until "2028-02-29" "accepted"
)";

TEST(Sema, CleanPlanFillsTheModel) {
  auto a = analyze(std::string(kVocabulary) + kPlan);
  ASSERT_TRUE(a->model);
  EXPECT_EQ(a->findings(), std::vector<std::string>{});
  sema::Model &m = *a->model;
  EXPECT_EQ(m.deploymentName, "contoso");
  EXPECT_EQ(m.migrationName, "to2013");
  ASSERT_EQ(m.components.size(), 5u);
  EXPECT_EQ(m.components[3].name, "arch13db"); // deployment components first
  EXPECT_FALSE(m.components[3].inDeployment);

  const sema::ComponentDecl &fe = a->component("fe2010");
  EXPECT_EQ(a->symbol(fe.role), "front_end");
  EXPECT_EQ(a->symbol(fe.site), "redmond");
  EXPECT_EQ(fe.users, 4200);
  ASSERT_EQ(fe.attrs.size(), 1u); // users and site live in their fields
  EXPECT_EQ(fe.attrs[0].key, m.keyVersion);
  EXPECT_EQ(fe.attrs[0].value.kind, Value::Kind::Int);

  const sema::ComponentDecl &pilot = a->component("pilot2013");
  EXPECT_EQ(a->symbol(pilot.site), "redmond");
  EXPECT_EQ(pilot.attrs[0].value.kind, Value::Kind::Version);
  EXPECT_EQ(pilot.attrs[0].value.parts(), (std::vector<uint64_t>{2013, 0, 1}));

  const sema::ComponentDecl &arch = a->component("arch2010");
  EXPECT_EQ(arch.attrs[1].value.kind, Value::Kind::Component);
  EXPECT_EQ(arch.attrs[3].value.kind, Value::Kind::Symbol);
  EXPECT_EQ(a->symbol(arch.attrs[3].value.id()), "enterprise");

  ASSERT_EQ(m.data.size(), 1u);
  EXPECT_EQ(m.data[0].heldBy, m.componentByName.lookup("archdb"));
  EXPECT_EQ(a->symbol(m.data[0].kind), "archiving");
  EXPECT_EQ(m.critical.size(), 2u);

  ASSERT_EQ(m.phases.size(), 4u);
  EXPECT_EQ(m.phases[0].title, "Deploy the pilot");
  EXPECT_EQ(m.phases[1].after, (std::vector<sema::PhaseId>{0}));
  const sema::Step &enable = m.phases[0].steps[2];
  EXPECT_EQ(a->symbol(enable.attrs[0].key), "archiving_store");
  EXPECT_TRUE(m.phases[1].steps[1].moveAll);
  EXPECT_EQ(m.phases[1].steps[0].count, 50);
  EXPECT_EQ(m.phases[2].steps[0].text, "\\\\fs01\\arch");
  ASSERT_EQ(m.phases[3].steps.size(), 3u); // one step per decommissioned name
  auto [line, col] = a->sm.getLineAndColumn(m.phases[3].steps[1].range.Start);
  EXPECT_EQ(col, 28u);

  ASSERT_EQ(m.waivers.size(), 1u);
  EXPECT_EQ(m.waivers[0].until, "2028-02-29");
  EXPECT_EQ(m.waivers[0].entities, (std::vector<std::string>{"fe2010", "vendor_integration"}));

  // The static reference graph: arch2010 -> fe2010, archdb; pilot2013 -> arch13db (enable).
  sema::ComponentId archId = m.componentByName.lookup("arch2010");
  sema::ComponentId feId = m.componentByName.lookup("fe2010");
  sema::ComponentId pilotId = m.componentByName.lookup("pilot2013");
  sema::ComponentId store13 = m.componentByName.lookup("arch13db");
  ASSERT_EQ(m.referencesOf[archId].size(), 2u);
  EXPECT_EQ(m.referencedBy[feId], (std::vector<sema::Model::Ref>{{archId, *m.symbols.lookup("serves")}}));
  EXPECT_EQ(m.referencesOf[pilotId], (std::vector<sema::Model::Ref>{{store13, *m.symbols.lookup("archiving_store")}}));
  EXPECT_EQ(m.dataHeldBy[m.componentByName.lookup("archdb")], std::vector<sema::DataId>{0});
}

TEST(Sema, ResolveNameFollowsTheDocumentedOrder) {
  auto a = analyze(std::string(kVocabulary) + kPlan);
  const sema::Model &m = *a->model;
  EXPECT_EQ(sema::resolveName(m, "fe2010")->kind, Value::Kind::Component);
  EXPECT_EQ(sema::resolveName(m, "arch_history")->kind, Value::Kind::Data);
  EXPECT_EQ(sema::resolveName(m, "redmond")->kind, Value::Kind::Symbol);
  EXPECT_EQ(sema::resolveName(m, "decommissioned")->id(), m.symDecommissioned);
  EXPECT_EQ(sema::resolveName(m, "edge")->kind, Value::Kind::Symbol);
  EXPECT_FALSE(sema::resolveName(m, "version")); // an attribute key, not a symbol
  EXPECT_EQ(diag::closestMatch("fe2100", sema::nameCandidates(m)), "fe2010");
}

TEST(Sema, DuplicatesPointAtTheFirstDeclaration) {
  auto a = analyze(R"(deployment d {
  front_end fe { version 1 }
  front_end fe
  data fe { kind k, held_by fe }
  x y { a 1, a 2 }
}
deployment e { }
migration m of d {
  phase p { }
  phase p { }
}
migration n { }
)");
  EXPECT_EQ(a->findings(), (std::vector<std::string>{
                               "7:12: E-DUP: a second deployment 'e': a program has at most one",
                               "12:11: E-DUP: a second migration 'n': a program has at most one",
                               "3:13: E-DUP: duplicate component 'fe'",
                               "4:8: E-DUP: duplicate data set 'fe'",
                               "10:9: E-DUP: duplicate phase 'p'",
                               "5:14: E-DUP: attribute 'a' is given twice",
                           }));
  auto [line, col] = a->sm.getLineAndColumn(a->diags.findings()[2].notes[0].range.Start);
  EXPECT_EQ(line, 2u);
  EXPECT_EQ(col, 13u);
}

// What a large estate's analysis shares or remembers changes no result: a component named like an
// earlier data set is a duplicate of it; a key given twice in a long list points at its first;
// equal versions and strings share one payload, and one too large is reported where each is written;
// the last component found answers only its own name.
TEST(Sema, SharedLiteralsAndRememberedNamesKeepEveryResult) {
  std::string text = R"(deployment d {
  data h { kind k, held_by fe }
  front_end h { version 10.50 }
  front_end fe { version 10.50, fqdn "pool.contoso.com" }
  front_end fe2 { version 10.50, fqdn "pool.contoso.com", home fe, peer fe2 }
  front_end fe3 { home fe, peer fe, other fe4 }
  x big { KEYS, k7 2 }
  edge e1 { version 99999999999999999999.1 }
  edge e2 { version 99999999999999999999.1 }
}
vocabulary v { symbols k }
)";
  text.replace(text.find("KEYS"), 4,
               "k0 0, k1 1, k2 2, k3 3, k4 4, k5 5, k6 6, k7 7, k8 8, k9 9, k10 10, k11 11, k12 12, k13 13, k14 14, "
               "k15 15, k16 16, k17 17, k18 18, k19 19, k20 20, k21 21, k22 22, k23 23, k24 24, k25 25, k26 26, k27 "
               "27, k28 28, k29 29, k30 30, k31 31, k32 32, k33 33, k34 34, k35 35, k36 36, k37 37, k38 38, k39 39");
  auto a = analyze(text);
  EXPECT_EQ(a->findings(), (std::vector<std::string>{
                               "3:13: E-DUP: duplicate component 'h'",
                               "6:43: E-UNKNOWN: unknown name 'fe4'; did you mean 'fe'?",
                               "7:311: E-DUP: attribute 'k7' is given twice",
                               "8:21: E-TYPE: version '99999999999999999999.1' has a component that is too large",
                               "9:21: E-TYPE: version '99999999999999999999.1' has a component that is too large",
                           }));
  auto noteAt = [&](size_t finding) {
    return a->sm.getLineAndColumn(a->diags.findings()[finding].notes.at(0).range.Start);
  };
  EXPECT_EQ(noteAt(0), (std::pair<unsigned, unsigned>{2, 8}));  // the data set
  EXPECT_EQ(noteAt(2), (std::pair<unsigned, unsigned>{7, 53})); // the first k7
  const sema::Model &m = *a->model;
  EXPECT_EQ(m.componentByName.count("h"), 0u);
  EXPECT_EQ(m.dataByName.lookup("h"), 0u);
  const sema::ComponentDecl &fe = a->component("fe"), &fe2 = a->component("fe2");
  EXPECT_TRUE(fe.attrs[0].value.samePayload(fe2.attrs[0].value));
  EXPECT_TRUE(fe.attrs[1].value.samePayload(fe2.attrs[1].value));
  EXPECT_EQ(fe2.attrs[1].value.str(), "pool.contoso.com");
  const sema::ComponentId feId = m.componentByName.lookup("fe"), fe2Id = m.componentByName.lookup("fe2"),
                          fe3Id = m.componentByName.lookup("fe3");
  EXPECT_EQ(fe2.attrs[2].value.id(), feId);
  EXPECT_EQ(fe2.attrs[3].value.id(), fe2Id);
  const sema::SymbolId home = *m.symbols.lookup("home"), peer = *m.symbols.lookup("peer");
  EXPECT_EQ(m.referencedBy[feId], (std::vector<sema::Model::Ref>{{fe2Id, home}, {fe3Id, home}, {fe3Id, peer}}));
  EXPECT_EQ(m.referencesOf[fe3Id], (std::vector<sema::Model::Ref>{{feId, home}, {feId, peer}}));
}

TEST(Sema, UnknownNamesSuggestTheClosest) {
  auto a = analyze(R"(deployment contoso {
  site redmond { front_end fe2010 { } }
  sql_store db { site redmnd }
  archiving_server arch { serves fe2100, partner [fe2010, db, nothing_close] }
  data hist { kind archiving, held_by dbx }
}
migration m of contsoo {
  phase a after b { move all users from fe2010 to pool }
  phase b after aa { backup hist2 to "x"  decommission fe2010, hist  migrate hist to db }
}
waive X for fe2011 "r"
)");
  EXPECT_EQ(a->findings(),
            (std::vector<std::string>{
                "7:16: E-UNKNOWN: unknown deployment 'contsoo'; did you mean 'contoso'?",
                "3:23: E-UNKNOWN: unknown site 'redmnd'; did you mean 'redmond'?",
                "4:34: E-UNKNOWN: unknown name 'fe2100'; did you mean 'fe2010'?",
                "4:63: E-UNKNOWN: unknown name 'nothing_close'",
                "5:39: E-UNKNOWN: unknown component 'dbx'; did you mean 'db'?",
                "8:51: E-UNKNOWN: unknown component 'pool'",
                "9:17: E-UNKNOWN: unknown phase 'aa'; did you mean 'a'?",
                "9:29: E-UNKNOWN: unknown data set 'hist2'; did you mean 'hist'?",
                "9:64: E-UNKNOWN: 'hist' is a data set, not a component",
                "11:13: E-UNKNOWN: waiver names 'fe2011', which is not a component, data set or tag; did you mean "
                "'fe2010'?",
            }));
  const diag::Finding &f = a->diags.findings()[2];
  ASSERT_EQ(f.fixits.size(), 1u);
  EXPECT_EQ(f.fixits[0].replacement, "fe2010");
}

TEST(Sema, VocabularyChecksOnlyDeclaredCategories) {
  auto a =
      analyzeAll({R"(deployment d {
  critical archving
  frontend fe { }
  data h { kind monitorng, held_by fe }
}
migration m {
  phase p {
    deploy edge e2
    enable monitorin on fe
    confirm vendor "note"
  }
}
)",
                  R"(vocabulary pack { roles front_end, edge  services archiving, monitoring  data monitoring })"});
  EXPECT_EQ(a->findings(),
            (std::vector<std::string>{
                "3:3: E-VOCAB: role 'frontend' is not declared by any vocabulary; did you mean 'front_end'?",
                "4:17: E-VOCAB: data kind 'monitorng' is not declared by any vocabulary; did you mean 'monitoring'?",
                "2:12: E-VOCAB: service 'archving' is not declared by any vocabulary; did you mean 'archiving'?",
                "9:12: E-VOCAB: service 'monitorin' is not declared by any vocabulary; did you mean 'monitoring'?",
            })); // no vocabulary declares tags: `confirm vendor` is schema-free
}

TEST(Sema, PinnedNamesDeclaredDataKinds) {
  auto a = analyzeAll(
      {"deployment d { }", R"(vocabulary pack { data archiving, chat  pinned archiving, chta, archiving })"});
  EXPECT_EQ(a->findings(), (std::vector<std::string>{
                               "1:59: E-VOCAB: pinned 'chta' is not a data kind: declare it on a `data` line of a "
                               "vocabulary; did you mean 'chat'?",
                           }));
  ASSERT_EQ(a->model->vocab.pinned.size(), 1u); // sorted and unique
  EXPECT_EQ(a->symbol(a->model->vocab.pinned[0]), "archiving");
}

TEST(Sema, BuiltInAttributesAreTyped) {
  auto a = analyze(R"(deployment d {
  site s { }
  front_end fe { version "2013", users many, name "x", services [archiving, 3] }
  front_end ok { version 4.0.7577, users 3, site s, services monitoring }
  data h { held_by fe }
  data g { kind k, held_by ok, backed_up "yes" }
}
vocabulary v { symbols k, many, archiving, monitoring }
migration m {
  phase p { set ok { status active, version 99999999999999999999 } }
}
waive X until "2027-02-29" "r"
waive Y until "soon" "r"
)");
  EXPECT_EQ(a->findings(), (std::vector<std::string>{
                               "3:26: E-TYPE: attribute 'version' must be an integer or a version, not a string",
                               "3:40: E-TYPE: attribute 'users' must be an integer, not a name",
                               "3:46: E-TYPE: 'name' is a built-in attribute and cannot be set by hand",
                               "3:77: E-TYPE: attribute 'services' must be a list of services, not an integer",
                               "5:8: E-TYPE: data set 'h' needs 'kind'",
                               "6:42: E-TYPE: attribute 'backed_up' must be true or false, not a string",
                               "10:22: E-TYPE: 'status' is a built-in attribute and cannot be set by hand",
                               "10:45: E-TYPE: integer '99999999999999999999' is too large",
                               "12:15: E-TYPE: 'until' must be a date YYYY-MM-DD, not \"2027-02-29\"",
                               "13:15: E-TYPE: 'until' must be a date YYYY-MM-DD, not \"soon\"",
                           }));
  const sema::ComponentDecl &ok = a->component("ok");
  EXPECT_EQ(ok.users, 3);
  EXPECT_EQ(a->symbol(ok.site), "s");
  EXPECT_EQ(ok.attrs[1].value.kind, Value::Kind::List); // a single service is a one-element list
}

TEST(Sema, DeployingAnExistingNameIsLeftToTheRuntime) {
  auto a = analyze(R"(deployment d { front_end fe { } }
migration m {
  phase a { deploy front_end fe  deploy front_end n { peer fe } }
  phase b after a { deploy front_end n  set n { peer missing } }
}
)");
  EXPECT_EQ(a->findings(), (std::vector<std::string>{"4:54: E-UNKNOWN: unknown name 'missing'"}));
  ASSERT_EQ(a->model->components.size(), 2u);
  EXPECT_EQ(a->model->phases[1].steps[0].subject, a->model->componentByName.lookup("n"));
  EXPECT_EQ(a->model->referencesOf[1].size(), 1u);
}

TEST(Sema, SelfAfterIsKeptForTheGraph) {
  auto a = analyze("migration m { phase p after p { } }");
  EXPECT_TRUE(a->findings().empty());
  EXPECT_EQ(a->model->phases[0].after, (std::vector<sema::PhaseId>{0}));
}

} // namespace
