// The phase graph over hand-built models: the graph needs only phases, steps
// and the static reference graph, so these tests do not depend on the parser.
#include "compiler/graph/phase_graph.h"

#include <gtest/gtest.h>

namespace {

using namespace cutover;
using sema::ComponentId;
using sema::PhaseId;

// A model whose phases and components are added by name; source ranges point
// into `text` so that fix-its can be checked by offset.
struct ModelBuilder {
  sema::Model model;
  std::string text = std::string(65536, ' ');

  ModelBuilder() {
    model.keyUsers = model.symbols.intern("users");
    model.keyServices = model.symbols.intern("services");
  }

  ComponentId component(const std::string &name) {
    if (auto it = model.componentByName.find(name); it != model.componentByName.end()) return it->second;
    auto id = static_cast<ComponentId>(model.components.size());
    model.components.push_back({});
    model.components.back().name = name;
    model.componentByName[name] = id;
    model.referencesOf.emplace_back();
    model.referencedBy.emplace_back();
    model.dataHeldBy.emplace_back();
    return id;
  }

  sema::DataId data(const std::string &name, ComponentId holder) {
    auto id = static_cast<sema::DataId>(model.data.size());
    model.data.push_back({});
    model.data.back().name = name;
    model.data.back().heldBy = holder;
    model.dataByName[name] = id;
    model.dataHeldBy[holder].push_back(id);
    return id;
  }

  void reference(ComponentId from, ComponentId to) {
    sema::SymbolId key = model.symbols.intern("serves");
    model.referencesOf[from].push_back({to, key});
    model.referencedBy[to].push_back({from, key});
  }

  llvm::SMRange at(size_t offset) {
    const char *p = text.data() + offset % (text.size() - 1);
    return {llvm::SMLoc::getFromPointer(p), llvm::SMLoc::getFromPointer(p + 1)};
  }

  PhaseId phase(const std::string &name, std::vector<std::string> after = {}) {
    auto id = static_cast<PhaseId>(model.phases.size());
    sema::PhaseDecl decl;
    decl.name = name;
    decl.nameRange = at(id * 2);
    for (const std::string &a : after) {
      decl.after.push_back(model.phaseByName.lookup(a));
      decl.afterRanges.push_back(at(40 + id));
    }
    model.phases.push_back(std::move(decl));
    model.phaseByName[name] = id;
    return id;
  }

  void after(PhaseId p, PhaseId pred) {
    model.phases[p].after.push_back(pred);
    model.phases[p].afterRanges.push_back(at(40 + p));
  }

  sema::Step &step(PhaseId p, ast::Verb verb, uint32_t subject, ComponentId target = sema::kNoId) {
    sema::Step s;
    s.verb = verb;
    s.subject = subject;
    s.target = target;
    const size_t offset = 100 + 10 * (p * 16 + model.phases[p].steps.size());
    s.range = at(offset);
    s.subjectRange = at(offset + 1);
    s.targetRange = at(offset + 2);
    s.symbolRange = at(offset + 3);
    model.phases[p].steps.push_back(std::move(s));
    return model.phases[p].steps.back();
  }

