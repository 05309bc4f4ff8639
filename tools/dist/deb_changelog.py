#!/usr/bin/env python3
"""The Debian changelog of the package, from CHANGELOG.md.

Usage: deb_changelog.py CHANGELOG.md VERSION "Name <email>" OUT.gz

One entry per released section (`## [X.Y.Z] - YYYY-MM-DD`, newest first;
`[Unreleased]` is skipped), each bullet an item, dated at noon UTC of the
release day so the same CHANGELOG.md gives the same bytes (gzip without a
timestamp, as Debian requires). Fails when the newest released version is not
VERSION: the package would say one version and its changelog another.
"""

import datetime
import gzip
import re
import sys
import textwrap

SECTION = re.compile(r"^## \[(?P<version>[^\]]+)\](?: - (?P<date>\d{4}-\d{2}-\d{2}))?\s*$")


def releases(text):
    """[(version, date, [item, ...])] of the released sections, newest first."""
    out, current, item = [], None, None
    for line in text.splitlines():
        m = SECTION.match(line)
        if m:
            current = None
            if m.group("version").lower() != "unreleased":
                if not m.group("date"):
                    sys.exit(f"deb_changelog.py: '{line}' has no date (## [X.Y.Z] - YYYY-MM-DD)")
                current = (m.group("version"), m.group("date"), [])
                out.append(current)
            item = None
            continue
        if current is None:
            continue
        if line.startswith("- "):
            item = [line[2:].strip()]
            current[2].append(item)
        elif item is not None and line.startswith("  ") and line.strip():
            item.append(line.strip())
        else:
            item = None
    return [(v, d, [" ".join(i) for i in items]) for v, d, items in out]


def entry(package, version, date, items, maintainer):
    when = datetime.datetime.strptime(date, "%Y-%m-%d").replace(hour=12, tzinfo=datetime.timezone.utc)
    lines = [f"{package} ({version}) unstable; urgency=medium", ""]
    for text in items or ["Release " + version + "."]:
        text = text.replace("`", "'")
        lines += textwrap.wrap(text, width=78, initial_indent="  * ", subsequent_indent="    ",
                               break_long_words=False, break_on_hyphens=False)
    lines += ["", f" -- {maintainer}  {when.strftime('%a, %d %b %Y %H:%M:%S %z')}", ""]
    return "\n".join(lines)


def main():
    if len(sys.argv) != 5:
        sys.exit(__doc__.split("\n\n")[1])
    source, version, maintainer, out = sys.argv[1:]
    found = releases(open(source, encoding="utf-8").read())
    if not found:
        sys.exit(f"deb_changelog.py: no released section (## [X.Y.Z] - YYYY-MM-DD) in {source}")
    if found[0][0] != version:
        sys.exit(f"deb_changelog.py: the newest release in {source} is {found[0][0]}, the project's version is "
                 f"{version}: add a section for {version}")
    text = "\n".join(entry("cutover", v, d, items, maintainer) for v, d, items in found)
    with open(out, "wb") as f:
        f.write(gzip.compress(text.encode("utf-8"), compresslevel=9, mtime=0))


if __name__ == "__main__":
    main()
