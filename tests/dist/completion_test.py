#!/usr/bin/env python3
"""The shell completions (tools/dist/cli_docs.py), run by the shells.

Usage: completion_test.py SHARE_DIR CUTOVER_BIN_DIR

bash: bash-completion's library and build/share/bash-completion/completions/
cutover are sourced into one bash, which calls _cutover for each case the way
bash does at a TAB (COMP_WORDS split at bash's word breaks, COMP_CWORD,
COMP_LINE, COMP_POINT); the candidates must be exactly the expected ones.
fish: `complete -C` on the same lines. zsh: the file must parse (zsh -n), and
the same lines are completed by an interactive zsh with compinit
(zsh_complete.zsh). Prints one line per case; exit 1 on any failure.
"""

import os
import re
import shutil
import subprocess
import sys
import tempfile

from outcome import expect, fail, finish

SHARE, BIN = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
BASH_COMPLETION = "/usr/share/bash-completion/bash_completion"
COMMANDS = {"check", "compile", "explain", "fmt", "policies", "test"}  # at least these
FORMATS = {"text", "json", "sarif", "github"}


def env():
    return dict(os.environ, PATH=BIN + os.pathsep + os.environ.get("PATH", ""), NO_COLOR="1")


def policy_ids():
    out = subprocess.run([os.path.join(BIN, "cutover"), "policies"], capture_output=True, text=True, check=True)
    return {line.split()[0] for line in out.stdout.splitlines() if line.strip()}


def report(shell, line, got, want, exact):
    ok = got == want if exact else want <= got
    expect(ok, f"{shell}: {line!r} -> {' '.join(sorted(got))}" +
           ("" if ok else f", want {'' if exact else 'at least '}{' '.join(sorted(want))}"))


def bash_words(line):
    """COMP_WORDS as bash builds them: split at blanks, and '=' and ':' are words of their own."""
    words = []
    for word in line.split(" "):
        words += [w for w in re.split(r"([=:])", word) if w] or [""]
    if line.endswith(" ") and words[-1] != "":
        words.append("")
    return [w for i, w in enumerate(words) if w or i == len(words) - 1]


def bash_cases(cases, cwd):
    script = [f"source {BASH_COMPLETION}", f"source {SHARE}/bash-completion/completions/cutover"]
    for n, (line, _, _) in enumerate(cases):
        words = bash_words(line)
        quoted = " ".join("'" + w.replace("'", "'\\''") + "'" for w in words)
        cword = len(words) - 1
        script += [
            f"COMP_WORDS=({quoted}); COMP_CWORD={cword}; COMP_LINE='{line}'; COMP_POINT={len(line)}",
            "COMPREPLY=()",
            f"_cutover cutover \"${{COMP_WORDS[{cword}]}}\" \"${{COMP_WORDS[{cword - 1}]}}\"",
            f"echo '=== {n}'; printf '%s\\n' \"${{COMPREPLY[@]}}\"",
        ]
    run = subprocess.run(["bash", "--norc", "--noprofile", "-c", "\n".join(script)], capture_output=True,
                         text=True, cwd=cwd, env=env())
    if run.returncode != 0 or run.stderr.strip():
        fail(f"bash: exit {run.returncode}: {run.stderr.strip()}")
    return candidates(run.stdout)


def candidates(output):
    out, current = {}, None
    for line in output.splitlines():
        m = re.match(r"^=== (\d+)$", line)
        if m:
            current = out.setdefault(int(m.group(1)), set())
        elif current is not None and line:
            current.add(line.split("\t")[0])
    return out


def fish_cases(cases, cwd):
    script = [f"source {SHARE}/fish/vendor_completions.d/cutover.fish"]
    for n, (line, _, _) in enumerate(cases):
        script += [f"echo '=== {n}'", f"complete -C '{line}'"]
    run = subprocess.run(["fish", "--no-config", "-c", "\n".join(script)], capture_output=True, text=True,
                         cwd=cwd, env=env())
    if run.returncode != 0 or run.stderr.strip():
        fail(f"fish: exit {run.returncode}: {run.stderr.strip()}")
    return candidates(run.stdout)


