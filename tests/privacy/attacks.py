#!/usr/bin/env python3
"""attacks.py OUTDIR [--truth INTERNAL_OUTDIR] [--attack a,b,c]: the three
attacks of issue #17, by hand arithmetic on the published files only.

(a) demand.csv alone, geography x SSYK differencing.  For a need, a parent
    area P (a county, or all) and an SSYK group g (any level), the part of P
    outside g is C(P) = total(P) - g(P).  Summed over P's children (its
    municipalities, or the counties) C adds up to C(P); when every child's
    C but one child u's is published, C(u) is known, and when u has just
    one hidden cell outside g (the others published), that cell is
    recovered: "Norrbotten 89 - group 5 70 - (Arvidsjaur 24 - 7) = 2, one
    workplace's hidden need in Kiruna".
(b) across files: a competence's national total of a need (demand.csv)
    minus the published cohorts' and residual rows' students (or jobs) of
    that competence leaves the hidden ones; when one row is hidden it is
    recovered ("national 5321 upskilling 57 - cohort 42 - cohort 32 - ... =
    Gällivare's hidden residual row").  The same within one municipality:
    its total for the competence minus its published residual rows.
(c) presence: a hidden row publishes no respondent count (or any other
    figure): `..` everywhere, so "1 respondent" is never shown.

Each recovered cell is printed (with its true value when --truth names the
`needmap run --internal` output of the same inputs: the attack's arithmetic
is checked, a wrong recovery is a bug of this script, exit 2).  Exit 1 when
any attack recovers a hidden figure (what a user cares about: nothing
hidden may be worked out), 0 when none does."""
import argparse
import os
import sys
from collections import defaultdict

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from oracle import HIDDEN, POOLED, Published, comp_key, num  # noqa: E402

EPS = 1e-6


def rollups(pub):
    """(geo_level, geo_code, ssyk_level, comp, need) -> figure (None: hidden)."""
    t = {}
    for r in pub.demand:
        if r["table"] != "rollup":
            continue
        comp = comp_key(r["competence_kind"], r["competence_code"], r["competence_label"])
        t[(r["geo_level"], r["geo_code"], r["ssyk_level"], comp, r["need"])] = num(r["demand"])
    return t


def under(comp, level, group):
    """Is the given-level competence comp inside the SSYK group (level, code)?"""
    kind, code = comp
    if group[0] == "ssyk":
        return kind == "ssyk" and len(code) >= level and code[:level] == group[1]
    return comp == group


def attack_a(pub):
    """Geography x SSYK differencing on demand.csv alone."""
    t = rollups(pub)
    found = []
    munis = sorted({k[1] for k in t if k[0] == "municipality"})
    counties = sorted({k[1] for k in t if k[0] == "county"})
    family = [("all", "SE", "county", counties)]
    family += [("county", c, "municipality", [m for m in munis if m[:2] == c]) for c in counties]
    given = defaultdict(dict)   # (geo_level, code, need) -> {comp: figure}
    for (gl, gc, sl, comp, need), v in t.items():
        if sl == "given":
            given[(gl, gc, need)][comp] = v
    groups = {(sl, comp) for (gl, gc, sl, comp, need) in t if sl in ("1", "2", "3", "given")}
    needs = sorted({k[4] for k in t})
    for need in needs:
        for plevel, pcode, clevel, children in family:
            total = t.get((plevel, pcode, "0", ("all", ""), need))
            if total is None:
                continue
            for sl, g in sorted(groups):
                level = 9 if sl == "given" else int(sl)
                gp = t.get((plevel, pcode, sl, g, need), 0.0 if (plevel, pcode, sl, g, need)
                           not in t else None)
                if gp is None:
                    continue
                rest = total - gp
                unknown = []
                for ch in children:
                    if (clevel, ch, "0", ("all", ""), need) not in t:
                        continue    # no demand of this need there
                    ct = t[(clevel, ch, "0", ("all", ""), need)]
                    cg = t.get((clevel, ch, sl, g, need), 0.0 if (clevel, ch, sl, g, need)
                               not in t else None)
                    if ct is not None and cg is not None:
                        rest -= ct - cg
                        continue
                    # not published, but its cells outside g may be: rows absent are 0
                    out = [v for c, v in given[(clevel, ch, need)].items()
                           if not (under(c, level, g) if sl != "given" else c == g)]
                    if all(v is not None for v in out):
                        rest -= sum(out)
                    else:
                        unknown.append(ch)
                if len(unknown) != 1:
                    continue
                u = unknown[0]
                cells = {c: v for c, v in given[(clevel, u, need)].items()
                         if not (under(c, level, g) if sl != "given" else c == g)}
                hidden = [c for c, v in cells.items() if v is None]
                if len(hidden) != 1:
                    continue
                value = rest - sum(v for v in cells.values() if v is not None)
                found.append((("demand.csv", clevel, u, "given", hidden[0], need), value,
                              f"{plevel} {pcode} total {total:g} - group {g[1] or g} {gp:g} - "
                              f"its other parts = {value:g}"))
    return found


