#!/usr/bin/env python3
"""oracle.py DIR [options]: an independent disclosure audit of a needmap run.

Reads ONLY the published files of a `needmap run` output directory
(demand.csv, ranking.csv, clusters.csv, cohorts.csv, residual.csv,
scenarios.csv, summary.json; docs/outputs.md says what each holds), derives
on its own every linear relation between their figures, and for every
suppressed figure (`..`) solves two linear programmes: the smallest and the
largest value consistent with every published figure and non-negativity
(scipy.optimize.linprog, HiGHS).  It is written from the documentation, not
from needmap's code, so it checks needmap's own audit independently.

The model.  The unknowns are the detail cells of demand.csv (one
municipality, competence, need, level, mode and horizon: every detail cell is
listed, published or `..`), each with three figures: demand, demand_low and
demand_high (low <= demand <= high; demand is the midpoint sum, so demand =
(low + high) / 2 in every cell).  Every published figure is a sum of them:

- demand.csv roll-ups: over level, mode and horizon; along the geography
  (municipality < county, the first two digits of the code < all) and the
  SSYK hierarchy (a roll-up at SSYK level k sums the given codes that start
  with its code; a named competence or an unclassified text rolls up as
  itself; level 0 sums everything);
- ranking.csv: roll-ups at the given level (the same cells again);
- clusters.csv: a cluster's national total per need is the sum of its
  members' national cells;
- cohorts.csv and residual.csv: per competence (or cluster), level and mode,
  each municipality's students of a kind (upskilling, interest) and its jobs
  (recruitment) are unknowns x >= 0; a cohort's figure is the sum over its
  members, a residual row's is its municipality's.  x sums the detail cells of
  that level and mode exactly when the row's level and mode were given, and
  lies between those and the same plus the cells left blank (`unknown`) when
  they were inferred or assumed; over all levels and modes, a municipality's
  x add up to all its detail cells of the competence and need (everything with
  students or jobs is pooled: a municipality is in a cohort or residual);
- summary.json: the open-admission groups' jobs and students are the sums of
  their residual rows; the national totals per need are demand.csv's.
- scenarios.csv: a scenario's totals are sums over every cohort and residual
  row of its pooling and modes (docs/outputs.md); its pooling is not
  published, so a row is modelled only with `--scenario-structure NAME=TRUTH`
  (the --internal run of the scenario's rules gives the pooling's keys: an
  attacker who knows how each scenario pools), with unknowns of its own tied
  to the detail cells as the run's pooling is.

A coarser publication level (`needmap run --publish county` or `ssyk3`)
leaves the finer rows out of demand.csv altogether.  `--structure TRUTH`
(the --internal run) then gives the oracle the detail cells' keys (never
their values): a stronger attacker, who knows which municipality answered
for which competence.  Every detail cell or roll-up that the published
demand.csv leaves out and that has fewer respondents than the run's minimum
(summary.json privacy.min_respondents) is a hidden figure the oracle audits
too: leaving a row out must not make it computable from the county rows,
cohorts and residual rows.

Respondent counts are not additive (distinct respondents) and are not
modelled.  `--check-model TRUTH` verifies, on the output of `needmap run
--internal` for the same inputs, that every relation holds exactly: the
oracle's model must be right before its intervals mean anything.

Protection: a hidden value v is protected when the interval reaches
v - min(v, P) and v + P, P = max(1, p * v) (p = 10% by default, --p); with
--truth the oracle knows v and counts the cells narrowed below it.  Without
it, it counts cells pinned exactly (width 0) and narrowed to width <= 5.

Exit status: 0, or 1 with --fail-on-disclosure when any hidden cell is
pinned or (with --truth) narrowed below its protection, or 2 on a model
error (--check-model found a relation that does not hold)."""
import argparse
import csv
import json
import os
import sys
from collections import defaultdict

import numpy as np
from scipy.optimize import linprog
from scipy.sparse import csr_matrix

HIDDEN = ".."
FIGS = ("demand", "demand_low", "demand_high")   # the figure family solved jointly (--joint)
# Every additive figure of a demand cell: each is a sum of the detail cells'
# figures of its own kind (--families audits them all, each its own unknowns)
FAMILIES = FIGS + ("needs", "needs_without_count")
POOLED = {"upskilling": "upskilling_students", "interest": "interest_students",
          "recruitment": "jobs"}
EPS = 1e-6


# ---------------------------------------------------------------- reading --
def read_csv(out, name):
    path = os.path.join(out, name)
    if not os.path.exists(path):
        return []
    with open(path, newline="", encoding="utf-8-sig") as f:
        text = f.read()
    delim = ";" if text.split("\n", 1)[0].count(";") > text.split("\n", 1)[0].count(",") else ","
    rows = list(csv.DictReader(text.splitlines(), delimiter=delim))
    for r in rows:   # --excel writes codes as ="0114"
        for k, v in r.items():
            if isinstance(v, str) and v.startswith('="') and v.endswith('"'):
                r[k] = v[2:-1]
    return rows


