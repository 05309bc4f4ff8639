#include "tests/unit/support/harness.h"

#include <gtest/gtest.h>

namespace cutover::policy {
namespace {

using fixture::compileSource;
using fixture::contains;
const std::vector<std::string> kNone;

const char *kDeployment = R"(
vocabulary v {
  roles front_end, archiving_server, sql_store
  services archiving
  tags vendor_integration
}
deployment d {
  front_end fe { version 2010, users 10 }
  sql_store db { version 2008 }
  archiving_server arch { version 2010, serves fe, store db }
  data hist { kind archiving, held_by db }
}
)";

std::vector<std::string> errorsOf(const std::string &policies) {
  return compileSource(std::string(kDeployment) + policies)->findings();
}

TEST(PolicyCompile, WellTypedPolicyHasNoFindings) {
  EXPECT_EQ(errorsOf(R"(
policy P-1 error "ok" {
  when critical(archiving) and not confirmed(vendor_integration)
  for p: front_end where p.status == active and p.users > 0
  require p.version >= 2013 or (exists s: archiving_server where p in s.serves and s.version == p.version)
  message "{p} has {p.users} users"
}
)"),
            kNone);
}

TEST(PolicyCompile, VersionComparedWithStringIsTypeError) {
  auto errors = errorsOf(R"(
policy P-1 error "t" { for p: front_end require p.version >= "2013" }
)");
  ASSERT_EQ(errors.size(), 1u) << ::testing::PrintToString(errors);
  EXPECT_TRUE(contains(errors[0], "E-TYPE 14:49 `>=` orders ints and versions only, not version and string"));
}

TEST(PolicyCompile, IllTypedExpressions) {
  auto errors = errorsOf(R"(
policy P-1 error "t" { for p: front_end require p.name < "x" }
policy P-2 error "t" { for p: front_end require not p.users }
policy P-3 error "t" { for p: front_end require p.users }
policy P-4 error "t" { for p: front_end require p == "fe" }
policy P-5 error "t" { for p: front_end require p.name.users == 1 }
policy P-6 error "t" { for p: front_end require len(p.users) == 1 }
)");
  ASSERT_EQ(errors.size(), 6u) << ::testing::PrintToString(errors);
  EXPECT_TRUE(contains(errors[0], "E-TYPE 14:49 `<` orders ints and versions only, not string and string"));
  EXPECT_TRUE(contains(errors[1], "E-TYPE 15:53 `not` needs a bool operand, but this is int"));
  EXPECT_TRUE(contains(errors[2], "E-TYPE 16:49 `require` needs a bool, but this is int"));
  EXPECT_TRUE(contains(errors[3], "E-TYPE 17:49 cannot compare component with string"));
  EXPECT_TRUE(contains(errors[4], "E-TYPE 18:56 cannot read attribute 'users' of a string"));
  EXPECT_TRUE(contains(errors[5], "E-TYPE 19:53 len() takes a list, but this is int"));
}

TEST(PolicyCompile, IntsAndVersionsCompare) {
  EXPECT_EQ(errorsOf(R"(
policy P-1 error "t" { for p: front_end require p.version == 2013.0 and p.users < 4.1 and 2 in [p.version, 3] }
)"),
            kNone);
}

TEST(PolicyCompile, MalformedPolicies) {
  auto errors = errorsOf(R"(
policy P-1 error "t" { require true require false }
policy P-2 error "t" { for p: front_end }
policy P-3 error "t" { on decommission c for d: data for e: data require true message "a" message "b" }
policy P-4 error "t" { require true hint "a" hint when true "b" message when 1 "c" }
)");
  ASSERT_EQ(errors.size(), 6u) << ::testing::PrintToString(errors);
  EXPECT_TRUE(contains(errors[0], "E-TYPE 14:37 malformed policy: P-1 has more than one `require` clause"));
  EXPECT_TRUE(contains(errors[1], "E-TYPE 15:8 malformed policy: P-2 has no `require` clause"));
  EXPECT_TRUE(contains(errors[2], "malformed policy: P-3 has more than one `for` clause"));
  EXPECT_TRUE(contains(errors[3], "malformed policy: P-3 has a `message` after one without `when`, which always "
                                  "applies; only the last `message` may omit `when`"));
  EXPECT_TRUE(contains(errors[4], "E-TYPE 17:46 malformed policy: P-4 has a `hint` after one without `when`"));
  EXPECT_TRUE(contains(errors[5], "E-TYPE 17:78 `when` of a message needs a bool, but this is int"));
}

TEST(PolicyCompile, TextVariantsAreShownInOrder) {
  auto c = compileSource(std::string(kDeployment) + R"(
policy P-1 error "t" {
  for p: front_end
  require true
  hint when p.version >= 2013
            and p.users > 0 "enable archiving on {p} {{ store db }}"
  hint "keep {p}"
}
policy P-2 error "t" { require true hint when final() "only at the end" }
)");
  ASSERT_EQ(c->findings(), kNone);
  const PolicyInfo &one = c->policies.policies[0].info;
  ASSERT_EQ(one.hints.size(), 2u);
  EXPECT_EQ(one.hints[0].condition, "p.version >= 2013 and p.users > 0");
  EXPECT_EQ(one.hints[1].condition, "");
  EXPECT_EQ(one.hint, "when p.version >= 2013 and p.users > 0: enable archiving on {p} {{ store db }} | otherwise: "
                      "keep {p}");
  EXPECT_EQ(c->policies.policies[1].info.hint, "when final(): only at the end");
  const std::vector<Template> &hints = c->policies.policies[0].hints;
  ASSERT_EQ(hints.size(), 2u);
  EXPECT_NE(hints[0].when, kNoNode);
  EXPECT_EQ(hints[1].when, kNoNode);
  // `{{` and `}}` are literal braces: the text around `{p}` stays one part each.
  ASSERT_EQ(hints[0].parts.size(), 3u);
  EXPECT_EQ(hints[0].parts[0].text, "enable archiving on ");
  EXPECT_EQ(hints[0].parts[2].text, " { store db }");
}

TEST(PolicyCompile, PinnedTakesADataKindAndReadsTheVocabularies) {
  auto c = compileSource(std::string(kDeployment) + R"(
vocabulary kinds { data archiving, chat  pinned archiving }
policy P-1 error "t" { for d: data require pinned(d.kind) and not pinned(chat) }
policy P-2 error "t" { for d: data require pinned(d.held_by) }
policy P-3 error "t" { require pinned() }
)");
  auto errors = c->findings();
  ASSERT_EQ(errors.size(), 2u) << ::testing::PrintToString(errors);
  EXPECT_TRUE(contains(errors[0], "E-TYPE 16:51 pinned() takes a data kind, but this is component"));
  EXPECT_TRUE(contains(errors[1], "E-TYPE 17:32 pinned() takes 1 argument, but 0 were given"));
}

TEST(PolicyCompile, UnknownNamesSuggestAlternatives) {
  auto errors = errorsOf(R"(
policy P-1 error "t" { for pool: front_end require pol.users == 0 }
policy P-2 error "t" { require archx.status == active }
policy P-3 error "t" { require finale() }
policy P-5 error "t" { require len() == 0 }
)");
  ASSERT_EQ(errors.size(), 4u) << ::testing::PrintToString(errors);
  EXPECT_TRUE(contains(errors[0], "E-UNKNOWN 14:52 unknown name 'pol'; did you mean 'pool'?"));
  EXPECT_TRUE(contains(errors[1], "E-UNKNOWN 15:32 unknown name 'archx'; did you mean 'arch'?"));
  EXPECT_TRUE(contains(errors[2], "E-UNKNOWN 16:32 unknown function 'finale'; did you mean 'final'?"));
  EXPECT_TRUE(contains(errors[3], "E-TYPE 17:32 len() takes 1 argument, but 0 were given"));
}

TEST(PolicyCompile, VocabularyChecksRolesServicesAndTags) {
  auto errors = errorsOf(R"(
policy P-1 error "t" { for p: front_nd require true }
policy P-2 error "t" { when critical(archivng) require true }
policy P-3 error "t" { when confirmed(vendor) require true }
)");
  ASSERT_EQ(errors.size(), 3u) << ::testing::PrintToString(errors);
  EXPECT_TRUE(contains(errors[0], "E-VOCAB 14:31 unknown role 'front_nd' in binder; did you mean 'front_end'?"));
  EXPECT_TRUE(contains(errors[1], "E-VOCAB 15:38 unknown service 'archivng'; did you mean 'archiving'?"));
  EXPECT_TRUE(contains(errors[2], "E-VOCAB 16:39 unknown tag 'vendor'"));
}

TEST(PolicyCompile, StepOperandsDependOnTheVerb) {
  auto errors = errorsOf(R"(
policy P-1 error "t" { on move p require step.count <= p.users and step.to != p }
policy P-2 error "t" { on decommission c require step.count == 0 }
)");
  ASSERT_EQ(errors.size(), 1u) << ::testing::PrintToString(errors);
  EXPECT_TRUE(contains(errors[0], "E-TYPE 15:55 `decommission` steps have no operand 'count' (they have none)"));
}

TEST(PolicyCompile, DuplicatePolicyIdAndUnknownWaiver) {
  auto c = compileSource(std::string(kDeployment) + R"(
policy P-1 error "t" { require true }
policy P-1 error "t" { require true }
waive P-2 "r"
)");
  auto errors = c->findings();
  ASSERT_EQ(errors.size(), 2u) << ::testing::PrintToString(errors);
  EXPECT_TRUE(contains(errors[0], "E-DUP 15:8 policy P-1 is declared twice"));
  EXPECT_EQ(c->line(c->diags.findings()[0].notes.at(0).range), 14u);
  EXPECT_TRUE(contains(errors[1], "E-UNKNOWN 16:7 waiver names unknown policy 'P-2'; did you mean 'P-1'?"));
}

TEST(PolicyCompile, MessageTemplateNamesVariables) {
  auto errors = errorsOf(R"(
policy P-1 error "t" { on decommission c require true message "{c} and {x}" }
)");
  ASSERT_EQ(errors.size(), 1u) << ::testing::PrintToString(errors);
  EXPECT_TRUE(contains(errors[0], "E-UNKNOWN 14:63 '{x}' in this text is not a variable of the policy"));
}

TEST(PolicyInfoTest, CarriesWhatExplainShows) {
  auto c = compileSource(std::string(kDeployment) + R"(
policy P-1 warning "Title" { source "fact 2" hint "do it" message "m" require true }
)");
  const Policy *p = c->policies.find("P-1");
  ASSERT_NE(p, nullptr);
  EXPECT_EQ(p->info.severity, diag::Severity::Warning);
  EXPECT_EQ(p->info.title, "Title");
  EXPECT_EQ(p->info.source, "fact 2");
  EXPECT_EQ(p->info.hint, "do it");
  EXPECT_EQ(p->info.origin, "test");
}

TEST(PolicyCompile, CorePackCompilesCleanlyWithoutVocabulary) {
  auto c = compileSource("deployment d { }", /*withCore=*/true);
  EXPECT_EQ(c->findings(), kNone);
  ASSERT_EQ(c->policies.policies.size(), 3u);
  EXPECT_EQ(c->policies.policies[0].info.origin, "core");
}

} // namespace
} // namespace cutover::policy
