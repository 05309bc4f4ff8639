"""What the tests/dist scripts share: each check prints one line (`ok   what`
or `FAIL what`), failures are repeated on stderr at the end, and the exit
code says whether there were any."""

import sys

failures = []


def fail(what):
    print("FAIL " + what)
    failures.append(what)


def expect(ok, what):
    if ok:
        print("ok   " + what)
    else:
        fail(what)
    return ok


def expect_equal(got, want, what):
    return expect(got == want, f"{what}: {got!r}" + ("" if got == want else f", want {want!r}"))


def finish():
    for f in failures:
        print("FAIL " + f, file=sys.stderr)
    sys.exit(1 if failures else 0)