def num(s):
    """A published figure: None when hidden."""
    if s is None or s == HIDDEN:
        return None
    s = s.replace(",", ".") if s.count(",") == 1 and "." not in s else s
    return float(s) if s != "" else 0.0


def comp_key(kind, code, label):
    """A competence: SSYK codes by code, named competences by their name."""
    return (kind, code if kind == "ssyk" else label)


# ------------------------------------------------------------------ model --
class Model:
    """Unknowns, linear relations (sparse rows = value) and bounds."""

    def __init__(self):
        self.nvar = 0
        self.lb, self.ub = [], []
        self.rows = []          # (dict var -> coef, rhs, what)
        self.ineq = []          # (dict var -> coef, rhs, what): sum <= rhs
        self.targets = []       # (what, key, fig, dict var -> coef)

    def var(self, lb=0.0, ub=None):
        self.lb.append(lb)
        self.ub.append(ub)
        self.nvar += 1
        return self.nvar - 1

    def eq(self, expr, rhs, what):
        self.rows.append((dict(expr), rhs, what))

    def le(self, expr, rhs, what):
        self.ineq.append((dict(expr), rhs, what))


def add(expr, terms, coef=1.0):
    for v in terms:
        expr[v] = expr.get(v, 0.0) + coef
    return expr


class Published:
    """What the output directory publishes, read once."""

    def __init__(self, out):
        self.out = out
        self.demand = read_csv(out, "demand.csv")
        self.ranking = read_csv(out, "ranking.csv")
        self.clusters = read_csv(out, "clusters.csv")
        self.cohorts = read_csv(out, "cohorts.csv")
        self.residual = read_csv(out, "residual.csv")
        self.scenarios = read_csv(out, "scenarios.csv")
        with open(os.path.join(out, "summary.json"), encoding="utf-8") as f:
            self.summary = json.load(f)


def demand_key(r):
    return (r["table"], r["geo_level"], r["geo_code"], r["ssyk_level"], r["competence_kind"],
            r["competence_code"], r["competence_label"], r["need"], r["level"], r["mode"],
            r["horizon_years"])


def unlisted_small(pub, structure):
    """With --structure: the rows of structure's demand.csv that pub leaves out
    (--publish), and of those the ones with fewer respondents than pub's
    minimum (to be audited)."""
    listed = {demand_key(r) for r in pub.demand}
    k = pub.summary.get("privacy", {}).get("min_respondents", 0) or 0
    out, small = [], []
    for r in structure.demand:
        if demand_key(r) in listed:
            continue
        out.append(r)
        if (num(r["respondents"]) or 0) < k:
            small.append(r)
    return out, small


