"""Keeps docs/tutorial.md's outputs true: rebuilds the tutorial's plans (plan.cut
and waves.cut from its text, the others by the edits it describes), checks each, and
requires every line the tutorial prints after `$ cutover check NAME.cut` in
the real output."""
import pathlib
import re
import subprocess
import sys

cutover, tutorial_path, out_dir = pathlib.Path(sys.argv[1]).resolve(), sys.argv[2], sys.argv[3]
tutorial = pathlib.Path(tutorial_path).read_text()
out = pathlib.Path(out_dir)
out.mkdir(parents=True, exist_ok=True)

plan = re.search(r"Create `plan.cut`.*?```\n(.*?)```", tutorial, re.S).group(1)
enables = ("    enable archiving on pilot2013 { store arch13db }\n"
           "    enable monitoring on pilot2013 { store arch13db }\n")
users = "  phase pilot_users after pilot {\n    move 50 users from fe2010 to pilot2013\n  }\n"
late = plan.replace(enables + "  }\n" + users + "  phase cutover_all after pilot_users {",
                    "  }\n" + users + "  phase services after pilot_users {\n" + enables +
                    "  }\n  phase cutover_all after services {")
migrated = plan.replace('backup arch_history to "\\\\\\\\fs01\\\\lync2010\\\\archiving"',
                        "migrate arch_history to arch13db")
swapped = plan.replace("phase backup after cutover_all", "phase backup after retire").replace(
    "phase retire after backup", "phase retire after cutover_all")
waves = re.search(r"Create `waves.cut`.*?```\n(.*?)```", tutorial, re.S).group(1)
crossed = waves.replace("    move all users from ber2010 to pool13\n",
                        "    move all users from ber2010 to pool13\n    move 100 users from sea2010 to pool13\n")
early_phases = re.search(r"\(`early.cut`\):\n\n```\n(.*?)```", tutorial, re.S).group(1)
early = waves.replace("  phase retire after seattle_wave, berlin_wave, backup {\n"
                      "    decommission arch2010, mon2010, archdb, mondb, sea2010, ber2010\n", early_phases[:-4])
for name, text, base in (("plan", plan, None), ("late", late, plan), ("swapped", swapped, plan),
                         ("migrated", migrated, plan), ("waves", waves, None), ("crossed", crossed, waves),
                         ("early", early, waves)):
    if base is not None and text == base:
        sys.exit(f"{name}.cut: the tutorial's edit no longer applies")
    (out / f"{name}.cut").write_text(text)

failed = False
for name in ("plan", "late", "swapped", "migrated", "waves", "crossed", "early"):
    printed = re.search(rf"\$ cutover check {name}.cut\n(.*?)(?:\$ |```)", tutorial, re.S).group(1)
    run = subprocess.run([cutover, "check", f"{name}.cut", "--color", "never"], cwd=out, capture_output=True,
                         text=True)
    actual = (run.stdout + run.stderr).splitlines()
    missing = [line for line in printed.splitlines() if line.strip() != "..." and line not in actual]
    print(f"{name}.cut: {len(printed.splitlines())} lines, missing {missing}")
    failed |= bool(missing)
sys.exit(1 if failed else 0)
