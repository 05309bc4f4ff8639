"""Formatting never changes meaning: the findings of `cutover check --format
json` on the .cut files below each PATH (relative to --before) and on their
counterparts below --after (the formatted copies) are the same, file by file
(the file a finding is reported in), positions aside (line and column move
when the layout does)."""
import argparse
import json
import os
import subprocess
import sys


def findings(cutover, cwd, rels):
    """The findings of one `cutover check` over every file (a process per file
    was most of this test's time), by the file each is reported in."""
    p = subprocess.run([cutover, "check", "--format", "json", "--today", "2026-01-01", *rels],
                       cwd=cwd, capture_output=True, text=True)
    if p.returncode not in (0, 1):
        sys.exit(f"{cwd}: cutover check failed ({p.returncode}):\n{p.stderr}")
    by_file = {}
    for f in json.loads(p.stdout)["findings"]:
        by_file.setdefault(f["file"], []).append({
            "id": f["id"],
            "severity": f["severity"],
            "entities": f["entities"],
            "message": f["message"],
            "trace": f["trace"],
            "suppressed": f["suppressed"],
            "hints": f.get("hints", []),
            "notes": [n["message"] for n in f["notes"]],
        })
    return by_file


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--cutover", required=True)
    parser.add_argument("--before", required=True)
    parser.add_argument("--after", required=True)
    parser.add_argument("paths", nargs="+", metavar="PATH")
    args = parser.parse_args()
    files = []
    for path in args.paths:
        for dirpath, _, names in sorted(os.walk(os.path.join(args.before, path))):
            files += sorted(os.path.relpath(os.path.join(dirpath, n), args.before)
                            for n in names if n.endswith(".cut"))
    cutover = os.path.abspath(args.cutover) if os.sep in args.cutover else args.cutover  # runs in two cwds
    before = findings(cutover, args.before, files)
    after = findings(cutover, args.after, files)
    total = sum(len(found) for found in before.values())
    differ = 0
    for rel in sorted(set(before) | set(after)):
        if before.get(rel) != after.get(rel):
            differ += 1
            print(f"DIFFERENT: {rel}\n  before: {before.get(rel)}\n  after:  {after.get(rel)}", file=sys.stderr)
    print(f"{len(files)} files, {total} findings, {differ} changed by fmt")
    return 1 if differ else 0


if __name__ == "__main__":
    sys.exit(main())
