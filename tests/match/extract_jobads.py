#!/usr/bin/env python3
"""Derive the held-out set of occupation terms as employers write them in job
ads from JobTech's ontology files (see tests/match/README.md).

usage: extract_jobads.py TERMER_KONCEPT_YRKE.csv SURVEYS_DIR OUT_DIR

Each term the ontology files under a concept whose name is one of needmap's
titles or synonyms gets that title's SSYK code; terms that are themselves in
one of needmap's lists are left out.  Writes OUT_DIR/jobad_terms.csv
(text, ssyk, split, misspelled).  Deterministic."""
import csv
import hashlib
import sys

from extract_af2019 import key


def main(terms_path, surveys, out):
    code = {}
    for r in csv.DictReader(open(f'{surveys}/occupation_titles_sv.csv', encoding='utf-8')):
        code.setdefault(key(r['title_sv']), r['ssyk'])
    for r in csv.DictReader(open(f'{surveys}/synonyms.csv', encoding='utf-8')):
        if r['ssyk']:
            code[key(r['text'])] = r['ssyk']
    known = set(code)
    for r in csv.DictReader(open(f'{surveys}/ssyk2012.csv', encoding='utf-8')):
        known.add(key(r['label_sv']))
        known.add(key(r['label_en']))
    for r in csv.DictReader(open(f'{surveys}/keywords_sv.csv', encoding='utf-8')):
        known.add(key(r['keyword_sv']))
    rows, seen = [], set()
    for r in csv.DictReader(open(terms_path, encoding='utf-8'), delimiter=';'):
        c = code.get(key(r['concept']))
        k = key(r['term'])
        if not c or k in known or k in seen or not k:
            continue
        seen.add(k)
        h = hashlib.sha256(k.encode('utf-8')).digest()[0]
        rows.append((r['term'], c, 'dev' if h % 2 == 0 else 'test',
                     'yes' if r['term_misspelled'] == 'True' else 'no'))
    rows.sort(key=lambda r: (key(r[0]), r[0]))
    with open(f'{out}/jobad_terms.csv', 'w', encoding='utf-8', newline='') as f:
        w = csv.writer(f, lineterminator='\n')
        w.writerow(['text', 'ssyk', 'split', 'misspelled'])
        w.writerows(rows)
    print(f'{len(rows)} terms ({sum(r[2] == "dev" for r in rows)} dev, '
          f'{sum(r[3] == "yes" for r in rows)} misspelled)', file=sys.stderr)


if __name__ == '__main__':
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    main(*sys.argv[1:])
