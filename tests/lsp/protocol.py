#!/usr/bin/env python3
"""The protocol test of `cutover lsp` (ctest `lsp_protocol`): scripted
JSON-RPC over the server's stdin and stdout, one check per capability and
per kind of malformed input (docs/editors.md#the-language-server).

Usage: tests/lsp/protocol.py CUTOVER SOURCE_DIR

Every byte the server writes to stdout must be a framed JSON-RPC message:
the reader fails the test on anything else. Prints one line per failed
check and exits 1 when any failed.
"""
import json
import os
import queue
import shutil
import subprocess
import sys
import tempfile
import threading
import time

TIMEOUT = 60  # seconds to wait for any one answer: a hang fails, it is not a measure
FAILED = []
PASSED = [0]


def check(ok, what):
    if ok:
        PASSED[0] += 1
    else:
        FAILED.append(what)
        print(f"FAIL: {what}", flush=True)


def uri(path):
    return "file://" + path


class Server:
    """`cutover lsp` with a reader thread that frames everything on stdout."""

    def __init__(self, cutover, cwd):
        self.proc = subprocess.Popen([cutover, "lsp"], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     stderr=subprocess.PIPE, cwd=cwd)
        self.inbox = queue.Queue()
        self.notifications = []
        self.garbage = []
        self.next_id = 0
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self):
        out = self.proc.stdout
        while True:
            headers = {}
            line = out.readline()
            if not line:
                self.inbox.put(None)
                return
            while line not in (b"\r\n", b""):
                if b":" not in line or not line.endswith(b"\r\n"):
                    self.garbage.append(line)
                name, _, value = line.decode("latin-1").partition(":")
                headers[name.strip().lower()] = value.strip()
                line = out.readline()
            length = int(headers.get("content-length", "-1"))
            if length < 0:
                self.garbage.append(repr(headers).encode())
                continue
            body = out.read(length)
            try:
                self.inbox.put(json.loads(body))
            except ValueError:
                self.garbage.append(body)

    def raw(self, data):
        self.proc.stdin.write(data)
        self.proc.stdin.flush()

    def send(self, message):
        body = json.dumps(message).encode("utf-8")
        self.raw(b"Content-Length: %d\r\n\r\n" % len(body) + body)

    def notify(self, method, params):
        self.send({"jsonrpc": "2.0", "method": method, "params": params})

    def request(self, method, params, id=None):
        if id is None:
            self.next_id += 1
            id = self.next_id
        self.send({"jsonrpc": "2.0", "id": id, "method": method, "params": params})
        return self.response(id)

    def take(self, deadline):
        message = self.inbox.get(timeout=max(0.01, deadline - time.time()))
        if message is None:
            raise EOFError("the server closed its output")
        return message

    def response(self, id):
        deadline = time.time() + TIMEOUT
        while True:
            message = self.take(deadline)
            if "method" in message and "id" not in message:
                self.notifications.append(message)
            elif message.get("id") == id:
                return message

    def diagnostics(self, doc_uri, version=None):
        """The next publishDiagnostics for doc_uri (of `version`, when given)."""
        deadline = time.time() + TIMEOUT
        while True:
            for i, n in enumerate(self.notifications):
                p = n.get("params", {})
                if n["method"] == "textDocument/publishDiagnostics" and p.get("uri") == doc_uri and \
                        (version is None or p.get("version") == version):
                    del self.notifications[: i + 1]
                    return p["diagnostics"]
            message = self.take(deadline)
            if "method" in message and "id" not in message:
                self.notifications.append(message)

    def initialize(self, root, encodings=("utf-16",)):
        result = self.request("initialize", {
            "processId": os.getpid(), "rootUri": uri(root),
            "capabilities": {"general": {"positionEncodings": list(encodings)}},
            "initializationOptions": {"debounceMs": 0}})
        self.notify("initialized", {})
        return result

    def finish(self):
        """shutdown and exit; the exit status."""
        self.request("shutdown", None)
        self.notify("exit", None)
        return self.proc.wait(timeout=TIMEOUT)


