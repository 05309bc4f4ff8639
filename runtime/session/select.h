// `--select` / `--ignore`: which finding IDs a run reports, by ID or ID
// prefix, as ruff selects its rules (docs/cli.md, "Selecting findings").
#pragma once

#include "runtime/report/report.h"

#include <string>
#include <vector>

namespace cutover::session {

class Selection {
public:
  Selection() = default; // every ID
  Selection(std::vector<std::string> select, std::vector<std::string> ignore);

  // Whether findings with this ID are reported. A selector matches the IDs it
  // is a prefix of, whatever the case (`LYNC-ARC`, `w-`, `CORE-DATA-001`);
  // the longest selector that matches decides, `--ignore` winning a tie;
  // with no `--select`, every ID is selected. The findings that mean a file
  // was not fully checked (E-SYNTAX, E-USE, E-LIMIT, E-STATE-LIMIT) are
  // always reported: deselecting them would turn an unchecked plan into a
  // clean one.
  bool selects(llvm::StringRef id) const;

  // `--select` / `--ignore` selectors that match none of `knownIds`, each
  // with the closest ID or ID prefix ("" when none is close).
  struct Unmatched {
    std::string option; // "--select" or "--ignore"
    std::string selector;
    std::string suggestion;
  };
  std::vector<Unmatched> unmatched(const std::vector<std::string> &knownIds) const;

  bool selectsAll() const { return select_.empty() && ignore_.empty(); }

private:
  std::vector<std::string> select_, ignore_;
};

// Drops the findings of `report` whose ID `selection` does not select.
void applySelection(const Selection &selection, report::FileReport &report);

} // namespace cutover::session
