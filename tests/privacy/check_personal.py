#!/usr/bin/env python3
"""check_personal.py NEEDMAP EXAMPLE_DIR: no published file holds an input
path, a name, an e-mail address or a phone number, whatever the files are
called and wherever the answers wrote them (issue #17, docs/outputs.md
"Privacy").

Hostile inputs: the example survey and three crafted exports saved under
file and directory names holding a name, a phone number and an e-mail
address; in them the personal data stands in the contact columns
(Kontaktperson, E-post, Telefon, Kommentar), in the occupation text (so it
is unclassified or matched approximately), in the municipality, count,
need and horizon cells (so the row is rejected or the value not
understood), in a wide file's column headings and in a JSON export's keys.
Every file needmap writes into the output directory is read whatever it is
called (needmap.xlsx unzipped part by part, HTML and XML entities decoded,
phone numbers also as bare digits), for `run` with its default options, with
--excel, --lang en, --scenario, --pool-by cluster, and with
--publish-file-names (which may publish base names, never a directory, and
still none of the cells' personal data)."""
import html
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import zipfile

NAMES = ["Anna Svensson", "Kerstin Lindqvist", "Per Olsson", "Svensson", "Lindqvist"]
PHONES = ["070-1234567", "+46 70 765 43 21", "070-7654321"]
EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+\.[A-Za-z0-9.-]+")
DIR = "Svar Anna Svensson 070-1234567"
failures = 0


def check(ok, what):
    global failures
    print(("ok - " if ok else "not ok - ") + what)
    failures += not ok


def write_inputs(src, example):
    """The hostile exports, under hostile names."""
    long_rows = [
        "Kommun;Förvaltning;Yrke;Antal;Behov;Nivå;Utbildningsform;Tidshorisont;Kontaktperson;"
        "E-post;Telefon;Kommentar",
        "Kiruna;Socialtjänsten;Undersköterska;4;Rekrytering;YH;Distans;1-3 år;Kerstin Lindqvist;"
        "kerstin.lindqvist@kiruna.se;070-1234567;Ring Kerstin Lindqvist på 070-1234567",
        "Kiruna;Äldreomsorgen Anna Svensson;Undersköterska;3;Kompetensutveckling;YH;Distans;"
        "1-3 år;Anna Svensson;anna.svensson@kiruna.se;+46 70 765 43 21;"
        "mejla anna.svensson@kiruna.se",
        "Gällivare;HR;Ring Anna Svensson 070-1234567;2;Rekrytering;YH;Distans;1-3 år;;;;",
        "Gällivare;HR;kerstin.lindqvist@kiruna.se;2;Rekrytering;YH;Distans;1-3 år;;;;",
        "Gällivare;HR;Sjuksköterska;ca 5 (Anna Svensson);Rekrytering;YH;Distans;1-3 år;;;;",
        "anna.svensson@kiruna.se;HR;Sjuksköterska;3;Rekrytering;YH;Distans;1-3 år;;;;",
        "Kiruna;HR;Sjuksköterska;070-1234567;Rekrytering;YH;Distans;1-3 år;;;;",
        "Kiruna;HR;Sjuksköterska;3;Kerstin Lindqvist;Anna Svensson;kerstin@kiruna.se;"
        "070-1234567;;;;",
        "Kiruna;HR;Underskoterska Kerstin;3;Rekrytering;YH;Distans;1-3 år;;;;",
        "Luleå;HR;Lastbilsförare;5;Rekrytering;YH;Distans;Anna Svensson 070-1234567;;;;",
        "Per Olsson;HR;Kock;2;Rekrytering;;;;;;;",
    ]
    wide = ["Kommun;Kontakt;Undersköterska;Anna Svensson 070-1234567;"
            "kerstin.lindqvist@kiruna.se;Sjuksköterska",
            "Kiruna;Anna Svensson anna.svensson@kiruna.se;3;2;1;4",
            "Luleå;070-7654321;1;1;1;1"]
    files = {
        "svar kerstin.lindqvist@kiruna.se 070-1234567.csv": "\r\n".join(long_rows) + "\r\n",
        "Anna Svensson bred.csv": "\r\n".join(wide) + "\r\n",
        "per.olsson@gmail.com.json": json.dumps({"svar": [
            {"kommun": "Kiruna", "yrke": "Kock", "antal": 2, "namn": "Anna Svensson",
             "epost": "anna.svensson@kiruna.se", "telefon": "070-1234567",
             "Anna Svensson 070-1234567": "Per Olsson"},
            {"kommun": "Kerstin Lindqvist", "yrke": "Kock", "antal": 2}]}, ensure_ascii=False),
    }
    for name, text in files.items():
        with open(os.path.join(src, name), "w", encoding="utf-8") as f:
            f.write(text)
    for name in sorted(os.listdir(example)):
        if name.endswith((".csv", ".tsv", ".json")):
            shutil.copyfile(os.path.join(example, name),
                            os.path.join(src, "Per Olsson 070-7654321 " + name))
    return sorted(files) + ["Per Olsson 070-7654321 " + n for n in sorted(os.listdir(example))]


