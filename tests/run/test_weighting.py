#!/usr/bin/env python3
"""test_weighting.py - needmap's weighted estimates (--frame) against R's
survey package, and the frame file's checks (docs/method.md "Weighted
estimates").

For several generated surveys with a frame (strata municipality x kind,
some municipalities with one row for all kinds, one municipality outside
the frame, respondents who answered "no need" (rows of zeros, which needmap
skips: only the frame's answered column counts them), units naming a competence twice, needs without a number,
decimal counts), every weighted total and standard error in summary.json
equals svytotal() of a stratified design with fpc (weighting_oracle.R)
to 1e-9; response rates are answered / asked; hidden rows of ranking.csv
show '..' in the weighted columns; without --frame summary.json says the
figures are unweighted.  Bad frames stop the run with exit 2 and a
message "needmap: error: FILE:LINE:COL: ...".

Skips (exit 77) only when Rscript or the survey package is missing:
.ci/test installs them (r-base-core, r-cran-survey).

Usage: test_weighting.py NEEDMAP SOURCE_DIR
"""
import csv
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile

needmap, src = sys.argv[1], sys.argv[2]
ORACLE = os.path.join(src, "tests", "run", "weighting_oracle.R")
TOL = 1e-9
failures = []


def check(cond, what):
    if not cond:
        failures.append(what)
        print("FAIL: " + what)


def have_r():
    if not shutil.which("Rscript"):
        return False
    p = subprocess.run(["Rscript", "-e", "library(survey)"], capture_output=True)
    return p.returncode == 0


# municipality code, name, county
MUNIS = [("2506", "Arjeplog", "25"), ("2505", "Arvidsjaur", "25"), ("2580", "Luleå", "25"),
         ("2425", "Dorotea", "24"), ("2462", "Vilhelmina", "24")]
OUTSIDE = ("2482", "Skellefteå", "24")   # answers, but is not in the frame
CODES = ["5321", "2221", "5343", "8332", "2343", "5120"]
NEEDS = [("Rekrytering", "recruitment"), ("Kompetensutveckling", "upskilling")]
KINDS = [("Kommun", "municipal"), ("Företag", "company")]


def generate(rng, tmp):
    """The survey, the frame and each unit's true demand."""
    strata, units = [], []
    for i, (code, name, county) in enumerate(MUNIS):
        all_kinds = i == 2  # Luleå: one row for every kind
        for kw, kind in ([("", "all")] if all_kinds else KINDS):
            n = rng.randint(2, 9)
            silent = rng.choice([0, 0, 1, 3])  # answered "no need": rows of zeros
            N = n + silent + rng.randint(0, 25)
            strata.append({"code": code, "name": name, "county": county, "kind": kind,
                           "N": N, "n": n + silent, "silent": silent, "id": len(strata)})
            for u in range(n + silent):
                word = kw or rng.choice(KINDS)[0]
                units.append({"stratum": len(strata) - 1, "code": code, "county": county,
                              "kind_word": word, "name": "Org %s %d %s" % (code, u, kind),
                              "silent": u >= n})
    for u in range(3):
        units.append({"stratum": None, "code": OUTSIDE[0], "county": OUTSIDE[2],
                      "kind_word": "Företag", "name": "Org out %d" % u})
    rows = []
    for unit in units:
        unit["y"] = {}
        if unit.get("silent"):  # skipped by needmap: only the frame counts it
            rows.append([unit["code"], unit["name"], unit["kind_word"], CODES[0], "0",
                         NEEDS[0][0], "YH"])
            continue
        for code in CODES:
            for nw, need in NEEDS:
                if rng.random() < 0.35:
                    v = rng.choice([1, 2, 3, 5, 8, 2.5, 0.5, 12])
                    parts = [v] if rng.random() < 0.8 else [v, rng.choice([1, 4])]
                    for k, p in enumerate(parts):  # a second row: another level
                        rows.append([unit["code"], unit["name"], unit["kind_word"], code,
                                     str(p).replace(".", ","), nw,
                                     "YH" if k == 0 else "Komvux"])
                    unit["y"][(code, need)] = unit["y"].get((code, need), 0) + sum(parts)
                elif rng.random() < 0.05:
                    rows.append([unit["code"], unit["name"], unit["kind_word"], code,
                                 "vet ej", nw, "YH"])
        if not unit["y"]:  # answered, but with no number anywhere
            rows.append([unit["code"], unit["name"], unit["kind_word"], CODES[0], "vet ej",
                         NEEDS[0][0], "YH"])
    survey = os.path.join(tmp, "svar.csv")
    with open(survey, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, delimiter=";")
        w.writerow(["Kommun", "Organisation", "Organisationstyp", "SSYK", "Antal", "Behov",
                    "Nivå"])
        w.writerows(rows)
    frame = os.path.join(tmp, "frame.csv")
    with open(frame, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["municipality", "kind", "asked", "employees", "answered"])
        for s in strata:
            answered = str(s["n"]) if s["silent"] or rng.random() < 0.3 else ""
            w.writerow([s["name"], s["kind"], s["N"], rng.choice(["", "120"]), answered])
    return survey, frame, strata, units