def build(pub, without=(), joint=False, structure=None, families=False, scenarios=None,
          published_only=False):
    """The model of everything pub publishes: returns (Model, atoms).  without:
    sources left out ("ranking", "clusters", "pooling", "summary"), to see
    which combination of files discloses a cell.  structure: the --internal
    run whose detail cells pub may leave out (--publish)."""
    m = Model()
    figs = FAMILIES if families else FIGS if joint else FIGS[:1]
    atoms = []   # per detail cell: dict with key fields and its variables per figure
    left_out, small = unlisted_small(pub, structure) if structure else ([], [])
    small_keys = {demand_key(r) for r in small}
    hidden_rows = [dict(r, **{f: ".." for f in FAMILIES}) for r in left_out
                   if r["table"] == "detail"]
    hidden_keys = {demand_key(r) for r in hidden_rows}
    for r in pub.demand + hidden_rows:
        if r["table"] != "detail":
            continue
        a = {"muni": r["geo_code"], "comp": comp_key(r["competence_kind"], r["competence_code"],
                                                      r["competence_label"]),
             "need": r["need"], "level": r["level"], "mode": r["mode"], "row": r,
             "v": {f: m.var() for f in figs}}
        v = a["v"]
        if joint:
            m.le({v["demand_low"]: 1, v["demand"]: -1}, 0, "low <= demand")
            m.le({v["demand"]: 1, v["demand_high"]: -1}, 0, "demand <= high")
            m.eq({v["demand"]: 2, v["demand_low"]: -1, v["demand_high"]: -1}, 0,
                 "demand is the midpoint")
        atoms.append(a)
        figure_row(m, r, {f: {v[f]: 1.0} for f in figs}, ("demand.csv",) + demand_key(r),
                   target=demand_key(r) in small_keys or demand_key(r) not in hidden_keys)

    by_muni = defaultdict(list)
    for a in atoms:
        by_muni[a["muni"]].append(a)

    def members(geo_level, geo_code, ssyk_level, kind, code, label, need):
        sel = []
        for a in atoms:
            if a["need"] != need:
                continue
            if geo_level == "municipality" and a["muni"] != geo_code:
                continue
            if geo_level == "county" and a["muni"][:2] != geo_code:
                continue
            akind, aid = a["comp"]
            if ssyk_level == "given":
                if (akind, aid) != comp_key(kind, code, label):
                    continue
            elif ssyk_level != "0":
                if kind == "ssyk":
                    k = int(ssyk_level)
                    if akind != "ssyk" or len(aid) < k or aid[:k] != code:
                        continue
                elif (akind, aid) != comp_key(kind, code, label):
                    continue
            sel.append(a)
        return sel

    for r in pub.demand + [x for x in left_out if x["table"] != "detail"
                           and demand_key(x) in small_keys]:
        if r["table"] == "detail":
            continue
        if demand_key(r) in small_keys:   # left out and small: audited
            r = dict(r, **{f: ".." for f in FAMILIES})
        sel = members(r["geo_level"], r["geo_code"], r["ssyk_level"], r["competence_kind"],
                      r["competence_code"], r["competence_label"], r["need"])
        figure_row(m, r, {f: add({}, [a["v"][f] for a in sel]) for f in figs},
                   ("demand.csv",) + demand_key(r))
    for r in ([] if "ranking" in without else pub.ranking):
        sel = members(r["geo_level"], r["geo_code"], r["ssyk_level"], r["competence_kind"],
                      r["competence_code"], r["competence_label"], r["need"])
        figure_row(m, r, {f: add({}, [a["v"][f] for a in sel]) for f in figs},
                   ("ranking.csv", r["geo_level"], r["geo_code"], r["need"], r["competence_kind"],
                    r["competence_code"], r["competence_label"]), target=False)

    cluster_members = build_clusters(m, pub, atoms, "clusters" in without)
    if "pooling" not in without:
        build_pooling(m, pub, atoms, by_muni, cluster_members, "summary" in without)
    if "summary" not in without:
        build_summary(m, pub, atoms)
    if scenarios:
        build_scenarios(m, pub, by_muni, cluster_members, scenarios, published_only)
    return m, atoms


def figure_row(m, r, exprs, key, prefix="", target=True):
    """One published row: its figures are relations, or targets when hidden."""
    for f, expr in exprs.items():
        if prefix + f not in r:
            continue   # not a column of this file (clusters.csv has no cluster_needs)
        val = num(r.get(prefix + f))
        if val is None:
            if target:
                m.targets.append((key[0], key, f, expr))
        else:
            m.eq(expr, val, f"{key} {f}")


def build_clusters(m, pub, atoms, skip=False):
    """clusters.csv: a cluster's totals per need = the sum of its members'."""
    members = defaultdict(set)
    for r in pub.clusters:
        members[r["cluster_id"]].add(comp_key(r["competence_kind"], r["competence_code"],
                                              r["competence_label"]))
    if skip:
        return members
    seen = set()
    for r in pub.clusters:
        key = ("clusters.csv", r["cluster_id"], r["need"])
        if key in seen:
            continue
        seen.add(key)
        sel = [a for a in atoms if a["need"] == r["need"] and a["comp"] in members[r["cluster_id"]]]
        figs = atoms[0]["v"] if atoms else {}
        figure_row(m, r, {f: add({}, [a["v"][f] for a in sel]) for f in figs}, key,
                   prefix="cluster_")
    return members


def group_comps(kind, code, label, cluster_members):
    if kind == "cluster":
        return cluster_members.get(code, set())
    return {comp_key(kind, code, label)}


