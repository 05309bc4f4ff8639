#!/usr/bin/env python3
"""A stand-in language server for tests/editors/nvim_lsp.lua, until the
real `cutover lsp` exists: LSP over stdio that answers initialize and
shutdown, and for each opened document publishes one diagnostic on its first
line naming the server's root, so the test sees which client serves which
buffer. Each start appends the root URI to the file $CUTOVER_LSP_LOG.
"""
import json
import os
import sys


def read_message(stream):
    length = None
    while True:
        line = stream.readline()
        if not line:
            return None
        line = line.strip()
        if not line:
            break
        name, _, value = line.decode("ascii").partition(":")
        if name.lower() == "content-length":
            length = int(value)
    return json.loads(stream.read(length))


def send(message):
    body = json.dumps(message).encode("utf-8")
    sys.stdout.buffer.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
    sys.stdout.buffer.flush()


def main():
    log_path = os.environ["CUTOVER_LSP_LOG"]
    root = None
    while True:
        message = read_message(sys.stdin.buffer)
        if message is None:
            return 1
        method = message.get("method")
        if method == "initialize":
            root = message["params"].get("rootUri")
            with open(log_path, "a") as log:
                log.write(f"{root}\n")
            send({"jsonrpc": "2.0", "id": message["id"],
                  "result": {"capabilities": {"textDocumentSync": 1}, "serverInfo": {"name": "lsp_stub"}}})
        elif method == "textDocument/didOpen":
            uri = message["params"]["textDocument"]["uri"]
            send({"jsonrpc": "2.0", "method": "textDocument/publishDiagnostics",
                  "params": {"uri": uri, "diagnostics": [{
                      "range": {"start": {"line": 0, "character": 0}, "end": {"line": 0, "character": 3}},
                      "severity": 1, "code": "STUB-001", "source": "cutover", "message": f"root {root}"}]}})
        elif method == "shutdown":
            send({"jsonrpc": "2.0", "id": message["id"], "result": None})
        elif method == "exit":
            return 0
        elif "id" in message:
            send({"jsonrpc": "2.0", "id": message["id"],
                  "error": {"code": -32601, "message": f"not handled: {method}"}})


if __name__ == "__main__":
    sys.exit(main())
