// Resolution on two threads (the plan beside the deployment) builds the same model and the same
// findings, in the same order, as one thread: every id, every symbol, every message.
#include "compiler/parse/parser.h"
#include "compiler/sema/analyze.h"
#include "compiler/sema/dump.h"

#include <gtest/gtest.h>
#include <llvm/Support/MemoryBuffer.h>

#include <fmt/format.h>

#include <limits>

namespace {

using namespace cutover;

// The symbol table in id order, the model's dump and every finding with its notes, hints and fix-its:
// with the same symbol table, the names the dump prints stand for the same ids.
std::string analyzed(const std::string &text, unsigned jobs) {
  llvm::SourceMgr sm;
  diag::Diagnostics diags;
  unsigned buffer = sm.AddNewSourceBuffer(llvm::MemoryBuffer::getMemBufferCopy(text, "plan.cut"), llvm::SMLoc());
  std::unique_ptr<ast::File> file = parse::parseBuffer(sm, buffer, diags);
  if (!file || !diags.findings().empty()) {
    ADD_FAILURE() << "the plan must parse: " << (diags.findings().empty() ? "" : diags.findings().front().message);
    return "";
  }
  sema::AnalyzeOptions options;
  options.jobs = jobs;
  options.concurrentFrom = 0;
  std::unique_ptr<sema::Model> model = sema::analyzeFiles({file.get()}, diags, options);

  std::string out;
  llvm::raw_string_ostream os(out);
  for (sema::SymbolId id = 0; id < model->symbols.size(); ++id)
    os << "symbol #" << id << " " << model->symbols.name(id) << "\n";
  sema::dumpModel(*model, sm, buffer, os);
  auto at = [&](llvm::SMRange range) { return sema::positionText(sm, buffer, range.Start); };
  for (const diag::Finding &f : diags.findings()) {
    os << at(f.range) << " " << f.id << " " << diag::severityName(f.severity) << ": " << f.message << "\n";
    for (const diag::Note &n : f.notes) os << "  note " << at(n.range) << " " << n.message << "\n";
    for (const std::string &h : f.hints) os << "  hint " << h << "\n";
    for (const diag::FixIt &x : f.fixits) os << "  fix-it " << at(x.range) << " " << x.replacement << "\n";
  }
  return out;
}

struct Shape {
  int sites = 20;
  bool mistakes = false;
  // Far more names that name nothing than the "did you mean" budget allows for: where the serial run
  // stops suggesting is only known once the deployment is resolved.
  int unknownPerSite = 0;
};

// A deployment of `sites` sites and one phase per site. Attribute keys the deployment and the plan
// both introduce (`owner`, `ticket`, `archiving_store`) give the plan's new symbols ids after the
// deployment's. With `mistakes`, every few sites carry an error of each kind resolution reports.
std::string plan(const Shape &shape) {
  std::string t = R"(vocabulary v {
  roles front_end, sql_store, archiving_server
  services archiving, monitoring
  data archiving
  tags checked
}
deployment d {
  critical archiving, monitoring
)";
  auto mistake = [&](int s) { return shape.mistakes && s % 5 == 2; };
  for (int s = 0; s < shape.sites; ++s) {
    t += fmt::format("  site s{0} {{\n"
                     "    front_end fe{0} {{ version 2010, users 100, owner \"team {0}\" }}\n"
                     "    sql_store db{0} {{ version 2008.1 }}\n"
                     "    archiving_server ar{0} {{ version 2010, serves fe{0}, store db{0}, region s{0} }}\n"
                     "    data hist{0} {{ kind archiving, held_by db{0} }}\n",
                     s);
    if (mistake(s))
      t += fmt::format("    front_edn bad{0} {{ serves fe_{0}x, version \"new\", users 99999999999999999999 }}\n"
                       "    sql_store fe{0} {{ version 1.99999999999999999999 }}\n"
                       "    sql_store twice{0} {{ owner \"a\", owner \"b\", site nowhere, colour blue{0} }}\n"
                       "    data loose{0} {{ held_by db{0} }}\n",
                       s);
    // The plan's `users 1000` (on each site with mistakes) overflows the total at its second.
    if (shape.mistakes && s == 3)
      t += fmt::format("    front_end big {{ users {} }}\n",
                       std::numeric_limits<int64_t>::max() - 100 * shape.sites - 1500);
    for (int u = 0; u < shape.unknownPerSite; ++u)
      t += fmt::format("    sql_store far_component_{0}_{1} {{ store far_componnt_{0}_{1}x }}\n", s, u);
    t += "  }\n";
  }
  t += "}\nmigration m of d {\n";
  for (int s = 0; s < shape.sites; ++s) {
    t += fmt::format("  phase p{0}{1} {{\n"
                     "    deploy front_end new{0} {{ version 2013.0.1, site s{0}, ticket {0}, owner \"team {0}\" }}\n"
                     "    enable archiving on new{0} {{ store db{0} }}\n"
                     "    move 10 users from fe{0} to new{0}\n"
                     "    set ar{0} {{ serves new{0}, ticket 1 }}\n"
                     "    migrate hist{0} to new{0}\n"
                     "    confirm checked \"ok\"\n"
                     "    decommission fe{0}, ar{0}\n",
                     s, s > 0 ? fmt::format(" after p{}", s - 1) : "");
    if (mistake(s))
      t += fmt::format("    deploy frnt_end newer{0} {{ version \"x\", users 1000, label lbl{0} }}\n"
                       "    move 5 users from fe_{0} to nowhere{0}\n"
                       "    migrate db{0} to hist{0}\n"
                       "    backup nothing{0} to \"x\"\n"
                       "    enable monitoring on new{0} {{ store db_{0}, level 99999999999999999999 }}\n"
                       "    set new{0} {{ ticket 1, ticket 2, serves fe_{0} }}\n"
                       "  }}\n"
                       "  phase p{0} after p_{0}, p{0} {{\n"
                       "    confirm unchecked{0} \"?\"\n",
                       s);
    for (int u = 0; u < shape.unknownPerSite; ++u) t += fmt::format("    decommission far_componnt_{0}_{1}y\n", s, u);
    t += "  }\n";
  }
  // A key the plan interns first, the only new symbol of its phase.
  t += fmt::format("  phase last after p{} {{\n    set db0 {{ fresh_key 1 }}\n  }}\n}}\n", shape.sites - 1);
  if (shape.mistakes)
    t += "waive LYNC-ARC-005 for fe0, new1, checked, unchecked2, nothing3 until \"2028-02-30\" \"x\"\n";
  return t;
}

