// The evaluator's shortcuts give what the general evaluation gives: `x in
// [a, b]` and `x in c.refs` (read without building the list), and the
// identity of values that interning the reduced engine's bounds relies on.
#include "runtime/eval/evaluator.h"
#include "runtime/eval/reduced/abstract.h"
#include "runtime/state/state.h"
#include "tests/unit/support/harness.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace cutover::eval {
namespace {

using fixture::compileSource;
using policy::Node;
using sema::Value;

TEST(Evaluator, MembershipInAListOrRefsAsComparedOverTheBuiltList) {
  auto c = compileSource(R"(
deployment d {
  front_end fe { version 2010, fqdn "fe.example" }
  front_end fe13 { version 2013 }
  sql_store db { version 10.50 }
  archiving_server arch { version 2010, serves [fe, fe13], store db }
  monitoring_server mon { version 4.0, serves fe }
}
policy IN-1 error "in" {
  for a: component, b: component
  require (b in a.refs) and (a.version in [2007, 2010, 2013]) and (a.status in [active, b.role])
      and (a.fqdn in ["fe.example", none]) and not (b.version in [a.version, 4])
}
)");
  ASSERT_EQ(c->findings(), std::vector<std::string>{});
  const policy::Policy &policy = c->policies.policies.front();
  const state::State s = state::State::initial(*c->model);
  const Context ctx{.model = *c->model, .state = s};
  StepBudget budget(c->policies, kDefaultMaxSteps);
  StepBudget::Scope scope(budget);
  size_t checked = 0;
  for (uint32_t a = 0; a < c->model->components.size(); ++a)
    for (uint32_t b = 0; b < c->model->components.size(); ++b) {
      std::vector<Value> slots{Value::component(a), Value::component(b)};
      for (policy::NodeId id = 0; id < policy.nodes.size(); ++id) {
        const Node &n = policy.nodes[id];
        if (n.op != Node::Op::Cmp || n.cmp != ast::CmpOp::In) continue;
        Evaluator evaluator(policy, ctx);
        const uint64_t before = budget.counted()[0];
        const Value shortcut = evaluator.eval(id, slots);
        const uint64_t shortcutSteps = budget.counted()[0] - before;
        const Value right = evaluator.eval(n.args[1], slots), left = evaluator.eval(n.args[0], slots);
        const uint64_t generalSteps = budget.counted()[0] - before - shortcutSteps + 1; // and the comparison's node
        EXPECT_TRUE(sema::valuesEqual(shortcut, compare(ast::CmpOp::In, left, right))) << id << " " << a << " " << b;
        EXPECT_EQ(shortcutSteps, generalSteps) << id;
        ++checked;
      }
    }
  EXPECT_EQ(checked, 25u * 5);
}

TEST(Evaluator, IdenticalValuesAreThoseTheSerializationCannotTellApart) {
  const std::vector<Value> values{Value::none(),
                                  Value::boolean(true),
                                  Value::integer(2013),
                                  Value::version({2013}),
                                  Value::version({2013, 0}),
                                  Value::string("a"),
                                  Value::string("a"),
                                  Value::string("b"),
                                  Value::symbol(3),
                                  Value::component(3),
                                  Value::data(3),
                                  Value::list({Value::component(1), Value::string("a")}),
                                  Value::list({Value::component(1), Value::string("a")}),
                                  Value::list({Value::component(1)}),
                                  Value::list({})};
  for (const Value &a : values)
    for (const Value &b : values) {
      std::string sa, sb;
      reduced::serialize(a, sa);
      reduced::serialize(b, sb);
      EXPECT_EQ(reduced::identical(a, b), sa == sb) << sa << " " << sb;
      if (sa == sb) {
        EXPECT_EQ(reduced::identityHash(a), reduced::identityHash(b)) << sa;
      }
    }
}

} // namespace
} // namespace cutover::eval
