/* pool_enum.c - a small part of a group pooled by trying every split into
 * cohorts (dynamic programming over subsets: 3^n steps, n <= 10), each
 * cohort with its best hub.  Exact, no solver. */
#include <stdlib.h>

#include "needmap/alloc.h"
#include "pool_exact_int.h"

typedef struct dp {
    nm_px_score s;
    unsigned take;            /* the cohort holding the lowest unit, 0: residual */
} dp;

static nm_px_score plus(nm_px_score a, nm_px_score b)
{
    return (nm_px_score){a.placed + b.placed, a.cohorts + b.cohorts, a.travel + b.travel};
}

static int better(nm_px_score a, nm_px_score b)
{
    return nm_pool_compare(a.placed, a.cohorts, a.travel, b.placed, b.cohorts, b.travel) < 0;
}

void nm_px_enumerate(const nm_px *c, const size_t *set, size_t n, int *local)
{
    unsigned full = (1u << n) - 1;
    nm_px_score *one = nm_calloc((size_t)full + 1, sizeof *one);
    char *ok = nm_calloc((size_t)full + 1, 1);
    dp *best = nm_calloc((size_t)full + 1, sizeof *best);
    size_t mem[NM_POOL_ENUMERATE_MAX];
    for (unsigned t = 1; t <= full; t++) {
        size_t k = 0;
        for (size_t i = 0; i < n; i++)
            if (t & (1u << i))
                mem[k++] = set[i];
        if (k <= c->max_locations &&
            nm_px_cohort(c, mem, k, &one[t].placed, &one[t].travel)) {
            one[t].cohorts = 1;
            ok[t] = 1;
        }
    }
    for (unsigned s = 1; s <= full; s++) {
        unsigned low = s & -s;
        dp b = {best[s & ~low].s, 0};
        for (unsigned t = s; t; t = (t - 1) & s) {
            if (!(t & low) || !ok[t])
                continue;
            nm_px_score r = plus(best[s & ~t].s, one[t]);
            if (better(r, b.s))
                b = (dp){r, t};
        }
        best[s] = b;
    }
    for (size_t i = 0; i < n; i++)
        local[i] = -1;
    int k = 0;
    for (unsigned s = full; s;) {
        unsigned low = s & -s, t = best[s].take;
        if (!t) {
            s &= ~low;
            continue;
        }
        for (size_t i = 0; i < n; i++)
            if (t & (1u << i))
                local[i] = k;
        k++;
        s &= ~t;
    }
    free(one);
    free(ok);
    free(best);
}
