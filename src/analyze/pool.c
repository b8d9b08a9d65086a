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

/* P(viable) depends on the whole number of potential students only, and
 * every cohort asks it three times (potential, low, high): the values for
 * n below P_MEMO_N are kept per (rate, minimum), a few of those per
 * thread (groups are pooled on several threads). */
enum { P_MEMO = 4, P_MEMO_N = 512 };

typedef struct p_memo {
    double rate;
    unsigned need;
    int used;
    double p[P_MEMO_N];        /* NAN: not worked out yet */
} p_memo;

static _Thread_local p_memo p_memos[P_MEMO];
static _Thread_local unsigned p_memo_next;

static double *p_memo_for(double rate, unsigned need)
{
    for (unsigned i = 0; i < P_MEMO; i++)
        if (p_memos[i].used && p_memos[i].rate == rate && p_memos[i].need == need)
            return p_memos[i].p;
    p_memo *m = &p_memos[p_memo_next++ % P_MEMO];
    m->rate = rate;
    m->need = need;
    m->used = 1;
    for (unsigned k = 0; k < P_MEMO_N; k++)
        m->p[k] = NAN;
    return m->p;
}

double nm_pool_p_viable(double potential, double rate, double min_size)
{
    double n = floor(potential + 1e-9);
    unsigned need = (unsigned)ceil(min_size - 1e-9);
    if (need == 0)
        return 1.0;
    if (n < need || n <= 0)
        return 0.0;
    if (n >= P_MEMO_N)
        return gsl_cdf_binomial_Q(need - 1, rate, (unsigned)n); /* P(X > need-1) */
    double *p = p_memo_for(rate, need) + (size_t)n;
    if (isnan(*p))
        *p = gsl_cdf_binomial_Q(need - 1, rate, (unsigned)n);
    return *p;
}

enum { MEMO = 8 };

typedef struct min_memo {
    double rate, min_size, probability, n;
    int used;
} min_memo;

static _Thread_local min_memo memo[MEMO];
static _Thread_local unsigned memo_next;

static double search_min_viable(double rate, double min_size, double probability)
{
    double lo = ceil(min_size - 1e-9); /* fewer are never viable; rules have min_size >= 1 */
    if (lo < 1)
        lo = 1;
    if (nm_pool_p_viable(lo, rate, min_size) >= probability)
        return lo;
    double hi = lo * 2; /* p(lo) too small: find a viable hi, then halve the gap */
    while (nm_pool_p_viable(hi, rate, min_size) < probability) {
        lo = hi;
        hi *= 2;
        if (hi > 2147483648.0)
            return INFINITY;
    }
    while (hi - lo > 1) {
        double mid = floor((lo + hi) / 2);
        if (nm_pool_p_viable(mid, rate, min_size) >= probability)
            hi = mid;
        else
            lo = mid;
    }
    return hi;
}

double nm_pool_min_viable(double rate, double min_size, double probability)
{
    for (unsigned i = 0; i < MEMO; i++)
        if (memo[i].used && memo[i].rate == rate && memo[i].min_size == min_size &&
            memo[i].probability == probability)
            return memo[i].n;
    min_memo *m = &memo[memo_next++ % MEMO];
    *m = (min_memo){rate, min_size, probability, search_min_viable(rate, min_size, probability), 1};
    return m->n;
}

static double reach_of(const nm_rules *r, nm_mode mode)
{
    return r->reach_km[mode];
}

/* The member that is a municipality's own cohort (pool.h, own): n when
 * none, SIZE_MAX when the set pools it with another municipality (its own
 * rest, a second unit of the same municipality, may be with it). */
static size_t own_of(const nm_pool_unit *units, const size_t *set, size_t n)
{
    size_t own = n;
    for (size_t i = 0; i < n && own == n; i++)
        own = units[set[i]].own ? i : n;
    for (size_t i = 0; i < n && own < n; i++)
        if (units[set[i]].muni != units[set[own]].muni)
            return SIZE_MAX;
    return own;
}

/* nm_pool_evaluate with the level's viability threshold (potential
 * students, nm_pool_min_viable) already found: a group asks it once. */
