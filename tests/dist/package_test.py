#!/usr/bin/env python3
"""The Debian package (`make package`), built, inspected, checked by lintian
and installed by dpkg into a throwaway root.

Usage: package_test.py BUILD_DIR SOURCE_DIR

cpack builds the .deb from BUILD_DIR into a temporary directory (the build
tree's own package is left alone). Its control data must have a Depends
computed by dpkg-shlibdeps (libc6 and libstdc++6 with versions), the
description, section and maintainer; the binary must be stripped; lintian
must report no error and no tag that docs/install.md does not explain; `dpkg
--root` must install it into an empty root and remove it again, and the
installed cutover, run from another directory, must check examples/contoso.cut
clean with the installed packs. Nothing outside the temporary directory is
changed. Prints what it checked and how long each step took; exit 1 on any
failure.
"""

import glob
import os
import re
import shutil
import subprocess
import sys
import tempfile

from outcome import expect, finish
import time

BUILD, SRC = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])


def run(args, **kw):
    start = time.monotonic()
    r = subprocess.run(args, capture_output=True, text=True, **kw)
    print(f"     {os.path.basename(args[0])}: {time.monotonic() - start:.1f} s")
    return r


def documented_tags():
    """Lintian tags docs/install.md explains: `tag-name` in its lintian table."""
    text = open(os.path.join(SRC, "docs/install.md"), encoding="utf-8").read()
    section = text.split("## lintian", 1)[1].split("\n## ", 1)[0] if "## lintian" in text else ""
    return set(re.findall(r"^\| `([a-z0-9][a-z0-9+.-]*)`", section, re.M))


def dpkg_root(root, *args):
    return run(["dpkg", f"--root={root}", "--force-not-root", "--force-depends", "--log=/dev/null", *args])


def main():
    work = tempfile.mkdtemp(prefix="cutover-package-")
    try:
        r = run(["cpack", "--config", os.path.join(BUILD, "CPackConfig.cmake"), "-B", work], cwd=work)
        debs = glob.glob(os.path.join(work, "*.deb"))
        expect(r.returncode == 0 and len(debs) == 1, f"cpack builds one .deb {r.stderr.strip()[-500:]}")
        if not debs:
            return
        deb = debs[0]
        control = run(["dpkg-deb", "--field", deb]).stdout
        fields = dict(re.findall(r"^([\w-]+): (.*)$", control, re.M))
        print("     " + "\n     ".join(control.strip().splitlines()))
        depends = fields.get("Depends", "")
        expect(re.search(r"\blibc6 \(>= [\d.]+\)", depends) and re.search(r"\blibstdc\+\+6 \(>= [\d.]+\)", depends),
               f"Depends from dpkg-shlibdeps: {depends}")
        expect(fields.get("Package") == "cutover" and fields.get("Section") == "devel" and
               fields.get("Maintainer", "").endswith(">") and "phase graph" in control,
               "Package, Section, Maintainer and the long Description")

        extracted = os.path.join(work, "extracted")
        run(["dpkg-deb", "-x", deb, extracted])
        binary = run(["file", "-b", os.path.join(extracted, "usr/bin/cutover")]).stdout
        expect("stripped" in binary and "not stripped" not in binary, f"usr/bin/cutover is stripped: {binary.strip()}")

        if shutil.which("lintian"):
            r = run(["lintian", "--no-cfg", "--display-info", "--tag-display-limit", "0", deb])
            tags = re.findall(r"^([EWIPX]): cutover[^:]*: ([\w+.-]+)", r.stdout, re.M)
            print("     " + "\n     ".join(r.stdout.strip().splitlines() or ["(lintian: nothing to report)"]))
            errors = [t for level, t in tags if level == "E"]
            expect(not errors, f"lintian reports no error {errors}")
            unexplained = sorted({t for level, t in tags if level in "WI"} - documented_tags())
            expect(not unexplained, f"every lintian warning and info tag is explained in docs/install.md "
                                    f"{unexplained}")
        else:
            expect(False, "lintian is installed (make setup installs it)")

        root = os.path.join(work, "root")
        for d in ("var/lib/dpkg/info", "var/lib/dpkg/updates", "var/lib/dpkg/triggers"):
            os.makedirs(os.path.join(root, d))
        for f in ("status", "available"):
            open(os.path.join(root, "var/lib/dpkg", f), "w").close()
        r = dpkg_root(root, "--path-include=*", "--install", deb)  # whatever the host's dpkg excludes
        expect(r.returncode == 0, "dpkg --root --install" + (f": {r.stderr.strip()}" if r.returncode else ""))
        listed = run(["dpkg", f"--root={root}", "--listfiles", "cutover"]).stdout.split()
        expect("/usr/bin/cutover" in listed and "/usr/share/man/man1/cutover-check.1.gz" in listed,
               f"dpkg --listfiles cutover names the binary and the man pages ({len(listed)} paths)")

        elsewhere = os.path.join(work, "elsewhere")
        os.mkdir(elsewhere)
        shutil.copy(os.path.join(SRC, "examples/contoso.cut"), elsewhere)
        env = {k: v for k, v in os.environ.items() if k != "CUTOVER_PATH"}
        r = run([os.path.join(root, "usr/bin/cutover"), "check", "contoso.cut"], cwd=elsewhere, env=env)
        expect(r.returncode == 0 and "checked 1 file: 0 errors" in r.stdout,
               f"the installed cutover checks contoso.cut clean from another directory {r.stderr.strip()[:300]}")
        r = run([os.path.join(root, "usr/bin/cutover"), "--version"])
        expect(re.match(r"^cutover \d+\.\d+\.\d+ \(commit \S+\)$", r.stdout.strip()) is not None,
               f"installed --version: {r.stdout.strip()}")

        r = dpkg_root(root, "--purge", "cutover")
        left = [p for p in glob.glob(os.path.join(root, "usr/**"), recursive=True) if os.path.isfile(p)]
        expect(r.returncode == 0 and not left, f"dpkg --root --purge removes every file {left[:5]}")
    finally:
        shutil.rmtree(work)
    finish()


main()
