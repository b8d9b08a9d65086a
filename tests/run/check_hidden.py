#!/usr/bin/env python3
"""check_hidden.py OUTDIR: no published row that is suppressed carries a
number in any figure column, its respondents included, in any CSV file of
OUTDIR or in summary.json; and a published file never says why a cell is
hidden (primary or secondary), only that it is ("yes").

A figure column is any column but the codes, ids and descriptions listed
in NOT_FIGURES, so a column a later version adds is checked too.  A hidden
figure is `..` (null in JSON).  docs/outputs.md, "Privacy"."""
import csv
import glob
import json
import os
import sys

# numbers that are not figures of the hidden cell: codes, ids, the rules,
# distances between published places, the clustering's own measures
NOT_FIGURES = {"cohort_id", "members", "max_km", "min_size", "max_size", "cluster_id",
               "cluster_size", "cluster_silhouette", "cluster_stability", "silhouette", "ssyk_level",
               "line", "column"}
SUPPRESSION = {"suppressed", "cluster_suppressed", "jobs_suppressed"}
JSON_NOT_FIGURES = {"id", "cluster", "max_km", "size", "silhouette", "silhouette_mean", "stability",
                    "min_size", "max_size"}


def is_number(v):
    try:
        float(v.replace(",", "."))
        return True
    except ValueError:
        return False


def figure_column(name):
    return not (name in NOT_FIGURES or name.endswith("_code") or name.endswith("_codes"))


def check_csv(path, errors, hidden_rows):
    name = os.path.basename(path)
    with open(path, encoding="utf-8-sig", newline="") as f:
        rows = list(csv.DictReader(f))
    for n, r in enumerate(rows, start=2):
        # each suppression column hides its own figures: cluster_* by
        # cluster_suppressed, jobs* (jobs beside a cohort) by jobs_suppressed
        for col in ("suppressed", "cluster_suppressed", "jobs_suppressed"):
            if col not in r or not r[col]:
                continue
            if r[col] != "yes":
                errors.append(f"{name}:{n}: {col} says {r[col]!r}, not only that it is hidden")
            hidden_rows[name] = hidden_rows.get(name, 0) + 1
            family = col[:-len("suppressed")]
            for c, v in r.items():
                if c is None or not figure_column(c) or c in SUPPRESSION:
                    continue
                if (c.startswith("cluster_") and "cluster_" or c.startswith("jobs") and "jobs_"
                        or "") != family:
                    continue
                if is_number(v) or (v != ".." and c in ("respondents", "cluster_respondents")):
                    errors.append(f"{name}:{n}: hidden row shows {c} = {v!r}")


def check_json(o, where, errors, hidden):
    if isinstance(o, dict):
        s = o.get("suppressed")
        if isinstance(s, str) and s:
            hidden[0] += 1
            if s != "yes":
                errors.append(f"summary.json {where}: suppressed says {s!r}")
            for k, v in o.items():
                if k in JSON_NOT_FIGURES or isinstance(v, (str, dict, list, bool)) or v is None \
                        or "jobs" in k:  # jobs: by jobs_suppressed, below
                    continue
                errors.append(f"summary.json {where}: hidden object shows {k} = {v}")
            if "respondents" in o and o["respondents"] is not None:
                errors.append(f"summary.json {where}: hidden object shows its respondents")
        js = o.get("jobs_suppressed")
        if isinstance(js, str) and js:
            if js != "yes":
                errors.append(f"summary.json {where}: jobs_suppressed says {js!r}")
            for k in ("jobs", "jobs_respondents"):
                if o.get(k) is not None:
                    errors.append(f"summary.json {where}: hidden jobs show {k} = {o[k]}")
        for k, v in o.items():
            check_json(v, f"{where}.{k}", errors, hidden)
    elif isinstance(o, list):
        for i, v in enumerate(o):
            check_json(v, f"{where}[{i}]", errors, hidden)


def main():
    out = sys.argv[1]
    errors, hidden_rows, hidden_json = [], {}, [0]
    for path in sorted(glob.glob(os.path.join(out, "*.csv"))):
        check_csv(path, errors, hidden_rows)
    with open(os.path.join(out, "summary.json"), encoding="utf-8") as f:
        check_json(json.load(f), "", errors, hidden_json)
    # not vacuous: the example hides cells in every table that has figures
    for name in ("demand.csv", "ranking.csv", "residual.csv"):
        if not hidden_rows.get(name):
            errors.append(f"{name} has no hidden row: the check proves nothing")
    if not hidden_json[0]:
        errors.append("summary.json has no hidden object: the check proves nothing")
    for e in errors[:30]:
        print("FAIL:", e)
    print(f"hidden rows: {hidden_rows}, hidden JSON objects: {hidden_json[0]}; "
          f"{len(errors)} problems")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
