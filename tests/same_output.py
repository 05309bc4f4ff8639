#!/usr/bin/env python3
"""Proves that a refactor changed nothing the user sees: runs two cutover
binaries over the same inputs and compares stdout, stderr and exit code of
every run byte for byte (docs/architecture.md#proving-a-refactor-changed-nothing).

Usage: tests/same_output.py OLD_CUTOVER NEW_CUTOVER [--plans N] [--keep DIR] [--jobs J]
       make same-output OLD=path/to/old/cutover

Both binaries run from the same place, $TMP/cutover/bin/cutover (one after
the other), with $TMP/cutover/share/cutover/policies a link to this tree's
policies/ (the installed layout): only the binary differs, and the paths they
print are the same. --version is compared without its commit. Runs start in
the repository root with relative paths, TZ=UTC, NO_COLOR unset and a fixed
--today (plus one run without it on every file with a waiver).

Inputs: every .cut file of examples/, policies/, tests/lit, tests/cases and
tests/fuzz/corpus; the plans of tests/diff/differential.py --plans-only (N,
default 300); bench/gen plans (parallel tracks, random seeds, waves). On each:
check in every --format (text also with --color always), check
--explore=full, compile --emit json|dot|mermaid, fmt of stdin, fmt
--check/--diff and fmt in place on scratch copies, and test where the file
has `# expect:` comments. Once: check -j2 and test of the input directories,
explain of every ID, policies, --help of each command, --version and the
errors of bad options.

Prints `N runs, M identical` and, per difference, the command and the start
of a unified diff; exits 1 on any difference. With --keep DIR the plans,
scratch copies and both outputs of each difference stay in DIR.
"""

import argparse
import concurrent.futures
import difflib
import glob
import os
import re
import shutil
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TODAY = "2026-11-25"
INPUT_DIRS = ["examples", "policies", "tests/lit", "tests/cases", "tests/fuzz/corpus"]
TIMEOUT = 300  # seconds per run: a hang is a difference, not a stuck script
DIFF_LINES = 20
SHOWN_DIFFERENCES = 50


class Run:
    """One invocation: arguments after the binary, optional stdin file, an
    optional scratch copy made fresh before it runs, and a file whose bytes
    after the run belong to its output (fmt in place, compile -o)."""

    def __init__(self, args, stdin=None, scratch=None, read_back=None):
        self.args = args
        self.stdin = stdin
        self.scratch = scratch  # (source, copy)
        self.read_back = read_back

    def label(self):
        text = "cutover " + " ".join(self.args)
        return text + (f" < {self.stdin}" if self.stdin else "")


def cut_files():
    files = []
    for d in INPUT_DIRS:
        files += glob.glob(os.path.join(d, "**", "*.cut"), recursive=True)
    return sorted(files)


def generate_plans(tmp, count):
    """The differential plans and bench/gen's larger shapes, as absolute paths."""
    diff_dir = os.path.join(tmp, "plans", "differential")
    subprocess.run([sys.executable, "tests/diff/differential.py", "--plans-only", "bench/gen", diff_dir,
                    "--count", str(count)], check=True)
    plans = sorted(glob.glob(os.path.join(diff_dir, "*.cut")))
    gen_dir = os.path.join(tmp, "plans", "gen")
    os.makedirs(gen_dir)
    shapes = {
        "tracks-20": ["--tracks", "20", "--sites", "20"],
        "tracks-20-violations": ["--tracks", "20", "--sites", "20", "--violations", "6"],
        "chain-40": ["--chain", "--sites", "40"],
        "waves-6": ["--waves", "6"],
        "waves-12-violations": ["--waves", "12", "--violations", "3"],
    }
    for seed in range(1, 21):
        shapes[f"random-{seed:02d}"] = ["--random", "--seed", str(seed)]
    for name, args in shapes.items():
        path = os.path.join(gen_dir, name + ".cut")
        with open(path, "w") as out:
            subprocess.run([sys.executable, "bench/gen"] + args, check=True, stdout=out, stderr=subprocess.DEVNULL)
        plans.append(path)
    return plans


def scratch_path(tmp, kind, path):
    """A copy of `path` for one kind of run (runs in parallel must not share one)."""
    inside = os.path.relpath(path, tmp) if os.path.isabs(path) else path
    return os.path.join(tmp, "scratch", kind, inside)


