#!/usr/bin/env python3
"""test_bootstrap.py - the bootstrap intervals of ranking.csv and summary.json
(--bootstrap, --seed; docs/method.md "How sure a ranking is").

- the same seed gives byte-identical ranking.csv and summary.json for
  --threads 1, 2 and 4 and for inputs cut into tiny parts
  (NEEDMAP_PART_BYTES) and handed over at every record;
- the survey copied to another folder gives byte-identical outputs;
- another seed changes some interval and nothing else;
- every published interval holds its figure (demand_ci_low <= demand <=
  demand_ci_high, rank_low <= rank <= rank_high), a hidden row shows '..'
  in all four columns;
- --bootstrap 0 leaves the four columns empty and every other column as
  with intervals.

Usage: test_bootstrap.py NEEDMAP SURVEY_DIR
"""
import csv
import json
import os
import subprocess
import sys
import tempfile

needmap, survey = sys.argv[1], sys.argv[2]
CI = ["rank_low", "rank_high", "demand_ci_low", "demand_ci_high"]
failures = []


def check(cond, what):
    if not cond:
        failures.append(what)
        print("FAIL: " + what)


def run(tmp, name, *args, env_extra=None):
    out = os.path.join(tmp, name)
    env = dict(os.environ, **(env_extra or {}))
    p = subprocess.run([needmap, "run", "-q", "-o", out, *args, survey], env=env,
                       stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    if p.returncode not in (0, 1):
        sys.exit("needmap failed (%d): %s" % (p.returncode, p.stderr))
    return out


def read(out, name):
    with open(os.path.join(out, name), "rb") as f:
        return f.read()


def rows(out):
    with open(os.path.join(out, "ranking.csv"), encoding="utf-8") as f:
        return list(csv.DictReader(f))


with tempfile.TemporaryDirectory() as tmp:
    base = run(tmp, "t1", "--threads", "1")
    for t in ("2", "4"):
        o = run(tmp, "t" + t, "--threads", t)
        for name in ("ranking.csv", "summary.json"):
            check(read(o, name) == read(base, name),
                  "%s with --threads %s equals --threads 1" % (name, t))
    cut = run(tmp, "cut", "--threads", "2",
              env_extra={"NEEDMAP_PART_BYTES": "300", "NEEDMAP_HAND_RECORDS": "1"})
    check(read(cut, "ranking.csv") == read(base, "ranking.csv"),
          "ranking.csv of inputs cut into parts equals the whole")

    # The same files somewhere else, under another folder's name: every
    # published file is the same (files without a respondent column tell
    # their respondents apart by their place among the inputs, not by
    # their path, which once changed the bootstrap's draws).
    import shutil
    moved = os.path.join(tmp, "elsewhere", "another name")
    shutil.copytree(survey, moved)
    p = subprocess.run([needmap, "run", "-q", "-o", os.path.join(tmp, "moved"), moved],
                       stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    check(p.returncode in (0, 1), "the moved survey runs")
    full = run(tmp, "here")
    for name in sorted(os.listdir(full)):
        check(read(os.path.join(tmp, "moved"), name) == read(full, name),
              "%s of the survey in another folder equals the original's" % name)

    # The seed also draws the clusters' resamples and the split test's
    # shuffles, and cluster totals take part in the joint suppression, so
    # with resampled clusters another seed may hide other cells: compare
    # with the clusters chosen by the eigengap alone.
    other = run(tmp, "seed2", "--seed", "2", "--cluster-resamples", "0")
    same = run(tmp, "seed1", "--seed", "1", "--cluster-resamples", "0")
    a, b = rows(same), rows(other)
    check(len(a) == len(b), "another seed gives as many rows")
    differ = sum(1 for x, y in zip(a, b) if any(x[c] != y[c] for c in CI))
    check(differ > 0, "another seed changes some interval (%d rows differ)" % differ)
    same_rest = all({k: v for k, v in x.items() if k not in CI} ==
                    {k: v for k, v in y.items() if k not in CI} for x, y in zip(a, b))
    check(same_rest, "another seed changes nothing but the intervals")
    a = rows(base)

    published = hidden = 0
    for r in a:
        if r["suppressed"]:
            hidden += 1
            check(all(r[c] == ".." for c in CI), "hidden row shows '..': %s" % r)
            continue
        published += 1
        d = float(r["demand"])
        check(float(r["demand_ci_low"]) <= d <= float(r["demand_ci_high"]),
              "demand interval holds the demand: %s" % r)
        check(1 <= int(r["rank_low"]) <= int(r["rank"]) <= int(r["rank_high"]),
              "rank interval holds the rank: %s" % r)
    check(published > 0 and hidden > 0, "the example has published and hidden rows")

    off = run(tmp, "off", "--bootstrap", "0")
    c = rows(off)
    check(all(r[k] == "" for r in c for k in CI if not r["suppressed"]),
          "--bootstrap 0 leaves the intervals empty")
    check(all({k: v for k, v in x.items() if k not in CI} ==
              {k: v for k, v in y.items() if k not in CI} for x, y in zip(a, c)),
          "--bootstrap 0 changes nothing else in ranking.csv")
    s = json.loads(read(off, "summary.json"))
    check(s["uncertainty"]["bootstrap"] == 0 and s["uncertainty"]["method"] is None,
          "summary.json says there are no intervals")
    s = json.loads(read(base, "summary.json"))
    check(s["uncertainty"]["bootstrap"] == 200 and s["uncertainty"]["seed"] == 1,
          "summary.json names the default 200 replicates and seed 1")
    top = [e for l in s["rankings"] for e in l["top"]]
    check(all(e["demand_ci_low"] <= e["demand"] <= e["demand_ci_high"] for e in top),
          "summary.json's intervals hold the demand")

if failures:
    print("%d check(s) failed" % len(failures))
    sys.exit(1)
print("bootstrap: all checks passed")