def oracle(tmp, strata, units, targets):
    path = os.path.join(tmp, "units.csv")
    with open(path, "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["stratum", "N"] + [t[0] for t in targets])
        for u in units:
            if u["stratum"] is None:
                continue
            row = [u["stratum"], strata[u["stratum"]]["N"]]
            for _, geo, code, comp, need in targets:
                inside = geo == "all" or (geo == "county" and u["county"] == code) or \
                    (geo == "municipality" and u["code"] == code)
                row.append(repr(float(u["y"].get((comp, need), 0))) if inside else "0")
            w.writerow(row)
    out = os.path.join(tmp, "r.csv")
    subprocess.run(["Rscript", ORACLE, path, out], check=True)
    with open(out) as f:
        return {r["target"]: (float(r["total"]), float(r["se"]), float(r["lo"]),
                              float(r["hi"]), int(r["df"])) for r in csv.DictReader(f)}


def run(tmp, name, *args):
    out = os.path.join(tmp, name)
    p = subprocess.run([needmap, "run", "-q", "-o", out, *args], capture_output=True, text=True)
    return p, out


def compare_one(seed):
    rng = random.Random(seed)
    with tempfile.TemporaryDirectory() as tmp:
        survey, frame, strata, units = generate(rng, tmp)
        p, out = run(tmp, "out", "--internal", "--bootstrap", "0", "--frame", frame, survey)
        check(p.returncode == 0, "seed %d: needmap ran (%d: %s)" % (seed, p.returncode, p.stderr))
        if p.returncode != 0:
            return 0
        s = json.load(open(os.path.join(out, "summary.json")))
        try:
            import jsonschema
            schema = json.load(open(os.path.join(src, "docs", "summary.schema.json")))
            jsonschema.validate(s, schema)
        except ImportError:
            pass  # run_schema checks the schema itself; .ci/test installs jsonschema
        except Exception as e:  # jsonschema.ValidationError
            check(False, "seed %d: summary.json with a frame fits the schema: %s" % (seed, e))
        for t in ("1", "3"):
            p2, out2 = run(tmp, "t" + t, "--internal", "--bootstrap", "0", "--threads", t,
                           "--frame", frame, survey)
            for name in ("ranking.csv", "summary.json"):
                check(open(os.path.join(out2, name), "rb").read() ==
                      open(os.path.join(out, name), "rb").read(),
                      "seed %d: %s with --threads %s is byte-identical" % (seed, name, t))
        u = s["uncertainty"]
        check(u["weighted"] is True, "seed %d: summary.json says weighted" % seed)
        check(u["units_outside_frame"] == 3, "seed %d: the 3 units outside the frame are "
              "counted (%s)" % (seed, u["units_outside_frame"]))
        for st, got in zip(strata, u["strata"]):
            check(got["answered"] == st["n"] and got["asked"] == st["N"],
                  "seed %d: stratum %s %s answered %d of %d (got %s of %s)"
                  % (seed, st["name"], st["kind"], st["n"], st["N"], got["answered"],
                     got["asked"]))
        targets, got = [], {}
        for lst in s["rankings"]:
            if lst["need"] not in ("recruitment", "upskilling"):
                continue
            for e in lst["top"]:
                if e["weighted_demand"] is None:
                    check(lst["geo_code"] == OUTSIDE[0],
                          "seed %d: only the municipality outside the frame has no weighted "
                          "figure (%s)" % (seed, lst["geo_code"]))
                    continue
                key = "%s/%s/%s/%s" % (lst["geo_level"], lst["geo_code"],
                                       e["competence_code"], lst["need"])
                targets.append((key, lst["geo_level"], lst["geo_code"], e["competence_code"],
                                lst["need"]))
                got[key] = (e["weighted_demand"], e["weighted_se"], e["weighted_ci_low"],
                            e["weighted_ci_high"])
        want = oracle(tmp, strata, units, targets)
        worst = 0.0
        for key, (total, se, lo, hi, df) in want.items():
            gt, gs, glo, ghi = got[key]
            check(u["design_df"] == df, "seed %d: the design's degrees of freedom are R's "
                  "degf() (needmap %s, R %d)" % (seed, u["design_df"], df))
            # the interval is confint(df = degf(design)), its low end cut at 0
            for a, b, what in ((gt, total, "total"), (gs, se, "standard error"),
                               (glo, max(0.0, lo), "interval low"), (ghi, hi, "interval high")):
                d = abs(a - b)
                worst = max(worst, d / max(1.0, abs(b)))
                check(d <= TOL * max(1.0, abs(b)),
                      "seed %d: %s %s: needmap %.17g, R %.17g" % (seed, key, what, a, b))
        print("seed %d: %d weighted totals, standard errors and intervals equal R's survey package "
              "(largest difference %.2g)" % (seed, len(want), worst))

        p, pub = run(tmp, "pub", "--bootstrap", "0", "--frame", frame, survey)
        cols = ["weighted_demand", "weighted_se", "weighted_ci_low", "weighted_ci_high",
                "response_rate", "low_response"]
        hidden = 0
        with open(os.path.join(pub, "ranking.csv"), encoding="utf-8") as f:
            for r in csv.DictReader(f):
                if r["suppressed"]:
                    hidden += 1
                    check(all(r[c] == ".." for c in cols), "hidden row shows '..': %s" % r)
                elif r["weighted_demand"]:
                    lo, hi = float(r["weighted_ci_low"]), float(r["weighted_ci_high"])
                    check(lo <= float(r["weighted_demand"]) <= hi,
                          "weighted interval holds the estimate: %s" % r)
        check(hidden > 0, "seed %d: some rows are hidden with the default minimum" % seed)
        # The weighted figures are published figures too: they join the
        # disclosure model (one more figure per weighted cell), and the
        # published folder passes needmap audit with them.
        p0, plain = run(tmp, "plain", "--bootstrap", "0", survey)
        figs = {}
        for name, d in (("frame", pub), ("plain", plain)):
            with open(os.path.join(d, "disclosure.csv"), encoding="utf-8") as f:
                figs[name] = sum(1 for line in f if line.startswith("f,"))
        published_weighted = 0
        with open(os.path.join(pub, "ranking.csv"), encoding="utf-8") as f:
            published_weighted = sum(1 for r in csv.DictReader(f)
                                     if r["weighted_demand"] not in ("", ".."))
        check(figs["frame"] - figs["plain"] >= max(1, published_weighted),
              "seed %d: the weighted figures are in disclosure.csv (%d figures with the "
              "frame, %d without, %d weighted rows published)"
              % (seed, figs["frame"], figs["plain"], published_weighted))
        a = subprocess.run([needmap, "audit", pub], capture_output=True, text=True)
        check(a.returncode == 0, "seed %d: needmap audit passes a folder with weighted "
              "figures (%d: %s)" % (seed, a.returncode, a.stderr.strip()))
        return len(want)


def bad_frames():
    cases = [
        ("municipality,kind,asked\nArjeplogg,company,3\n", ":2:1: 'Arjeplogg' is not a municipality"),
        ("municipality,kind,asked\nArjeplog,bolag,3\n", ":2:2: 'bolag' is not a respondent kind"),
        ("municipality,kind,asked\nArjeplog,company,0\n", ":2:3: '0' is not how many were asked"),
        ("municipality,kind,asked,employees\nArjeplog,company,3,många\n",
         ":2:4: 'många' is not a number of employees"),
        ("municipality,kind,asked\nArjeplog,all,3\nArjeplog,company,4\n",
         ":3:2: Arjeplog, kind company, overlaps line 2"),
        ("municipality,asked\n", "the frame has no rows"),
        ("municipality,kind,asked,employees,answered\nArjeplog,all,5,,6\n",
         ":2:5: '6' is not how many answered"),
        ("municipality,kind,asked,employees,answered\nArjeplog,all,5,,1\n",
         ":2:5: the inputs hold 2 respondents (all kinds) in Arjeplog, more than the 1 the "
         "frame says answered"),
        ("kommun,asked\nArjeplog,3\n", "no column 'municipality'"),
        ("municipality,kind,asked\nArjeplog,all,1\n", ":2:3: 2 respondents (all kinds) in "
         "Arjeplog answered, more than the 1 asked"),
    ]
    with tempfile.TemporaryDirectory() as tmp:
        survey = os.path.join(tmp, "svar.csv")
        with open(survey, "w", encoding="utf-8") as f:
            f.write("Kommun;Organisation;SSYK;Antal;Behov\nArjeplog;A;5321;2;Rekrytering\n"
                    "Arjeplog;B;5321;3;Rekrytering\n")
        for text, want in cases:
            frame = os.path.join(tmp, "frame.csv")
            with open(frame, "w", encoding="utf-8") as f:
                f.write(text)
            p, out = run(tmp, "out", "--frame", frame, survey)
            check(p.returncode == 2, "bad frame %r: exit 2 (got %d)" % (text, p.returncode))
            check(p.stderr.startswith("needmap: error: ") and want in p.stderr,
                  "bad frame %r: message with %r (got %r)" % (text, want, p.stderr))
            check(not os.path.exists(out), "bad frame: no output directory")
        p, out = run(tmp, "plain", survey)
        s = json.load(open(os.path.join(out, "summary.json")))
        check(s["uncertainty"]["weighted"] is False and "unweighted" in
              s["uncertainty"]["weighting"], "without --frame summary.json says unweighted")


if not have_r():
    print("SKIP: Rscript with the survey package is missing (apt-get install r-base-core "
          "r-cran-survey; .ci/test installs them)")
    sys.exit(77)
n = sum(compare_one(seed) for seed in range(1, 6))
check(n > 100, "enough estimates compared (%d)" % n)
bad_frames()
if failures:
    print("%d check(s) failed" % len(failures))
    sys.exit(1)
print("weighting: all checks passed")
