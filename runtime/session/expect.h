// Verify mode (`cutover test`): the `# expect: ID [entity...]` comments of a
// file, on the line where a finding is reported, must match its findings
// exactly, as clang's -verify does.
#pragma once

#include "runtime/session/select.h"
#include "runtime/session/session.h"

#include <llvm/Support/JSON.h>
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

// An expectation no finding matched, or a finding no expectation matched.
struct Mismatch {
  std::string file;              // where it is
  unsigned line = 0, column = 0; // 0: no location (column: findings only)
  std::string id;
  std::vector<std::string> entities; // the expectation's, or the finding's bound entities
  std::string message;               // the finding's message
};

struct VerifyOutcome {
  std::string path;
  bool passed = true;
  std::set<std::string> triggered;  // policy IDs some expectation matched
  std::vector<Mismatch> missing;    // expected, not seen
  std::vector<Mismatch> unexpected; // seen, not expected
};

// Compares the findings of `result` (for file `path`) with its expectations.
// Only the IDs `selection` selects count, findings and expectations alike.
VerifyOutcome verifyExpectations(llvm::StringRef path, const CheckResult &result, const Selection &selection = {});

// The mismatches as text (`path: error: expected findings not seen:`, one
// indented line each), as GitHub workflow commands (one `::error` each), or
// as a JSON object { file, passed, missing, unexpected } (docs/cli.md).
void printVerifyText(const VerifyOutcome &outcome, llvm::raw_ostream &out, bool color);
void printVerifyGithub(const VerifyOutcome &outcome, llvm::raw_ostream &os);
llvm::json::Value verifyToJson(const VerifyOutcome &outcome);

} // namespace cutover::session