def zsh_cases(cases, cwd, fpath_dir):
    script = os.path.join(os.path.dirname(os.path.abspath(__file__)), "zsh_complete.zsh")
    try:
        run = subprocess.run(["zsh", "-f", script, fpath_dir] + [line for line, _, _ in cases], capture_output=True,
                             text=True, cwd=cwd, env=env(), timeout=60)
    except subprocess.TimeoutExpired:
        fail("zsh: no answer within 60 s")
        return {}
    if run.returncode != 0 or run.stderr.strip():
        fail(f"zsh: exit {run.returncode}: {run.stderr.strip()}")
    return candidates(run.stdout)


def main():
    ids = policy_ids()
    work = tempfile.mkdtemp(prefix="cutover-completion-")
    try:
        os.mkdir(os.path.join(work, "plans"))
        for name in ("plan.cut", "notes.txt"):
            open(os.path.join(work, name), "w").close()
        # (line, candidates, exact: else at least these)
        cases = [
            ("cutover ch", {"check"}, True),
            ("cutover ", COMMANDS, False),
            ("cutover check --format ", FORMATS, True),
            ("cutover check --format=j", {"json"}, True),
            ("cutover test --format ", {"text", "json", "github"}, True),
            ("cutover compile --emit ", {"json", "dot", "mermaid", "ast", "model", "plan"}, True),
            ("cutover check --fail-on ", {"error", "warning", "info"}, True),
            ("cutover check --explore ", {"reduced", "full"}, True),
            ("cutover check --color ", {"auto", "always", "never"}, True),
            ("cutover check --fo", {"--format"}, True),
            ("cutover fmt --", {"--check", "--diff", "--color"}, False),
            ("cutover explain LYNC-ARC-00", {i for i in ids if i.startswith("LYNC-ARC-00")}, True),
            ("cutover explain ", ids | {"E-SYNTAX", "W-UNUSED-WAIVER"}, False),
            ("cutover explain E-SY", {"E-SYNTAX"}, True),
            ("cutover check ", {"plan.cut", "plans"}, True),
            ("cutover check --quiet -- ", {"plan.cut", "plans"}, True),
            ("cutover check --pack-path ", {"plans"}, True),
        ]
        if len(ids) < 10:
            fail(f"cutover policies lists {len(ids)} IDs")
        got = bash_cases(cases, work)
        for n, (line, want, exact) in enumerate(cases):
            report("bash", line, got.get(n, set()), want, exact)
        if shutil.which("fish"):
            # fish lists the other files after the .cut files and directories (__fish_complete_suffix), and
            # completes `--format=j` as the whole word `--format=json`.
            fish = [(line, want, exact and "plans" not in want) for line, want, exact in cases]
            got = fish_cases(fish, work)
            for n, (line, want, exact) in enumerate(fish):
                report("fish", line, {re.sub(r"^--[\w-]+=", "", w).rstrip("/") for w in got.get(n, set())}, want,
                       exact)
        else:
            print("fish not installed: fish completion not run")
        zsh_file = f"{SHARE}/zsh/vendor-completions/_cutover"
        if shutil.which("zsh"):
            run = subprocess.run(["zsh", "-n", zsh_file], capture_output=True, text=True)
            expect(run.returncode == 0, f"zsh -n _cutover {run.stderr.strip()}")
            got = zsh_cases(cases, work, os.path.dirname(zsh_file))
            for n, (line, want, exact) in enumerate(cases):
                report("zsh", line, got.get(n, set()), want, exact)
        else:
            print("zsh not installed: zsh completion not run")
    finally:
        shutil.rmtree(work)
    finish()


main()
