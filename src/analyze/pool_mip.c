/* pool_mip.c - one part of a group as an integer program (docs/method.md
 * writes it out), solved by CBC or the solver in the limits.
 *
 * Columns, all binary: y_h (a cohort with hub h; h a unit of the part that
 * may be a hub) and x_ih (unit i in h's cohort; i within reach of h).
 * Rows:
 *   each unit:      y_i + sum_h x_ih                <= 1
 *   link:           x_ih - y_h                      <= 0
 *   locations:      sum_i x_ih - (L - 1) y_h        <= 0
 *   municipalities: sum_i x_ih - (M - 1) y_h        >= 0      (M > 1)
 *   viable:         sum_i p_i x_ih - (V - p_h) y_h  >= 0      (V > p_h)
 *   room:           sum_i p_i x_ih - (R_h - p_h) y_h  <= 0    (R_h binds)
 *     R_h = min(C, K_h / r): the intakes' cap C and the placements K_h
 *     within reach of h for the expected enrolment r p (when limited); a
 *     hub whose own p_h exceeds K_h / r has no columns
 *   shared:         sum_{h in H} sum_i r p_i x_ih   <= K(H)  (shared_rows)
 *     placements shared out (pool_share.h): the cohorts with hubs in H
 *     take at most the K(H) placements within reach of some hub of H
 *     (Hall's condition).  Distance education: H every hub, from the
 *     start (every placement is within reach of every hub); otherwise H
 *     added one at a time, each the short side of the smallest cut of the
 *     solution's cohorts, and the program solved again (nm_px_program)
 * Objective: solved in stages (stages, at_once): the most potential placed
 * (in steps of 1/q); then the fewest cohorts with that placed; then the
 * least travel p_i d_ih with both; each stage first by its linear
 * relaxation (pool_lp.c), branch and bound only when that does not prove
 * it.  columns() writes the one weighted objective of docs/method.md
 * (-W p_i per placed unit, +1 per cohort, + p_i d_ih / D; W = q (n + 2)),
 * which the stages replace. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "needmap/alloc.h"
#include "needmap/pool_share.h"
#include "pool_exact_int.h"
#include "pool_travel.h"

typedef struct builder {
    nm_pool_mip m;
    int cap_rows, cap_nz, nz;
    int *col_unit, *col_hub;  /* per column: unit and hub (local indices) */
    int *y;                   /* per local unit: its y column, or -1 */
    int *first, *end;         /* per hub: its columns [first, end) */
} builder;

/* Open a row: its coefficients follow (add_coef), end_row closes it. */
static void begin_row(builder *b)
{
    if (b->m.nrows + 1 > b->cap_rows) {
        b->cap_rows = b->cap_rows * 2 + 16;
        b->m.row_start = nm_realloc(b->m.row_start, (size_t)(b->cap_rows + 1) * sizeof(int));
        b->m.sense = nm_realloc(b->m.sense, (size_t)b->cap_rows);
        b->m.rhs = nm_realloc(b->m.rhs, (size_t)b->cap_rows * sizeof(double));
    }
    b->m.row_start[b->m.nrows] = b->nz;
}

static void add_coef(builder *b, int col, double v)
{
    if (b->nz + 1 > b->cap_nz) {
        b->cap_nz = b->cap_nz * 2 + 64;
        b->m.idx = nm_realloc(b->m.idx, (size_t)b->cap_nz * sizeof *b->m.idx);
        b->m.val = nm_realloc(b->m.val, (size_t)b->cap_nz * sizeof *b->m.val);
    }
    b->m.idx[b->nz] = col;
    b->m.val[b->nz++] = v;
}

static void end_row(builder *b, char sense, double rhs)
{
    b->m.sense[b->m.nrows] = sense;
    b->m.rhs[b->m.nrows] = rhs;
    b->m.row_start[++b->m.nrows] = b->nz;
}

/* Steps of the potentials: the smallest q of a few with every p q whole. */
static double steps(const nm_px *c, const size_t *set, size_t n)
{
    static const double qs[] = {1, 2, 4, 5, 10, 20, 100};
    for (size_t k = 0; k < sizeof qs / sizeof *qs; k++) {
        int whole = 1;
        for (size_t i = 0; i < n && whole; i++) {
            double v = c->units[set[i]].potential * qs[k];
            whole = fabs(v - round(v)) < 1e-6;
        }
        if (whole)
            return qs[k];
    }
    return 1000; /* differences below a thousandth of a student are ties */
}

