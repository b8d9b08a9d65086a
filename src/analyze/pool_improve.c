/* pool_improve.c - a better start for the most-placed stage of a part's
 * program (pool_mip.c): local search over poolings, placing more potential
 * students than the greedy start where reach splits the demand among
 * overlapping hubs.  A heuristic, never a proof: the program takes its
 * pooling only when it is a point of the program placing more; a stage is
 * proven only by a bound (the relaxation, the count) meeting it.
 *
 * Moves, each placing more steps (round(p q)) and keeping every cohort
 * valid (nm_px_cohort: reach from a member hub, L locations, M
 * municipalities, viable, the cap, placements), tried in a fixed order
 * until none applies or a pass budget is spent:
 *   insert  an unplaced unit into a cohort;
 *   swap    an unplaced unit for a smaller placed one;
 *   eject   an unplaced unit into a cohort whose member moves to another;
 *   open    a new cohort of unplaced units near a hub, taking members that
 *           their cohorts can spare when the unplaced alone are not viable.
 * Then ruin and recreate: each cohort, and each pair of cohorts, dissolved
 * and the moves run again, kept when more is placed.  All of it from the
 * given pooling and again from nothing; the better is returned.  The work
 * is bounded by a count of cohort evaluations (tests of a cohort, nm_px_valid:
 * BUDGET n^2 + 4000), not by time.  The scans between evaluations are not
 * counted: they pass over every cohort id, and ids are not reused (a cohort
 * emptied or dissolved keeps its id, so that the scans meet the cohorts in
 * the order they were opened), at most the cohorts given plus one per
 * cohort opened, each opening placing at least one more step.
 * Deterministic: units in order of steps (descending), then index.
 * Shortcuts that leave the result as it is (2026-12-08): the search stops
 * once it places the bound (every unit, or nm_px_count_bound) with no
 * zero-step unit left out, since nothing after could be kept; eject works
 * out where each placed unit could go once per call, and skips the tests
 * that surely fail by size or potential, counting each as the evaluation
 * it replaces (so the budget runs out where it did). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "needmap/alloc.h"
#include "pool_exact_int.h"

enum { BUDGET = 200 }; /* cohort evaluations per unit squared */

typedef struct search {
    const nm_px *c;
    const size_t *set;
    size_t n;
    double *w;                /* steps per local unit */
    size_t *order;            /* local units by steps, descending */
    int *g;                   /* local unit -> cohort or -1 */
    size_t *buf;              /* room for n global units */
    int ncohorts;             /* cohort ids in [0, ncohorts); some may be empty */
    long budget;              /* cohort evaluations left */
    size_t *hubs;             /* local units by the unplaced potential that may
                                 join them, descending (open_cohort) */
    double *near;             /* that potential */
    double bound;             /* steps no pooling places more than (stop) */
    int *goes;                /* eject: cohort_for of each placed unit, -2: not asked */
    long *cost;               /* the cohort evaluations it took */
    size_t *size;             /* cohort_for: units per cohort id */
    size_t nsize;             /* room in size */
    int shortcuts;            /* 0: the stop at the bound and eject's memo off */
    size_t *tsize, *tfirst;   /* tally: units, first two units per cohort */
    double *tpot;             /* tally: potential per cohort */
    size_t nt;                /* room in those */
} search;

/* s->hubs: the unplaced units by the potential of the unplaced that may
 * join them (themselves included), descending, then by order. */
static void rank_hubs(search *s)
{
    for (size_t a = 0; a < s->n; a++) {
        size_t h = s->order[a];
        s->near[h] = 0;
        for (size_t i = 0; i < s->n && s->g[h] < 0; i++)
            if (s->g[i] < 0 && nm_px_may_join(s->c, s->set[i], s->set[h]))
                s->near[h] += s->w[i];
        s->hubs[a] = h;
    }
    for (size_t a = 1; a < s->n; a++) /* insertion sort, stable */
        for (size_t b = a; b > 0 && s->near[s->hubs[b]] > s->near[s->hubs[b - 1]]; b--) {
            size_t t = s->hubs[b];
            s->hubs[b] = s->hubs[b - 1];
            s->hubs[b - 1] = t;
        }
}

/* Is cohort k, with unit add (or SIZE_MAX) in and unit drop (or SIZE_MAX)
 * out, a valid cohort (or empty)? */
static int valid_with(search *s, int k, size_t add, size_t drop)
{
    size_t m = 0;
    for (size_t i = 0; i < s->n; i++)
        if ((s->g[i] == k && i != drop) || i == add) {
            if (m == s->c->max_locations)
                return 0;
            s->buf[m++] = s->set[i];
        }
    s->budget--;
    return m == 0 || nm_px_valid(s->c, s->buf, m);
}

