// Baselines: the accepted findings of a plan, recorded by fingerprint
// (docs/output-formats.md#baselines).
#include "runtime/report/report.h"

#include "compiler/diag/print.h"

#include <llvm/ADT/StringMap.h>
#include <llvm/Support/FileUtilities.h>
#include <llvm/Support/MemoryBuffer.h>
#include <llvm/Support/Path.h>

#include <algorithm>
#include <tuple>

namespace cutover::report {
namespace {

constexpr llvm::StringLiteral kFormat = "cutover-baseline";
constexpr int64_t kVersion = 1;

llvm::Error invalid(llvm::StringRef path, const llvm::Twine &why) {
  return llvm::createStringError(std::errc::invalid_argument, "%s: not a cutover baseline: %s", validUtf8(path).c_str(),
                                 why.str().c_str());
}

} // namespace

std::string baselineText(const std::vector<FileReport> &files, size_t *count) {
  diag::ColumnCache columns;
  std::vector<BaselineEntry> entries;
  for (const FileReport &file : files)
    for (const diag::Finding &f : file.findings) {
      if (f.suppressed) continue; // a waiver already accepts it, in the plan itself
      const std::string where = fileOf(file, f);
      std::vector<std::string> entities;
      for (const std::string &e : f.entities) entities.push_back(validUtf8(e));
      entries.push_back(
          {fingerprint(f, where), validUtf8(f.id), projectPath(where), validUtf8(f.message), std::move(entities)});
    }
  // By file, ID and message: a diff of two baselines reads like the findings.
  std::sort(entries.begin(), entries.end(), [](const BaselineEntry &a, const BaselineEntry &b) {
    return std::tie(a.file, a.id, a.message, a.entities, a.fingerprint) <
           std::tie(b.file, b.id, b.message, b.entities, b.fingerprint);
  });
  if (count) *count = entries.size();
  llvm::json::Array array;
  for (BaselineEntry &e : entries) {
    llvm::json::Array entities;
    for (std::string &name : e.entities) entities.push_back(std::move(name));
    array.push_back(llvm::json::Object{{"fingerprint", std::move(e.fingerprint)},
                                       {"id", std::move(e.id)},
                                       {"file", std::move(e.file)},
                                       {"message", std::move(e.message)},
                                       {"entities", std::move(entities)}});
  }
  llvm::json::Object doc{{"format", kFormat}, {"version", kVersion}, {"findings", std::move(array)}};
  std::string text;
  llvm::raw_string_ostream os(text);
  os << llvm::formatv("{0:2}", llvm::json::Value(std::move(doc))) << '\n';
  return text;
}

llvm::Expected<size_t> writeBaseline(llvm::StringRef path, const std::vector<FileReport> &files) {
  // A temporary file beside the target, renamed over it: a reader never sees half a baseline.
  llvm::SmallString<256> model = llvm::sys::path::parent_path(path);
  llvm::sys::path::append(model, "." + llvm::sys::path::filename(path) + ".tmp-%%%%%%");
  size_t count = 0;
  const std::string text = baselineText(files, &count);
  if (llvm::Error e = llvm::writeFileAtomically(model, path, text))
    return llvm::createStringError(std::errc::io_error, "cannot write the baseline %s: %s", validUtf8(path).c_str(),
                                   llvm::toString(std::move(e)).c_str());
  return count;
}

llvm::Expected<std::vector<BaselineEntry>> readBaseline(llvm::StringRef path) {
  auto buffer = llvm::MemoryBuffer::getFile(path, /*IsText=*/false, /*RequiresNullTerminator=*/false);
  if (!buffer)
    return llvm::createStringError(buffer.getError(), "cannot read the baseline %s: %s", validUtf8(path).c_str(),
                                   buffer.getError().message().c_str());
  llvm::Expected<llvm::json::Value> json = llvm::json::parse((*buffer)->getBuffer());
  if (!json) return invalid(path, llvm::toString(json.takeError()));
  const llvm::json::Object *doc = json->getAsObject();
  if (!doc || doc->getString("format") != llvm::Optional<llvm::StringRef>(kFormat))
    return invalid(path, R"(no "format": "cutover-baseline")");
  if (doc->getInteger("version") != llvm::Optional<int64_t>(kVersion))
    return invalid(path, "version " + std::to_string(kVersion) + " expected (written by another cutover?)");
  const llvm::json::Array *findings = doc->getArray("findings");
  if (!findings) return invalid(path, "no \"findings\" array");
  std::vector<BaselineEntry> entries;
  for (const llvm::json::Value &v : *findings) {
    const llvm::json::Object *o = v.getAsObject();
    auto fp = o ? o->getString("fingerprint") : llvm::None;
    if (!fp) return invalid(path, "a finding without a \"fingerprint\"");
    BaselineEntry e;
    e.fingerprint = fp->str();
    e.id = o->getString("id").getValueOr("").str();
    e.file = o->getString("file").getValueOr("").str();
    e.message = o->getString("message").getValueOr("").str();
    entries.push_back(std::move(e));
  }
  return entries;
}

BaselineMatch applyBaseline(const std::vector<BaselineEntry> &baseline, std::vector<FileReport> &files) {
  diag::ColumnCache columns;
  llvm::StringMap<unsigned> remaining; // fingerprint -> entries not matched yet
  for (const BaselineEntry &e : baseline) ++remaining[e.fingerprint];
  BaselineMatch m;
  for (FileReport &file : files)
    llvm::erase_if(file.findings, [&](const diag::Finding &f) {
      if (f.suppressed) return false;
      auto it = remaining.find(fingerprint(f, fileOf(file, f)));
      if (it == remaining.end() || it->second == 0) return false;
      --it->second;
      ++m.matched;
      return true;
    });
  for (const auto &entry : remaining) m.absent += entry.second;
  return m;
}

} // namespace cutover::report
