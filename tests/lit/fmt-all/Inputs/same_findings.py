"""Formatting never changes meaning: for each .cut file below PATH (relative
to --before), the findings of `cutover check --format json` on it and on its
counterpart below --after (the formatted copy) are the same, positions aside
(line and column move when the layout does)."""
import argparse
import json
import os
import subprocess
import sys


def findings(cutover, cwd, rel):
    p = subprocess.run([cutover, "check", "--format", "json", "--today", "2026-01-01", rel],
                       cwd=cwd, capture_output=True, text=True)
    if p.returncode not in (0, 1):
        sys.exit(f"{cwd}/{rel}: cutover check failed ({p.returncode}):\n{p.stderr}")
    return p.returncode, [{
        "id": f["id"],
        "severity": f["severity"],
        "entities": f["entities"],
        "message": f["message"],
        "trace": f["trace"],
        "suppressed": f["suppressed"],
        "hints": f.get("hints", []),
        "notes": [n["message"] for n in f["notes"]],
    } for f in json.loads(p.stdout)["findings"]]


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
    differ, total = 0, 0
    for rel in files:
        before = findings(args.cutover, args.before, rel)
        after = findings(args.cutover, args.after, rel)
        total += len(before[1])
        if before != after:
            differ += 1
            print(f"DIFFERENT: {rel}\n  before: {before}\n  after:  {after}", file=sys.stderr)
    print(f"{len(files)} files, {total} findings, {differ} changed by fmt")
    return 1 if differ else 0


if __name__ == "__main__":
    sys.exit(main())
