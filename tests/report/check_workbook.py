#!/usr/bin/env python3
"""check_workbook.py NEEDMAP SOURCE_ROOT [GEN_SURVEY]

Reads needmap.xlsx back with openpyxl and checks it against the CSV files
of the same run, for the bundled example and for a survey of Stockholm
county (municipality codes 01xx, SSYK 0110), in Swedish, in English and
next to --excel CSV files:
- every table sheet holds the CSV's rows (ranking, demand and residual:
  the published ones) with the CSV's values: codes as text with their
  leading zeros, numbers as numbers, needmap's words in the language,
  `..` only where the CSV leaves a hidden figure empty;
- headers are in the language, the header row is frozen and filtered;
- --excel CSV files write codes as ="0114";
- the console line, summary.json, the CSV files, the workbook and the
  report state the same counts;
- a table longer than a sheet (10,000 rows) shows its first rows and the
  first sheet counts the rest (with GEN_SURVEY);
- the same inputs give byte-identical report.html and needmap.xlsx.
"""
import csv
import json
import os
import re
import subprocess
import sys
import tempfile

import openpyxl

failures = []


def check(ok, what):
    print(("ok - " if ok else "not ok - ") + what)
    if not ok:
        failures.append(what)


SHEETS = [  # CSV file, Swedish sheet, English sheet, published rows only, demand's table
    ("ranking.csv", "Rangordning", "Ranking", True, None),
    ("cohorts.csv", "Kohorter", "Cohorts", False, None),
    ("residual.csv", "Återstående behov", "Residual demand", True, None),
    ("clusters.csv", "Kluster", "Clusters", False, None),
    ("demand.csv", "Efterfrågan", "Demand", True, "rollup"),
    ("demand.csv", "Efterfrågan i detalj", "Demand in detail", True, "detail"),
    ("rejects.csv", "Avvisade rader", "Rejected rows", False, None),
]
MAX_SHEET_ROWS = 10000  # xlsx.c: the rest is only in the CSV file
CODES = {"geo_code", "competence_code", "hub_code", "member_codes", "municipality_code",
         "nearby_codes", "split_members"}
TEXT = CODES | {"horizon_years", "ssyk_level"}
# needmap's words in Swedish, written here independently of the program
SV = {
    "need": {"recruitment": "rekrytering", "upskilling": "kompetensutveckling",
             "interest": "intresse", "unknown": "okänt"},
    "level": {"yh": "YH", "university": "högskola", "course": "kurs", "komvux": "komvux",
              "unknown": "okänd", "all": "alla"},
    "mode": {"distance": "distans", "hybrid": "hybrid", "onsite": "på plats",
             "unknown": "okänd", "all": "alla"},
    "horizon_years": {"unknown": "okänd", "all": "alla"},
    "table": {"detail": "detalj", "rollup": "summering"},
    "geo_level": {"all": "alla", "county": "län", "municipality": "kommun"},
    "ssyk_level": {"given": "som angiven"},
    "competence_kind": {"ssyk": "SSYK", "competence": "kompetens",
                        "unclassified": "oklassificerad", "all": "alla", "cluster": "kluster"},
    "suppressed": {"primary": "primär", "secondary": "sekundär", "yes": "ja"},
    "jobs_suppressed": {"primary": "primär", "yes": "ja"},
    "open_admission": {"yes": "ja"},
    "level_source": {"given": "angiven", "inferred": "antagen"},
    "mode_source": {"given": "angiven", "assumed": "antagen"},
    "cluster_suppressed": {"primary": "primär", "secondary": "sekundär", "yes": "ja"},
    "internal_use_only": {"yes": "ja"},
    "reason": {"unknown municipality": "okänd kommun", "municipality missing": "kommun saknas",
               "count is negative": "antalet är negativt"},
}
SV_HEADERS = {"geo_code": "Områdeskod", "competence_code": "Kod", "need": "Behov",
              "demand": "Antal personer", "respondents": "Svarande", "p_viable": "P(start)",
              "member_codes": "Orternas koder", "shortfall": "Saknas (studerande)"}
# figures a hidden row shows as `..` in the CSV and as the text `..` in the workbook
FIGURES = {"demand", "demand_low", "demand_high", "needs_without_count", "needs", "respondents",
           "upskilling_students", "interest_students", "jobs", "jobs_respondents", "solver_gap",
           "expected_enrolment",
           "intakes", "p_viable", "p_viable_low", "p_viable_high", "shortfall", "cluster_demand",
           "cluster_demand_low", "cluster_demand_high", "cluster_needs_without_count",
           "cluster_respondents"}
NUMBER = re.compile(r"^-?[0-9]+([.,][0-9]+)?$")