  // `set c { key ... }` (`users 0`, `services [...]`, any other key).
  void set(PhaseId p, ComponentId c, const std::string &key) {
    sema::Step &s = step(p, ast::Verb::Set, c);
    sema::Attribute a;
    a.key = model.symbols.intern(key);
    a.value = key == "users"      ? sema::Value::integer(0)
              : key == "services" ? sema::Value::list({})
                                  : sema::Value::integer(1);
    a.range = at(60000 + s.attrs.size() + 10 * p);
    s.attrs.push_back(std::move(a));
  }
};

// The findings of building the graph of `model`.
std::vector<diag::Finding> graphFindings(const sema::Model &model) {
  diag::Diagnostics diags;
  graph::buildPhaseGraph(model, diags);
  return diags.findings();
}

std::vector<std::string> messages(const diag::Diagnostics &diags) {
  std::vector<std::string> out;
  for (const auto &f : diags.findings()) out.push_back(f.id + ": " + f.message);
  return out;
}

TEST(PhaseGraph, ChainIsOrderedAndClosed) {
  ModelBuilder b;
  b.phase("pilot");
  b.phase("users", {"pilot"});
  b.phase("retire", {"users", "users"});
  diag::Diagnostics diags;
  graph::PhaseGraph g = graph::buildPhaseGraph(b.model, diags);
  EXPECT_TRUE(diags.findings().empty());
  EXPECT_TRUE(g.acyclic);
  EXPECT_EQ(g.order, (std::vector<PhaseId>{0, 1, 2}));
  EXPECT_EQ(g.predecessors[2], (std::vector<PhaseId>{1}));
  EXPECT_EQ(g.successors[0], (std::vector<PhaseId>{1}));
  EXPECT_TRUE(g.reaches[0][2]);
  EXPECT_FALSE(g.reaches[2][0]);
  EXPECT_FALSE(g.reaches[1][1]);
  EXPECT_TRUE(g.ordered(2, 0));
}

TEST(PhaseGraph, TiesGoToDeclarationOrder) {
  ModelBuilder b;
  b.phase("c");
  b.phase("a");
  b.phase("b", {"c"});
  b.after(0, 1); // c after a
  diag::Diagnostics diags;
  graph::PhaseGraph g = graph::buildPhaseGraph(b.model, diags);
  EXPECT_EQ(g.order, (std::vector<PhaseId>{1, 0, 2}));
}

TEST(PhaseGraph, CycleIsReportedWithItsPath) {
  ModelBuilder b;
  PhaseId pilot = b.phase("pilot");
  b.phase("edge", {"pilot"});
  b.after(pilot, 1);
  diag::Diagnostics diags;
  graph::PhaseGraph g = graph::buildPhaseGraph(b.model, diags);
  EXPECT_FALSE(g.acyclic);
  EXPECT_EQ(messages(diags), (std::vector<std::string>{"E-CYCLE: phase cycle: pilot -> edge -> pilot"}));
  // Pointed at pilot's `after edge`, the edge that closes the cycle.
  EXPECT_EQ(diags.findings()[0].range.Start, b.model.phases[pilot].afterRanges[0].Start);
  EXPECT_TRUE(g.reaches[0][0]);
  EXPECT_TRUE(g.reaches[1][0]);
}

TEST(PhaseGraph, SelfEdgeAndSeparateCyclesAreEachReportedOnce) {
  ModelBuilder b;
  b.phase("a");
  b.after(0, 0);
  b.phase("x");
  b.phase("y", {"x"});
  b.after(1, 2);
  b.phase("z", {"y"});
  diag::Diagnostics diags;
  graph::PhaseGraph g = graph::buildPhaseGraph(b.model, diags);
  EXPECT_EQ(messages(diags),
            (std::vector<std::string>{"E-CYCLE: phase cycle: a -> a", "E-CYCLE: phase cycle: x -> y -> x"}));
  EXPECT_TRUE(g.order.empty());
  EXPECT_TRUE(g.reaches[1][3]);
}

TEST(PhaseGraph, TwoWavesTakingUsersFromOnePoolConflictOnce) {
  ModelBuilder b;
  ComponentId fe = b.component("fe2010");
  ComponentId pool = b.component("pool13");
  ComponentId other = b.component("pool13b");
  PhaseId a = b.phase("wave1");
  PhaseId c = b.phase("wave2");
  b.step(a, ast::Verb::Move, fe, pool);
  b.step(c, ast::Verb::Decommission, other);
  b.step(c, ast::Verb::Move, fe, other).moveAll = true;
  b.step(c, ast::Verb::Move, fe, pool);
  diag::Diagnostics diags;
  graph::buildPhaseGraph(b.model, diags);
  ASSERT_EQ(diags.findings().size(), 1u) << messages(diags)[1];
  const diag::Finding &f = diags.findings()[0];
  EXPECT_EQ(f.id, "E-CONFLICT");
  EXPECT_EQ(f.message, "phases 'wave1' and 'wave2' are not ordered, and 'move all users from fe2010 to pool13b' "
                       "changes fe2010.users, which 'move 0 users from fe2010 to pool13' also changes: the result "
                       "depends on which runs first");
  // At the later phase's first conflicting step, on the operand that holds the location.
  EXPECT_EQ(f.range.Start, b.model.phases[c].steps[1].subjectRange.Start);
  EXPECT_EQ(f.entities, (std::vector<std::string>{"fe2010"}));
  ASSERT_EQ(f.notes.size(), 1u);
  EXPECT_EQ(f.notes[0].range.Start, b.model.phases[a].steps[0].subjectRange.Start);
  EXPECT_EQ(f.notes[0].message, "'wave1' changes fe2010.users here");
  EXPECT_EQ(f.hints, (std::vector<std::string>{"add 'after wave1' to phase 'wave2'"}));
  ASSERT_EQ(f.fixits.size(), 1u);
  EXPECT_EQ(f.fixits[0].replacement, " after wave1");
  EXPECT_EQ(f.fixits[0].range.Start, b.model.phases[c].nameRange.End);
  EXPECT_EQ(f.fixits[0].range.End, b.model.phases[c].nameRange.End);
}

TEST(PhaseGraph, FixItExtendsAnExistingAfterList) {
  ModelBuilder b;
  ComponentId fe = b.component("fe2010");
  b.phase("base");
  PhaseId a = b.phase("a", {"base"});
  PhaseId c = b.phase("b", {"base"});
  b.set(a, fe, "note");
  b.set(c, fe, "note");
  diag::Diagnostics diags;
  graph::buildPhaseGraph(b.model, diags);
  ASSERT_EQ(diags.findings().size(), 1u);
  EXPECT_EQ(diags.findings()[0].message, "phases 'a' and 'b' are not ordered, and 'set fe2010' changes fe2010.note, "
                                         "which 'set fe2010' also changes: the result depends on which runs first");
  EXPECT_EQ(diags.findings()[0].range.Start, b.model.phases[c].steps[0].attrs[0].range.Start);
  EXPECT_EQ(diags.findings()[0].fixits[0].replacement, ", a");
  EXPECT_EQ(diags.findings()[0].fixits[0].range.Start, b.model.phases[c].afterRanges.back().End);
}

// What the old rule ("phases touching related entities must be ordered")
// forbade: each pair below commutes.
TEST(PhaseGraph, CommutingStepsNeedNoOrder) {
  ModelBuilder b;
  ComponentId fe = b.component("fe2010"), fe2 = b.component("fe2010b");
  ComponentId arch = b.component("arch2010"), db = b.component("archdb");
  ComponentId pool = b.component("pool13"), store = b.component("db13");
  b.reference(arch, fe);
  sema::DataId history = b.data("arch_history", db);
  std::vector<PhaseId> p;
  for (int i = 0; i < 12; ++i) p.push_back(b.phase("p" + std::to_string(i)));
  b.step(p[0], ast::Verb::Move, fe, pool); // two waves into one pool: adds
  b.step(p[1], ast::Verb::Move, fe2, pool);
  b.step(p[2], ast::Verb::Decommission, arch); // the server serving fe2010: a reference, no location
  b.step(p[3], ast::Verb::Backup, history);    // the data archdb holds
  b.step(p[4], ast::Verb::Migrate, history, store);
  b.step(p[5], ast::Verb::Confirm, sema::kNoId).symbol = b.model.symbols.intern("signoff");
  b.step(p[6], ast::Verb::Confirm, sema::kNoId).symbol = b.model.symbols.intern("signoff");
  b.step(p[7], ast::Verb::Enable, pool).symbol = b.model.symbols.intern("archiving");
  b.step(p[8], ast::Verb::Enable, pool).symbol = b.model.symbols.intern("monitoring");
  b.set(p[9], fe, "fqdn"); // different attributes of one component
  b.set(p[10], fe, "note");
  b.step(p[11], ast::Verb::Set, db); // reads archdb.status, as moves read fe2010's
  diag::Diagnostics diags;
  graph::buildPhaseGraph(b.model, diags);
  EXPECT_TRUE(diags.findings().empty()) << messages(diags)[0];
}

TEST(PhaseGraph, ReadAgainstWriteConflicts) {
  ModelBuilder b;
  ComponentId fe = b.component("fe2010"), pool = b.component("pool13");
  PhaseId a = b.phase("wave");
  PhaseId c = b.phase("retire");
  b.step(a, ast::Verb::Move, fe, pool);
  b.step(c, ast::Verb::Decommission, pool);
  const std::vector<diag::Finding> found = graphFindings(b.model);
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].message,
            "phases 'wave' and 'retire' are not ordered, and 'decommission pool13' changes pool13.status, which "
            "'move 0 users from fe2010 to pool13' reads: whether that step can run depends on which runs first");
  EXPECT_EQ(found[0].notes[0].range.Start, b.model.phases[a].steps[0].targetRange.Start);
  EXPECT_EQ(found[0].notes[0].message, "'wave' reads pool13.status here");
}

