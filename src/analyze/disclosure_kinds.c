/* disclosure_kinds.c - the audit and the joint suppression over every kind
 * of figure (disclosure.h: people, low, high, needs, unknown).  The kinds
 * share the units but not the variables (a cell's demand_low is not its
 * demand), so each kind is audited on its own: a model of its figures
 * over the same units, cells first, which nm_dc_audit and nm_dc_protect
 * solve as they solve one of people.  With ranges, people, low and high
 * are one program (range_view): low <= demand <= high in every cell. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "needmap/alloc.h"
#include "needmap/disclosure.h"
#include "needmap/parallel.h"

/* The unit a unit of its own belongs to (a cell's or cluster total's
 * needs_without_count: hidden whenever that is), or u itself. */
static uint32_t owner_of(const nm_dc_model *m, uint32_t u)
{
    const nm_dc_unit *x = &m->unit[u];
    if (x->table == NM_DC_DEMAND && x->part == 1 && x->row < m->ncells)
        return x->row;
    if (x->table == NM_DC_CLUSTER && x->part >= NM_NEED_N && u > 0 &&
        m->unit[u - 1].table == NM_DC_CLUSTER && m->unit[u - 1].row == x->row &&
        m->unit[u - 1].part == x->part - NM_NEED_N)
        return u - 1;
    return u;
}

/* Hide every unit of its own whose owner is hidden. */
static void hide_owned(nm_dc_model *m)
{
    for (size_t u = 0; u < m->nunits; u++)
        if (m->unit[owner_of(m, (uint32_t)u)].hidden)
            m->unit[u].hidden = 1;
}

/* A figure of m in a view of the ranges is figure map[j]; a cell's
 * half-range (a derived figure, nothing of m) is DERIVED | its cell. */
#define DERIVED 0x80000000u
/* The programs: one per kind, then (with ranges) people, low and high
 * together (range_view), after the kinds' own: it audits the same figures
 * again with low <= demand <= high in every cell, and hides more only
 * where those relations narrow a figure the kinds' programs did not. */
#define RANGES NM_DC_KINDS
#define VIEWS (NM_DC_KINDS + 1)

static void put_term(nm_dc_model *v, uint32_t var, double w)
{
    v->var[v->nterms] = var;
    v->w[v->nterms++] = w;
}

/* v's units: m's, a unit hidden also when its owner is (hide_owned). */
static void copy_units(const nm_dc_model *m, nm_dc_model *v)
{
    v->nunits = v->ucap = m->nunits;
    v->unit = nm_calloc(m->nunits + 1, sizeof *v->unit);
    if (m->nunits)
        memcpy(v->unit, m->unit, m->nunits * sizeof *v->unit);
    for (size_t u = 0; u < m->nunits; u++)
        v->unit[u].hidden |= m->unit[owner_of(m, (uint32_t)u)].hidden;
}

/* The one program of m's people, low and high figures when m has ranges:
 * detail cell i is l_i (variable i, its low end) and r_i (variable
 * nvars + i, its half-range), both >= 0; its demand is l_i + r_i and its
 * high end l_i + 2 r_i (the point of a range is its midpoint), so every
 * figure of the three kinds is a sum of these with its weights, and
 * low <= demand <= high holds in every cell of every solution.  Figure i
 * is cell i's low end, figure nvars + i its half-range (demand - low,
 * derived: known when the cell is published, never audited), then m's
 * other figures of the three kinds in m's order, but for the published
 * high ones: each is twice its unit's people figure minus its low figure
 * (the same terms; a range's midpoint is its point), an equation the
 * program has already. */