def published_texts(out):
    """(name, text) of every file in out, whatever it is called."""
    for name in sorted(os.listdir(out)):
        path = os.path.join(out, name)
        if not os.path.isfile(path):
            continue
        with open(path, "rb") as f:
            data = f.read()
        if data[:2] == b"PK":
            with zipfile.ZipFile(path) as z:
                for part in z.namelist():
                    yield f"{name}:{part}", z.read(part).decode("utf-8", "replace")
        else:
            yield name, data.decode("utf-8", "replace")


def leaks(out, words, allowed=()):
    """What of words, PHONES and e-mail addresses the files in out hold; the
    allowed texts (base names with --publish-file-names) are taken out first."""
    found = []
    phones = {re.sub(r"[^0-9]", "", p)[-9:] for p in PHONES}
    for name, text in published_texts(out):
        text = html.unescape(html.unescape(text))
        for a in allowed:
            text = text.replace(a, " ")
        low = text.lower()
        found += [(name, w) for w in words if w.lower() in low]
        for run in re.findall(r"[0-9][0-9 -]{6,}[0-9]", text):
            digits = re.sub(r"[^0-9]", "", run)
            found += [(name, run) for p in phones if p in digits]
        found += [(name, m) for m in EMAIL.findall(text)]
    return found


def main():
    needmap, example = sys.argv[1], sys.argv[2]
    tmp = tempfile.mkdtemp()
    try:
        src = os.path.join(tmp, DIR)
        os.mkdir(src)
        names = write_inputs(src, example)
        scen = os.path.join(os.environ.get("NEEDMAP_SOURCE_ROOT", "."), "tests", "run",
                            "scenarios", "example.json")
        runs = [("default", []), ("excel", ["--excel"]), ("english", ["--lang", "en"]),
                ("scenario", ["--scenario", scen]), ("cluster", ["--pool-by", "cluster"]),
                ("file-names", ["--publish-file-names"])]
        for label, opts in runs:
            out = os.path.join(tmp, "out-" + label)
            p = subprocess.run([needmap, "run", *opts, src, "-o", out], capture_output=True,
                               text=True)
            check(os.path.isdir(out) and len(os.listdir(out)) >= 8,
                  f"run {label} wrote its files (exit {p.returncode})")
            if not os.path.isdir(out):
                continue
            words = NAMES + [DIR, tmp] + names
            allowed = names if label == "file-names" else ()
            found = sorted(set(leaks(out, words, allowed)))
            check(not found, f"run {label}: no published file holds an input path, name, "
                             f"e-mail address or phone number ({found[:6]})")
        # the scan can fail: --internal (never published) names the inputs by path
        out = os.path.join(tmp, "out-internal")
        subprocess.run([needmap, "run", "--internal", src, "-o", out], capture_output=True)
        check(any(w == DIR for _, w in leaks(out, [DIR])),
              "the scan finds the directory in an --internal run's files (it can fail)")
        check("Anna Svensson" in p.stderr or "Kerstin Lindqvist" in p.stderr,
              "the hostile cells were read (the console, for the analyst, quotes them)")
    finally:
        shutil.rmtree(tmp)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
