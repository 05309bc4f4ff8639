#!/usr/bin/env python3
"""The man pages say what --help says (tools/dist/cli_docs.py generates them).

Usage: man_test.py MAN_DIR CUTOVER

MAN_DIR is a man hierarchy (build/share/man, or an installed share/man).
Every command that `cutover --help` names has a page cutover-COMMAND(1), and
there is no other page but cutover(1). Each page is rendered by man (`man
--warnings`, so groff's warnings fail the test), and its OPTIONS section must
hold the same options as `cutover COMMAND --help`, each with the same value
and description, and no other. Prints one line per page; exit 1 on any
difference.
"""

import os
import re
import subprocess
import sys

from outcome import fail, finish

MAN_DIR, CUTOVER = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])


def run(args, **kw):
    return subprocess.run(args, capture_output=True, text=True, stdin=subprocess.DEVNULL, timeout=60, **kw)


def render(page):
    env = dict(os.environ, MANPATH=MAN_DIR, MANWIDTH="100", LC_ALL="C.UTF-8", MANPAGER="cat", PAGER="cat")
    env.pop("MANOPT", None)
    r = run(["man", "--warnings", page], env=env)
    if r.returncode != 0 or r.stderr.strip():
        fail(f"man {page}: exit {r.returncode}: {r.stderr.strip()}")
    return r.stdout


def words(text):
    return " ".join(text.split())


def help_options(text):
    """[(spec, description)] of the option lines of a --help text: an indented line starting with '-', its
    description after two spaces or ' - ', or on the deeper indented lines below."""
    out = []
    for line in text.splitlines():
        m = re.match(r"^(\s+)(-\S.*?)(?:\s+-\s+|\s{2,}|$)(.*)$", line)
        if m:
            out.append([len(m.group(1)), m.group(2), m.group(3)])
        elif out and line.strip() and len(line) - len(line.lstrip()) > out[-1][0] and not line.strip()[0] in "=-":
            out[-1][2] += " " + line.strip()
        elif not line.strip() and out:
            out.append([1000, None, ""])  # a blank line ends a description
    return [(spec, words(desc)) for _, spec, desc in out if spec]


def man_section(text, name):
    m = re.search(rf"^{name}\n(.*?)(?=^\S)", text, re.M | re.S)
    return m.group(1) if m else ""


def man_options(text):
    """Option tags of a rendered OPTIONS section: the lines indented 7 that start with '-'."""
    section = man_section(text, "OPTIONS")
    return [line[7:] for line in section.splitlines() if re.match(r"^ {7}-", line)], words(section)


def commands():
    top = run([CUTOVER, "--help"]).stdout
    names = []
    for line in top.splitlines():
        m = re.match(r"^\s+([a-z][\w-]*)(\s+-\s|\s{2,})", line) or re.match(r"^\s*(?:usage:\s*)?\S*cutover ([a-z][\w-]*)", line, re.I)
        if m and m.group(1) not in names and run([CUTOVER, m.group(1), "--help"]).returncode == 0:
            names.append(m.group(1))
    return [n for n in names if n != "help"]


def compare(page, help_text):
    rendered = render(page)
    tags, section = man_options(rendered)
    options = help_options(help_text)
    for spec, desc in options:
        if words(f"{spec} {desc}") not in section:
            fail(f"{page}: '{spec}  {desc}' of --help is not in the man page's OPTIONS")
    specs = {spec for spec, _ in options}
    for tag in tags:
        if not any(tag == s or tag.startswith(s + " ") for s in specs):
            fail(f"{page}: option '{tag}' is not in --help")
    if len(tags) != len(options):
        fail(f"{page}: {len(tags)} options in the man page, {len(options)} in --help")
    print(f"{page}: {len(tags)} options rendered, {len(options)} in --help")
    return rendered


def main():
    man1 = os.path.join(MAN_DIR, "man1")
    pages = sorted(re.sub(r"\.1(\.gz)?$", "", f) for f in os.listdir(man1))
    names = commands()
    want = ["cutover"] + [f"cutover-{n}" for n in names]
    if sorted(want) != pages:
        fail(f"pages {pages}, commands in cutover --help {names}")
    top = compare("cutover", run([CUTOVER, "--help"]).stdout)
    for n in names:
        if not re.search(rf"^ {{7}}cutover {re.escape(n)}\b", man_section(top, "COMMANDS"), re.M):
            fail(f"cutover(1) does not list the command {n}")
        rendered = compare(f"cutover-{n}", run([CUTOVER, n, "--help"]).stdout)
        if not re.search(rf"^NAME\n\s+cutover-{re.escape(n)} - \S", rendered, re.M):
            fail(f"cutover-{n}(1): no NAME line 'cutover-{n} - summary'")
    finish()


main()
