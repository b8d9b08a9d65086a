/* audit.c - the disclosure audit (disclosure.h): for every hidden figure
 * the smallest and largest value the published figures allow, by linear
 * programs solved with COIN-OR Clp, one model per independent component
 * of hidden cells, re-solved warm for each objective (every point a
 * program returns, and when one is unbounded a point far along its ray,
 * shows the range of every figure); and the joint secondary suppression
 * that hides more until the audit passes. */
#include <coin/Clp_C_Interface.h>
#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "needmap/alloc.h"
#include "needmap/disclosure.h"

enum { MAX_BIND = 64, DEFAULT_ROUNDS = 400, BATCH_MIN = 4, BATCH_GAIN = 2, BATCH_IDLE = 3 };

/* The audit's one tolerance rule (docs/method.md, "Tolerances"): the
 * programs hold each published figure v to within ROW_TOL (1 + |v|) (the
 * figures are rounded sums, and Clp's own feasibility tolerance is of that
 * size), so an interval's end may move by a few such slacks; the ends of
 * the intervals of a component are judged to within VALUE_TOL (1 + the
 * largest |v| of its published figures), ten times its largest row's
 * slack, the same in a run (which knows the true values) and in the
 * folder's audit (which does not). */
#define ROW_TOL 1e-7
#define VALUE_TOL 1e-6
/* how far out along an unbounded ray a point is taken: this many times
 * (1 + the largest cell of the solver's point) */
#define RAY_REACH 1e3
/* a ray's entries below this (of its largest) are the solver's rounding */
#define RAY_NOISE 1e-9
/* how far a point along a ray may move a published figure (of 1 + its value) */
#define RAY_DRIFT 1e-9
/* needmap audit's first points (spread, batches) are found with every
 * hidden cell at most this many times (1 + the largest published figure of
 * its component) (box): each such program is bounded, so it returns a point
 * (the published figures allow it, the bound only leaves others out) where
 * an unbounded one returned a ray that shows few figures */
#define BOX_REACH 10

/* --- components: union-find over hidden cells --- */

static uint32_t root(uint32_t *up, uint32_t a)
{
    while (up[a] != a) {
        up[a] = up[up[a]];
        a = up[a];
    }
    return a;
}

static void join(uint32_t *up, uint32_t a, uint32_t b)
{
    a = root(up, a);
    b = root(up, b);
    if (a != b) /* the smaller index is the root: deterministic */
        up[a > b ? a : b] = a < b ? a : b;
}

/* What the whole model says before any program: which cells are free
 * (hidden), the value of the others, and per figure its first free
 * cell. */
typedef struct prep {
    const nm_dc_model *m;
    uint8_t *free_var;        /* per var */
    double *fixed;            /* per var: its published value */
    uint32_t *up;             /* per var: union-find */
    uint32_t *first_free;     /* per figure: a free var, UINT32_MAX: none */
    double *constant;         /* per figure: the sum of its fixed terms */
} prep;

static void prep_build(prep *p, const nm_dc_model *m)
{
    p->m = m;
    p->free_var = nm_calloc(m->nvars + 1, 1);
    p->fixed = nm_calloc(m->nvars + 1, sizeof *p->fixed);
    p->up = nm_calloc(m->nvars + 1, sizeof *p->up);
    p->first_free = nm_calloc(m->nfig + 1, sizeof *p->first_free);
    p->constant = nm_calloc(m->nfig + 1, sizeof *p->constant);
    for (size_t v = 0; v < m->nvars; v++) {
        p->free_var[v] = m->unit[m->fig[v].unit].hidden;
        p->fixed[v] = p->free_var[v] ? 0 : m->fig[v].value;
        p->up[v] = (uint32_t)v;
    }
    for (size_t i = 0; i < m->nfig; i++) {
        const nm_dc_figure *f = &m->fig[i];
        p->first_free[i] = UINT32_MAX;
        for (uint32_t k = f->start; k < f->start + f->n; k++) {
            uint32_t v = m->var[k];
            if (!p->free_var[v]) {
                p->constant[i] += m->w[k] * p->fixed[v];
            } else if (p->first_free[i] == UINT32_MAX) {
                p->first_free[i] = v;
            } else {
                join(p->up, p->first_free[i], v);
            }
        }
    }
}

static void prep_free(prep *p)
{
    free(p->free_var);
    free(p->fixed);
    free(p->up);
    free(p->first_free);
    free(p->constant);
}

/* --- the protection test --- */

static double margin(double p, double v)
{
    return fmax(1.0, p / 100.0 * fabs(v));
}

/* The tolerance to which the intervals of figures of scale (largest
 * |published value|) scale are judged. */
static double value_tol(double scale)
{
    return VALUE_TOL * (1 + fabs(scale));
}

/* A count of needs (kinds needs, unknown) that is 0: a need that is not
 * there, nothing to protect (as a structural zero); without the true
 * value, an interval [0, 0] (to within tol). */
