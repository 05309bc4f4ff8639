#!/usr/bin/env python3
"""Checks `cutover check --format sarif` with Microsoft's SARIF validator,
with the SARIF and the GitHub code-scanning rules, at every level:

    validate.py CUTOVER SOURCE_DIR MULTITOOL WORK_DIR

The logs: every example and mistake (examples/**), a plan with findings at
every level (error, warning, note; one waived), several plans in one log,
and hostile file names: spaces, '%', '#', '?', non-ASCII, a path through
'..', an absolute path outside the working directory, and stdin. The
validator runs once over all of them; any result it reports fails the test,
except the advisory notes below, which docs/output-formats.md#sarif explains.
Then the validator's own report must be empty of everything else.
"""
import json
import os
import shutil
import stat
import subprocess
import sys

# Advisory notes that cutover's SARIF leaves on purpose (rule, message id).
ADVISORY = {
    # Message strings rather than ids with arguments: the messages are the policies' own templates, filled in.
    ("SARIF2002", "Note_Default"),
    # No versionControlProvenance: cutover does not know the repository (GitHub's upload action adds it).
    ("SARIF2003", "Note_Default"),
    # URIs not reachable by HTTP GET: the tests run offline.
    ("SARIF2006", "Note_Default"),
    # Rule IDs not like 'CS2001': the IDs are part of the language (E-SYNTAX, LYNC-ARC-001).
    ("SARIF2009", "Note_UseConventionalRuleIds"),
    # No snippets or context regions: a long line with many findings would be copied into the log once per finding.
    ("SARIF2010", "Note_Default"),
    ("SARIF2011", "Note_Default"),
    # No help URI per rule: `cutover explain ID` is the help, and `help` holds it.
    ("SARIF2012", "Note_ProvideHelpUri"),
    # A file outside the working directory is an absolute file:// URI: no base it is relative to.
    ("SARIF2016", "Note_Default"),
}

LEVELS_PLAN = """\
use lync2013

deployment lab {
  site hq {
    front_end fe2010 { version 2010, users 10 }
  }
}

migration m of lab {
  phase one {
    move 5 users from fe2010 to fe2010
  }
}

policy LAB-001 info "Every move is noted" {
  on move x
  require false
  message "{x} has users moved"
}

policy LAB-002 warning "Moves are small" {
  on move x
  require step.count < 5
  message "{x} moves {step.count} users"
}

waive LAB-002 for fe2010 "five is small enough here"
waive CORE-DATA-001 for fe2010 "a waiver that silences nothing"
"""

HOSTILE_NAMES = ["my plan.cut", "100%.cut", "a#b.cut", "what?.cut", "café ünïcode ✓.cut", "dir with space/x y.cut"]


def run_check(cutover, args, cwd, out, stdin=None):
    with open(out, "wb") as f:
        r = subprocess.run([cutover, "check", "--format", "sarif", "--today", "2026-01-01", *args], cwd=cwd,
                           stdout=f, stdin=stdin)
    if r.returncode not in (0, 1):
        sys.exit(f"cutover check {args} in {cwd} exited {r.returncode}")
    with open(out) as f:
        json.load(f)  # a JSON document at least
    return out


def main():
    cutover, source, multitool, work = sys.argv[1:5]
    shutil.rmtree(work, ignore_errors=True)
    logs, tree = os.path.join(work, "logs"), os.path.join(work, "tree")
    os.makedirs(logs)
    os.makedirs(os.path.join(tree, "dir with space"))
    sarifs = []

    examples = sorted(os.path.relpath(os.path.join(d, f), source)
                      for d, _, files in os.walk(os.path.join(source, "examples")) for f in files if f.endswith(".cut"))
    for i, example in enumerate(examples):
        sarifs.append(run_check(cutover, ["--", example], source, os.path.join(logs, f"example{i}.sarif")))
    sarifs.append(run_check(cutover, ["--", *examples], source, os.path.join(logs, "all-examples.sarif")))

    levels = os.path.join(tree, "levels.cut")
    with open(levels, "w") as f:
        f.write(LEVELS_PLAN)
    sarifs.append(run_check(cutover, ["levels.cut"], tree, os.path.join(logs, "levels.sarif")))
    with open(os.path.join(source, "examples", "mistakes", "decommission-before-backup.cut"), "rb") as f:
        mistake = f.read()
    for i, name in enumerate(HOSTILE_NAMES):
        with open(os.path.join(tree, name), "wb") as f:
            f.write(mistake)
        sarifs.append(run_check(cutover, ["--", name], tree, os.path.join(logs, f"hostile{i}.sarif")))
    sarifs.append(run_check(cutover, ["--", *HOSTILE_NAMES], tree, os.path.join(logs, "hostile-all.sarif")))
    # Through '..', and outside the working directory (a file:// URI).
    sarifs.append(run_check(cutover, ["--", "../my plan.cut"], os.path.join(tree, "dir with space"),
                            os.path.join(logs, "dotdot.sarif")))
    sarifs.append(run_check(cutover, ["--", os.path.join(tree, "café ünïcode ✓.cut")], logs,
                            os.path.join(logs, "absolute.sarif")))
    with open(os.path.join(tree, "my plan.cut"), "rb") as stdin:
        sarifs.append(run_check(cutover, ["-"], tree, os.path.join(logs, "stdin.sarif"), stdin=stdin))

    # Every level is there to be validated.
    levels_seen = {r["level"] for s in sarifs for run in json.load(open(s))["runs"] for r in run["results"]}
    if not {"error", "warning", "note"} <= levels_seen:
        sys.exit(f"the logs hold results of the levels {sorted(levels_seen)} only")

    mode = os.stat(multitool).st_mode
    if not mode & stat.S_IXUSR:  # npm ci --ignore-scripts skips the package's chmod
        os.chmod(multitool, mode | stat.S_IXUSR)
    report = os.path.join(work, "validation.sarif")
    env = dict(os.environ, DOTNET_SYSTEM_GLOBALIZATION_INVARIANT="1", DOTNET_CLI_TELEMETRY_OPTOUT="1")
    r = subprocess.run([multitool, "validate", "--rule-kind", "Sarif;Gh", "--level", "Error;Warning;Note",
                        "--output", report, *sarifs], env=env,
                       stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    if not os.path.exists(report):
        sys.exit(f"the validator wrote no report (exit {r.returncode}):\n{r.stdout}")
    with open(report) as f:
        validation = json.load(f)
    problems, advisory = [], 0
    for run in validation["runs"]:
        strings = {rule["id"]: rule.get("messageStrings", {}) for rule in run["tool"]["driver"].get("rules", [])}
        for result in run.get("results", []):
            rule, message = result.get("ruleId", "?"), result["message"]
            if (rule, message.get("id")) in ADVISORY:
                advisory += 1
                continue
            text = message.get("text") or strings.get(rule, {}).get(message.get("id"), {}).get("text", "")
            for i, argument in enumerate(message.get("arguments", [])):
                text = text.replace("{%d}" % i, argument)
            where = result.get("locations", [{}])[0].get("physicalLocation", {})
            uri = where.get("artifactLocation", {}).get("uri", "")
            line = where.get("region", {}).get("startLine", "")
            problems.append(f"{os.path.basename(uri)}:{line}: {result.get('level', 'warning')} {rule}: {text}")
    if r.returncode != 0 and not problems:
        problems.append(f"the validator exited {r.returncode}:\n{r.stdout}")
    for p in problems:
        print(p)
    print(f"{len(sarifs)} SARIF logs validated (levels {', '.join(sorted(levels_seen))}): "
          f"{len(problems)} problems, {advisory} advisory notes")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
