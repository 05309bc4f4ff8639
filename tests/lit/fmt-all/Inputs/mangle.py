"""Copies the .cut files below SRC to DST in a layout as unlike the canonical
one as the syntax allows: no indentation, no blank lines, and every run of
lines without a comment joined into one line. Formatting the copy must give
back a program with the same findings."""
import os
import sys


def has_comment(line):
    quoted = False
    escaped = False
    for c in line:
        if escaped:
            escaped = False
        elif quoted and c == "\\":
            escaped = True
        elif c == '"':
            quoted = not quoted
        elif c == "#" and not quoted:
            return True
    return False


def mangle(text):
    out, run = [], []
    for line in text.splitlines():
        line = line.strip()
        if not line:
            continue
        if has_comment(line):
            out.append("  ".join(run + [line]))
            run = []
        else:
            run.append(line)
    if run:
        out.append("   ".join(run))
    return "\n".join(out) + "\n"


def main():
    src, dst = sys.argv[1], sys.argv[2]
    for dirpath, _, names in os.walk(src):
        for name in names:
            if name.endswith(".cut"):
                rel = os.path.relpath(os.path.join(dirpath, name), src)
                with open(os.path.join(dirpath, name), encoding="utf-8", errors="surrogateescape") as fh:
                    text = mangle(fh.read())
                os.makedirs(os.path.dirname(os.path.join(dst, rel)), exist_ok=True)
                with open(os.path.join(dst, rel), "w", encoding="utf-8", errors="surrogateescape") as fh:
                    fh.write(text)


if __name__ == "__main__":
    main()
