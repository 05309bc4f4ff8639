#include "grammar/cut.hpp"
#include "tests/unit/support/parse_helpers.h"

#include <gtest/gtest.h>
#include <llvm/Support/MemoryBuffer.h>
#include <tao/pegtl/contrib/analyze.hpp>

namespace cutover::parse {
namespace {

using fixture::parseText;
using fixture::pilotPlan;
using K = ast::Expr::Kind;

TEST(Grammar, HasNoLeftRecursionOrEmptyLoops) { EXPECT_EQ(tao::pegtl::analyze<grammar::file>(), 0u); }

TEST(Parser, PilotPlanTree) {
  auto p = parseText(pilotPlan());
  ASSERT_TRUE(p->file) << p->error();
  const auto &items = p->file->items;
  ASSERT_EQ(items.size(), 3u);

  const auto &use = std::get<ast::Use>(items[0]);
  ASSERT_TRUE(use.pack);
  EXPECT_EQ(use.pack->name, "lync2013");

  const auto &dep = std::get<ast::Deployment>(items[1]);
  EXPECT_EQ(dep.name.name, "contoso");
  ASSERT_EQ(dep.items.size(), 4u);
  const auto &critical = std::get<ast::Critical>(dep.items[0]);
  ASSERT_EQ(critical.services.size(), 2u);
  EXPECT_EQ(critical.services[1].name, "monitoring");
  const auto &site = std::get<ast::Site>(dep.items[1]);
  EXPECT_EQ(site.name.name, "redmond");
  ASSERT_EQ(site.items.size(), 6u);
  const auto &fe = std::get<ast::Component>(site.items[0]);
  EXPECT_EQ(fe.role.name, "front_end");
  EXPECT_EQ(fe.name.name, "fe2010");
  ASSERT_TRUE(fe.attrs.present);
  ASSERT_EQ(fe.attrs.attrs.size(), 2u);
  EXPECT_EQ(fe.attrs.attrs[1].key.name, "users");
  EXPECT_EQ(fe.attrs.attrs[1].value.kind, ast::Value::Kind::Int);
  EXPECT_EQ(fe.attrs.attrs[1].value.text, "4200");
  const auto &arch = std::get<ast::Component>(site.items[4]);
  EXPECT_EQ(arch.attrs.attrs[1].value.kind, ast::Value::Kind::Ident);
  EXPECT_EQ(arch.attrs.attrs[1].value.text, "fe2010");
  const auto &data = std::get<ast::DataDecl>(dep.items[2]);
  EXPECT_EQ(data.name.name, "arch_history");
  EXPECT_EQ(data.attrs.attrs[0].key.name, "kind");

  const auto &mig = std::get<ast::Migration>(items[2]);
  EXPECT_EQ(mig.name.name, "to2013");
  ASSERT_TRUE(mig.of);
  EXPECT_EQ(mig.of->name, "contoso");
  ASSERT_EQ(mig.phases.size(), 5u);
  const auto &pilot = mig.phases[0];
  ASSERT_TRUE(pilot.title);
  EXPECT_EQ(pilot.title->value, "Deploy the Lync Server 2013 pilot pool");
  ASSERT_EQ(pilot.steps.size(), 4u);
  EXPECT_EQ(pilot.steps[0].verb, ast::Verb::Deploy);
  EXPECT_EQ(pilot.steps[0].role.name, "sql_store");
  EXPECT_EQ(pilot.steps[0].subjects[0].name, "arch13db");
  EXPECT_EQ(pilot.steps[0].attrs.attrs[0].value.text, "2012");
  EXPECT_EQ(pilot.steps[2].verb, ast::Verb::Enable);
  EXPECT_EQ(pilot.steps[2].service.name, "archiving");
  EXPECT_EQ(pilot.steps[2].subjects[0].name, "pilot2013");
  EXPECT_EQ(mig.phases[1].after[0].name, "pilot");
  const auto &move = mig.phases[1].steps[0];
  EXPECT_EQ(move.verb, ast::Verb::Move);
  EXPECT_FALSE(move.moveAll);
  EXPECT_EQ(move.count.text, "50");
  EXPECT_EQ(move.subjects[0].name, "fe2010");
  EXPECT_EQ(move.target.name, "pilot2013");
  EXPECT_TRUE(mig.phases[2].steps[0].moveAll);
  const auto &backup = mig.phases[3].steps[0];
  EXPECT_EQ(backup.verb, ast::Verb::Backup);
  EXPECT_EQ(backup.text.value, R"(\\fs01\lync2010\archiving)");
  const auto &retire = mig.phases[4].steps[0];
  EXPECT_EQ(retire.verb, ast::Verb::Decommission);
  ASSERT_EQ(retire.subjects.size(), 6u);
  EXPECT_EQ(retire.subjects[2].name, "archdb");

  // Ranges map to where the text is.
  EXPECT_EQ(p->lineCol(retire.subjects[2].range.Start), std::make_pair(36u, 37u));
  EXPECT_EQ(p->text(retire.subjects[2].range), "archdb");
  EXPECT_EQ(p->lineCol(retire.range.Start), std::make_pair(36u, 5u));
  EXPECT_EQ(p->text(retire.range), "decommission arch2010, mon2010, archdb, mondb, fe2010, edge2010");
  EXPECT_EQ(p->lineCol(mig.phases[4].range.Start), std::make_pair(35u, 3u));
  EXPECT_EQ(p->text(fe.attrs.range), "{ version 2010, users 4200 }");
  EXPECT_EQ(p->text(backup.text.range), R"("\\\\fs01\\lync2010\\archiving")");

  ASSERT_EQ(p->file->comments.size(), 2u);
  EXPECT_EQ(p->file->comments[0].text, "# built-in policy pack (also pulls in `core`)");
  EXPECT_EQ(p->lineCol(p->file->comments[1].range.Start), std::make_pair(4u, 36u));
}

TEST(Parser, AllStepForms) {
  auto p = parseText(R"(migration m {
    phase a after x, y "t" {
      deploy front_end n { version 2013 }
      decommission a, b
      move 5 users from a to b
      move all users from a to b
      enable archiving on n { store db }
      disable monitoring on n
      set n { users 3, tags [a, b], ok true, v 4.0.7577.0, s "x" }
      backup d to "loc"
      migrate d to n
      confirm vendor_integration "checked with the vendor"
    }
  })");
  ASSERT_TRUE(p->file) << p->error();
  const auto &phase = std::get<ast::Migration>(p->file->items[0]).phases[0];
  ASSERT_EQ(phase.after.size(), 2u);
  ASSERT_EQ(phase.steps.size(), 10u);
  const auto &set = phase.steps[6];
  EXPECT_EQ(set.verb, ast::Verb::Set);
  ASSERT_EQ(set.attrs.attrs.size(), 5u);
  EXPECT_EQ(set.attrs.attrs[1].value.kind, ast::Value::Kind::List);
  EXPECT_EQ(set.attrs.attrs[1].value.items.size(), 2u);
  EXPECT_TRUE(set.attrs.attrs[2].value.boolean);
  EXPECT_EQ(set.attrs.attrs[3].value.kind, ast::Value::Kind::Version);
  EXPECT_EQ(set.attrs.attrs[3].value.text, "4.0.7577.0");
  EXPECT_EQ(set.attrs.attrs[4].value.kind, ast::Value::Kind::String);
  EXPECT_EQ(phase.steps[5].verb, ast::Verb::Disable);
  EXPECT_FALSE(phase.steps[5].attrs.present);
  EXPECT_EQ(phase.steps[8].verb, ast::Verb::Migrate);
  EXPECT_EQ(phase.steps[8].target.name, "n");
  EXPECT_EQ(phase.steps[9].verb, ast::Verb::Confirm);
  EXPECT_EQ(phase.steps[9].text.value, "checked with the vendor");
}

// Lists are collected on scratch vectors handed out whole when they are as full as the list (like
// sites, like servers): lists of every other size after them keep exactly their own items.
TEST(Parser, ListsOfChangingSizesKeepTheirItems) {
  auto p = parseText(R"(deployment d {
  site a { x a1 { k1 1, k2 2 }  x a2 { k1 1, k2 2 }  x a3 { k1 1 }  x a4 { k1 1, k2 2, k3 3 }  x a5 { }  x a6 }
  site b { x b1 { k1 1, k2 2 } }
  site c { }
  site e { x e1 { k1 1 }  x e2 { k1 1 }  x e3 { k1 1 } }
}
migration m {
  phase p {
    decommission a1, a2, a3
    decommission a4
    decommission b1, e1, e2, e3, a5
  }
}
)");
  ASSERT_TRUE(p->file) << p->error();
  const auto &dep = std::get<ast::Deployment>(p->file->items[0]);
  std::vector<std::vector<std::string>> sites;
  for (const auto &item : dep.items) {
    std::vector<std::string> &site = sites.emplace_back();
    for (const auto &inner : std::get<ast::Site>(item).items) {
      const auto &c = std::get<ast::Component>(inner);
      std::string keys = c.name.name + ":";
      for (const ast::Attr &attr : c.attrs.attrs) keys += attr.key.name + "=" + attr.value.text + ",";
      site.push_back(keys);
    }
  }
  EXPECT_EQ(sites, (std::vector<std::vector<std::string>>{
                       {"a1:k1=1,k2=2,", "a2:k1=1,k2=2,", "a3:k1=1,", "a4:k1=1,k2=2,k3=3,", "a5:", "a6:"},
                       {"b1:k1=1,k2=2,"},
                       {},
                       {"e1:k1=1,", "e2:k1=1,", "e3:k1=1,"},
                   }));
  std::vector<std::vector<std::string>> steps;
  for (const ast::Step &step : std::get<ast::Migration>(p->file->items[1]).phases[0].steps) {
    std::vector<std::string> &names = steps.emplace_back();
    for (const ast::Ident &subject : step.subjects) names.push_back(subject.name);
  }
  EXPECT_EQ(steps, (std::vector<std::vector<std::string>>{{"a1", "a2", "a3"}, {"a4"}, {"b1", "e1", "e2", "e3", "a5"}}));
}

