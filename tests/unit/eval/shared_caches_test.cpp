// The caches that the threads of one verification share (attribute bounds,
// candidate lists, partitions and equality indexes of candidates): filled
// from several threads at once, in different orders, they hold what each
// entry holds when it is computed alone (docs/architecture.md, "Parallel
// verification").
#include "runtime/eval/reduced/abstract_eval.h"
#include "runtime/eval/reduced/bindings.h"
#include "runtime/eval/reduced/bounds.h"
#include "runtime/eval/reduced/footprint.h"
#include "runtime/state/state.h"
#include "tests/unit/support/harness.h"

#include <gtest/gtest.h>

#include <map>
#include <memory>
#include <set>
#include <string>
#include <thread>
#include <vector>

namespace cutover::eval::reduced {
namespace {

using fixture::compileSource;
using sema::Value;

// Attributes that the steps write, on components declared and deployed,
// and data sets that move: the bounds differ by entity, key and `active`.
constexpr const char *kPlan = R"(
deployment d {
  front_end a { version 2010, users 30, fqdn "a.example" }
  front_end b { version 2010, users 0, fqdn "b.example" }
  front_end c { version 2013, fqdn "a.example" }
  edge e { version 2010, fqdn "e.example" }
  sql_store db { version 10.50 }
  sql_store db2 { version 11.0 }
  data h { kind archiving, held_by db }
  data g { kind monitoring, held_by db }
}
migration m of d {
  phase new { deploy front_end n { version 2013, fqdn "n.example" } }
  phase move after new { move all users from a to n }
  phase bump after move { set b { version 2013, fqdn "b2.example" } }
  phase keep { backup h to "fs" }
  phase ship after keep { migrate h to db2 }
  phase retire after move, bump { decommission a }
}
)";

constexpr unsigned kThreads = 4;

// Calls `f(t)` on kThreads threads at once.
template <typename F> void onThreads(F f) {
  std::vector<std::thread> threads;
  for (unsigned t = 0; t < kThreads; ++t) threads.emplace_back([&f, t] { f(t); });
  for (std::thread &thread : threads) thread.join();
}

std::string text(const Abs &values) {
  std::string out = values ? "=" : "*";
  if (values)
    for (const Value &v : *values) {
      out += ' ';
      serialize(v, out);
    }
  return out;
}

struct Fixture {
  std::unique_ptr<fixture::Compiled> compiled = compileSource(kPlan);
  const sema::Model &model = *compiled->model;
  Footprint footprint{model};
  state::State initial = state::State::initial(model);
  // Every (entity, key, active) asked about.
  struct Question {
    Value entity;
    sema::SymbolId key;
    bool active;
  };
  std::vector<Question> questions() const {
    std::vector<Question> out;
    for (sema::SymbolId key = 0; key < model.symbols.size(); ++key)
      for (bool active : {false, true}) {
        for (uint32_t c = 0; c < model.components.size(); ++c) out.push_back({Value::component(c), key, active});
        for (uint32_t d = 0; d < model.data.size(); ++d) out.push_back({Value::data(d), key, active});
      }
    return out;
  }
};

TEST(SharedCaches, AttributeBoundsFromManyThreadsAsComputedAlone) {
  Fixture f;
  ASSERT_EQ(f.compiled->findings(), std::vector<std::string>{});
  const auto questions = f.questions();
  // The reference: every answer from bounds that held nothing before.
  std::vector<std::string> expected;
  expected.reserve(questions.size());
  for (const auto &q : questions)
    expected.push_back(text(AttributeBounds(f.model, f.footprint, f.initial).values(q.entity, q.key, q.active)));
  const std::set<std::string> distinct(expected.begin(), expected.end());
  ASSERT_GE(distinct.size(), 8u) << "the plan must give the entities different bounds";

  const AttributeBounds shared(f.model, f.footprint, f.initial);
  std::vector<std::vector<std::string>> seen(kThreads, std::vector<std::string>(questions.size()));
  std::vector<std::vector<uint32_t>> ids(kThreads, std::vector<uint32_t>(questions.size()));
  onThreads([&](unsigned t) {
    // Each thread its own order: forwards, backwards, odd then even...
    for (size_t k = 0; k < questions.size(); ++k) {
      const size_t i = t % 2 ? questions.size() - 1 - k : (k * (2 * t + 1)) % questions.size();
      const auto &q = questions[i];
      seen[t][i] = text(shared.values(q.entity, q.key, q.active));
      ids[t][i] = shared.id(q.entity, q.key, q.active);
    }
  });
  for (unsigned t = 0; t < kThreads; ++t) {
    SCOPED_TRACE(t);
    // (k * odd) % n visits every question only when n is coprime with it: fill the rest.
    for (size_t i = 0; i < questions.size(); ++i)
      if (seen[t][i].empty()) {
        seen[t][i] = text(shared.values(questions[i].entity, questions[i].key, questions[i].active));
        ids[t][i] = shared.id(questions[i].entity, questions[i].key, questions[i].active);
      }
    EXPECT_EQ(seen[t], expected);
    EXPECT_EQ(ids[t], ids[0]) << "one id per set of values, whichever thread asks";
  }
  for (size_t i = 0; i < questions.size(); ++i)
    for (size_t j = i + 1; j < questions.size(); ++j)
      ASSERT_EQ(ids[0][i] == ids[0][j], expected[i] == expected[j]) << expected[i] << " / " << expected[j];
}

TEST(SharedCaches, CandidateIndexesFromManyThreadsAsBuiltAlone) {
  Fixture f;
  ASSERT_EQ(f.compiled->findings(), std::vector<std::string>{});
  const sema::SymbolId version = *f.model.symbols.lookup("version"), fqdn = *f.model.symbols.lookup("fqdn"),
                       users = *f.model.symbols.lookup("users"), frontEnd = *f.model.symbols.lookup("front_end");
  std::vector<policy::Binder> binders(3);
  binders[1].domain.roles = {frontEnd};
  binders[2].domain.kind = policy::Domain::Kind::Data;
  const std::vector<std::vector<sema::SymbolId>> keySets{{version}, {fqdn}, {version, fqdn}, {users, version}, {}};

  // What a partition and an index hold, as text.
  using Partition = CandidateIndexes::Partition;
  using EqIndex = CandidateIndexes::EqIndex;
  auto describe = [](const CandidateList &all, const Partition &p, const EqIndex &index) {
    std::string out;
    for (uint32_t k = 0; k < all.size(); ++k)
      out += std::to_string(all.ids[k]) + ":" + std::to_string(p.groupOf[k]) + " ";
    out += "| " + std::to_string(p.members.size()) + " groups |";
    std::map<std::string, std::vector<uint32_t>> byValue(index.byValue.begin(), index.byValue.end());
    for (const auto &[value, members] : byValue) {
      out += " " + value + ":";
      for (uint32_t k : members) out += std::to_string(k) + ",";
    }
    out += " always:";
    for (uint32_t k : index.always) out += std::to_string(k) + ",";
    return out;
  };
  struct Ask {
    size_t binder, keys;
    bool active;
  };
  std::vector<Ask> asks;
  for (size_t b = 0; b < binders.size(); ++b)
    for (size_t k = 0; k < keySets.size(); ++k)
      for (bool active : {false, true}) asks.push_back({b, k, active});
  auto answer = [&](const AbstractEvaluator &abstract, const CandidateIndexes &indexes, const Ask &a) {
    const CandidateList &all = abstract.candidateList(binders[a.binder]);
    const auto &keys = keySets[a.keys];
    return describe(all, indexes.partition(all, keys, a.active),
                    indexes.eqIndex(all, keys.empty() ? version : keys.back(), a.active));
  };
  std::vector<std::string> expected;
  expected.reserve(asks.size());
  for (const Ask &a : asks) {
    const AttributeBounds bounds(f.model, f.footprint, f.initial);
    const AbstractEvaluator abstract(f.model, f.footprint, bounds);
    const CandidateIndexes indexes(abstract);
    expected.push_back(answer(abstract, indexes, a));
  }
  const AttributeBounds bounds(f.model, f.footprint, f.initial);
  const AbstractEvaluator abstract(f.model, f.footprint, bounds);
  const CandidateIndexes indexes(abstract);
  std::vector<std::vector<std::string>> seen(kThreads, std::vector<std::string>(asks.size()));
  onThreads([&](unsigned t) {
    for (size_t k = 0; k < asks.size(); ++k) {
      const size_t i = t % 2 ? asks.size() - 1 - k : k;
      seen[t][i] = answer(abstract, indexes, asks[i]);
    }
  });
  for (unsigned t = 0; t < kThreads; ++t) EXPECT_EQ(seen[t], expected) << "thread " << t;
  // The same list and the same partition for every binder of one domain.
  policy::Binder again;
  EXPECT_EQ(&abstract.candidateList(again), &abstract.candidateList(binders[0]));
  EXPECT_EQ(&indexes.partition(abstract.candidateList(again), keySets[0], false),
            &indexes.partition(abstract.candidateList(binders[0]), keySets[0], false));
}

// truth() is truthOf(eval()) without building the values: for every node of
// the core pack's policies, with the variables unbound and with each binder
// of a policy bound to each of its candidates in turn.
TEST(AbstractEvaluation, TruthIsTheTruthOfTheValues) {
  auto compiled = compileSource(kPlan, true);
  ASSERT_EQ(compiled->findings(), std::vector<std::string>{});
  ASSERT_FALSE(compiled->policies.policies.empty());
  const sema::Model &model = *compiled->model;
  const Footprint footprint(model);
  const AttributeBounds bounds(model, footprint, state::State::initial(model));
  const AbstractEvaluator abstract(model, footprint, bounds);
  size_t decided = 0;
  for (const policy::Policy &p : compiled->policies.policies) {
    std::vector<Abs> slots(p.slotNames.size());
    auto check = [&] {
      for (policy::NodeId id = 0; id < p.nodes.size(); ++id) {
        const Truth t = abstract.truth(p, id, slots, nullptr);
        EXPECT_EQ(t, truthOf(abstract.eval(p, id, slots, nullptr))) << p.info.id << ", node " << id;
        if (t != kEither) ++decided;
      }
    };
    check();
    for (const policy::Binder &b : p.binders) {
      for (const Value &c : abstract.candidates(b, slots)) {
        slots[b.slot] = Values{c};
        check();
      }
      slots[b.slot].reset();
    }
  }
  EXPECT_GT(decided, 0u);
}

} // namespace
} // namespace cutover::eval::reduced
