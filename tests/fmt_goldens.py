#!/usr/bin/env python3
"""`cutover fmt` over every .cut file of the repository.

Most files are in canonical form: `cutover fmt` changes nothing, and they
have no golden. A file that is deliberately laid out otherwise (a lit input
whose CHECK lines name line numbers) has its `cutover fmt` output in
tests/cases/fmt-all/<path>.golden.

Check mode (the default, run by ctest through tests/lit/fmt-all/) fails when
  - a covered file does not parse,
  - a file without a golden is not canonical (the diff `cutover fmt` would
    make is printed), or a golden is stale (`cutover fmt -` output differs
    from it),
  - a golden equals its source (the file is canonical: remove the golden),
  - a golden exists for a file that is gone or no longer covered,
  - the output is not a fixed point (fmt(fmt(x)) != fmt(x)),
  - formatting drops, adds or alters a comment or a token (commas aside).
`--update` writes the golden of each file that is not canonical and removes
the others; review the diff (a pack, example or pack test should rather be
formatted: `cutover fmt FILE`).

`--property` instead formats every .cut file below the given directories that
parses (syntax-error cases and fuzz inputs included, skipped when they do not
parse) and checks the fixed point and token/comment preservation only.

Covered: every .cut file in examples/, policies/ and tests/, except the inputs
that are meant not to parse and the formatter's own cases (EXCLUDED).
Exclusion is explicit on purpose: a covered file that stops parsing is an
error, not a silent skip.
"""
import argparse
import difflib
import fnmatch
import os
import re
import subprocess
import sys
import tempfile

COVERED_DIRS = ["examples", "policies", "tests"]
EXCLUDED = [
    "tests/lit/syntax/*",    # one syntax error per file
    "tests/fuzz/*",          # fuzz corpus: truncated and mutated inputs
    "tests/lit/hostile/*",   # hostile inputs (binary, control characters)
    "tests/cases/diff/broken.new.cut",  # a diff whose new version does not parse
    "tests/cases/fmt/*",     # the formatter's cases, with their goldens beside them (tests/lit/fmt/golden.test)
]
GOLDEN_DIR = "tests/cases/fmt-all"


def cut_files(root, dirs):
    found = []
    for d in dirs:
        for dirpath, dirnames, filenames in os.walk(os.path.join(root, d)):
            dirnames.sort()
            for name in sorted(filenames):
                if name.endswith(".cut"):
                    found.append(os.path.relpath(os.path.join(dirpath, name), root).replace(os.sep, "/"))
    return found


def covered(rel):
    return not any(fnmatch.fnmatch(rel, pattern) for pattern in EXCLUDED)


def fmt(cutover, text):
    """Formatted text, or None with the diagnostics when it does not parse."""
    p = subprocess.run([cutover, "fmt", "-"], input=text, capture_output=True)
    if p.returncode != 0:
        return None, p.stderr.decode("utf-8", "replace")
    return p.stdout, ""


def fmt_many(cutover, texts, diagnostics=True):
    """fmt() of each text, in one `cutover fmt` process over scratch copies:
    a process per file was most of this check's time (under AddressSanitizer
    above all). Texts the batch reports an error for are formatted one by one
    again when their diagnostics are wanted; everything is if the batch itself
    fails."""
    with tempfile.TemporaryDirectory() as tmp:
        names = [f"{i}.cut" for i in range(len(texts))]  # plain names: a diagnostic's path is unambiguous
        for name, text in zip(names, texts):
            with open(os.path.join(tmp, name), "wb") as fh:
                fh.write(text)
        exe = os.path.abspath(cutover) if os.sep in cutover else cutover  # it runs in tmp
        p = subprocess.run([exe, "fmt", *names], cwd=tmp, capture_output=True) if names else None
        if p is not None and p.returncode not in (0, 1):
            return [fmt(cutover, text) for text in texts]
        failed = set(re.findall(rb"^(\d+\.cut):\d+:\d+: error:", p.stderr, re.M)) if p else set()
        results = []
        for name, text in zip(names, texts):
            if name.encode() in failed:
                results.append(fmt(cutover, text) if diagnostics else (None, ""))
            else:
                with open(os.path.join(tmp, name), "rb") as fh:
                    results.append((fh.read(), ""))
        return results


def lex(data):
    """(tokens, comments) of a .cut text: strings decoded, commas dropped
    (the formatter adds and removes separators), comments stripped."""
    text = data.decode("utf-8", "replace")
    tokens, comments = [], []
    i, n = 0, len(text)
    escapes = {"n": "\n", "t": "\t", '"': '"', "\\": "\\"}
    while i < n:
        c = text[i]
        if c.isspace() or c == ",":
            i += 1
        elif c == "#":
            j = text.find("\n", i)
            j = n if j < 0 else j
            comments.append(text[i:j].rstrip())
            i = j
        elif c == '"':
            j, value = i + 1, []
            while j < n and text[j] not in '"\n':
                if text[j] == "\\" and j + 1 < n:
                    value.append(escapes.get(text[j + 1], text[j : j + 2]))
                    j += 2
                else:
                    value.append(text[j])
                    j += 1
            tokens.append(("str", "".join(value)))
            i = j + 1
        elif c.isdigit():  # integer or version: digits joined by dots
            j = i + 1
            while j < n and (text[j].isdigit() or (text[j] == "." and j + 1 < n and text[j + 1].isdigit())):
                j += 1
            tokens.append(("number", text[i:j]))
            i = j
        elif c.isalpha() or c == "_":  # identifier, hyphens inside
            j = i + 1
            while j < n and (text[j].isalnum() or text[j] == "_" or
                             (text[j] == "-" and j + 1 < n and (text[j + 1].isalnum() or text[j + 1] == "_"))):
                j += 1
            tokens.append(("word", text[i:j]))
            i = j
        else:
            j = i + 1
            if text[i : i + 2] in ("==", "!=", "<=", ">="):
                j = i + 2
            tokens.append(("punct", text[i:j]))
            i = j
    return tokens, comments