// The pairing: the later phase's first conflicting step, the earlier
// phase's first step that conflicts with it, and that step's first location
// (in the step table's order) where the two do not commute.
TEST(PhaseGraph, ConflictPairsFirstStepsAndFirstLocation) {
  ModelBuilder b;
  ComponentId x = b.component("x"), y = b.component("y");
  PhaseId a = b.phase("a");
  PhaseId c = b.phase("c");
  b.set(a, y, "users");                            // writes y.users
  b.step(a, ast::Verb::Decommission, x);           // writes x.status
  b.step(c, ast::Verb::Move, x, y).moveAll = true; // reads x.status, adds to y.users
  const std::vector<diag::Finding> found = graphFindings(b.model);
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].message, "phases 'a' and 'c' are not ordered, and 'move all users from x to y' adds to y.users, "
                              "which 'set y' changes: the result depends on which runs first");
  EXPECT_EQ(found[0].range.Start, b.model.phases[c].steps[0].targetRange.Start);
  EXPECT_EQ(found[0].entities, (std::vector<std::string>{"y"}));
}

TEST(PhaseGraph, DeployAndSetServicesWriteEveryLocationTheyCover) {
  ModelBuilder b;
  ComponentId pool = b.component("pool13");
  PhaseId a = b.phase("deploy");
  PhaseId c = b.phase("enable");
  PhaseId d = b.phase("services", {"deploy"});
  b.step(a, ast::Verb::Deploy, pool).symbol = b.model.symbols.intern("front_end");
  b.step(c, ast::Verb::Enable, pool).symbol = b.model.symbols.intern("archiving");
  b.set(d, pool, "services");
  diag::Diagnostics diags;
  graph::buildPhaseGraph(b.model, diags);
  std::vector<std::string> got = messages(diags);
  ASSERT_EQ(got.size(), 2u);
  EXPECT_NE(got[0].find("'enable archiving on pool13' reads pool13.status, which 'deploy front_end pool13' changes"),
            std::string::npos)
      << got[0];
  EXPECT_NE(got[1].find("'set pool13' changes archiving in pool13.services, which 'enable archiving on pool13' also "
                        "changes"),
            std::string::npos)
      << got[1];
}

