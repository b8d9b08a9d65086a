#!/usr/bin/env python3
"""students_jobs.py NEEDMAP SOURCE_ROOT

needmap run, as a planner reads it, on students, jobs, levels and modes:
- the bundled example proposes no cohort of unknown level or mode, and the
  assistant nurses' need (5321, 51 to recruit) appears with its jobs and a
  plain reason, in summary.json, the report, the workbook and the console;
- with the matrix export's needs read as upskilling (level and mode blank
  there), cohorts get their level from the occupation and an assumed mode,
  and say so (level_source, mode_source; "nivå antagen" in the report);
- recruitment is jobs, not students: 200 jobs and no students make no
  cohort (they made one of 100 "potential students" when jobs counted half
  a student each), but an open-admission statement with the 200 jobs;
- a municipality above one intake runs its own cohort of full intakes and
  joins its neighbours with the rest: listed in both cohorts, all placed,
  and the published folder passes needmap audit.
"""
import csv
import json
import os
import re
import subprocess
import sys
import tempfile
import zipfile

failures = []


def check(ok, what):
    print(("ok - " if ok else "not ok - ") + what)
    if not ok:
        failures.append(what)


def run(needmap, args, out):
    p = subprocess.run([needmap, "run", *args, "-o", out], capture_output=True, text=True,
                       env=dict(os.environ, LC_ALL="C"))
    return p.returncode, p.stdout