/* The first cohort other than `except` (or -1) that is not empty and stays
 * valid with unit i added; -1 when none. */
static int cohort_for(search *s, size_t i, int except)
{
    if (s->ncohorts <= 0)
        return -1;
    if ((size_t)s->ncohorts > s->nsize) { /* the cohorts' sizes, in one pass */
        s->nsize = 2 * (size_t)s->ncohorts;
        s->size = nm_realloc(s->size, s->nsize * sizeof *s->size);
    }
    memset(s->size, 0, (size_t)s->ncohorts * sizeof *s->size);
    for (size_t j = 0; j < s->n; j++)
        if (s->g[j] >= 0)
            s->size[s->g[j]]++;
    for (int k = 0; k < s->ncohorts; k++)
        if (k != except && s->size[k] && valid_with(s, k, i, SIZE_MAX))
            return k;
    return -1;
}

static int insert(search *s)
{
    for (size_t a = 0; a < s->n && s->budget > 0; a++) {
        size_t i = s->order[a];
        int k = s->g[i] < 0 ? cohort_for(s, i, -1) : -1;
        if (k >= 0) {
            s->g[i] = k;
            return 1;
        }
    }
    return 0;
}

static int swap(search *s)
{
    for (size_t a = 0; a < s->n && s->budget > 0; a++) {
        size_t i = s->order[a];
        if (s->g[i] >= 0)
            continue;
        for (size_t b = s->n; b-- > 0;) { /* the smallest placed first */
            size_t j = s->order[b];
            if (s->w[j] >= s->w[i])
                break;
            if (s->g[j] < 0 || !valid_with(s, s->g[j], i, j))
                continue;
            s->g[i] = s->g[j];
            s->g[j] = -1;
            return 1;
        }
    }
    return 0;
}

/* Per cohort id (as the pooling stands): its units, their potential, its
 * first two units (SIZE_MAX: none). */
static void tally(search *s)
{
    size_t k = s->ncohorts > 0 ? (size_t)s->ncohorts : 1;
    if (k > s->nt) {
        s->nt = 2 * k;
        s->tsize = nm_realloc(s->tsize, s->nt * sizeof *s->tsize);
        s->tpot = nm_realloc(s->tpot, s->nt * sizeof *s->tpot);
        s->tfirst = nm_realloc(s->tfirst, 2 * s->nt * sizeof *s->tfirst);
    }
    for (size_t l = 0; l < k; l++) {
        s->tsize[l] = 0;
        s->tpot[l] = 0;
        s->tfirst[2 * l] = s->tfirst[2 * l + 1] = SIZE_MAX;
    }
    for (size_t i = 0; i < s->n; i++) {
        int l = s->g[i];
        if (l < 0)
            continue;
        if (s->tsize[l] < 2)
            s->tfirst[2 * (size_t)l + s->tsize[l]] = i;
        s->tsize[l]++;
        s->tpot[l] += s->c->units[s->set[i]].potential;
    }
}

/* Is cohort k (tallied) with unit i in and its unit j out surely not valid
 * (valid_with's answer 0)?  Its size under the municipalities asked, or its
 * potential, summed in another order (so with a margin far above the
 * rounding), below the viable or above the cap with two municipalities. */
static int surely_not(const search *s, int k, size_t i, size_t j)
{
    const nm_px *c = s->c;
    size_t m = s->tsize[k];
    if (m > c->max_locations)
        return 0; /* valid_with says no without counting: leave it to it */
    if (m < c->min_munis)
        return 1;
    double p = s->tpot[k] - c->units[s->set[j]].potential + c->units[s->set[i]].potential;
    if (p < c->viable - 1e-6)
        return 1;
    size_t r = s->tfirst[2 * (size_t)k] != j ? s->tfirst[2 * (size_t)k] : s->tfirst[2 * (size_t)k + 1];
    return r != SIZE_MAX && c->units[s->set[r]].muni != c->units[s->set[i]].muni &&
           p > c->cap + 1e-6;
}

/* Until a move is made the pooling stays as it is, and with it where each
 * placed unit j could go (cohort_for(j, its cohort)): worked out once per
 * call, for the first unplaced unit that asks, and its cohort evaluations
 * counted again for every later one, as if evaluated anew (the budget, so
 * the result, as without the memo). */
