#!/usr/bin/env python3
"""design_coverage.py - how often needmap's 95% design-based intervals
(--frame) cover the population total.

A benchmark, not a test: it prints figures.  A fixed population of
employers in strata (municipality x kind: 14 municipalities x municipal
and company, 8-60 employers each) has known needs: an employer names
competence c with probability p_c and then 1 + Poisson(lambda_c) people.
Each simulated survey asks everyone and hears from a simple random sample
of each stratum (n_h = max(2, round(rate * N_h)): missing at random); the
frame says how many were asked.  needmap run --internal --frame gives
each national row's weighted total and 95% interval; coverage is the share
of (survey, competence) pairs whose interval holds the population total.
Target 93-97%.

Employers with no need answer with a row of zeros, which needmap skips:
the frame's `answered` column counts them (--no-answered leaves it out and
shows what that costs).

Usage: tests/bench/design_coverage.py [--needmap build/needmap] [--surveys 200]
       [--rate 0.4] [--seed 1] [--no-answered]
"""
import argparse
import csv
import math
import os
import random
import subprocess
import tempfile

MUNIS = ["Arjeplog", "Arvidsjaur", "Boden", "Gällivare", "Haparanda", "Jokkmokk",
         "Kalix", "Kiruna", "Luleå", "Pajala", "Piteå", "Älvsbyn", "Överkalix", "Övertorneå"]
KINDS = [("Kommun", "municipal"), ("Företag", "company")]
COMPETENCES = [("5321", 0.55, 3.0), ("2221", 0.45, 2.0), ("5343", 0.35, 2.5),
               ("8332", 0.30, 1.5), ("2343", 0.25, 1.2), ("5311", 0.22, 1.0),
               ("5120", 0.20, 0.8), ("7411", 0.15, 1.0), ("2661", 0.12, 0.5),
               ("3411", 0.08, 0.3)]


def poisson(rng, lam):
    limit, k, prod = math.exp(-lam), 0, rng.random()
    while prod > limit:
        k += 1
        prod *= rng.random()
    return k


def population(rng):
    strata = []
    for m in MUNIS:
        for word, kind in KINDS:
            people = []
            for e in range(rng.randint(8, 60)):
                needs = {c: 1 + poisson(rng, lam) for c, p, lam in COMPETENCES
                         if rng.random() < p}
                people.append(("%s %s %d" % (m, kind, e), needs))
            strata.append((m, word, kind, people))
    return strata


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--needmap", default="build/needmap")
    ap.add_argument("--surveys", type=int, default=200)
    ap.add_argument("--rate", type=float, default=0.4)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--no-answered", action="store_true",
                    help="leave the frame's answered column empty: respondents with no "
                         "need at all are then not seen (shows the bias)")
    a = ap.parse_args()
    rng = random.Random(a.seed)
    strata = population(rng)
    truth = {c: 0 for c, _, _ in COMPETENCES}
    for _, _, _, people in strata:
        for _, needs in people:
            for c, v in needs.items():
                truth[c] += v
    hit = total = 0
    per = {c: [0, 0] for c in truth}
    rates = []
    with tempfile.TemporaryDirectory() as tmp:
        frame = os.path.join(tmp, "frame.csv")
        for s in range(a.surveys):
            # the frame: asked, and (unless --no-answered) how many answered,
            # those who had no need included (their rows of zeros are skipped)
            with open(frame, "w", newline="", encoding="utf-8") as f:
                w = csv.writer(f)
                w.writerow(["municipality", "kind", "asked", "answered"])
                for m, _, kind, people in strata:
                    n = max(2, round(a.rate * len(people)))
                    w.writerow([m, kind, len(people), "" if a.no_answered else n])
            src = os.path.join(tmp, "svar.csv")
            with open(src, "w", newline="", encoding="utf-8") as f:
                w = csv.writer(f)
                w.writerow(["Kommun", "Organisation", "Organisationstyp", "SSYK", "Antal",
                            "Behov"])
                for m, word, _, people in strata:
                    n = max(2, round(a.rate * len(people)))
                    for name, needs in rng.sample(people, n):
                        if not needs:
                            w.writerow([m, name, word, COMPETENCES[0][0], 0, "Rekrytering"])
                        for c, v in needs.items():
                            w.writerow([m, name, word, c, v, "Rekrytering"])
            out = os.path.join(tmp, "out")
            subprocess.run([a.needmap, "run", "-q", "--internal", "--bootstrap", "0",
                            "--frame", frame, "-o", out, src], check=False,
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            with open(os.path.join(out, "ranking.csv"), encoding="utf-8") as f:
                for row in csv.DictReader(f):
                    if row["geo_level"] != "all" or row["need"] != "recruitment":
                        continue
                    c = row["competence_code"]
                    if c not in truth or not row["weighted_ci_low"]:
                        continue
                    ok = float(row["weighted_ci_low"]) <= truth[c] <= float(row["weighted_ci_high"])
                    hit += ok
                    total += 1
                    per[c][0] += ok
                    per[c][1] += 1
                    rates.append(float(row["response_rate"]))
    print("population: %d strata, %d employers; surveys %d, response rate %.2f (%.3f realised)"
          % (len(strata), sum(len(s[3]) for s in strata), a.surveys, a.rate,
             sum(rates) / max(1, len(rates))))
    print("weighted total: 95%% design-based interval covers the population total: %.1f%% "
          "(%d intervals)" % (100.0 * hit / max(1, total), total))
    for c, _, _ in COMPETENCES:
        if per[c][1]:
            print("  %s coverage %.1f%% (population total %d)"
                  % (c, 100.0 * per[c][0] / per[c][1], truth[c]))


if __name__ == "__main__":
    main()
