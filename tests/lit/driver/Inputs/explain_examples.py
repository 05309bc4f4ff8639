"""Keeps every `cutover explain` example true: for each compiler finding kind
(compiler/diag/findings.def) and each policy of the packs, writes the
explanation's failing and fixed plans to files and checks them with
`cutover check`: the failing plan must report the ID, the fixed plan must
report nothing at all. Prints one line per ID and exits 1 on any mismatch."""
import json
import pathlib
import re
import subprocess
import sys

cutover, src, out = sys.argv[1], pathlib.Path(sys.argv[2]), pathlib.Path(sys.argv[3])
defs = (src / "compiler/diag/findings.def").read_text()
ids = re.findall(r'^CUTOVER_FINDING\(\w+, "([A-Z-]+)"', defs, re.M)
policies = subprocess.run([cutover, "policies"], capture_output=True, text=True, check=True).stdout
ids += [line.split()[0] for line in policies.splitlines() if line.strip()]


def section(text, heading):
    """The indented block under `heading`, without its 4-space indent."""
    lines = text.splitlines()
    if heading not in lines:
        return None
    block = []
    for line in lines[lines.index(heading) + 1:]:
        if line and not line.startswith("    "):
            break
        block.append(line[4:])
    return "\n".join(block).strip("\n") + "\n"


def reported(plan, options):
    run = subprocess.run([cutover, "check", "--format", "json", "--today", "2026-01-01", *options, str(plan)],
                         capture_output=True, text=True)
    if run.returncode not in (0, 1):
        sys.exit(f"{plan}: cutover check failed: {run.stderr}")
    return {f["id"] for f in json.loads(run.stdout)["findings"] if not f["suppressed"]}


failures = 0
out.mkdir(parents=True, exist_ok=True)
for finding_id in ids:
    text = subprocess.run([cutover, "explain", finding_id], capture_output=True, text=True, check=True).stdout
    failing, fixed = section(text, "a plan that violates it:"), section(text, "the same plan, fixed:")
    shown = re.search(r"^the examples show it with: cutover check (.*) PLAN$", text, re.M)
    options = shown.group(1).split() if shown else []
    problems = []
    if failing is None or fixed is None:
        problems.append("no failing or no fixed plan")
    else:
        (out / f"{finding_id}-failing.cut").write_text(failing)
        (out / f"{finding_id}-fixed.cut").write_text(fixed)
        if finding_id not in reported(out / f"{finding_id}-failing.cut", options):
            problems.append("the failing plan does not report it")
        extra = reported(out / f"{finding_id}-fixed.cut", options)
        if extra:
            problems.append(f"the fixed plan reports {sorted(extra)}")
    print(f"{finding_id}: {'; '.join(problems) if problems else 'ok'}")
    failures += bool(problems)
print(f"{len(ids)} explanations, {failures} failing")
sys.exit(1 if failures else 0)
