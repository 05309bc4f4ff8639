#!/usr/bin/env bash
# Turns on the lint checks of `make test` (ctest format and tidy, registered
# but disabled by CUTOVER_LINT_ENFORCED in tests/CMakeLists.txt) once the
# other work has landed. Run it on a clean checkout of the branch to change:
#
#   tests/lint_finalize.sh   1. clang-format-14 -i over the tree, committed alone
#                            2. clang-tidy-14 over the TUs that ctest tidy checks
#                            3. when clang-tidy is clean: CUTOVER_LINT_ENFORCED
#                               ON, ctest -L lint, committed with the pass cache
#                               tests/tidy-passed.txt
#
# When step 2 lists warnings, fix them, commit, and run it again: step 1 then
# finds nothing to do and step 2 re-checks only the TUs that changed (the
# passes are remembered in tests/tidy-passed.txt). --tidy-fix applies
# clang-tidy's own fix-its to the TUs with warnings, one TU at a time (they
# share headers), then formats again and stops: review the diff, some fixes
# need a human (a narrowing conversion, a name).
#
# Step 1 changes layout only; prove it with `make same-output OLD=...`
# (docs/architecture.md#proving-a-refactor-changed-nothing).
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD_DIR=${BUILD_DIR:-build}
JOBS=${JOBS:-$(nproc)}
SWITCH_OFF='set(CUTOVER_LINT_ENFORCED OFF)'
SWITCH_ON='set(CUTOVER_LINT_ENFORCED ON)'

if ! git diff --quiet || ! git diff --cached --quiet; then
  echo "lint_finalize: commit or stash your changes first" >&2
  exit 2
fi
if ! grep -qxF "$SWITCH_OFF" tests/CMakeLists.txt; then
  grep -qxF "$SWITCH_ON" tests/CMakeLists.txt && echo "lint_finalize: the lint checks are already on" && exit 0
  echo "lint_finalize: no '$SWITCH_OFF' line in tests/CMakeLists.txt" >&2
  exit 2
fi
make setup

python3 tests/lint.py format --fix
if git diff --quiet; then
  echo "lint_finalize: the tree is formatted"
else
  git commit -q -am "clang-format-14 over the tree (.clang-format): layout only"
  echo "lint_finalize: committed the formatting: $(git log -1 --format=%h)"
fi

make build BUILD_DIR="$BUILD_DIR" JOBS="$JOBS"
if [ "${1:-}" = "--tidy-fix" ]; then
  python3 tests/lint.py tidy --build "$BUILD_DIR" --jobs "$JOBS" --fix > "$BUILD_DIR/tidy.log" || true
  python3 tests/lint.py format --fix
  echo "lint_finalize: fix-its applied; review 'git diff', fix what is left, commit, and run $0 again"
  exit 0
fi
if ! python3 tests/lint.py tidy --build "$BUILD_DIR" --jobs "$JOBS" > "$BUILD_DIR/tidy.log"; then
  grep -E "^FAIL: |warning: |error: " "$BUILD_DIR/tidy.log" || true
  tail -1 "$BUILD_DIR/tidy.log"
  echo "lint_finalize: fix the warnings above (the whole log: $BUILD_DIR/tidy.log), commit, and run $0 again"
  echo "  (or $0 --tidy-fix to apply clang-tidy's fix-its first)"
  exit 1
fi
tail -1 "$BUILD_DIR/tidy.log"

sed -i "s/^$SWITCH_OFF\$/$SWITCH_ON/" tests/CMakeLists.txt  # ( ) are literal in a basic regex
grep -qxF "$SWITCH_ON" tests/CMakeLists.txt
cmake -S . -B "$BUILD_DIR" > /dev/null
(cd "$BUILD_DIR" && ctest -L lint --output-on-failure)
git add tests/CMakeLists.txt tests/tidy-passed.txt
git commit -q -m "make test runs the lint checks: ctest format (clang-format-14) and tidy (clang-tidy-14, pass cache tests/tidy-passed.txt)"
echo "lint_finalize: the lint checks are on: $(git log -1 --format=%h)"
