#!/usr/bin/env python3
"""check_file_names.py NEEDMAP EXAMPLE_DIR: a file name is personal data too.

The example survey is copied under a directory and file names that hold a
name, a phone number and an e-mail address (as analysts save answers:
"Svar Anna Svensson 070-1234567/kerstin.lindqvist@kiruna.se.csv").  Then:

- `needmap run` publishes none of them, nor the directory, in any file of
  the output directory (the workbook's XML and report.html included);
  every input is "input N" with its size and SHA-256 in summary.json, and
  rejects.csv names "input N"; the console (for the analyst) prints which
  path each number stands for;
- with --publish-file-names the base names appear, never the directory;
- the analyst's --rules and --scenario files appear by base name only;
- with --internal the paths appear as given (not published).
docs/outputs.md, "Inputs and file names"."""
import csv
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import zipfile

PERSONAL = ["Anna Svensson", "070-1234567", "0701234567", "kerstin.lindqvist",
            "lindqvist@kiruna.se", "per.olsson", "Olsson"]
NAMES = {  # example file -> a name an analyst might have saved it under
    "dorotea_handredigerad.csv": "kerstin.lindqvist@kiruna.se.csv",
    "enkat_matris.tsv": "Per Olsson 070-1234567.tsv",
    "intresse_invanare.json": "svar från per.olsson@gmail.com.json",
    "norrbotten_kommuner.csv": "Anna Svensson kommunerna.csv",
    "vasterbotten_foretag.csv": "företag 0701234567.csv",
}
DIR = "Svar Anna Svensson 070-1234567"
failures = 0


def check(ok, what):
    global failures
    print(("ok - " if ok else "not ok - ") + what)
    failures += not ok


def published_texts(out):
    """(name, text) of every published file; the workbook's parts one by one."""
    for name in sorted(os.listdir(out)):
        path = os.path.join(out, name)
        if name.endswith(".xlsx"):
            with zipfile.ZipFile(path) as z:
                for part in z.namelist():
                    yield f"{name}:{part}", z.read(part).decode("utf-8", "replace")
        else:
            with open(path, "rb") as f:
                yield name, f.read().decode("utf-8", "replace")


def leaks(out, words):
    found = []
    for name, text in published_texts(out):
        low = text.lower()
        found += [(name, w) for w in words if w.lower() in low]
    return found


def run(needmap, inputs, out, *opts):
    p = subprocess.run([needmap, "run", *opts, inputs, "-o", out], capture_output=True,
                       text=True)
    check(os.path.isdir(out), f"run {' '.join(opts)} wrote {out} (exit {p.returncode})")
    return p


def main():
    needmap, example = sys.argv[1], sys.argv[2]
    tmp = tempfile.mkdtemp()
    try:
        src = os.path.join(tmp, DIR)
        os.mkdir(src)
        sha = {}
        for orig, new in NAMES.items():
            shutil.copyfile(os.path.join(example, orig), os.path.join(src, new))
            with open(os.path.join(src, new), "rb") as f:
                sha[new] = hashlib.sha256(f.read()).hexdigest()
        order = sorted(NAMES.values(), key=lambda n: os.path.join(src, n).encode())

        out = os.path.join(tmp, "out")
        p = run(needmap, src, out)
        words = PERSONAL + [DIR, tmp] + list(NAMES.values())
        found = leaks(out, words)
        check(not found, f"no published file holds a name, phone number, e-mail, file name "
                         f"or directory ({found[:5]})")
        with open(os.path.join(out, "summary.json"), encoding="utf-8") as f:
            inputs = json.load(f)["inputs"]
        check([i["input"] for i in inputs] == list(range(1, len(NAMES) + 1)),
              "summary.json numbers the inputs 1..5 in input order")
        check([i["sha256"] for i in inputs] == [sha[n] for n in order]
              and all("path" not in i and "file" not in i for i in inputs),
              "summary.json gives each input's SHA-256, in sorted order, and no name")
        with open(os.path.join(out, "rejects.csv"), encoding="utf-8", newline="") as f:
            files = {r["file"] for r in csv.DictReader(f)}
        check(files and all(f.startswith("input ") and f[6:].isdigit() for f in files),
              f"rejects.csv names inputs by number ({sorted(files)})")
        key = [f"  input {n} = {os.path.join(src, name)}" for n, name in enumerate(order, 1)]
        check(all(k in p.stdout.splitlines() for k in key),
              "the console prints the key from input number to path, for the analyst")

        out = os.path.join(tmp, "named")
        run(needmap, src, out, "--publish-file-names")
        found = leaks(out, [DIR, tmp, "/" + order[0]])
        check(not found, f"--publish-file-names publishes no directory ({found[:5]})")
        with open(os.path.join(out, "summary.json"), encoding="utf-8") as f:
            inputs = json.load(f)["inputs"]
        check([i.get("file") for i in inputs] == order and all("path" not in i for i in inputs),
              "--publish-file-names: summary.json names each input by its base name only")
        with open(os.path.join(out, "rejects.csv"), encoding="utf-8", newline="") as f:
            files = {r["file"] for r in csv.DictReader(f)}
        check(files and all(f"input {order.index(x[x.index('(') + 1:-1]) + 1} (" in x
                            for x in files),
              f"--publish-file-names: rejects.csv says 'input N (base name)' ({sorted(files)})")

        # the analyst's own files (--rules, --scenario) kept in a directory
        # named after a person: the published files name them by base name
        conf = os.path.join(tmp, "Anna Svensson 070-1234567 konfig")
        os.mkdir(conf)
        with open(os.path.join(conf, "regler.json"), "w", encoding="utf-8") as f:
            f.write('{"comment": "test"}')
        with open(os.path.join(conf, "scenarier.json"), "w", encoding="utf-8") as f:
            f.write('{"scenarios": {"a": {}}}')
        out = os.path.join(tmp, "config")
        run(needmap, src, out, "--rules", os.path.join(conf, "regler.json"),
            "--scenario", os.path.join(conf, "scenarier.json"))
        found = leaks(out, [conf, "Anna Svensson 070-1234567 konfig"])
        check(not found, f"no published file holds the directory of --rules or --scenario "
                         f"({found[:5]})")
        with open(os.path.join(out, "summary.json"), encoding="utf-8") as f:
            summary = json.load(f)
        check(summary["pooling"]["rules"].get("file") == "regler.json"
              and summary["scenarios"]["file"] == "scenarier.json",
              "summary.json names --rules and --scenario by their base names")

        out = os.path.join(tmp, "internal")
        run(needmap, src, out, "--internal")
        with open(os.path.join(out, "summary.json"), encoding="utf-8") as f:
            inputs = json.load(f)["inputs"]
        check([i.get("path") for i in inputs] == [os.path.join(src, n) for n in order],
              "--internal keeps the paths as given")
    finally:
        shutil.rmtree(tmp)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