def pool_relations(m, cohorts, residual, by_muni, cluster_members, assumed, tag=""):
    """A pooling (cohorts.csv and residual.csv rows, their keys only): each
    municipality's students and jobs per group, level and mode are unknowns
    x >= 0 tied to its detail cells; returns (x, per cohort row {column:
    expression}, per residual row {column: expression})."""
    x = {}        # (muni, group, level, mode, need) -> var
    src = {}      # (muni, group, level, mode) -> (level given?, mode given?)

    def xvar(muni, grp, level, mode, need, lsrc, msrc):
        k = (muni, grp, level, mode)
        given = (lsrc == "given", msrc == "given")
        old = src.get(k, (True, True))
        src[k] = (old[0] and given[0], old[1] and given[1])
        if (k, need) not in x:
            x[(k, need)] = m.var()
        return x[(k, need)]

    parts = defaultdict(list)  # (muni, group, level, mode, need) -> its split parts

    def part(mu, grp, r, need, split):
        """A member's figure in a cohort: its x, or for a municipality split
        between its own cohort and a shared one (split_members) an unknown
        part of it (the share is not published): the parts add up to x."""
        v = xvar(mu, grp, r["level"], r["mode"], need, r["level_source"], r["mode_source"])
        if mu not in split:
            return v
        p = m.var()
        parts[(mu, grp, r["level"], r["mode"], need)].append(p)
        return p

    cohort_exprs, residual_exprs = [], []
    for r in cohorts:
        grp = (r["competence_kind"], r["competence_code"], r["competence_label"])
        munis = r["member_codes"].split()
        split = set((r.get("split_members") or "").split())
        cohort_exprs.append((r, {col: add({}, [part(mu, grp, r, need, split) for mu in munis])
                                 for need, col in POOLED.items()}))
    for (mu, grp, level, mode, need), ps in parts.items():
        v = x[((mu, grp, level, mode), need)]
        m.eq(add({v: 1.0}, ps, -1.0), 0, f"{tag}split {mu} {grp} {need}: its parts add up")
    for r in residual:
        grp = (r["competence_kind"], r["competence_code"], r["competence_label"])
        residual_exprs.append((r, {col: {xvar(r["municipality_code"], grp, r["level"], r["mode"],
                                              need, r["level_source"], r["mode_source"]): 1.0}
                                   for need, col in POOLED.items()}))

    groups = {k[1] for k in src}
    per_mg = defaultdict(list)   # (muni, group, need) -> x vars
    for (k, need), v in x.items():
        muni, grp, level, mode = k
        comps = group_comps(*grp, cluster_members)
        cells = [a for a in by_muni[muni] if a["need"] == need and a["comp"] in comps]
        exact = [a["v"]["demand"] for a in cells if a["level"] == level and a["mode"] == mode]
        lgiven, mgiven = src[k]
        levels = {level} if lgiven else {level, "unknown"}
        modes = {mode} if mgiven else {mode, "unknown"}
        if mode != assumed:
            modes.discard("unknown")
        wide = [a["v"]["demand"] for a in cells if a["level"] in levels and a["mode"] in modes]
        if lgiven and (mgiven or mode != assumed):
            m.eq(add({v: 1.0}, exact, -1.0), 0, f"{tag}pooled {k} {need} = its cells")
        else:
            m.le(add({v: -1.0}, exact), 0, f"{tag}pooled {k} {need} >= its given cells")
            m.le(add({v: 1.0}, wide, -1.0), 0, f"{tag}pooled {k} {need} <= with blanks")
        per_mg[(muni, grp, need)].append(v)
    for muni, cells in by_muni.items():
        for grp in groups:
            comps = group_comps(*grp, cluster_members)
            for need in POOLED:
                sel = [a["v"]["demand"] for a in cells if a["need"] == need and a["comp"] in comps]
                xs = per_mg.get((muni, grp, need), [])
                if not sel and not xs:
                    continue
                m.eq(add(add({}, xs), sel, -1.0), 0, f"{tag}all of {muni} {grp} {need} pooled")
    return x, cohort_exprs, residual_exprs


def build_pooling(m, pub, atoms, by_muni, cluster_members, no_summary=False):
    """cohorts.csv, residual.csv: students and jobs per municipality and group."""
    assumed = (pub.summary.get("pooling", {}).get("rules", {}).get("assumed_mode"))
    x, cohort_exprs, residual_exprs = pool_relations(m, pub.cohorts, pub.residual, by_muni,
                                                     cluster_members, assumed)
    for r, exprs in cohort_exprs:
        grp = (r["competence_kind"], r["competence_code"], r["competence_label"])
        for col, expr in exprs.items():
            figure_row(m, r, {col: expr}, ("cohorts.csv", grp, r["level"], r["mode"],
                                           r["member_codes"]))
    for r, exprs in residual_exprs:
        grp = (r["competence_kind"], r["competence_code"], r["competence_label"])
        for col, expr in exprs.items():
            figure_row(m, r, {col: expr}, ("residual.csv", grp, r["level"], r["mode"],
                                           r["municipality_code"]))
    if not no_summary:
        build_open_admission(m, pub, x)


SCENARIO_TOTALS = ("upskilling_students", "interest_students", "expected_enrolment",
                   "residual_upskilling", "residual_interest")


def published_like(pub, st_rows, pub_rows, key):
    """needmap before 2026-12-07 (--scenarios-published-only): a scenario's
    totals added only its rows whose own figures would be published: at
    least the minimum of respondents, and not the cells of a row pub hides
    (the same group, level, mode and members)."""
    k = pub.summary.get("privacy", {}).get("min_respondents", 0) or 0
    hidden = {key(r) for r in pub_rows if r.get("suppressed")}
    return [r for r in st_rows if (num(r.get("respondents")) or 0) >= k and key(r) not in hidden]


