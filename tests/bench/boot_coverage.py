#!/usr/bin/env python3
"""boot_coverage.py - how often needmap's 95% bootstrap intervals cover the truth.

A benchmark, not a test: it prints figures.  It simulates surveys from a
known population, runs `needmap run --internal` on each (nothing hidden,
so every interval is published) and reads ranking.csv's national rows
(geo_level all).

Population: C competences; a respondent (an employer in one of M
municipalities) names competence c with probability p_c and then a
count drawn from 1 + Poisson(lambda_c) (skewed: a few large employers).
A survey draws n respondents independently from that population.  What an
interval should cover:
  demand  n * E[y_c] = n * p_c * (1 + lambda_c), the expected sum of n
          respondents' counts (needmap's demand is the sum over the
          respondents who answered; it estimates this, not a total over
          respondents never asked: that needs a sampling frame);
  rank    the rank of c by n * E[y_c] among the competences.
With --response-rate r < 1, n/r employers are asked and each answers
with probability r, so the number who answer is random as well (as in a
real survey); the truth is then the expected sum, n * E[y_c].
Coverage = share of (survey, competence) pairs whose interval holds the
true value; the target for a 95% interval is 93-97%.

Usage: tests/bench/boot_coverage.py [--needmap build/needmap] [--surveys 200]
       [--respondents 60] [--bootstrap 200] [--seed 1]
"""
import argparse
import csv
import math
import os
import random
import subprocess
import sys
import tempfile

MUNIS = ["Arjeplog", "Arvidsjaur", "Boden", "Gällivare", "Haparanda", "Jokkmokk",
         "Kalix", "Kiruna", "Luleå", "Pajala", "Piteå", "Älvsbyn", "Överkalix", "Övertorneå"]
# SSYK code, probability a respondent names it, mean extra count
COMPETENCES = [("5321", 0.55, 3.0), ("2221", 0.45, 2.0), ("5343", 0.35, 2.5),
               ("8332", 0.30, 1.5), ("2343", 0.25, 1.2), ("5311", 0.22, 1.0),
               ("5120", 0.20, 0.8), ("7411", 0.15, 1.0), ("2661", 0.12, 0.5),
               ("3411", 0.08, 0.3)]


def truth(n):
    mean = {c: n * p * (1 + lam) for c, p, lam in COMPETENCES}
    order = sorted(mean, key=lambda c: -mean[c])
    return mean, {c: i + 1 for i, c in enumerate(order)}


def poisson(rng, lam):
    limit, k, prod = math.exp(-lam), 0, rng.random()
    while prod > limit:
        k += 1
        prod *= rng.random()
    return k


def write_survey(path, rng, n, rate):
    """n respondents; with rate < 1, each of n / rate employers asked
    answers with probability rate (so how many answer is random too)."""
    asked = int(round(n / rate))
    who = [r for r in range(asked) if rate >= 1 or rng.random() < rate]
    with open(path, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["Kommun", "Organisation", "SSYK", "Antal", "Behov"])
        for r in who:
            muni = rng.choice(MUNIS)
            org = "Arbetsgivare %d" % r
            named = False
            for code, p, lam in COMPETENCES:
                if rng.random() < p:
                    w.writerow([muni, org, code, 1 + poisson(rng, lam), "Rekrytering"])
                    named = True
            if not named:  # a respondent with no need still answered
                w.writerow([muni, org, COMPETENCES[0][0], 0, "Rekrytering"])


def run_one(needmap, workdir, rng, n, rate, boot, seed):
    src = os.path.join(workdir, "svar.csv")
    out = os.path.join(workdir, "out")
    write_survey(src, rng, n, rate)
    subprocess.run([needmap, "run", "-q", "--internal", "--bootstrap", str(boot),
                    "--seed", str(seed), "-o", out, src],
                   check=False, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    rows = {}
    with open(os.path.join(out, "ranking.csv"), encoding="utf-8") as f:
        for row in csv.DictReader(f):
            if row["geo_level"] == "all" and row["need"] == "recruitment":
                rows[row["competence_code"]] = row
    return rows


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--needmap", default="build/needmap")
    ap.add_argument("--surveys", type=int, default=200)
    ap.add_argument("--respondents", type=int, default=60)
    ap.add_argument("--bootstrap", type=int, default=200)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--response-rate", type=float, default=1.0,
                    help="below 1: n/rate employers asked, each answers with this "
                         "probability (n random, E[n] = --respondents)")
    a = ap.parse_args()
    rng = random.Random(a.seed)
    mean, rank = truth(a.respondents)
    hit_d = hit_r = total = 0
    width_r = 0.0
    per = {c: [0, 0] for c, _, _ in COMPETENCES}
    with tempfile.TemporaryDirectory() as tmp:
        for s in range(a.surveys):
            rows = run_one(a.needmap, tmp, rng, a.respondents, a.response_rate, a.bootstrap,
                           a.seed + s)
            for c, _, _ in COMPETENCES:
                row = rows.get(c)
                if row is None or not row["demand_ci_low"]:
                    continue
                total += 1
                d = mean[c]
                ok_d = float(row["demand_ci_low"]) <= d <= float(row["demand_ci_high"])
                ok_r = int(row["rank_low"]) <= rank[c] <= int(row["rank_high"])
                hit_d += ok_d
                hit_r += ok_r
                per[c][0] += ok_d
                per[c][1] += 1
                width_r += int(row["rank_high"]) - int(row["rank_low"])
    if not total:
        sys.exit("boot_coverage: no intervals read (is needmap built?)")
    print("surveys %d, respondents each %d%s, bootstrap %d replicates, %d intervals"
          % (a.surveys, a.respondents,
             " (expected; response rate %.2f)" % a.response_rate if a.response_rate < 1 else "",
             a.bootstrap, total))
    print("demand: 95%% bootstrap interval covers n*E[y]: %.1f%%" % (100.0 * hit_d / total))
    print("rank:   95%% bootstrap interval covers the true rank: %.1f%% (mean width %.2f places)"
          % (100.0 * hit_r / total, width_r / total))
    for c, _, _ in COMPETENCES:
        if per[c][1]:
            print("  %s demand coverage %.1f%% (true %.1f people, rank %d)"
                  % (c, 100.0 * per[c][0] / per[c][1], mean[c], rank[c]))


if __name__ == "__main__":
    main()
