#!/usr/bin/env python3
"""Differential test: `--explore=reduced` must report exactly the findings of
`--explore=full` (docs/verification.md).

Usage: differential.py CUTOVER GEN OUTDIR [--count N] [--seed S]
       differential.py --plans-only GEN OUTDIR [--count N] [--seed S]

Writes N random plans to OUTDIR: half from `bench/gen --random` (lync2013
sites split into phases that are ordered only where the conflict rule needs
it), one in ten from `bench/gen --tracks` (parallel tracks with planted
mistakes), one in ten from `bench/gen --waves` (unordered site waves sharing
a legacy server and a 2013 pool), the rest from the generator below (small
plans with unordered phases, guards, E-STEPs, initial()/final(),
confirmed(), users compared with 0 and with 45, global quantifiers). Checks
them all in one run per mode and compares every finding field except
states_explored. The reduced run also tells, per plan (--explain-reduction),
whether the reduction verified it or gave up and why: it fails when a plan
fell back to the full exploration without a reason. With --plans-only it
writes the same plans and stops (tests/same_output.py feeds them to two
builds).
"""

import argparse
import importlib.machinery
import importlib.util
import json
import os
import random
import re
import subprocess
import sys

POLICIES = """
vocabulary extra { tags signoff }
policy T-FINAL warning "something is left at the end" {
  when final()
  for c: front_end where c.status == active and c.users > 0 and c.version < 2013
  require false
}
policy T-INIT info "legacy pools with users are left behind once the migration starts" {
  for c: front_end where c.users > 0 and not initial()
  require c.version >= 2013
}
policy T-GUARD error "decommission needs a signoff" {
  on decommission c where c.role == sql_store
  require confirmed(signoff)
}
policy T-MOVE warning "moves go to 2013 pools" {
  on move p
  require step.to.version >= 2013 or step.count < 3
}
policy T-GLOBAL warning "some archiving server stays active while a 2010 pool homes users" {
  when exists p: front_end where p.status == active and p.version < 2013 and p.users > 0
  require exists s: archiving_server where s.status == active
}
policy T-SIGNED info "a 2013 pool homes users only once signed off" {
  when exists p: front_end where p.status == active and p.version >= 2013 and p.users > 0
  require confirmed(signoff)
}
policy T-CROWD info "a new pool with more than 45 users is a Lync 2013 pool, not a later one" {
  for p: front_end where p.users > 45 and p.version > 2010
  require p.version == 2013
}
"""


FQDNS = ["a.contoso.com", "b.contoso.com"]


def extras(rng):
    """Optional FQDN (often shared) and edition of a front_end pool."""
    out = ""
    if rng.random() < 0.4:
        out += f', fqdn "{rng.choice(FQDNS)}"'
    if rng.random() < 0.5:
        out += f", edition {rng.choice(['standard', 'enterprise'])}"
    return out