TEST(SemaConcurrent, CleanPlanIsTheSameOnTwoThreads) {
  std::string text = plan({});
  std::string serial = analyzed(text, 1);
  EXPECT_EQ(serial.find("error"), std::string::npos) << serial;
  EXPECT_NE(serial.find("attr ticket"), std::string::npos); // the plan's own keys resolved
  EXPECT_EQ(analyzed(text, 2), serial);
}

TEST(SemaConcurrent, MistakesInTheDeploymentAndThePlanAreTheSameOnTwoThreads) {
  std::string text = plan({.sites = 20, .mistakes = true});
  std::string serial = analyzed(text, 1);
  // Each kind of finding occurs, in the deployment and in the plan.
  for (const char *expected :
       {"E-UNKNOWN", "E-DUP", "E-TYPE", "E-VOCAB", "did you mean", "too large", "given twice", "228:43 E-LIMIT"})
    EXPECT_NE(serial.find(expected), std::string::npos) << expected << "\n" << serial;
  EXPECT_EQ(analyzed(text, 2), serial);
}

TEST(SemaConcurrent, SuggestionsPastTheBudgetAreTheSameOnTwoThreads) {
  // Some 30 million cells of edit distance in each part: the serial run stops suggesting in the plan.
  std::string text = plan({.sites = 60, .mistakes = true, .unknownPerSite = 5});
  std::string serial = analyzed(text, 1);
  EXPECT_NE(serial.find("'far_componnt_59_4x'; did you mean"), std::string::npos);
  EXPECT_NE(serial.find("'far_componnt_0_0y'; did you mean"), std::string::npos);
  EXPECT_NE(serial.find("'far_componnt_59_4y'\n"), std::string::npos) << "the budget must run out in the plan";
  EXPECT_EQ(analyzed(text, 2), serial);
}

} // namespace