static int range_view(const nm_dc_model *m, nm_dc_model *v, uint32_t **map, nm_error *err)
{
    size_t n = m->nvars;
    uint32_t *low = nm_calloc(n + 1, sizeof *low); /* detail cell -> its low figure + 1 */
    size_t nf = 0, terms = 0;
    for (size_t i = 0; i < m->nfig; i++) {
        const nm_dc_figure *f = &m->fig[i];
        if (f->kind > NM_DC_HIGH)
            continue;
        nf++;
        terms += (f->kind == NM_DC_LOW ? 1 : 2) * (size_t)f->n;
        const nm_dc_unit *u = &m->unit[f->unit];
        if (f->kind == NM_DC_LOW && u->table == NM_DC_DEMAND && u->row < n && !low[u->row])
            low[u->row] = (uint32_t)i + 1;
    }
    for (size_t i = 0; i < n; i++)
        if (!low[i]) {
            free(low);
            nm_error_set(err, NM_ERR_INPUT, NULL, 0, 0,
                         "disclosure model: demand cell %zu has no figure of kind low", i + 1);
            return -1;
        }
    memset(v, 0, sizeof *v);
    v->nvars = 2 * n;
    v->ncells = m->ncells;
    v->truth = m->truth;
    v->ranges = 1;
    copy_units(m, v);
    v->fcap = nf + n;
    v->fig = nm_calloc(v->fcap + 1, sizeof *v->fig);
    *map = nm_calloc(v->fcap + 1, sizeof **map);
    v->tcap = terms + n;
    v->var = nm_calloc(v->tcap + 1, sizeof *v->var);
    v->w = nm_calloc(v->tcap + 1, sizeof *v->w);
    for (size_t i = 0; i < 2 * n; i++) { /* l_i, then r_i: one term each */
        const nm_dc_figure *lf = &m->fig[low[i % n] - 1];
        nm_dc_figure g = *lf;
        g.unit = (uint32_t)(i % n);
        g.start = (uint32_t)v->nterms;
        g.n = 1;
        if (i >= n) {
            g.value = m->fig[i - n].value - lf->value;
            g.kind = NM_DC_PEOPLE;
            g.derived = 1;
        }
        (*map)[v->nfig] = i < n ? low[i] - 1 : DERIVED | (uint32_t)(i - n);
        v->fig[v->nfig++] = g;
        put_term(v, (uint32_t)i, 1);
    }
    for (size_t i = 0; i < m->nfig; i++) {
        const nm_dc_figure *f = &m->fig[i];
        const nm_dc_unit *u = &m->unit[f->unit];
        if (f->kind > NM_DC_HIGH ||
            (f->kind == NM_DC_LOW && u->table == NM_DC_DEMAND && u->row < n && low[u->row] == i + 1))
            continue;
        if (f->kind == NM_DC_HIGH && !v->unit[f->unit].hidden)
            continue; /* published: 2 x its unit's people figure - its low one (same terms) */
        (*map)[v->nfig] = (uint32_t)i;
        nm_dc_figure g = *f;
        g.start = (uint32_t)v->nterms;
        for (uint32_t t = f->start; t < f->start + f->n; t++) {
            put_term(v, m->var[t], m->w[t]);
            if (f->kind != NM_DC_LOW)
                put_term(v, (uint32_t)(n + m->var[t]), (f->kind == NM_DC_HIGH ? 2 : 1) * m->w[t]);
        }
        g.n = (uint32_t)(v->nterms - g.start);
        v->fig[v->nfig++] = g;
    }
    free(low);
    return 1;
}

/* The model of m's figures of kind k (its units copied: the suppression
 * hides them there), cell i's figure first as figure i; map[j] is the
 * figure of m that figure j is.  Returns 0 when m has no figure of kind
 * k, -1 (err set) when a cell has none. */