def own_plan(gen, rng, seed):
    """A small random plan: 1-3 sites, steps in random phases, random order.
    Only what does not commute is ordered (gen.order), so it plants what an
    older, stricter rule forbade: site waves sharing a legacy server and a
    target pool, retirements unordered with the moves they depend on,
    unordered enables of different services on one pool, confirms of one
    tag, sets of different attributes, backup and migrate of one data set."""
    sites = rng.randint(1, 3)
    paired = sites > 1 and rng.random() < 0.3
    shared = sites > 1 and rng.random() < 0.4  # arch0 serves every pool, users move to pool0
    dep, steps, deploys = [], [], []
    data = []
    for s in range(sites):
        fe, new, db, arch, mon = f"fe{s}", f"pool{s}", f"db{s}", f"arch{s}", f"mon{s}"
        target = "pool0" if shared else new
        users = rng.choice([0, 5, 25, 25, 40])
        serves = "[" + ", ".join(f"fe{t}" for t in range(sites)) + "]" if shared else fe
        dep.append(f"  site site{s} {{\n"
                   f"    front_end {fe} {{ version 2010, users {users}{extras(rng)} }}\n"
                   f"    sql_store {db} {{ version 2008 }}\n"
                   + (f"    archiving_server {arch} {{ version 2010, serves {serves}, store {db} }}\n"
                      if not shared or s == 0 else "") +
                   f"    monitoring_server {mon} {{ version {rng.choice([2010, 2013])}, serves {fe}, store {db} }}\n"
                   f"  }}")
        data.append(f"  data hist{s} {{ kind {rng.choice(['archiving', 'monitoring'])}, held_by {db} }}")
        steps += [
            f"enable archiving on {new} {{ store {db} }}",
            f"enable monitoring on {new} {{ store {db} }}",
            f"move {rng.choice(['10', 'all', '50'])} users from {fe} to {target}",
            f"move all users from {fe} to {target}",
            f"backup hist{s} to \"\\\\\\\\fs\\\\{s}\"",
            f"decommission {db}",
            f"decommission {fe}",
        ]
        if not shared or s == 0:
            steps.append(f"decommission {arch}")
        if rng.random() < 0.3:
            steps.append(f"migrate hist{s} to {new}")
        if rng.random() < 0.3:
            steps.append(f"decommission {mon}")
        if rng.random() < 0.3:  # FQDNs, pairings and a third version: LYNC-TOPO-*, LYNC-PAIR-101
            steps.append(f"set {fe} {{ fqdn \"{rng.choice(FQDNS)}\" }}")
        if rng.random() < 0.3:
            steps.append(f"set {fe} {{ note \"wave {s}\" }}")
        if paired:
            other = rng.choice([t for t in range(sites) if t != s])
            steps.append(f"set {new} {{ paired_with pool{other} }}")
        version = rng.choice([2013, 2015])
        deploys.append(f"deploy front_end {new} {{ version {version}, site site{s}{extras(rng)} }}")
    rng.shuffle(steps)
    steps = steps[:rng.randint(3, len(steps))] + ["confirm signoff \"ok\""] * rng.choice([0, 0, 1, 2, 3])
    phases = []  # [name, steps]
    for text in steps:
        if phases and rng.random() < 0.35:
            phases[-1][1].append(text)
        else:
            phases.append([f"p{len(phases)}", [text]])
    rng.shuffle(phases)
    # Usually the pools are deployed first (declared first, so the phases
    # that use them come after); otherwise anywhere, and steps fail.
    first = [[f"d{k}", [text]] for k, text in enumerate(deploys)]
    phases = first + phases if rng.random() < 0.7 else rng.sample(first + phases, len(first) + len(phases))
    for i, ph in enumerate(phases):
        ph[0] = f"p{i}"
    lines = [f"# differential plan, seed {seed}", "use lync2013", POLICIES, "deployment estate {"]
    if rng.random() < 0.5:
        lines.append("  critical archiving")
    lines += dep + data + ["}", "", "migration m of estate {"]
    for (name, texts), after in zip(phases, gen.order(rng, phases, 0.1)):
        lines.append(f"  phase {name}" + (f" after {', '.join(after)}" if after else "") + " {")
        lines += [f"    {t}" for t in texts]
        lines.append("  }")
    lines.append("}")
    return "\n".join(lines) + "\n"


EXPLAINED = re.compile(r"cutover: (.*): (reduced exploration|full exploration|not verified)(.*)")
GAVE_UP = re.compile(r"\(the reduction gave up: ([^:]+): (.+)\)$")


def run(cutover, mode, files):
    """The findings and summary of one run, and the --explain-reduction line of each file."""
    out = subprocess.run([cutover, "check", "--format", "json", f"--explore={mode}", "--today", "2026-01-01",
                          "-j", "2", "--explain-reduction"] + files, capture_output=True, text=True)
    if out.returncode not in (0, 1):
        sys.exit(f"{mode}: exit {out.returncode}\n{out.stderr}")
    doc = json.loads(out.stdout)
    explained = {}
    for line in out.stderr.splitlines():
        m = EXPLAINED.fullmatch(line)
        if m:
            explained[m.group(1)] = (m.group(2), m.group(3))
    return doc["findings"], doc["summary"], explained


def strategies(files, explained):
    """Counts the plans the reduction verified; fails on one that fell back without a reason."""
    reduced, fallbacks, unverified = 0, {}, 0
    for path in files:
        if path not in explained:
            sys.exit(f"{path}: no --explain-reduction line")
        strategy, rest = explained[path]
        if strategy == "reduced exploration":
            reduced += 1
        elif strategy == "not verified":
            unverified += 1
        else:
            m = GAVE_UP.search(rest)
            if not m:
                sys.exit(f"{path}: the full exploration ran in reduced mode without a reason: '{strategy}{rest}'")
            fallbacks.setdefault(f"{m.group(1)}: {m.group(2)}", []).append(os.path.basename(path))
    line = f"{reduced} of {len(files)} plans verified by the reduced exploration"
    if unverified:
        line += f", {unverified} not verified (compile errors)"
    print(line + f", {sum(len(v) for v in fallbacks.values())} fell back to the full one")
    for why, paths in sorted(fallbacks.items()):
        print(f"  fell back ({len(paths)}): {why}: {' '.join(paths[:5])}{' ...' if len(paths) > 5 else ''}")