def build_scenarios(m, pub, by_muni, cluster_members, structures, published_only=False):
    """scenarios.csv: a scenario's totals add up every cohort and residual row
    of its pooling and modes (docs/outputs.md), expected enrolment each need
    at the scenario's enrolment shares.  Its pooling is not published: a
    scenario named in structures (the --internal run of its rules) is
    modelled with that pooling's keys (its own unknowns, tied to the detail
    cells as the run's are): an attacker who knows how each scenario pools."""
    assumed = (pub.summary.get("pooling", {}).get("rules", {}).get("assumed_mode"))
    for i, r in enumerate(pub.scenarios):
        st = structures.get(r["scenario"])
        if st is None:
            continue
        modes = None if r["modes"] == "all" else set(r["modes"].split())
        _, cohort_exprs, residual_exprs = pool_relations(
            m, st.cohorts, st.residual, by_muni, cluster_members, assumed,
            tag=f"scenario {r['scenario']}: ")
        if published_only:
            def ckey(x):
                return (x["competence_kind"], x["competence_code"], x["competence_label"],
                        x["level"], x["mode"], x["member_codes"])

            def rkey(x):
                return (x["competence_kind"], x["competence_code"], x["competence_label"],
                        x["level"], x["mode"], x["municipality_code"])
            keep_c = {id(x) for x in published_like(pub, st.cohorts, pub.cohorts, ckey)}
            keep_r = {id(x) for x in published_like(pub, st.residual, pub.residual, rkey)}
            cohort_exprs = [(x, e) for x, e in cohort_exprs if id(x) in keep_c]
            residual_exprs = [(x, e) for x, e in residual_exprs if id(x) in keep_r]

        def total(exprs, col):
            t = {}
            for row, e in exprs:
                if modes is None or row["mode"] in modes:
                    for v, c in e[col].items():
                        t[v] = t.get(v, 0.0) + c
            return t
        up, it = total(cohort_exprs, "upskilling_students"), total(cohort_exprs, "interest_students")
        exp = {}
        for e, w in ((up, num(r["upskilling_enrolment"])), (it, num(r["interest_enrolment"]))):
            for v, c in e.items():
                exp[v] = exp.get(v, 0.0) + w * c
        figure_row(m, r, {"upskilling_students": up, "interest_students": it,
                          "expected_enrolment": exp,
                          "residual_upskilling": total(residual_exprs, "upskilling_students"),
                          "residual_interest": total(residual_exprs, "interest_students")},
                   ("scenarios.csv", r["scenario"]))


def residual_group(r):
    """A residual row's group as summary.json's open_admission names it."""
    if r["competence_kind"] == "cluster":
        return ("cluster", r["competence_code"], r["level"], r["mode"])
    return (r["competence_code"], r["competence_label"], r["level"], r["mode"])


def open_admission_group(g):
    """An open-admission group: by competence, or by cluster id (--pool-by cluster)."""
    if "cluster" in g:
        return ("cluster", str(g["cluster"]), g["level"], g["mode"])
    return (g.get("competence_code", ""), g.get("competence_label", ""), g["level"], g["mode"])


def build_open_admission(m, pub, x):
    """summary.json pooling.open_admission: group totals = sum of its residual rows."""
    rows = defaultdict(list)
    for r in pub.residual:
        rows[residual_group(r)].append(r)
    for g in pub.summary.get("pooling", {}).get("open_admission", []):
        k = open_admission_group(g)
        for need, col in POOLED.items():
            terms = []
            for r in rows.get(k, []):
                grp = (r["competence_kind"], r["competence_code"], r["competence_label"])
                terms.append(x[((r["municipality_code"], grp, r["level"], r["mode"]), need)])
            val = g.get(col)
            expr = add({}, terms)
            key = ("summary.json", "open_admission", k, col)
            if val is None:
                m.targets.append((key[0], key, col, expr))
            else:
                m.eq(expr, float(val), f"{key}")


def build_summary(m, pub, atoms):
    """summary.json totals.demand: the national totals per need."""
    dem = pub.summary.get("totals", {}).get("demand", {})
    if not isinstance(dem, dict):
        return
    for need, t in dem.items():
        if not isinstance(t, dict) or t.get("demand") is None:
            continue
        sel = [a["v"]["demand"] for a in atoms if a["need"] == need]
        m.eq(add({}, sel), float(t["demand"]), f"summary total {need}")