def per_file_runs(path, tmp):
    today = ["--today", TODAY]
    runs = [Run(["check"] + today + ["--format", f, "--", path]) for f in ("text", "json", "sarif", "github")]
    runs.append(Run(["check"] + today + ["--color", "always", "--", path]))
    runs.append(Run(["check"] + today + ["--explore=full", "--format", "json", "--", path]))
    runs += [Run(["compile"] + today + ["--emit", e, "-o", "-", "--", path]) for e in ("json", "dot", "mermaid")]
    runs.append(Run(["fmt", "-"], stdin=path))
    for mode in ("--check", "--diff"):
        copy = scratch_path(tmp, "fmt" + mode, path)
        runs.append(Run(["fmt", mode, "--", copy], scratch=(path, copy)))
    in_place = scratch_path(tmp, "fmt-in-place", path)
    runs.append(Run(["fmt", "--", in_place], scratch=(path, in_place), read_back=in_place))
    with open(path, "rb") as f:
        text = f.read()
    if b"# expect:" in text:
        runs.append(Run(["test"] + today + ["--", path]))
    if b"waive" in text:
        runs.append(Run(["check", "--", path]))  # the system date
    return runs


def policy_ids():
    ids = re.findall(r'CUTOVER_FINDING\(\w+, "([^"]+)"', open("compiler/diag/findings.def").read())
    for pack in sorted(glob.glob("policies/*.cut")):
        ids += re.findall(r"^\s*policy\s+([A-Z][A-Z0-9-]*)", open(pack).read(), re.M)
    return ids


def once_runs(tmp):
    today = ["--today", TODAY]
    runs = []
    dirs = sorted(glob.glob("tests/lit/*/Inputs")) + ["examples", "policies/tests"]
    for d in dirs:
        for f in ("text", "json"):
            runs.append(Run(["check", "-j2"] + today + ["--format", f, "--", d]))
    runs.append(Run(["test", "-j2"] + today + ["--", "policies/tests"]))
    runs.append(Run(["check"] + today + ["-"], stdin="examples/contoso.cut"))
    for opt in (["--quiet"], ["--summary"], ["--fail-on", "warning"], ["--fail-on", "info"]):
        for f in ("text", "json"):
            runs.append(Run(["check"] + today + opt + ["--format", f, "--", "examples"]))
    compiled = os.path.join(tmp, "scratch", "compile-o", "graph.json")
    os.makedirs(os.path.dirname(compiled), exist_ok=True)
    runs.append(Run(["compile"] + today + ["-o", compiled, "--", "examples/contoso.cut"], read_back=compiled))
    for i in policy_ids() + ["LYNC-ARC-01", "E-UNKNWN", "NO-SUCH-ID"]:
        runs.append(Run(["explain", i]))
    runs.append(Run(["explain", "--color", "always", "CORE-USERS-001"]))
    runs += [Run(["policies"]), Run(["policies", "--markdown"]), Run(["policies", "--pack", "core"]),
             Run(["policies", "--pack", "lync2013"]), Run(["policies", "--pack", "nosuch"])]
    runs += [Run(["--help"]), Run(["--version"])]
    for cmd in ("check", "compile", "fmt", "test", "explain", "policies"):
        runs.append(Run([cmd, "--help"]))
    contoso = "examples/contoso.cut"
    bad = [[], ["frobnicate"], ["check"], ["fmt"], ["test"], ["explain"], ["compile"],
           ["check", "--bogus", contoso], ["check", "--format", "xml", contoso],
           ["check", "--color", "sometimes", contoso], ["check", "--fail-on", "fatal", contoso],
           ["check", "--explore", "partial", contoso], ["check", "--max-states", "many", contoso],
           ["check", "-j", "x", contoso], ["compile", "--emit", "svg", contoso],
           ["compile", "--format", "json", contoso], ["fmt", "--format", "json", contoso],
           ["check", "--", "no/such/file.cut"], ["check", "--today", "tomorrow", contoso],
           ["check", "--pack-path", "no/such/dir", contoso], ["explain", "A", "B"],
           ["check", "-\x1b[31mred", contoso], ["check", "--", "tests/lit"]]
    runs += [Run(args) for args in bad]
    return runs


def run_one(binary, run):
    if run.scratch:
        os.makedirs(os.path.dirname(run.scratch[1]), exist_ok=True)
        shutil.copyfile(*run.scratch)
    env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "CUTOVER_PATH", "CUTOVER_DEBUG_REDUCE")}
    env["TZ"] = "UTC"
    stdin = open(run.stdin, "rb") if run.stdin else subprocess.DEVNULL
    try:
        p = subprocess.run([binary] + run.args, stdin=stdin, capture_output=True, env=env, timeout=TIMEOUT)
        out, err, code = p.stdout, p.stderr, p.returncode
    except subprocess.TimeoutExpired as e:
        out, err, code = e.stdout or b"", e.stderr or b"", f"timeout after {TIMEOUT} s"
    finally:
        if run.stdin:
            stdin.close()
    if run.args == ["--version"]:
        out = re.sub(rb" \(commit [^)]*\)", b"", out)  # two builds of two commits: the commit differs by design
    if run.read_back:
        try:
            with open(run.read_back, "rb") as f:
                out += b"\n--- " + run.read_back.encode() + b" after the run ---\n" + f.read()
        except OSError as e:
            out += f"\n--- {run.read_back}: {e.strerror} ---\n".encode()
    return out, err, code


