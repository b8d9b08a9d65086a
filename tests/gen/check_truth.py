#!/usr/bin/env python3
"""Compare needmap's summary.json with gen_survey's truth file.

    check_truth.py SUMMARY_JSON TRUTH_CSV

Checks, per input file: rows read/accepted/rejected/skipped, needs
accepted/rejected, every rejection and skip reason; and over all files the
demand per need type (demand, demand_low, demand_high, needs,
needs_without_count).  Prints every difference; exits 1 if there is one.
Only meaningful for a run with --internal (nothing suppressed)."""
import csv
import json
import os
import sys

REJECTED = ["unknown_municipality", "no_municipality", "count_negative",
            "count_not_number", "no_competence"]
SKIPPED = ["header", "preamble", "blank", "total_row", "sep_line"]
NEEDS = ["recruitment", "upskilling", "interest", "unknown"]
MEASURES = ["needs", "demand", "demand_low", "demand_high", "needs_without_count"]


def num(text):
    value = float(text)
    return int(value) if value == int(value) else value


def compare_file(name, got, want, diffs):
    pairs = [("rows.read", got["rows"]["read"], want["rows_read"]),
             ("rows.accepted", got["rows"]["accepted"], want["rows_accepted"]),
             ("rows.rejected", got["rows"]["rejected"], want["rows_rejected"]),
             ("rows.skipped", got["rows"]["skipped"], want["rows_skipped"]),
             ("needs.accepted", got["needs"]["accepted"], want["needs_accepted"]),
             ("needs.rejected", got["needs"]["rejected"], want["needs_rejected"])]
    for reason in REJECTED:
        pairs.append(("rejected." + reason, got.get("rejected", {}).get(reason, 0),
                      want["rejected_" + reason]))
    for reason in SKIPPED:
        pairs.append(("skipped." + reason, got.get("skipped", {}).get(reason, 0),
                      want["skipped_" + reason]))
    extra = set(got.get("rejected", {})) - set(REJECTED)
    extra |= set(got.get("skipped", {})) - set(SKIPPED)
    for reason in sorted(extra):
        pairs.append(("unexpected reason " + reason, got.get("rejected", {}).get(reason, got.get("skipped", {}).get(reason)), 0))
    if got.get("status") != "ok":
        diffs.append(f"{name}: status: needmap {got.get('status')} ({got.get('error')}), truth ok")
    for what, g, w in pairs:
        if g != (num(w) if isinstance(w, str) else w):
            diffs.append(f"{name}: {what}: needmap {g}, truth {w}")


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    summary = json.load(open(sys.argv[1], encoding="utf-8"))
    with open(sys.argv[2], newline="", encoding="utf-8") as f:
        truth = list(csv.DictReader(f))
    total = next(r for r in truth if r["file"] == "TOTAL")
    files = {r["file"]: r for r in truth if r["file"] != "TOTAL"}
    diffs = []
    seen = set()
    for inp in summary["inputs"]:
        name = os.path.basename(inp["path"])
        if name not in files:
            diffs.append(f"{name}: read by needmap, not in the truth file")
            continue
        seen.add(name)
        compare_file(name, inp, files[name], diffs)
    for name in sorted(set(files) - seen):
        diffs.append(f"{name}: in the truth file, not read by needmap")
    demand = summary["totals"]["demand"]
    for need in NEEDS:
        got = demand.get(need, {})
        for m in MEASURES:
            want = num(total[f"{need}_{m}"])
            g = got.get(m, 0)
            if g is None or abs(g - want) > 1e-9:
                diffs.append(f"totals.demand.{need}.{m}: needmap {g}, truth {want}")
    for d in diffs:
        print(d)
    rows = summary["totals"]["rows"]
    print(f"{'MISMATCH' if diffs else 'OK'}: {len(files)} files, {rows['read']} rows read, "
          f"{rows['accepted']} accepted, {rows['rejected']} rejected; "
          f"{len(diffs)} differences")
    sys.exit(1 if diffs else 0)


if __name__ == "__main__":
    main()
