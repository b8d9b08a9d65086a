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
 * potential, then municipality code: no randomness.  The group and the
 * rules of a cohort (viability, reach, placements) are pool_cohort.c's
 * (nm_px, pool_exact_int.h); this file is the heuristic only. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "needmap/alloc.h"
#include "needmap/buf.h"
#include "needmap/pool.h"
#include "needmap/strmap.h"
#include "pool_exact_int.h"

enum { MAX_IMPROVE_PASSES = 20 };

/* The group (its rules: nm_px, pool_cohort.c) and the heuristic's own
 * working state; mem has px.max_locations places per cohort. */
typedef struct group_ctx {
    nm_px px;
    long *unit_of;            /* municipality -> unit index, or -1 */
    int *assign;              /* unit -> cohort, or -1 */
    size_t *mem;              /* cohort c's members: mem[c * max_locations + k] */
    size_t *cnt;              /* members per cohort */
    double *cost;             /* travel cost per cohort */
    size_t ncoh;
} group_ctx;

/* A unit as seeds are tried: by potential (largest first), then by
 * municipality (a group's units are distinct municipalities). */
typedef struct seed {
    double potential;
    size_t muni;
    size_t unit;
} seed;

static int by_potential(const void *a, const void *b)
{
    const seed *x = a, *y = b;
    if (x->potential != y->potential)
        return x->potential > y->potential ? -1 : 1;
    return x->muni < y->muni ? -1 : x->muni > y->muni;
}

/* order[0..n): the units by potential. */
static void seed_order(const nm_pool_unit *units, size_t n, size_t *order)
{
    seed *s = nm_calloc(n ? n : 1, sizeof *s);
    for (size_t i = 0; i < n; i++)
        s[i] = (seed){units[i].potential, units[i].muni, i};
    qsort(s, n, sizeof *s, by_potential);
    for (size_t i = 0; i < n; i++)
        order[i] = s[i].unit;
    free(s);
}

static int eval(const group_ctx *g, const size_t *set, size_t n, size_t *hub, double *cost)
{
    return nm_px_evaluate(&g->px, set, n, hub, cost);
}

/* Candidates to join seed s: unassigned units, nearest first within reach
 * (the municipalities' neighbour lists are sorted once), or by potential
 * when there is no reach limit. */
static size_t candidates(const group_ctx *g, size_t s, const size_t *order, size_t *cand)
{
    const nm_px *c = &g->px;
    size_t nc = 0;
    if (c->reach <= 0) {
        for (size_t k = 0; k < c->n; k++)
            if (order[k] != s && g->assign[order[k]] < 0)
                cand[nc++] = order[k];
        return nc;
    }
    const size_t *near = nm_distance_order(c->dist, c->units[s].muni);
    for (size_t k = 0; k < c->dist->n; k++) {
        size_t m = near[k];
        if (m == c->units[s].muni)
            continue;
        if (nm_distance(c->dist, c->units[s].muni, m) > c->reach)
            break;
        long u = g->unit_of[m];
        if (u >= 0 && g->assign[u] < 0)
            cand[nc++] = (size_t)u;
    }
    return nc;
}

/* Grow a cohort from seed s into set; returns its size if viable, else 0. */
static size_t grow(group_ctx *g, size_t s, const size_t *order, size_t *set, size_t *cand)
{
    double cost;
    size_t n = 1, hub;
    set[0] = s;
    size_t nc = candidates(g, s, order, cand);
    int r = eval(g, set, n, &hub, &cost);
    double places = nm_pool_intake(g->px.rules, g->px.level);
    double pot = g->px.units[s].potential;
    /* add members until the cohort is viable and its places are filled */
    for (size_t k = 0; k < nc && (r != 1 || pot < places) && n < g->px.max_locations; k++) {
        set[n++] = cand[k];
        int r2 = eval(g, set, n, &hub, &cost);
        if (r2 < 0) {
            n--; /* no hub would have every member in reach */
        } else {
            r = r2;
            pot += g->px.units[cand[k]].potential;
        }
    }
    return r == 1 ? n : 0;
}

static void add_cohort(group_ctx *g, const size_t *set, size_t n)
{
    size_t c = g->ncoh++, hub;
    memcpy(g->mem + c * g->px.max_locations, set, n * sizeof *set);
    g->cnt[c] = n;
    eval(g, set, n, &hub, &g->cost[c]);
    for (size_t i = 0; i < n; i++)
        g->assign[set[i]] = (int)c;
}

/* Cost of cohort c with unit u added (or removed, when remove is set);
 * returns 1 if the result is a valid, viable cohort. */
