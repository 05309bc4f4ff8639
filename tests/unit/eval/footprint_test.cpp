// The footprint from the access rows of compiler/ast/verbs.def: which phases
// change which field, and which of them only add to it.
#include "runtime/eval/reduced/footprint.h"
#include "tests/unit/support/harness.h"

#include <gtest/gtest.h>

namespace cutover::eval::reduced {
namespace {

using fixture::compileSource;
using K = Field::Kind;

TEST(Footprint, FieldsFromTheAccessRows) {
  auto c = compileSource(R"(
deployment d { front_end a { users 3 } front_end b { } sql_store db { } data h { kind archiving, held_by db } }
migration m of d {
  phase move { move 1 users from a to b }
  phase within after move { move 1 users from a to a }
  phase keep after within { backup h to "fs" }
  phase ship after keep { migrate h to b }
  phase tag after ship { confirm t "" }
  phase fqdn after tag { set b { fqdn "b.example" } }
  phase retire after fqdn { decommission a }
}
)");
  ASSERT_EQ(c->findings(), std::vector<std::string>{});
  const sema::Model &model = *c->model;
  const Footprint footprint(model);
  auto component = [&](const char *name) {
    for (sema::ComponentId id = 0; id < model.components.size(); ++id)
      if (model.components[id].name == name) return id;
    return sema::kNoId;
  };
  const uint32_t a = component("a"), b = component("b");
  // A move writes its source's users and adds to its destination's; a move
  // within one component writes them once.
  EXPECT_EQ(footprint.relevant({K::Users, a}), (std::vector<sema::PhaseId>{0, 1}));
  EXPECT_EQ(footprint.writers({K::Users, a}).size(), 2u);
  EXPECT_EQ(footprint.adders({K::Users, a}), std::vector<sema::PhaseId>{});
  EXPECT_EQ(footprint.adders({K::Users, b}), std::vector<sema::PhaseId>{0});
  // backed_up and backup_location are one field, so are held_by and migrated_to.
  EXPECT_EQ(footprint.writers({K::Backup, 0}).size(), 1u);
  EXPECT_EQ(footprint.relevant({K::Holder, 0}), std::vector<sema::PhaseId>{3});
  // A confirmation adds to its tag; set writes its attributes; decommission the status.
  const sema::SymbolId t = *model.symbols.lookup("t");
  EXPECT_EQ(footprint.adders({K::Tag, t}), std::vector<sema::PhaseId>{4});
  const sema::SymbolId fqdn = *model.symbols.lookup("fqdn");
  EXPECT_EQ(footprint.relevant({K::Attr, b, fqdn}), std::vector<sema::PhaseId>{5});
  EXPECT_EQ(footprint.attrKeysWritten(b), std::vector<sema::SymbolId>{fqdn});
  EXPECT_EQ(footprint.attrKeysWritten(a), std::vector<sema::SymbolId>{});
  EXPECT_EQ(footprint.relevant({K::Status, a}), std::vector<sema::PhaseId>{6});
  EXPECT_EQ(footprint.relevant({K::Status, b}), std::vector<sema::PhaseId>{});
}

} // namespace
} // namespace cutover::eval::reduced