def position_of(text, needle, occurrence=0, encoding="utf-16"):
    """The LSP position of the start of the n-th `needle` in `text`."""
    index = -1
    for _ in range(occurrence + 1):
        index = text.index(needle, index + 1)
    line = text.count("\n", 0, index)
    column = text[text.rfind("\n", 0, index) + 1: index]
    units = len(column.encode("utf-16-le")) // 2 if encoding == "utf-16" else len(column.encode("utf-8"))
    return {"line": line, "character": units}


def range_of(text, needle, occurrence=0, encoding="utf-16"):
    start = position_of(text, needle, occurrence, encoding)
    return {"start": start, "end": {"line": start["line"], "character": start["character"] + len(needle)}}


def apply(text, edits):
    """Applies TextEdits (UTF-16 positions) to text."""
    lines = text.split("\n")

    def offset(p):
        before = sum(len(l) + 1 for l in lines[: p["line"]])
        line = lines[p["line"]] if p["line"] < len(lines) else ""
        units, chars = 0, 0
        while chars < len(line) and units < p["character"]:
            units += len(line[chars].encode("utf-16-le")) // 2
            chars += 1
        return before + chars

    for e in sorted(edits, key=lambda e: (e["range"]["start"]["line"], e["range"]["start"]["character"]), reverse=True):
        text = text[: offset(e["range"]["start"])] + e["newText"] + text[offset(e["range"]["end"]):]
    return text


def ids(diagnostics):
    return sorted(d["code"] for d in diagnostics)


def main():
    cutover, src = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
    work = tempfile.mkdtemp(prefix="cutover-lsp-")
    try:
        os.mkdir(os.path.join(work, ".git"))
        run(cutover, src, work)
        malformed(cutover, work)
        exit_statuses(cutover, work)
    except Exception as error:  # a hang or a closed pipe is a failure with its story
        import traceback
        traceback.print_exc()
        check(False, f"the script stopped: {error!r}")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print(f"{PASSED[0]} passed, {len(FAILED)} failed")
    return 1 if FAILED else 0


