#!/usr/bin/env python3
"""check_scenarios.py OUTDIR [--internal] [--truth INTERNAL_OUTDIR]

scenarios.csv of a run with tests/run/scenarios/modes.json, checked against
cohorts.csv and residual.csv (read by another program than the writer):
  * "base" (the run's own options) and "as run" (an empty scenario, pooled
    again) both equal the totals of cohorts.csv and residual.csv: rows,
    hidden rows, students (upskilling and interest apart) and expected
    enrolment of every cohort, mean and lowest P(viable) of the published
    ones, students of every residual row; and summary.json's count of
    groups.  A published run hides some rows' figures, so its totals are
    those of the --internal run of the same inputs (--truth, itself checked
    against its cohorts.csv), or `..` where the disclosure control hides them;
  * a scenario of some modes equals those totals over the cohorts and
    residual rows of those modes (pooling groups are independent), so the
    one-mode scenarios add up to base, and none covers more than base;
  * an impossible scenario (every minimum 10000) has no cohort and covers
    no student;
  * summary.json's "scenarios" says the same as scenarios.csv.
"""
import csv
import json
import sys

out = sys.argv[1]
internal = "--internal" in sys.argv
truth = sys.argv[sys.argv.index("--truth") + 1] if "--truth" in sys.argv else None
errors = []
TOTALS = ("upskilling_students", "interest_students", "expected_enrolment",
          "residual_upskilling", "residual_interest")


def read(name, where=None):
    with open(f"{where or out}/{name}", newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    if "internal_use_only" in (rows[0] if rows else {}):
        assert all(r.pop("internal_use_only") == "yes" for r in rows), name
    return rows


cohorts, residual, scen = read("cohorts.csv"), read("residual.csv"), read("scenarios.csv")
by = {r["scenario"]: r for r in scen}


def expected(modes):
    """scenarios.csv's figures from cohorts.csv and residual.csv."""
    c = [r for r in cohorts if modes is None or r["mode"] in modes]
    pub = [r for r in c if not r["suppressed"]]
    res = [r for r in residual if modes is None or r["mode"] in modes]
    pv = [float(r["p_viable"]) for r in pub]
    return {
        "cohorts": len(c),
        "cohorts_hidden": len(c) - len(pub),
        "upskilling_students": total(c, "upskilling_students"),
        "interest_students": total(c, "interest_students"),
        "expected_enrolment": total(c, "expected_enrolment"),
        "p_viable_mean": sum(pv) / len(pv) if pv else None,
        "p_viable_min": min(pv) if pv else None,
        "residual": len(res),
        "residual_hidden": sum(1 for r in res if r["suppressed"]),
        "residual_upskilling": total(res, "upskilling_students"),
        "residual_interest": total(res, "interest_students"),
    }


def total(rows, col):
    """Every row's figure added up; None when one is hidden (`..`): the
    figure then comes from the --truth run."""
    if any(r[col] == ".." for r in rows):
        return None
    return sum(float(r[col]) for r in rows)


true_rows = {r["scenario"]: r for r in read("scenarios.csv", truth)} if truth else {}


def same(name, want):
    row = by.get(name)
    if row is None:
        errors.append(f"no row {name!r}")
        return
    for k, v in want.items():
        got = row[k]
        if k in TOTALS:
            if got == "..":
                continue   # hidden by the disclosure control
            if v is None:  # a hidden row's figure is in it: the --internal run's
                if not truth:
                    errors.append(f"{name}: {k} published but cohorts.csv hides a row")
                    continue
                v = float(true_rows[name][k])
        if v is None:
            ok = got == ""
        else:
            ok = got != "" and abs(float(got) - v) <= 0.0015 * max(1.0, abs(v))
        if not ok:
            errors.append(f"{name}: {k} is {got!r}, cohorts.csv/residual.csv give {v}")


if [r["scenario"] for r in scen] != ["base", "as run", "distance as run",
                                     "hybrid and on site as run", "impossible"]:
    errors.append(f"rows {[r['scenario'] for r in scen]}: base first, then the file's order")
same("base", expected(None))
same("as run", expected(None))
same("distance as run", expected({"distance"}))
same("hybrid and on site as run", expected({"hybrid", "onsite", "unknown"}))
for kind in ("upskilling_students", "interest_students"):
    names = ("distance as run", "hybrid and on site as run")
    if any(by[n][kind] == ".." for n in names + ("base",)):
        continue
    parts = [float(by[n][kind]) for n in names]
    if abs(sum(parts) - float(by["base"][kind])) > 0.01:
        errors.append(f"the one-mode scenarios' {kind} do not add up to base")
    for r in scen:
        if ".." in (r[kind], by["base"][kind]):
            continue
        if float(r[kind]) > float(by["base"][kind]) + 1e-9 and r["scenario"] != "base":
            errors.append(f"{r['scenario']} covers more {kind} than base with stricter rules")
imp = by["impossible"]
if imp["cohorts"] != "0" or imp["upskilling_students"] != "0" or imp["interest_students"] != "0" \
        or imp["p_viable_mean"] != "":
    errors.append(f"impossible scenario has cohorts: {imp}")
if by["distance as run"]["modes"] != "distance" or by["base"]["modes"] != "all":
    errors.append("modes column")

# groups with students: a hidden residual row may or may not hold students,
# so the count is checked against summary.json's (the pool's own count),
# and the one-mode scenarios must add up to it
pooled = json.load(open(f"{out}/summary.json", encoding="utf-8"))["pooling"]["groups"]
for n in ("base", "as run"):
    if int(by[n]["groups"]) != pooled:
        errors.append(f"{n}: groups {by[n]['groups']}, summary.json's pooling says {pooled}")
if int(by["distance as run"]["groups"]) + int(by["hybrid and on site as run"]["groups"]) != pooled:
    errors.append("the one-mode scenarios' groups do not add up to base")

summary = json.load(open(f"{out}/summary.json", encoding="utf-8"))["scenarios"]["list"]
for s in summary:
    row = by[s["name"]]
    for k, v in s["figures"].items():
        if (v is None) != (row[k] in ("", "..")) or (v is not None and abs(float(row[k]) - v) > 0.0005 * max(1, abs(v))):
            errors.append(f"summary.json {s['name']}.{k} = {v}, scenarios.csv {row[k]!r}")

for e in errors[:20]:
    print("not ok -", e)
print(f"{len(scen)} scenario rows checked against {len(cohorts)} cohorts, "
      f"{len(residual)} residual rows: {len(errors)} errors")
sys.exit(1 if errors else 0)
