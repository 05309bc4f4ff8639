#!/usr/bin/env python3
"""tools/dist/commit.cmake, the commit --version names: git describe of the
source tree, "-dirty" with uncommitted changes, the tag when there is one,
"unknown" outside git and in a directory inside someone else's repository,
-DCOMMIT when given (refused when it could break the header), and the header
left untouched when the commit did not change. Exit 1 on any failure."""

import os
import shutil
import subprocess
import tempfile

from outcome import expect_equal as expect, finish

SCRIPT = os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))),
                      "tools", "dist", "commit.cmake")


def commit(source, header, *defines):
    r = subprocess.run(["cmake", f"-DSOURCE_DIR={source}", f"-DOUTPUT={header}", *defines, "-P", SCRIPT],
                       capture_output=True, text=True)
    if r.returncode != 0:
        return None
    return open(header).read()


def git(repo, *args):
    env = dict(os.environ, GIT_AUTHOR_NAME="t", GIT_AUTHOR_EMAIL="t@example.com", GIT_COMMITTER_NAME="t",
               GIT_COMMITTER_EMAIL="t@example.com", GIT_CONFIG_GLOBAL="/dev/null", GIT_CONFIG_NOSYSTEM="1")
    return subprocess.run(["git", "-C", repo, *args], capture_output=True, text=True, check=True, env=env).stdout.strip()


def header(value):
    return f'#define CUTOVER_COMMIT "{value}"\n'


def main():
    work = tempfile.mkdtemp(prefix="cutover-commit-")
    try:
        h = os.path.join(work, "h")
        plain = os.path.join(work, "plain")
        os.mkdir(plain)
        expect(commit(plain, h), header("unknown"), "outside git")
        repo = os.path.join(work, "repo")
        os.mkdir(repo)
        git(repo, "init", "-q")
        with open(os.path.join(repo, "a"), "w") as f:
            f.write("a\n")
        git(repo, "add", "a")
        git(repo, "commit", "-q", "-m", "one")
        head = git(repo, "rev-parse", "--short=12", "HEAD")
        expect(commit(repo, h), header(head), "a commit")
        before = os.stat(h).st_mtime_ns
        os.utime(h, ns=(before - 10**9, before - 10**9))
        commit(repo, h)
        expect(os.stat(h).st_mtime_ns, before - 10**9, "an unchanged commit leaves the header alone")
        with open(os.path.join(repo, "a"), "w") as f:
            f.write("b\n")
        expect(commit(repo, h), header(head + "-dirty"), "uncommitted changes")
        git(repo, "checkout", "-q", "a")
        git(repo, "tag", "-a", "v1.2.3", "-m", "v1.2.3")
        expect(commit(repo, h), header("v1.2.3"), "a release tag")
        sub = os.path.join(repo, "unpacked")
        os.mkdir(sub)
        expect(commit(sub, h), header("unknown"), "a tarball unpacked inside another repository")
        expect(commit(repo, h, "-DCOMMIT=1.2.3-4+deb12u1"), header("1.2.3-4+deb12u1"), "-DCOMMIT")
        expect(commit(repo, os.path.join(work, "h2"), '-DCOMMIT=x" evil "'), None, "-DCOMMIT with a quote is refused")
    finally:
        shutil.rmtree(work)
    finish()


main()
