# Copies stdin to stdout and fails if it holds what can drive a terminal or a
# CI log (docs/security.md): C0 controls other than TAB and LF, DEL, C1
# controls, bidirectional controls, line or paragraph separators, invalid
# UTF-8; a line that GitHub Actions would run as a workflow command (`::` at
# its start after white space, or `##[` anywhere). With --github, lines that
# are our own annotations (`::error `, `::warning `, `::notice `) are allowed.
import re
import sys

github = "--github" in sys.argv[1:]
data = sys.stdin.buffer.read()
sys.stdout.buffer.write(data)
bad = re.search(rb"[\x00-\x08\x0b-\x1f\x7f]", data)
if bad:
    sys.exit(f"terminal control byte {bad.group(0)!r} at offset {bad.start()}")
try:
    text = data.decode("utf-8")
except UnicodeDecodeError as e:
    sys.exit(f"invalid UTF-8: {e}")
bad = re.search("[\u0080-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029]", text)
if bad:
    sys.exit(f"control character U+{ord(bad.group(0)):04X} at offset {bad.start()}")
for line in text.split("\n"):
    if "##[" in line:
        sys.exit(f"legacy workflow command in {line!r}")
    start = line.lstrip()  # .NET's TrimStart: str.lstrip strips the same white space
    if start.startswith("::") and not (github and re.match(r"::(error|warning|notice) ", line)):
        sys.exit(f"workflow command in {line!r}")
