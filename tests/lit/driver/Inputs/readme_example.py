"""Keeps README.md's 10-line example true: writes its plan to a directory and
its printed output to expected.txt, lines that stand for elided output
("  ...") left out."""
import pathlib
import re
import sys

readme, out_dir = pathlib.Path(sys.argv[1]).read_text(), pathlib.Path(sys.argv[2])
section = readme[readme.index("## A 10-line example"):]
blocks = re.findall(r"```\n(.*?)```", section, re.S)
out_dir.mkdir(parents=True, exist_ok=True)
(out_dir / "tiny.cut").write_text(blocks[0])
(out_dir / "expected.txt").write_text("".join(l for l in blocks[1].splitlines(True) if l.strip() != "..."))