def run_all(binary, runs, jobs):
    with concurrent.futures.ThreadPoolExecutor(max_workers=jobs) as pool:
        return list(pool.map(lambda r: run_one(binary, r), runs))


def show(data):
    return data.decode("utf-8", "backslashreplace").splitlines()


def describe(run, old, new):
    lines = [f"DIFFERENT: {run.label()}"]
    for name, a, b in (("stdout", old[0], new[0]), ("stderr", old[1], new[1])):
        if a != b:
            diff = list(difflib.unified_diff(show(a), show(b), f"old {name}", f"new {name}", lineterm="", n=1))
            lines += diff[:DIFF_LINES] + ([f"... ({len(diff) - DIFF_LINES} more diff lines)"]
                                          if len(diff) > DIFF_LINES else [])
    if old[2] != new[2]:
        lines.append(f"exit code: old {old[2]}, new {new[2]}")
    return "\n".join(lines)


def keep_difference(base, run, old, new):
    """BASE.command (the command and both exit codes), BASE.{old,new}.{stdout,stderr}."""
    os.makedirs(os.path.dirname(base), exist_ok=True)
    with open(base + ".command", "w") as f:
        f.write(f"{run.label()}\nexit code: old {old[2]}, new {new[2]}\n")
    for name, res in (("old", old), ("new", new)):
        for part, data in (("stdout", res[0]), ("stderr", res[1])):
            with open(f"{base}.{name}.{part}", "wb") as f:
                f.write(data)


def installed_layout(tmp):
    """The path, $TMP/cutover/bin/cutover, from which each binary runs in turn,
    with the packs where an installed cutover finds them."""
    prefix = os.path.join(tmp, "cutover")
    os.makedirs(os.path.join(prefix, "bin"))
    os.makedirs(os.path.join(prefix, "share", "cutover"))
    os.symlink(os.path.join(ROOT, "policies"), os.path.join(prefix, "share", "cutover", "policies"))
    # Binaries built before the packs moved to share/cutover looked beside bin/ (the paths they print differ).
    os.symlink(os.path.join(ROOT, "policies"), os.path.join(prefix, "policies"))
    return os.path.join(prefix, "bin", "cutover")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("old", help="the cutover binary before the change")
    ap.add_argument("new", help="the cutover binary after it")
    ap.add_argument("--plans", type=int, default=300, help="differential plans (default 300)")
    ap.add_argument("--keep", metavar="DIR", help="keep plans, scratch copies and differing outputs in DIR")
    ap.add_argument("--jobs", type=int, default=2, help="runs at a time (default 2)")
    args = ap.parse_args()
    binaries = [os.path.abspath(args.old), os.path.abspath(args.new)]
    for b in binaries:
        if not os.access(b, os.X_OK):
            sys.exit(f"same_output: {b} is not an executable")
    os.chdir(ROOT)
    if args.keep:
        tmp = os.path.abspath(args.keep)
        if os.path.exists(tmp) and os.listdir(tmp):
            sys.exit(f"same_output: {tmp} is not empty")
        os.makedirs(tmp, exist_ok=True)
    else:
        tmp = tempfile.mkdtemp(prefix="same-output-")
    try:
        binary = installed_layout(tmp)

        inputs = cut_files() + generate_plans(tmp, args.plans)
        runs = [r for path in inputs for r in per_file_runs(path, tmp)] + once_runs(tmp)
        results = []
        for name, source in zip(("old", "new"), binaries):
            shutil.copy2(source, binary)
            print(f"same_output: {len(runs)} runs of the {name} binary ({source})", file=sys.stderr, flush=True)
            results.append(run_all(binary, runs, args.jobs))

        different = [i for i, (a, b) in enumerate(zip(*results)) if a != b]
        for n, i in enumerate(different):
            if n < SHOWN_DIFFERENCES:
                print(describe(runs[i], results[0][i], results[1][i]) + "\n")
            if args.keep:
                keep_difference(os.path.join(tmp, "differences", f"{i:05d}"), runs[i], results[0][i], results[1][i])
        if len(different) > SHOWN_DIFFERENCES:
            print(f"... and {len(different) - SHOWN_DIFFERENCES} more differences")
        print(f"{len(runs)} runs, {len(runs) - len(different)} identical")
        return 1 if different else 0
    finally:
        if not args.keep:
            shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
