"""Validates `cutover check --format json` of every example and mistake, all
of them in one run too, and their baseline files, against
docs/findings.schema.json:

    validate_all.py CUTOVER SOURCE_DIR WORK_DIR
"""
import glob
import json
import os
import subprocess
import sys

import jsonschema

cutover, source, work = sys.argv[1:4]
os.makedirs(work, exist_ok=True)
with open(os.path.join(source, "docs", "findings.schema.json")) as f:
    schema = json.load(f)
validator = jsonschema.validators.validator_for(schema)(schema)
plans = sorted(os.path.relpath(p, source) for p in glob.glob(os.path.join(source, "examples", "**", "*.cut"), recursive=True))
runs = [[p] for p in plans] + [plans]
findings = 0
for i, run in enumerate(runs):
    out = subprocess.run([cutover, "check", "--format", "json", "--", *run], cwd=source, capture_output=True)
    if out.returncode not in (0, 1):
        sys.exit(f"{run}: exit {out.returncode}: {out.stderr.decode()}")
    document = json.loads(out.stdout)
    validator.validate(document)
    findings += len(document["findings"])
    baseline = os.path.join(work, f"baseline{i}.json")
    subprocess.run([cutover, "check", "--write-baseline", baseline, "--", *run], cwd=source, check=True,
                   capture_output=True)
    with open(baseline) as f:
        validator.validate(json.load(f))
print(f"{len(runs)} reports and baselines valid, {findings} findings")
