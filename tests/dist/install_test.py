#!/usr/bin/env python3
"""The installed layout and the build tree both find their packs.

Usage: install_test.py BUILD_DIR SOURCE_DIR

`cmake --install BUILD_DIR --prefix TMP` must lay out bin/cutover, the packs
in share/cutover/policies (with the plans `explain` shows, not the other pack
tests), man pages, bash/zsh/fish completions and share/doc/cutover. Then, from
a directory that is neither tree, with CUTOVER_PATH unset, the installed
binary and the build tree's binary each check examples/contoso.cut clean, list
the same policies, explain a policy with its example plans, and name the pack
files of their own tree in diagnostics. Prints what it checked; exit 1 on any
failure.
"""

import os
import shutil
import subprocess
import sys
import tempfile

from outcome import expect, finish

BUILD, SRC = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
BASH_COMPLETION = "/usr/share/bash-completion/bash_completion"


def run(args, cwd):
    env = {k: v for k, v in os.environ.items() if k != "CUTOVER_PATH"}
    env["NO_COLOR"] = "1"
    return subprocess.run(args, capture_output=True, text=True, cwd=cwd, env=env)


def check_layout(prefix):
    def has(path):
        return os.path.isfile(os.path.join(prefix, path))

    expect(os.access(os.path.join(prefix, "bin/cutover"), os.X_OK), "bin/cutover is executable")
    packs = os.path.join(prefix, "share/cutover/policies")
    expect(sorted(f for f in os.listdir(packs) if f.endswith(".cut")) ==
           sorted(f for f in os.listdir(os.path.join(SRC, "policies")) if f.endswith(".cut")),
           "share/cutover/policies holds every pack")
    examples = sorted(os.listdir(os.path.join(packs, "tests")))
    expect(examples and all(f.endswith(("-trigger.cut", "-silent.cut")) for f in examples),
           f"share/cutover/policies/tests holds only explain's plans ({len(examples)} files)")
    expect(not os.path.exists(os.path.join(prefix, "policies")), "no policies/ beside bin/")
    for path in ["share/man/man1/cutover.1.gz", "share/man/man1/cutover-check.1.gz",
                 "share/bash-completion/completions/cutover", "share/zsh/vendor-completions/_cutover",
                 "share/fish/vendor_completions.d/cutover.fish", "share/doc/cutover/README.md",
                 "share/doc/cutover/copyright", "share/doc/cutover/changelog.gz",
                 "share/doc/cutover/docs/cli.md", "share/doc/cutover/examples/contoso.cut"]:
        expect(has(path), path)


def check_binary(cutover, packs, elsewhere):
    """The binary, run from `elsewhere`, finds the packs in `packs`; returns the policy IDs it lists."""
    r = run([cutover, "check", "contoso.cut"], elsewhere)
    expect(r.returncode == 0 and "checked 1 file: 0 errors" in r.stdout,
           f"{cutover} check contoso.cut from {elsewhere}: exit {r.returncode} {r.stderr.strip()[:300]}")
    r = run([cutover, "policies"], elsewhere)
    ids = [line.split()[0] for line in r.stdout.splitlines() if line.strip()]
    expect(r.returncode == 0 and "LYNC-ARC-101" in ids and "CORE-DATA-001" in ids,
           f"{cutover} policies lists core and lync2013 ({len(ids)} policies)")
    r = run([cutover, "explain", "LYNC-ARC-101"], elsewhere)
    expect(r.returncode == 0 and "a plan that violates it:" in r.stdout and "the same plan, fixed:" in r.stdout,
           f"{cutover} explain LYNC-ARC-101 shows its example plans")
    # A note at a pack's policy names the pack file of this tree.
    with open(os.path.join(elsewhere, "typed.cut"), "w") as f:
        f.write('use lync2013\ndeployment d {\n  front_end p { version 2013, hosts_cms "yes" }\n}\n')
    r = run([cutover, "check", "typed.cut"], elsewhere)
    note = os.path.join(packs, "lync2013.cut") + ":"
    expect(r.returncode == 1 and note in r.stdout, f"{cutover}: the note at the policy names {note}")
    return ids


def main():
    work = tempfile.mkdtemp(prefix="cutover-install-")
    try:
        prefix = os.path.join(work, "prefix")
        elsewhere = os.path.join(work, "elsewhere")
        os.mkdir(elsewhere)
        shutil.copy(os.path.join(SRC, "examples/contoso.cut"), elsewhere)
        r = subprocess.run(["cmake", "--install", BUILD, "--prefix", prefix], capture_output=True, text=True)
        expect(r.returncode == 0, f"cmake --install {BUILD} --prefix {prefix} {r.stderr.strip()}")
        if r.returncode != 0:
            return
        check_layout(prefix)
        installed = check_binary(os.path.join(prefix, "bin/cutover"), os.path.join(prefix, "share/cutover/policies"),
                                 elsewhere)
        built = check_binary(os.path.join(BUILD, "bin/cutover"), os.path.join(BUILD, "share/cutover/policies"),
                             elsewhere)
        expect(installed == built, "the installed and the built binary list the same policies")
        # bash-completion finds the installed completion by itself, given the prefix in XDG_DATA_DIRS.
        load = (f"source {BASH_COMPLETION}; __load_completion cutover && complete -p cutover")
        r = subprocess.run(["bash", "--norc", "--noprofile", "-c", load], capture_output=True, text=True,
                           env=dict(os.environ, XDG_DATA_DIRS=os.path.join(prefix, "share")))
        expect(r.stdout.strip() == "complete -F _cutover cutover",
               f"bash-completion loads the installed completion: {r.stdout.strip()} {r.stderr.strip()}")
        # The installed binary reads the installed packs, not the build tree's: without them, no lync2013.
        shutil.rmtree(os.path.join(prefix, "share/cutover/policies"))
        r = run([os.path.join(prefix, "bin/cutover"), "check", "contoso.cut"], elsewhere)
        expect(r.returncode == 1 and "unknown pack 'lync2013'" in r.stdout + r.stderr,
               "with share/cutover/policies removed, the installed binary finds no lync2013")
    finally:
        shutil.rmtree(work)
    finish()


main()