static int view_of(const nm_dc_model *m, nm_dc_kind k, nm_dc_model *v, uint32_t **map,
                   nm_error *err)
{
    memset(v, 0, sizeof *v);
    if ((int)k == RANGES)
        return m->ranges ? range_view(m, v, map, err) : 0;
    size_t n = 0;
    for (size_t i = 0; i < m->nfig; i++)
        n += m->fig[i].kind == k;
    if (!n)
        return 0;
    uint32_t *cell = nm_calloc(m->ncells + 1, sizeof *cell); /* cell -> figure of m + 1 */
    if (k == NM_DC_PEOPLE)
        for (size_t i = 0; i < m->ncells; i++)
            cell[i] = (uint32_t)i + 1;
    else
        for (size_t i = 0; i < m->nfig; i++) {
            const nm_dc_unit *u = &m->unit[m->fig[i].unit];
            if (m->fig[i].kind == k && u->table == NM_DC_DEMAND && u->row < m->ncells &&
                !cell[u->row])
                cell[u->row] = (uint32_t)i + 1;
        }
    for (size_t i = 0; i < m->ncells; i++)
        if (!cell[i]) {
            free(cell);
            nm_error_set(err, NM_ERR_INPUT, NULL, 0, 0,
                         "disclosure model: demand cell %zu has no figure of kind %s", i + 1,
                         nm_dc_kind_name(k));
            return -1;
        }
    v->nvars = m->nvars;
    v->ncells = m->ncells;
    v->truth = m->truth;
    v->ranges = 0; /* a kind's own program, not range_view's */
    copy_units(m, v);
    v->fcap = n;
    v->fig = nm_calloc(n + 1, sizeof *v->fig);
    *map = nm_calloc(n + 1, sizeof **map);
    size_t terms = 0;
    for (size_t i = 0; i < m->nfig; i++)
        terms += m->fig[i].kind == k ? m->fig[i].n : 0;
    v->tcap = terms;
    v->var = nm_calloc(terms + 1, sizeof *v->var);
    v->w = nm_calloc(terms + 1, sizeof *v->w);
    /* a cell's figure with a unit of its own (needs_without_count): in the
     * view it is the cell's unit i, hidden when either is */
    for (size_t i = 0; i < m->ncells; i++) {
        uint32_t own = m->fig[cell[i] - 1].unit;
        if (own != i)
            v->unit[i].hidden |= m->unit[own].hidden;
    }
    uint8_t *taken = nm_calloc(m->nfig + 1, 1);
    for (size_t pass = 0; pass < 2; pass++) /* the cells' figures, then the others */
        for (size_t j = 0; j < (pass ? m->nfig : m->ncells); j++) {
            size_t i = pass ? j : cell[j] - 1;
            const nm_dc_figure *f = &m->fig[i];
            if (f->kind != k || taken[i])
                continue;
            taken[i] = 1;
            (*map)[v->nfig] = (uint32_t)i;
            v->fig[v->nfig] = *f;
            if (!pass)
                v->fig[v->nfig].unit = (uint32_t)j;
            v->fig[v->nfig++].start = (uint32_t)v->nterms;
            if (f->n) { /* a figure of no cells has no terms (m->var may be NULL) */
                memcpy(v->var + v->nterms, m->var + f->start, f->n * sizeof *v->var);
                memcpy(v->w + v->nterms, m->w + f->start, f->n * sizeof *v->w);
            }
            v->nterms += f->n;
        }
    free(taken);
    free(cell);
    return 1;
}

/* Fold kind's audit r (of view v, map) into out (m's figures). */
typedef struct folding {      /* the binding figures, gathered kind by kind */
    uint32_t *bind;
    size_t nbind, bcap;
    size_t *start_of, *n_of;  /* per figure of m */
} folding;

static void fold(size_t nfig, const uint32_t *map, const nm_dc_audit_result *r,
                 int again, nm_dc_audit_result *out, folding *fo)
{
    if (!again) { /* the ranges' program audits figures a kind counted already */
        out->hidden += r->hidden;
        out->narrowed += r->narrowed;
        out->exact += r->exact;
    }
    out->components += r->components;
    out->lps += r->lps;
    for (size_t j = 0; j < nfig; j++) {
        uint32_t i = map[j];
        if (i & DERIVED)
            continue; /* a half-range: not a figure of m, never audited */
        if (again) { /* narrowed in either program: narrowed, with what binds it there */
            if (!r->bad[j] || out->bad[i])
                continue;
            out->narrowed++;
            out->exact += r->hi[j] - r->lo[j] < 1e-3;
        }
        out->lo[i] = r->lo[j];
        out->hi[i] = r->hi[j];
        out->bad[i] = r->bad[j];
        if (r->bad[j] && (out->first_bad == SIZE_MAX || i < out->first_bad)) {
            out->first_bad = i;
            out->first_lo = r->lo[j];
            out->first_hi = r->hi[j];
        }
        size_t b0 = r->bind_start ? r->bind_start[j] : 0;
        size_t b1 = r->bind_start ? r->bind_start[j + 1] : 0;
        fo->start_of[i] = fo->nbind;
        fo->n_of[i] = b1 - b0;
        for (size_t b = b0; b < b1; b++) {
            NM_GROW(fo->bind, fo->bcap, fo->nbind + 1);
            fo->bind[fo->nbind++] = map[r->bind[b]] & ~DERIVED; /* a half-range: its cell */
        }
    }
}