static int eject(search *s)
{
    for (size_t j = 0; j < s->n; j++)
        s->goes[j] = -2; /* not worked out */
    if (s->shortcuts)
        tally(s);
    for (size_t a = 0; a < s->n && s->budget > 0; a++) {
        size_t i = s->order[a];
        if (s->g[i] >= 0)
            continue;
        for (size_t j = 0; j < s->n && s->budget > 0; j++) {
            int k = s->g[j];
            if (k < 0)
                continue;
            if (s->shortcuts && surely_not(s, k, i, j)) {
                s->budget--; /* as valid_with counts it */
                continue;
            }
            if (!valid_with(s, k, i, j))
                continue;
            if (s->goes[j] == -2 || !s->shortcuts) {
                long left = s->budget;
                s->goes[j] = cohort_for(s, j, k);
                s->cost[j] = left - s->budget;
            } else
                s->budget -= s->cost[j];
            int t = s->goes[j];
            if (t >= 0) {
                s->g[i] = k;
                s->g[j] = t;
                return 1;
            }
        }
    }
    return 0;
}

/* A new cohort headed by unplaced unit h: the unplaced that may join h,
 * largest first, while its potential stays within h's room; then, until it
 * is valid, the smallest placed units that may join h and that their
 * cohorts can spare.  Taken when valid (it places h and more), else undone. */
static int open_cohort(search *s, int *saved)
{
    const nm_px *c = s->c;
    rank_hubs(s);
    for (size_t a = 0; a < s->n && s->budget > 0; a++) {
        size_t h = s->hubs[a];
        if (s->g[h] >= 0)
            continue;
        int k = s->ncohorts++;
        size_t m = 1;
        double pot = c->units[s->set[h]].potential, room = nm_px_room(c, s->set[h], 1);
        memcpy(saved, s->g, s->n * sizeof *saved);
        s->g[h] = k;
        for (size_t b = 0; b < s->n && m < c->max_locations; b++) {
            size_t i = s->order[b];
            double p = c->units[s->set[i]].potential;
            if (s->g[i] >= 0 || pot + p > room + 1e-9 || !nm_px_may_join(c, s->set[i], s->set[h]))
                continue;
            s->g[i] = k;
            pot += p;
            m++;
        }
        for (size_t b = s->n; b-- > 0 && m < c->max_locations &&
                              !valid_with(s, k, SIZE_MAX, SIZE_MAX);) {
            size_t i = s->order[b];
            double p = c->units[s->set[i]].potential;
            if (s->g[i] < 0 || s->g[i] == k || pot + p > room + 1e-9 ||
                !nm_px_may_join(c, s->set[i], s->set[h]) || !valid_with(s, s->g[i], SIZE_MAX, i))
                continue;
            s->g[i] = k;
            pot += p;
            m++;
        }
        if (valid_with(s, k, SIZE_MAX, SIZE_MAX))
            return 1;
        memcpy(s->g, saved, s->n * sizeof *saved);
        s->ncohorts--;
    }
    return 0;
}

static double placed_of(const search *s)
{
    double t = 0;
    for (size_t i = 0; i < s->n; i++)
        t += s->g[i] >= 0 ? s->w[i] : 0;
    return t;
}

/* Does the pooling place the bound, every unit left out a step or more?
 * Then no move applies (each places a left-out unit, so a step more than
 * any pooling can) and no ruin and recreate is kept (only placing more
 * is): the rest of the search would end where it is, and is not run. */
static int at_bound(const search *s)
{
    if (!s->shortcuts || placed_of(s) < s->bound - 0.5)
        return 0;
    for (size_t i = 0; i < s->n; i++)
        if (s->g[i] < 0 && s->w[i] < 0.5)
            return 0;
    return 1;
}

/* The moves until none applies (or the budget is spent). */
static void descend(search *s, int *saved)
{
    while (s->budget > 0 && !at_bound(s) &&
           (insert(s) || swap(s) || eject(s) || open_cohort(s, saved)))
        ;
}

/* Ruin and recreate: each cohort in turn, and each pair of cohorts,
 * dissolved and the moves run again; kept when more is placed, else
 * undone.  Until no cohort or pair helps. */
