#!/usr/bin/env python3
"""pollock.py - how needmap reads the polluted files of the Pollock CSV benchmark.

Pollock (HPI-Information-Systems/Pollock, https://github.com/HPI-Information-Systems/Pollock)
polluted one clean CSV file (83 rows of sales: DATE, TIME, Qty, PRODUCTID, Price, ...) in 2,289
ways: a field delimiter too many or too few in one row and column, a stray quote, another
delimiter in one row, multi-row headers, preambles, second tables, other record delimiters...
Each polluted file comes with its clean version (what a loader should read).

needmap reads competence-needs surveys, not sales, so every file (polluted and clean) is
turned into a survey by plain text substitution that leaves the pollution as it is: the header
words DATE, Qty and PRODUCTID become Kommun, Antal and Yrke, each of the 83 dates a municipality
and each of the 83 product ids an occupation title (all of distinct SSYK groups).  No value
replaced holds a delimiter or a quote, so every delimiter and quote stays where Pollock put it.

For each file, `needmap run --internal` reads the polluted file and its clean version; the
per-municipality demand (demand.csv, detail rows: municipality, SSYK group, count) of the two
is compared:

  read correctly   the same demand as from the clean version
  rejected         some rows missing, every row read is as in the clean version, and needmap
                   said so (rejected rows listed, or the file refused with exit code 3)
  dropped silently rows missing, the rest right, nothing rejected
  counts differ    the same municipalities and groups, other counts (a second table read too)
  shifted          a municipality with another group than in the clean version, or one not
                   in it: values accepted in the wrong place ('shifted, warned' when needmap
                   printed a warning about it, e.g. a number in the occupation text)

usage: tests/bench/pollock.py POLLOCK_DIR [NEEDMAP] [--list CATEGORY] [--only PREFIX]
  POLLOCK_DIR holds polluted_files/csv and polluted_files/clean (a clone of the repository,
  or `git archive HEAD polluted_files | tar -x -C DIR`); NEEDMAP defaults to build/needmap.
The data is not in this repository (no licence file in Pollock's).  Prints figures per kind
of pollution and in all; a benchmark, not a test.
"""
import csv
import hashlib
import os
import re
import subprocess
import sys
import tempfile
from collections import Counter, defaultdict

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def load_refs():
    with open(os.path.join(ROOT, 'surveys', 'municipalities.csv'), encoding='utf-8') as f:
        munis = [r['name_short'] for r in csv.DictReader(f)]
    titles, seen = [], set()
    with open(os.path.join(ROOT, 'surveys', 'occupation_titles_sv.csv'), encoding='utf-8') as f:
        for r in csv.DictReader(f):
            t, c = r['title_sv'], r['ssyk']
            # plain one-word titles of distinct groups, none a prefix of another word
            if c in seen or not re.fullmatch(r'[A-Za-zÅÄÖåäö]+', t) or len(t) < 5:
                continue
            seen.add(c)
            titles.append(t)
    return munis, titles


