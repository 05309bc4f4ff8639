// Verify mode (`cutover test`): the `# expect: ID [entity...]` comments of a
// file, on the line where a finding is reported, must match its findings
// exactly, as clang's -verify does.
#pragma once

#include "runtime/session/session.h"

#include <llvm/Support/raw_ostream.h>

#include <set>
#include <string>
#include <vector>

namespace cutover::session {

struct Expectation {
  unsigned line = 0;
  std::string id;
  std::vector<std::string> entities; // each must be among the finding's bound entities
};

// Every expectation in `text`. Syntax: `# expect: ID [entity...]`, several
// separated by commas: `# expect: CORE-DATA-001 archdb, E-STEP`.
std::vector<Expectation> parseExpectations(llvm::StringRef text);

struct VerifyOutcome {
  bool passed = true;
  std::set<std::string> triggered; // policy IDs some expectation matched
};

// Compares the findings of `result` (for file `path`) with its expectations
// and prints every mismatch to `os`.
VerifyOutcome verifyExpectations(llvm::StringRef path, const CheckResult &result, llvm::raw_ostream &os);

} // namespace cutover::session
