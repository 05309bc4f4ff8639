"""Writes a .pre-commit-config.yaml that uses the hook repository HOOKS_REPO
(a local git repository) at its HEAD, with every cutover hook; extra
arguments become the `args` of cutover-check, as a user would set them.

  precommit_config.py HOOKS_REPO [ARG...]"""
import json
import subprocess
import sys

repo = sys.argv[1]
rev = subprocess.run(["git", "-C", repo, "rev-parse", "HEAD"], capture_output=True, text=True, check=True).stdout.strip()
print("repos:")
print(f"  - repo: {repo}")
print(f"    rev: {rev}")
print("    hooks:")
for hook in ["cutover-check", "cutover-fmt", "cutover-fmt-check"]:
    print(f"      - id: {hook}")
    if hook == "cutover-check" and sys.argv[2:]:
        print(f"        args: {json.dumps(sys.argv[2:])}")