static int no_count(const nm_dc_model *m, const nm_dc_figure *f, double hi, double tol)
{
    if (f->kind != NM_DC_NEEDS && f->kind != NM_DC_UNKNOWN)
        return 0;
    return m->truth ? f->value == 0 : hi <= tol;
}

static int low_ok(const nm_dc_model *m, double p, const nm_dc_figure *f, double lo, double tol)
{
    double v = f->value;
    return !m->truth || no_count(m, f, 0, tol) || lo <= fmax(0.0, v - margin(p, v)) + tol;
}

static int high_ok(const nm_dc_model *m, double p, const nm_dc_figure *f, double lo, double hi,
                   double tol)
{
    double v = f->value;
    if (no_count(m, f, hi, tol))
        return 1;
    if (!m->truth)
        return hi - lo >= margin(p, lo) - tol;
    return hi >= v + margin(p, v) - tol;
}

/* --- one component --- */

typedef struct comp {
    uint32_t *vars;           /* free vars, ascending */
    size_t nvars;
    uint32_t *rows;           /* published figures with a free var */
    size_t nrows;
    uint32_t *targets;        /* hidden figures with a free var */
    size_t ntargets;
    double tol;               /* value_tol of its published figures */
    double scale;             /* the largest |value| of its published figures */
} comp;

typedef struct audit {
    const nm_dc_model *m;
    double p;
    const uint8_t *only;      /* per figure: audit it (NULL: every hidden one) */
    int rays;                 /* observe the points along unbounded rays
                                 (observe_ray) and find the first points in a
                                 box (BOX_REACH); off in the suppression, whose
                                 picks follow the duals of the programs that
                                 narrow a figure: fewer programs before them
                                 would change their path, and the picks */
    int every;                /* a min and a max program for every figure,
                                 nothing taken from points (the test knob
                                 NEEDMAP_TEST_AUDIT_EVERY_PROGRAM: what the
                                 points show is checked against it) */
    prep pr;
    int32_t *col_of;          /* per var: its column in its component */
    nm_dc_audit_result *out;
    size_t nbind, bcap;
    uint32_t **bind_of;       /* per figure: its binding rows (temporarily) */
    size_t *nbind_of;
} audit;

static void load_component(audit *a, Clp_Simplex *lp, comp *c)
{
    const nm_dc_model *m = a->m;
    for (size_t j = 0; j < c->nvars; j++)
        a->col_of[c->vars[j]] = (int32_t)j;
    CoinBigIndex *start = nm_calloc(c->nvars + 2, sizeof *start);
    size_t nz = 0;
    for (size_t r = 0; r < c->nrows; r++) {
        const nm_dc_figure *f = &m->fig[c->rows[r]];
        for (uint32_t k = f->start; k < f->start + f->n; k++)
            if (a->pr.free_var[m->var[k]]) {
                start[a->col_of[m->var[k]] + 1]++;
                nz++;
            }
    }
    for (size_t j = 0; j < c->nvars; j++)
        start[j + 1] += start[j];
    int *index = nm_calloc(nz + 1, sizeof *index);
    double *value = nm_calloc(nz + 1, sizeof *value);
    CoinBigIndex *fill = nm_calloc(c->nvars + 1, sizeof *fill);
    memcpy(fill, start, c->nvars * sizeof *fill);
    double scale = 0;
    double *rowlb = nm_calloc(c->nrows + 1, sizeof *rowlb);
    double *rowub = nm_calloc(c->nrows + 1, sizeof *rowub);
    for (size_t r = 0; r < c->nrows; r++) {
        const nm_dc_figure *f = &m->fig[c->rows[r]];
        for (uint32_t k = f->start; k < f->start + f->n; k++) {
            if (!a->pr.free_var[m->var[k]])
                continue;
            CoinBigIndex at = fill[a->col_of[m->var[k]]]++;
            index[at] = (int)r;
            value[at] = m->w[k];
        }
        double rhs = f->value - a->pr.constant[c->rows[r]];
        double tol = ROW_TOL * (1 + fabs(f->value)); /* published figures are rounded sums */
        scale = fmax(scale, fabs(f->value));
        rowlb[r] = rhs - tol;
        rowub[r] = rhs + tol;
    }
    c->tol = value_tol(scale);
    c->scale = scale;
    double *collb = nm_calloc(c->nvars + 1, sizeof *collb);
    double *colub = nm_calloc(c->nvars + 1, sizeof *colub);
    double *obj = nm_calloc(c->nvars + 1, sizeof *obj);
    for (size_t j = 0; j < c->nvars; j++)
        colub[j] = DBL_MAX;
    Clp_loadProblem(lp, (int)c->nvars, (int)c->nrows, start, index, value, collb, colub, obj,
                    rowlb, rowub);
    free(start);
    free(fill);
    free(index);
    free(value);
    free(rowlb);
    free(rowub);
    free(collb);
    free(colub);
    free(obj);
}