static void columns(builder *b, const nm_px *c, const size_t *set, size_t n, const char *hub)
{
    double q = steps(c, set, n), far = 0, total = 0;
    for (size_t i = 0; i < n; i++) {
        total += c->units[set[i]].potential;
        for (size_t h = 0; h < n; h++)
            far = fmax(far, nm_distance(c->dist, c->units[set[i]].muni, c->units[set[h]].muni));
    }
    if (c->reach > 0)
        far = fmin(far, c->reach); /* no member is farther from its hub */
    double dnorm = total * far + 1;
    size_t maxcols = n * n + 1;
    b->m.obj = nm_calloc(maxcols, sizeof *b->m.obj);
    b->col_unit = nm_calloc(maxcols, sizeof *b->col_unit);
    b->col_hub = nm_calloc(maxcols, sizeof *b->col_hub);
    for (size_t h = 0; h < n; h++) {
        b->y[h] = -1;
        b->first[h] = b->end[h] = b->m.ncols;
        if (!hub[h])
            continue;
        for (size_t i = 0; i < n; i++) {
            if (i != h && !nm_px_may_join(c, set[i], set[h]))
                continue;
            double p = c->units[set[i]].potential;
            double d = nm_distance(c->dist, c->units[set[i]].muni, c->units[set[h]].muni);
            int col = b->m.ncols++;
            b->m.obj[col] = -round(p * q) * (double)(n + 2) + (i == h ? 1 : p * d / dnorm);
            b->col_unit[col] = (int)i;
            b->col_hub[col] = (int)h;
            if (i == h)
                b->y[h] = col;
        }
        b->end[h] = b->m.ncols;
    }
}

/* The rows of hub h's cohort (its columns are contiguous from y[h]). */
static void hub_rows(builder *b, const nm_px *c, const size_t *set, int h)
{
    int y = b->y[h], from = b->first[h], to = b->end[h];
    double ph = c->units[set[h]].potential, others = 0;
    for (int k = from; k < to; k++) {
        if (k == y)
            continue;
        begin_row(b); /* link */
        add_coef(b, k, 1);
        add_coef(b, y, -1);
        end_row(b, 'L', 0);
        others += c->units[set[b->col_unit[k]]].potential;
    }
    if ((size_t)(to - from) > c->max_locations) {
        begin_row(b);
        for (int k = from; k < to; k++)
            add_coef(b, k, k == y ? -(double)(c->max_locations - 1) : 1);
        end_row(b, 'L', 0);
    }
    if (c->min_munis > 1) {
        begin_row(b);
        for (int k = from; k < to; k++)
            add_coef(b, k, k == y ? -(double)(c->min_munis - 1) : 1);
        end_row(b, 'G', 0);
    }
    if (c->viable > floor(ph + 1e-9)) {
        begin_row(b);
        for (int k = from; k < to; k++)
            add_coef(b, k, k == y ? -(c->viable - ph - 1e-7) : c->units[set[b->col_unit[k]]].potential);
        end_row(b, 'G', 0);
    }
    double room = nm_px_room(c, set[h], 1); /* intakes and placements (LIA/VFU) */
    if (to - from > 1 && others > room - ph) {
        begin_row(b);
        for (int k = from; k < to; k++)
            add_coef(b, k, k == y ? -(room - ph) : c->units[set[b->col_unit[k]]].potential);
        end_row(b, 'L', 0);
    }
}

/* Each unit in at most one cohort (its columns gathered by a counting sort). */
static void unit_rows(builder *b, size_t n)
{
    int *first = nm_calloc(n + 2, sizeof *first), *cols = nm_calloc((size_t)b->m.ncols + 1, sizeof *cols);
    for (int k = 0; k < b->m.ncols; k++)
        first[b->col_unit[k] + 1]++;
    for (size_t i = 0; i < n; i++)
        first[i + 1] += first[i];
    for (int k = 0; k < b->m.ncols; k++)
        cols[first[b->col_unit[k]]++] = k;
    for (size_t i = n; i > 0; i--)
        first[i] = first[i - 1];
    first[0] = 0;
    for (size_t i = 0; i < n; i++) {
        if (first[i + 1] - first[i] < 2)
            continue; /* one column: its bound says it */
        begin_row(b);
        for (int k = first[i]; k < first[i + 1]; k++)
            add_coef(b, cols[k], 1);
        end_row(b, 'L', 1);
    }
    free(first);
    free(cols);
}

/* Sets of hubs H (local units) with the placements K(H) within reach of
 * some hub of H: the shared rows of the program. */
typedef struct cuts {
    char *in;                 /* [n * ncut]: cut t's hubs at in[t * n ...] */
    double *rhs;              /* [ncut] K(H) */
    size_t ncut, n;
} cuts;