TEST(Parser, VocabularyUseWaive) {
  auto p = parseText(R"(use "other.cut"
vocabulary lync {
  roles front_end, edge
  data archiving
  symbols enterprise
}
waive LYNC-ARC-001 for pool-01, edge "vendor says so"
waive CORE-REF-001 until "2027-01-31" "temporary")");
  ASSERT_TRUE(p->file) << p->error();
  EXPECT_EQ(std::get<ast::Use>(p->file->items[0]).path->value, "other.cut");
  const auto &vocab = std::get<ast::Vocabulary>(p->file->items[1]);
  ASSERT_EQ(vocab.lines.size(), 3u);
  EXPECT_EQ(vocab.lines[1].category.name, "data");
  EXPECT_EQ(vocab.lines[0].names[1].name, "edge");
  const auto &waive = std::get<ast::Waive>(p->file->items[2]);
  EXPECT_EQ(waive.policy.name, "LYNC-ARC-001");
  ASSERT_EQ(waive.entities.size(), 2u);
  EXPECT_EQ(waive.entities[0].name, "pool-01");
  EXPECT_FALSE(waive.until);
  EXPECT_EQ(waive.reason.value, "vendor says so");
  const auto &expiring = std::get<ast::Waive>(p->file->items[3]);
  ASSERT_TRUE(expiring.until);
  EXPECT_EQ(expiring.until->value, "2027-01-31");
}

