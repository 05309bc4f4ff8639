"""The facts the issue asks `cutover diff --format json` to show for
docs/diff.md's worked example: orderings, states, introduced findings."""
import json
import sys

d = json.load(open(sys.argv[1]))["diffs"][0]
for o in d["orderings"]:
    print(f'ordering {o["first"]}/{o["second"]}: {o["old"]} -> {o["new"]}')
s = d["states"]
print(f'states: {s["old"]} -> {s["new"]}, more: {s["new"] > s["old"]}')
for f in d["findings"]["introduced"]:
    print(f'introduced {f["id"]} [{", ".join(f["entities"])}] trace {",".join(f["trace"])}')
