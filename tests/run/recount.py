#!/usr/bin/env python3
"""recount.py SURVEY_DIR OUTDIR

Recounts the bundled example survey with Python's own csv and json modules
(an implementation independent of needmap's reader and parsers) and checks
that summary.json's totals per need type -- demand, low, high and needs
without a number -- match exactly.  OUTDIR must come from `needmap run
--internal` (nothing suppressed).  Rows needmap rejected are taken from
rejects.csv; everything else is recounted here.
"""
import csv
import io
import json
import os
import re
import sys

survey, out = sys.argv[1], sys.argv[2]
rejected = set()
with open(f"{out}/rejects.csv", newline="", encoding="utf-8") as f:
    for r in csv.DictReader(f):
        rejected.add((os.path.basename(r["file"]), int(r["line"]), r["column"]))

NEEDS = {"rekrytering": "recruitment", "kompetensutveckling": "upskilling", "intresse": "interest"}
totals = {}


def decode(raw):
    if raw.startswith(b"\xef\xbb\xbf"):
        return raw[3:].decode("utf-8")
    if raw.startswith(b"\xff\xfe"):
        return raw[2:].decode("utf-16-le")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("cp1252")


def parse(text):
    """(low, high) of a count, or None for a need without a number."""
    t = text.strip().lower().replace("\u00a0", " ")
    if t in ("", "vet ej", "x"):
        return None
    t = re.sub(r"^(ca|cirka)\s*", "", t).replace(" ", "").replace(",", ".")
    if t.endswith("+"):
        t = t[:-1]
    m = re.fullmatch(r"(\d+(?:\.\d+)?)[-\u2013](\d+(?:\.\d+)?)", t)
    if m:
        return float(m.group(1)), float(m.group(2))
    return float(t), float(t)


def add(need, value):
    t = totals.setdefault(need, {"demand": 0.0, "demand_low": 0.0, "demand_high": 0.0,
                                 "needs_without_count": 0})
    if value is None:
        t["needs_without_count"] += 1
        return
    lo, hi = value
    if lo == hi == 0:
        return
    t["demand"] += (lo + hi) / 2
    t["demand_low"] += lo
    t["demand_high"] += hi


def count_row(name, line, cells, header):
    low = {h.strip().lower(): i for i, h in enumerate(header)}
    need = NEEDS.get(cells[low["behov"]].strip().lower(), "unknown") if "behov" in low else "unknown"
    typed = [(c, n) for c, n in (("antal rekrytering", "recruitment"),
                                 ("antal kompetensutveckling", "upskilling")) if c in low]
    if typed:
        filled = [(low[c], n) for c, n in typed if cells[low[c]].strip()]
        for i, n in filled:
            if (name, line, str(i + 1)) not in rejected:
                add(n, parse(cells[i]))
        if not filled:
            add("unknown", None)
    elif "antal" in low:
        i = low["antal"]
        if (name, line, str(i + 1)) not in rejected:
            add(need, parse(cells[i]))
    else:  # wide: every column after the personal ones names an occupation
        first = low["e-post"] + 1
        for i in range(first, len(header)):
            if cells[i].strip() and (name, line, str(i + 1)) not in rejected:
                add("unknown", parse(cells[i]))


def recount_csv(name, text):
    delim = max(";,\t", key=lambda d: text.splitlines()[3].count(d) if len(text.splitlines()) > 3 else 0)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delim)
    header, line = None, 1
    for cells in reader:
        start, line = line, reader.line_num + 1
        if not any(c.strip() for c in cells):
            continue
        if header is None:
            if any(c.strip().lower() in ("kommun", "kommunkod") for c in cells):
                header = cells
            continue
        if cells[0].strip().lower().startswith(("summa", "totalt")):
            continue
        if (name, start, "1") in rejected or any(k[0] == name and k[1] == start and k[2] != "" and
                                                 k[2] in ("1", "2") for k in rejected):
            continue
        cells += [""] * (len(header) - len(cells))
        count_row(name, start, cells, header)


def recount_json(name, text):
    records = json.loads(text)["responses"]
    lines = [i + 1 for i, l in enumerate(text.splitlines()) if l.strip() == "{"][1:]
    for rec, line in zip(records, lines):
        if not str(rec.get("kommun", "")).strip() or (name, line, "2") in rejected:
            continue
        need = NEEDS.get(str(rec.get("behov", "")).lower(), "unknown")
        add(need, parse(str(rec.get("antal", ""))))


for name in sorted(os.listdir(survey)):
    path = os.path.join(survey, name)
    if name.endswith((".csv", ".tsv")):
        recount_csv(name, decode(open(path, "rb").read()))
    elif name.endswith(".json"):
        recount_json(name, decode(open(path, "rb").read()))

summary = json.load(open(f"{out}/summary.json", encoding="utf-8"))["totals"]["demand"]
bad = 0
for need in sorted(set(totals) | set(summary)):
    mine, theirs = totals.get(need, {}), summary.get(need, {})
    for k in ("demand", "demand_low", "demand_high", "needs_without_count"):
        if abs(mine.get(k, 0) - theirs.get(k, 0)) > 1e-9:
            print(f"FAIL: {need} {k}: recount {mine.get(k, 0)} != needmap {theirs.get(k, 0)}")
            bad += 1
    print(f"{need}: recount {mine}")
sys.exit(1 if bad else 0)
