/* pool.c - form viable cohorts from small demand in many municipalities.
 *
 * Per group (competence or cluster x level x mode):
 *   1. greedy: take the municipality with most potential students as a seed
 *      and add the nearest others in reach (distance mode: the largest)
 *      until the cohort is viable and one intake's places are filled, or it
 *      holds max_locations members;
 *   2. absorb: every municipality left over joins the cohort it fits best
 *      (valid, viable, least added travel);
 *   3. improve: move single members between cohorts while the total
 *      demand-weighted distance to the hubs falls.
 * A hub is the member that minimises the demand-weighted distance among
 * those that have every member within reach.  Everything is ordered by
 * potential, then municipality code: no randomness. */
#include <gsl/gsl_cdf.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "needmap/alloc.h"
#include "needmap/buf.h"
#include "needmap/pool.h"
#include "needmap/strmap.h"

enum { MAX_IMPROVE_PASSES = 20 };

double nm_pool_p_viable(double potential, double rate, double min_size)
{
    double n = floor(potential + 1e-9);
    unsigned need = (unsigned)ceil(min_size - 1e-9);
    if (need == 0)
        return 1.0;
    if (n < need || n <= 0)
        return 0.0;
    return gsl_cdf_binomial_Q(need - 1, rate, (unsigned)n); /* P(X > need-1) */
}

static double reach_of(const nm_rules *r, nm_mode mode)
{
    return r->reach_km[mode];
}

int nm_pool_evaluate(const nm_pool_unit *units, const size_t *set, size_t n,
                     const nm_distances *dist, const nm_rules *rules, nm_level level,
                     nm_mode mode, size_t *hub, double *cost)
{
    const nm_level_rules *lr = &rules->level[level];
    double reach = reach_of(rules, mode), best = INFINITY, pot = 0;
    size_t best_hub = SIZE_MAX;
    if (n == 0 || n > (size_t)rules->max_locations)
        return -1;
    for (size_t h = 0; h < n; h++) {
        double c = 0;
        int ok = 1;
        for (size_t i = 0; i < n && ok; i++) {
            double d = nm_distance(dist, units[set[i]].muni, units[set[h]].muni);
            ok = reach <= 0 || d <= reach;
            c += units[set[i]].potential * d;
        }
        if (ok && (c < best - 1e-9 ||
                   (fabs(c - best) <= 1e-9 && units[set[h]].muni < units[set[best_hub]].muni))) {
            best = c;
            best_hub = h;
        }
    }
    if (best_hub == SIZE_MAX)
        return -1;
    for (size_t i = 0; i < n; i++)
        pot += units[set[i]].potential;
    *hub = set[best_hub];
    *cost = best;
    if (n < (size_t)lr->min_municipalities)
        return 0;
    return nm_pool_p_viable(pot, rules->enrolment_rate, lr->min_size) >=
           rules->viable_probability;
}

/* --- the heuristic for one group --- */

typedef struct group_ctx {
    const nm_pool_unit *units;
    size_t n;
    const nm_distances *dist;
    const nm_rules *rules;
    nm_level level;
    nm_mode mode;
    size_t seed;              /* for sorting candidates by distance */
} group_ctx;

static const group_ctx *sort_ctx; /* qsort has no context argument */

static int by_potential(const void *a, const void *b)
{
    const nm_pool_unit *u = sort_ctx->units;
    size_t x = *(const size_t *)a, y = *(const size_t *)b;
    if (u[x].potential != u[y].potential)
        return u[x].potential > u[y].potential ? -1 : 1;
    return u[x].muni < u[y].muni ? -1 : u[x].muni > u[y].muni;
}

static int by_distance(const void *a, const void *b)
{
    const nm_pool_unit *u = sort_ctx->units;
    size_t x = *(const size_t *)a, y = *(const size_t *)b;
    double dx = nm_distance(sort_ctx->dist, u[x].muni, u[sort_ctx->seed].muni);
    double dy = nm_distance(sort_ctx->dist, u[y].muni, u[sort_ctx->seed].muni);
    if (dx != dy)
        return dx < dy ? -1 : 1;
    return by_potential(a, b);
}

static int eval(const group_ctx *g, const size_t *set, size_t n, size_t *hub, double *cost)
{
    return nm_pool_evaluate(g->units, set, n, g->dist, g->rules, g->level, g->mode, hub, cost);
}