/* The placements within reach of some hub of in[0..n) (local units). */
static double reach_of(const nm_px *c, const size_t *set, size_t n, const char *in)
{
    const nm_share_sites *s = c->limits.sites;
    double k = 0;
    for (size_t j = 0; j < s->n; j++) {
        int near = 0;
        for (size_t h = 0; h < n && !near; h++)
            near = in[h] && (s->reach <= 0 || nm_distance(s->dist, s->muni[j],
                                                          c->units[set[h]].muni) <= s->reach);
        k += near ? s->places[j] : 0;
    }
    return k;
}

static void add_cut(cuts *u, const nm_px *c, const size_t *set, const char *in)
{
    u->in = nm_realloc(u->in, (u->ncut + 1) * u->n + 1);
    u->rhs = nm_realloc(u->rhs, (u->ncut + 1) * sizeof *u->rhs);
    memcpy(u->in + u->ncut * u->n, in, u->n);
    u->rhs[u->ncut++] = reach_of(c, set, u->n, in);
}

/* Is the cut in[0..n) already one of u's? */
static int has_cut(const cuts *u, const char *in)
{
    for (size_t t = 0; t < u->ncut; t++)
        if (memcmp(u->in + t * u->n, in, u->n) == 0)
            return 1;
    return 0;
}

/* The shared rows (placements shared out, pool_share.h): one per cut. */
static void shared_rows(builder *b, const nm_px *c, const size_t *set, const cuts *u)
{
    for (size_t t = 0; t < u->ncut; t++) {
        const char *in = u->in + t * u->n;
        begin_row(b);
        for (int k = 0; k < b->m.ncols; k++)
            if (in[b->col_hub[k]])
                add_coef(b, k, c->rules->enrolment_rate * c->units[set[b->col_unit[k]]].potential);
        end_row(b, 'L', u->rhs[t] + 1e-9);
    }
}

static double dot(const double *a, const double *x, int n)
{
    double s = 0;
    for (int k = 0; k < n; k++)
        s += a[k] * (x[k] > 0.5);
    return s;
}

/* Cohorts (start: local unit -> cohort or -1) as columns x, each at its
 * best hub; a cohort whose hub has no columns for it is left out. */
static void fill(const builder *b, const nm_px *c, const size_t *set, size_t n,
                 const int *start, double *x)
{
    memset(x, 0, (size_t)b->m.ncols * sizeof *x);
    size_t *mem = nm_calloc(n + 1, sizeof *mem);
    int top = -1;
    for (size_t i = 0; i < n; i++)
        top = start[i] > top ? start[i] : top;
    for (int g = 0; g <= top; g++) {
        size_t m = 0, hub;
        double cost;
        for (size_t i = 0; i < n; i++)
            if (start[i] == g)
                mem[m++] = set[i];
        if (!m || nm_pool_evaluate(c->units, mem, m, c->dist, c->rules, c->level, c->mode, &hub,
                                   &cost) < 0)
            continue;
        int h = -1;
        for (size_t i = 0; i < n; i++)
            h = set[i] == hub ? (int)i : h;
        for (int k = h >= 0 && b->y[h] >= 0 ? b->first[h] : 0;
             h >= 0 && b->y[h] >= 0 && k < b->end[h]; k++)
            if (start[b->col_unit[k]] == g)
                x[k] = 1;
    }
    free(mem);
}

/* The greedy cohorts as a start. */
static void start_values(builder *b, const nm_px *c, const size_t *set, size_t n,
                         const int *start)
{
    b->m.start = nm_calloc((size_t)b->m.ncols + 1, sizeof *b->m.start);
    fill(b, c, set, n, start, b->m.start);
}

/* The pooling local (per local unit its hub, or -1) into x when it is a
 * point of the program that places more than x.  Returns 1 when taken. */
static int take_if_more(const builder *b, const nm_px *c, const size_t *set, size_t n,
                        const int *local, const double *w, double *x)
{
    int took = 0;
    double *y = nm_calloc((size_t)b->m.ncols + 1, sizeof *y);
    fill(b, c, set, n, local, y);
    if (dot(w, y, b->m.ncols) > dot(w, x, b->m.ncols) + 0.5 && nm_px_feasible(&b->m, y)) {
        memcpy(x, y, (size_t)b->m.ncols * sizeof *x);
        took = 1;
    }
    free(y);
    return took;
}

/* The counting bound's own pooling (pool_bound.c) into x when it is a
 * point of the program that places more than x: then it places the most
 * any pooling can.  Returns 1 when taken. */
static int counted_start(const builder *b, const nm_px *c, const size_t *set, size_t n,
                         const double *w, double q, double *x)
{
    int *local = nm_calloc(n + 1, sizeof *local), took = 0;
    if (nm_px_count_pooling(c, set, n, q, local))
        took = take_if_more(b, c, set, n, local, w, x);
    free(local);
    return took;
}