static int try_change(const group_ctx *g, size_t c, size_t u, int remove, size_t *buf,
                      double *cost)
{
    size_t n = 0, hub;
    for (size_t k = 0; k < g->cnt[c]; k++)
        if (!remove || g->mem[c * g->px.max_locations + k] != u)
            buf[n++] = g->mem[c * g->px.max_locations + k];
    if (!remove)
        buf[n++] = u;
    return n > 0 && eval(g, buf, n, &hub, cost) == 1;
}

static void move(group_ctx *g, size_t u, int to)
{
    int from = g->assign[u];
    if (from >= 0) {
        size_t *m = g->mem + (size_t)from * g->px.max_locations, k = 0;
        while (m[k] != u)
            k++;
        m[k] = m[--g->cnt[from]];
    }
    g->mem[(size_t)to * g->px.max_locations + g->cnt[to]++] = u;
    g->assign[u] = to;
}

/* Leftover municipalities join the cohort they fit best. */
static void absorb(group_ctx *g, const size_t *order, size_t *buf)
{
    for (size_t k = 0; k < g->px.n; k++) {
        size_t u = order[k];
        if (g->assign[u] >= 0)
            continue;
        int best = -1;
        double best_delta = INFINITY, best_cost = 0, cost;
        for (size_t c = 0; c < g->ncoh; c++) {
            if (g->cnt[c] >= g->px.max_locations)
                continue;
            if (try_change(g, c, u, 0, buf, &cost) && cost - g->cost[c] < best_delta - 1e-9) {
                best_delta = cost - g->cost[c];
                best = (int)c;
                best_cost = cost;
            }
        }
        if (best >= 0) {
            move(g, u, best);
            g->cost[best] = best_cost;
        }
    }
}

/* Move single members between cohorts while that lowers the travel to the
 * hubs (for distance education too: meetings and workplace learning).
 * What u's cohort costs without u is the same for every cohort it might
 * join: found once, when the first one is tried (valid: 1, not: -1). */
static void improve(group_ctx *g, const size_t *order, size_t *buf)
{
    const nm_px *c = &g->px;
    for (int pass = 0; pass < MAX_IMPROVE_PASSES; pass++) {
        int improved = 0;
        for (size_t k = 0; k < c->n; k++) {
            size_t u = order[k];
            int from = g->assign[u], without = 0;
            double c_from = 0;
            if (from < 0 || g->cnt[from] < 2)
                continue;
            for (size_t to = 0; to < g->ncoh && without >= 0; to++) {
                double c_to;
                if ((int)to == from || g->cnt[to] >= c->max_locations ||
                    (c->reach > 0 && nm_distance(c->dist, c->units[u].muni,
                                                 c->units[g->mem[to * c->max_locations]].muni) >
                                         2 * c->reach))
                    continue;
                if (!without)
                    without = try_change(g, (size_t)from, u, 1, buf, &c_from) ? 1 : -1;
                if (without < 0 || !try_change(g, to, u, 0, buf, &c_to))
                    continue;
                if (c_from + c_to < g->cost[from] + g->cost[to] - 1e-6) {
                    move(g, u, (int)to);
                    g->cost[from] = c_from;
                    g->cost[to] = c_to;
                    improved = 1;
                    break;
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
    group_ctx g = {.assign = assign};
    nm_px_init(&g.px, units, n, dist, rules, level, mode, NULL);
    size_t *order = nm_calloc(n, sizeof *order), *set = nm_calloc(n + 1, sizeof *set);
    size_t *cand = nm_calloc(n + 1, sizeof *cand);
    g.unit_of = nm_calloc(dist->n, sizeof *g.unit_of);
    g.mem = nm_calloc(n * g.px.max_locations, sizeof *g.mem);
    g.cnt = nm_calloc(n, sizeof *g.cnt);
    g.cost = nm_calloc(n, sizeof *g.cost);
    for (size_t m = 0; m < dist->n; m++)
        g.unit_of[m] = -1;
    for (size_t i = 0; i < n; i++) { /* a municipality's rest, not its own cohort */
        assign[i] = -1;
        if (!units[i].own || g.unit_of[units[i].muni] < 0)
            g.unit_of[units[i].muni] = (long)i;
    }
    seed_order(units, n, order);
    for (size_t k = 0; k < n; k++) {
        size_t s = order[k];
        if (assign[s] >= 0 || units[s].potential <= 0)
            continue;
        size_t m = grow(&g, s, order, set, cand);
        if (m)
            add_cohort(&g, set, m);
    }
    absorb(&g, order, set);
    improve(&g, order, set);
    size_t ncoh = g.ncoh;
    free(order);
    free(set);
    free(cand);
    free(g.unit_of);
    free(g.mem);
    free(g.cnt);
    free(g.cost);
    return ncoh;
}