TEST(PhaseGraph, TransitivelyOrderedPhasesDoNotConflict) {
  ModelBuilder b;
  ComponentId fe = b.component("fe2010");
  b.phase("a");
  b.phase("b", {"a"});
  b.phase("c", {"b"});
  b.step(0, ast::Verb::Set, fe);
  b.step(2, ast::Verb::Decommission, fe);
  diag::Diagnostics diags;
  graph::buildPhaseGraph(b.model, diags);
  EXPECT_TRUE(diags.findings().empty());
}

// Its time is measured by bench_frontend's BM_PhaseGraphHotChain.
TEST(PhaseGraph, TwoThousandSequentialPhasesAreOrdered) {
  ModelBuilder b;
  ComponentId fe = b.component("fe2010");
  ComponentId pool = b.component("pool13");
  b.reference(pool, fe);
  for (int i = 0; i < 2000; ++i) {
    PhaseId p = i == 0 ? b.phase("p0") : b.phase("p" + std::to_string(i), {"p" + std::to_string(i - 1)});
    b.step(p, ast::Verb::Move, fe, pool);
  }
  diag::Diagnostics diags;
  graph::PhaseGraph g = graph::buildPhaseGraph(b.model, diags);
  EXPECT_TRUE(diags.findings().empty());
  EXPECT_TRUE(g.reaches[0][1999]);
}

} // namespace
