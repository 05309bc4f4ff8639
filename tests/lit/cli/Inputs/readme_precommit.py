"""Prints the .pre-commit-config.yaml of README.md, "pre-commit", with its
`repo:` replaced by REPO (this checkout stands for the hosted repository),
after checking that its `rev:` is a commit of REPO whose
.pre-commit-hooks.yaml is the current one (exit 1 and why, if not).

  readme_precommit.py README_MD REPO"""
import re
import subprocess
import sys

readme, repo = sys.argv[1:3]
text = open(readme, encoding="utf-8").read()
section = text[text.index("## pre-commit"):]
config = re.search(r"```yaml\n(.*?)```", section, re.S).group(1)
config, n = re.subn(r"(- repo: )\S+", lambda m: m.group(1) + repo, config, count=1)
assert n == 1, "no `- repo:` line in the README's configuration"
rev = re.search(r"rev: (\S+)", config).group(1)
shown = subprocess.run(["git", "-C", repo, "show", f"{rev}:.pre-commit-hooks.yaml"], capture_output=True, text=True)
if shown.returncode != 0:
    sys.exit(f"README.md's rev {rev} is not a commit of {repo} with hooks: {shown.stderr.strip()}")
with open(f"{repo}/.pre-commit-hooks.yaml", encoding="utf-8") as fh:
    if shown.stdout != fh.read():
        sys.exit(f"README.md's rev {rev} has other hooks than this checkout: show the commit that last changed "
                 "them (git log -1 --format=%H -- .pre-commit-hooks.yaml)")
sys.stdout.write(config)