/* The local search's pooling (pool_improve.c) from x into x when it is a
 * point of the program that places more.  Returns 1 when taken. */
static int improved_start(const builder *b, const nm_px *c, const size_t *set, size_t n,
                          const double *w, double q, double *x)
{
    int *local = nm_calloc(n + 1, sizeof *local), took = 0;
    for (size_t i = 0; i < n; i++)
        local[i] = -1;
    for (int k = 0; k < b->m.ncols; k++)
        if (x[k] > 0.5)
            local[b->col_unit[k]] = b->col_hub[k];
    if (nm_px_improve(c, set, n, q, local))
        took = take_if_more(b, c, set, n, local, w, x);
    free(local);
    return took;
}

static void free_builder(builder *b)
{
    free(b->m.obj);
    free(b->m.row_start);
    free(b->m.idx);
    free(b->m.val);
    free(b->m.sense);
    free(b->m.rhs);
    free(b->m.start);
    free(b->col_unit);
    free(b->col_hub);
    free(b->y);
    free(b->first);
    free(b->end);
}

/* Which local units could be hubs (the part's units all are active). */
static void local_hubs(const nm_px *c, const size_t *set, size_t n, char *hub)
{
    double *buf = nm_calloc(c->n + 1, sizeof *buf);
    char *in = nm_calloc(c->n + 1, 1);
    for (size_t i = 0; i < n; i++)
        in[set[i]] = 1;
    for (size_t h = 0; h < n; h++)
        hub[h] = (char)nm_px_can_hub(c, set[h], in, buf);
    free(in);
    free(buf);
}

/* Potentials in whole steps of 1/q, per column (its unit's). */
static double *column_steps(const builder *b, const nm_px *c, const size_t *set, double q)
{
    double *w = nm_calloc((size_t)b->m.ncols + 1, sizeof *w);
    for (int k = 0; k < b->m.ncols; k++)
        w[k] = round(c->units[set[b->col_unit[k]]].potential * q);
    return w;
}

/* What every stage weighs, made once per program: per column its unit's
 * potential in steps (w) and whether it is a hub's own (ones: a cohort);
 * all, the steps of every unit of the part. */
typedef struct weights {
    double *w, *ones;
    double all;
    double counted;           /* steps: nm_px_count_bound */
    double q;                 /* steps per student */
} weights;

static weights make_weights(const builder *b, const nm_px *c, const size_t *set, size_t n,
                            double q)
{
    weights v = {column_steps(b, c, set, q), nm_calloc((size_t)b->m.ncols + 1, sizeof(double)),
                 0, nm_px_count_bound(c, set, n, q), q};
    for (size_t i = 0; i < n; i++)
        v.all += round(c->units[set[i]].potential * q);
    for (int k = 0; k < b->m.ncols; k++)
        v.ones[k] = b->col_unit[k] == b->col_hub[k];
    return v;
}

/* One stage: minimise the objective b->m.obj from b->m.start (a feasible
 * point: the solver's cutoff); whole: the objective takes whole values on
 * 0/1 points.  The linear relaxation first: when its bound meets the start,
 * or its optimum is already 0/1, the stage needs no branch and bound.
 * x (output) the best, at worst the start; *lb (output) a proven bound on
 * the objective.  Returns 1 when proven. */
static int stage(builder *b, const nm_px *c, int whole, double *x, double *lb,
                 nm_pool_outcome *out)
{
    int n = b->m.ncols, integral;
    double from = 0;
    for (int k = 0; k < n; k++)
        from += b->m.obj[k] * b->m.start[k];
    out->how.stages++;
    *lb = -INFINITY;
    if (nm_px_relaxed(&b->m, lb, x, &integral) == 1) {
        if (whole)
            *lb = ceil(*lb - 1e-6);
        if (integral || *lb >= from - 1e-9 * (1 + fabs(from))) {
            if (!integral)
                memcpy(x, b->m.start, (size_t)n * sizeof *x);
            out->how.relaxed++;
            return 1;
        }
    }
    if (n > NM_POOL_BRANCH_MAX) { /* too large to branch on */
        double root = -INFINITY;
        int cbc = whole && !c->limits.solver && isfinite(*lb);
        if (!cbc || !nm_px_root_heuristics(&b->m, 0, x, &root))
            memcpy(x, b->m.start, (size_t)n * sizeof *x);
        else if (dot(b->m.obj, x, n) <= *lb + 1e-6) { /* the relaxation proves it */
            out->how.rooted++;
            return 1;
        }
        if (cbc && dot(b->m.obj, x, n) <= *lb + 1 + 1e-6) { /* one short: CBC's root cuts */
            memcpy(b->m.start, x, (size_t)n * sizeof *x);
            nm_px_root_heuristics(&b->m, 1, x, &root);
            double at = dot(b->m.obj, x, n); /* a bound above a point: no bound */
            if (ceil(root - 1e-6) >= at - 1e-6 && root < at + 0.5) {
                *lb = at;
                out->how.rooted++;
                return 1;
            }
        }
        return 0;
    }
    long nodes = 0;
    nm_pool_solver solve = c->limits.solver ? c->limits.solver : nm_pool_solve_cbc;
    double lp = *lb;
    int r = solve(&b->m, &c->limits, x, lb, &nodes);
    out->how.nodes += nodes;
    *lb = fmax(*lb, lp);
    if (r < 0)
        memcpy(x, b->m.start, (size_t)n * sizeof *x);
    return r == 1;
}

