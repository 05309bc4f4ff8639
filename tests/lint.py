#!/usr/bin/env python3
"""The lint checks of `make test` (ctest `format` and `tidy`, label `lint`).

  tests/lint.py format [--root SRC] [--fix]
  tests/lint.py tidy --build BUILD [--root SRC] [--jobs N] [--all] [--no-cache] [--fix]

format: clang-format-14 (.clang-format) over every tracked C++ file but the
  lit inputs (tests/lit/: test data whose lines the tests name); fails with
  the files that would change, or rewrites them with --fix.

tidy: clang-tidy-14 (.clang-tidy, warnings are errors) over the translation
  units of the libraries, the driver and the benchmarks in BUILD's
  compile_commands.json (--all: the tests' too). One TU costs from 4 s to a
  minute, too much to check them all on every run, so a pass is remembered in
  tests/tidy-passed.txt, committed: one line per TU, the hash of everything
  its result depends on (the TU preprocessed, so every header it includes;
  its compile command; .clang-tidy; the clang-tidy version), with the paths of
  the source and build trees taken out so that a clean clone elsewhere hits
  the same lines. Only TUs whose hash is not listed are checked; the file is
  then rewritten with the current hash of every TU that passes (a local
  `make test` updates it: commit it with the change). --no-cache checks all;
  --fix then applies clang-tidy's fix-its to the TUs with warnings, one at a
  time (they share headers): review them, some need a human.
"""

import argparse
import concurrent.futures
import functools
import hashlib
import json
import os
import re
import shlex
import shutil
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CLANG_FORMAT = "clang-format-14"
CLANG_TIDY = "clang-tidy-14"
CACHE = "tests/tidy-passed.txt"
FORMAT_EXTENSIONS = (".cpp", ".h", ".hpp")
FORMAT_EXCLUDED = ("tests/lit/",)
TIDY_DIRS = ("grammar/", "compiler/", "runtime/", "tools/", "bench/")
# clang 14 with libstdc++ 12 cannot compile LLVM 14's JSON.h as C++20 (see
# tests/fuzz/CMakeLists.txt): a TU that includes it is checked as C++17.
JSON_HEADER = "llvm/Support/JSON.h"
# The generated header with the commit the build comes from
# (tools/cutover/CMakeLists.txt): it changes with every commit, the result of
# clang-tidy does not, so the key leaves its value out.
COMMIT_HEADER = "tools/cutover/generated/cutover_commit.h"


def tool(name):
    path = shutil.which(name)
    if not path:
        sys.exit(f"lint: {name} not found (make setup installs it)")
    return path


def tracked_sources(root):
    try:
        out = subprocess.run(["git", "-C", root, "ls-files", "-z"], capture_output=True, check=True).stdout
        files = [f for f in out.decode().split("\0") if f]
    except (OSError, subprocess.CalledProcessError):  # not a git checkout: every file below the root
        files = []
        for dirpath, dirnames, filenames in os.walk(root):
            dirnames[:] = sorted(d for d in dirnames if not d.startswith(".") and not d.startswith("build"))
            files += [os.path.relpath(os.path.join(dirpath, n), root) for n in sorted(filenames)]
    return [f for f in files if f.endswith(FORMAT_EXTENSIONS) and not f.startswith(FORMAT_EXCLUDED)]


def run_format(args):
    clang_format = tool(CLANG_FORMAT)
    files = tracked_sources(args.root)
    if args.fix:
        subprocess.run([clang_format, "-i", *files], cwd=args.root, check=True)
        print(f"format: {len(files)} files formatted")
        return 0
    p = subprocess.run([clang_format, "--dry-run", "--Werror", *files], cwd=args.root, capture_output=True, text=True)
    if p.returncode == 0:
        print(f"format: {len(files)} files, all formatted")
        return 0
    bad = sorted({line.split(":")[0] for line in p.stderr.splitlines() if ": error: code should be clang-formatted" in line})
    for f in bad:
        print(f"FAIL: {f} is not formatted (clang-format-14 -i {f})")
    print(f"format: {len(files)} files, {len(bad)} not formatted (tests/lint.py format --fix formats them all)")
    return 1


@functools.lru_cache(maxsize=None)
def commit_of(build):
    """The string literal of the build's commit header, or None."""
    try:
        with open(os.path.join(build, COMMIT_HEADER)) as fh:
            literal = re.search(r'"[^"]*"', fh.read())
    except OSError:
        return None
    return literal.group(0) if literal else None


