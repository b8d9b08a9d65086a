/* rank_boot.c - 95% bootstrap intervals of ranked demand and of ranks,
 * from the demand table's replicates (replicates.h). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "needmap/alloc.h"
#include "needmap/rank.h"
#include "needmap/replicates.h"

typedef struct boot {
    const nm_rankings *r;
    unsigned b;
    uint32_t *slot;          /* per cell: 1 + its row of sums, 0: not ranked */
    double *sum;             /* [slots * b], thousandths */
} boot;

/* Quantile p of sorted x[0..n) by linear interpolation (R's type 7). */
static double quantile(const double *x, size_t n, double p)
{
    double h = (double)(n - 1) * p;
    size_t lo = (size_t)floor(h);
    if (lo + 1 >= n)
        return x[n - 1];
    return x[lo] + (h - (double)lo) * (x[lo + 1] - x[lo]);
}

static int cmp_double(const void *pa, const void *pb)
{
    double a = *(const double *)pa, b = *(const double *)pb;
    return (a > b) - (a < b);
}

/* A ranked entry's rows: numbered in list order, ranked entries only. */
static size_t number_slots(boot *bt, size_t ncells)
{
    size_t n = 0;
    bt->slot = nm_calloc(ncells ? ncells : 1, sizeof *bt->slot);
    for (size_t l = 0; l < bt->r->n; l++)
        for (size_t k = 0; k < bt->r->lists[l].n; k++)
            if (bt->r->lists[l].entries[k].rank)
                bt->slot[bt->r->lists[l].entries[k].cell] = (uint32_t)++n;
    return n;
}

/* Each group's sums into its municipality's, county's and all inputs'
 * ranked cells. */
static void add_groups(boot *bt, const nm_demand *d, const nm_refdata *ref,
                       const nm_replicates *reps)
{
    for (size_t g = 0; g < nm_replicates_count(reps); g++) {
        nm_replicate_group grp;
        nm_replicates_group(reps, g, &grp);
        nm_comp_key comp = {grp.label, {0}, (unsigned char)grp.unclassified};
        memcpy(comp.code, grp.code, sizeof comp.code);
        const nm_municipality *m = nm_refdata_municipality(ref, grp.municipality);
        const char *codes[3] = {grp.municipality, m ? m->county_code : NULL, "SE"};
        const nm_geo_level geos[3] = {NM_GEO_MUNICIPALITY, NM_GEO_COUNTY, NM_GEO_ALL};
        /* the ranked level: as given, or the 3-digit group (--publish ssyk3) */
        for (int k = 0; k < 3 * 2; k++) {
            if (!codes[k / 2] || (k % 2 && strlen(comp.code) < 3))
                continue;
            size_t c = nm_demand_find_rollup(d, geos[k / 2], codes[k / 2], k % 2 ? 3 : 4, &comp,
                                             grp.need);
            if (c == SIZE_MAX || !bt->slot[c])
                continue;
            double *t = &bt->sum[(size_t)(bt->slot[c] - 1) * bt->b];
            for (unsigned b = 0; b < bt->b; b++)
                t[b] += grp.sum[b];
        }
    }
}

typedef struct order {       /* an entry in one replicate */
    double sum;
    uint32_t pos;            /* its place in the list */
} order;

static int cmp_order(const void *pa, const void *pb)
{
    const order *a = pa, *b = pb;
    if (a->sum != b->sum)
        return a->sum > b->sum ? -1 : 1;
    return (a->pos > b->pos) - (a->pos < b->pos);
}

/* List l: demand intervals, then each replicate's ranks and their
 * intervals.  Ranked entries come first in a list. */
static void one_list(void *ctx, size_t l)
{
    boot *bt = ctx;
    nm_ranking *list = &bt->r->lists[l];
    size_t m = 0;
    while (m < list->n && list->entries[m].rank)
        m++;
    if (!m)
        return;
    unsigned b = bt->b;
    double *x = nm_calloc(b, sizeof *x);
    order *o = nm_calloc(m, sizeof *o);
    double *ranks = nm_reallocarray(NULL, m, (size_t)b * sizeof *ranks);
    for (size_t k = 0; k < m; k++) {
        const double *s = &bt->sum[(size_t)(bt->slot[list->entries[k].cell] - 1) * b];
        memcpy(x, s, b * sizeof *x);
        qsort(x, b, sizeof *x, cmp_double);
        list->entries[k].demand_lo = round(quantile(x, b, 0.025)) / 1000.0; /* whole thousandths */
        list->entries[k].demand_hi = round(quantile(x, b, 0.975)) / 1000.0;
    }
    for (unsigned r = 0; r < b; r++) {
        for (size_t k = 0; k < m; k++)
            o[k] = (order){bt->sum[(size_t)(bt->slot[list->entries[k].cell] - 1) * b + r],
                           (uint32_t)k};
        qsort(o, m, sizeof *o, cmp_order);
        for (size_t k = 0; k < m; k++)
            ranks[(size_t)o[k].pos * b + r] = (double)(k + 1);
    }
    for (size_t k = 0; k < m; k++) {
        double *rk = &ranks[k * b];
        qsort(rk, b, sizeof *rk, cmp_double);
        list->entries[k].rank_lo = (uint32_t)floor(quantile(rk, b, 0.025));
        list->entries[k].rank_hi = (uint32_t)ceil(quantile(rk, b, 0.975));
    }
    free(x);
    free(o);
    free(ranks);
}

void nm_rank_intervals(const nm_demand *d, const nm_refdata *ref, const nm_threads *t,
                       nm_rankings *r)
{
    const nm_replicates *reps = nm_demand_replicates(d);
    if (!reps)
        return;
    boot bt = {r, nm_replicates_b(reps), NULL, NULL};
    size_t n = number_slots(&bt, nm_demand_count(d));
    bt.sum = nm_calloc(n ? n : 1, (size_t)bt.b * sizeof *bt.sum);
    add_groups(&bt, d, ref, reps);
    nm_parallel_for(r->n, t, one_list, &bt);
    r->bootstrap = bt.b;
    r->seed = nm_replicates_seed(reps);
    free(bt.slot);
    free(bt.sum);
}
