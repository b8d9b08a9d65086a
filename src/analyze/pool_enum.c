/* pool_enum.c - a small part of a group pooled by trying every split into
 * cohorts (dynamic programming over subsets: 3^n steps, n <= 10), each
 * cohort with its best hub.  Exact, no solver.  Under shared placements a
 * small group is searched split by split instead (the rule does not
 * decompose over cohorts), each split checked by the sites' maximum flow
 * (pool_share.c). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "needmap/alloc.h"
#include "needmap/pool_share.h"
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
        /* the cohorts t of s holding its lowest unit: low with each subset
         * of the rest, in the order of t descending (ties: the first) */
        unsigned low = s & -s, rest = s & ~low;
        dp b = {best[rest].s, 0};
        for (unsigned u = rest;; u = (u - 1) & rest) {
            unsigned t = u | low;
            if (ok[t]) {
                nm_px_score r = plus(best[s & ~t].s, one[t]);
                if (better(r, b.s))
                    b = (dp){r, t};
            }
            if (!u)
                break;
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

/* --- under shared placements (pool_share.h): every split, then the sites'
 * maximum flow on its cohorts --- */

typedef struct shared {
    const nm_px *c;
    const size_t *set;
    nm_share_sites s;         /* the sites within reach of some unit of set */
    const char *ok;           /* per subset: a valid, viable cohort */
    const nm_px_score *one;   /* per subset: its score */
    const size_t *hub;        /* per subset: its hub (municipality), as evaluated */
    const unsigned *hubs;     /* per subset: the positions it allows as hub */
    const double *pot;        /* per subset: its potential */
    unsigned blocks[NM_POOL_SHARE_ENUMERATE_MAX];
    size_t nb;
    nm_px_score cur, best;
    unsigned best_blocks[NM_POOL_SHARE_ENUMERATE_MAX];
    size_t best_nb;
    double bound;
} shared;

/* The cohorts blocks[0..nb) at hubs h[0..nb) covered together? */
static int covered(const shared *w, const size_t *h)
{
    double need[NM_POOL_SHARE_ENUMERATE_MAX];
    for (size_t k = 0; k < w->nb; k++)
        need[k] = w->pot[w->blocks[k]] * w->c->rules->enrolment_rate;
    return nm_share_feasible(&w->s, h, need, w->nb);
}

/* Some choice of the allowed hubs, from block k on, covered together? */
static int any_hubs(const shared *w, size_t *h, size_t k)
{
    if (k == w->nb)
        return covered(w, h);
    unsigned m = w->hubs[w->blocks[k]];
    for (size_t i = 0; m >> i; i++)
        if (m & (1u << i)) {
            h[k] = w->c->units[w->set[i]].muni;
            if (any_hubs(w, h, k + 1))
                return 1;
        }
    return 0;
}

static void leaf(shared *w)
{
    size_t h[NM_POOL_SHARE_ENUMERATE_MAX];
    int gain = better(w->cur, w->best), above = w->cur.placed > w->bound + 1e-9;
    if (!gain && !above)
        return;
    for (size_t k = 0; k < w->nb; k++)
        h[k] = w->hub[w->blocks[k]];
    /* one cohort: its hub's own placements already take it */
    if (w->nb <= 1 || covered(w, h)) {
        if (gain) {
            w->best = w->cur;
            memcpy(w->best_blocks, w->blocks, sizeof w->blocks);
            w->best_nb = w->nb;
        }
        w->bound = fmax(w->bound, w->cur.placed);
    } else if (above && any_hubs(w, h, 0)) {
        w->bound = w->cur.placed;
    }
}

/* The units of s (positions) still to place; rest: their potential. */
static void search(shared *w, unsigned s, double rest)
{
    if (!s) {
        leaf(w);
        return;
    }
    /* nothing below can reach the best's placed or pass the bound */
    if (w->cur.placed + rest < w->best.placed - 1e-9 && w->cur.placed + rest <= w->bound + 1e-9)
        return;
    unsigned low = s & -s;
    search(w, s & ~low, rest - w->pot[low]);
    for (unsigned t = s; t; t = (t - 1) & s) {
        if (!(t & low) || !w->ok[t])
            continue;
        nm_px_score was = w->cur;
        w->blocks[w->nb++] = t;
        w->cur = plus(w->cur, w->one[t]);
        search(w, s & ~t, rest - w->pot[t]);
        w->cur = was;
        w->nb--;
    }
}

/* The positions of set[0..k) (mem) that may be the hub of that cohort, as
 * nm_px_evaluate allows them (a municipality's own cohort: its own unit;
 * reach; the hub's placements). */
static unsigned hubs_allowed(const nm_px *c, const size_t *mem, const size_t *pos, size_t k,
                             double pot)
{
    size_t own = k;
    for (size_t i = 0; i < k; i++)
        own = c->units[mem[i]].own ? i : own;
    unsigned m = 0;
    for (size_t h = 0; h < k; h++) {
        if (own < k && h != own)
            continue;
        int ok = pot <= nm_px_room(c, mem[h], 0) + 1e-9;
        for (size_t i = 0; i < k && ok; i++)
            ok = nm_px_in_reach(c, mem[i], mem[h]);
        m |= ok ? 1u << pos[h] : 0;
    }
    return m;
}

double nm_px_enumerate_shared(const nm_px *c, const size_t *set, size_t n, int *local)
{
    unsigned full = (1u << n) - 1;
    nm_px_score *one = nm_calloc((size_t)full + 1, sizeof *one);
    char *ok = nm_calloc((size_t)full + 1, 1);
    size_t *hub = nm_calloc((size_t)full + 1, sizeof *hub);
    unsigned *hubs = nm_calloc((size_t)full + 1, sizeof *hubs);
    double *pot = nm_calloc((size_t)full + 1, sizeof *pot);
    size_t mem[NM_POOL_SHARE_ENUMERATE_MAX], pos[NM_POOL_SHARE_ENUMERATE_MAX];
    for (unsigned t = 1; t <= full; t++) {
        size_t k = 0, h;
        double cost;
        for (size_t i = 0; i < n; i++)
            if (t & (1u << i)) {
                pos[k] = i;
                mem[k++] = set[i];
                pot[t] += c->units[set[i]].potential;
            }
        if (k <= c->max_locations && nm_px_cohort(c, mem, k, &one[t].placed, &one[t].travel) &&
            nm_px_evaluate(c, mem, k, &h, &cost) == 1) {
            one[t].cohorts = 1;
            ok[t] = 1;
            hub[t] = c->units[h].muni;
            hubs[t] = hubs_allowed(c, mem, pos, k, pot[t] * c->rules->enrolment_rate);
        }
    }
    /* the sites any unit of the part could reach as a hub (the others
     * never take part in the flow) */
    const nm_share_sites *all = c->limits.sites;
    shared w = {c, set, {0}, ok, one, hub, hubs, pot, {0}, 0, {0, 0, 0}, {0, 0, 0}, {0}, 0, 0};
    w.s.dist = all->dist;
    w.s.reach = all->reach;
    w.s.muni = nm_calloc(all->n + 1, sizeof *w.s.muni);
    w.s.places = nm_calloc(all->n + 1, sizeof *w.s.places);
    for (size_t j = 0; j < all->n; j++) {
        int near = all->reach <= 0;
        for (size_t i = 0; i < n && !near; i++)
            near = nm_distance(all->dist, all->muni[j], c->units[set[i]].muni) <= all->reach;
        if (near) {
            w.s.muni[w.s.n] = all->muni[j];
            w.s.places[w.s.n++] = all->places[j];
        }
    }
    search(&w, full, pot[full]);
    for (size_t i = 0; i < n; i++)
        local[i] = -1;
    for (size_t k = 0; k < w.best_nb; k++)
        for (size_t i = 0; i < n; i++)
            if (w.best_blocks[k] & (1u << i))
                local[i] = (int)k;
    free(w.s.muni);
    free(w.s.places);
    free(one);
    free(ok);
    free(hub);
    free(hubs);
    free(pot);
    return w.bound;
}