def read_csv(path, excel):
    with open(path, encoding="utf-8-sig", newline="") as f:
        return list(csv.reader(f, delimiter=";" if excel else ","))


def plain(value, excel):
    """A CSV field as the program meant it: --excel's ="0114" unwrapped."""
    if excel and value.startswith('="') and value.endswith('"'):
        return value[2:-1]
    return value


def expected(name, value, hidden, lang, excel):
    """What the workbook cell should hold for a CSV field."""
    value = plain(value, excel)
    if value == "":
        return None
    if value == "..":  # only a hidden row's figures; a number would leak it
        # a count of needs without a number may be hidden on its own
        # (a figure kind of its own in the disclosure model)
        alone = name in ("needs_without_count", "cluster_needs_without_count")
        return ".." if (hidden or alone) and name in FIGURES else "(`..` outside a hidden figure)"
    if name in TEXT:
        return SV.get(name, {}).get(value, value) if lang == "sv" else value
    if NUMBER.match(value) and name not in ("reason_code", "file"):
        return float(value.replace(",", "."))
    if lang == "sv":
        return SV.get(name, {}).get(value, value)
    return value


# residual.csv's reason, as the Swedish workbook says it (the report's words)
REASON_SV = [
    ("jobs only: the survey shows no students here, so the students must come from open "
     "admission", "bara jobb: enkäten visar inga studerande här, så de studerande måste komma "
     "via öppen antagning"),
    (" more interested residents (or fewer staff to upskill)",
     " fler intresserade invånare (eller färre anställda att kompetensutveckla)"),
    (" more staff to upskill (or fewer interested residents)",
     " fler anställda att kompetensutveckla (eller färre intresserade invånare)"),
    (" staff to upskill", " anställda att kompetensutveckla"), (" interested)", " intresserade)"),
    ("figures hidden: too few respondents stand behind them, or they would reveal a hidden "
     "figure", "siffrorna är dolda: för få svarande står bakom dem, eller de skulle avslöja en "
     "dold siffra"),
    ("enough within reach together, but no cohort meets the rules (a hub with every member "
     "within reach, at most ", "tillräckligt inom räckhåll tillsammans, men ingen kohort "
     "uppfyller reglerna (ett nav med alla inom räckhåll, högst "),
    (" locations, at least ", " orter, minst "), (" municipalities)", " kommuner)"),
    ("; no demand in the one other municipality within reach",
     "; ingen efterfrågan i den enda andra kommunen inom räckhåll"),
    (" other municipalities within reach", " andra kommunerna inom räckhåll"),
    ("; no other municipality within reach", "; ingen annan kommun inom räckhåll"),
    ("fewer than ", "färre än "),
    (" municipalities with demand left within ", " kommuner med efterfrågan kvar inom "),
    (", and ", ", och "),
    ("needs ", "behöver "),
    (" in all", " sammanlagt"), (" within ", " inom "), (" km of ", " km från "),
    ("; nearest with demand: ", "; närmast med efterfrågan: "),
    ("; in cohorts already: ", "; redan i kohorter: "),
    ("; no demand in the ", "; ingen efterfrågan i de "),
    (" nearest municipalities", " närmaste kommunerna"),
    (" (all the nearest with demand are in cohorts already)",
     " (alla närmaste med efterfrågan är redan i kohorter)"),
]


def residual_reason_sv(value):
    """The English reason of residual.csv in Swedish words and numbers."""
    for en, sv in REASON_SV:
        value = value.replace(en, sv)
    value = re.sub(r"(\d),(\d{3})\b", "\\1\u00a0\\2", value)
    return re.sub(r"(\d)\.(\d)", r"\1,\2", value)


def same(cell, want):
    if isinstance(want, float):
        return isinstance(cell, (int, float)) and not isinstance(cell, bool) and abs(cell - want) < 1e-9
    return cell == want