static int evaluate(const nm_pool_unit *units, const size_t *set, size_t n,
                    const nm_distances *dist, const nm_rules *rules, nm_level level,
                    nm_mode mode, double min_viable, size_t *hub, double *cost)
{
    const nm_level_rules *lr = &rules->level[level];
    double reach = reach_of(rules, mode), best = INFINITY, pot = 0;
    size_t best_hub = SIZE_MAX;
    if (n == 0 || n > (size_t)rules->max_locations)
        return -1;
    size_t own = own_of(units, set, n);
    if (own == SIZE_MAX)
        return -1; /* an own cohort pooled with another municipality */
    for (size_t i = 0; i < n; i++)
        pot += units[set[i]].potential;
    for (size_t h = 0; h < n; h++) {
        double c = 0;
        if (own < n && h != own)
            continue; /* a municipality's own cohort has its own hub */
        /* placements: the hub's must take the expected enrolment */
        int ok = pot <= nm_pool_unit_room(&units[set[h]], rules->enrolment_rate) + 1e-9;
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
    *hub = set[best_hub];
    *cost = best;
    if (n < (size_t)lr->min_municipalities)
        return 0;
    return floor(pot + 1e-9) >= min_viable;
}

double nm_pool_unit_room(const nm_pool_unit *u, double rate)
{
    return u->placements_limited ? u->placements / rate : INFINITY;
}

double nm_pool_intake(const nm_rules *rules, nm_level level)
{
    return rules->level[level].max_size / rules->enrolment_rate;
}

double nm_pool_level_min_viable(const nm_rules *rules, nm_level level)
{
    return nm_pool_min_viable(rules->enrolment_rate, rules->level[level].min_size,
                              rules->viable_probability);
}

int nm_pool_evaluate(const nm_pool_unit *units, const size_t *set, size_t n,
                     const nm_distances *dist, const nm_rules *rules, nm_level level,
                     nm_mode mode, size_t *hub, double *cost)
{
    return evaluate(units, set, n, dist, rules, level, mode,
                    nm_pool_level_min_viable(rules, level),
                    hub, cost);
}

/* --- the heuristic for one group --- */

typedef struct group_ctx {
    const nm_pool_unit *units;
    size_t n;
    const nm_distances *dist;
    const nm_rules *rules;
    nm_level level;
    nm_mode mode;
    double reach;             /* <= 0: no limit */
    double min_viable;        /* potential students a viable cohort needs */
    size_t maxloc;
    long *unit_of;            /* municipality -> unit index, or -1 */
    int *assign;              /* unit -> cohort, or -1 */
    size_t *mem;              /* cohort c's members: mem[c * maxloc + k] */
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
    return evaluate(g->units, set, n, g->dist, g->rules, g->level, g->mode, g->min_viable, hub,
                    cost);
}

/* Candidates to join seed s: unassigned units, nearest first within reach
 * (the municipalities' neighbour lists are sorted once), or by potential
 * when there is no reach limit. */
static size_t candidates(const group_ctx *g, size_t s, const size_t *order, size_t *cand)
{
    size_t nc = 0;
    if (g->reach <= 0) {
        for (size_t k = 0; k < g->n; k++)
            if (order[k] != s && g->assign[order[k]] < 0)
                cand[nc++] = order[k];
        return nc;
    }
    const size_t *near = nm_distance_order(g->dist, g->units[s].muni);
    for (size_t k = 0; k < g->dist->n; k++) {
        size_t m = near[k];
        if (m == g->units[s].muni)
            continue;
        if (nm_distance(g->dist, g->units[s].muni, m) > g->reach)
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
    double places = g->rules->level[g->level].max_size / g->rules->enrolment_rate;
    double pot = g->units[s].potential;
    /* add members until the cohort is viable and its places are filled */
    for (size_t k = 0; k < nc && (r != 1 || pot < places) && n < g->maxloc; k++) {
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

static void add_cohort(group_ctx *g, const size_t *set, size_t n)
{
    size_t c = g->ncoh++, hub;
    memcpy(g->mem + c * g->maxloc, set, n * sizeof *set);
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
        if (!remove || g->mem[c * g->maxloc + k] != u)
            buf[n++] = g->mem[c * g->maxloc + k];
    if (!remove)
        buf[n++] = u;
    return n > 0 && eval(g, buf, n, &hub, cost) == 1;
}

static void move(group_ctx *g, size_t u, int to)
{
    int from = g->assign[u];
    if (from >= 0) {
        size_t *m = g->mem + (size_t)from * g->maxloc, k = 0;
        while (m[k] != u)
            k++;
        m[k] = m[--g->cnt[from]];
    }
    g->mem[(size_t)to * g->maxloc + g->cnt[to]++] = u;
    g->assign[u] = to;
}

/* Leftover municipalities join the cohort they fit best. */
static void absorb(group_ctx *g, const size_t *order, size_t *buf)
{
    for (size_t k = 0; k < g->n; k++) {
        size_t u = order[k];
        if (g->assign[u] >= 0)
            continue;
        int best = -1;
        double best_delta = INFINITY, best_cost = 0, cost;
        for (size_t c = 0; c < g->ncoh; c++) {
            if (g->cnt[c] >= g->maxloc)
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
    for (int pass = 0; pass < MAX_IMPROVE_PASSES; pass++) {
        int improved = 0;
        for (size_t k = 0; k < g->n; k++) {
            size_t u = order[k];
            int from = g->assign[u], without = 0;
            double c_from = 0;
            if (from < 0 || g->cnt[from] < 2)
                continue;
            for (size_t to = 0; to < g->ncoh && without >= 0; to++) {
                double c_to;
                if ((int)to == from || g->cnt[to] >= g->maxloc ||
                    (g->reach > 0 && nm_distance(g->dist, g->units[u].muni,
                                                 g->units[g->mem[to * g->maxloc]].muni) >
                                         2 * g->reach))
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
    group_ctx g = {units, n, dist, rules, level, mode, rules->reach_km[mode],
                   nm_pool_level_min_viable(rules, level), (size_t)rules->max_locations, NULL, assign,
                   NULL, NULL, NULL, 0};
    size_t *order = nm_calloc(n, sizeof *order), *set = nm_calloc(n + 1, sizeof *set);
    size_t *cand = nm_calloc(n + 1, sizeof *cand);
    g.unit_of = nm_calloc(dist->n, sizeof *g.unit_of);
    g.mem = nm_calloc(n * g.maxloc, sizeof *g.mem);
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