/* Minimise (dir 1) or maximise (-1) figure t's free part; *val the
 * optimum, INFINITY when unbounded.  0 on success. */
static int solve(audit *a, Clp_Simplex *lp, const comp *c, uint32_t t, double dir, double *val)
{
    const nm_dc_model *m = a->m;
    double *obj = nm_calloc(c->nvars + 1, sizeof *obj);
    const nm_dc_figure *f = &m->fig[t];
    for (uint32_t k = f->start; k < f->start + f->n; k++)
        if (a->pr.free_var[m->var[k]])
            obj[a->col_of[m->var[k]]] += m->w[k];
    Clp_chgObjCoefficients(lp, obj);
    Clp_setOptimizationDirection(lp, dir);
    Clp_primal(lp, 0);
    free(obj);
    int st = Clp_status(lp);
    a->out->lps++;
    if (st == 2 && dir < 0) {
        *val = INFINITY;
        return 0;
    }
    if (st != 0)
        return -1;
    *val = Clp_objectiveValue(lp);
    return 0;
}

/* The published figures binding the last solve (non-zero duals). */
static void add_bind(audit *a, uint32_t t, uint32_t row)
{
    if (a->nbind_of[t] >= MAX_BIND)
        return;
    if (!a->bind_of[t])
        a->bind_of[t] = nm_calloc(MAX_BIND, sizeof **a->bind_of);
    for (size_t i = 0; i < a->nbind_of[t]; i++)
        if (a->bind_of[t][i] == row)
            return;
    a->bind_of[t][a->nbind_of[t]++] = row;
}

static void record_binding(audit *a, Clp_Simplex *lp, const comp *c, uint32_t t)
{
    const double *dual = Clp_getRowPrice(lp);
    for (size_t r = 0; r < c->nrows && a->nbind_of[t] < MAX_BIND; r++)
        if (fabs(dual[r]) > 1e-9)
            add_bind(a, t, c->rows[r]);
}

static void mark(audit *a, uint32_t t, double lo, double hi, double tol)
{
    nm_dc_audit_result *o = a->out;
    o->lo[t] = lo;
    o->hi[t] = hi;
    const nm_dc_figure *f = &a->m->fig[t];
    int bad = !low_ok(a->m, a->p, f, lo, tol) || !high_ok(a->m, a->p, f, lo, hi, tol);
    o->bad[t] = (uint8_t)bad;
    o->narrowed += bad;
    o->exact += hi - lo < 1e-3 && !no_count(a->m, f, hi, tol);
    if (bad && o->first_bad == SIZE_MAX) {
        o->first_bad = t;
        o->first_lo = lo;
        o->first_hi = hi;
    }
}

/* Every solution the solver returns is a point the published figures
 * allow: the range each target takes over those points is within its
 * interval.  A target whose range already reaches its protection needs no
 * program of its own (most do, after a few solves). */
typedef struct seen {
    double *lo, *hi;          /* per target of the component */
    double *base;             /* per column: an allowed point (the first solve's) */
    size_t *start;            /* per target + 1: its free terms in col, w */
    uint32_t *col;            /* a free term's column */
    double *w;                /* its weight */
    int check;                /* 1: a point is checked against every
                                 published figure before it counts (the
                                 boxed first points: far from the start,
                                 so not taken on Clp's word) */
} seen;

/* Each target's free terms, in the figure's order (observe_at sums them as
 * the figure lists them). */
static void seen_terms(const audit *a, const comp *c, seen *o)
{
    const nm_dc_model *m = a->m;
    o->start = nm_calloc(c->ntargets + 1, sizeof *o->start);
    size_t n = 0;
    for (size_t i = 0; i < c->ntargets; i++) {
        const nm_dc_figure *f = &m->fig[c->targets[i]];
        for (uint32_t k = f->start; k < f->start + f->n; k++)
            n += a->pr.free_var[m->var[k]];
    }
    o->col = nm_calloc(n + 1, sizeof *o->col);
    o->w = nm_calloc(n + 1, sizeof *o->w);
    n = 0;
    for (size_t i = 0; i < c->ntargets; i++) {
        const nm_dc_figure *f = &m->fig[c->targets[i]];
        o->start[i] = n;
        for (uint32_t k = f->start; k < f->start + f->n; k++)
            if (a->pr.free_var[m->var[k]]) {
                o->col[n] = (uint32_t)a->col_of[m->var[k]];
                o->w[n++] = m->w[k];
            }
    }
    o->start[c->ntargets] = n;
}

static void observe_at(audit *a, const comp *c, const double *x, seen *o)
{
    for (size_t i = 0; i < c->ntargets; i++) {
        double v = a->pr.constant[c->targets[i]];
        for (size_t k = o->start[i]; k < o->start[i + 1]; k++)
            v += o->w[k] * x[o->col[k]];
        o->lo[i] = fmin(o->lo[i], v);
        o->hi[i] = fmax(o->hi[i], v);
    }
}