def rows(out, name):
    with open(os.path.join(out, name), encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def summary(out):
    with open(os.path.join(out, "summary.json"), encoding="utf-8") as f:
        return json.load(f)


def no_unknown_level_or_mode(out, tag):
    bad = [r["cohort_id"] for r in rows(out, "cohorts.csv")
           if r["level"] == "unknown" or r["mode"] == "unknown"]
    check(not bad, f"{tag}: no cohort has an unknown level or mode ({bad})")
    bad = [r for r in rows(out, "residual.csv") if r["level"] == "unknown" or r["mode"] == "unknown"]
    check(not bad, f"{tag}: no residual row has an unknown level or mode ({len(bad)})")


def example(needmap, root, tmp):
    out = os.path.join(tmp, "example")
    code, stdout = run(needmap, [os.path.join(root, "surveys", "example")], out)
    check(code in (0, 1), f"example: needmap run finishes (exit {code})")
    no_unknown_level_or_mode(out, "example")
    opened = [o for o in summary(out)["pooling"]["open_admission"]
              if o.get("competence_code") == "5321"]
    cohorts = [r for r in rows(out, "cohorts.csv") if r["competence_code"] == "5321"]
    check(bool(opened) or any(not r["suppressed"] for r in cohorts),
          "example: the assistant nurses get a cohort or an open-admission statement")
    jobs = [o for o in opened if o["jobs"] == 51]
    check(len(jobs) == 1, "example: the statement shows the 51 assistant-nurse jobs")
    if jobs:
        o = jobs[0]
        check("51 jobs" in o["reason"] and "open admission" in o["reason"],
              f"example: its reason says it in plain words ({o['reason']})")
        check(o["level"] != "unknown" and o["mode"] != "unknown",
              "example: the statement names the level and the mode")
    with open(os.path.join(out, "report.html"), encoding="utf-8") as f:
        html = f.read()
    check("51 jobb att tillsätta" in html and "öppen antagning" in html,
          "example: the report states the assistant nurses' jobs and open admission")
    check("open admission needed" in stdout, "example: the console says open admission is needed")
    with zipfile.ZipFile(os.path.join(out, "needmap.xlsx")) as z:
        first = z.read("xl/worksheets/sheet1.xml").decode("utf-8")
    check("51 jobb att tillsätta" in first,
          "example: the workbook's first sheet states the assistant nurses' jobs")
    res = [r for r in rows(out, "residual.csv") if r["competence_code"] == "5321"
           and r["level"] == "yh" and r["mode"] == "distance"]
    check(res and all("jobs" in r and "open_admission" in r for r in res),
          "example: residual.csv shows the jobs beside each municipality's students")


def inferred(needmap, root, tmp):
    mapping = os.path.join(tmp, "matrix_upskilling.json")
    with open(mapping, "w") as f:
        json.dump({"mappings": [{"files": "enkat_matris.tsv", "defaults": {"need": "upskilling"}}]},
                  f)
    out = os.path.join(tmp, "inferred")
    code, stdout = run(needmap, ["-m", mapping, os.path.join(root, "surveys", "example")], out)
    no_unknown_level_or_mode(out, "matrix as upskilling")
    coh = rows(out, "cohorts.csv")
    inf = [r for r in coh if r["level_source"] == "inferred"]
    check(inf and all(r["mode_source"] == "assumed" and r["mode"] == "hybrid" for r in inf),
          f"matrix as upskilling: {len(inf)} cohorts with the level inferred and the mode "
          "assumed hybrid")
    nurse = [r for r in inf if r["competence_code"] == "5321"]
    check(nurse and all(r["level"] == "komvux" for r in nurse),
          "matrix as upskilling: assistant nurses with a blank level are pooled at komvux")
    js = summary(out)["pooling"]["cohorts"]
    check(all(c["level_source"] in ("given", "inferred") for c in js) and
          sum(c["level_source"] == "inferred" for c in js) == len(inf),
          "matrix as upskilling: summary.json marks the same cohorts inferred")
    with open(os.path.join(out, "report.html"), encoding="utf-8") as f:
        check("nivå antagen" in f.read(), "matrix as upskilling: the report says nivå antagen")
    check("level inferred from the occupation" in stdout,
          "matrix as upskilling: the console says levels were inferred")


def jobs_only(needmap, tmp):
    src = os.path.join(tmp, "jobs")
    os.makedirs(src)
    with open(os.path.join(src, "jobb.csv"), "w", encoding="utf-8") as f:
        f.write("Kommun;Förvaltning;Yrke;Antal;Behov;Nivå;Utbildningsform\n")
        for m in ("2580", "2581"):
            for who in range(4):
                f.write(f"{m};Enhet {who};5321;25;rekrytering;YH;distans\n")
    out = os.path.join(tmp, "jobs-out")
    run(needmap, [src], out)
    check(rows(out, "cohorts.csv") == [], "200 jobs and no students make no cohort")
    opened = summary(out)["pooling"]["open_admission"]
    check(len(opened) == 1 and opened[0]["jobs"] == 200 and
          opened[0]["upskilling_students"] == 0 and opened[0]["interest_students"] == 0,
          "200 jobs and no students: one open-admission statement with the 200 jobs")


def split(needmap, tmp, few=False):
    """Luleå: 340 residents want to train as assistant nurses (YH, on site;
    one intake holds 70 potential students), Boden and Piteå 20 each.  Whole,
    Luleå would be alone (with them it exceeds the 5 intakes of a pooled
    cohort) and Boden and Piteå left over; split, Luleå runs its own cohort of
    4 intakes and joins Boden and Piteå with its other 60: all 380 placed.
    few: Boden's 20 come from 2 respondents, too few to publish: its figures
    and the shared cohort's are hidden, and the audit must still pass (the
    own cohort holds a share of Luleå's cells, the shared one the rest)."""
    src = os.path.join(tmp, "split" + ("-few" if few else ""))
    os.makedirs(src)
    with open(os.path.join(src, "intresse.csv"), "w", encoding="utf-8") as f:
        f.write("Kommun;Förvaltning;Yrke;Antal;Behov;Nivå;Utbildningsform\n")
        for who in range(10):
            f.write(f"2580;Enhet {who};5321;34;intresse;YH;på plats\n")
        for m in ("2582", "2581"):
            n = 2 if few and m == "2582" else 4
            for who in range(n):
                f.write(f"{m};Enhet {who};5321;{20 // n};intresse;YH;på plats\n")
    for internal in (False, True):
        out = src + "-out" + ("-int" if internal else "")
        code, _ = run(needmap, (["--internal"] if internal else []) + [src], out)
        tag = "split" + (", Boden hidden" if few else "") + (" (--internal)" if internal else "")
        check(code == 0, f"{tag}: needmap run finishes (exit {code})")
        coh = [r for r in rows(out, "cohorts.csv") if r["competence_code"] == "5321"]
        res = [r for r in rows(out, "residual.csv") if r["competence_code"] == "5321"]
        check(len(coh) == 2 and not res, f"{tag}: two cohorts and no residual ({len(coh)}, {len(res)})")
        check(all("2580" in r["member_codes"].split() and r["split_members"] == "2580"
                  for r in coh), f"{tag}: Luleå is in both cohorts, marked split in both")
        own = [r for r in coh if r["members"] == "1"]
        check(len(own) == 1 and own[0]["intakes"] == "4" and own[0]["interest_students"] == "280",
              f"{tag}: Luleå's own cohort fills 4 intakes with 280 ({own})")
        if all(r["interest_students"] != ".." for r in coh):
            total = sum(float(r["interest_students"]) for r in coh)
            check(abs(total - 380) < 1e-6, f"{tag}: the two cohorts add up to all 380 ({total})")
        if not internal:
            p = subprocess.run([needmap, "audit", out], capture_output=True, text=True)
            said = (p.stdout + p.stderr).strip()
            check(p.returncode == 0, f"{tag}: needmap audit passes on the published folder "
                                     f"(exit {p.returncode}) {said}")
            hidden = re.search(r"(\d+) hidden figures audited", said)
            check(hidden and (int(hidden.group(1)) > 0) == few,
                  f"{tag}: {'some' if few else 'no'} hidden figures to audit ({said})")


def main():
    needmap, root = sys.argv[1], sys.argv[2]
    with tempfile.TemporaryDirectory() as tmp:
        example(needmap, root, tmp)
        inferred(needmap, root, tmp)
        jobs_only(needmap, tmp)
        split(needmap, tmp)
        split(needmap, tmp, few=True)
    print(f"{len(failures)} failed")
    sys.exit(1 if failures else 0)


main()
