/* pool_bound.c - a combinatorial bound on the potential a part of a group
 * can place (stage 1 of the program, pool_mip.c), often tighter than the
 * linear relaxation, which lets a fraction of a cohort count.
 *
 * A pooling with k cohorts places at most the L k largest potentials
 * (each cohort holds at most L = max_locations municipalities) and at least
 * k V (each cohort is viable), so it needs k M <= n (M: the fewest
 * municipalities a cohort of the level needs) and the L k largest to sum to
 * at least k V.  The bound is the largest such sum over the k that pass.
 * Reach, the cap and placements only forbid more cohorts: the bound holds
 * for every mode.
 *
 * The count also says how to meet it: the L k largest in k cohorts, each
 * viable.  nm_px_count_pooling deals them out largest first, each to the
 * cohort with the least so far that has room for another location, and
 * keeps the result when every cohort is valid under the rules
 * (nm_px_cohort: reach, the cap, placements): then it places the bound, so
 * no pooling places more.  By distance (no reach) that is most parts. */
#include <math.h>
#include <stdlib.h>

#include "needmap/alloc.h"
#include "pool_exact_int.h"

static int by_desc(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x > y ? -1 : x < y;
}

/* Two units of one municipality (its own cohort and its rest, pool_split.h)
 * may share a cohort as one location: then a cohort may hold more than L
 * units, and the count above does not hold. */
static int distinct_municipalities(const nm_px *c, const size_t *set, size_t n)
{
    for (size_t i = 0; i < n; i++)
        for (size_t j = i + 1; j < n; j++)
            if (c->units[set[i]].muni == c->units[set[j]].muni)
                return 0;
    return 1;
}

/* The count: the bound in steps; *cohorts (output) the fewest cohorts that
 * reach it (0: none), *units (output) how many units (the largest). */
static double count(const nm_px *c, const size_t *set, size_t n, double q, size_t *cohorts,
                    size_t *units)
{
    double *p = nm_calloc(n + 1, sizeof *p), total = 0;
    for (size_t i = 0; i < n; i++) {
        p[i] = c->units[set[i]].potential;
        total += round(p[i] * q);
    }
    *cohorts = *units = 0;
    if (!distinct_municipalities(c, set, n) || c->max_locations == 0) {
        free(p);
        return total;
    }
    qsort(p, n, sizeof *p, by_desc); /* round(p q) is in the same order */
    size_t m = c->min_munis ? c->min_munis : 1, used = 0;
    double best = 0, top = 0, steps = 0; /* the `used` largest: potential, steps */
    for (size_t k = 1; k * m <= n; k++) {
        for (; used < n && used < k * c->max_locations; used++) {
            top += p[used];
            steps += round(p[used] * q);
        }
        if (top >= (double)k * c->viable - 1e-7 && steps > best) {
            best = steps;
            *cohorts = k;
            *units = used;
        }
        if (used == n && top < (double)k * c->viable - 1e-7)
            break; /* more cohorts only need more */
    }
    free(p);
    return best;
}

double nm_px_count_bound(const nm_px *c, const size_t *set, size_t n, double q)
{
    size_t k, m;
    return count(c, set, n, q, &k, &m);
}

/* set's positions by potential, largest first (ties: position). */
typedef struct ranked {
    double p;
    size_t at;
} ranked;

static int by_potential(const void *a, const void *b)
{
    const ranked *x = a, *y = b;
    if (x->p != y->p)
        return x->p > y->p ? -1 : 1;
    return x->at < y->at ? -1 : x->at > y->at;
}

/* Cohort g's units of set (by local[]) valid under the rules? */
static int valid(const nm_px *c, const size_t *set, size_t n, const int *local, int g,
                 size_t *mem)
{
    size_t m = 0;
    double placed, travel;
    for (size_t i = 0; i < n; i++)
        if (local[i] == g)
            mem[m++] = set[i];
    return m >= (c->min_munis ? c->min_munis : 1) && nm_px_cohort(c, mem, m, &placed, &travel);
}

int nm_px_count_pooling(const nm_px *c, const size_t *set, size_t n, double q, int *local)
{
    size_t k, m;
    double bound = count(c, set, n, q, &k, &m);
    if (!k)
        return 0;
    ranked *r = nm_calloc(n + 1, sizeof *r);
    double *sum = nm_calloc(k + 1, sizeof *sum);
    size_t *size = nm_calloc(k + 1, sizeof *size), *mem = nm_calloc(n + 1, sizeof *mem);
    for (size_t i = 0; i < n; i++) {
        r[i] = (ranked){c->units[set[i]].potential, i};
        local[i] = -1;
    }
    qsort(r, n, sizeof *r, by_potential);
    for (size_t j = 0; j < m; j++) {
        size_t to = k;
        for (size_t g = 0; g < k; g++)
            if (size[g] < c->max_locations && (to == k || sum[g] < sum[to]))
                to = g;
        if (to == k)
            break; /* cannot happen: m <= L k */
        local[r[j].at] = (int)to;
        sum[to] += r[j].p;
        size[to]++;
    }
    int ok = 1;
    double placed = 0;
    for (size_t g = 0; g < k && ok; g++)
        ok = valid(c, set, n, local, (int)g, mem);
    for (size_t i = 0; i < n; i++)
        placed += local[i] >= 0 ? round(c->units[set[i]].potential * q) : 0;
    free(r);
    free(sum);
    free(size);
    free(mem);
    return ok && placed >= bound - 0.5;
}

size_t nm_px_count_cohorts(const nm_px *c, const size_t *set, size_t n, double q,
                           double placed)
{
    double *p = nm_calloc(n + 1, sizeof *p), steps = 0;
    size_t k = 1;
    for (size_t i = 0; i < n; i++)
        p[i] = c->units[set[i]].potential;
    if (distinct_municipalities(c, set, n) && c->max_locations > 0) {
        qsort(p, n, sizeof *p, by_desc);
        size_t used = 0;
        for (; used < n && steps < placed - 0.5; used++)
            steps += round(p[used] * q);
        k = (used + c->max_locations - 1) / c->max_locations;
        k = k ? k : 1;
    }
    free(p);
    return k;
}
