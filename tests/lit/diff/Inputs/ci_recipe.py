"""Prints the shell script of docs/diff.md's CI recipe: the `run: |` block of
the step named "Diff the changed plans", unindented, so that a test runs the
documented commands as they are."""
import re
import sys

text = open(sys.argv[1]).read()
step = text.index("- name: Diff the changed plans")
run = text.index("run: |\n", step) + len("run: |\n")
lines = []
for line in text[run:].splitlines():
    if not line.startswith(" " * 10):
        break
    lines.append(line[10:])
if not lines:
    sys.exit("docs/diff.md: no run block in the CI recipe")
print("set -e")
print("\n".join(lines))