/* The objective of stage 2 (cohorts: each y_h) or 3 (travel p_i d_ih). */
static void objective(builder *b, const nm_px *c, const size_t *set, int cohorts)
{
    for (int k = 0; k < b->m.ncols; k++) {
        size_t i = set[b->col_unit[k]], h = set[b->col_hub[k]];
        b->m.obj[k] = cohorts ? (i == h)
                              : c->units[i].potential *
                                    nm_distance(c->dist, c->units[i].muni, c->units[h].muni);
    }
}

/* A row over every column: coef[k] x_k (sense) rhs. */
static void whole_row(builder *b, const double *coef, char sense, double rhs)
{
    begin_row(b);
    for (int k = 0; k < b->m.ncols; k++)
        if (coef[k] != 0)
            add_coef(b, k, coef[k]);
    end_row(b, sense, rhs);
}

/* Must every pooling that places what x places, in at most two cohorts,
 * place x's units?  Yes when x places every unit, or 2 L units each above
 * every unit it leaves out (in steps).  placed (output): x's units. */
static int forced(const builder *b, const nm_px *c, size_t n, const double *w,
                  const double *x, char *placed)
{
    double in_min = INFINITY, out_max = -INFINITY;
    size_t m = 0;
    memset(placed, 0, n);
    for (int k = 0; k < b->m.ncols; k++)
        if (x[k] > 0.5)
            placed[b->col_unit[k]] = 1;
    for (int k = 0; k < b->m.ncols; k++) /* each unit's steps: its own column's */
        if (placed[b->col_unit[k]])
            in_min = fmin(in_min, w[k]);
        else
            out_max = fmax(out_max, w[k]);
    for (size_t i = 0; i < n; i++)
        m += (size_t)placed[i];
    return m > c->max_locations &&
           (m == n || (m == 2 * c->max_locations && out_max < in_min - 0.5));
}

/* Stage 3 by distance with two cohorts whose units are forced: the pair
 * dynamic program (pool_pair.c) gives the least travel.  x (in/out): the
 * stage's start, replaced by that optimum when it is a point of the
 * program (rows of stages 1 and 2 included).  Returns 1 then. */
static int paired(const builder *b, const nm_px *c, const size_t *set, size_t n,
                  const weights *v, double *x)
{
    if (c->reach > 0 || v->q > 100 || dot(v->ones, x, b->m.ncols) != 2)
        return 0;
    char *placed = nm_calloc(n + 1, 1);
    int *local = nm_calloc(n + 1, sizeof *local), took = 0;
    if (forced(b, c, n, v->w, x, placed) && nm_px_two_cohorts(c, set, n, placed, v->q, local)) {
        double *y = nm_calloc((size_t)b->m.ncols + 1, sizeof *y), from = 0, to = 0;
        fill(b, c, set, n, local, y);
        for (int k = 0; k < b->m.ncols; k++) {
            from += b->m.obj[k] * (x[k] > 0.5);
            to += b->m.obj[k] * (y[k] > 0.5);
        }
        if (nm_px_feasible(&b->m, y) && to <= from + 1e-6 * (1 + fabs(from))) {
            memcpy(x, y, (size_t)b->m.ncols * sizeof *x);
            took = 1;
        }
        free(y);
    }
    free(placed);
    free(local);
    return took;
}

/* The work one travel search (pool_travel.c) may take: hub sets times
 * units plus search nodes: on the benchmark 0.05 s at most, and a part
 * whose search would take more (a few tenths of a second) is left to the
 * other methods. */
#define TRAVEL_WORK_MAX 2e7

/* Stage 3 with the cohorts' count K and the units to place forced: every
 * set of K hubs searched (pool_travel.c), exactly.  Forced: x places every
 * unit (each at least a step), or K L units none smaller than a unit it
 * leaves out (then every pooling placing as much in K cohorts takes the
 * units above the smallest it places and as many of those equal to it).
 * x (in/out): the stage's best, replaced by a point of the program that
 * travels less when one exists.  Returns 1 when x is then proven least. */