/* Grow a cohort from seed s; returns its size if viable, else 0. */
static size_t grow(group_ctx *g, size_t s, const int *assign, const size_t *order, size_t *set,
                   size_t *cand)
{
    double reach = reach_of(g->rules, g->mode), cost;
    size_t nc = 0, n = 1, hub;
    set[0] = s;
    for (size_t k = 0; k < g->n; k++) {
        size_t u = order[k];
        if (u != s && assign[u] < 0 &&
            (reach <= 0 || nm_distance(g->dist, g->units[u].muni, g->units[s].muni) <= reach))
            cand[nc++] = u;
    }
    if (reach > 0) {
        g->seed = s;
        sort_ctx = g;
        qsort(cand, nc, sizeof *cand, by_distance);
    }
    int r = eval(g, set, n, &hub, &cost);
    double places = g->rules->level[g->level].max_size / g->rules->enrolment_rate;
    double pot = g->units[s].potential;
    /* add members until the cohort is viable and its places are filled */
    for (size_t k = 0; k < nc && (r != 1 || pot < places) &&
                       n < (size_t)g->rules->max_locations; k++) {
        set[n++] = cand[k];
        int r2 = eval(g, set, n, &hub, &cost);
        if (r2 < 0) {
            n--; /* no hub would have every member in reach */
        } else {
            r = r2;
            pot += g->units[cand[k]].potential;
        }
    }
    return r == 1 ? n : 0;
}

static size_t members_of(const int *assign, size_t n, int c, size_t *out)
{
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        if (assign[i] == c)
            out[k++] = i;
    return k;
}

static double cohort_cost(const group_ctx *g, const int *assign, int c, size_t *buf, int *ok)
{
    size_t hub;
    double cost = 0;
    size_t n = members_of(assign, g->n, c, buf);
    *ok = eval(g, buf, n, &hub, &cost) == 1;
    return cost;
}

/* Leftover municipalities join the cohort they fit best. */
static void absorb(const group_ctx *g, const size_t *order, int *assign, int ncoh, size_t *buf)
{
    for (size_t k = 0; k < g->n; k++) {
        size_t u = order[k];
        if (assign[u] >= 0)
            continue;
        int best = -1;
        double best_delta = INFINITY;
        for (int c = 0; c < ncoh; c++) {
            int ok;
            double before = cohort_cost(g, assign, c, buf, &ok);
            assign[u] = c;
            double after = cohort_cost(g, assign, c, buf, &ok);
            assign[u] = -1;
            if (ok && after - before < best_delta - 1e-9) {
                best_delta = after - before;
                best = c;
            }
        }
        assign[u] = best;
    }
}

/* Move single members between cohorts while that lowers the travel. */
static void improve(const group_ctx *g, const size_t *order, int *assign, int ncoh, size_t *buf)
{
    for (int pass = 0; pass < MAX_IMPROVE_PASSES; pass++) {
        int improved = 0;
        for (size_t k = 0; k < g->n; k++) {
            size_t u = order[k];
            int from = assign[u];
            if (from < 0 || members_of(assign, g->n, from, buf) < 2)
                continue;
            for (int to = 0; to < ncoh; to++) {
                if (to == from)
                    continue;
                int ok1, ok2, ok3, ok4;
                double before = cohort_cost(g, assign, from, buf, &ok1) +
                                cohort_cost(g, assign, to, buf, &ok2);
                assign[u] = to;
                double after = cohort_cost(g, assign, from, buf, &ok3) +
                               cohort_cost(g, assign, to, buf, &ok4);
                if (ok3 && ok4 && after < before - 1e-6) {
                    improved = 1;
                    from = to;
                } else {
                    assign[u] = from;
                }
            }
        }
        if (!improved)
            break;
    }
}

size_t nm_pool_group(const nm_pool_unit *units, size_t n, const nm_distances *dist,
                     const nm_rules *rules, nm_level level, nm_mode mode, int *assign)
{
    group_ctx g = {units, n, dist, rules, level, mode, 0};
    size_t *order = nm_calloc(n, sizeof *order), *set = nm_calloc(n, sizeof *set);
    size_t *cand = nm_calloc(n, sizeof *cand);
    for (size_t i = 0; i < n; i++) {
        order[i] = i;
        assign[i] = -1;
    }
    sort_ctx = &g;
    qsort(order, n, sizeof *order, by_potential);
    int ncoh = 0;
    for (size_t k = 0; k < n; k++) {
        size_t s = order[k];
        if (assign[s] >= 0 || units[s].potential <= 0)
            continue;
        size_t m = grow(&g, s, assign, order, set, cand);
        for (size_t i = 0; i < m; i++)
            assign[set[i]] = ncoh;
        ncoh += m > 0;
    }
    absorb(&g, order, assign, ncoh, set);
    improve(&g, order, assign, ncoh, set);
    free(order);
    free(set);
    free(cand);
    return (size_t)ncoh;
}