def run(cutover, src, work):
    server = Server(cutover, work)
    init = server.initialize(work)
    caps = init["result"]["capabilities"]
    check(caps.get("positionEncoding") == "utf-16", f"positionEncoding without utf-8 offered: {caps.get('positionEncoding')}")
    for cap in ("documentSymbolProvider", "foldingRangeProvider", "definitionProvider", "referencesProvider",
                "renameProvider", "hoverProvider", "completionProvider", "documentFormattingProvider",
                "codeActionProvider"):
        check(cap in caps, f"capability {cap}")

    # --- diagnostics: the mistake example, at the exact range, with notes, trace and link
    mistake_text = open(os.path.join(src, "examples/mistakes/decommission-before-backup.cut")).read()
    mistake = os.path.join(work, "mistake.cut")
    open(mistake, "w").write(mistake_text)
    server.notify("textDocument/didOpen", {"textDocument": {"uri": uri(mistake), "languageId": "cut", "version": 1,
                                                            "text": mistake_text}})
    diags = server.diagnostics(uri(mistake), 1)
    check(ids(diags) == ["CORE-DATA-001"], f"diagnostics of the mistake: {ids(diags)}")
    d = diags[0] if diags else {}
    check(d.get("range") == range_of(mistake_text, "archdb", 3), f"CORE-DATA-001 range: {d.get('range')}")
    check(d.get("severity") == 1, "CORE-DATA-001 is an error")
    related = [r["message"] for r in d.get("relatedInformation", [])]
    check(any("held by archdb" in m for m in related), f"related information: a note: {related}")
    check(any("reached after phases" in m for m in related), f"related information: the trace: {related}")
    href = d.get("codeDescription", {}).get("href", "")
    check(href.startswith("file://") and "/core.cut#L" in href, f"codeDescription links the policy: {href}")

    # --- hover: a data set's holder, a policy ID in an `# expect:` comment
    hover = server.request("textDocument/hover", {"textDocument": {"uri": uri(mistake)},
                                                  "position": position_of(mistake_text, "archdb", 3)})
    value = (hover.get("result") or {}).get("contents", {}).get("value", "")
    check("sql_store" in value and "retire (decommission)" in value, f"hover on archdb: {value!r}")
    hover = server.request("textDocument/hover", {"textDocument": {"uri": uri(mistake)},
                                                  "position": position_of(mistake_text, "CORE-DATA-001")})
    value = (hover.get("result") or {}).get("contents", {}).get("value", "")
    check("CORE-DATA-001" in value and "policy CORE-DATA-001" in value, f"hover on # expect: ID: {value[:200]!r}")
    hover = server.request("textDocument/hover", {"textDocument": {"uri": uri(mistake)},
                                                  "position": position_of(mistake_text, "retire {")})
    value = (hover.get("result") or {}).get("contents", {}).get("value", "")
    check("phase" in value and "before: backup" in value, f"hover on a phase: {value!r}")

    # --- definition
    definition = server.request("textDocument/definition", {"textDocument": {"uri": uri(mistake)},
                                                            "position": position_of(mistake_text, "archdb", 3)})
    check(definition.get("result") == {"uri": uri(mistake), "range": range_of(mistake_text, "archdb", 0)},
          f"definition of archdb: {definition.get('result')}")

    # --- a name the plan and a pack both declare (the vocabulary word front_end) goes to the plan's declaration,
    # whatever the addresses of the buffers: opened five times, each copy with a different length
    showcase_text = open(os.path.join(src, "tests/editors/showcase.cut")).read()
    answers = []
    for copy in range(5):
        text = "#" * (copy * 4099) + "\n" + showcase_text
        path = os.path.join(work, f"showcase{copy}.cut")
        open(path, "w").write(text)
        server.notify("textDocument/didOpen", {"textDocument": {"uri": uri(path), "languageId": "cut", "version": 1,
                                                                "text": text}})
        found = server.request("textDocument/definition", {"textDocument": {"uri": uri(path)},
                                                           "position": position_of(text, "front_end", 1)})
        answers.append(found.get("result") == {"uri": uri(path), "range": range_of(text, "front_end", 0)})
    check(all(answers), f"front_end goes to the plan's own declaration every time: {answers}")

    # --- code action: the waiver, applied; then the fix by hand (didChange)
    actions = server.request("textDocument/codeAction", {"textDocument": {"uri": uri(mistake)},
                                                         "range": d.get("range"), "context": {"diagnostics": diags}})
    titles = [a["title"] for a in actions.get("result") or []]
    waive = [a for a in actions.get("result") or [] if a["title"].startswith("Waive CORE-DATA-001")]
    check(len(waive) == 1, f"a waiver action: {titles}")
    if waive:
        waived = apply(mistake_text, waive[0]["edit"]["changes"][uri(mistake)])
        check('waive CORE-DATA-001 for archdb, arch_history "TODO' in waived, f"the waiver: {waived[-80:]!r}")
        server.notify("textDocument/didChange", {"textDocument": {"uri": uri(mistake), "version": 2},
                                                 "contentChanges": [{"text": waived}]})
        check(ids(server.diagnostics(uri(mistake), 2)) == [], "the waived finding is gone")
    fixed = mistake_text.replace("phase retire {", "phase retire after backup {").replace(
        "phase backup after retire {", "phase backup {")
    server.notify("textDocument/didChange", {"textDocument": {"uri": uri(mistake), "version": 3},
                                             "contentChanges": [{"text": fixed}]})
    check(ids(server.diagnostics(uri(mistake), 3)) == [], "didChange that fixes the plan clears the diagnostics")

    # --- stale results: edits faster than checks; the last publication is of the last text
    for version in range(4, 9):
        text = mistake_text if version % 2 == 0 else fixed
        server.notify("textDocument/didChange", {"textDocument": {"uri": uri(mistake), "version": version},
                                                 "contentChanges": [{"text": text}]})
    check(ids(server.diagnostics(uri(mistake), 8)) == ["CORE-DATA-001"], "the last of quick edits is what shows")
    server.request("textDocument/hover", {"textDocument": {"uri": uri(mistake)}, "position": {"line": 0, "character": 0}})
    later = [n for n in server.notifications if n["params"].get("uri") == uri(mistake)]
    check(all(n["params"].get("version") == 8 for n in later), f"nothing stale after version 8: {later}")

    # --- a did-you-mean fix-it, applied as an incremental change
    typo_text = mistake_text.replace("decommission arch2010, archdb", "decommission arch2010, archdbb")
    typo = os.path.join(work, "typo.cut")
    open(typo, "w").write(typo_text)
    server.notify("textDocument/didOpen", {"textDocument": {"uri": uri(typo), "languageId": "cut", "version": 1,
                                                            "text": typo_text}})
    diags = server.diagnostics(uri(typo), 1)
    check(ids(diags) == ["E-UNKNOWN"], f"the typo: {ids(diags)}")
    if diags:
        actions = server.request("textDocument/codeAction", {"textDocument": {"uri": uri(typo)},
                                                             "range": diags[0]["range"],
                                                             "context": {"diagnostics": diags}})
        change = [a for a in actions.get("result") or [] if "archdb'" in a["title"]]
        check(len(change) == 1, f"did-you-mean action: {[a['title'] for a in actions.get('result') or []]}")
        if change:
            edits = change[0]["edit"]["changes"][uri(typo)]
            server.notify("textDocument/didChange", {"textDocument": {"uri": uri(typo), "version": 2},
                                                     "contentChanges": [{"range": e["range"], "text": e["newText"]}
                                                                        for e in edits]})
            check(ids(server.diagnostics(uri(typo), 2)) == ["CORE-DATA-001"], "the fix-it applied: the typo is gone")

    # --- an E-CONFLICT carries an `after`
    conflict_text = (
        "deployment d {\n  front_end fe { users 10 }\n  front_end fe2 { users 0 }\n}\n"
        "migration m of d {\n  phase a {\n    move 5 users from fe to fe2\n  }\n"
        "  phase b {\n    decommission fe2\n  }\n}\n")
    conflict = os.path.join(work, "conflict.cut")
    server.notify("textDocument/didOpen", {"textDocument": {"uri": uri(conflict), "languageId": "cut", "version": 1,
                                                            "text": conflict_text}})
    diags = server.diagnostics(uri(conflict), 1)
    conflicts = [x for x in diags if x["code"] == "E-CONFLICT"]
    check(len(conflicts) >= 1, f"E-CONFLICT: {ids(diags)}")
    if conflicts:
        actions = server.request("textDocument/codeAction", {"textDocument": {"uri": uri(conflict)},
                                                             "range": conflicts[0]["range"],
                                                             "context": {"diagnostics": conflicts}})
        after = [a for a in actions.get("result") or [] if "after" in a["title"]]
        check(len(after) >= 1, f"an `after` action: {[a['title'] for a in actions.get('result') or []]}")
        if after:
            ordered = apply(conflict_text, after[0]["edit"]["changes"][uri(conflict)])
            server.notify("textDocument/didChange", {"textDocument": {"uri": uri(conflict), "version": 2},
                                                     "contentChanges": [{"text": ordered}]})
            check("E-CONFLICT" not in ids(server.diagnostics(uri(conflict), 2)), f"ordered: {ordered!r}")

    # --- document symbols and folding
    contoso_text = open(os.path.join(src, "examples/contoso.cut")).read()
    contoso = os.path.join(work, "contoso.cut")
    open(contoso, "w").write(contoso_text)
    server.notify("textDocument/didOpen", {"textDocument": {"uri": uri(contoso), "languageId": "cut", "version": 1,
                                                            "text": contoso_text}})
    symbols = server.request("textDocument/documentSymbol", {"textDocument": {"uri": uri(contoso)}}).get("result") or []
    names = {s["name"]: s for s in symbols}
    check("contoso" in names and "to2013" in names, f"top-level symbols: {list(names)}")
    if "to2013" in names:
        phases = [c["name"] for c in names["to2013"].get("children", [])]
        check("pilot" in phases and "retire" in phases, f"phases under the migration: {phases}")
    if "contoso" in names:
        sites = [c["name"] for c in names["contoso"].get("children", [])]
        check("redmond" in sites, f"sites under the deployment: {sites}")
    folds = server.request("textDocument/foldingRange", {"textDocument": {"uri": uri(contoso)}}).get("result") or []
    deployment_line = position_of(contoso_text, "deployment contoso")["line"]
    check(any(f["startLine"] == deployment_line for f in folds), f"a fold for the deployment: {folds[:5]}")
    check(any(f.get("kind") == "comment" for f in folds), "a fold for the comment block")

    # --- completion
    def labels(text_uri, position):
        result = server.request("textDocument/completion", {"textDocument": {"uri": text_uri}, "position": position})
        return {i["label"] for i in (result.get("result") or {}).get("items", [])}

    # Typed into a plan that was complete: the names come from its last good version.
    complete = ("use lync2013\ndeployment d {\n  front_end fe { users 1 }\n}\n"
                "migration m of d {\n  phase p {\n    decommission fe\n  }\n}\n")
    scratch_text = ("use lync2013\ndeployment d {\n  front_end fe { users 1 }\n  \n}\n"
                    "migration m of d {\n  phase p {\n    \n    deploy \n  }\n  phase q after \n}\nwaive \n")
    scratch = os.path.join(work, "scratch.cut")
    server.notify("textDocument/didOpen", {"textDocument": {"uri": uri(scratch), "languageId": "cut", "version": 1,
                                                            "text": complete}})
    server.diagnostics(uri(scratch), 1)
    server.notify("textDocument/didChange", {"textDocument": {"uri": uri(scratch), "version": 2},
                                             "contentChanges": [{"text": scratch_text}]})
    check(ids(server.diagnostics(uri(scratch), 2)) == ["E-SYNTAX"], "the text being typed does not parse")
    lines = scratch_text.split("\n")
    got = labels(uri(scratch), {"line": 7, "character": 4})
    check({"deploy", "decommission", "backup"} <= got, f"step keywords in a phase: {sorted(got)[:12]}")
    got = labels(uri(scratch), {"line": 8, "character": len(lines[8])})
    check("front_end" in got and "archiving_server" in got, f"roles after deploy: {sorted(got)[:12]}")
    got = labels(uri(scratch), {"line": 10, "character": len(lines[10])})
    check("p" in got, f"phases after `after`: {sorted(got)}")
    got = labels(uri(scratch), {"line": 12, "character": len(lines[12])})
    check("CORE-DATA-001" in got and "LYNC-ARC-001" in got, f"policy IDs after waive: {len(got)}")
    got = labels(uri(scratch), {"line": 3, "character": 2})
    check({"site", "data"} <= got and "sql_store" in got, f"a deployment's keywords and roles: {sorted(got)[:12]}")
    got = labels(uri(scratch), {"line": 13, "character": 0})
    check({"deployment", "migration", "policy", "use"} <= got, f"top-level keywords: {sorted(got)}")

    # --- formatting: the formatter's text; refused on a syntax error
    messy = "deployment   d {\n front_end fe {users 1}\n}\n"
    messy_path = os.path.join(work, "messy.cut")
    open(messy_path, "w").write(messy)
    server.notify("textDocument/didOpen", {"textDocument": {"uri": uri(messy_path), "languageId": "cut", "version": 1,
                                                            "text": messy}})
    edits = server.request("textDocument/formatting", {"textDocument": {"uri": uri(messy_path)},
                                                       "options": {"tabSize": 2, "insertSpaces": True}})
    formatted = apply(messy, edits.get("result") or [])
    subprocess.run([cutover, "fmt", "--", messy_path], check=True, capture_output=True)
    check(formatted == open(messy_path).read() and formatted != messy, f"formatting: {formatted!r}")
    server.notify("textDocument/didChange", {"textDocument": {"uri": uri(messy_path), "version": 2},
                                             "contentChanges": [{"text": "deployment d {\n"}]})
    refused = server.request("textDocument/formatting", {"textDocument": {"uri": uri(messy_path)}, "options": {}})
    check("error" in refused and "syntax error" in refused["error"]["message"], f"formatting refused: {refused}")

    # --- references and rename across the workspace (a file that `use`s the open one)
    base_text = "deployment d {\n  front_end fe { users 10 }\n  front_end fe2 { users 0 }\n}\n"
    plan_text = 'use "base.cut"\nmigration m of d {\n  phase a {\n    move all users from fe to fe2\n  }\n}\n'
    base, plan = os.path.join(work, "base.cut"), os.path.join(work, "plan.cut")
    open(base, "w").write(base_text)
    open(plan, "w").write(plan_text)
    server.notify("textDocument/didOpen", {"textDocument": {"uri": uri(base), "languageId": "cut", "version": 1,
                                                            "text": base_text}})
    refs = server.request("textDocument/references", {"textDocument": {"uri": uri(base)},
                                                      "position": position_of(base_text, "fe2"),
                                                      "context": {"includeDeclaration": True}}).get("result") or []
    check(sorted((r["uri"], r["range"]["start"]["line"]) for r in refs) == [(uri(base), 2), (uri(plan), 3)],
          f"references of fe2 (declaration included): {refs}")
    refs = server.request("textDocument/references", {"textDocument": {"uri": uri(base)},
                                                      "position": position_of(base_text, "fe2"),
                                                      "context": {"includeDeclaration": False}}).get("result") or []
    check([r["uri"] for r in refs] == [uri(plan)], f"references of fe2 without the declaration: {refs}")
    renamed = server.request("textDocument/rename", {"textDocument": {"uri": uri(base)},
                                                     "position": position_of(base_text, "fe2"), "newName": "fe2013"})
    changes = (renamed.get("result") or {}).get("changes", {})
    check(set(changes) == {uri(base), uri(plan)}, f"rename edits both files: {renamed}")
    if set(changes) == {uri(base), uri(plan)}:
        check(apply(plan_text, changes[uri(plan)]) == plan_text.replace("fe2", "fe2013"), "rename in the user")
        check(apply(base_text, changes[uri(base)]) == base_text.replace("fe2", "fe2013"), "rename at the declaration")
    taken = server.request("textDocument/rename", {"textDocument": {"uri": uri(base)},
                                                   "position": position_of(base_text, "fe2"), "newName": "fe"})
    check("error" in taken and "already" in taken["error"]["message"], f"rename to a taken name: {taken}")
    bad = server.request("textDocument/rename", {"textDocument": {"uri": uri(base)},
                                                 "position": position_of(base_text, "fe2"), "newName": "not a name"})
    check("error" in bad, f"rename to something that is no name: {bad}")

    # --- a file that an open plan uses changes on disk (the editor's file watcher says so)
    lib, user = os.path.join(work, "lib.cut"), os.path.join(work, "user.cut")
    open(lib, "w").write(base_text)
    user_text = plan_text.replace("base.cut", "lib.cut")
    open(user, "w").write(user_text)
    server.notify("textDocument/didOpen", {"textDocument": {"uri": uri(user), "languageId": "cut", "version": 1,
                                                            "text": user_text}})
    check(ids(server.diagnostics(uri(user), 1)) == [], "the plan that uses lib.cut is clean")
    open(lib, "w").write(base_text.replace("fe2", "fe3"))
    server.notify("workspace/didChangeWatchedFiles", {"changes": [{"uri": uri(lib), "type": 2}]})
    check(ids(server.diagnostics(uri(user))) == ["E-UNKNOWN"], "a change on disk re-checks the plans that use it")

    # --- an unknown document, an unknown method
    unknown = server.request("textDocument/hover", {"textDocument": {"uri": uri(os.path.join(work, "nope.cut"))},
                                                    "position": {"line": 0, "character": 0}})
    check(unknown.get("error", {}).get("code") == -32602, f"unknown document: {unknown}")
    method = server.request("textDocument/frobnicate", {})
    check(method.get("error", {}).get("code") == -32601, f"unknown method: {method}")

    server.notify("textDocument/didClose", {"textDocument": {"uri": uri(typo)}})
    check(server.diagnostics(uri(typo)) == [], "didClose clears the diagnostics")
    status = server.finish()
    check(status == 0, f"exit after shutdown: status {status}")
    check(not server.garbage, f"stdout holds only protocol: {server.garbage[:3]}")
    utf8(cutover, work)


