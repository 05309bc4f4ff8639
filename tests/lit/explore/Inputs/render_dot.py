"""Renders a DOT file with Graphviz when `dot` is installed (a no-op otherwise)
and fails unless it produced an SVG."""
import shutil
import subprocess
import sys

if shutil.which("dot") is None:
    print("dot not installed: skipped")
    sys.exit(0)
result = subprocess.run(["dot", "-Tsvg", sys.argv[1]], capture_output=True, text=True)
if result.returncode != 0 or "<svg" not in result.stdout or result.stderr:
    sys.stderr.write(result.stderr)
    sys.exit(1)
print("rendered")
