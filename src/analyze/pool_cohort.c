/* pool_cohort.c - one cohort under the rules, and the objective's order:
 * what the exact pooling's parts (pool_exact.c, pool_enum.c, pool_mip.c)
 * share. */
#include <math.h>
#include <stdlib.h>

#include "needmap/alloc.h"
#include "pool_exact_int.h"

double nm_pool_capacity(const nm_rules *rules, nm_level level)
{
    return NM_POOL_MAX_INTAKES * rules->level[level].max_size / rules->enrolment_rate;
}

int nm_pool_compare(double placed_a, size_t cohorts_a, double travel_a, double placed_b,
                    size_t cohorts_b, double travel_b)
{
    if (fabs(placed_a - placed_b) > 1e-6)
        return placed_a > placed_b ? -1 : 1;
    if (cohorts_a != cohorts_b)
        return cohorts_a < cohorts_b ? -1 : 1;
    if (fabs(travel_a - travel_b) > 1e-6 * (1 + fabs(travel_a)))
        return travel_a < travel_b ? -1 : 1;
    return 0;
}

int nm_px_in_reach(const nm_px *c, size_t i, size_t h)
{
    return c->reach <= 0 ||
           nm_distance(c->dist, c->units[i].muni, c->units[h].muni) <= c->reach;
}

double nm_px_room(const nm_px *c, size_t h, int pooled)
{
    double room = nm_pool_unit_room(&c->units[h], c->rules->enrolment_rate);
    /* a municipality's own cohort (with its rest) is one municipality: no cap */
    return pooled && !c->units[h].own ? fmin(c->cap, room) : room;
}

int nm_px_may_join(const nm_px *c, size_t i, size_t h)
{
    if (i == h)
        return 1;
    if (c->units[i].own)
        return 0; /* heads its own cohort, never joins another */
    if (c->units[h].own) /* only its own rest joins it */
        return c->units[i].muni == c->units[h].muni &&
               c->units[i].potential + c->units[h].potential <= nm_px_room(c, h, 1) + 1e-9;
    return c->units[i].potential <= c->cap && c->units[h].potential <= c->cap &&
           c->units[i].potential + c->units[h].potential <= nm_px_room(c, h, 1) + 1e-9 &&
           nm_px_in_reach(c, i, h);
}

/* A cohort of units set[0..n): 1 when valid and viable (cap included). */
int nm_px_cohort(const nm_px *c, const size_t *set, size_t n, double *placed, double *travel)
{
    size_t hub;
    double pot = 0;
    if (nm_pool_evaluate(c->units, set, n, c->dist, c->rules, c->level, c->mode, &hub,
                         travel) != 1)
        return 0;
    for (size_t i = 0; i < n; i++)
        pot += c->units[set[i]].potential;
    *placed = pot;
    int one = 1; /* one municipality (its own cohort and its rest): no cap */
    for (size_t i = 1; i < n; i++)
        one = one && c->units[set[i]].muni == c->units[set[0]].muni;
    return one || pot <= c->cap + 1e-9;
}

/* Score of the cohorts among units set[0..n) (assign: unit -> cohort). */
nm_px_score nm_px_score_of(const nm_px *c, const size_t *set, size_t n, const int *assign)
{
    nm_px_score s = {0, 0, 0};
    size_t *mem = nm_calloc(n + 1, sizeof *mem);
    int top = -1;
    for (size_t i = 0; i < n; i++)
        top = assign[set[i]] > top ? assign[set[i]] : top;
    for (int k = 0; k <= top; k++) {
        size_t m = 0;
        double placed, travel;
        for (size_t i = 0; i < n; i++)
            if (assign[set[i]] == k)
                mem[m++] = set[i];
        if (m && nm_px_cohort(c, mem, m, &placed, &travel)) {
            s.placed += placed;
            s.cohorts++;
            s.travel += travel;
        }
    }
    free(mem);
    return s;
}

static int by_desc(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x > y ? -1 : x < y;
}

int nm_px_can_hub(const nm_px *c, size_t h, const char *ok, double *buf)
{
    double ph = c->units[h].potential;
    if (ok && !ok[h])
        return 0;
    if (ph > nm_px_room(c, h, 0) + 1e-9)
        return 0; /* its own students alone exceed its placements */
    if (c->min_munis <= 1 && floor(ph + 1e-9) >= c->viable)
        return 1;
    size_t k = 0;
    for (size_t i = 0; i < c->n; i++)
        if (i != h && (!ok || ok[i]) && nm_px_may_join(c, i, h))
            buf[k++] = c->units[i].potential;
    if (k + 1 < c->min_munis || ph > c->cap)
        return 0;
    qsort(buf, k, sizeof *buf, by_desc);
    double sum = ph;
    for (size_t i = 0; i < k && i + 1 < c->max_locations; i++)
        sum += buf[i];
    return floor(fmin(sum, nm_px_room(c, h, 1)) + 1e-9) >= c->viable;
}
