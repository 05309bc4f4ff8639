#include "runtime/report/report.h"

#include <llvm/ADT/StringMap.h>

namespace cutover::report {
namespace {

llvm::StringRef sarifLevel(diag::Severity s) {
  switch (s) {
  case diag::Severity::Error: return "error";
  case diag::Severity::Warning: return "warning";
  case diag::Severity::Info:
  case diag::Severity::Note: return "note";
  }
  return "error";
}

llvm::json::Object physicalLocation(const Position &p) {
  llvm::json::Object region{{"startLine", p.line}, {"startColumn", p.column}};
  if (p.endLine) {
    region["endLine"] = p.endLine;
    region["endColumn"] = std::max(p.endColumn, p.endLine == p.line ? p.column : 1u);
  }
  return llvm::json::Object{
      {"artifactLocation", llvm::json::Object{{"uri", p.file}}},
      {"region", std::move(region)},
  };
}

llvm::json::Object ruleObject(const RuleInfo &r) {
  llvm::json::Object rule{
      {"id", validUtf8(r.id)},
      {"shortDescription", llvm::json::Object{{"text", validUtf8(r.title.empty() ? r.id : r.title)}}},
      {"defaultConfiguration", llvm::json::Object{{"level", sarifLevel(r.severity)}}},
  };
  std::string help = r.hint;
  if (!r.source.empty()) help += (help.empty() ? "" : "\n") + std::string("Source: ") + r.source;
  if (!help.empty()) rule["help"] = llvm::json::Object{{"text", validUtf8(help)}};
  if (!r.origin.empty()) rule["properties"] = llvm::json::Object{{"pack", validUtf8(r.origin)}};
  return rule;
}

} // namespace

void printSarif(const std::vector<FileReport> &files, const std::vector<RuleInfo> &knownRules,
                llvm::raw_ostream &os) {
  // One rule per finding ID that occurs, plus every known rule: results refer
  // to rules by index, so the order is fixed before any result is written.
  std::vector<RuleInfo> rules = knownRules;
  llvm::StringMap<size_t> ruleIndex;
  for (size_t i = 0; i < rules.size(); ++i) ruleIndex.try_emplace(rules[i].id, i);
  for (const FileReport &file : files)
    for (const diag::Finding &f : file.findings)
      if (!ruleIndex.count(f.id)) {
        RuleInfo r;
        r.id = f.id;
        r.severity = f.severity;
        if (auto kind = diag::kindById(f.id)) r.title = diag::info(*kind).title.str();
        ruleIndex[f.id] = rules.size();
        rules.push_back(std::move(r));
      }

  llvm::json::Array results;
  for (const FileReport &file : files)
    for (const diag::Finding &f : file.findings) {
      Position p = positionOf(*file.sm, f.range);
      if (p.file.empty()) p.file = validUtf8(file.path);
      llvm::json::Object result{
          {"ruleId", validUtf8(f.id)},
          {"ruleIndex", ruleIndex[f.id]},
          {"level", sarifLevel(f.severity)},
          {"message", llvm::json::Object{{"text", validUtf8(f.message)}}},
      };
      llvm::json::Object location;
      if (p.line)
        location["physicalLocation"] = physicalLocation(p);
      else
        location["physicalLocation"] =
            llvm::json::Object{{"artifactLocation", llvm::json::Object{{"uri", p.file}}}};
      result["locations"] = llvm::json::Array{std::move(location)};

      llvm::json::Array related;
      for (size_t i = 0; i < f.notes.size(); ++i) {
        Position np = positionOf(*file.sm, f.notes[i].range);
        if (!np.line) continue;
        related.push_back(llvm::json::Object{{"id", static_cast<int64_t>(i)},
                                             {"message", llvm::json::Object{{"text", validUtf8(f.notes[i].message)}}},
                                             {"physicalLocation", physicalLocation(np)}});
      }
      if (!related.empty()) result["relatedLocations"] = std::move(related);

      if (!f.trace.empty()) {
        llvm::json::Array steps;
        for (const std::string &phase : f.trace)
          steps.push_back(llvm::json::Object{
              {"location", llvm::json::Object{{"message", llvm::json::Object{{"text", validUtf8("phase " + phase)}}}}}});
        result["codeFlows"] = llvm::json::Array{llvm::json::Object{
            {"threadFlows", llvm::json::Array{llvm::json::Object{{"locations", std::move(steps)}}}}}};
      }
      if (!f.entities.empty()) {
        llvm::json::Array entities;
        for (const std::string &e : f.entities) entities.push_back(validUtf8(e));
        result["properties"] = llvm::json::Object{{"entities", std::move(entities)}};
      }
      if (f.suppressed)
        result["suppressions"] =
            llvm::json::Array{llvm::json::Object{{"kind", "inSource"}, {"justification", validUtf8(f.suppressedBy)}}};
      results.push_back(std::move(result));
    }

  llvm::json::Array ruleArray;
  for (const RuleInfo &r : rules) ruleArray.push_back(ruleObject(r));
  llvm::json::Object doc{
      {"$schema", "https://json.schemastore.org/sarif-2.1.0.json"},
      {"version", "2.1.0"},
      {"runs", llvm::json::Array{llvm::json::Object{
                   {"tool", llvm::json::Object{{"driver", llvm::json::Object{
                                                              {"name", "cutover"},
                                                              {"version", CUTOVER_VERSION},
                                                              {"rules", std::move(ruleArray)},
                                                          }}}},
                   {"results", std::move(results)},
               }}},
  };
  os << llvm::formatv("{0:2}", llvm::json::Value(std::move(doc))) << '\n';
}

} // namespace cutover::report