static int hubs_searched(const builder *b, const nm_px *c, const size_t *set, size_t n,
                         const weights *v, double *x)
{
    size_t K = (size_t)llround(dot(v->ones, x, b->m.ncols)), m = 0, L = c->max_locations;
    char *placed = nm_calloc(n + 1, 1), *must = nm_calloc(n + 1, 1), *hub = nm_calloc(n + 1, 1);
    double *steps = nm_calloc(n + 1, sizeof *steps), in_min = INFINITY, out_max = -INFINITY;
    for (int k = 0; k < b->m.ncols; k++) {
        steps[b->col_unit[k]] = v->w[k];
        placed[b->col_unit[k]] |= x[k] > 0.5;
    }
    for (size_t i = 0; i < n; i++) {
        m += (size_t)placed[i];
        if (placed[i])
            in_min = fmin(in_min, steps[i]);
        else
            out_max = fmax(out_max, steps[i]);
    }
    int ok = K > 0 && in_min >= 0.5 && (m == n || (m == K * L && in_min >= out_max));
    for (size_t i = 0; i < n && ok; i++) /* above the smallest placed: must */
        must[i] = m == n || steps[i] > in_min + 0.5 ||
                  (placed[i] && in_min > out_max + 0.5);
    int proven = 0;
    if (ok) {
        double *cost = nm_calloc(n * n + 1, sizeof *cost), *p = nm_calloc(n + 1, sizeof *p);
        double *room = nm_calloc(n + 1, sizeof *room), from = dot(b->m.obj, x, b->m.ncols), best;
        for (size_t i = 0; i < n * n; i++)
            cost[i] = INFINITY;
        for (int k = 0; k < b->m.ncols; k++)
            if (steps[b->col_unit[k]] > in_min - 0.5)
                cost[(size_t)b->col_unit[k] * n + (size_t)b->col_hub[k]] = b->m.obj[k];
        for (size_t i = 0; i < n; i++) { /* below the smallest placed: never placed */
            hub[i] = b->y[i] >= 0 && steps[i] > in_min - 0.5;
            p[i] = c->units[set[i]].potential;
            room[i] = nm_px_room(c, set[i], 1);
        }
        nm_pt_problem pr = {n,    K, m,    c->min_munis ? c->min_munis : 1, L, c->viable,
                            cost, p, room, hub, must, 0};
        int *hub_of = nm_calloc(n + 1, sizeof *hub_of);
        int r = nm_pt_least(&pr, from, TRAVEL_WORK_MAX, hub_of, &best);
        if (r == 0)
            proven = 1; /* no K cohorts of those units travel less */
        else if (r == 1) {
            double *y = nm_calloc((size_t)b->m.ncols + 1, sizeof *y);
            for (int k = 0; k < b->m.ncols; k++)
                y[k] = hub_of[b->col_unit[k]] == b->col_hub[k];
            if (nm_px_feasible(&b->m, y)) {
                memcpy(x, y, (size_t)b->m.ncols * sizeof *x);
                proven = 1;
            }
            free(y);
        }
        free(hub_of);
        free(cost);
        free(p);
        free(room);
    }
    free(placed);
    free(must);
    free(hub);
    free(steps);
    return proven;
}

/* The three stages of the objective (docs/method.md): most potential
 * placed; then, with that placed, fewest cohorts; then, with both, least
 * travel.  A stage is skipped when its start meets a bound: every unit
 * placed, or one cohort per L units placed.  x (in: the start; out: the
 * best).  Returns 1 when every stage is proven; *placed_bound (output) in
 * steps: the most any pooling of the part can place. */