class Unit:
    def __init__(self, entry, root, build):
        self.directory = entry["directory"]
        self.file = os.path.normpath(os.path.join(self.directory, entry["file"]))
        self.rel = os.path.relpath(self.file, root).replace(os.sep, "/")
        self.args = entry["arguments"] if "arguments" in entry else shlex.split(entry["command"])
        self.root, self.build = root, build
        self.commit = commit_of(build)

    def portable(self, text):
        """`text` without the trees' own paths (build first: it may lie in the source tree) and the commit."""
        text = text.replace(self.build, "<build>").replace(self.root, "<src>")
        return text.replace(self.commit, "<commit>") if self.commit else text

    def preprocessed(self):
        args, skip = [], False
        for a in self.args:
            if skip:
                skip = False
            elif a == "-o":
                skip = True
            elif a != "-c":
                args.append(a)
        p = subprocess.run(args + ["-E"], cwd=self.directory, capture_output=True)
        if p.returncode != 0:
            raise RuntimeError(f"{self.rel}: preprocessing failed:\n{p.stderr.decode(errors='replace')}")
        return p.stdout.decode(errors="replace")

    def key(self, config, version):
        text = self.preprocessed()
        self.json = f"/{JSON_HEADER}" in text
        digest = hashlib.sha256()
        for part in (version, config, self.portable(" ".join(self.args)), self.portable(text)):
            digest.update(part.encode())
            digest.update(b"\0")
        return digest.hexdigest()

    def tidy(self, clang_tidy, fix=False):
        cmd = [clang_tidy, "--quiet", "-p", self.build, self.file] + (["--fix"] if fix else [])
        if self.json:
            cmd.insert(2, "--extra-arg=-std=c++17")
        p = subprocess.run(cmd, cwd=self.root, capture_output=True, text=True)
        return p.returncode == 0, p.stdout + p.stderr


def run_tidy(args):
    clang_tidy = tool(CLANG_TIDY)
    root = os.path.realpath(args.root)
    build = os.path.realpath(args.build)
    with open(os.path.join(build, "compile_commands.json")) as fh:
        entries = json.load(fh)
    units = [Unit(e, root, build) for e in entries]
    units = sorted((u for u in units if args.all or u.rel.startswith(TIDY_DIRS)), key=lambda u: u.rel)
    units = [u for u in units if not u.rel.startswith(("build", "../"))]
    with open(os.path.join(root, ".clang-tidy")) as fh:
        config = fh.read()
    version = subprocess.run([clang_tidy, "--version"], capture_output=True, text=True).stdout
    cache_path = os.path.join(root, CACHE)
    passed = set()
    if os.path.exists(cache_path) and not args.no_cache:
        with open(cache_path) as fh:
            passed = {line.split()[0] for line in fh if line.strip() and not line.startswith("#")}

    jobs = args.jobs or os.cpu_count() or 1
    with concurrent.futures.ThreadPoolExecutor(jobs) as pool:
        keys = list(pool.map(lambda u: u.key(config, version), units))
        todo = [(u, k) for u, k in zip(units, keys) if k not in passed]
        results = list(pool.map(lambda uk: uk[0].tidy(clang_tidy), todo))

    failed = []
    for (unit, _), (ok, output) in zip(todo, results):
        if not ok:
            failed.append(unit)
            print(f"FAIL: {unit.rel}\n{output.rstrip()}\n")
    bad = {u.rel for u in failed}
    # The cache holds the current key of every TU that passes, and nothing else:
    # stale lines go, so the file stays the size of the tree.
    lines = [f"{k}  {u.rel}" for u, k in zip(units, keys) if u.rel not in bad]  # by path: readable diffs
    text = "# tests/lint.py tidy: TUs that passed clang-tidy, by the hash of their inputs (see that script).\n"
    text += "".join(line + "\n" for line in lines)
    old = open(cache_path).read() if os.path.exists(cache_path) else None
    if old != text and not args.no_cache:
        with open(cache_path, "w") as fh:
            fh.write(text)
    print(f"tidy: {len(units)} translation units, {len(todo)} checked, {len(failed)} with warnings")
    if args.fix:
        for unit in failed:
            unit.tidy(clang_tidy, fix=True)
        print(f"tidy: fix-its applied to {len(failed)} translation units; review them and run again")
    return 1 if failed else 0


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    fmt = sub.add_parser("format", help="clang-format over the tracked C++ files")
    fmt.add_argument("--root", default=ROOT)
    fmt.add_argument("--fix", action="store_true", help="format the files in place")
    tidy = sub.add_parser("tidy", help="clang-tidy over the translation units, with the pass cache")
    tidy.add_argument("--root", default=ROOT)
    tidy.add_argument("--build", required=True, help="a build directory with compile_commands.json")
    tidy.add_argument("--jobs", type=int, default=0, help="TUs checked at once (default: one per core)")
    tidy.add_argument("--all", action="store_true", help="the tests' TUs too")
    tidy.add_argument("--no-cache", action="store_true", help="check every TU; leave the cache alone")
    tidy.add_argument("--fix", action="store_true", help="apply the fix-its to the TUs with warnings")
    args = parser.parse_args()
    return run_format(args) if args.command == "format" else run_tidy(args)


if __name__ == "__main__":
    sys.exit(main())
