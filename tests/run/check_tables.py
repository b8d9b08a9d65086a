#!/usr/bin/env python3
"""check_tables.py OUTDIR [--internal]

Independent checks of needmap run's demand.csv (written by another
program than the one checked):
  * every relation adds up exactly: detail cells -> municipality total,
    the SSYK hierarchy (given -> 3 -> 2 -> 1 -> all), municipality -> county
    -> all;
  * with suppression on: in every relation the number of hidden cells is
    0 or at least 2 (no hidden value can be worked out by subtraction), and
    hidden cells show no values;
  * rankings agree with demand.csv and never rank a hidden cell.
"""
import csv
import sys
from collections import defaultdict

out = sys.argv[1]
internal = "--internal" in sys.argv
errors = []


def read(name):
    with open(f"{out}/{name}", newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    if internal:
        assert all(r.pop("internal_use_only") == "yes" for r in rows), name
    return rows


cells = read("demand.csv")
LEVELS = ["given", "3", "2", "1", "0"]


def comp_at(row, level):
    """The competence key of a roll-up row one step up."""
    if level == "0":
        return ("all", "")
    if row["competence_kind"] == "ssyk":
        return ("ssyk", row["competence_code"][: int(level)])
    return (row["competence_kind"], row["competence_label"])


def key(r):
    return (r["geo_level"], r["geo_code"], r["ssyk_level"], r["competence_kind"],
            r["competence_code"], r["competence_label"], r["need"])


rollups = {}
county_of = {}
for r in cells:
    if r["table"] == "rollup":
        rollups[key(r)] = r

relations = defaultdict(list)  # parent key -> children rows
for r in cells:
    if r["table"] == "detail":
        parent = ("municipality", r["geo_code"], "given", r["competence_kind"],
                  r["competence_code"], r["competence_label"], r["need"])
        relations[("detail",) + parent].append(r)
        continue
    lvl = LEVELS.index(r["ssyk_level"])
    if lvl + 1 < len(LEVELS):
        up = LEVELS[lvl + 1]
        kind, code_or_label = comp_at(r, up)
        if kind == "ssyk":
            pk = (r["geo_level"], r["geo_code"], up, "ssyk", code_or_label, None, r["need"])
        elif kind == "all":
            pk = (r["geo_level"], r["geo_code"], up, "all", "", None, r["need"])
        else:
            pk = (r["geo_level"], r["geo_code"], up, kind, "", code_or_label, r["need"])
        relations[("comp",) + pk].append(r)
    if r["geo_level"] == "municipality":
        gk = ("county", r["geo_code"][:2])
    elif r["geo_level"] == "county":
        gk = ("all", "SE")
    else:
        continue
    relations[("geo",) + gk + key(r)[2:]].append(r)


def find_parent(rel):
    kind, *k = rel
    if kind == "comp":
        g, gc, lvl, ck, code, label, need = k
        for r in (rollups.get((g, gc, lvl, ck, code, lab, need)) for lab in labels(ck, code, label)):
            if r:
                return r
        return None
    return rollups.get(tuple(k))


def labels(kind, code, label):
    if label is not None:
        return [label]
    return {r["competence_label"] for r in cells if r["competence_kind"] == kind and r["competence_code"] == code} or [""]


def num(r, col):
    return float(r[col]) if r[col] != "" else None


hidden = lambda r: r["suppressed"] != ""
# a hidden cell shows `..` for every figure, its respondents included
FIGURES = ("demand", "demand_low", "demand_high", "needs_without_count", "needs", "respondents")
for rel, children in relations.items():
    parent = find_parent(rel)
    if parent is None:
        errors.append(f"no parent row for {rel}")
        continue
    members = [parent] + children
    if internal:
        for col in ("demand", "demand_low", "demand_high", "needs_without_count", "needs"):
            total = sum(num(c, col) for c in children)
            if abs(total - num(parent, col)) > 1e-6:
                errors.append(f"{rel}: {col} of children {total} != parent {parent[col]}")
    else:
        n = sum(hidden(m) for m in members)
        if n == 1:
            errors.append(f"{rel}: exactly one hidden cell: it can be worked out")
        for m in members:
            if hidden(m) and any(m[c] != ".." for c in FIGURES):
                errors.append(f"hidden cell shows a value: {m}")
            if m["suppressed"] not in ("", "yes"):
                errors.append(f"a published file says why a cell is hidden: {m}")
        if n == 0:
            total = sum(num(c, "demand") for c in children)
            if abs(total - num(parent, "demand")) > 1e-6:
                errors.append(f"{rel}: published children {total} != parent {parent['demand']}")

by_key = {}
for r in cells:
    if r["table"] == "rollup" and r["ssyk_level"] == "given":
        by_key[(r["geo_level"], r["geo_code"], r["competence_kind"], r["competence_code"],
                r["competence_label"], r["need"])] = r
last = {}
for r in read("ranking.csv"):
    c = by_key.get((r["geo_level"], r["geo_code"], r["competence_kind"], r["competence_code"],
                    r["competence_label"], r["need"]))
    if c is None:
        errors.append(f"ranking row without a demand cell: {r}")
        continue
    if r["demand"] != c["demand"] or r["suppressed"] != c["suppressed"]:
        errors.append(f"ranking disagrees with demand.csv: {r}")
    if hidden(r) and r["rank"]:
        errors.append(f"hidden cell ranked: {r}")
    lk = (r["geo_level"], r["geo_code"], r["need"])
    if r["rank"]:
        prev = last.get(lk)
        if prev and float(prev) < float(r["demand"]):
            errors.append(f"ranking not in descending demand: {r}")
        last[lk] = r["demand"]

# cohorts and residual: hidden figures show nothing, published ones are viable
students = ("upskilling_students", "interest_students")
for name, cols in (("cohorts.csv", students + ("expected_enrolment", "p_viable", "intakes")),
                   ("residual.csv", students + ("shortfall",))):
    for r in read(name):
        if r["suppressed"] and any(r[c] != ".." for c in cols + ("respondents",)):
            errors.append(f"{name}: hidden row shows a value: {r}")
        # jobs stand beside the students with their own suppression; the
        # open-admission flag is only said where both can be read
        if r["jobs_suppressed"] and (r["jobs"] != ".." or r["jobs_respondents"] != ".."
                                     or r["open_admission"]):
            errors.append(f"{name}: hidden jobs show a value: {r}")
        if name == "cohorts.csv" and r["suppressed"] and r["open_admission"]:
            errors.append(f"{name}: open admission said of hidden students: {r}")
        if r["level"] == "unknown" or r["mode"] == "unknown":
            errors.append(f"{name}: a level or mode nobody could apply for: {r}")
        if name == "cohorts.csv" and not r["suppressed"]:
            if float(r["p_viable"]) < 0.8 - 1e-9:
                errors.append(f"cohort below the viability threshold: {r}")
            if int(r["members"]) > 10 or int(r["members"]) != len(r["member_codes"].split()):
                errors.append(f"cohort members do not add up: {r}")
        # a municipality split between its own cohort and a shared one is a member of both
        if name == "cohorts.csv" and not set(r["split_members"].split()) <= set(r["member_codes"].split()):
            errors.append(f"cohort splits a municipality that is not its member: {r}")

for e in errors[:30]:
    print("FAIL:", e)
print(f"{len(relations)} relations checked, {len(errors)} problems")
sys.exit(1 if errors else 0)