static int stages(builder *b, const nm_px *c, const size_t *set, size_t n, const weights *v,
                  double *x, double *placed_bound, nm_pool_outcome *out)
{
    const double *w = v->w, *ones = v->ones, all = v->all;
    double lb;
    int proven = 1;
    *placed_bound = fmin(all, v->counted);
    if (dot(w, x, b->m.ncols) < *placed_bound - 0.5 &&
        counted_start(b, c, set, n, w, v->q, x))
        out->how.counted++; /* 1 proven: it places the count */
    if (dot(w, x, b->m.ncols) < *placed_bound - 0.5 &&
        improved_start(b, c, set, n, w, v->q, x))
        out->how.improved++;
    if (dot(w, x, b->m.ncols) < *placed_bound - 0.5) { /* 1: most placed */
        for (int k = 0; k < b->m.ncols; k++)
            b->m.obj[k] = -w[k];
        memcpy(b->m.start, x, (size_t)b->m.ncols * sizeof *x);
        proven = stage(b, c, 1, x, &lb, out);
        if (!proven && isfinite(lb))
            *placed_bound = fmin(*placed_bound, floor(-lb + 1e-6));
        if (!proven && dot(w, x, b->m.ncols) >= *placed_bound - 0.5) {
            proven = 1; /* the counting bound proves what the stage found */
            out->how.counted++;
        }
        if (proven)
            *placed_bound = dot(w, x, b->m.ncols);
    } else
        out->how.counted += *placed_bound < all - 0.5;
    double placed = dot(w, x, b->m.ncols), units = 0;
    for (int k = 0; k < b->m.ncols; k++)
        units += x[k] > 0.5;
    whole_row(b, w, 'G', placed);
    double least = placed >= all - 0.5 ? ceil(units / (double)c->max_locations - 1e-9) : 1;
    least = fmax(least, (double)nm_px_count_cohorts(c, set, n, v->q, placed));
    if (dot(ones, x, b->m.ncols) > least + 0.5) { /* 2: fewest cohorts */
        objective(b, c, set, 1);
        memcpy(b->m.start, x, (size_t)b->m.ncols * sizeof *x);
        proven = stage(b, c, 1, x, &lb, out) && proven;
    }
    whole_row(b, ones, 'L', dot(ones, x, b->m.ncols));
    objective(b, c, set, 0); /* 3: least travel */
    if (proven && paired(b, c, set, n, v, x)) {
        out->how.paired++;
        return 1;
    }
    memcpy(b->m.start, x, (size_t)b->m.ncols * sizeof *x);
    int travel = stage(b, c, 0, x, &lb, out);
    if (!travel && proven && hubs_searched(b, c, set, n, v, x)) {
        out->how.hubs++;
        travel = 1;
    }
    proven = travel && proven;
    return proven;
}

/* Everything placed in K cohorts, K = one per L units and up (at most
 * AT_ONCE_TRIES values): the least travel of the linear relaxation, for
 * each K while that relaxation is infeasible (then no pooling places
 * everything in K cohorts).  When it is
 * feasible and its optimum is 0/1, that optimum is the part's, every stage
 * proven by one linear program.  Returns 1 then (x: the optimum), else 0
 * (the program as it was). */
enum { AT_ONCE_TRIES = 4 };

static int at_once(builder *b, const nm_px *c, const size_t *set, size_t n, const weights *v,
                   double *x, nm_pool_outcome *out)
{
    int nrows = b->m.nrows, nz = b->nz, integral = 0, r;
    double lb, most = 0;
    for (int k = 0; k < b->m.ncols; k++)
        most += v->ones[k];
    objective(b, c, set, 0);
    whole_row(b, v->w, 'G', v->all);
    whole_row(b, v->ones, 'L', most); /* can everything be placed at all? */
    out->how.stages++;
    r = nm_px_relaxed(&b->m, &lb, x, &integral) == -1 ? 0 : -1;
    b->m.rhs[b->m.nrows - 1] = ceil((double)n / (double)c->max_locations - 1e-9);
    for (int t = 0; r == -1 && t < AT_ONCE_TRIES && b->m.rhs[b->m.nrows - 1] <= most;
         t++, b->m.rhs[b->m.nrows - 1]++) {
        out->how.stages++;
        r = nm_px_relaxed(&b->m, &lb, x, &integral);
    }
    b->m.nrows = nrows;
    b->nz = nz;
    if (r == 1 && integral) {
        out->how.relaxed++;
        return 1;
    }
    return 0;
}

/* One solve of the program with the shared rows of u: local (output) the
 * best, *most (output) a proven bound on the steps it places, *q its steps.
 * Returns 1 when proven, 0 not, -1 when too large to solve (local: start). */