def utf8(cutover, work):
    """positionEncoding utf-8 when offered; UTF-16 columns otherwise."""
    text = ('deployment d {\n  sql_store db { version 1 }\n  data h { kind archiving, held_by db }\n}\n'
            'migration m of d {\n  phase p {\n    backup h to "\u00e9\U0001F600" decommission nosuch\n  }\n}\n')
    path = os.path.join(work, "utf.cut")
    for encodings, expected in ((["utf-8", "utf-16"], "utf-8"), (["utf-16"], "utf-16")):
        server = Server(cutover, work)
        caps = server.initialize(work, encodings)["result"]["capabilities"]
        check(caps.get("positionEncoding") == expected, f"offered {encodings}: {caps.get('positionEncoding')}")
        server.notify("textDocument/didOpen", {"textDocument": {"uri": uri(path), "languageId": "cut", "version": 1,
                                                                "text": text}})
        diags = [d for d in server.diagnostics(uri(path), 1) if d["code"] == "E-UNKNOWN"]
        want = range_of(text, "nosuch", 0, expected)
        check(len(diags) == 1 and diags[0]["range"] == want, f"{expected} range: {diags} (want {want})")
        server.finish()


def malformed(cutover, work):
    server = Server(cutover, work)
    # Before initialize: refused.
    early = server.request("textDocument/hover", {"textDocument": {"uri": "file:///x.cut"},
                                                  "position": {"line": 0, "character": 0}})
    check(early.get("error", {}).get("code") == -32002, f"a request before initialize: {early}")
    server.initialize(work)

    def error_for(data):
        server.raw(data)
        return server.response(None).get("error", {}).get("code")

    check(error_for(b"Content-Length: 9\r\n\r\n{not json") == -32700, "a body that is not JSON")
    check(error_for(b"Content-Length: 2\r\n\r\n[]") == -32600, "a body that is no object")
    check(error_for(b"X-Nothing: 1\r\n\r\n") == -32600, "a header without Content-Length")
    check(error_for(b"Content-Length: -5\r\n\r\n") == -32600, "a negative Content-Length")
    check(error_for(b'Content-Length: 17\r\n\r\n{"jsonrpc":"2.0"}') == -32600, "a message without a method")
    bad_params = server.request("textDocument/hover", [1, 2])
    check(bad_params.get("error", {}).get("code") == -32602, f"params that are not an object: {bad_params}")
    never_opened = server.request("textDocument/hover", {"textDocument": {"uri": "file:///x.cut"},
                                                         "position": {"line": 0, "character": 0}})
    check(never_opened.get("error", {}).get("code") == -32602, f"a document never opened: {never_opened}")
    path = os.path.join(work, "binary.cut")
    server.notify("textDocument/didOpen", {"textDocument": {"uri": uri(path), "languageId": "cut", "version": 1,
                                                            "text": "deployment \u0000\ufffd {"}})
    check(ids(server.diagnostics(uri(path), 1)) == ["E-SYNTAX"], "a NUL byte is a syntax error")
    wrong_types = server.request("textDocument/hover", {"textDocument": {"uri": uri(path)},
                                                        "position": {"line": "x", "character": None}})
    check(wrong_types.get("error", {}).get("code") == -32602, f"a position of the wrong types: {wrong_types}")
    no_position = server.request("textDocument/definition", {"textDocument": {"uri": uri(path)}})
    check(no_position.get("error", {}).get("code") == -32602, f"no position: {no_position}")
    string_id = server.request("textDocument/documentSymbol", {"textDocument": {"uri": uri(path)}}, id="abc")
    check(string_id.get("id") == "abc" and string_id.get("result") == [], f"a string id: {string_id}")
    huge = server.request("textDocument/hover", {"textDocument": {"uri": uri(path)},
                                                 "position": {"line": 2 ** 40, "character": 2 ** 40}})
    check("result" in huge, f"a position far past the end: {huge}")
    still = server.request("textDocument/documentSymbol", {"textDocument": {"uri": uri(path)}})
    check(still.get("result") == [], f"the server still answers: {still}")
    check(server.finish() == 0, "exit after malformed input")
    check(not server.garbage, f"stdout holds only protocol: {server.garbage[:3]}")


def exit_statuses(cutover, work):
    server = Server(cutover, work)
    server.initialize(work)
    server.notify("exit", None)
    check(server.proc.wait(timeout=TIMEOUT) == 1, "exit without shutdown: status 1")
    server = Server(cutover, work)
    server.initialize(work)
    server.proc.stdin.close()
    check(server.proc.wait(timeout=TIMEOUT) == 1, "the end of the input without exit: status 1")
    after = Server(cutover, work)
    after.initialize(work)
    after.request("shutdown", None)
    refused = after.request("textDocument/hover", {"textDocument": {"uri": "file:///x"},
                                                   "position": {"line": 0, "character": 0}})
    check(refused.get("error", {}).get("code") == -32600, f"a request after shutdown: {refused}")
    after.notify("exit", None)
    check(after.proc.wait(timeout=TIMEOUT) == 0, "exit after shutdown")


if __name__ == "__main__":
    sys.exit(main())