def check_sheet(wb, out, sheet, lang, excel, tag, layout=True):
    csv_name, sv, en, published_only, table = sheet
    title = sv if lang == "sv" else en
    if title not in wb.sheetnames:
        check(False, f"{tag}: sheet {title} exists")
        return
    ws = wb[title]
    rows = read_csv(os.path.join(out, csv_name), excel)
    header, data = rows[0], rows[1:]
    col = {n: i for i, n in enumerate(header)}
    if table:
        data = [r for r in data if r[col["table"]] == table]
    if published_only:
        data = [r for r in data if r[col["suppressed"]] == ""]
    total = len(data)
    data = data[:MAX_SHEET_ROWS]
    got = list(ws.iter_rows(values_only=True))
    check(len(got) == len(data) + 1,
          f"{tag}: {title} has the first {len(data)} of the {total} rows of {csv_name}"
          + (" with figures" if published_only else "") + f" (has {len(got) - 1})")
    if total > len(data):
        about = " ".join(str(c) for row in wb.worksheets[0].iter_rows(values_only=True)
                         for c in row if c).replace("\xa0", "")
        more = f"{total - len(data)} till står bara i {csv_name}" if lang == "sv" else \
            f"{total - len(data):,} more are only in {csv_name}"
        check(more in about, f"{tag}: the first sheet says that {title} leaves out {total - len(data)} rows")
    if lang == "sv":
        wrong = [n for n in header if n in SV_HEADERS and got[0][col[n]] != SV_HEADERS[n]]
        check(not wrong, f"{tag}: {title} has Swedish headers ({wrong})")
    bad = []
    codes = 0
    for r, (csv_row, xl_row) in enumerate(zip(data, got[1:]), start=2):
        for i, name in enumerate(header):
            by = "cluster_suppressed" if name.startswith("cluster_") else \
                "jobs_suppressed" if name in ("jobs", "jobs_respondents") else "suppressed"
            hidden = by in col and csv_row[col[by]] != ""
            want = expected(name, csv_row[i], hidden, lang, excel)
            if csv_name == "residual.csv" and name == "reason" and lang == "sv":
                want = residual_reason_sv(csv_row[i])
            cell = xl_row[i] if i < len(xl_row) else None
            if not same(cell, want):
                bad.append((r, name, csv_row[i], cell))
            if name in CODES and csv_row[i]:
                codes += 1
    check(not bad, f"{tag}: {title} holds the values of {csv_name} ({bad[:4]})")
    if codes:
        cells = [c for row in ws.iter_rows(min_row=2) for i, c in enumerate(row)
                 if i < len(header) and header[i] in CODES and c.value is not None]
        check(all(c.data_type == "s" for c in cells), f"{tag}: {title} stores its {len(cells)} codes as text")
    if not layout:  # a read-only workbook has no panes to look at
        return
    check(ws.freeze_panes == "A2" and ws.auto_filter.ref and ws.auto_filter.ref.startswith("A1"),
          f"{tag}: {title} has a frozen, filtered header row")
    check(all(ws.column_dimensions[openpyxl.utils.get_column_letter(i + 1)].width
              for i in range(len(header))), f"{tag}: {title} sets every column's width")


def run(needmap, args, out):
    p = subprocess.run([needmap, "run", *args, "-o", out], capture_output=True, text=True)
    return p.stdout


def check_counts(stdout, out, wb, lang, tag):
    m = re.search(r"(\d+) rows read, (\d+) accepted, (\d+) rejections; (\d+) needs in (\d+) cells "
                  r"\((\d+) suppressed\)\n(\d+) viable cohorts? \((\d+) with figures, (\d+) hidden\)",
                  stdout)
    check(m is not None, f"{tag}: the console line gives rows, needs, cells and cohorts")
    if not m:
        return
    read, accepted, rejections, needs, cells, hidden, cohorts, shown, hid = map(int, m.groups())
    s = json.load(open(os.path.join(out, "summary.json")))
    csvs = {n: read_csv(os.path.join(out, n), False)[1:] for n in ("cohorts.csv", "demand.csv", "rejects.csv")}
    check(s["totals"]["rows"]["read"] == read and s["totals"]["rows"]["accepted"] == accepted
          and s["totals"]["needs"]["accepted"] == needs and s["privacy"]["cells"] == cells
          and s["privacy"]["suppressed_primary"] + s["privacy"]["suppressed_secondary"] == hidden,
          f"{tag}: summary.json states the console's rows, needs and cells")
    v = s["pooling"]["viable_cohorts"]
    check(v["rows"] == cohorts == len(s["pooling"]["cohorts"]) and v["rows_hidden"] == hid
          and shown + hid == cohorts, f"{tag}: summary.json states the console's viable cohorts")
    check(len(csvs["cohorts.csv"]) == cohorts and len(csvs["demand.csv"]) == cells
          and len(csvs["rejects.csv"]) == rejections,
          f"{tag}: the CSV files have the console's cohorts, cells and rejections")
    first = wb.worksheets[0]
    text = " ".join(str(c) for row in first.iter_rows(values_only=True) for c in row if c)
    text = text.replace("\xa0", "")
    words = (f"{cohorts} genomförbara kohorter ({shown} med siffror, {hid} med dolda siffror)"
             if lang == "sv" else f"{cohorts} viable cohorts ({shown} with figures, {hid} with hidden figures)")
    check(words.replace(" 1 viable cohorts", " 1 viable cohorts") in text and f"{needs}" in text,
          f"{tag}: the workbook's first sheet states the same counts")
    page = open(os.path.join(out, "report.html"), encoding="utf-8").read().replace("\xa0", "")
    check(words in page, f"{tag}: report.html states the same counts")