/* Published figure r of c at point x (per column of c). */
static double activity(const audit *a, const comp *c, size_t r, const double *x)
{
    const nm_dc_model *m = a->m;
    const nm_dc_figure *f = &m->fig[c->rows[r]];
    double act = 0;
    for (uint32_t k = f->start; k < f->start + f->n; k++)
        if (a->pr.free_var[m->var[k]])
            act += m->w[k] * x[a->col_of[m->var[k]]];
    return act;
}

/* x (per column of c) meets every published figure of c to within twice
 * the program's own tolerance, every cell >= 0. */
static int allowed(const audit *a, const comp *c, const double *x)
{
    for (size_t j = 0; j < c->nvars; j++)
        if (!(x[j] >= -ROW_TOL))
            return 0;
    for (size_t r = 0; r < c->nrows; r++) {
        const nm_dc_figure *f = &a->m->fig[c->rows[r]];
        double rhs = f->value - a->pr.constant[c->rows[r]];
        if (!(fabs(activity(a, c, r, x) - rhs) <= 2 * ROW_TOL * (1 + fabs(f->value))))
            return 0;
    }
    return 1;
}

static void observe(audit *a, Clp_Simplex *lp, const comp *c, seen *o)
{
    const double *x = Clp_getColSolution(lp);
    if (o->check && !allowed(a, c, x))
        return; /* its figures get their own programs */
    observe_at(a, c, x, o);
}

/* A program found unbounded: the solver's ray d (x + t d, t >= 0, meets
 * every published figure x meets) from the component's first point x (the
 * solver's, as allowed as any optimum it returns) gives a point far out
 * along it, which moves every target the ray moves, most by far more than
 * its protection.  The ray is the solver's, with rounding: t is only as
 * far as moves no published figure by more than RAY_DRIFT of its value
 * (far within the solver's tolerance of 1e-7), and the point is checked,
 * not taken on trust. */
static void observe_ray(audit *a, Clp_Simplex *lp, const comp *c, seen *o)
{
    if (!a->rays)
        return;
    double *ray = Clp_unboundedRay(lp);
    if (!ray)
        return;
    const double *x = o->base;
    double big = 0, xmax = 0;
    for (size_t j = 0; j < c->nvars; j++) {
        big = fmax(big, fabs(ray[j]));
        xmax = fmax(xmax, fabs(x[j]));
    }
    double *d = nm_calloc(c->nvars + 1, sizeof *d);
    double *y = nm_calloc(c->nvars + 1, sizeof *y);
    int ok = 0;
    for (int sign = 1; big > 0 && sign >= -1 && !ok; sign -= 2) {
        int down = 0;
        for (size_t j = 0; j < c->nvars; j++) {
            d[j] = sign * ray[j] / big;
            if (fabs(d[j]) < RAY_NOISE)
                d[j] = 0;
            down |= d[j] < 0;
        }
        if (down)
            continue; /* cells are >= 0: not a ray of this program */
        double t = RAY_REACH * (1 + xmax);
        for (size_t r = 0; r < c->nrows; r++) {
            double drift = fabs(activity(a, c, r, d));
            if (drift > 0)
                t = fmin(t, RAY_DRIFT * (1 + fabs(a->m->fig[c->rows[r]].value)) / drift);
        }
        for (size_t j = 0; j < c->nvars; j++)
            y[j] = x[j] + t * d[j];
        ok = t > 0;
        for (size_t j = 0; j < c->nvars && ok; j++)
            ok = y[j] >= x[j];
        for (size_t r = 0; r < c->nrows && ok; r++) /* the check, with y's own rounding */
            ok = fabs(activity(a, c, r, y) - activity(a, c, r, x)) <=
                 2 * RAY_DRIFT * (1 + fabs(a->m->fig[c->rows[r]].value));
    }
    Clp_freeRay(lp, ray);
    if (ok)
        observe_at(a, c, y, o);
    free(d);
    free(y);
}

static nm_status solver_failed(Clp_Simplex *lp, nm_error *err)
{
    int status = Clp_status(lp);
    Clp_deleteModel(lp);
    return nm_error_set(err, NM_ERR_INTERNAL, NULL, 0, 0,
                        "the disclosure audit's solver failed (status %d); this is a bug in "
                        "needmap", status);
}

/* Target i of c: its lower end, then its upper end, each solved for only
 * when the points seen so far do not show it protected. */
