#!/usr/bin/env python3
"""tools/dist/cli_docs.py reads the other help layout too: the one with
per-command usage lines, `Commands:`/`Options:` headings and GNU-style option
lines (Inputs/usage-layout/, served by a stand-in cutover). Checks the parsed
commands, options, values and positional arguments, that man renders every
page without a warning, and that each completion file parses in its shell.
Also LLVM's layout of an option with enumerated values, `=value` lines under
it (Inputs/llvm-values/), which the real binary does not print today. Exit 1
on any failure."""

import json
import os
import shutil
import subprocess
import sys
import tempfile

from outcome import expect_equal as expect, finish

HERE = os.path.dirname(os.path.abspath(__file__))
GENERATOR = os.path.join(os.path.dirname(os.path.dirname(HERE)), "tools", "dist", "cli_docs.py")
STUB = os.path.join(HERE, "Inputs", "usage-layout", "cutover")
LLVM_VALUES_STUB = os.path.join(HERE, "Inputs", "llvm-values", "cutover")
# The stubs (`#!/usr/bin/env python3`) start this interpreter, not a launcher
# in front of it (pyenv's shim costs half a second of CPU at each start).
os.environ["PATH"] = os.path.dirname(sys.executable) + os.pathsep + os.environ.get("PATH", "")


def parsed(stub):
    return json.loads(subprocess.run([sys.executable, GENERATOR, "--cutover", stub, "--dump"], capture_output=True,
                                     text=True, check=True).stdout)


def main():
    dump = parsed(STUB)
    commands = {c["name"]: c for c in dump["commands"]}
    expect(list(commands), ["check", "diff", "explain", "help", "lsp"], "commands from the usage lines")
    expect(dump["version"], "9.8.7", "version")
    expect([o["names"] for o in dump["options"]], [["-h", "--help"], ["--version"]], "top-level options")
    check = commands["check"]
    expect(check["summary"], "Compile and verify plans; print findings", "summary from the first paragraph")
    expect(check["text"], ["Each PATH is a .cut file or a directory of them."], "description")
    options = {o["names"][-1]: o for o in check["options"]}
    expect(options["--format"]["values"], ["text", "json", "sarif", "github"], "values listed after a colon")
    expect(options["--color"]["values"], ["auto", "always", "never"], "values with a remark in parentheses")
    expect(options["--jobs"]["names"], ["-j", "--jobs"], "short and long names with values")
    expect(options["--quiet"]["value"], None, "a flag")
    expect(options["--pack-path"]["kind"], "dirs", "DIR completes directories")
    expect(options["--baseline"]["kind"], "files", "FILE completes files")
    expect(options["--select-very-long-option-name"]["desc"],
           "Only findings whose ID starts with PREFIX; repeatable", "a description on the lines below")
    expect(options["--select-very-long-option-name"]["section"], "Limits", "the heading of an option")
    expect(commands["diff"]["usage"], ["cutover diff [OPTIONS] OLD NEW",
                                       "cutover diff [OPTIONS] --git-base REF [PATH...]"], "two usage lines")
    expect({o["names"][-1]: o["values"] for o in commands["diff"]["options"]}["--format"], ["text", "json"],
           "values written a|b")
    expect({n: c["positional"] for n, c in commands.items()},
           {"check": "files", "diff": "files", "explain": "ids", "help": "commands", "lsp": "none"}, "positionals")

    check = parsed(LLVM_VALUES_STUB)["commands"][0]
    expect({o["names"][0]: o["values"] for o in check["options"]}, {"--color": ["auto", "always", "never"],
                                                                   "--pack-path": []}, "LLVM's =value lines")
    expect(check["options"][0]["desc"], "Colour:", "their descriptions are not the option's")
    llvm_out = tempfile.mkdtemp(prefix="cutover-cli-docs-")
    try:
        subprocess.run([sys.executable, GENERATOR, "--cutover", LLVM_VALUES_STUB, "--out", llvm_out], check=True)
        page = subprocess.run(["man", "-l", os.path.join(llvm_out, "man", "man1", "cutover-check.1.gz")],
                              capture_output=True, text=True, env=dict(os.environ, MANPAGER="cat", MANWIDTH="80")).stdout
        expect(" ".join(page.split()).count("auto only on a terminal (default) always always never never"), 1,
               "each value with its description in the man page")
    finally:
        shutil.rmtree(llvm_out)

    out = tempfile.mkdtemp(prefix="cutover-cli-docs-")
    try:
        subprocess.run([sys.executable, GENERATOR, "--cutover", STUB, "--out", out], check=True)
        pages = sorted(os.listdir(os.path.join(out, "man", "man1")))
        expect(pages, ["cutover-check.1.gz", "cutover-diff.1.gz", "cutover-explain.1.gz", "cutover-lsp.1.gz",
                       "cutover.1.gz"], "a page per command but help")
        for page in pages:
            r = subprocess.run(["man", "--warnings", "-l", os.path.join(out, "man", "man1", page)],
                               capture_output=True, text=True, env=dict(os.environ, MANPAGER="cat", MANWIDTH="80"))
            expect((r.returncode, r.stderr), (0, ""), f"man --warnings {page}")
        man_test = os.path.join(HERE, "man_test.py")
        r = subprocess.run([sys.executable, man_test, os.path.join(out, "man"), STUB], capture_output=True, text=True)
        expect((r.returncode, r.stderr), (0, ""), "man_test.py: the pages say what the help says")
        for shell, path in [("bash", "bash-completion/completions/cutover"), ("zsh", "zsh/vendor-completions/_cutover"),
                            ("fish", "fish/vendor_completions.d/cutover.fish")]:
            if shutil.which(shell):
                r = subprocess.run([shell, "-n", os.path.join(out, path)], capture_output=True, text=True)
                expect((r.returncode, r.stderr), (0, ""), f"{shell} -n {path}")
    finally:
        shutil.rmtree(out)
    finish()


main()