// Parses `require <expr>` in a policy and returns the expression.
const ast::Expr &requireExpr(const fixture::Parsed &p) {
  const auto &policy = std::get<ast::Policy>(p.file->items[0]);
  return *policy.clauses.back().expr;
}

std::unique_ptr<fixture::Parsed> parseRequire(const std::string &expr) {
  return parseText("policy P error \"t\" { require " + expr + " }");
}

TEST(Parser, PolicyClauses) {
  auto p = parseText(R"(policy CORE-DATA-001 error "data is kept" {
  on decommission c
  for d: data where d.held_by == c
  when critical(archiving)
  require d.backed_up or d.migrated_to != none
  message "{c} holds {d}"
  hint "back it up"
  source "fact 1"
})");
  ASSERT_TRUE(p->file) << p->error();
  const auto &policy = std::get<ast::Policy>(p->file->items[0]);
  EXPECT_EQ(policy.id.name, "CORE-DATA-001");
  EXPECT_EQ(policy.severity, ast::PolicySeverity::Error);
  EXPECT_EQ(policy.title.value, "data is kept");
  ASSERT_EQ(policy.clauses.size(), 7u);
  const auto &on = policy.clauses[0];
  EXPECT_EQ(on.kind, ast::Clause::Kind::On);
  EXPECT_EQ(on.verb.name, "decommission");
  EXPECT_EQ(on.var.name, "c");
  EXPECT_FALSE(on.expr);
  const auto &forClause = policy.clauses[1];
  EXPECT_EQ(forClause.kind, ast::Clause::Kind::For);
  ASSERT_EQ(forClause.binders.size(), 1u);
  EXPECT_EQ(forClause.binders[0].kinds[0].name, "data");
  ASSERT_TRUE(forClause.expr);
  EXPECT_EQ(forClause.expr->kind, K::Cmp);
  EXPECT_EQ(policy.clauses[2].expr->kind, K::Call);
  EXPECT_EQ(policy.clauses[2].expr->callee.name, "critical");
  const auto &require = *policy.clauses[3].expr;
  EXPECT_EQ(require.kind, K::Or);
  EXPECT_EQ(require.args[1]->op, ast::CmpOp::Ne);
  EXPECT_EQ(require.args[1]->args[1]->literal.kind, ast::Value::Kind::None);
  EXPECT_EQ(policy.clauses[4].text.value, "{c} holds {d}");
  EXPECT_EQ(policy.clauses[6].kind, ast::Clause::Kind::Source);
}

