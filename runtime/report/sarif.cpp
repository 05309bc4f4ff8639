#include "runtime/report/report.h"

#include "compiler/diag/print.h"

#include <fmt/format.h>
#include <llvm/ADT/StringExtras.h>
#include <llvm/ADT/StringMap.h>
#include <llvm/Support/FileSystem.h>
#include <llvm/Support/Path.h>

namespace cutover::report {
namespace {

// Paths relative to the working directory are relative URI references
// against this base (GitHub code scanning resolves it to the checkout).
constexpr llvm::StringLiteral kSourceRoot = "%SRCROOT%";

// `path` as a URI path: every byte but the unreserved characters and '/'
// percent-encoded (spaces, '%', '#', '?', non-ASCII bytes, ...).
std::string uriPath(llvm::StringRef path) {
  std::string out;
  for (char c : path) {
    if (llvm::isAlnum(c) || c == '-' || c == '.' || c == '_' || c == '~' || c == '/')
      out += c;
    else
      out += fmt::format("%{:02X}", static_cast<unsigned char>(c));
  }
  return out;
}

// A file inside the working directory: a relative reference with
// uriBaseId; outside it: an absolute file:// URI.
llvm::json::Object artifactLocation(llvm::StringRef file) {
  const std::string path = projectPath(file);
  if (llvm::sys::path::is_absolute(path, llvm::sys::path::Style::posix))
    return llvm::json::Object{{"uri", "file://" + uriPath(path)}};
  return llvm::json::Object{{"uri", uriPath(path)}, {"uriBaseId", kSourceRoot}};
}

// A `{var}` or `{var.attr}` of a message or hint template, written as the
// placeholder it is: `<var>` in text, `` `<var>` `` in Markdown, whose other
// special characters are escaped.
std::string renderTemplate(llvm::StringRef text, bool markdown) {
  std::string out;
  for (size_t i = 0; i < text.size(); ++i) {
    const size_t close = text[i] == '{' ? text.find('}', i) : llvm::StringRef::npos;
    llvm::StringRef name = close == llvm::StringRef::npos ? "" : text.slice(i + 1, close);
    if (!name.empty() && llvm::all_of(name, [](char c) { return llvm::isAlnum(c) || c == '_' || c == '.'; })) {
      out += markdown ? "`<" + name.str() + ">`" : "<" + name.str() + ">";
      i = close;
      continue;
    }
    if (markdown && llvm::StringRef("\\`*_[]<>#|").contains(text[i])) out += '\\';
    out += text[i];
  }
  return out;
}

// A rule's friendly name for SARIF: its title as one Pascal-case
// identifier, which has no two capitals in a row: "a SQL store is not
// shared" -> "SqlStoreIsNotShared" (one-letter words left out).
std::string friendlyName(const RuleInfo &r) {
  std::string name;
  llvm::SmallVector<llvm::StringRef> words;
  llvm::StringRef title = r.title.empty() ? r.id : r.title;
  for (size_t i = 0; i < title.size();) {
    size_t end = i;
    while (end < title.size() && llvm::isAlnum(title[end])) ++end;
    llvm::StringRef word = title.slice(i, end);
    if (word.size() > 1 || (word.size() == 1 && llvm::isDigit(word[0])))
      name += llvm::toUpper(word[0]) + word.drop_front().lower();
    i = std::max(end, i + 1);
  }
  if (name.empty() || llvm::isDigit(name[0])) name = "Rule" + name;
  return name;
}

llvm::json::Object message(const std::string &text, const std::string &markdown = "") {
  llvm::json::Object m{{"text", validUtf8(text)}};
  if (!markdown.empty()) m["markdown"] = validUtf8(markdown);
  return m;
}

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
      {"artifactLocation", artifactLocation(p.file)},
      {"region", std::move(region)},
  };
}

