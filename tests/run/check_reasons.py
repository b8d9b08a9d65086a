#!/usr/bin/env python3
"""check_reasons.py OUTDIR [--internal]

residual.csv's `reason` column, checked against the columns beside it (by
another program than the one that wrote it):
  * every row has a reason;
  * a hidden row's reason has no figure at all (no digit);
  * a row without students says it has jobs only; a published row's
    reason starts with its own shortfall ("needs N more interested
    residents (or fewer staff to upskill) ..."), or says that enough is
    within reach;
    within R km of its own municipality for on-site and hybrid, "in all"
    for distance;
  * every neighbour named with counts ("Lycksele (2 staff to upskill, 1
    interested)") has a published row of the same group with those
    students; one named with `(..)` has a hidden row (a reason never shows
    a count residual.csv hides).
"""
import csv
import re
import sys

out = sys.argv[1]
internal = "--internal" in sys.argv
# --min-municipalities N: the rules file of the run set every level's to N
min_munis = int(sys.argv[sys.argv.index("--min-municipalities") + 1]) \
    if "--min-municipalities" in sys.argv else 1
errors = []
# the shortfall's unit at the default enrolment rates (interest 0.5 < upskilling 0.8)
UNIT = "interested residents (or fewer staff to upskill)"

with open(f"{out}/residual.csv", newline="", encoding="utf-8") as f:
    rows = list(csv.DictReader(f))


def group(r):
    return (r["competence_kind"], r["competence_code"], r["competence_label"], r["level"],
            r["mode"])


by_name = {(group(r), r["municipality_name"]): r for r in rows}
for r in rows:
    why = r["reason"]
    where = f'{r["municipality_name"]} {group(r)}'
    if not why:
        errors.append(f"{where}: no reason")
        continue
    if r["suppressed"]:
        if re.search(r"\d", why):
            errors.append(f"{where}: hidden row's reason has a figure: {why}")
        continue
    students = float(r["upskilling_students"]) + float(r["interest_students"]) > 0
    if not students:
        if not why.startswith("jobs only: the survey shows no students here"):
            errors.append(f"{where}: a row without students not said to be jobs only: {why}")
    elif float(r["shortfall"]) > 0:
        head = f'needs {r["shortfall"]} more {UNIT} '
        head += "in all" if r["mode"] == "distance" else "within "
        if not why.startswith(head):
            errors.append(f"{where}: reason does not start with '{head}': {why}")
        if r["mode"] != "distance" and f' km of {r["municipality_name"]}' not in why:
            errors.append(f"{where}: reason does not name its municipality: {why}")
    elif not why.startswith(("enough within reach together", "fewer than ")):
        errors.append(f"{where}: shortfall 0 but reason {why}")
    if min_munis > 1 and r["mode"] == "onsite" and r["nearby_codes"] == "" and students and \
            f"fewer than {min_munis} municipalities with demand left within" not in why:
        errors.append(f"{where}: alone within reach but not told so: {why}")
    m = re.search(r"nearest with demand: ([^;]*)", why)
    for name, counts in (re.findall(r"([^,(]+?) \(([^)]*)\)", m.group(1)) if m else []):
        name = name.strip()
        other = by_name.get((group(r), name))
        if other is None:
            errors.append(f"{where}: {name} named with demand but has no row")
        elif counts == "..":
            if not other["suppressed"]:
                errors.append(f"{where}: {name} shown as .. but published")
        elif other["suppressed"]:
            errors.append(f"{where}: {name} shows figures its row hides")
        else:  # "(2 staff to upskill, 1 interested)": each kind apart, as its row
            want = []
            if float(other["upskilling_students"]) > 0:
                want.append(f'{other["upskilling_students"]} staff to upskill')
            if float(other["interest_students"]) > 0:
                want.append(f'{other["interest_students"]} interested')
            if counts != ", ".join(want):
                errors.append(f"{where}: {name} ({counts}) does not match its row")

for e in errors[:20]:
    print("not ok -", e)
print(f"{len(rows)} residual rows checked, {len(errors)} errors")
sys.exit(1 if errors else 0)
