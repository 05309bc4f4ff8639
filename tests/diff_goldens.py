#!/usr/bin/env python3
"""The golden files of `cutover diff` (tests/cases/diff/): for each pair
NAME.old.cut / NAME.new.cut, and for the pairs of EXTRA (run from the top of
the repository), the text, JSON and Markdown output with the exit status
must equal NAME.txt, NAME.json and NAME.md; every JSON document must be valid
against docs/diff.schema.json (python3-jsonschema); docs/diff.md must show
the worked example's output as it is. The Mermaid of the .md
files is parsed by tests/mermaid/check.mjs.

Usage: tests/diff_goldens.py --cutover build/bin/cutover [--update]

--update rewrites the goldens; review the diff before committing it.
"""
import argparse
import difflib
import json
import os
import subprocess
import sys

import jsonschema

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CASES = os.path.join(ROOT, "tests", "cases", "diff")
# Pairs outside tests/cases/diff, with paths from the top of the repository.
EXTRA = {
    # docs/diff.md's worked example: two waves made parallel, the backup order forgotten.
    "contoso": ("examples/contoso.cut", "examples/diff/contoso-pr.cut"),
    # A file against itself: no change.
    "same": ("examples/contoso.cut", "examples/contoso.cut"),
}
FORMATS = {"txt": "text", "json": "json", "md": "markdown"}
# Waiver expiry must not depend on the day the tests run.
FIXED_ARGS = ["--today", "2026-06-01", "--color", "never"]


def pairs():
    for name in sorted(os.listdir(CASES)):
        if name.endswith(".old.cut"):
            stem = name[: -len(".old.cut")]
            yield stem, CASES, (stem + ".old.cut", stem + ".new.cut")
    for stem, files in sorted(EXTRA.items()):
        yield stem, ROOT, files


def check_docs():
    """docs/diff.md shows the worked example's text and Markdown output: they
    must be the goldens' (without the exit line)."""
    with open(os.path.join(ROOT, "docs", "diff.md")) as f:
        doc = f.read()
    problems = 0
    for ext in ("txt", "md"):
        with open(os.path.join(CASES, f"contoso.{ext}")) as f:
            output = f.read().rsplit("[exit", 1)[0].rstrip("\n")
        if output not in doc:
            print(f"docs/diff.md: the worked example's output differs from tests/cases/diff/contoso.{ext}")
            problems += 1
    return problems


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--cutover", required=True)
    parser.add_argument("--update", action="store_true")
    args = parser.parse_args()
    cutover = os.path.abspath(args.cutover)
    with open(os.path.join(ROOT, "docs", "diff.schema.json")) as f:
        validator = jsonschema.Draft202012Validator(json.load(f))

    failures = 0
    checked = 0
    for stem, cwd, (old, new) in pairs():
        for ext, fmt in FORMATS.items():
            run = subprocess.run([cutover, "diff", *FIXED_ARGS, "--format", fmt, "--", old, new],
                                 cwd=cwd, capture_output=True, text=True)
            if run.returncode not in (0, 1) or run.stderr:
                print(f"{stem} ({fmt}): exit {run.returncode}: {run.stderr.strip()}")
                failures += 1
                continue
            actual = run.stdout + f"[exit {run.returncode}]\n"
            if fmt == "json":
                errors = sorted(validator.iter_errors(json.loads(run.stdout)), key=str)
                for e in errors:
                    print(f"{stem}.json: not valid against docs/diff.schema.json: {e.message} at {list(e.path)}")
                failures += bool(errors)
            golden = os.path.join(CASES, f"{stem}.{ext}")
            checked += 1
            if args.update:
                with open(golden, "w") as f:
                    f.write(actual)
                continue
            expected = open(golden).read() if os.path.exists(golden) else ""
            if actual != expected:
                failures += 1
                print(f"{golden} differs (tests/diff_goldens.py --update rewrites it):")
                sys.stdout.writelines(difflib.unified_diff(expected.splitlines(True), actual.splitlines(True),
                                                           golden, "actual"))
    failures += check_docs()
    print(f"{checked} goldens {'written' if args.update else 'checked'}, {failures} failures")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