TEST(Parser, Precedence) {
  // or < and < not < cmp
  auto p = parseRequire("not a == 1 or b and c in [1, 2]");
  ASSERT_TRUE(p->file) << p->error();
  const ast::Expr &e = requireExpr(*p);
  ASSERT_EQ(e.kind, K::Or);
  ASSERT_EQ(e.args.size(), 2u);
  EXPECT_EQ(e.args[0]->kind, K::Not);
  EXPECT_EQ(e.args[0]->args[0]->kind, K::Cmp);
  EXPECT_EQ(e.args[1]->kind, K::And);
  EXPECT_EQ(e.args[1]->args[1]->kind, K::Cmp);
  EXPECT_EQ(e.args[1]->args[1]->op, ast::CmpOp::In);
  EXPECT_EQ(e.args[1]->args[1]->args[1]->kind, K::List);
  EXPECT_EQ(p->text(e.range), "not a == 1 or b and c in [1, 2]");
}

TEST(Parser, AndOrAreFlattened) {
  auto p = parseRequire("a and b and c or d or e");
  ASSERT_TRUE(p->file) << p->error();
  const ast::Expr &e = requireExpr(*p);
  ASSERT_EQ(e.kind, K::Or);
  ASSERT_EQ(e.args.size(), 3u);
  EXPECT_EQ(e.args[0]->args.size(), 3u);
}

