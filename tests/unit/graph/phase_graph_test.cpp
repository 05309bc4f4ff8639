// The phase graph over hand-built models: the graph needs only phases, steps
// and the static reference graph, so these tests do not depend on the parser.
#include "compiler/graph/phase_graph.h"

#include <gtest/gtest.h>

#include <chrono>

namespace {

using namespace cutover;
using sema::ComponentId;
using sema::PhaseId;

// A model whose phases and components are added by name; source ranges point
// into `text` so that fix-its can be checked by offset.
struct ModelBuilder {
  sema::Model model;
  std::string text = std::string(4096, ' ');

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

  void step(PhaseId p, ast::Verb verb, uint32_t subject, ComponentId target = sema::kNoId) {
    sema::Step s;
    s.verb = verb;
    s.subject = subject;
    s.target = target;
    s.range = at(20 + p);
    model.phases[p].steps.push_back(std::move(s));
  }
};

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
  EXPECT_EQ(messages(diags), (std::vector<std::string>{"E-CYCLE: phase cycle: a -> a",
                                                       "E-CYCLE: phase cycle: x -> y -> x"}));
  EXPECT_TRUE(g.order.empty());
  EXPECT_TRUE(g.reaches[1][3]);
}

TEST(PhaseGraph, UnorderedPhasesTouchingOneComponentConflictOnce) {
  ModelBuilder b;
  ComponentId fe = b.component("fe2010");
  ComponentId pool = b.component("pool13");
  PhaseId a = b.phase("a");
  PhaseId c = b.phase("b");
  b.step(a, ast::Verb::Move, fe, pool);
  b.step(c, ast::Verb::Decommission, fe);
  b.step(c, ast::Verb::Decommission, pool);
  diag::Diagnostics diags;
  graph::buildPhaseGraph(b.model, diags);
  ASSERT_EQ(diags.findings().size(), 1u);
  const diag::Finding &f = diags.findings()[0];
  EXPECT_EQ(f.id, "E-CONFLICT");
  EXPECT_EQ(f.message, "phases 'a' and 'b' both touch 'fe2010' but are not ordered "
                       "('move 0 users from fe2010 to pool13' in 'a', 'decommission fe2010' in 'b')");
  EXPECT_EQ(f.range.Start, b.model.phases[c].steps[0].range.Start);
  ASSERT_EQ(f.notes.size(), 2u);
  EXPECT_EQ(f.hints, (std::vector<std::string>{"add 'after a' to phase 'b'"}));
  ASSERT_EQ(f.fixits.size(), 1u);
  EXPECT_EQ(f.fixits[0].replacement, " after a");
  EXPECT_EQ(f.fixits[0].range.Start, b.model.phases[c].nameRange.End);
}

TEST(PhaseGraph, FixItExtendsAnExistingAfterList) {
  ModelBuilder b;
  ComponentId fe = b.component("fe2010");
  b.phase("base");
  PhaseId a = b.phase("a", {"base"});
  PhaseId c = b.phase("b", {"base"});
  b.step(a, ast::Verb::Set, fe);
  b.step(c, ast::Verb::Set, fe);
  diag::Diagnostics diags;
  graph::buildPhaseGraph(b.model, diags);
  ASSERT_EQ(diags.findings().size(), 1u);
  EXPECT_EQ(diags.findings()[0].fixits[0].replacement, ", a");
  EXPECT_EQ(diags.findings()[0].fixits[0].range.Start, b.model.phases[c].afterRanges.back().End);
}

TEST(PhaseGraph, TouchesFollowReferencesAndHolders) {
  ModelBuilder b;
  ComponentId fe = b.component("fe2010");
  ComponentId arch = b.component("arch2010");
  ComponentId db = b.component("archdb");
  ComponentId other = b.component("other");
  b.reference(arch, fe);
  sema::DataId history = b.data("arch_history", db);
  PhaseId users = b.phase("users");
  PhaseId retire = b.phase("retire");
  PhaseId backup = b.phase("backup");
  PhaseId unrelated = b.phase("unrelated");
  b.step(users, ast::Verb::Move, fe, other);
  b.step(retire, ast::Verb::Decommission, arch); // arch2010 serves fe2010
  b.step(retire, ast::Verb::Decommission, db);   // archdb holds arch_history
  b.step(backup, ast::Verb::Backup, history);
  b.step(unrelated, ast::Verb::Confirm, sema::kNoId);
  diag::Diagnostics diags;
  graph::buildPhaseGraph(b.model, diags);
  std::vector<std::string> got = messages(diags);
  ASSERT_EQ(got.size(), 2u);
  EXPECT_NE(got[0].find("phases 'users' and 'retire' both touch 'arch2010'"), std::string::npos) << got[0];
  EXPECT_NE(got[1].find("phases 'retire' and 'backup' both touch 'arch_history'"), std::string::npos) << got[1];
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

TEST(PhaseGraph, TwoThousandSequentialPhasesAreFast) {
  ModelBuilder b;
  ComponentId fe = b.component("fe2010");
  ComponentId pool = b.component("pool13");
  b.reference(pool, fe);
  for (int i = 0; i < 2000; ++i) {
    PhaseId p = i == 0 ? b.phase("p0") : b.phase("p" + std::to_string(i), {"p" + std::to_string(i - 1)});
    b.step(p, ast::Verb::Move, fe, pool);
  }
  auto start = std::chrono::steady_clock::now();
  diag::Diagnostics diags;
  graph::PhaseGraph g = graph::buildPhaseGraph(b.model, diags);
  auto elapsed = std::chrono::steady_clock::now() - start;
  EXPECT_TRUE(diags.findings().empty());
  EXPECT_TRUE(g.reaches[0][1999]);
  EXPECT_LT(std::chrono::duration_cast<std::chrono::milliseconds>(elapsed).count(), 2000);
}

} // namespace
