"""Checks each plan DIR/NAME.cut with -j 1, 2 and 3, in text and JSON (with
--explain-reduction and --summary), and prints whether stdout, stderr and the
exit code are byte-identical across the thread counts.

  same_on_threads.py CUTOVER DIR NAME...
"""

import os
import subprocess
import sys


def run(cutover, path, fmt, jobs):
    cmd = [cutover, "check", f"-j{jobs}", "--today", "2026-11-25", "--format", fmt, "--explain-reduction",
           "--summary", path]
    r = subprocess.run(cmd, capture_output=True, timeout=300)
    return r.returncode, r.stdout, r.stderr


def main():
    cutover, folder, names = sys.argv[1], sys.argv[2], sys.argv[3:]
    for name in names:
        path = os.path.join(folder, name + ".cut")
        differs = []
        code = None
        for fmt in ("text", "json"):
            one = run(cutover, path, fmt, 1)
            code = one[0]
            differs += [f"{fmt} -j {jobs}" for jobs in (2, 3) if run(cutover, path, fmt, jobs) != one]
        print(f"{name}: " + (f"differs ({', '.join(differs)})" if differs else
                             f"identical on 1, 2 and 3 threads, exit {code}"))


if __name__ == "__main__":
    main()