def write_plans(gen_path, outdir, count, first_seed):
    """Writes the `count` plans of seeds first_seed... to outdir; returns their paths."""
    os.makedirs(outdir, exist_ok=True)
    # bench/gen as a module: its plans and its reading of the conflict rule
    # (no bytecode cache written into the source tree).
    sys.dont_write_bytecode = True
    loader = importlib.machinery.SourceFileLoader("gen", gen_path)
    gen = importlib.util.module_from_spec(importlib.util.spec_from_loader("gen", loader))
    loader.exec_module(gen)
    files = []
    for i in range(count):
        seed = first_seed + i
        path = os.path.join(outdir, f"plan{i:04d}.cut")
        if i % 10 == 7:
            # Unordered site waves sharing a legacy server and a 2013 pool.
            rng = random.Random(seed)
            gen_args = ["--waves", str(rng.randint(2, 6)), "--violations", str(rng.randint(0, 3))]
            text = subprocess.run([sys.executable, gen_path] + gen_args, check=True, capture_output=True,
                                  text=True).stdout
        elif i % 10 == 9:
            # Parallel site tracks with planted mistakes: hundreds of states.
            rng = random.Random(seed)
            gen_args = ["--tracks", str(rng.randint(2, 3)), "--sites", str(rng.randint(3, 4)),
                        "--violations", str(rng.randint(0, 3))]
            text = subprocess.run([sys.executable, gen_path] + gen_args, check=True, capture_output=True,
                                  text=True).stdout
        elif i % 2:
            text = subprocess.run([sys.executable, gen_path, "--random", "--seed", str(seed)], check=True,
                                  capture_output=True, text=True).stdout
        else:
            text = own_plan(gen, random.Random(seed), seed)
        with open(path, "w") as f:
            f.write(text)
        files.append(path)
    return files


def main():
    ap = argparse.ArgumentParser(usage="%(prog)s [--plans-only] [CUTOVER] GEN OUTDIR [--count N] [--seed S]")
    ap.add_argument("paths", nargs="+", help="CUTOVER GEN OUTDIR, or GEN OUTDIR with --plans-only")
    ap.add_argument("--plans-only", action="store_true", help="write the plans and check nothing")
    ap.add_argument("--count", type=int, default=300)
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    if len(args.paths) != (2 if args.plans_only else 3):
        ap.error("expected " + ("GEN OUTDIR" if args.plans_only else "CUTOVER GEN OUTDIR"))
    if args.plans_only:
        write_plans(*args.paths, args.count, args.seed)
        return
    cutover, gen_path, outdir = args.paths
    files = write_plans(gen_path, outdir, args.count, args.seed)
    full, full_summary, _ = run(cutover, "full", files)
    reduced, reduced_summary, explained = run(cutover, "reduced", files)
    for key in ("errors", "warnings", "infos"):
        if full_summary[key] != reduced_summary[key]:
            print(f"summary {key}: full {full_summary[key]}, reduced {reduced_summary[key]}")
    if full != reduced:
        byfile = {}
        for name, findings in (("full", full), ("reduced", reduced)):
            for f in findings:
                byfile.setdefault(f["file"], {"full": [], "reduced": []})[name].append(f)
        bad = [p for p, v in sorted(byfile.items()) if v["full"] != v["reduced"]]
        for p in bad[:3]:
            print(f"DIFF {p}\n full:    {json.dumps(byfile[p]['full'])}\n reduced: {json.dumps(byfile[p]['reduced'])}")
        sys.exit(f"{len(bad)} of {len(files)} plans differ")
    ids = {}
    for f in full:
        ids[f["id"]] = ids.get(f["id"], 0) + 1
    print(f"{len(files)} plans, states explored: full {full_summary['states_explored']}, "
          f"reduced {reduced_summary['states_explored']}")
    strategies(files, explained)
    print(f"{len(full)} findings identical: "
          + ", ".join(f"{k} {v}" for k, v in sorted(ids.items())))


if __name__ == "__main__":
    main()
