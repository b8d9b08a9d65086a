#!/usr/bin/env python3
"""fuzz_inputs.py NEEDMAP SURVEY_DIR [N]

Robustness: N seeded mutations of the example exports (bit flips, byte
insertions and deletions, truncation, spliced halves of two files, random
quotes, delimiters and line ends) are read by `needmap validate` and
`needmap run`.  Every run must end with a documented exit code (0-4),
never a crash, a sanitizer report or a hang, and `validate` must still
account for every row it read (read = accepted + rejected + skipped).
A call still running after an hour is reported as a hang: no slow
machine takes that long over an example-sized file."""
import os
import random
import re
import subprocess
import sys
import tempfile

needmap, survey = sys.argv[1], sys.argv[2]
n = int(sys.argv[3]) if len(sys.argv) > 3 else 150
rng = random.Random(20261122)
files = sorted(os.path.join(survey, f) for f in os.listdir(survey)
               if f.endswith((".csv", ".tsv", ".json")))
originals = [open(f, "rb").read() for f in files]


def mutate(data):
    data = bytearray(data)
    for _ in range(rng.randint(1, 12)):
        op = rng.randrange(7)
        pos = rng.randrange(len(data)) if data else 0
        if op == 0 and data:
            data[pos] ^= 1 << rng.randrange(8)
        elif op == 1:
            data[pos:pos] = bytes([rng.choice(b'";,\t\r\n\x00\xc3\xa5\xff"')])
        elif op == 2 and data:
            del data[pos:pos + rng.randint(1, 40)]
        elif op == 3:
            data = data[:pos]
        elif op == 4:
            other = rng.choice(originals)
            data = data[:pos] + other[rng.randrange(len(other)):]
        elif op == 5:
            data[pos:pos] = b'"' * rng.randint(1, 3)
        else:
            data[pos:pos] = rng.choice([b"\r", b"\n\n", b"\r\n", b";;;", b"Summa;", b"-5", b"10+"])
    return bytes(data)


bad = 0
row_re = re.compile(r"rows\s+(\d+) read: (\d+) accepted, (\d+) rejected, (\d+) skipped")
with tempfile.TemporaryDirectory() as tmp:
    for i in range(n):
        k = rng.randrange(len(files))
        ext = os.path.splitext(files[k])[1]
        path = os.path.join(tmp, f"case{i}{ext}")
        with open(path, "wb") as f:
            f.write(mutate(originals[k]))
        for cmd in (["validate", "--max-messages", "0", path],
                    ["run", "-q", path, "-o", os.path.join(tmp, "out")]):
            try:
                p = subprocess.run([needmap] + cmd, capture_output=True, timeout=3600)
            except subprocess.TimeoutExpired:
                print(f"not ok - {cmd[0]} case {i} ({os.path.basename(files[k])}): hangs")
                bad += 1
                continue
            err = p.stderr.decode("utf-8", "replace")
            if p.returncode not in (0, 1, 3, 4) or "runtime error" in err or "Sanitizer" in err:
                print(f"not ok - {cmd[0]} case {i} ({os.path.basename(files[k])}): "
                      f"exit {p.returncode}\n{err[-2000:]}")
                bad += 1
                keep = os.path.join(os.environ.get("TMPDIR", "/tmp"), f"needmap-fuzz-{i}{ext}")
                with open(keep, "wb") as f:
                    f.write(open(path, "rb").read())
                print(f"  input kept as {keep}")
            if cmd[0] == "validate":
                for m in row_re.finditer(p.stdout.decode("utf-8", "replace")):
                    r, a, j, s = map(int, m.groups())
                    if r != a + j + s:
                        print(f"not ok - validate case {i}: {r} read != {a} + {j} + {s}")
                        bad += 1
print(f"{n} mutated inputs, {bad} problems")
sys.exit(1 if bad else 0)
