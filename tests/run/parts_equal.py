#!/usr/bin/env python3
"""parts_equal.py NEEDMAP GEN_SURVEY SURVEY_DIR SECTION [N]

Large CSV files are read in parts on several threads (batch.c).  Reading
in parts must give exactly what reading whole gives: for generated exports
(every layout, dialect and encoding, bad rows, quoted line breaks), the
example's files, and N seeded mutations of them (stray quotes, cut lines,
CR, NUL and invalid bytes), `needmap validate` (stdout, stderr, exit code)
and `needmap run --internal` (every output file, stderr, exit code) are
compared between NEEDMAP_PART_BYTES=0 (never cut) and tiny parts on 1 and
3 threads.  Part sizes are small so that cuts fall inside quoted line
breaks, CR LF pairs and multi-byte characters.  SECTION picks one group of
inputs (see SECTIONS), so that meson runs the groups as separate tests.

Inputs are sized for a test, not a benchmark: every needmap call takes
well under a second, even with tiny parts and meson's MALLOC_PERTURB_.
No call has a time limit a slow machine could reach; HANG_SECONDS only
turns a real hang into a failure instead of a stuck suite."""
import os
import random
import shutil
import subprocess
import sys
import tempfile

needmap, gen, survey, section = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4]
n = int(sys.argv[5]) if len(sys.argv) > 5 else 40
HANG_SECONDS = 3600
rng = random.Random(int(os.environ.get("PARTS_SEED", "6")))
VARIANTS = [("23", "1"), ("64", "3"), ("257", "3"), ("4096", "1")]
# A sanitizer build (NEEDMAP_TEST_SAMPLE) runs a sample: the tiniest parts on
# one thread and middling parts on three, a quarter of the mutants, each
# hand-over once; the normal build runs everything.
SAMPLE = bool(os.environ.get("NEEDMAP_TEST_SAMPLE"))
if SAMPLE:
    VARIANTS = [("23", "1"), ("257", "3")]
    n = min(n, 10)
HANDOVERS = [("0", "2"), ("1000000", "3")] if SAMPLE else \
    [("0", "2"), ("0", "3"), ("1000000", "2"), ("1000000", "3")]
REPEATS = 1 if SAMPLE else 2


def mutate(data, originals):
    data = bytearray(data)
    for _ in range(rng.randint(1, 10)):
        op = rng.randrange(6)
        pos = rng.randrange(len(data)) if data else 0
        if op == 0 and data:
            data[pos] ^= 1 << rng.randrange(8)
        elif op == 1:
            data[pos:pos] = bytes([rng.choice(b'";,\t\r\n\x00\xc3\xa5\xff"')])
        elif op == 2 and data:
            del data[pos:pos + rng.randint(1, 40)]
        elif op == 3:
            other = rng.choice(originals)
            data = data[:pos] + other[rng.randrange(len(other)):]
        elif op == 4:
            data[pos:pos] = b'"' * rng.randint(1, 3)
        else:
            data[pos:pos] = rng.choice([b"\r", b"\n\n", b"\r\n", b'"a\nb"', b"Summa;"])
    return bytes(data)


def run(args, part_bytes, out=None, **extra):
    env = dict(os.environ, NEEDMAP_PART_BYTES=part_bytes, LC_ALL="C", **extra)
    p = subprocess.run([needmap] + args, capture_output=True, env=env, timeout=HANG_SECONDS)
    files = {}
    if out and os.path.isdir(out):
        for f in sorted(os.listdir(out)):
            with open(os.path.join(out, f), "rb") as fh:
                files[f] = fh.read()
        shutil.rmtree(out)
    return p.returncode, p.stdout, p.stderr, files


