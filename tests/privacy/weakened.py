#!/usr/bin/env python3
"""weakened.py PUB INT OUT: a deliberately weakened publication, to show the
oracle can fail.  OUT is a copy of the published directory PUB whose
demand.csv keeps only the primary suppressions: a cell is hidden when fewer
than 3 respondents stand behind it (from INT, the --internal run of the
same inputs), and every secondary suppression is published.  A total with
one hidden part then gives it away, and the oracle must say so."""
import csv
import os
import shutil
import sys

FIG = ["demand", "demand_low", "demand_high", "needs_without_count", "needs", "respondents"]


def rows(path):
    with open(path, encoding="utf-8", newline="") as f:
        r = csv.DictReader(f)
        return r.fieldnames, list(r)


def main():
    pub, internal, out = sys.argv[1:4]
    shutil.copytree(pub, out)
    cols, prow = rows(os.path.join(pub, "demand.csv"))
    _, irow = rows(os.path.join(internal, "demand.csv"))
    key = lambda r: tuple(r[c] for c in cols if c not in FIG + ["suppressed"])  # noqa: E731
    truth = {key(r): r for r in irow}
    opened = 0
    for r in prow:
        t = truth[key(r)]
        if r["suppressed"] == "yes" and int(t["respondents"]) >= 3:
            for c in FIG:
                r[c] = t[c]
            r["suppressed"] = ""
            opened += 1
    with open(os.path.join(out, "demand.csv"), "w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, cols, lineterminator="\r\n")
        w.writeheader()
        w.writerows(prow)
    print(f"weakened.py: {opened} secondary suppressions published in {out}")
    return 0 if opened else 1


if __name__ == "__main__":
    sys.exit(main())