static nm_status audit_target(audit *a, Clp_Simplex *lp, const comp *c, size_t i, seen *o,
                              nm_error *err)
{
    uint32_t t = c->targets[i];
    double lo = a->every ? INFINITY : o->lo[i], hi = a->every ? -INFINITY : o->hi[i];
    double k = a->pr.constant[t];
    const nm_dc_figure *v = &a->m->fig[t];
    /* without the true value the test is the width: both ends are needed */
    int need_low = a->every || !low_ok(a->m, a->p, v, lo, c->tol) ||
                   (!a->m->truth && !high_ok(a->m, a->p, v, lo, hi, c->tol));
    if (need_low) {
        if (solve(a, lp, c, t, 1, &lo) != 0)
            return solver_failed(lp, err);
        lo += k;
        if (!low_ok(a->m, a->p, v, lo, c->tol))
            record_binding(a, lp, c, t);
        observe(a, lp, c, o);
        if (!a->every)
            hi = fmax(hi, o->hi[i]);
    }
    /* the suppression's rounds need to know only that it is narrowed and
     * what binds it: its upper end stays the highest point seen */
    int lazy = a->only && !low_ok(a->m, a->p, v, lo, c->tol);
    if (!lazy && (a->every || !high_ok(a->m, a->p, v, lo, hi, c->tol))) {
        if (solve(a, lp, c, t, -1, &hi) != 0)
            return solver_failed(lp, err);
        hi += k;
        if (!high_ok(a->m, a->p, v, lo, hi, c->tol))
            record_binding(a, lp, c, t);
        if (isfinite(hi))
            observe(a, lp, c, o);
        else
            observe_ray(a, lp, c, o);
    }
    mark(a, t, lo, hi, c->tol);
    return NM_OK;
}

/* Two first points far apart: every hidden cell as low, then as high, as
 * the published figures allow together (most targets are then seen at
 * both ends of their protection). */
static void spread(audit *a, Clp_Simplex *lp, const comp *c, seen *o)
{
    double *obj = nm_calloc(c->nvars + 1, sizeof *obj);
    for (size_t j = 0; j < c->nvars; j++)
        obj[j] = 1;
    Clp_chgObjCoefficients(lp, obj);
    for (int dir = 1; dir >= -1; dir -= 2) {
        Clp_setOptimizationDirection(lp, dir);
        Clp_primal(lp, 0);
        a->out->lps++;
        if (Clp_status(lp) == 0)
            observe(a, lp, c, o);
        else if (Clp_status(lp) == 2)
            observe_ray(a, lp, c, o);
    }
    free(obj);
}

/* Whether target i of c is shown protected below (dir 1) or above (-1);
 * without the true values, by its width on either side. */
static int side_ok(const audit *a, const comp *c, size_t i, const seen *o, int dir)
{
    const nm_dc_figure *v = &a->m->fig[c->targets[i]];
    if (!a->m->truth || dir < 0)
        return high_ok(a->m, a->p, v, o->lo[i], o->hi[i], c->tol);
    return low_ok(a->m, a->p, v, o->lo[i], c->tol);
}

/* A fixed pseudo-random number in [0, 1) for (round, target): the
 * batches' objectives are the same on every run. */
static double mix(uint64_t round, uint64_t i)
{
    uint64_t z = round * 0x9E3779B97F4A7C15u + i + 0x632BE59BD9B4E019u;
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9u;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBu;
    return (double)((z ^ (z >> 31)) >> 11) / 9007199254740992.0;
}

/* Many targets at once: one program pushes every target not yet shown
 * protected up or down (the side it lacks; either, by lot, when it lacks
 * both), each at a weight by lot, so targets tied together by a published
 * total move in different directions.  Each solution is a point the
 * published figures allow, so a batch proves what it reaches; batches
 * stop when they prove little, and the rest get programs of their own
 * (audit_target). */
static void batch(audit *a, Clp_Simplex *lp, const comp *c, seen *o)
{
    const nm_dc_model *m = a->m;
    double *obj = nm_calloc(c->nvars + 1, sizeof *obj);
    int idle = 0;
    for (uint64_t round = 0; idle < BATCH_IDLE; round++) {
        memset(obj, 0, c->nvars * sizeof *obj);
        size_t open = 0;
        for (size_t i = 0; i < c->ntargets; i++) {
            int low = side_ok(a, c, i, o, 1), high = side_ok(a, c, i, o, -1);
            if (low && high)
                continue;
            open++;
            double r = mix(round, i);
            double sign = !low && !high ? (r < 0.5 ? -1 : 1) : low ? 1 : -1;
            double w = sign * (1 + r);
            const nm_dc_figure *f = &m->fig[c->targets[i]];
            for (uint32_t k = f->start; k < f->start + f->n; k++)
                if (a->pr.free_var[m->var[k]])
                    obj[a->col_of[m->var[k]]] += w * m->w[k];
        }
        if (open < BATCH_MIN)
            break;
        Clp_chgObjCoefficients(lp, obj);
        Clp_setOptimizationDirection(lp, -1);
        Clp_primal(lp, 0);
        a->out->lps++;
        size_t still = open;
        if (Clp_status(lp) == 0 || Clp_status(lp) == 2) {
            if (Clp_status(lp) == 0)
                observe(a, lp, c, o);
            else
                observe_ray(a, lp, c, o);
            still = 0;
            for (size_t i = 0; i < c->ntargets; i++)
                still += !side_ok(a, c, i, o, 1) || !side_ok(a, c, i, o, -1);
        }
        idle = open - still >= BATCH_GAIN ? 0 : idle + 1;
    }
    free(obj);
}