def check(path, tmp):
    bad = 0
    out = os.path.join(tmp, "out")
    cmds = [["validate", "--max-messages", "50", "--threads", "{t}", path],
            ["run", "--internal", "--threads", "{t}", path, "-o", out]]
    for cmd in cmds:
        ref = run([a.replace("{t}", "1") for a in cmd], "0", out)
        for pb, t in VARIANTS:
            got = run([a.replace("{t}", t) for a in cmd], pb, out)
            if got != ref:
                what = [k for k, a, b in zip(("exit", "stdout", "stderr", "files"), ref, got)
                        if a != b]
                if "files" in what:
                    what += [f for f in set(ref[3]) | set(got[3])
                             if ref[3].get(f) != got[3].get(f)]
                print(f"not ok - {cmd[0]} {os.path.basename(path)}: parts of {pb} bytes on "
                      f"{t} threads differ from reading whole: {', '.join(what)}")
                bad += 1
    return bad


def decimals(path):
    """Counts with one decimal, which binary floating point cannot add
    exactly: 3 x 3000 needs of 0,1 / 0,7 / 1,3 in one cell, from three
    respondents.  The cell must hold exactly 6300 however it is cut."""
    with open(path, "w", encoding="utf-8", newline="") as f:
        f.write("Kommunkod;Svars-ID;Yrke;Antal;Behov\r\n")
        for i in range(500):
            for k, v in enumerate(("0,1", "0,7", "1,3")):
                f.write(f"2506;{k};2221;{v};Rekrytering\r\n")


def awkward(tmp):
    """Files that once read differently in parts: JSON behind two byte-order
    marks (the second is text, so the file is JSON, not CSV to cut), and a
    misspelt occupation first seen in a note line above the header but
    first used late in the file (the review list is in order of first
    use)."""
    j = os.path.join(tmp, "two_boms.json")
    with open(j, "wb") as f:
        f.write(b"\xef\xbb\xbf\xef\xbb\xbf[\n")
        f.write(b",\n".join(b'  {"Kommunkod": "2506", "Yrke": "2221", "Antal": "%d"}' % (i % 5)
                             for i in range(200)))
        f.write(b"\n]\n")
    r = os.path.join(tmp, "review_order.csv")
    with open(r, "w", encoding="utf-8", newline="") as f:
        f.write("Sjukskötersk;;\nKommunkod;Yrke;Antal\n")
        f.write("2506;Undersköterskaa;1\n" * 58)
        f.write("2506;Sjukskötersk;2\n")
    return [j, r]


def check_exact(path, tmp):
    out = os.path.join(tmp, "out")
    for pb, t in [("0", "1")] + VARIANTS:
        _, _, _, files = run(["run", "--internal", "--threads", t, path, "-o", out], pb, out)
        rows = [r for r in files.get("demand.csv", b"").decode().splitlines()
                if r.startswith("yes,detail,municipality,2506,")]
        if len(rows) != 1 or rows[0].split(",")[13] != "1050":
            print(f"not ok - decimal counts in parts of {pb} bytes on {t} threads: {rows}")
            return 1
    return 0


def many_rejects(path):
    """70,000 rejected rows (more than NM_BATCH_SPILL = 65,536, so part of
    the list goes to a temporary file) between accepted ones."""
    with open(path, "w", encoding="utf-8", newline="") as f:
        f.write("Kommunkod;Yrke;Antal\n")
        for i in range(70000):
            f.write(f"9999;2221;1\n" if i % 100 else f"2506;2221;{i % 7}\n")
            if i % 100 == 0:
                f.write("9999;2221;1\n")


def check_spill(path, tmp):
    """Every rejection reaches rejects.csv, in order, read whole or in parts."""
    out = os.path.join(tmp, "out")
    ref = run(["run", "--threads", "1", path, "-o", out], "0", out)
    got = run(["run", "--threads", "3", path, "-o", out], "100000", out)
    rows = ref[3].get("rejects.csv", b"").decode().splitlines()[1:]
    lines = [int(r.split(",")[1]) for r in rows]
    bad = 0
    if len(rows) != 70000 or lines != sorted(lines):
        print(f"not ok - {len(rows)} rows in rejects.csv (70000 wanted, in line order)")
        bad += 1
    if got != ref:
        print("not ok - 70,000 rejections: reading in parts changes the output")
        bad += 1
    return bad


