#!/usr/bin/env python3
"""consistent.py DIR: disclosure.csv (the model needmap audits) and the files
it describes agree on which cluster totals are hidden (issue #17: one rule,
in one place).  A total the model takes as published but clusters.csv shows
as `..` makes `needmap audit` prove a folder safe from figures it does not
publish; one the model hides but clusters.csv shows would be a leak.  Also
checks each demand.csv row's needs_without_count against its own unit.
Exit 1 when any disagrees."""
import csv
import os
import sys

NEEDS = ["unknown", "recruitment", "upskilling", "interest"]


def main():
    out = sys.argv[1]
    with open(os.path.join(out, "disclosure.csv"), encoding="utf-8") as f:
        units = [line.rstrip("\n").split(",") for line in f if line.startswith("u,")]
    model = {}
    unknown_unit = {}
    for u in units:
        _, table, part, row, hidden = u
        part, row = int(part), int(row)
        if table == "clusters" and part < 4:
            model[(str(row), NEEDS[part])] = hidden != "0"
        if table == "demand" and part == 1:
            unknown_unit[row] = hidden
    with open(os.path.join(out, "clusters.csv"), encoding="utf-8-sig") as f:
        rows = list(csv.DictReader(f))
    bad = 0
    seen = set()
    for r in rows:
        key = (r["cluster_id"], r["need"])
        if key in seen or key not in model:
            continue
        seen.add(key)
        shown_hidden = r["cluster_demand"] == ".."
        if shown_hidden != model[key]:
            bad += 1
            print(f"not ok - cluster {key[0]} {key[1]}: disclosure.csv has it "
                  f"{'hidden' if model[key] else 'published'}, clusters.csv "
                  f"{'hidden' if shown_hidden else 'published'}")
    with open(os.path.join(out, "demand.csv"), encoding="utf-8-sig") as f:
        demand = list(csv.DictReader(f))
    if unknown_unit:   # rows in order are the units with HIDDEN 0 or 1
        listed = [i + 1 for i in sorted(k - 1 for k in unknown_unit)
                  if unknown_unit[i + 1] != "2"]
        for row, r in zip(listed, demand):
            if (r["needs_without_count"] == "..") != (unknown_unit[row] == "1"):
                bad += 1
                print(f"not ok - demand.csv row {row}: needs_without_count "
                      f"{r['needs_without_count']}, its unit hidden {unknown_unit[row]}")
    print(f"{'not ok' if bad else 'ok'} - {len(seen)} cluster totals and "
          f"{len(unknown_unit)} needs_without_count units agree with disclosure.csv"
          + (f" but {bad}" if bad else ""))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
