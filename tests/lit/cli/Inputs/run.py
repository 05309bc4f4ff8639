"""Runs a command and prints its output, then `exit: N` (lit's `not` only
tells zero from non-zero; exit codes 1 and 2 mean different things).
Escape characters print as <ESC> so FileCheck can match colour codes.

  run.py [--tty] [--stderr] -- CMD...

--stderr: print stderr after stdout (default: stderr is passed through).
--tty:    run CMD with stdout and stderr on a pseudo-terminal, as a user's
          shell would; the output is then both streams interleaved."""
import os
import pty
import subprocess
import sys


def show(data):
    sys.stdout.write(data.decode("utf-8", "replace").replace("\x1b", "<ESC>").replace("\r\n", "\n"))


def main():
    args = sys.argv[1:]
    split = args.index("--")
    flags, cmd = args[:split], args[split + 1:]
    if "--tty" in flags:
        primary, secondary = pty.openpty()
        proc = subprocess.Popen(cmd, stdout=secondary, stderr=secondary)
        os.close(secondary)
        chunks = []
        while True:
            try:
                chunk = os.read(primary, 65536)
            except OSError:  # EIO: the child closed the terminal
                break
            if not chunk:
                break
            chunks.append(chunk)
        os.close(primary)
        code = proc.wait()
        show(b"".join(chunks))
    else:
        proc = subprocess.run(cmd, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE if "--stderr" in flags else None)
        code = proc.returncode
        show(proc.stdout)
        if "--stderr" in flags:
            show(proc.stderr)
    sys.stdout.write(f"exit: {code}\n")


if __name__ == "__main__":
    main()