def check_handover(tmp, survey):
    """A thread with nothing left to read merges the table of the file (or
    last part) still being read, a piece at a time (batch.c, help_merge):
    a small file next to a large one, handed over at nearly every record
    (NEEDMAP_HAND_RECORDS=1), whole and in parts, must give exactly what
    one thread gives, and the hand-over must have happened."""
    d = os.path.join(tmp, "handover")
    subprocess.run([gen, "--rows", "60000", "--seed", "8", "--bad-rate", "0.02", "--out", d,
                    "--quiet"], check=True)
    shutil.copy(os.path.join(survey, sorted(f for f in os.listdir(survey)
                                            if f.endswith(".csv"))[0]), d)
    out = os.path.join(tmp, "out")
    cmd = ["run", "--internal", "--threads", "{t}", d, "-o", out]
    ref = run([a.replace("{t}", "1") for a in cmd], "0", out)
    bad, handed = 0, 0
    for pb, t in HANDOVERS:
        for _ in range(REPEATS):
            got = run([a.replace("{t}", t) for a in cmd], pb, out, NEEDMAP_HAND_RECORDS="1",
                      NEEDMAP_TIMING="1")
            timing = [ln for ln in got[2].decode().splitlines() if "needmap: timing:" in ln]
            handed += sum(int(ln.split()[2]) for ln in timing if "merged while" in ln)
            got = (got[0], got[1], "".join(ln + "\n" for ln in got[2].decode().splitlines()
                                           if "needmap: timing:" not in ln).encode(), got[3])
            if got != ref:
                what = [k for k, a, b in zip(("exit", "stdout", "stderr", "files"), ref, got)
                        if a != b]
                print(f"not ok - tables handed over early (parts of {pb} bytes, {t} threads) "
                      f"differ from one thread: {', '.join(what)}")
                bad += 1
    if handed == 0:
        print(f"not ok - no table was handed over early in {len(HANDOVERS) * REPEATS} runs")
        bad += 1
    return bad


SECTIONS = {
    "generated": "7 generated exports (every layout, dialect and encoding, bad rows)",
    "examples": "the example's exports and files that once read differently in parts",
    "mutants": "N seeded mutations of the example's exports",
    "exact": "decimal counts summed exactly, and 70,000 rejections in order",
    "handover": "tables handed over early to a thread with nothing left to read",
}


def inputs_of(section, tmp):
    if section == "generated":
        gdir = os.path.join(tmp, "gen")
        subprocess.run([gen, "--rows", "1500", "--files", "7", "--layout", "mixed",
                        "--dialect", "auto", "--bad-rate", "0.05", "--seed", "6", "--out", gdir,
                        "--quiet"], check=True)
        return [os.path.join(gdir, f) for f in sorted(os.listdir(gdir))]
    examples = sorted(os.path.join(survey, f) for f in os.listdir(survey)
                      if f.endswith((".csv", ".tsv")))
    if section == "examples":
        return examples + awkward(tmp)
    originals = [open(f, "rb").read() for f in examples]
    inputs = []
    for i in range(n):
        k = rng.randrange(len(originals))
        path = os.path.join(tmp, f"mutant{i}{os.path.splitext(examples[k])[1]}")
        with open(path, "wb") as f:
            f.write(mutate(originals[k], originals))
        inputs.append(path)
    return inputs


def main(section):
    bad, inputs = 0, []
    with tempfile.TemporaryDirectory() as tmp:
        if section == "exact":
            rej = os.path.join(tmp, "rejects_many.csv")
            many_rejects(rej)
            bad += check_spill(rej, tmp)
            dec = os.path.join(tmp, "decimals.csv")
            decimals(dec)
            bad += check_exact(dec, tmp)
            inputs = [dec]
        elif section == "handover":
            bad += check_handover(tmp, survey)
        else:
            inputs = inputs_of(section, tmp)
        for path in inputs:
            bad += check(path, tmp)
    print(f"{SECTIONS[section]}: {len(inputs)} inputs x {len(VARIANTS)} ways of cutting them, "
          f"{bad} differences")
    return 1 if bad else 0


sys.exit(main(section))
