#include "runtime/state/state.h"
#include "tests/unit/support/test_model.h"

#include <gtest/gtest.h>

namespace cutover::state {
namespace {

using fixture::ModelBuilder;
using sema::Value;

class StepTest : public ::testing::Test {
protected:
  StepTest() {
    fe = b.component("fe2010", "front_end", 50, {b.attr("version", Value::integer(2010))});
    db = b.component("archdb", "sql_store");
    pilot = b.component("pilot2013", "front_end", 0, {}, /*inDeployment=*/false);
    history = b.data("arch_history", "archiving", db);
  }
  State initial() const { return State::initial(b.model); }
  std::optional<std::string> apply(const sema::Step &step, State &s) const { return applyStep(b.model, step, s); }

  ModelBuilder b;
  sema::ComponentId fe, db, pilot;
  sema::DataId history;
};

TEST_F(StepTest, InitialStateHasDeclaredComponentsActiveAndDeployedOnesAbsent) {
  State s = initial();
  EXPECT_EQ(s.component(fe).status, Status::Active);
  EXPECT_EQ(s.component(fe).users, 50);
  EXPECT_EQ(s.component(pilot).status, Status::Absent);
  EXPECT_EQ(s.data(history).heldBy, db);
  EXPECT_FALSE(s.data(history).backedUp);
  EXPECT_TRUE(s.confirmedTags().empty());
}

TEST_F(StepTest, RefersToWhatItsRefsHold) {
  const sema::ComponentId server =
      b.component("arch", "archiving_server", 0,
                  {b.attr("serves", Value::list({Value::component(fe), Value::list({Value::component(pilot)})})),
                   b.attr("store", Value::component(db)), b.attr("version", Value::integer(2010))});
  const State s = initial();
  for (sema::ComponentId c : {fe, db, pilot, server}) {
    const Value refs = componentAttr(b.model, s, server, b.model.keyRefs);
    EXPECT_EQ(s.component(server).refersTo(c), sema::valueIn(Value::component(c), refs)) << c;
  }
  EXPECT_TRUE(s.component(server).refersTo(pilot)); // inside a nested list
  EXPECT_FALSE(s.component(server).refersTo(server));
  EXPECT_FALSE(s.component(fe).refersTo(server));
}

TEST_F(StepTest, DeployCreatesAnActiveComponentWithItsAttributes) {
  State s = initial();
  EXPECT_EQ(apply(b.deploy(pilot, {b.attr("version", Value::integer(2013)), b.attr("users", Value::integer(7))}), s),
            std::nullopt);
  EXPECT_EQ(s.component(pilot).status, Status::Active);
  EXPECT_EQ(s.component(pilot).users, 7);
  EXPECT_TRUE(valuesEqual(componentAttr(b.model, s, pilot, b.sym("version")), Value::integer(2013)));
}

TEST_F(StepTest, DeployOfAnExistingComponentFails) {
  State s = initial();
  EXPECT_EQ(apply(b.deploy(fe), s), "cannot deploy 'fe2010': it already exists");
  ASSERT_EQ(apply(b.decommission(fe), s), std::nullopt);
  EXPECT_EQ(apply(b.deploy(fe), s), "cannot deploy 'fe2010': it already exists (decommissioned)");
}

TEST_F(StepTest, Decommission) {
  State s = initial();
  EXPECT_EQ(apply(b.decommission(fe), s), std::nullopt);
  EXPECT_EQ(s.component(fe).status, Status::Decommissioned);
  EXPECT_EQ(apply(b.decommission(fe), s), "cannot decommission 'fe2010': it is already decommissioned");
  EXPECT_EQ(apply(b.decommission(pilot), s), "cannot decommission 'pilot2013': it is not deployed yet");
}

TEST_F(StepTest, MoveUsers) {
  State s = initial();
  ASSERT_EQ(apply(b.deploy(pilot), s), std::nullopt);
  EXPECT_EQ(apply(ModelBuilder::move(20, fe, pilot), s), std::nullopt);
  EXPECT_EQ(s.component(fe).users, 30);
  EXPECT_EQ(s.component(pilot).users, 20);
  EXPECT_EQ(apply(ModelBuilder::move(60, fe, pilot), s), "cannot move 60 users from 'fe2010': it homes only 30");
  EXPECT_EQ(s.component(fe).users, 30);
  EXPECT_EQ(apply(ModelBuilder::moveAll(fe, pilot), s), std::nullopt);
  EXPECT_EQ(s.component(fe).users, 0);
  EXPECT_EQ(s.component(pilot).users, 50);
}

TEST_F(StepTest, MoveNeedsBothEndsActive) {
  State s = initial();
  EXPECT_EQ(apply(ModelBuilder::move(1, fe, pilot), s), "cannot move users to 'pilot2013': it is not deployed yet");
  ASSERT_EQ(apply(b.deploy(pilot), s), std::nullopt);
  ASSERT_EQ(apply(b.decommission(fe), s), std::nullopt);
  EXPECT_EQ(apply(ModelBuilder::move(1, fe, pilot), s), "cannot move users from 'fe2010': it is decommissioned");
  EXPECT_EQ(s.component(fe).users, 50);
}

TEST_F(StepTest, EnableStoresServiceAttributesUnderTheirPrefixedKeys) {
  State s = initial();
  // Sema interns the key as archiving_store; the runtime stores it as given.
  EXPECT_EQ(apply(b.enable("archiving", fe, {b.attr("archiving_store", Value::component(db))}), s), std::nullopt);
  EXPECT_TRUE(s.component(fe).hasService(b.sym("archiving")));
  Value store = componentAttr(b.model, s, fe, b.sym("archiving_store"));
  EXPECT_TRUE(valuesEqual(store, Value::component(db)));
  Value refs = componentAttr(b.model, s, fe, b.model.keyRefs);
  ASSERT_EQ(refs.items().size(), 1u);
  EXPECT_EQ(refs.items()[0].id(), db);
  EXPECT_EQ(apply(b.enable("archiving", fe), s), "cannot enable archiving on 'fe2010': it is already enabled");
  EXPECT_EQ(apply(b.enable("archiving", pilot), s), "cannot enable archiving on 'pilot2013': it is not deployed yet");
}

TEST_F(StepTest, Disable) {
  State s = initial();
  EXPECT_EQ(apply(b.disable("monitoring", fe), s), "cannot disable monitoring on 'fe2010': it is not enabled");
  ASSERT_EQ(apply(b.enable("monitoring", fe), s), std::nullopt);
  EXPECT_EQ(apply(b.disable("monitoring", fe), s), std::nullopt);
  EXPECT_TRUE(s.component(fe).services.empty());
  ASSERT_EQ(apply(b.decommission(fe), s), std::nullopt);
  EXPECT_EQ(apply(b.disable("monitoring", fe), s), "cannot disable monitoring on 'fe2010': it is decommissioned");
}

TEST_F(StepTest, SetMergesAttributes) {
  State s = initial();
  EXPECT_EQ(
      apply(ModelBuilder::set(fe, {b.attr("version", Value::integer(2013)), b.attr("pool", Value::string("a"))}), s),
      std::nullopt);
  EXPECT_TRUE(valuesEqual(componentAttr(b.model, s, fe, b.sym("version")), Value::integer(2013)));
  EXPECT_EQ(componentAttr(b.model, s, fe, b.sym("pool")).str(), "a");
  EXPECT_EQ(s.component(fe).attrs.size(), 2u);
  EXPECT_EQ(apply(ModelBuilder::set(pilot, {}), s), "cannot set attributes of 'pilot2013': it is not deployed yet");
}

TEST_F(StepTest, BackupAndMigrate) {
  State s = initial();
  EXPECT_EQ(apply(ModelBuilder::backup(history, "\\\\fs01\\arch"), s), std::nullopt);
  EXPECT_TRUE(s.data(history).backedUp);
  EXPECT_EQ(dataAttr(b.model, s, history, b.model.keyBackupLocation).str(), "\\\\fs01\\arch");
  EXPECT_EQ(apply(ModelBuilder::migrate(history, pilot), s),
            "cannot migrate 'arch_history' to 'pilot2013': it is not deployed yet");
  ASSERT_EQ(apply(b.deploy(pilot), s), std::nullopt);
  EXPECT_EQ(apply(ModelBuilder::migrate(history, pilot), s), std::nullopt);
  EXPECT_EQ(s.data(history).heldBy, pilot);
  EXPECT_EQ(dataAttr(b.model, s, history, b.model.keyMigratedTo).id(), pilot);
}

TEST_F(StepTest, ConfirmAddsTheTagOnce) {
  State s = initial();
  EXPECT_EQ(apply(b.confirm("vendor_integration"), s), std::nullopt);
  EXPECT_EQ(apply(b.confirm("vendor_integration"), s), std::nullopt);
  EXPECT_TRUE(s.confirmed(b.sym("vendor_integration")));
  EXPECT_EQ(s.confirmedTags().size(), 1u);
}

TEST_F(StepTest, BuiltInAttributes) {
  State s = initial();
  EXPECT_EQ(componentAttr(b.model, s, fe, b.model.keyName).str(), "fe2010");
  EXPECT_EQ(componentAttr(b.model, s, fe, b.model.keyRole).id(), b.sym("front_end"));
  EXPECT_EQ(componentAttr(b.model, s, fe, b.model.keyStatus).id(), b.model.symActive);
  EXPECT_TRUE(componentAttr(b.model, s, pilot, b.model.keyStatus).isNone());
  EXPECT_EQ(componentAttr(b.model, s, fe, b.model.keyUsers).num, 50);
  EXPECT_TRUE(componentAttr(b.model, s, fe, b.sym("missing")).isNone());
  EXPECT_EQ(dataAttr(b.model, s, history, b.model.keyKind).id(), b.sym("archiving"));
  EXPECT_EQ(dataAttr(b.model, s, history, b.model.keyHeldBy).id(), db);
  EXPECT_EQ(dataAttr(b.model, s, history, b.model.keyBackedUp).num, 0);
  EXPECT_TRUE(dataAttr(b.model, s, history, b.model.keyBackupLocation).isNone());
  EXPECT_TRUE(dataAttr(b.model, s, history, b.model.keyMigratedTo).isNone());
}

TEST_F(StepTest, CopiesShareUnchangedComponents) {
  State before = initial();
  State after = before;
  ASSERT_EQ(apply(b.decommission(fe), after), std::nullopt);
  EXPECT_EQ(before.component(fe).status, Status::Active);
  EXPECT_EQ(after.component(fe).status, Status::Decommissioned);
  EXPECT_NE(&before.component(fe), &after.component(fe));
  EXPECT_EQ(&before.component(db), &after.component(db));
  EXPECT_EQ(&before.data(history), &after.data(history));
}

TEST(SharedVectorTest, WritingCopiesOnlyTheWrittenElement) {
  std::vector<int> items(200);
  for (int i = 0; i < 200; ++i) items[i] = i;
  detail::SharedVector<int> a(items);
  detail::SharedVector<int> b = a;
  b.mutableAt(130) = -1;
  EXPECT_EQ(a[130], 130);
  EXPECT_EQ(b[130], -1);
  for (size_t i : {0u, 129u, 131u, 199u}) EXPECT_EQ(&a[i], &b[i]);
  int *written = &b.mutableAt(130);
  EXPECT_EQ(written, &b.mutableAt(130)); // sole owner now: no further copy
}

} // namespace
} // namespace cutover::state