def substitution(source_clean, munis, titles):
    with open(source_clean, newline='', encoding='ascii') as f:
        rows = list(csv.reader(f))
    dates = [r[0] for r in rows[1:]]
    pids = [r[3] for r in rows[1:]]
    assert len(set(dates)) == len(dates) and len(set(pids)) == len(pids)
    # municipalities spread over the list (not only Stockholm's county)
    step = len(munis) // len(dates)
    sub = {}
    for i, d in enumerate(dates):
        sub[d] = munis[i * step]
    for i, p in enumerate(pids):
        sub[p] = titles[i * (len(titles) // len(pids))]
    sub.update({'DATE': 'Kommun', 'Qty': 'Antal', 'PRODUCTID': 'Yrke'})
    sub = {k.encode('ascii'): v.encode('utf-8') for k, v in sub.items()}
    keys = sorted(sub, key=len, reverse=True)
    rx = re.compile(b'|'.join(re.escape(k) for k in keys))
    return rx, sub


def convert(path, rx, sub, out, header=None):
    data = open(path, 'rb').read()
    if header is not None and data.startswith(b'"DATE DATE'):  # a multi-row header's
        # clean version names each column twice: read it under the source's header
        data = header + data[data.index(b'\n') + 1:]
    data = rx.sub(lambda m: sub[m.group(0)], data)
    with open(out, 'wb') as f:
        f.write(data)


def demand(needmap, path, tmp):
    outdir = os.path.join(tmp, 'out')
    p = subprocess.run([needmap, 'run', '--internal', '--threads', '1', '--quiet', '-o', outdir,
                        path], capture_output=True, text=True, errors='replace')
    d = defaultdict(Counter)
    rejected = 0
    if os.path.exists(os.path.join(outdir, 'demand.csv')):
        with open(os.path.join(outdir, 'demand.csv'), encoding='utf-8') as f:
            for r in csv.DictReader(f):
                if r['table'] == 'detail' and r['geo_level'] == 'municipality':
                    d[r['geo_name']][(r['competence_code'], r['demand'])] += 1
        with open(os.path.join(outdir, 'rejects.csv'), encoding='utf-8') as f:
            rejected = sum(1 for _ in csv.DictReader(f))
        subprocess.run(['rm', '-rf', outdir])
    return p.returncode, d, rejected, p.stderr


def kind(name):
    name = name[:-4]
    for k in ('row_more_sep', 'row_less_sep', 'row_extra_quote', 'row_field_delimiter'):
        if name.startswith(k):
            return k
    return name


def main():
    args = sys.argv[1:]
    listing = only = None
    if '--list' in args:
        i = args.index('--list')
        listing = args[i + 1]
        del args[i:i + 2]
    if '--only' in args:
        i = args.index('--only')
        only = args[i + 1]
        del args[i:i + 2]
    if not args:
        sys.exit(__doc__)
    pdir = args[0]
    needmap = args[1] if len(args) > 1 else os.path.join(ROOT, 'build', 'needmap')
    csvdir = os.path.join(pdir, 'polluted_files', 'csv')
    cleandir = os.path.join(pdir, 'polluted_files', 'clean')
    munis, titles = load_refs()
    rx, sub = substitution(os.path.join(cleandir, 'source.csv'), munis, titles)
    with open(os.path.join(cleandir, 'source.csv'), 'rb') as f:
        header = f.readline()
    names = sorted(n for n in os.listdir(csvdir) if n != 'source.csv')
    if only:
        names = [n for n in names if n.startswith(only)]
    ref_cache = {}
    by_kind = defaultdict(Counter)
    total = Counter()
    with tempfile.TemporaryDirectory() as tmp:
        for n in names:
            clean = os.path.join(cleandir, n)
            h = hashlib.sha256(open(clean, 'rb').read()).hexdigest()
            if h not in ref_cache:
                cpath = os.path.join(tmp, 'clean_' + n)
                convert(clean, rx, sub, cpath, header)
                ref_cache[h] = demand(needmap, cpath, tmp)[1]
                os.remove(cpath)
            ref = ref_cache[h]
            ppath = os.path.join(tmp, n)
            convert(os.path.join(csvdir, n), rx, sub, ppath)
            rc, got, rejected, err = demand(needmap, ppath, tmp)
            os.remove(ppath)
            warned = 'warning:' in err
            if got == ref:
                cat = 'read correctly'
            elif any(m not in ref or {c for c, _ in got[m]} != {c for c, _ in ref[m]}
                     for m in got):
                cat = 'shifted, warned' if warned else 'shifted'
            elif any(got[m] != ref[m] for m in got):
                cat = 'counts differ'
            elif rejected or rc == 3:
                cat = 'rejected'
            else:
                cat = 'dropped silently'
            by_kind[kind(n)][cat] += 1
            total[cat] += 1
            if listing and cat == listing:
                bad = sorted(m for m in got if m not in ref or got[m] != ref[m])[:3]
                print(f'{n}: rc {rc}; ' + '; '.join(
                    f'{m}: {dict(got[m])} (clean {dict(ref.get(m, {}))})' for m in bad)
                    + (' | ' + err.strip().splitlines()[0] if err.strip() else ''))
    cats = ['read correctly', 'rejected', 'dropped silently', 'counts differ',
            'shifted, warned', 'shifted']
    print(f"{'pollution':30s} {'files':>6s} " + ' '.join(f'{c:>16s}' for c in cats))
    for k in sorted(by_kind):
        c = by_kind[k]
        print(f'{k:30s} {sum(c.values()):6d} ' + ' '.join(f'{c[x]:16d}' for x in cats))
    n = sum(total.values())
    print(f"{'all':30s} {n:6d} " + ' '.join(f'{total[x]:16d}' for x in cats))
    print('shares: ' + ', '.join(f'{x} {100.0 * total[x] / n:.1f}%' for x in cats))


if __name__ == '__main__':
    main()
