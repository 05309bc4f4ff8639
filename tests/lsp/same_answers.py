#!/usr/bin/env python3
"""Proves that a refactor of the language server changed none of its
answers: drives two `cutover lsp` binaries through the same scripted session
and compares every message they send, byte for byte
(docs/architecture.md#proving-a-refactor-changed-nothing).

Usage: tests/lsp/same_answers.py OLD_CUTOVER NEW_CUTOVER [--every N]

Both binaries run from the same place, as in tests/same_output.py.
The session, once with UTF-16 positions and once with UTF-8: every .cut file
of examples/, policies/ and tests/editors/ opened (its diagnostics), its
symbols, folding ranges, formatting and code actions; hover, definition and
completion at the start of every word and at every line's end; references
and rename at every N-th word (default 5: they scan the workspace,
examples/); then an edit that breaks a name (its diagnostics, code actions
and completion there). Prints `N answers, M identical, K that vary from run
to run` and the first differences; exits 1 on any difference.

Some answers vary between two runs of one binary: the server's index orders
names by their address in memory, across files too, so the places that
references and rename list come in varying order (they are compared as
sets), and of a name declared in two files (a plan's vocabulary and its
pack's) either may be the one definition answers. The old binary runs twice;
an answer that differs between those runs is counted, not compared.
"""
import argparse
import json
import os
import re
import shutil
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path[:0] = [HERE, os.path.dirname(HERE)]
from protocol import Server, uri  # noqa: E402  (the protocol test's client)
from same_output import installed_layout  # noqa: E402  (where both binaries run)

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
DIRS = ["examples", "policies", "tests/editors"]
WORD = re.compile(r"[A-Za-z_][A-Za-z0-9_-]*")
SHOWN = 10


def cut_files():
    found = []
    for d in DIRS:
        for base, _, names in os.walk(os.path.join(ROOT, d)):
            found += [os.path.join(base, n) for n in names if n.endswith(".cut")]
    return sorted(found)


def position(line_no, line, column, encoding):
    prefix = line[:column]
    units = len(prefix.encode("utf-16-le")) // 2 if encoding == "utf-16" else len(prefix.encode("utf-8"))
    return {"line": line_no, "character": units}


def session(cutover, encoding, every):
    """Every answer of one session, each as (what was asked, the answer's JSON)."""
    answers = []
    server = Server(cutover, ROOT)

    def ask(method, params):
        reply = server.request(method, params)
        reply.pop("id", None)
        # The order of the places in different files follows where their buffers happen to lie in memory.
        result = reply.get("result")
        if method == "textDocument/references" and result:
            result.sort(key=json.dumps)
        if method == "textDocument/rename" and result:
            for edits in result["changes"].values():
                edits.sort(key=json.dumps)
        answers.append((f"{method} {json.dumps(params)}", json.dumps(reply)))

    answers.append(("initialize", json.dumps(server.request("initialize", {
        "rootUri": uri(os.path.join(ROOT, "examples")),
        "capabilities": {"general": {"positionEncodings": [encoding]}},
        "initializationOptions": {"debounceMs": 0}})["result"])))
    server.notify("initialized", {})
    for path in cut_files():
        with open(path, encoding="utf-8", errors="surrogateescape") as f:
            text = f.read()
        doc = uri(path)
        td = {"textDocument": {"uri": doc}}
        server.notify("textDocument/didOpen", {"textDocument": {"uri": doc, "languageId": "cut", "version": 0,
                                                                "text": text}})
        answers.append((f"diagnostics {doc}", json.dumps(server.diagnostics(doc, 0))))
        lines = text.split("\n")
        whole = {"start": {"line": 0, "character": 0}, "end": position(len(lines) - 1, lines[-1], len(lines[-1]),
                                                                         encoding)}
        for method in ("documentSymbol", "foldingRange", "formatting"):
            ask("textDocument/" + method, dict(td, options={"tabSize": 2, "insertSpaces": True}))
        ask("textDocument/codeAction", dict(td, range=whole, context={"diagnostics": []}))
        count = 0
        for n, line in enumerate(lines):
            places = [m.start() for m in WORD.finditer(line)] + [len(line)]
            for column in places:
                at = dict(td, position=position(n, line, column, encoding))
                for method in ("hover", "definition", "completion"):
                    ask("textDocument/" + method, at)
                count += 1
                if count % every == 0 and column < len(line):
                    ask("textDocument/references", dict(at, context={"includeDeclaration": True}))
                    ask("textDocument/rename", dict(at, newName="renamed_name"))
        # An edit that breaks the first declared name: new diagnostics, fixes and completion there.
        m = re.search(r"^\s*\w+\s+([A-Za-z_]\w*)", text, re.M)
        if m:
            n = text.count("\n", 0, m.start(1))
            line = lines[n]
            column = m.start(1) - (text.rfind("\n", 0, m.start(1)) + 1)
            at = position(n, line, column, encoding)
            server.notify("textDocument/didChange", {
                "textDocument": {"uri": doc, "version": 1},
                "contentChanges": [{"range": {"start": at, "end": at}, "text": "x"}]})
            answers.append((f"diagnostics {doc} v1", json.dumps(server.diagnostics(doc, 1))))
            ask("textDocument/codeAction", dict(td, range=whole, context={"diagnostics": []}))
            ask("textDocument/completion", dict(td, position=at))
        server.notify("textDocument/didClose", td)
        answers.append((f"closed {doc}", json.dumps(server.diagnostics(doc))))
    answers.append(("exit status", str(server.finish())))
    return answers


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("old")
    parser.add_argument("new")
    parser.add_argument("--every", type=int, default=5)
    args = parser.parse_args()
    total, unstable, differences = 0, 0, []
    tmp = tempfile.mkdtemp(prefix="same-answers-")
    try:
        binary = installed_layout(tmp)
        for encoding in ("utf-16", "utf-8"):
            answers = []
            for source in (args.old, args.new, args.old):
                shutil.copy2(source, binary)
                answers.append(session(binary, encoding, args.every))
            old, new, again = answers
            if not len(old) == len(new) == len(again):
                differences.append(f"{encoding}: {len(old)} answers against {len(new)}")
            for (asked, a), (_, b), (_, c) in zip(old, new, again):
                total += 1
                if a != c:
                    unstable += 1
                elif a != b:
                    differences.append(f"{encoding}: {asked}\n  old: {a[:300]}\n  new: {b[:300]}")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    print(f"{total} answers, {total - unstable - len(differences)} identical, {unstable} that vary from run to run")
    for d in differences[:SHOWN]:
        print(d)
    return 1 if differences else 0


if __name__ == "__main__":
    sys.exit(main())
