#!/usr/bin/env python3
"""check_scenario_totals.py NEEDMAP INPUT SCENARIOS.json OUTDIR

Each scenario's totals in scenarios.csv (published run, OUTDIR) recomputed
independently (issue #17): for every scenario of the file, `needmap run
--internal --rules R` with R the scenario's members (its "modes" aside)
pools the same input under the same options; the scenario's totals are the
sums over that run's cohorts.csv rows of its modes (upskilling_students,
interest_students, expected_enrolment) and residual.csv rows
(residual_upskilling, residual_interest), hidden rows included.  Every
published total equals them, a hidden one is `..` (and null in
summary.json), and the totals are not all 0.
"""
import csv
import json
import os
import subprocess
import sys
import tempfile

needmap, inp, scen_path, out = sys.argv[1:5]
TOTALS = {"upskilling_students": ("cohorts.csv", "upskilling_students"),
          "interest_students": ("cohorts.csv", "interest_students"),
          "expected_enrolment": ("cohorts.csv", "expected_enrolment"),
          "residual_upskilling": ("residual.csv", "upskilling_students"),
          "residual_interest": ("residual.csv", "interest_students")}
errors = []


def rows(d, name):
    with open(os.path.join(d, name), newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


scenarios = json.load(open(scen_path, encoding="utf-8"))["scenarios"]
scenarios = {"base": {}, **scenarios}
published = {r["scenario"]: r for r in rows(out, "scenarios.csv")}
summary = {s["name"]: s["figures"]
           for s in json.load(open(os.path.join(out, "summary.json")))["scenarios"]["list"]}
shown = hidden = nonzero = 0
with tempfile.TemporaryDirectory() as tmp:
    for i, (name, members) in enumerate(scenarios.items()):
        modes = members.get("modes")
        rules = {k: v for k, v in members.items() if k != "modes"}
        rpath = os.path.join(tmp, f"r{i}.json")
        json.dump(rules, open(rpath, "w"))
        d = os.path.join(tmp, f"o{i}")
        subprocess.run([needmap, "run", "-q", "--internal", "--rules", rpath, inp, "-o", d],
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        for col, (table, src) in TOTALS.items():
            want = sum(float(r[src]) for r in rows(d, table)
                       if modes is None or r["mode"] in modes)
            got = published[name][col]
            if got == "..":
                hidden += 1
                if summary[name][col] is not None:
                    errors.append(f"{name}.{col}: `..` in scenarios.csv, "
                                  f"{summary[name][col]} in summary.json")
                continue
            shown += 1
            nonzero += float(got) != 0
            if abs(float(got) - want) > 0.0015 * max(1.0, abs(want)):
                errors.append(f"{name}.{col} is {got}, its cohorts/residual rows add up to "
                              f"{want:g}")
            if summary[name][col] is None or abs(summary[name][col] - float(got)) > 1e-6 * max(1, abs(want)):
                errors.append(f"{name}.{col}: {got} in scenarios.csv, "
                              f"{summary[name][col]} in summary.json")
if not nonzero:
    errors.append("every published scenario total is 0")
for e in errors[:20]:
    print("not ok -", e)
print(f"{len(scenarios)} scenarios: {shown} totals published ({nonzero} not 0), {hidden} hidden; "
      f"{len(errors)} errors")
sys.exit(1 if errors else 0)
