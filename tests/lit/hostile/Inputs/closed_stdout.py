# Runs a command, reads one line of its stdout and closes the pipe, then
# checks that the command ended with an exit code (LLVM's streams exit 74,
# EX_IOERR, on a broken pipe) or by SIGPIPE: no other signal, no stack dump,
# no sanitizer report, no hang. argv: ignore|default (SIGPIPE in the child), cmd...
import signal
import subprocess
import sys

mode, cmd = sys.argv[1], sys.argv[2:]
proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                        restore_signals=(mode == "default"))
first = proc.stdout.readline()
proc.stdout.close()
_, err = proc.communicate(timeout=120)
print("first:", first.decode(errors="replace").rstrip())
code = proc.returncode
ok = code >= 0 or code == -signal.SIGPIPE
if b"Sanitizer" in err or b"Stack dump" in err or not ok:
    sys.exit(f"exit {code}; stderr:\n{err.decode(errors='replace')}")
print("ended normally" if code >= 0 else "ended by SIGPIPE")
