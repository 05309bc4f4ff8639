#include "runtime/report/report.h"

#include "compiler/diag/print.h"

#include <fmt/format.h>
#include <llvm/Support/WithColor.h>

#include <map>

namespace cutover::report {
namespace {

// Walks the unsuppressed findings of `file` in order, calling shown(f) for
// each one printed and omitted(position, id, count) once per line that had
// more than kMaxFindingsPerLine findings of one ID, after that line's last
// shown finding. A line naming 10,000 unknown names is 10 findings and one
// line of summary, not 10,000 quotes of the line.
template <typename Shown, typename Omitted> void forEachShown(const FileReport &file, Shown shown, Omitted omitted) {
  Position current;
  std::map<std::string, unsigned> perId; // on the current line
  auto flush = [&] {
    for (const auto &[id, n] : perId)
      if (n > kMaxFindingsPerLine) omitted(current, id, n - kMaxFindingsPerLine);
    perId.clear();
  };
  for (const diag::Finding &f : file.findings) {
    if (f.suppressed) continue;
    Position p = file.sm ? positionOf(*file.sm, f.range) : Position{};
    if (!p.line) {
      shown(f);
      continue;
    }
    if (p.file != current.file || p.line != current.line) {
      flush();
      current = p;
    }
    if (++perId[f.id] <= kMaxFindingsPerLine) shown(f);
  }
  flush();
}

} // namespace

void printText(const FileReport &file, llvm::raw_ostream &out, bool color) {
  diag::ColumnCache columns;
  std::string text;
  diag::ColorStream os(text, color);
  forEachShown(
      file, [&](const diag::Finding &f) { diag::printFinding(*file.sm, f, file.path, os); },
      [&](const Position &p, const std::string &id, unsigned n) {
        os << diag::sanitize(p.file) << ':' << p.line << ": ";
        llvm::WithColor(os, llvm::HighlightColor::Note) << "note: ";
        os << fmt::format("{} more {} finding{} on this line not shown (--format json lists every finding)\n", n,
                          diag::sanitize(id), n == 1 ? "" : "s");
      });
  os.flush();
  out << text;
}

void printGithub(const FileReport &file, llvm::raw_ostream &os) {
  diag::ColumnCache columns;
  forEachShown(
      file,
      [&](const diag::Finding &f) {
        const char *level = f.severity == diag::Severity::Error     ? "error"
                            : f.severity == diag::Severity::Warning ? "warning"
                                                                    : "notice";
        Position p = file.sm ? positionOf(*file.sm, f.range) : Position{};
        os << "::" << level << " file=" << diag::githubProperty(p.file.empty() ? file.path : p.file);
        if (p.line) {
          os << ",line=" << p.line << ",col=" << p.column;
          if (p.endLine) os << ",endLine=" << p.endLine << ",endColumn=" << p.endColumn;
        }
        os << ",title=" << diag::githubProperty(f.id) << "::" << diag::githubData(f.id + " " + f.message) << '\n';
      },
      [&](const Position &p, const std::string &id, unsigned n) {
        os << "::notice file=" << diag::githubProperty(p.file) << ",line=" << p.line
           << ",title=" << diag::githubProperty(id) << "::"
           << diag::githubData(fmt::format("{} more {} finding{} on this line not shown", n, id, n == 1 ? "" : "s"))
           << '\n';
      });
}

} // namespace cutover::report