/* Every column of c at most cap (DBL_MAX: no bound).  A point of the
 * boxed program is one of the program without the box, so what it shows
 * holds; the figures' own programs (audit_target) are solved without it,
 * so an interval's ends, and a narrowed figure's binding figures, are
 * those of the published figures alone. */
static void box(Clp_Simplex *lp, const comp *c, double cap)
{
    double *ub = nm_calloc(c->nvars + 1, sizeof *ub);
    for (size_t j = 0; j < c->nvars; j++)
        ub[j] = cap;
    Clp_chgColumnUpper(lp, ub);
    free(ub);
}

static nm_status solve_component(audit *a, comp *c, nm_error *err)
{
    Clp_Simplex *lp = Clp_newModel();
    Clp_setLogLevel(lp, 0);
    Clp_scaling(lp, 0); /* figures are sums of cells at weights near 1 */
    load_component(a, lp, c);
    Clp_initialSolve(lp);
    if (Clp_status(lp) != 0) {
        Clp_deleteModel(lp);
        if (!a->m->truth) /* read back from a folder: it may have been edited */
            return nm_error_set(err, NM_ERR_INPUT, NULL, 0, 0,
                                "the published figures contradict each other (a component "
                                "of %zu hidden cells has no solution): was a published file "
                                "or disclosure.csv edited?", c->nvars);
        return nm_error_set(err, NM_ERR_INTERNAL, NULL, 0, 0,
                            "the published figures contradict each other (a component of %zu "
                            "hidden cells has no solution); this is a bug in needmap",
                            c->nvars);
    }
    seen o = {0};
    o.lo = nm_calloc(c->ntargets + 1, sizeof *o.lo);
    o.hi = nm_calloc(c->ntargets + 1, sizeof *o.hi);
    seen_terms(a, c, &o);
    for (size_t i = 0; i < c->ntargets; i++) {
        o.lo[i] = INFINITY;
        o.hi[i] = -INFINITY;
    }
    observe(a, lp, c, &o);
    o.base = nm_calloc(c->nvars + 1, sizeof *o.base);
    memcpy(o.base, Clp_getColSolution(lp), c->nvars * sizeof *o.base);
    if (!a->every) {
        if (a->rays)
            box(lp, c, BOX_REACH * (1 + c->scale));
        o.check = a->rays;
        spread(a, lp, c, &o);
        batch(a, lp, c, &o);
        o.check = 0;
        if (a->rays)
            box(lp, c, DBL_MAX);
    }
    nm_status st = NM_OK;
    for (size_t i = 0; i < c->ntargets && st == NM_OK; i++)
        st = audit_target(a, lp, c, i, &o, err);
    free(o.lo);
    free(o.hi);
    free(o.base);
    free(o.start);
    free(o.col);
    free(o.w);
    if (st == NM_OK)
        Clp_deleteModel(lp);
    return st;
}

/* --- the components of the model --- */

typedef struct item {         /* a var, row or target, by its component */
    uint32_t comp, kind, id;  /* kind: 0 var, 1 row, 2 target */
} item;

static int cmp_item(const void *pa, const void *pb)
{
    const item *a = pa, *b = pb;
    if (a->comp != b->comp)
        return a->comp < b->comp ? -1 : 1;
    if (a->kind != b->kind)
        return a->kind < b->kind ? -1 : 1;
    return (a->id > b->id) - (a->id < b->id);
}

static nm_status run_components(audit *a, nm_error *err)
{
    const nm_dc_model *m = a->m;
    prep *p = &a->pr;
    item *it = nm_calloc(m->nvars + m->nfig + 1, sizeof *it);
    size_t n = 0;
    for (size_t v = 0; v < m->nvars; v++)
        if (p->free_var[v])
            it[n++] = (item){root(p->up, (uint32_t)v), 0, (uint32_t)v};
    for (size_t i = 0; i < m->nfig; i++) {
        const nm_dc_figure *f = &m->fig[i];
        int hidden = m->unit[f->unit].hidden;
        if (hidden && ((a->only && !a->only[i]) || f->derived))
            continue; /* hidden, not audited (now): no row either */
        if (p->first_free[i] != UINT32_MAX) {
            it[n++] = (item){root(p->up, p->first_free[i]), hidden ? 2u : 1u, (uint32_t)i};
        } else if (hidden && f->n) { /* every cell behind it published: pinned */
            a->out->hidden++;
            mark(a, (uint32_t)i, p->constant[i], p->constant[i], value_tol(p->constant[i]));
        }
        a->out->hidden += hidden && p->first_free[i] != UINT32_MAX;
    }
    if (n > 1)
        qsort(it, n, sizeof *it, cmp_item);
    nm_status st = NM_OK;
    uint32_t *buf = nm_calloc(n + 1, sizeof *buf);
    for (size_t i = 0; i < n && st == NM_OK;) {
        size_t j = i;
        while (j < n && it[j].comp == it[i].comp)
            j++;
        comp c = {buf, 0, NULL, 0, NULL, 0, 0, 0};
        size_t k = i;
        for (; k < j && it[k].kind == 0; k++)
            c.vars[c.nvars++] = it[k].id;
        c.rows = c.vars + c.nvars;
        for (; k < j && it[k].kind == 1; k++)
            c.rows[c.nrows++] = it[k].id;
        c.targets = c.rows + c.nrows;
        for (; k < j; k++)
            c.targets[c.ntargets++] = it[k].id;
        if (c.ntargets) {
            a->out->components++;
            st = solve_component(a, &c, err);
        }
        i = j;
    }
    free(buf);
    free(it);
    return st;
}