llvm::json::Object ruleObject(const RuleInfo &r) {
  const std::string title = r.title.empty() ? r.id : r.title;
  // The full description: the rule's prose, else its title and where it comes from.
  std::string full = r.rule.empty() ? title : r.rule;
  if (!r.source.empty()) full += "\nSource: " + r.source;
  std::string helpText = r.hint.empty() ? full : "Fix: " + renderTemplate(r.hint, false);
  std::string helpMarkdown = r.hint.empty() ? renderTemplate(full, true) : "**Fix:** " + renderTemplate(r.hint, true);
  if (!r.hint.empty() && !r.source.empty()) {
    helpText += "\nSource: " + r.source;
    helpMarkdown += "\n\n**Source:** " + renderTemplate(r.source, true);
  }
  llvm::json::Object rule{
      {"id", validUtf8(r.id)},
      {"name", validUtf8(friendlyName(r))},
      {"shortDescription", message(title)},
      {"fullDescription", message(full)},
      {"help", message(helpText, helpMarkdown)},
      {"defaultConfiguration", llvm::json::Object{{"level", sarifLevel(r.severity)}}},
  };
  if (!r.origin.empty()) rule["properties"] = llvm::json::Object{{"pack", validUtf8(r.origin)}};
  return rule;
}

} // namespace

void printSarif(const std::vector<FileReport> &files, const std::vector<RuleInfo> &knownRules, llvm::raw_ostream &os) {
  diag::ColumnCache columns;
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
        if (r.title.empty()) r.title = f.id;
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
          {"message", message(f.message)},
          {"partialFingerprints", llvm::json::Object{{"cutoverFingerprint/v1", fingerprint(f, p.file)}}},
      };
      llvm::json::Object location;
      if (p.line)
        location["physicalLocation"] = physicalLocation(p);
      else
        location["physicalLocation"] = llvm::json::Object{{"artifactLocation", artifactLocation(p.file)}};
      result["locations"] = llvm::json::Array{std::move(location)};

      llvm::json::Array related;
      for (size_t i = 0; i < f.notes.size(); ++i) {
        Position np = positionOf(*file.sm, f.notes[i].range);
        if (!np.line) continue;
        related.push_back(llvm::json::Object{{"id", static_cast<int64_t>(i)},
                                             {"message", message(f.notes[i].message)},
                                             {"physicalLocation", physicalLocation(np)}});
      }
      if (!related.empty()) result["relatedLocations"] = std::move(related);

      if (!f.trace.empty()) {
        llvm::json::Array steps;
        for (const std::string &phase : f.trace)
          steps.push_back(llvm::json::Object{{"location", llvm::json::Object{{"message", message("phase " + phase)}}}});
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
  llvm::json::Object run{
      {"tool", llvm::json::Object{{"driver",
                                   llvm::json::Object{
                                       {"name", "cutover"},
                                       {"fullName", "cutover " CUTOVER_VERSION},
                                       {"version", CUTOVER_VERSION},
                                       {"semanticVersion", CUTOVER_VERSION},
                                       {"informationUri", CUTOVER_INFORMATION_URI},
                                       {"rules", std::move(ruleArray)},
                                   }}}},
      // One analysis category: GitHub keeps the results of each category apart.
      {"automationDetails", llvm::json::Object{{"id", "cutover/"}}},
      {"columnKind", "unicodeCodePoints"},
      {"results", std::move(results)},
  };
  llvm::SmallString<256> root;
  if (!llvm::sys::fs::current_path(root)) {
    std::string rootUri = "file://" + uriPath(projectPath(root));
    if (rootUri.back() != '/') rootUri += '/'; // a directory
    run["originalUriBaseIds"] = llvm::json::Object{{kSourceRoot, llvm::json::Object{{"uri", rootUri}}}};
  }
  llvm::json::Object doc{
      {"$schema", "https://json.schemastore.org/sarif-2.1.0.json"},
      {"version", "2.1.0"},
      {"runs", llvm::json::Array{std::move(run)}},
  };
  os << llvm::formatv("{0:2}", llvm::json::Value(std::move(doc))) << '\n';
}

} // namespace cutover::report
