"""Runs CMD with stdout on a pipe whose reader goes away after the first line
(as `CMD | head -1` does), then prints how CMD ended and what it wrote to
stderr: `status: signal SIGPIPE` or `status: exit N`.

  closed_pipe.py [--ignore-sigpipe] -- CMD...

--ignore-sigpipe: CMD starts with SIGPIPE ignored (as under some CI runners
and Python's own subprocesses), so its writes fail with EPIPE instead."""
import signal
import subprocess
import sys


def main():
    args = sys.argv[1:]
    split = args.index("--")
    flags, cmd = args[:split], args[split + 1:]
    preexec = None
    if "--ignore-sigpipe" in flags:
        preexec = lambda: signal.signal(signal.SIGPIPE, signal.SIG_IGN)
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, preexec_fn=preexec)
    first = proc.stdout.readline()
    proc.stdout.close()
    err = proc.stderr.read()
    code = proc.wait()
    sys.stdout.write(f"first line: {first.decode('utf-8', 'replace').rstrip()}\n")
    if code < 0:
        sys.stdout.write(f"status: signal {signal.Signals(-code).name}\n")
    else:
        sys.stdout.write(f"status: exit {code}\n")
    sys.stdout.write(f"stderr: {err.decode('utf-8', 'replace')!r}\n")


if __name__ == "__main__":
    main()