static void fold_begin(const nm_dc_model *m, nm_dc_audit_result *out, folding *fo)
{
    memset(out, 0, sizeof *out);
    memset(fo, 0, sizeof *fo);
    out->first_bad = SIZE_MAX;
    out->lo = nm_calloc(m->nfig + 1, sizeof *out->lo);
    out->hi = nm_calloc(m->nfig + 1, sizeof *out->hi);
    out->bad = nm_calloc(m->nfig + 1, 1);
    fo->start_of = nm_calloc(m->nfig + 1, sizeof *fo->start_of);
    fo->n_of = nm_calloc(m->nfig + 1, sizeof *fo->n_of);
}

/* The binding figures in m's order of figures. */
static void fold_end(const nm_dc_model *m, nm_dc_audit_result *out, folding *fo)
{
    out->bind = nm_calloc(fo->nbind + 1, sizeof *out->bind);
    out->bind_start = nm_calloc(m->nfig + 1, sizeof *out->bind_start);
    size_t at = 0;
    for (size_t i = 0; i < m->nfig; i++) {
        out->bind_start[i] = at;
        if (fo->n_of[i]) /* fo->bind is NULL when nothing binds */
            memcpy(out->bind + at, fo->bind + fo->start_of[i], fo->n_of[i] * sizeof *fo->bind);
        at += fo->n_of[i];
    }
    out->bind_start[m->nfig] = at;
    free(fo->bind);
    free(fo->start_of);
    free(fo->n_of);
}

/* One program of nm_dc_audit_all_on: its view of m and its audit. */
typedef struct view_job {
    const nm_dc_model *m;
    double p;
    nm_dc_model v;
    uint32_t *map;
    int have;                 /* view_of's answer */
    nm_status st;
    nm_dc_audit_result r;
    nm_error err;
} view_job;

/* Item i of the jobs: the ranges' program (the largest) first, so that it
 * does not start last on a thread of its own. */
static void audit_view(void *ctx, size_t i)
{
    view_job *j = (view_job *)ctx + (i == 0 ? RANGES : i - 1);
    int k = (int)(j - (view_job *)ctx);
    nm_error_clear(&j->err);
    j->have = view_of(j->m, (nm_dc_kind)k, &j->v, &j->map, &j->err);
    j->st = j->have < 0 ? NM_ERR_INPUT : NM_OK;
    if (j->have > 0)
        j->st = nm_dc_audit(&j->v, j->p, &j->r, &j->err);
}

nm_status nm_dc_audit_all_on(const nm_dc_model *m, double p, const nm_threads *t,
                             nm_dc_audit_result *out, nm_error *err)
{
    folding fo;
    fold_begin(m, out, &fo);
    view_job job[VIEWS];
    memset(job, 0, sizeof job);
    for (int k = 0; k < VIEWS; k++) {
        job[k].m = m;
        job[k].p = p;
    }
    nm_parallel_for(VIEWS, t, audit_view, job);
    nm_status st = NM_OK;
    for (int k = 0; k < VIEWS; k++) { /* in the kinds' order, as one thread would */
        if (st == NM_OK && job[k].st != NM_OK) {
            st = job[k].st;
            *err = job[k].err;
        }
        if (st == NM_OK && job[k].have > 0)
            fold(job[k].v.nfig, job[k].map, &job[k].r, k == RANGES, out, &fo);
        if (job[k].have > 0) {
            nm_dc_audit_result_free(&job[k].r);
            nm_dc_model_free(&job[k].v);
        }
        free(job[k].map);
    }
    fold_end(m, out, &fo);
    return st;
}

