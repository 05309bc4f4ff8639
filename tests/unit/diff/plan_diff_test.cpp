// The comparison of two versions of a plan (runtime/diff/plan_diff.h), on
// plans held in memory (io::Input::text), with the packs of this checkout.
#include "runtime/diff/plan_diff.h"

#include <gtest/gtest.h>

#include <algorithm>

namespace cutover::diff {
namespace {

PlanDiff compare(const std::string &oldText, const std::string &newText, std::string oldName = "plan.cut",
                 std::string newName = "plan.cut") {
  session::CheckOptions opts;
  opts.load.packPath = {CUTOVER_SOURCE_DIR "/policies"};
  opts.today = "2026-06-01";
  llvm::Expected<PlanDiff> d =
      diffPlans(io::Input{oldName, "", "", oldText}, io::Input{newName, "", "", newText}, opts);
  EXPECT_TRUE(static_cast<bool>(d));
  return std::move(*d);
}

std::vector<std::string> ids(const std::vector<diag::Finding> &findings) {
  std::vector<std::string> out;
  for (const auto &f : findings) {
    std::string id = f.id;
    for (const auto &e : f.entities) id += " " + e;
    out.push_back(id);
  }
  return out;
}

const std::string kDeployment = R"(deployment lab {
  front_end a { users 3 }
  front_end b { users 0 }
}
)";

TEST(PlanDiff, FindingsMatchByIdEntitiesAndFileNotLine) {
  // The same finding, ten lines further down and in a file named otherwise
  // (a git revision): unchanged, neither introduced nor fixed.
  std::string plan = kDeployment + "migration m of lab {\n  phase p {\n    decommission a\n  }\n}\n";
  PlanDiff d = compare(plan, std::string(10, '\n') + plan, "main:plan.cut", "plan.cut");
  EXPECT_EQ(ids(d.unchanged), std::vector<std::string>{"CORE-USERS-001 a"});
  EXPECT_TRUE(d.introduced.empty());
  EXPECT_TRUE(d.fixed.empty());
  EXPECT_TRUE(d.changesNothing());
}

TEST(PlanDiff, AnotherEntityIsAnotherFinding) {
  std::string before = kDeployment + "migration m of lab {\n  phase p {\n    decommission a\n  }\n}\n";
  std::string after = R"(deployment lab {
  front_end a { users 0 }
  front_end b { users 3 }
}
migration m of lab {
  phase p {
    decommission b
  }
}
)";
  PlanDiff d = compare(before, after);
  EXPECT_EQ(ids(d.introduced), std::vector<std::string>{"CORE-USERS-001 b"});
  EXPECT_EQ(ids(d.fixed), std::vector<std::string>{"CORE-USERS-001 a"});
  EXPECT_TRUE(d.fails(diag::Severity::Error));
}

TEST(PlanDiff, AWaiverWaivesRatherThanFixes) {
  std::string plan = kDeployment + "migration m of lab {\n  phase p {\n    decommission a\n  }\n}\n";
  PlanDiff d = compare(plan, plan + "waive CORE-USERS-001 for a \"moved by hand\"\n");
  EXPECT_TRUE(d.fixed.empty());
  EXPECT_EQ(ids(d.waived), std::vector<std::string>{"CORE-USERS-001 a"});
  ASSERT_EQ(d.waiversAdded.size(), 1u);
  EXPECT_EQ(d.waiversAdded[0].entities, std::vector<std::string>{"a"});
  EXPECT_FALSE(d.fails(diag::Severity::Info));
}

TEST(PlanDiff, FindingsWithoutEntitiesDifferByMessage) {
  // Two unused waivers of other policies: W-UNUSED-WAIVER binds nothing.
  std::string plan = kDeployment + "migration m of lab {\n  phase p { }\n}\n";
  PlanDiff d = compare(plan + "waive CORE-REF-001 \"r\"\n", plan + "waive CORE-DATA-001 \"r\"\n");
  ASSERT_EQ(d.introduced.size(), 1u);
  EXPECT_NE(d.introduced[0].message.find("CORE-DATA-001"), std::string::npos);
  ASSERT_EQ(d.fixed.size(), 1u);
  EXPECT_NE(d.fixed[0].message.find("CORE-REF-001"), std::string::npos);
}

