#!/usr/bin/env python3
"""Packages the staged VS Code extension with vsce and checks the .vsix:

    vsce_package.py STAGE_DIR VSIX

  - `vsce package` succeeds;
  - the .vsix holds the manifest, extension.js and server.js, the grammar,
    the language configuration, README, CHANGELOG and LICENSE;
  - it holds every runtime dependency (`npm ls --omit=dev`) and no
    development-only package (vsce, vscode-textmate, ...);
  - unpacked, its extension.js loads with only the .vsix's own modules
    (VS Code's `vscode` API module stubbed: it exists only inside VS Code),
    and exports activate and deactivate.
"""
import json
import os
import subprocess
import sys
import tempfile
import zipfile

REQUIRED = [
    "extension.vsixmanifest",
    "extension/package.json",
    "extension/extension.js",
    "extension/server.js",
    "extension/language-configuration.json",
    "extension/syntaxes/cut.tmLanguage.json",
    "extension/readme.md",
    "extension/changelog.md",
    "extension/LICENSE.txt",
]

# Loads the unpacked extension and prints the modules it loaded.
LOADER = r"""
const path = require('path');
const ext = require(path.resolve(process.argv[1], 'extension/extension.js'));
console.log(JSON.stringify({
  exports: Object.keys(ext).filter((k) => typeof ext[k] === 'function').sort(),
  modules: Object.keys(require.cache),
}));
"""
STUB = "module.exports = new Proxy({}, { get: () => function stub() {} });\n"


def npm_packages(stage, *flags):
    out = subprocess.run(["npm", "ls", "--all", "--parseable", *flags], cwd=stage, capture_output=True, text=True)
    return {os.path.relpath(line, stage) for line in out.stdout.split() if line and os.path.relpath(line, stage) != "."}


def main():
    stage, vsix = sys.argv[1], os.path.abspath(sys.argv[2])
    passed, failed = 0, 0

    def check(ok, what):
        nonlocal passed, failed
        passed, failed = (passed + 1, failed) if ok else (passed, failed + 1)
        if not ok:
            print("FAIL:", what)

    if os.path.exists(vsix):
        os.remove(vsix)
    vsce = os.path.join(stage, "node_modules", ".bin", "vsce")
    run = subprocess.run([vsce, "package", "--allow-missing-repository", "--out", vsix], cwd=stage,
                         capture_output=True, text=True, stdin=subprocess.DEVNULL)
    print(run.stdout + run.stderr)
    check(run.returncode == 0 and os.path.exists(vsix), f"vsce package exited {run.returncode}")
    if failed:
        print(f"{passed} passed, {failed} failed")
        return 1

    names = set(zipfile.ZipFile(vsix).namelist())
    for name in REQUIRED:
        check(name in names, f"{name} is not in the .vsix")

    runtime = npm_packages(stage, "--omit=dev")
    everything = npm_packages(stage)
    check("node_modules/vscode-languageclient" in runtime, f"vscode-languageclient is no runtime dependency: {runtime}")
    for package in sorted(runtime):
        check(f"extension/{package}/package.json" in names, f"runtime dependency {package} is not in the .vsix")
    dev_only = everything - runtime
    check("node_modules/@vscode/vsce" in dev_only, "vsce is not a development dependency")
    for package in sorted(dev_only):
        check(not any(n.startswith(f"extension/{package}/") for n in names), f"{package} (development) is in the .vsix")

    with tempfile.TemporaryDirectory() as tmp:
        unpacked = os.path.join(tmp, "unpacked")
        zipfile.ZipFile(vsix).extractall(unpacked)
        stub = os.path.join(tmp, "stub", "node_modules", "vscode")
        os.makedirs(stub)
        with open(os.path.join(stub, "index.js"), "w") as f:
            f.write(STUB)
        env = dict(os.environ, NODE_PATH=os.path.dirname(stub))
        load = subprocess.run(["node", "-e", LOADER, unpacked], env=env, capture_output=True, text=True, cwd=tmp)
        error = next((line for line in load.stderr.splitlines() if "Error" in line), load.stderr.strip())
        check(load.returncode == 0, f"extension.js does not load from the .vsix: {error}")
        if load.returncode == 0:
            loaded = json.loads(load.stdout)
            check(loaded["exports"] == ["activate", "deactivate"], f"extension.js exports {loaded['exports']}")
            outside = [m for m in loaded["modules"] if not m.startswith((unpacked + os.sep, os.path.dirname(stub)))]
            check(not outside, f"modules loaded from outside the .vsix: {outside}")
            check(any("/vscode-languageclient/lib/node/main.js" in m for m in loaded["modules"]),
                  "vscode-languageclient/node was not loaded")

    print(f"{vsix}: {len(names)} files")
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
