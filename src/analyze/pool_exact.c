/* pool_exact.c - the exact pooling of one group (pool_exact.h).
 *
 *   1. greedy: nm_pool_group gives a first pooling (the start);
 *   2. drop: a unit that no viable cohort could hold is residual, a unit
 *      is a possible hub when the largest cohort it could gather is viable
 *      (repeated until nothing changes);
 *   3. parts: units that could share a hub form a part; parts are solved
 *      apart (a cohort never spans two);
 *   4. each part: trivially optimal when all of it fits one viable cohort,
 *      enumerated (every split, every hub) when small, else the integer
 *      program of pool_mip.c, started from the greedy cohorts in it.
 * The best of the greedy and the solved pooling is kept, by the objective
 * (nm_pool_compare), so the result is never worse than the greedy one. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "needmap/alloc.h"
#include "needmap/pool_exact.h"
#include "needmap/pool_share.h"
#include "pool_exact_int.h"

/* Step 2: active units and possible hubs, to a fixed point. */
static void drop(const nm_px *c, char *active, char *hub)
{
    double *buf = nm_calloc(c->n + 1, sizeof *buf);
    memset(active, 1, c->n);
    for (int changed = 1; changed;) {
        changed = 0;
        for (size_t h = 0; h < c->n; h++)
            hub[h] = (char)nm_px_can_hub(c, h, active, buf);
        for (size_t i = 0; i < c->n; i++) {
            int held = 0;
            for (size_t h = 0; h < c->n && !held; h++)
                held = hub[h] && nm_px_may_join(c, i, h);
            if (active[i] && !held) {
                active[i] = 0;
                changed = 1;
            }
        }
    }
    free(buf);
}

static size_t find(size_t *parent, size_t i)
{
    while (parent[i] != i)
        i = parent[i] = parent[parent[i]];
    return i;
}

/* Step 3: part[i] = the lowest unit index of i's part (SIZE_MAX: dropped). */
static void parts(const nm_px *c, const char *active, const char *hub, size_t *part)
{
    for (size_t i = 0; i < c->n; i++)
        part[i] = i;
    for (size_t h = 0; h < c->n; h++)
        for (size_t i = 0; hub[h] && i < c->n; i++)
            if (active[i] && nm_px_may_join(c, i, h)) {
                size_t a = find(part, i), b = find(part, h);
                if (a != b)
                    part[a > b ? a : b] = a < b ? a : b;
            }
    for (size_t i = 0; i < c->n; i++)
        part[i] = active[i] ? find(part, i) : SIZE_MAX;
}

/* The greedy pooling's cohorts that are still valid (the cap of a pooled
 * cohort is new): the others dissolve.  Returns the cohorts kept,
 * renumbered. */
static size_t greedy(const nm_px *c, const char *active, int *assign)
{
    size_t ncoh = nm_pool_group(c->units, c->n, c->dist, c->rules, c->level, c->mode, assign);
    size_t *set = nm_calloc(c->n + 1, sizeof *set), kept = 0;
    for (size_t k = 0; k < ncoh; k++) {
        size_t n = 0;
        int ok = 1;
        double placed, travel;
        for (size_t i = 0; i < c->n; i++)
            if (assign[i] == (int)k) {
                set[n++] = i;
                ok = ok && active[i];
            }
        ok = ok && nm_px_cohort(c, set, n, &placed, &travel);
        for (size_t i = 0; i < n; i++)
            assign[set[i]] = ok ? (int)kept : -2 - (int)k; /* -2...: dissolved, renumbered below */
        kept += ok;
    }
    for (size_t i = 0; i < c->n; i++)
        if (assign[i] < -1)
            assign[i] = -1;
    free(set);
    return kept;
}

static int better(nm_px_score a, nm_px_score b)
{
    return nm_pool_compare(a.placed, a.cohorts, a.travel, b.placed, b.cohorts, b.travel) < 0;
}

/* Are the placements shared out (pool_share.h)? */
static int shared(const nm_px *c)
{
    return c->limits.sites && c->limits.sites->n;
}

/* Units set[0..n) in cohorts local[0..n), each at the hub nm_px_evaluate
 * gives it: covered together by the shared placements (or none shared)? */
