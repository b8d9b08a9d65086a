#!/usr/bin/env python3
"""Derive needmap's keyword list and the held-out evaluation set from a 2019
snapshot of Arbetsförmedlingen's JobTech taxonomy (see tests/match/README.md).

usage: extract_af2019.py HYPERONYM.json RELATED.json TAXONOMY_TO_CONCEPT.json SURVEYS_DIR OUT_DIR

Writes SURVEYS_DIR/keywords_sv.csv (search keywords -> SSYK group) and
OUT_DIR/af2019_titles.csv (occupation names of 2019 with their SSYK group,
none of them in needmap's lists, split into dev and test).  Deterministic."""
import collections
import csv
import hashlib
import json
import re
import sys
import unicodedata

# SSYK-4 labels of the 2019 taxonomy that SCB's file spells differently and
# that no current title shows the code of (same groups, renamed labels).
RENAMED = {
    'Personal- och HR-chefer': '122',
    'Undersköterskor, hemtjänst, hemsjukvård, äldreboende och habilitering': '5321',
    'Undersköterskor, vård- och specialavdelning och mottagning': '5323',
    'Processoperatörer, stenkross- och malmförädling': '8112',
    'Fysioterapeuter och sjukgymnaster': '2272',
    'Övriga maskinoperatörer, livsmedelsindustri m.m.': '8169',
    'Chefer inom grund- och gymnasieskola samt vuxenutbildning': '141',
}

# Keywords that name an employer, not an occupation: left out.
EMPLOYERS = {
    'ABF', 'Arbetsförmedlingen', 'Bauhaus', 'Coop', 'Emporia', 'Försäkringskassan', 'H&M',
    'HM', 'ICA', 'Lidl', "McDonald's", 'McDonalds', 'Menzies', 'Migrationsverket', 'Polisen',
    'Posten', 'Pressbyrån', 'SATS', 'Securitas', 'Sodexo', 'Statoil', 'SUBWAY',
    'Systembolaget', 'Tullverket', "Willy's", 'Willys', 'Försvarsmakten', 'Kriminalvården',
}


def key(s):
    """needmap's lookup key (nm_text_key): case and diacritics folded,
    - _ / . & + to spaces, other punctuation dropped, spaces collapsed."""
    s = unicodedata.normalize('NFD', s.lower())
    s = ''.join(ch for ch in s if not unicodedata.combining(ch))
    s = re.sub(r"[-_/.\u2013\u2014&+]", ' ', s)
    s = re.sub(r"[:*?!(),;\"'`\[\]{}]", '', s)
    return ' '.join(s.split())


def name(node):
    n = node['name']
    return n[0][0] if isinstance(n, list) else n


def common_prefix(codes):
    codes = sorted(codes)
    a, b = codes[0], codes[-1]
    i = 0
    while i < min(len(a), len(b)) and a[i] == b[i]:
        i += 1
    return a[:i]


def main(hyper_path, related_path, t2c_path, surveys, out):
    t2c = json.load(open(t2c_path, encoding='utf-8'))
    labels = {t: {v['preferredLabel'] for v in t2c[t].values()}
              for t in ('occupation-name', 'ssyk-level-4', 'ssyk-level-3', 'keyword')}
    ssyk = list(csv.DictReader(open(f'{surveys}/ssyk2012.csv', encoding='utf-8')))
    codes = {r['code'] for r in ssyk}
    by_label4 = collections.defaultdict(set)
    for r in ssyk:
        if r['level'] == '4':
            by_label4[r['label_sv']].add(r['code'])
    titles = {r['title_sv']: r['ssyk'] for r in
              csv.DictReader(open(f'{surveys}/occupation_titles_sv.csv', encoding='utf-8'))}

    # occupation name -> its SSYK-4 concept: the child that has SSYK-3 children
    # (the other child of a name is its ISCO-4 group, a leaf)
    name_group = {}
    for node in json.load(open(hyper_path, encoding='utf-8'))['children']:
        n = name(node)
        if n not in labels['occupation-name']:
            continue
        for k in node.get('children', []):
            if name(k) in labels['ssyk-level-4'] and any(
                    name(g) in labels['ssyk-level-3'] for g in k.get('children', [])):
                name_group[n] = name(k)
    # SSYK-4 label -> code: SCB's label, else the code today's titles of that
    # group carry (the taxonomy merges manager levels into 3-digit groups)
    votes = collections.defaultdict(collections.Counter)
    for n, g in name_group.items():
        if n in titles:
            votes[g][titles[n]] += 1
    group_code = {}
    for g in set(name_group.values()):
        if len(by_label4.get(g, ())) == 1:
            group_code[g] = next(iter(by_label4[g]))
        elif g in RENAMED:
            group_code[g] = RENAMED[g]
        elif votes[g]:
            group_code[g] = votes[g].most_common(1)[0][0]
    name_code = {n: group_code[g] for n, g in name_group.items() if g in group_code}
    assert all(c in codes for c in name_code.values())

    known = set()
    for t in titles:
        known.add(key(t))
    for r in csv.DictReader(open(f'{surveys}/synonyms.csv', encoding='utf-8')):
        known.add(key(r['text']))
    for r in ssyk:
        known.add(key(r['label_sv']))
        known.add(key(r['label_en']))

    # keywords: the common group of the occupations each one is related to
    kw_rows = []
    for node in json.load(open(related_path, encoding='utf-8'))['children']:
        kw = name(node)
        if kw not in labels['keyword'] or kw in EMPLOYERS or key(kw) in known:
            continue
        # only names that are in needmap's lists (today's code first): a
        # keyword's group must not rest on a held-out name's code
        related = [titles.get(name(k)) or (name_code.get(name(k)) if key(name(k)) in known
                                            else None)
                   for k in node.get('children', [])]
        related = [c for c in related if c]
        if not related:
            continue
        group = common_prefix(related)
        if len(group) >= 2 and group in codes:
            kw_rows.append((kw, group))
    kw_rows.sort(key=lambda r: (key(r[0]), r[0]))
    seen = set()
    with open(f'{surveys}/keywords_sv.csv', 'w', encoding='utf-8', newline='') as f:
        w = csv.writer(f, lineterminator='\n')
        w.writerow(['keyword_sv', 'ssyk'])
        for kw, group in kw_rows:
            if key(kw) not in seen:
                seen.add(key(kw))
                w.writerow([kw, group])
    known |= seen

    # held out: 2019 names whose key is in none of needmap's lists
    rows = []
    for n, c in name_code.items():
        if key(n) in known:
            continue
        h = hashlib.sha256(key(n).encode('utf-8')).digest()[0]
        rows.append((n, c, 'dev' if h % 2 == 0 else 'test'))
    rows.sort(key=lambda r: (key(r[0]), r[0]))
    with open(f'{out}/af2019_titles.csv', 'w', encoding='utf-8', newline='') as f:
        w = csv.writer(f, lineterminator='\n')
        w.writerow(['text', 'ssyk', 'split'])
        w.writerows(rows)
    print(f'{len(seen)} keywords, {len(rows)} held-out titles '
          f'({sum(r[2] == "dev" for r in rows)} dev)', file=sys.stderr)


if __name__ == '__main__':
    if len(sys.argv) != 6:
        sys.exit(__doc__)
    main(*sys.argv[1:])