def same_program(before, after):
    """Why `after` is not the same program with the same comments, or ''."""
    tb, cb = lex(before)
    ta, ca = lex(after)
    if cb != ca:
        lost = [c for c in cb if c not in ca]
        added = [c for c in ca if c not in cb]
        return f"comments differ (lost {lost[:3]}, added {added[:3]}, or reordered)"
    if tb != ta:
        k = next((k for k, (x, y) in enumerate(zip(tb, ta)) if x != y), min(len(tb), len(ta)))
        return f"tokens differ at token {k}: {tb[k:k + 3]} became {ta[k:k + 3]}"
    return ""


def check_files(cutover, sources, outs):
    """Problems of each (source, formatted text) pair: fixed point and preservation."""
    agains = fmt_many(cutover, outs)
    problems = []
    for source, formatted, (again, err) in zip(sources, outs, agains):
        found = []
        if again is None:
            found.append("its formatted text does not parse:\n" + err)
        elif again != formatted:
            found.append("not a fixed point: formatting the output changes it again")
        why = same_program(source, formatted)
        if why:
            found.append(why)
        problems.append(found)
    return problems


def unified_diff(rel, before, after):
    lines = difflib.unified_diff(before.decode("utf-8", "replace").splitlines(True),
                                 after.decode("utf-8", "replace").splitlines(True),
                                 f"a/{rel}", f"b/{rel}")
    return "".join(lines)


def read(path):
    with open(path, "rb") as fh:
        return fh.read()


def run_goldens(args):
    root = args.root
    files = [f for f in cut_files(root, COVERED_DIRS) if covered(f)]
    sources = [read(os.path.join(root, rel)) for rel in files]
    results = fmt_many(args.cutover, sources)
    parsed = [k for k, (out, _) in enumerate(results) if out is not None]
    problems = dict(zip(parsed, check_files(args.cutover, [sources[k] for k in parsed],
                                            [results[k][0] for k in parsed])))
    expected = set()  # goldens that should exist
    failures = []
    for k, (rel, source, (out, err)) in enumerate(zip(files, sources, results)):
        if out is None:
            failures.append(f"{rel}: does not parse (add it to EXCLUDED in tests/fmt_goldens.py "
                            f"only if that is intended):\n{err}")
            continue
        failures += [f"{rel}: {p}" for p in problems[k]]
        golden_rel = f"{GOLDEN_DIR}/{rel}.golden"
        golden = os.path.join(root, golden_rel)
        old = read(golden) if os.path.exists(golden) else None
        if args.update:
            if out == source:
                continue  # canonical: no golden (a stale one is removed below)
            expected.add(golden_rel)
            if old != out:
                os.makedirs(os.path.dirname(golden), exist_ok=True)
                with open(golden, "wb") as fh:
                    fh.write(out)
                print(f"updated {golden_rel}")
            continue
        if old is None:
            if out != source:
                failures.append(f"{rel}: not in canonical form and no golden; `cutover fmt {rel}` would change:\n"
                                + unified_diff(rel, source, out))
            continue
        expected.add(golden_rel)
        if old == source or out == source:
            failures.append(f"{rel}: in canonical form, so it has no golden: remove {golden_rel}")
        elif old != out:
            failures.append(f"{rel}: `cutover fmt` output differs from {golden_rel}:\n" + unified_diff(rel, old, out))

    for dirpath, _, filenames in os.walk(os.path.join(root, GOLDEN_DIR)):
        for name in filenames:
            rel = os.path.relpath(os.path.join(dirpath, name), root).replace(os.sep, "/")
            if rel in expected:
                continue
            if args.update:
                os.remove(os.path.join(root, rel))
                print(f"removed {rel}")
            else:
                failures.append(f"{rel}: stale golden (its source is gone or excluded)")
    return files, failures


def run_property(args):
    rels = [rel for d in args.property for rel in cut_files(args.root, [d])]
    sources = [read(os.path.join(args.root, rel)) for rel in rels]
    results = fmt_many(args.cutover, sources, diagnostics=False)
    # A file that does not parse is skipped: fmt rejects it, nothing to preserve.
    parsed = [k for k, (out, _) in enumerate(results) if out is not None]
    problems = check_files(args.cutover, [sources[k] for k in parsed], [results[k][0] for k in parsed])
    files = [rels[k] for k in parsed]
    failures = [f"{rel}: {p}" for rel, found in zip(files, problems) for p in found]
    return files, failures


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--cutover", required=True, help="the cutover binary")
    parser.add_argument("--root", default=os.path.dirname(os.path.dirname(os.path.abspath(__file__))),
                        help="source root (default: this script's repository)")
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument("--update", action="store_true", help="rewrite the goldens")
    mode.add_argument("--property", nargs="+", metavar="DIR",
                      help="fixed point and preservation of every parseable file below DIR (relative to root)")
    args = parser.parse_args()

    files, failures = run_property(args) if args.property else run_goldens(args)
    for f in failures:
        print("FAIL: " + f, file=sys.stderr)
    if not files:
        print("FAIL: no .cut files found", file=sys.stderr)
        return 1
    print(f"{len(files)} files, {len(failures)} problems")
    if failures and not args.update and not args.property:
        print(f"(format a file that should be canonical: cutover fmt FILE; if a golden's new layout is "
              f"intended: {sys.argv[0]} --cutover BIN --update)", file=sys.stderr)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