static int shared_fit(const nm_px *c, const size_t *set, size_t n, const int *local)
{
    if (!shared(c))
        return 1;
    size_t nc = 0;
    for (size_t i = 0; i < n; i++)
        nc = local[i] + 1 > (int)nc ? (size_t)local[i] + 1 : nc;
    size_t *hub = nm_calloc(nc + 1, sizeof *hub), *mem = nm_calloc(n + 1, sizeof *mem);
    double *need = nm_calloc(nc + 1, sizeof *need);
    int ok = 1;
    for (size_t k = 0; k < nc && ok; k++) {
        size_t m = 0, h;
        double cost;
        for (size_t i = 0; i < n; i++)
            if (local[i] == (int)k) {
                mem[m++] = set[i];
                need[k] += c->units[set[i]].potential * c->rules->enrolment_rate;
            }
        ok = m && nm_px_evaluate(c, mem, m, &h, &cost) >= 0;
        hub[k] = ok ? c->units[h].muni : 0;
    }
    ok = ok && nm_share_feasible(c->limits.sites, hub, need, nc);
    free(hub);
    free(mem);
    free(need);
    return ok;
}

/* Parts that could take from the same placement (one within reach of a
 * possible hub of each) are one part under shared placements: the rule
 * ties them. */
static void shared_parts(const nm_px *c, const char *active, const char *hub, size_t *part)
{
    const nm_share_sites *s = c->limits.sites;
    size_t *first = nm_calloc(s->n + 1, sizeof *first);
    for (size_t j = 0; j < s->n; j++)
        first[j] = SIZE_MAX;
    for (int again = 1; again;) {
        again = 0;
        for (size_t j = 0; j < s->n; j++)
            for (size_t h = 0; h < c->n; h++) {
                if (!hub[h] || !active[h] || part[h] == SIZE_MAX ||
                    (s->reach > 0 && nm_distance(s->dist, s->muni[j], c->units[h].muni) > s->reach))
                    continue;
                if (first[j] == SIZE_MAX)
                    first[j] = part[h];
                if (part[h] != first[j]) {
                    size_t from = part[h] > first[j] ? part[h] : first[j];
                    size_t to = part[h] < first[j] ? part[h] : first[j];
                    for (size_t i = 0; i < c->n; i++)
                        part[i] = part[i] == from ? to : part[i];
                    first[j] = to;
                    again = 1;
                }
            }
    }
    free(first);
}

/* Step 4a: everything in one viable cohort? */
static int trivial(const nm_px *c, const size_t *set, size_t n, int *local)
{
    double placed, travel;
    if (n > c->max_locations || n < c->min_munis || !nm_px_cohort(c, set, n, &placed, &travel))
        return 0;
    for (size_t i = 0; i < n; i++)
        local[i] = 0;
    return 1;
}

/* Solve one part set[0..n); local[0..n) (output): cohort per unit or -1,
 * start (input): the greedy cohorts of the part, renumbered from 0.
 * Returns the proven upper bound on the potential the part can place. */
static double solve_part(const nm_px *c, const size_t *set, size_t n, const int *start,
                         int *local, nm_pool_outcome *out)
{
    double total = 0;
    for (size_t i = 0; i < n; i++)
        total += c->units[set[i]].potential;
    if (trivial(c, set, n, local)) {
        out->how.trivial++;
        return total;
    }
    int most = c->limits.enumerate_max ? c->limits.enumerate_max : NM_POOL_ENUMERATE_MAX;
    if (shared(c))
        most = -1; /* the enumeration does not know the shared rule */
    if (most > NM_POOL_ENUMERATE_MAX)
        most = NM_POOL_ENUMERATE_MAX;
    if ((int)n <= most) {
        nm_px_enumerate(c, set, n, local);
        out->how.enumerated++;
        return 0; /* exact: the bound is what it places (the caller's fmax) */
    }
    out->how.programs++;
    double b = nm_px_program(c, set, n, start, local, out);
    /* the program's hubs cover its cohorts together; the hubs the cohorts
     * are given (the least travel) may not: then the repair after the
     * pooling (pool_share.h) drops cohorts, not proven */
    if (!shared_fit(c, set, n, local))
        out->status = NM_POOL_LIMIT;
    return b;
}

/* Units of part p, and their greedy cohorts renumbered from 0. */
static size_t part_units(const nm_px *c, const size_t *part, size_t p, const int *gassign,
                         size_t *set, int *start)
{
    size_t n = 0;
    int *map = nm_calloc(c->n + 1, sizeof *map), next = 0;
    for (size_t i = 0; i < c->n; i++)
        if (part[i] == p)
            set[n++] = i;
    for (size_t i = 0; i < n; i++) {
        int g = gassign[set[i]];
        if (g >= 0 && !map[g])
            map[g] = ++next;
        start[i] = g >= 0 ? map[g] - 1 : -1;
    }
    free(map);
    return n;
}

/* The part's solution or its greedy start, whichever is better, into
 * assign from cohort number *ncoh on. */