static void recreate(search *s, int *saved, int *best)
{
    int again = 1;
    while (again && s->budget > 0 && !at_bound(s)) {
        again = 0;
        for (int pair = 0; pair < s->ncohorts * (s->ncohorts + 1) && s->budget > 0 && !at_bound(s);
             pair++) {
            int k = pair % s->ncohorts, l = pair / s->ncohorts - 1; /* l < 0: k alone */
            if (l >= k)
                continue;
            double before = placed_of(s);
            int ncohorts = s->ncohorts, any = 0;
            memcpy(best, s->g, s->n * sizeof *best);
            for (size_t i = 0; i < s->n; i++)
                if (s->g[i] == k || (l >= 0 && s->g[i] == l)) {
                    s->g[i] = -1;
                    any = 1;
                }
            if (!any)
                continue;
            descend(s, saved);
            if (placed_of(s) > before + 0.5) {
                again = 1;
                continue;
            }
            memcpy(s->g, best, s->n * sizeof *best);
            s->ncohorts = ncohorts;
        }
    }
}

int nm_px_improve_with(const nm_px *c, const size_t *set, size_t n, double q, int *local,
                       int shortcuts, long *evaluations)
{
    search s = {c, set, n, nm_calloc(n + 1, sizeof(double)), nm_calloc(n + 1, sizeof(size_t)),
                nm_calloc(n + 1, sizeof(int)), nm_calloc(n + 1, sizeof(size_t)), 0,
                (long)(BUDGET * n * n + 4000), nm_calloc(n + 1, sizeof(size_t)),
                nm_calloc(n + 1, sizeof(double)), 0, nm_calloc(n + 1, sizeof(int)),
                nm_calloc(n + 1, sizeof(long)), NULL, 0, shortcuts, NULL, NULL, NULL, 0};
    int *saved = nm_calloc(n + 1, sizeof *saved), *best = nm_calloc(n + 1, sizeof *best),
        *from = nm_calloc(n + 1, sizeof *from), better = 0;
    double before = 0, after = 0;
    for (size_t i = 0; i < n; i++) {
        s.w[i] = round(c->units[set[i]].potential * q);
        s.order[i] = i;
        s.g[i] = local[i];
        s.ncohorts = local[i] + 1 > s.ncohorts ? local[i] + 1 : s.ncohorts;
    }
    for (size_t i = 1; i < n; i++) /* insertion sort: steps descending, then index */
        for (size_t j = i; j > 0 && s.w[s.order[j]] > s.w[s.order[j - 1]]; j--) {
            size_t t = s.order[j];
            s.order[j] = s.order[j - 1];
            s.order[j - 1] = t;
        }
    for (int k = 0; k < s.ncohorts; k++) /* an invalid cohort places nothing */
        if (!valid_with(&s, k, SIZE_MAX, SIZE_MAX))
            for (size_t i = 0; i < n; i++)
                s.g[i] = s.g[i] == k ? -1 : s.g[i];
    for (size_t i = 0; i < n; i++) {
        before += s.g[i] >= 0 ? s.w[i] : 0;
        s.bound += s.w[i];
    }
    s.bound = fmin(s.bound, nm_px_count_bound(c, set, n, q));
    /* from the start, then from nothing: the better */
    descend(&s, saved);
    recreate(&s, saved, best);
    after = placed_of(&s);
    memcpy(from, s.g, n * sizeof *from);
    int top = s.ncohorts;
    if (!at_bound(&s)) { /* at the bound, nothing places more */
        for (size_t i = 0; i < n; i++)
            s.g[i] = -1;
        s.ncohorts = 0;
        descend(&s, saved);
        recreate(&s, saved, best);
        if (placed_of(&s) <= after + 0.5) {
            memcpy(s.g, from, n * sizeof *from);
            s.ncohorts = top;
        }
    }
    after = placed_of(&s);
    if (after > before + 0.5) {
        int next = 0; /* renumber: cohorts in order of first member */
        int *id = nm_calloc((size_t)s.ncohorts + 1, sizeof *id);
        for (int k = 0; k < s.ncohorts; k++)
            id[k] = -1;
        for (size_t i = 0; i < n; i++) {
            if (s.g[i] >= 0 && id[s.g[i]] < 0)
                id[s.g[i]] = next++;
            local[i] = s.g[i] >= 0 ? id[s.g[i]] : -1;
        }
        free(id);
        better = 1;
    }
    free(s.w);
    free(s.order);
    free(s.g);
    free(s.buf);
    free(s.hubs);
    free(s.near);
    free(s.goes);
    free(s.cost);
    free(s.size);
    free(s.tsize);
    free(s.tfirst);
    free(s.tpot);
    free(saved);
    free(best);
    free(from);
    if (evaluations)
        *evaluations = (long)(BUDGET * n * n + 4000) - s.budget;
    return better;
}

int nm_px_improve(const nm_px *c, const size_t *set, size_t n, double q, int *local)
{
    return nm_px_improve_with(c, set, n, q, local, 1, NULL);
}