# ---------------------------------------------------------------- solving --
def fix_published(m):
    """Variables alone in an equality are fixed by it (published detail cells)."""
    lb, ub = list(m.lb), list(m.ub)
    for expr, rhs, _ in m.rows:
        if len(expr) == 1:
            (v, c), = expr.items()
            lb[v] = ub[v] = rhs / c
    return lb, ub


class Solver:
    """Min and max of a linear expression over the model, part by part.

    Variables fixed by a published figure are substituted first, relations
    left with no unknown are dropped, and each target is solved only on the
    part of the model its unknowns are joined to (the need types, for one,
    never meet), which keeps every LP small."""

    def __init__(self, m):
        self.m = m
        self.lb, self.ub = fix_published(m)
        self.fixed = {v for v in range(m.nvar)
                      if self.ub[v] is not None and self.lb[v] == self.ub[v]}
        self.rows = [self._reduce(e, b) for e, b, _ in m.rows]
        self.ineq = [self._reduce(e, b) for e, b, _ in m.ineq]
        self.rows = [r for r in self.rows if r[0]]
        self.ineq = [r for r in self.ineq if r[0]]
        parent = {}

        def find(i):
            parent.setdefault(i, i)
            while parent[i] != i:
                parent[i] = parent[parent[i]]
                i = parent[i]
            return i

        free_targets = [self._reduce(t[3], 0)[0] for t in m.targets]
        for expr in [e for e, _ in self.rows + self.ineq] + free_targets:
            vs = list(expr)
            for v in vs:
                find(v)
            for v in vs[1:]:
                a, b = find(vs[0]), find(v)
                if a != b:
                    parent[a] = b
        self.find = find
        self.part = defaultdict(list)
        for v in list(parent):
            self.part[find(v)].append(v)
        self.rows_of = defaultdict(list)
        for expr, rhs in self.rows:
            self.rows_of[find(next(iter(expr)))].append((expr, rhs))
        self.ineq_of = defaultdict(list)
        for expr, rhs in self.ineq:
            self.ineq_of[find(next(iter(expr)))].append((expr, rhs))
        self.cache = {}

    def _reduce(self, expr, rhs):
        """expr = rhs with the fixed variables moved to the right."""
        out = {}
        for v, c in expr.items():
            if v in self.fixed:
                rhs -= c * self.lb[v]
            elif c:
                out[v] = c
        return out, rhs

    def _part(self, root):
        if root in self.cache:
            return self.cache[root]
        vs = self.part[root]
        idx = {v: i for i, v in enumerate(vs)}

        def mat(rows):
            data, ri, ci, rhs = [], [], [], []
            for r, (expr, b) in enumerate(rows):
                for v, c in expr.items():
                    data.append(c)
                    ri.append(r)
                    ci.append(idx[v])
                rhs.append(b)
            if not rows:
                return None, None
            return csr_matrix((data, (ri, ci)), shape=(len(rows), len(vs))), np.array(rhs)

        a_eq, b_eq = mat(self.rows_of[root])
        a_ub, b_ub = mat(self.ineq_of[root])
        bounds = [(self.lb[v], self.ub[v]) for v in vs]
        self.cache[root] = (idx, a_eq, b_eq, a_ub, b_ub, bounds)
        return self.cache[root]

    def interval(self, expr):
        free, const = self._reduce(expr, 0.0)
        const = -const
        if not free:
            return const, const
        root = self.find(next(iter(free)))
        idx, a_eq, b_eq, a_ub, b_ub, bounds = self._part(root)
        c = np.zeros(len(idx))
        for v, k in free.items():
            c[idx[v]] += k
        out = []
        for sign in (1, -1):
            res = linprog(sign * c, A_ub=a_ub, b_ub=b_ub, A_eq=a_eq, b_eq=b_eq, bounds=bounds,
                          method="highs")
            if res.status == 3:
                # HiGHS's presolve has been seen to call a bounded program
                # (min of a cell >= 0) unbounded: confirm without it.
                res = linprog(sign * c, A_ub=a_ub, b_ub=b_ub, A_eq=a_eq, b_eq=b_eq,
                              bounds=bounds, method="highs", options={"presolve": False})
            if res.status == 3:
                out.append(None)   # unbounded
            elif res.status != 0:
                raise RuntimeError(f"LP failed ({res.message}): the published figures are "
                                   "inconsistent with the model")
            else:
                out.append(const + sign * res.fun)
        return out[0], out[1]


