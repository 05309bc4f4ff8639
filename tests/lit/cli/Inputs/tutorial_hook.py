"""Prints the pre-commit hook script of docs/tutorial.md: the ```sh block
that follows "Commit `.githooks/pre-commit`", so that the test runs what the
tutorial tells users to commit.

  tutorial_hook.py TUTORIAL_MD"""
import re
import sys

text = open(sys.argv[1], encoding="utf-8").read()
after = text[text.index("Commit `.githooks/pre-commit`"):]
sys.stdout.write(re.search(r"```sh\n(.*?)```", after, re.S).group(1))