static int solve_once(const nm_px *c, const size_t *set, size_t n, const int *start, int *local,
                      nm_pool_outcome *out, const cuts *u, double *most, double *q, int *hubs)
{
    builder b;
    memset(&b, 0, sizeof b);
    char *hub = nm_calloc(n + 1, 1);
    b.y = nm_calloc(n + 1, sizeof *b.y);
    b.first = nm_calloc(n + 1, sizeof *b.first);
    b.end = nm_calloc(n + 1, sizeof *b.end);
    begin_row(&b); /* row_start[0] */
    local_hubs(c, set, n, hub);
    columns(&b, c, set, n, hub);
    *most = 0;
    if (b.m.ncols > NM_POOL_COLUMNS_MAX) { /* too large: the start stays, unproven */
        for (size_t i = 0; i < n; i++)
            local[i] = start[i];
        free(hub);
        free_builder(&b);
        return -1;
    }
    unit_rows(&b, n);
    for (size_t h = 0; h < n; h++)
        if (b.y[h] >= 0)
            hub_rows(&b, c, set, (int)h);
    shared_rows(&b, c, set, u);
    start_values(&b, c, set, n, start);
    if (!nm_px_feasible(&b.m, b.m.start)) /* the greedy start over-promises the
                                             shared placements: start from none */
        memset(b.m.start, 0, (size_t)b.m.ncols * sizeof *b.m.start);
    double *x = nm_calloc((size_t)b.m.ncols + 1, sizeof *x);
    *q = steps(c, set, n);
    memcpy(x, b.m.start, (size_t)b.m.ncols * sizeof *x);
    weights v = make_weights(&b, c, set, n, *q);
    /* everything placed at once: not when counting says it cannot be */
    int proven = v.counted >= v.all - 0.5 && at_once(&b, c, set, n, &v, x, out);
    if (!proven) {
        memcpy(x, b.m.start, (size_t)b.m.ncols * sizeof *x);
        proven = stages(&b, c, set, n, &v, x, most, out);
    } else {
        *most = dot(v.w, x, b.m.ncols);
    }
    free(v.w);
    free(v.ones);
    for (size_t i = 0; i < n; i++)
        local[i] = -1;
    int next = 0;
    for (size_t h = 0; h < n; h++) {
        if (b.y[h] < 0 || x[b.y[h]] < 0.5)
            continue;
        for (int k = b.first[h]; k < b.end[h]; k++)
            if (x[k] > 0.5)
                local[b.col_unit[k]] = next;
        hubs[next++] = (int)h;
    }
    free(x);
    free(hub);
    free_builder(&b);
    return proven;
}

/* Rounds of the shared rows (cuts) a program may take before it stops,
 * marked limit (a deterministic bound on the work).  It stops sooner when
 * the cut found is already a row: the solver's tolerance let the row pass
 * where the maximum flow's does not, and solving again finds the same. */
enum { SHARED_ROUNDS_MAX = 40 };

/* The cohorts of local (at the program's hubs) covered together by the
 * sites?  If not, the hubs of the short side of the smallest cut into in. */
static int shared_fits(const nm_px *c, const size_t *set, size_t n, const int *local,
                       const int *hubs, char *in)
{
    size_t nc = 0;
    for (size_t i = 0; i < n; i++)
        nc = local[i] + 1 > (int)nc ? (size_t)local[i] + 1 : nc;
    size_t *h = nm_calloc(nc + 1, sizeof *h);
    double *need = nm_calloc(nc + 1, sizeof *need);
    char *side = nm_calloc(nc + 1, 1);
    for (size_t k = 0; k < nc; k++)
        h[k] = c->units[set[hubs[k]]].muni;
    for (size_t i = 0; i < n; i++)
        if (local[i] >= 0)
            need[local[i]] += c->units[set[i]].potential * c->rules->enrolment_rate;
    int fits = nm_share_feasible(c->limits.sites, h, need, nc);
    if (!fits) {
        nm_share_cut(c->limits.sites, h, need, nc, side);
        memset(in, 0, n);
        for (size_t k = 0; k < nc; k++)
            in[hubs[k]] = side[k];
    }
    free(h);
    free(need);
    free(side);
    return fits;
}

double nm_px_program(const nm_px *c, const size_t *set, size_t n, const int *start, int *local,
                     nm_pool_outcome *out)
{
    double total = 0, most = 0, q = 1;
    for (size_t i = 0; i < n; i++)
        total += c->units[set[i]].potential;
    cuts u = {NULL, NULL, 0, n};
    char *in = nm_calloc(n + 1, 1);
    int *hubs = nm_calloc(n + 1, sizeof *hubs), proven = 0;
    const nm_share_sites *s = c->limits.sites;
    if (s && s->n && s->reach <= 0) { /* every placement within reach of every hub */
        memset(in, 1, n);
        add_cut(&u, c, set, in);
    }
    for (size_t round = 0;; round++) {
        proven = solve_once(c, set, n, start, local, out, &u, &most, &q, hubs);
        if (proven < 0) {
            out->status = NM_POOL_LIMIT;
            break;
        }
        if (!s || !s->n || shared_fits(c, set, n, local, hubs, in))
            break;
        /* still short after the last round, or the same cut again: none of it is kept */
        if (round + 1 >= SHARED_ROUNDS_MAX || has_cut(&u, in)) {
            for (size_t i = 0; i < n; i++)
                local[i] = -1;
            proven = 0;
            break;
        }
        add_cut(&u, c, set, in);
    }
    free(u.in);
    free(u.rhs);
    free(in);
    free(hubs);
    if (proven < 0)
        return total;
    if (!proven)
        out->status = NM_POOL_LIMIT;
    return proven ? 0 : fmin(total, most / q); /* proven: the caller takes what is placed */
}