# ------------------------------------------------------------ model check --
def check_model(truth_pub, scenarios=None):
    """Every relation must hold on the unsuppressed (--internal) figures."""
    tm, _ = build(truth_pub, joint=True, families=True, scenarios=scenarios)
    if tm.targets:
        raise SystemExit("oracle: --check-model needs the output of `needmap run --internal`")
    # The x variables are free in the truth model too: solve once for feasibility.
    s = Solver(tm)
    bad = 0
    for e, b, what in tm.rows:
        free, left = s._reduce(e, b)
        if not free and abs(left) > 1e-6:
            bad += 1
            print(f"model error: does not hold on the internal figures: {what} (off by {left})")
    for e, b, what in tm.ineq:
        free, left = s._reduce(e, b)
        if not free and left < -1e-6:
            bad += 1
            print(f"model error: does not hold on the internal figures: {what} (off by {left})")
    for root in s.part:
        idx, a_eq, b_eq, a_ub, b_ub, bounds = s._part(root)
        if a_eq is None and a_ub is None:
            continue
        res = linprog(np.zeros(len(idx)), A_ub=a_ub, b_ub=b_ub, A_eq=a_eq, b_eq=b_eq,
                      bounds=bounds, method="highs")
        if res.status != 0:
            bad += 1
            print(f"model error: the pooled students cannot be split as the relations say "
                  f"({len(idx)} unknowns)")
    return bad


# ------------------------------------------------------------------- audit --
def truth_values(truth_pub):
    """value of every figure by the oracle's target key, from an --internal run."""
    vals = {}
    for r in truth_pub.demand:
        for f in FAMILIES:
            vals[(("demand.csv",) + demand_key(r), f)] = num(r[f])
    seen = set()
    for r in truth_pub.clusters:
        key = ("clusters.csv", r["cluster_id"], r["need"])
        if key not in seen:
            seen.add(key)
            for f in FAMILIES:
                if "cluster_" + f in r:
                    vals[(key, f)] = num(r["cluster_" + f])
    for r in truth_pub.cohorts:
        grp = (r["competence_kind"], r["competence_code"], r["competence_label"])
        for col in POOLED.values():
            key = ("cohorts.csv", grp, r["level"], r["mode"], r["member_codes"])
            vals[(key, col)] = num(r[col])
    for r in truth_pub.residual:
        grp = (r["competence_kind"], r["competence_code"], r["competence_label"])
        for col in POOLED.values():
            vals[(("residual.csv", grp, r["level"], r["mode"], r["municipality_code"]), col)] = \
                num(r[col])
    for g in truth_pub.summary.get("pooling", {}).get("open_admission", []):
        k = open_admission_group(g)
        for col in POOLED.values():
            vals[(("summary.json", "open_admission", k, col), col)] = g.get(col)
    for r in truth_pub.scenarios:
        for col in SCENARIO_TOTALS:
            vals[(("scenarios.csv", r["scenario"]), col)] = num(r[col])
    return vals


def fmt(v):
    if v is None:
        return "inf"
    return f"{v:.3f}".rstrip("0").rstrip(".")