TEST(Parser, WhereExtendsAsFarRightAsPossible) {
  auto p = parseRequire("exists s: archiving_server | monitoring_server, q: front_end where p in s.serves or x");
  ASSERT_TRUE(p->file) << p->error();
  const ast::Expr &e = requireExpr(*p);
  ASSERT_EQ(e.kind, K::Exists);
  ASSERT_EQ(e.binders.size(), 2u);
  EXPECT_EQ(e.binders[0].kinds.size(), 2u);
  ASSERT_TRUE(e.where);
  EXPECT_EQ(e.where->kind, K::Or);

  auto paren = parseRequire("(exists s: archiving_server where p in s.serves) or x");
  ASSERT_TRUE(paren->file) << paren->error();
  const ast::Expr &o = requireExpr(*paren);
  ASSERT_EQ(o.kind, K::Or);
  EXPECT_EQ(o.args[0]->kind, K::Paren);
  EXPECT_EQ(o.args[0]->args[0]->kind, K::Exists);
}

TEST(Parser, QuantifiersCountCallsPaths) {
  auto p = parseRequire("count(u: front_end where u.users > 0) <= len([a, b]) and no d: data and step.count >= 2013.0");
  ASSERT_TRUE(p->file) << p->error();
  const ast::Expr &e = requireExpr(*p);
  ASSERT_EQ(e.kind, K::And);
  // Without `where`, `no` ends after its binders and `and` goes on.
  ASSERT_EQ(e.args.size(), 3u);
  EXPECT_EQ(e.args[1]->kind, K::No);
  const ast::Expr &cmp = *e.args[0];
  EXPECT_EQ(cmp.op, ast::CmpOp::Le);
  EXPECT_EQ(cmp.args[0]->kind, K::Count);
  EXPECT_EQ(cmp.args[0]->where->kind, K::Cmp);
  EXPECT_EQ(cmp.args[1]->kind, K::Call);
  EXPECT_EQ(cmp.args[1]->args[0]->kind, K::List);
}

TEST(Parser, PathsAfterDotTakeAnyWord) {
  auto p = parseRequire("step.count == p.in and s.not.exists == none");
  ASSERT_TRUE(p->file) << p->error();
  const ast::Expr &e = requireExpr(*p);
  const ast::Expr &lhs = *e.args[0]->args[0];
  ASSERT_EQ(lhs.kind, K::Path);
  ASSERT_EQ(lhs.path.size(), 2u);
  EXPECT_EQ(lhs.path[1].name, "count");
  EXPECT_EQ(e.args[1]->args[0]->path[2].name, "exists");
}

TEST(Parser, CallArgumentCanEndBinders) {
  auto p = parseRequire("f(exists a: x, b)");
  ASSERT_TRUE(p->file) << p->error();
  const ast::Expr &e = requireExpr(*p);
  ASSERT_EQ(e.kind, K::Call);
  ASSERT_EQ(e.args.size(), 2u);
  EXPECT_EQ(e.args[0]->binders.size(), 1u);
}

// The builder keeps nothing of a binder without ':' or a callee without '(',
// and ranges stop at the last token, not at what such an attempt consumed.
TEST(Parser, BacktrackedAttemptsLeaveNoTrace) {
  auto p = parseRequire("f(exists a: x # one\n , b # two\n ) and g (y) and h # three\n .i");
  ASSERT_TRUE(p->file) << p->error();
  const ast::Expr &e = requireExpr(*p);
  ASSERT_EQ(e.kind, K::And);
  ASSERT_EQ(e.args.size(), 3u);
  const ast::Expr &f = *e.args[0];
  ASSERT_EQ(f.kind, K::Call);
  EXPECT_EQ(f.callee.name, "f");
  ASSERT_EQ(f.args.size(), 2u);
  const ast::Expr &exists = *f.args[0];
  ASSERT_EQ(exists.binders.size(), 1u);
  EXPECT_EQ(p->text(exists.range), "exists a: x");
  EXPECT_EQ(p->text(exists.binders[0].range), "a: x");
  EXPECT_EQ(exists.where, nullptr);
  ASSERT_EQ(f.args[1]->kind, K::Path);
  EXPECT_EQ(f.args[1]->path[0].name, "b");
  EXPECT_EQ(e.args[1]->kind, K::Call);
  EXPECT_EQ(e.args[1]->callee.name, "g");
  const ast::Expr &h = *e.args[2];
  ASSERT_EQ(h.kind, K::Path);
  ASSERT_EQ(h.path.size(), 2u);
  EXPECT_EQ(p->text(h.range), "h # three\n .i");
  ASSERT_EQ(p->file->comments.size(), 3u);
  EXPECT_EQ(p->file->comments[1].text, "# two");
}