TEST(PlanDiff, RenamedByContentOnlyWithTheSameSteps) {
  std::string before = kDeployment + R"(migration m of lab {
  phase p { move 1 users from a to b }
  phase empty1 { }
}
)";
  std::string after = kDeployment + R"(migration m of lab {
  phase q { move 1 users from a to b }
  phase empty2 { }
}
)";
  PlanDiff d = compare(before, after);
  ASSERT_EQ(d.renamed.size(), 1u);
  EXPECT_EQ(d.renamed[0].from, "p");
  EXPECT_EQ(d.renamed[0].to, "q");
  // Two empty phases say nothing about each other.
  ASSERT_EQ(d.phasesAdded.size(), 1u);
  EXPECT_EQ(d.phasesAdded[0].name, "empty2");
  ASSERT_EQ(d.phasesRemoved.size(), 1u);
  EXPECT_EQ(d.phasesRemoved[0].name, "empty1");
}

TEST(PlanDiff, StepsChangeWhenTheyActOnTheSameThings) {
  std::string before = kDeployment + R"(migration m of lab {
  phase p {
    move 1 users from a to b
    decommission b
  }
}
)";
  std::string after = kDeployment + R"(migration m of lab {
  phase p {
    move 2 users from a to b
    decommission a
  }
}
)";
  PlanDiff d = compare(before, after);
  ASSERT_EQ(d.steps.size(), 1u);
  const PhaseSteps &s = d.steps[0];
  ASSERT_EQ(s.changed.size(), 1u);
  EXPECT_EQ(s.changed[0].from, "move 1 users from a to b");
  EXPECT_EQ(s.changed[0].to, "move 2 users from a to b");
  EXPECT_EQ(s.removed, std::vector<std::string>{"decommission b"});
  EXPECT_EQ(s.added, std::vector<std::string>{"decommission a"});
}

TEST(PlanDiff, OrderingsAndStates) {
  std::string before = kDeployment + R"(migration m of lab {
  phase x { set a { owner "o" } }
  phase y after x { set b { owner "o" } }
}
)";
  std::string after = kDeployment + R"(migration m of lab {
  phase x { set a { owner "o" } }
  phase y { set b { owner "o" } }
}
)";
  PlanDiff d = compare(before, after);
  ASSERT_EQ(d.orderings.size(), 1u);
  EXPECT_EQ(d.orderings[0].first, "x");
  EXPECT_EQ(d.orderings[0].before, Relation::Before);
  EXPECT_EQ(d.orderings[0].after, Relation::Parallel);
  ASSERT_EQ(d.edgesRemoved.size(), 1u);
  EXPECT_EQ(d.edgesRemoved[0].from, "x");
  EXPECT_EQ(d.edgesRemoved[0].to, "y");
  EXPECT_EQ(d.old.states, std::optional<uint64_t>(3)); // {}, {x}, {x,y}
  EXPECT_EQ(d.now.states, std::optional<uint64_t>(4)); // and {y}
}

TEST(PlanDiff, ARenameIsNotAnEdgeChange) {
  std::string before = kDeployment + R"(migration m of lab {
  phase x { set a { owner "o" } }
  phase y after x { set b { owner "o" } }
}
)";
  std::string after = kDeployment + R"(migration m of lab {
  phase first { set a { owner "o" } }
  phase y after first { set b { owner "o" } }
}
)";
  PlanDiff d = compare(before, after);
  ASSERT_EQ(d.renamed.size(), 1u);
  EXPECT_TRUE(d.edgesAdded.empty());
  EXPECT_TRUE(d.edgesRemoved.empty());
  EXPECT_TRUE(d.orderings.empty());
}

TEST(PlanDiff, AFileReadAsTextCannotUseFilesBesideIt) {
  PlanDiff d = compare("", "use \"other.cut\"\n");
  ASSERT_EQ(d.introduced.size(), 1u);
  EXPECT_EQ(d.introduced[0].id, "E-USE");
  EXPECT_NE(d.introduced[0].message.find("read from a git revision"), std::string::npos);
}

} // namespace
} // namespace cutover::diff