def main():
    needmap, root = sys.argv[1], sys.argv[2]
    gen = sys.argv[3] if len(sys.argv) > 3 else None
    example = os.path.join(root, "surveys", "example")
    stockholm = os.path.join(root, "tests", "report", "stockholm")
    tmp = tempfile.mkdtemp(prefix="needmap-workbook-")
    cases = [("example-sv", [example], "sv", False),
             ("example-en", ["--lang", "en", example], "en", False),
             ("example-excel-internal", ["--excel", "--internal", example], "sv", True),
             ("stockholm-sv", [stockholm], "sv", False),
             ("stockholm-excel", ["--excel", stockholm], "sv", True)]
    for tag, args, lang, excel in cases:
        out = os.path.join(tmp, tag)
        stdout = run(needmap, args, out)
        wb = openpyxl.load_workbook(os.path.join(out, "needmap.xlsx"))
        check(wb.sheetnames[:2] == (["Läs först", "Inläsning"] if lang == "sv" else ["Read me", "Inputs"]),
              f"{tag}: the first sheet explains the others, the second lists the inputs")
        for sheet in SHEETS:
            check_sheet(wb, out, sheet, lang, excel, tag)
        check_counts(stdout, out, wb, lang, tag)

    st = os.path.join(tmp, "stockholm-sv")
    wb = openpyxl.load_workbook(os.path.join(st, "needmap.xlsx"))
    codes = {c.value for c in wb["Efterfrågan"]["C"]} | {c.value for c in wb["Efterfrågan"]["G"]}
    check({"0114", "0110", "01"} <= codes, "Stockholm: 0114 (Upplands Väsby), 01 (the county) and "
          "SSYK 0110 keep their leading zeros in the workbook")
    heads = [c.value for c in wb["Kohorter"][1]]
    hub = wb["Kohorter"].cell(row=2, column=heads.index("Navets kod") + 1)
    check(hub.value and hub.value.startswith("01") and hub.data_type == "s",
          f"Stockholm: the cohort's hub code keeps its zero ({hub.value})")
    raw = open(os.path.join(tmp, "stockholm-excel", "demand.csv"), encoding="utf-8-sig").read()
    check(';"=""0114""";' in raw and ';"=""0110""";' in raw and '"=""01"""' in raw,
          "--excel demand.csv writes codes as =\"0114\" for Excel and LibreOffice")
    check(';"=""0114""";' not in open(os.path.join(st, "demand.csv")).read() and ",0114," in
          open(os.path.join(st, "demand.csv")).read(), "plain demand.csv writes codes as they are")

    # a table longer than a sheet: its first 10,000 rows, the rest counted
    if gen:
        big = os.path.join(tmp, "big")
        subprocess.run([gen, "--rows", "5000", "--seed", "5", "--munis", "80", "--competences", "100",
                        "--out", os.path.join(tmp, "big-in"), "--quiet"], check=True)
        run(needmap, ["--internal", "--lang", "en", os.path.join(tmp, "big-in")], big)
        wb = openpyxl.load_workbook(os.path.join(big, "needmap.xlsx"), read_only=True)
        for sheet in SHEETS[4:6]:  # demand: 18,319 totals (and 4,872 details)
            check_sheet(wb, big, sheet, "en", False, "5,000 rows, --internal", layout=False)

    # nothing accepted: both files are still written, with empty tables
    bad = os.path.join(tmp, "bad.csv")
    open(bad, "w").write("Kommun;Yrke;Antal\nFoo;Bar;x\n")
    empty = os.path.join(tmp, "empty")
    p = subprocess.run([needmap, "run", "-q", bad, "-o", empty], capture_output=True, text=True)
    ok = p.returncode == 1 and os.path.isfile(os.path.join(empty, "report.html"))
    if ok:
        wb = openpyxl.load_workbook(os.path.join(empty, "needmap.xlsx"))
        ok = wb["Efterfrågan"].max_row == 1 and wb["Avvisade rader"].max_row == 2
    check(ok, "a run that accepts no row still writes report.html and needmap.xlsx (%s)"
          % p.stderr.strip()[-200:])

    again = os.path.join(tmp, "again")
    run(needmap, ["--threads", "1", stockholm], again)
    for name in ("report.html", "needmap.xlsx"):
        a = open(os.path.join(st, name), "rb").read()
        b = open(os.path.join(again, name), "rb").read()
        check(a == b, f"the same inputs give a byte-identical {name} (also on one thread)")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