// A move count too large for the AST is reported only when the file parses.
TEST(Parser, SyntaxErrorComesBeforeNumberTooLarge) {
  auto p = parseText("migration m { phase a { move 99999999999999999999 users from a to b } }\npolicy (");
  EXPECT_FALSE(p->file);
  EXPECT_EQ(p->error(), "2:8: E-SYNTAX: expected a policy ID");
  auto twice = parseText("migration m { phase a { move 99999999999999999999 users from a to b\n"
                         "move 88888888888888888888 users from a to b } }");
  EXPECT_EQ(twice->error(), "1:30: E-SYNTAX: number too large");
  EXPECT_EQ(twice->diags.findings().size(), 1u);
}

TEST(Parser, KeywordsOnlyWhereExpected) {
  auto p = parseText(R"(deployment d {
  front_end site { users 1 }
  front_end data
  data-center dc1
  site s { edge policy }
  data data { kind k, held_by data }
})");
  ASSERT_TRUE(p->file) << p->error();
  const auto &dep = std::get<ast::Deployment>(p->file->items[0]);
  ASSERT_EQ(dep.items.size(), 5u);
  EXPECT_EQ(std::get<ast::Component>(dep.items[0]).name.name, "site");
  EXPECT_EQ(std::get<ast::Component>(dep.items[1]).name.name, "data");
  EXPECT_EQ(std::get<ast::Component>(dep.items[2]).role.name, "data-center");
  EXPECT_EQ(std::get<ast::DataDecl>(dep.items[4]).name.name, "data");
}

TEST(Parser, StringsAndComments) {
  auto p = parseText("# head\nuse \"a # not a comment \\\" \\t\\n\" # tail\r\n# last");
  ASSERT_TRUE(p->file) << p->error();
  EXPECT_EQ(std::get<ast::Use>(p->file->items[0]).path->value, "a # not a comment \" \t\n");
  ASSERT_EQ(p->file->comments.size(), 3u);
  EXPECT_EQ(p->file->comments[1].text, "# tail");
  EXPECT_EQ(p->file->comments[2].text, "# last");
}

TEST(Parser, EmptyAndCommentOnlyFilesAreEmptyPrograms) {
  for (const char *text : {"", "   \n\t", "# only a comment", "\xEF\xBB\xBF# BOM first\n"}) {
    auto p = parseText(text);
    ASSERT_TRUE(p->file) << p->error();
    EXPECT_TRUE(p->file->items.empty());
  }
}

struct ErrorCase {
  const char *input;
  const char *expected; // "line:col: ID: message"
  const char *token;    // the text the finding's range covers
};

class ParserErrors : public ::testing::TestWithParam<ErrorCase> {};

TEST_P(ParserErrors, OneFindingAtTheExactPosition) {
  const ErrorCase &c = GetParam();
  auto p = parseText(c.input);
  EXPECT_FALSE(p->file);
  ASSERT_EQ(p->diags.findings().size(), 1u);
  EXPECT_EQ(p->error(), c.expected);
  EXPECT_EQ(p->text(p->diags.findings()[0].range), c.token);
}

