#!/usr/bin/env python3
"""Stages a directory with an npm package-lock.json (editors/vscode,
tests/sarif, tests/mermaid) in the build tree and installs its npm packages
there, for the tests that run them (cutover_npm_stage, tests/NpmStage.cmake):

    npm_stage.py SOURCE_DIR STAGE_DIR

The staged copy gets `npm ci` from the committed package-lock.json (exact
versions; no install scripts), so nothing is written into the source tree.
npm runs only when the lock file changed since the last install; its
download cache (~/.npm) makes a reinstall fast.
"""
import hashlib
import os
import shutil
import subprocess
import sys
import time

KEEP = {"node_modules"}


def main():
    source, stage = sys.argv[1], sys.argv[2]
    os.makedirs(stage, exist_ok=True)
    # The directory's files, fresh: what is in the source and nothing else.
    for name in os.listdir(stage):
        if name in KEEP:
            continue
        path = os.path.join(stage, name)
        shutil.rmtree(path) if os.path.isdir(path) and not os.path.islink(path) else os.remove(path)
    for name in os.listdir(source):
        if name in KEEP or name.endswith(".vsix"):
            continue
        src = os.path.join(source, name)
        dst = os.path.join(stage, name)
        shutil.copytree(src, dst) if os.path.isdir(src) else shutil.copy2(src, dst)

    with open(os.path.join(source, "package-lock.json"), "rb") as f:
        lock = hashlib.sha256(f.read()).hexdigest()
    stamp = os.path.join(stage, "node_modules", ".cutover-lock-sha256")
    if os.path.exists(stamp) and open(stamp).read() == lock:
        print("npm packages up to date:", os.path.join(stage, "node_modules"))
        return 0
    started = time.monotonic()
    command = ["npm", "ci", "--ignore-scripts", "--no-audit", "--no-fund", "--prefer-offline", "--loglevel=error"]
    print("$", " ".join(command), flush=True)
    if subprocess.run(command, cwd=stage).returncode != 0:
        print("npm ci failed: these tests need the npm registry (or a warm ~/.npm cache)")
        return 1
    with open(stamp, "w") as f:
        f.write(lock)
    print(f"installed the npm packages in {time.monotonic() - started:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
