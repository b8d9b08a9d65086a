#!/usr/bin/env python3
"""check_reasons.py OUTDIR [--internal]

residual.csv's `reason` column, checked against the columns beside it (by
another program than the one that wrote it):
  * every row has a reason;
  * a hidden row's reason has no figure at all (no digit);
  * a published row's reason starts with its own shortfall ("needs N more
    potential students ..."), or says that enough is within reach;
    within R km of its own municipality for on-site and hybrid, "in all"
    for distance;
  * every neighbour named with a count ("Lycksele 2") has a published
    row of the same group with that potential; one named with `..` has a
    hidden row (a reason never shows a count residual.csv hides).
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
    if float(r["shortfall"]) > 0:
        head = f'needs {r["shortfall"]} more potential students '
        head += "in all" if r["mode"] == "distance" else "within "
        if not why.startswith(head):
            errors.append(f"{where}: reason does not start with '{head}': {why}")
        if r["mode"] != "distance" and f' km of {r["municipality_name"]}' not in why:
            errors.append(f"{where}: reason does not name its municipality: {why}")
    elif not why.startswith(("enough within reach together", "fewer than ")):
        errors.append(f"{where}: shortfall 0 but reason {why}")
    if min_munis > 1 and r["mode"] == "onsite" and r["nearby_codes"] == "" and \
            f"fewer than {min_munis} municipalities with demand left within" not in why:
        errors.append(f"{where}: alone within reach but not told so: {why}")
    m = re.search(r"nearest with demand: ([^;]*)", why)
    for part in (m.group(1).split(", ") if m else []):
        name, count = part.rsplit(" ", 1)
        other = by_name.get((group(r), name))
        if other is None:
            errors.append(f"{where}: {name} named with demand but has no row")
        elif count == "..":
            if not other["suppressed"]:
                errors.append(f"{where}: {name} shown as .. but published")
        elif other["suppressed"] or float(other["potential_students"]) != float(count.replace(",", "")):
            errors.append(f"{where}: {name} {count} does not match its row")

for e in errors[:20]:
    print("not ok -", e)
print(f"{len(rows)} residual rows checked, {len(errors)} errors")
sys.exit(1 if errors else 0)
