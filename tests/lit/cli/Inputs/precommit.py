"""Runs hooks of .pre-commit-hooks.yaml the way pre-commit does, without its
set-up (pre-commit-real.test runs the real one): the entry, split like a
shell would, then the hook's `args`, then the staged files (`git diff
--cached --name-only -z`) that match the hook's `files` regex.
A hook fails when it exits non-zero or changes a file in the work tree.

  precommit.py HOOKS_YAML HOOK_ID...   (in the repository)

Prints one line per hook and exits 1 if any failed."""
import json
import re
import shlex
import subprocess
import sys


def read_hooks(path):
    """The list of flat mappings in the hooks file: enough YAML for it."""
    hooks = []
    for line in open(path, encoding="utf-8"):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        m = re.match(r"^(- |  )(\w+):\s*(.*?)\s*$", line)
        if not m:
            sys.exit(f"{path}: unexpected line: {line!r}")
        if m.group(1) == "- ":
            hooks.append({})
        value = m.group(3)
        hooks[-1][m.group(2)] = json.loads(value) if value.startswith("[") else value
    return {h["id"]: h for h in hooks}


def git(*args):
    return subprocess.run(["git", *args], capture_output=True, text=True, check=True).stdout


def main():
    hooks = read_hooks(sys.argv[1])
    staged = [f for f in git("diff", "--cached", "--name-only", "-z", "--diff-filter=ACMR").split("\0") if f]
    failed = False
    for hook_id in sys.argv[2:]:
        hook = hooks[hook_id]
        assert hook["language"] == "system", hook
        files = [f for f in staged if re.search(hook["files"], f)]
        if not files:
            print(f"{hook_id}: skipped (no files)")
            continue
        before = git("diff")
        proc = subprocess.run(shlex.split(hook["entry"]) + hook.get("args", []) + files, capture_output=True, text=True)
        modified = git("diff") != before
        status = "failed" if proc.returncode != 0 or modified else "passed"
        failed |= status == "failed"
        print(f"{hook_id}: {status} (exit {proc.returncode}{', files were modified' if modified else ''})")
        for line in (proc.stdout + proc.stderr).splitlines():
            print(f"  {line}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