/* The binding rows per narrowed figure, packed into the result. */
static void pack_binding(audit *a)
{
    const nm_dc_model *m = a->m;
    nm_dc_audit_result *o = a->out;
    o->bind_start = nm_calloc(m->nfig + 1, sizeof *o->bind_start);
    size_t total = 0;
    for (size_t i = 0; i < m->nfig; i++)
        total += a->nbind_of[i];
    o->bind = nm_calloc(total + 1, sizeof *o->bind);
    size_t at = 0;
    for (size_t i = 0; i < m->nfig; i++) {
        o->bind_start[i] = at;
        for (size_t k = 0; k < a->nbind_of[i]; k++)
            o->bind[at++] = a->bind_of[i][k];
        free(a->bind_of[i]);
    }
    o->bind_start[m->nfig] = at;
}

/* nm_dc_audit of the hidden figures marked in only (NULL: all). */
static nm_status audit_some(const nm_dc_model *m, double p, const uint8_t *only, int rays,
                            nm_dc_audit_result *out, nm_error *err)
{
    memset(out, 0, sizeof *out);
    out->first_bad = SIZE_MAX;
    out->lo = nm_calloc(m->nfig + 1, sizeof *out->lo);
    out->hi = nm_calloc(m->nfig + 1, sizeof *out->hi);
    out->bad = nm_calloc(m->nfig + 1, 1);
    const char *every = rays ? getenv("NEEDMAP_TEST_AUDIT_EVERY_PROGRAM") : NULL;
    audit a = {m, p, only, rays, every && *every && *every != '0', {0}, nm_calloc(m->nvars + 1, sizeof *a.col_of), out, 0, 0,
               nm_calloc(m->nfig + 1, sizeof *a.bind_of),
               nm_calloc(m->nfig + 1, sizeof *a.nbind_of)};
    prep_build(&a.pr, m);
    nm_status st = run_components(&a, err);
    pack_binding(&a);
    prep_free(&a.pr);
    free(a.col_of);
    free(a.bind_of);
    free(a.nbind_of);
    return st;
}

nm_status nm_dc_audit(const nm_dc_model *m, double p, nm_dc_audit_result *out, nm_error *err)
{
    return audit_some(m, p, NULL, 1, out, err);
}

void nm_dc_audit_result_free(nm_dc_audit_result *r)
{
    if (!r)
        return;
    free(r->lo);
    free(r->hi);
    free(r->bad);
    free(r->bind);
    free(r->bind_start);
    memset(r, 0, sizeof *r);
}

/* --- joint secondary suppression --- */

typedef struct choice {
    uint32_t unit;
    int short_of;             /* its value is below what the figure lacks above */
    double cost;
} choice;

static void consider(const nm_dc_model *m, const double *uval, uint32_t u, double need,
                     choice *best)
{
    if (m->unit[u].hidden)
        return;
    double v = uval[u]; /* cost: 1 + its value in people (its largest figure) */
    choice c = {u, v < need, 1 + v};
    if (best->unit == UINT32_MAX || c.short_of < best->short_of ||
        (c.short_of == best->short_of &&
         (c.cost < best->cost || (c.cost == best->cost && c.unit < best->unit))))
        *best = c;
}

/* The unit to hide for narrowed figure t: among the published units of
 * the figures binding it (each such figure's own unit and the detail
 * cells it adds up), or else of t's own cells, the cheapest. */
static uint32_t pick_unit(const nm_dc_model *m, double p, const nm_dc_audit_result *r,
                          const double *uval, uint32_t t)
{
    const nm_dc_figure *ft = &m->fig[t];
    double v = ft->value, need = m->truth ? v + margin(p, v) - r->hi[t] : 0;
    choice best = {UINT32_MAX, 0, 0};
    for (size_t b = r->bind_start[t]; b < r->bind_start[t + 1]; b++) {
        const nm_dc_figure *f = &m->fig[r->bind[b]];
        consider(m, uval, f->unit, need, &best);
        for (uint32_t k = f->start; k < f->start + f->n; k++)
            consider(m, uval, m->fig[m->var[k]].unit, need, &best);
    }
    if (best.unit == UINT32_MAX)
        for (uint32_t k = ft->start; k < ft->start + ft->n; k++)
            consider(m, uval, m->fig[m->var[k]].unit, need, &best);
    return best.unit;
}