def attack_b(pub):
    """National (and municipal) totals minus published cohorts and residual rows."""
    t = rollups(pub)
    found = []
    rows = defaultdict(list)     # (comp, need) -> [(file, key, figure)]
    per_muni = defaultdict(list)  # (muni, comp, need) -> residual rows; None: also in a cohort
    in_cohort = set()
    for r in pub.cohorts:
        if r["competence_kind"] == "cluster":
            return found   # pooled by cluster: the national total of a cluster is in clusters.csv
        comp = comp_key(r["competence_kind"], r["competence_code"], r["competence_label"])
        for need, col in POOLED.items():
            rows[(comp, need)].append((("cohorts.csv", comp, r["level"], r["mode"],
                                        r["member_codes"], col), num(r[col])))
        for mu in r["member_codes"].split():
            in_cohort.add((mu, comp))
    for r in pub.residual:
        comp = comp_key(r["competence_kind"], r["competence_code"], r["competence_label"])
        for need, col in POOLED.items():
            item = (("residual.csv", comp, r["level"], r["mode"], r["municipality_code"], col),
                    num(r[col]))
            rows[(comp, need)].append(item)
            per_muni[(r["municipality_code"], comp, need)].append(item)

    def solve(total, items, how):
        hidden = [k for k, v in items if v is None]
        if total is None or len(hidden) != 1:
            return
        value = total - sum(v for _, v in items if v is not None)
        found.append((hidden[0], value, f"{how} {total:g} - published rows = {value:g}"))

    for (comp, need), items in rows.items():
        solve(t.get(("all", "SE", "given", comp, need)), items, f"national {comp[1]} {need}")
    for (mu, comp, need), items in per_muni.items():
        if (mu, comp) not in in_cohort:
            solve(t.get(("municipality", mu, "given", comp, need)), items,
                  f"{mu} {comp[1]} {need}")
    return found


def attack_c(pub):
    """A hidden row shows `..` for every figure, its respondents included."""
    found = []
    for name, rows, cols in [("demand.csv", pub.demand, ["respondents", "needs"]),
                             ("ranking.csv", pub.ranking, ["respondents", "needs"]),
                             ("cohorts.csv", pub.cohorts, ["respondents"]),
                             ("residual.csv", pub.residual, ["respondents"])]:
        for i, r in enumerate(rows):
            if r.get("suppressed") == "yes":
                for c in cols:
                    if r.get(c) != HIDDEN:
                        found.append(((name, i + 2, c), num(r[c]),
                                      f"{name} line {i + 2}: hidden row shows {c} {r[c]}"))
    for name, rows in [("cohorts.csv", pub.cohorts), ("residual.csv", pub.residual)]:
        for i, r in enumerate(rows):
            if r.get("jobs_suppressed") == "yes" and r.get("jobs_respondents") != HIDDEN:
                found.append(((name, i + 2, "jobs_respondents"), num(r["jobs_respondents"]),
                              f"{name} line {i + 2}: hidden jobs show jobs_respondents"))
    return found


def truth_of(truth, key):
    """The true value of a recovered cell, from an --internal run."""
    if key[0] == "demand.csv":
        _, gl, code, sl, comp, need = key
        for r in truth.demand:
            if (r["table"] == "rollup" and r["geo_level"] == gl and r["geo_code"] == code
                    and r["ssyk_level"] == sl and r["need"] == need and comp_key(
                        r["competence_kind"], r["competence_code"], r["competence_label"]) == comp):
                return num(r["demand"])
    elif key[0] in ("cohorts.csv", "residual.csv"):
        rows = truth.cohorts if key[0] == "cohorts.csv" else truth.residual
        _, comp, level, mode, where, col = key
        for r in rows:
            w = r["member_codes"] if key[0] == "cohorts.csv" else r["municipality_code"]
            if (comp_key(r["competence_kind"], r["competence_code"], r["competence_label"]) == comp
                    and r["level"] == level and r["mode"] == mode and w == where):
                return num(r[col])
    return None


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("dir")
    ap.add_argument("--truth", help="`needmap run --internal` output of the same inputs")
    ap.add_argument("--attack", default="a,b,c", help="which attacks (default a,b,c)")
    a = ap.parse_args()
    pub = Published(a.dir)
    truth = Published(a.truth) if a.truth else None
    attacks = {"a": attack_a, "b": attack_b, "c": attack_c}
    failed = wrong = 0
    for name in a.attack.split(","):
        found = attacks[name](pub)
        for key, value, how in found:
            tv = truth_of(truth, key) if truth and name != "c" else None
            print(f"not ok - attack ({name}) recovers {key}: {how}"
                  + (f" (true value {tv:g})" if tv is not None else ""))
            if tv is not None and abs(tv - value) > 1e-6:
                wrong += 1
        print(f"{'not ok' if found else 'ok'} - attack ({name}): {len(found)} hidden figures "
              f"recovered from {a.dir}")
        failed += bool(found)
    if wrong:
        print(f"attacks.py: {wrong} recoveries disagree with the true values: a bug here")
        return 2
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