nm_status nm_dc_audit_all(const nm_dc_model *m, double p, nm_dc_audit_result *out,
                          nm_error *err)
{
    return nm_dc_audit_all_on(m, p, NULL, out, err);
}

/* The units view v hid, back into m: a cell's unit of the view is the
 * unit of the cell's figure of that kind in m (its own, for
 * needs_without_count). */
static void hide_back(nm_dc_model *m, const nm_dc_model *v, const uint32_t *map)
{
    for (size_t u = 0; u < m->nunits; u++)
        if (v->ranges || u >= m->ncells || m->fig[map[u]].unit == u) /* ranges: units as m's */
            m->unit[u].hidden |= v->unit[u].hidden;
        else if (v->unit[u].hidden && !m->unit[u].hidden)
            m->unit[m->fig[map[u]].unit].hidden = 1;
}

nm_status nm_dc_protect_all(nm_dc_model *m, double p, unsigned max_rounds, uint64_t *added,
                            nm_dc_audit_result *res, nm_error *err)
{
    *added = 0;
    memset(res, 0, sizeof *res);
    /* each kind in turn, again while another kind hid more: hiding only
     * widens a kind's intervals, but a newly hidden unit's figures are new
     * hidden figures of every kind.  A kind's last audit stands while no
     * unit is hidden after it, and the next audits only what was hidden
     * since (nm_dc_protect_since); the ranges' program, whose figures
     * change with what is hidden (published high figures are left out),
     * is audited whole each time. */
    uint64_t since[VIEWS]; /* *added after the program's last audit */
    uint8_t *was[VIEWS] = {0}; /* per unit: hidden at the program's last audit */
    nm_dc_audit_result last[VIEWS];
    uint32_t *map[VIEWS] = {0};
    size_t nfig[VIEWS] = {0};
    memset(last, 0, sizeof last);
    for (int k = 0; k < VIEWS; k++)
        since[k] = UINT64_MAX;
    nm_status st = NM_OK;
    int changed = 1;
    for (int pass = 0; changed && st == NM_OK && pass < 8; pass++) {
        changed = 0;
        for (int k = 0; k < VIEWS && st == NM_OK; k++) {
            if (since[k] == *added)
                continue;
            nm_dc_model v;
            free(map[k]);
            map[k] = NULL;
            int have = view_of(m, (nm_dc_kind)k, &v, &map[k], err);
            if (have <= 0 || v.nfig != nfig[k] || k == RANGES) { /* nothing to continue from */
                nm_dc_audit_result_free(&last[k]);
                free(was[k]);
                was[k] = NULL;
            }
            if (have < 0)
                st = NM_ERR_INPUT;
            if (have <= 0) {
                since[k] = have == 0 ? *added : since[k];
                continue;
            }
            uint64_t n = 0;
            st = nm_dc_protect_since(&v, p, max_rounds, was[k], &n, &last[k], err);
            if (k != RANGES) {
                if (!was[k])
                    was[k] = nm_calloc(v.nunits + 1, 1);
                for (size_t u = 0; u < v.nunits; u++)
                    was[k][u] = v.unit[u].hidden;
            }
            hide_back(m, &v, map[k]);
            hide_owned(m);
            *added += n;
            changed |= n > 0;
            /* the ranges' program leaves out published high figures: what
             * it hid itself has high figures it has not audited */
            since[k] = k == RANGES && n ? UINT64_MAX : *added;
            nfig[k] = v.nfig;
            nm_dc_model_free(&v);
        }
    }
    if (st == NM_OK && changed) { /* stopped by the passes: audit afresh */
        st = nm_dc_audit_all(m, p, res, err);
    } else if (st == NM_OK) {
        folding fo;
        fold_begin(m, res, &fo);
        for (int k = 0; k < VIEWS; k++)
            if (map[k])
                fold(nfig[k], map[k], &last[k], k == RANGES, res, &fo);
        fold_end(m, res, &fo);
    }
    for (int k = 0; k < VIEWS; k++) {
        nm_dc_audit_result_free(&last[k]);
        free(map[k]);
        free(was[k]);
    }
    return st;
}
