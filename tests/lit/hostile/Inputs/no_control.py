# Copies stdin to stdout and fails if it holds a byte that can drive a
# terminal: C0 controls other than TAB and LF, DEL, or a C1 control
# (U+0080-U+009F, UTF-8 C2 80-C2 9F).
import re
import sys

data = sys.stdin.buffer.read()
sys.stdout.buffer.write(data)
bad = re.search(rb"[\x00-\x08\x0b-\x1f\x7f]|\xc2[\x80-\x9f]", data)
if bad:
    sys.exit(f"terminal control byte {bad.group(0)!r} at offset {bad.start()}")