static void keep_best(const nm_px *c, const size_t *set, size_t n, const int *start,
                      const int *local, int *assign, size_t *ncoh, double *placed)
{
    int *tmp = nm_calloc(c->n + 1, sizeof *tmp);
    for (size_t i = 0; i < c->n; i++)
        tmp[i] = -1;
    for (size_t i = 0; i < n; i++)
        tmp[set[i]] = local[i];
    nm_px_score solved = nm_px_score_of(c, set, n, tmp);
    for (size_t i = 0; i < n; i++)
        tmp[set[i]] = start[i];
    nm_px_score first = nm_px_score_of(c, set, n, tmp);
    /* a greedy start that over-promises the shared placements is no pooling */
    int take = better(first, solved) && shared_fit(c, set, n, start);
    const int *use = take ? start : local;
    nm_px_score s = take ? first : solved;
    int top = -1;
    for (size_t i = 0; i < n; i++) {
        assign[set[i]] = use[i] >= 0 ? (int)*ncoh + use[i] : -1;
        top = use[i] > top ? use[i] : top;
    }
    *ncoh += (size_t)(top + 1);
    *placed = s.placed;
    free(tmp);
}

static void context(nm_px *c, const nm_pool_unit *units, size_t n, const nm_distances *dist,
                    const nm_rules *rules, nm_level level, nm_mode mode,
                    const nm_pool_limits *limits)
{
    *c = (nm_px){units, n, dist, rules, level, mode, rules->reach_km[mode],
                 nm_pool_level_min_viable(rules, level),
                 nm_pool_capacity(rules, level), (size_t)rules->max_locations,
                 (size_t)rules->level[level].min_municipalities, {0, 0, NULL, 0, NULL}};
    if (limits)
        c->limits = *limits;
    if (c->limits.max_nodes <= 0)
        c->limits.max_nodes = NM_POOL_DEFAULT_NODES;
}

size_t nm_pool_exact(const nm_pool_unit *units, size_t n, const nm_distances *dist,
                     const nm_rules *rules, nm_level level, nm_mode mode,
                     const nm_pool_limits *limits, int *assign, nm_pool_outcome *out)
{
    nm_pool_outcome o = {.status = NM_POOL_OPTIMAL};
    nm_px c;
    context(&c, units, n, dist, rules, level, mode, limits);
    char *active = nm_calloc(n + 1, 1), *hub = nm_calloc(n + 1, 1);
    size_t *part = nm_calloc(n + 1, sizeof *part), *set = nm_calloc(n + 1, sizeof *set);
    int *gassign = nm_calloc(n + 1, sizeof *gassign), *start = nm_calloc(n + 1, sizeof *start);
    int *local = nm_calloc(n + 1, sizeof *local);
    drop(&c, active, hub);
    parts(&c, active, hub, part);
    greedy(&c, active, gassign);
    size_t ncoh = 0;
    double bound = 0, placed_all = 0;
    for (size_t i = 0; i < n; i++) {
        assign[i] = -1;
        o.how.dropped += !active[i];
    }
    size_t nactive = 0;
    for (size_t i = 0; i < n; i++)
        nactive += active[i];
    /* shared placements tie the parts together: a small group is searched
     * whole under that rule (pool_enum.c) */
    int whole = c.limits.sites && c.limits.sites->n && nactive <= NM_POOL_SHARE_ENUMERATE_MAX &&
                c.limits.enumerate_max >= 0;
    /* otherwise parts near the same placements are one part, its program
     * holds the shared rows (pool_mip.c) */
    if (shared(&c) && !whole)
        shared_parts(&c, active, hub, part);
    if (whole && nactive) {
        size_t m = 0;
        for (size_t i = 0; i < n; i++)
            if (active[i])
                set[m++] = i;
        bound = nm_px_enumerate_shared(&c, set, m, local);
        o.how.enumerated++;
        int top = -1;
        for (size_t i = 0; i < m; i++) {
            assign[set[i]] = local[i];
            top = local[i] > top ? local[i] : top;
            placed_all += local[i] >= 0 ? units[set[i]].potential : 0;
        }
        ncoh = (size_t)(top + 1);
        bound = fmax(bound, placed_all);
    }
    for (size_t p = 0; p < n && !whole; p++) {
        if (part[p] != p)
            continue; /* each part once, at its lowest unit */
        size_t m = part_units(&c, part, p, gassign, set, start);
        double placed, b = solve_part(&c, set, m, start, local, &o);
        keep_best(&c, set, m, start, local, assign, &ncoh, &placed);
        bound += fmax(b, placed);
        placed_all += placed;
    }
    if (bound > placed_all + 1e-6) {
        o.status = NM_POOL_LIMIT;
        o.gap = (bound - placed_all) / bound;
    }
    if (out)
        *out = o;
    free(active);
    free(hub);
    free(part);
    free(set);
    free(gassign);
    free(start);
    free(local);
    return ncoh;
}