INSTANTIATE_TEST_SUITE_P(
    Messages, ParserErrors,
    ::testing::Values(
        ErrorCase{"deployment d {}\nbogus x",
                  "2:1: E-SYNTAX: expected an item (use, vocabulary, deployment, "
                  "migration, policy, waive)",
                  "bogus"},
        ErrorCase{"migration m {\n  phase a {\n    deploy x y\n    frobnicate\n  }\n}",
                  "4:5: E-SYNTAX: expected a step (deploy, decommission, move, enable, disable, set, backup, "
                  "migrate, confirm) or '}' to close phase 'a'",
                  "frobnicate"},
        ErrorCase{"policy P error \"t\" {\n  requires x\n}",
                  "2:3: E-SYNTAX: expected a policy clause (when, for, on, require, message, hint, source) or '}'",
                  "requires"},
        ErrorCase{"use \"abc\n", "1:5: E-SYNTAX: unterminated string", "\""},
        ErrorCase{"use \"a\\qb\"", "1:7: E-SYNTAX: invalid escape sequence (expected \\\", \\\\, \\n or \\t)", "\\"},
        ErrorCase{"use \"ab\xff\"", "1:8: E-SYNTAX: invalid UTF-8 byte 0xff", "\xff"},
        ErrorCase{"use x # caf\xc3\n", "1:12: E-SYNTAX: invalid UTF-8 byte 0xc3", "\xc3"},
        ErrorCase{"deployment d { front_end fe { users } }",
                  "1:37: E-SYNTAX: expected a value (number, version, string, true, false, name or [list])", "}"},
        ErrorCase{"deployment d { front_end fe { users 1 version 2 } }",
                  "1:39: E-SYNTAX: expected ',' or '}' after an attribute", "version"},
        ErrorCase{"migration m { phase a { move 99999999999999999999 users from a to b } }",
                  "1:30: E-SYNTAX: number too large", "99999999999999999999"},
        ErrorCase{"migration m { phase a { move some users from a to b } }",
                  "1:30: E-SYNTAX: expected a number of users or 'all'", "some"},
        ErrorCase{"policy P error \"t\" { require a == }", "1:35: E-SYNTAX: expected an expression", "}"},
        ErrorCase{"policy P error \"t\" { require (a }", "1:33: E-SYNTAX: expected ')'", "}"},
        ErrorCase{"policy P fatal \"t\" {}", "1:10: E-SYNTAX: expected a severity (error, warning, info)", "fatal"},
        ErrorCase{"waive P for a", "1:14: E-SYNTAX: expected the waiver's reason (a string)", ""}));

TEST(Parser, NulByteIsReportedAtItsByte) {
  auto p = parseText(std::string_view("use \"a\0b\"", 9));
  EXPECT_FALSE(p->file);
  EXPECT_EQ(p->error(), "1:7: E-SYNTAX: unexpected NUL byte");
  auto top = parseText(std::string_view("use x\n\0", 7));
  EXPECT_EQ(top->error(), "2:1: E-SYNTAX: unexpected NUL byte");
}

TEST(Parser, NestingLimit) {
  auto atLimit = parseRequire(std::string(kMaxNestingDepth, '(') + "a" + std::string(kMaxNestingDepth, ')'));
  EXPECT_TRUE(atLimit->file) << atLimit->error();

  auto over = parseRequire(std::string(kMaxNestingDepth + 1, '(') + "a" + std::string(kMaxNestingDepth + 1, ')'));
  EXPECT_FALSE(over->file);
  EXPECT_EQ(over->error(), "1:286: E-LIMIT: expression nested deeper than 256 levels");

  // Deep enough to overflow the stack if the parser recursed all the way.
  auto huge = parseRequire(std::string(100000, '('));
  EXPECT_FALSE(huge->file);
  EXPECT_EQ(huge->diags.count(diag::Kind::Limit), 1u);

  std::string nots;
  for (int i = 0; i < 100000; ++i) nots += "not  ";
  auto notChain = parseRequire(nots + "a");
  EXPECT_EQ(notChain->error(), "1:1310: E-LIMIT: expression nested deeper than 256 levels");
  EXPECT_EQ(notChain->text(notChain->diags.findings()[0].range), "not");
  EXPECT_EQ(parseText("deployment d { x y { a " + std::string(100000, '[') + " } }")->diags.count(diag::Kind::Limit),
            1u);
}

} // namespace
} // namespace cutover::parse
