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
 * for every mode. */
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

double nm_px_count_bound(const nm_px *c, const size_t *set, size_t n, double q)
{
    double *p = nm_calloc(n + 1, sizeof *p), total = 0;
    for (size_t i = 0; i < n; i++) {
        p[i] = c->units[set[i]].potential;
        total += round(p[i] * q);
    }
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
        if (top >= (double)k * c->viable - 1e-7 && steps > best)
            best = steps;
        if (used == n && top < (double)k * c->viable - 1e-7)
            break; /* more cohorts only need more */
    }
    free(p);
    return best;
}
