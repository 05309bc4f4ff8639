"""Runs a command with a time limit, stdin closed, and prints its stdout and
stderr, then `exit N`, or `timed out` when it did not end in time: a hang is
a failure that FileCheck can see, not a test that never ends.

  run_bounded.py SECONDS COMMAND [ARG...]"""
import subprocess
import sys

try:
    r = subprocess.run(sys.argv[2:], stdin=subprocess.DEVNULL, capture_output=True, timeout=float(sys.argv[1]))
except subprocess.TimeoutExpired:
    print("timed out")
    sys.exit(0)
sys.stdout.write(r.stdout.decode("utf-8", "backslashreplace"))
sys.stdout.write(r.stderr.decode("utf-8", "backslashreplace"))
print("exit", r.returncode)