def audit(out, p=0.10, truth=None, figures=("demand",), width=5.0, verbose=True, without=(),
          joint=False, structure=None, families=False, scenarios=None, published_only=False):
    """Solve every hidden figure; return the summary dict (also printed).

    pinned: the interval is one value (not 0); pinned_zero: it is exactly 0
    (a hidden figure shown to be nothing: it tells that a need is absent, as
    a structural zero does in tau-ARGUS; counted apart); narrow: width at
    most `width`; below_protection (with truth): the interval does not reach
    v - min(v, P) and v + P, P = max(1, p v), for a true value v > 0."""
    pub = Published(out)
    m, _ = build(pub, without, joint, structure, families, scenarios, published_only)
    if families:
        figures = FAMILIES
    s = Solver(m)
    tv = truth_values(truth) if truth else {}
    res = {"hidden": 0, "pinned": 0, "pinned_zero": 0, "narrow": 0, "below_protection": 0,
           "outside": 0,
           "by_file": defaultdict(lambda: [0, 0, 0, 0]), "pinned_cells": [], "narrow_cells": []}
    seen = set()
    for file, key, fig, expr in m.targets:
        if fig not in figures and fig not in POOLED.values() and fig not in SCENARIO_TOTALS:
            continue
        if (key, fig) in seen:
            continue
        seen.add((key, fig))
        lo, hi = s.interval(expr)
        res["hidden"] += 1
        bf = res["by_file"][file]
        bf[0] += 1
        w = None if hi is None else hi - lo
        line = f"{file} {fig} {'|'.join(str(k) for k in key[1:])}: [{fmt(lo)}, {fmt(hi)}]"
        v = tv.get((key, fig))
        if v is not None:
            line += f" true {fmt(v)}"
            if v < lo - 1e-4 or (hi is not None and v > hi + 1e-4):
                res["outside"] += 1
                line += " OUTSIDE"
            prot = max(1.0, p * v)
            if hi is None:
                hi_ok = True
            else:
                hi_ok = hi >= v + prot - 1e-6
            if v > 0 and not (hi_ok and lo <= v - min(v, prot) + 1e-6):
                res["below_protection"] += 1
                bf[3] += 1
                line += " BELOW-PROTECTION"
        if w is not None and w < EPS and abs(lo) < EPS:
            res["pinned_zero"] += 1
            line += " PINNED-ZERO"
        elif w is not None and w < EPS:
            res["pinned"] += 1
            bf[1] += 1
            res["pinned_cells"].append(line)
            line += " PINNED"
        elif w is not None and w <= width:
            res["narrow"] += 1
            bf[2] += 1
            res["narrow_cells"].append(line)
            line += " NARROW"
        if verbose:
            print(line)
    res["by_file"] = dict(res["by_file"])
    print(f"oracle: {res['hidden']} hidden figures in {out}: {res['pinned']} pinned exactly "
          f"(and {res['pinned_zero']} pinned at 0), "
          f"{res['narrow']} more narrowed to width <= {fmt(width)}"
          + (f", {res['below_protection']} narrowed below protection ±max(1, {fmt(p * 100)}%)"
             if truth else ""))
    for f, (h, pn, nw, bp) in sorted(res["by_file"].items()):
        print(f"  {f}: {h} hidden, {pn} pinned, {nw} width <= {fmt(width)}"
              + (f", {bp} below protection" if truth else ""))
    return res


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("dir", help="a `needmap run` output directory (published files)")
    ap.add_argument("--truth", help="`needmap run --internal` output of the same inputs: "
                    "counts cells narrowed below protection and checks the intervals hold it")
    ap.add_argument("--check-model", metavar="TRUTH",
                    help="check that every relation holds on TRUTH's unsuppressed figures")
    ap.add_argument("--model-only", action="store_true",
                    help="with --check-model: check the model, solve nothing")
    ap.add_argument("--structure", metavar="TRUTH",
                    help="`needmap run --internal` output: the detail cells a coarser "
                    "--publish leaves out (keys only); small ones are audited too")
    ap.add_argument("--scenario-structure", metavar="NAME=TRUTH", action="append", default=[],
                    help="scenarios.csv's row NAME pools as TRUTH (`needmap run --internal` "
                    "with the scenario's rules) does: its totals are modelled (repeatable)")
    ap.add_argument("--scenarios-published-only", action="store_true",
                    help="model scenarios.csv as needmap wrote it before 2026-12-07 (totals "
                    "over the rows whose own figures would be published): shows the old leak")
    ap.add_argument("--p", type=float, default=0.10, help="protection share (default 0.10)")
    ap.add_argument("--width", type=float, default=5.0, help="report widths up to this")
    ap.add_argument("--quiet", action="store_true", help="only the summary")
    ap.add_argument("--fail-on-disclosure", action="store_true",
                    help="exit 1 when a hidden figure is pinned or below protection")
    ap.add_argument("--json", help="write the summary as JSON to this file")
    ap.add_argument("--families", action="store_true", help="audit every additive figure "
                    "of a cell (demand, demand_low, demand_high, needs, needs_without_count), "
                    "each kind with unknowns of its own (with --joint: low <= demand <= high)")
    ap.add_argument("--joint", action="store_true", help="solve demand with demand_low and "
                    "demand_high (low <= demand <= high, demand the midpoint): tighter, 3x slower")
    ap.add_argument("--without", default="", help="leave sources out of the model, e.g. "
                    "clusters,pooling,summary,ranking (which combination discloses?)")
    a = ap.parse_args()
    scenarios = {n: Published(d) for n, d in (x.split("=", 1) for x in a.scenario_structure)}
    if a.check_model:
        if check_model(Published(a.check_model), scenarios):
            sys.exit(2)
        print("oracle: model holds on", a.check_model)
        if a.model_only:
            Published(a.dir)   # the published files read too
            return
    truth = Published(a.truth) if a.truth else None
    r = audit(a.dir, p=a.p, truth=truth, width=a.width, verbose=not a.quiet,
              without=tuple(w for w in a.without.split(",") if w), joint=a.joint,
              families=a.families, structure=Published(a.structure) if a.structure else None,
              scenarios=scenarios, published_only=a.scenarios_published_only)
    if r["outside"]:
        print(f"oracle: model error: {r['outside']} true values outside their interval")
        sys.exit(2)
    if a.json:
        with open(a.json, "w") as f:
            json.dump({k: v for k, v in r.items()}, f, indent=1)
    if a.fail_on_disclosure and (r["pinned"] or r["below_protection"]):
        sys.exit(1)


if __name__ == "__main__":
    main()