/* Fold a partial audit (of the figures in only) into the full one. */
static void merge(const nm_dc_model *m, const uint8_t *only, nm_dc_audit_result *full,
                  nm_dc_audit_result *part)
{
    full->narrowed = full->exact = full->hidden = 0;
    full->first_bad = SIZE_MAX;
    full->components = part->components;
    full->lps += part->lps;
    for (size_t t = 0; t < m->nfig; t++) {
        if (only[t]) {
            full->lo[t] = part->lo[t];
            full->hi[t] = part->hi[t];
            full->bad[t] = part->bad[t];
        }
        if (!m->unit[m->fig[t].unit].hidden || !m->fig[t].n || m->fig[t].derived)
            continue;
        full->hidden++;
        full->narrowed += full->bad[t];
        full->exact += full->hi[t] - full->lo[t] < 1e-3 && !no_count(m, &m->fig[t], full->hi[t], value_tol(0));
        if (full->bad[t] && full->first_bad == SIZE_MAX) {
            full->first_bad = t;
            full->first_lo = full->lo[t];
            full->first_hi = full->hi[t];
        }
    }
    free(full->bind);
    free(full->bind_start);
    full->bind = part->bind;
    full->bind_start = part->bind_start;
    part->bind = NULL;
    part->bind_start = NULL;
    nm_dc_audit_result_free(part);
}

/* Hide the unit picked for every narrowed figure; mark in only what the
 * next round must audit (the figures still narrowed, those newly hidden).
 * Returns how many were hidden. */
static uint64_t hide_round(nm_dc_model *m, double p, const nm_dc_audit_result *res,
                           const double *uval, uint8_t *only)
{
    uint32_t *pick = nm_calloc(m->nfig + 1, sizeof *pick);
    size_t npick = 0;
    for (size_t t = 0; t < m->nfig; t++) /* 2: published before this round */
        only[t] = m->unit[m->fig[t].unit].hidden ? 0 : 2;
    for (size_t t = 0; t < m->nfig; t++) {
        if (only[t] != 2)
            only[t] = res->bad[t];
        if (res->bad[t]) {
            uint32_t u = pick_unit(m, p, res, uval, (uint32_t)t);
            if (u != UINT32_MAX)
                pick[npick++] = u;
        }
    }
    uint64_t added = 0;
    for (size_t i = 0; i < npick; i++)
        if (!m->unit[pick[i]].hidden) {
            m->unit[pick[i]].hidden = 1;
            added++;
        }
    free(pick);
    for (size_t t = 0; t < m->nfig; t++) /* hiding only widens the others' intervals */
        only[t] = only[t] == 2 ? m->unit[m->fig[t].unit].hidden : only[t];
    return added;
}

/* Audit only what a previous audit res of m (its units hidden as in was)
 * did not show protected: the figures hidden since, and those it found
 * narrowed.  Hiding a unit only removes equations, so every interval res
 * found wide enough is still so. */
static nm_status audit_since(nm_dc_model *m, double p, const uint8_t *was, uint8_t *only,
                             nm_dc_audit_result *res, nm_error *err)
{
    for (size_t t = 0; t < m->nfig; t++) {
        uint32_t u = m->fig[t].unit;
        only[t] = m->unit[u].hidden && (!was[u] || res->bad[t]);
    }
    nm_dc_audit_result part;
    nm_status st = audit_some(m, p, only, 0, &part, err);
    merge(m, only, res, &part);
    return st;
}

nm_status nm_dc_protect_since(nm_dc_model *m, double p, unsigned max_rounds, const uint8_t *was,
                              uint64_t *added, nm_dc_audit_result *res, nm_error *err)
{
    *added = 0;
    if (!max_rounds)
        max_rounds = DEFAULT_ROUNDS;
    double *uval = nm_calloc(m->nunits + 1, sizeof *uval);
    for (size_t i = 0; i < m->nfig; i++)
        uval[m->fig[i].unit] = fmax(uval[m->fig[i].unit], m->fig[i].value);
    uint8_t *only = nm_calloc(m->nfig + 1, 1);
    nm_status st = was ? audit_since(m, p, was, only, res, err)
                       : audit_some(m, p, NULL, 0, res, err);
    for (unsigned round = 1; st == NM_OK && res->narrowed && round < max_rounds; round++) {
        uint64_t n = hide_round(m, p, res, uval, only);
        if (!n)
            break; /* nothing left to hide: the audit's answer stands */
        *added += n;
        nm_dc_audit_result part;
        st = audit_some(m, p, only, 0, &part, err);
        merge(m, only, res, &part);
    }
    free(only);
    free(uval);
    return st;
}

nm_status nm_dc_protect(nm_dc_model *m, double p, unsigned max_rounds, uint64_t *added,
                        nm_dc_audit_result *res, nm_error *err)
{
    return nm_dc_protect_since(m, p, max_rounds, NULL, added, res, err);
}
