/* pool_split.c - a municipality above one intake: its own cohort of full
 * intakes, and the rest pooled with its neighbours (pool_split.h).
 *
 * The exact pooling sees ordinary units: a split municipality is two of
 * them, its own cohort (own set: alone, or with its rest) and the rest.
 * Whole first; then, part by part of the group, every subset of the
 * municipalities that may be split (a bounded search beyond
 * NM_POOL_SPLIT_JOINT_MAX), keeping the best exact pooling. */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "needmap/alloc.h"
#include "needmap/pool_share.h"
#include "needmap/pool_split.h"
#include "pool_exact_int.h"

/* The group, its municipalities whole (its rules: nm_px, pool_cohort.c),
 * and one intake of its level. */
typedef struct split_ctx {
    nm_px px;
    double intake;            /* potential students of one intake */
} split_ctx;

/* One pooling of the group, with some municipalities split. */
typedef struct trial {
    nm_pool_unit *u;          /* the units pooled: a split one as own, then rest */
    size_t *of;               /* per pooled unit: the caller's unit */
    size_t m;
    int *assign;
    size_t ncoh;
    nm_pool_outcome out;
    double placed, travel;    /* its place in the objective (with ncoh) */
} trial;

/* The potential of unit i's own cohort (k full intakes), or 0 when it is
 * not split: one intake or less, whole intakes, more than one municipality
 * required, k intakes not viable alone, or no room for them in its
 * placements. */
static double own_part(const split_ctx *s, size_t i)
{
    const nm_pool_unit *u = &s->px.units[i];
    if (s->px.min_munis > 1 || !(s->intake > 0))
        return 0;
    double k = floor(u->potential / s->intake + 1e-9), own = k * s->intake;
    if (k < 1 || u->potential - own < 1e-6)
        return 0;
    if (floor(own + 1e-9) < s->px.viable)
        return 0;
    if (own > nm_px_room(&s->px, i, 0) + 1e-9)
        return 0;
    return own;
}

static void trial_init(trial *t, size_t n)
{
    memset(t, 0, sizeof *t);
    t->u = nm_calloc(2 * n + 1, sizeof *t->u);
    t->of = nm_calloc(2 * n + 1, sizeof *t->of);
    t->assign = nm_calloc(2 * n + 1, sizeof *t->assign);
}

static void trial_free(trial *t)
{
    free(t->u);
    free(t->of);
    free(t->assign);
}

/* The units of a trial: whole, or (split[i]) own then rest. */
static void build(const split_ctx *s, const char *split, const double *own, trial *t)
{
    t->m = 0;
    for (size_t i = 0; i < s->px.n; i++) {
        nm_pool_unit u = s->px.units[i];
        u.own = 0;
        if (split[i]) {
            nm_pool_unit o = u;
            o.potential = own[i];
            o.own = 1;
            t->of[t->m] = i;
            t->u[t->m++] = o;
            u.potential -= own[i];
        }
        t->of[t->m] = i;
        t->u[t->m++] = u;
    }
}

/* Pool a trial exactly and score it; 0 when an own cohort was left out
 * (it cannot be in an optimal pooling: alone it is viable), or its rest
 * was left out where the municipality whole does not fit its own hub. */
static int solve(const split_ctx *s, trial *t)
{
    nm_px c = s->px; /* the same group, split as the trial says */
    c.units = t->u;
    c.n = t->m;
    t->ncoh = nm_pool_exact(c.units, c.n, c.dist, c.rules, c.level, c.mode, &c.limits,
                            t->assign, &t->out);
    t->placed = t->travel = 0;
    size_t *set = nm_calloc(t->m + 1, sizeof *set);
    int ok = 1;
    for (size_t k = 0; k < t->ncoh; k++) {
        size_t n = 0, hub;
        double cost;
        for (size_t i = 0; i < t->m; i++)
            if (t->assign[i] == (int)k) {
                set[n++] = i;
                t->placed += t->u[i].potential;
            }
        if (n && nm_px_evaluate(&c, set, n, &hub, &cost) >= 0)
            t->travel += cost;
    }
    /* an own cohort left out, or a rest left out that its own cohort could
     * not take back (result() reports the municipality whole there): no
     * pooling the caller can be given.  Under shared placements the rest
     * taken back would need placements the other cohorts may hold, so a
     * rest left out is never reported whole there. */
    int shared = c.limits.sites && c.limits.sites->n;
    for (size_t i = 0; i < t->m; i++)
        ok = ok && (!t->u[i].own ||
                    (t->assign[i] >= 0 &&
                     (t->assign[i + 1] >= 0 || (!shared && nm_px_may_join(&c, i + 1, i)))));
    free(set);
    return ok;
}

/* The most a trial's pooling could place: what it places, or (limit)
 * what its gap leaves possible. */
static double bound_of(const split_ctx *s, const trial *t)
{
    double all = 0;
    for (size_t i = 0; i < s->px.n; i++)
        all += s->px.units[i].potential;
    if (t->out.status == NM_POOL_OPTIMAL)
        return t->placed;
    return t->out.gap < 1 ? fmin(all, t->placed / (1 - t->out.gap)) : all;
}

static int better(const trial *a, const trial *b)
{
    return nm_pool_compare(a->placed, a->ncoh, a->travel, b->placed, b->ncoh, b->travel) < 0;
}

/* The kept trial per caller's unit: a rest left out or with its own
 * cohort makes the municipality whole in its own cohort. */
static void result(const split_ctx *s, const trial *t, int *assign, int *assign2,
                   double *share)
{
    for (size_t k = 0; k < t->m; k++) {
        size_t i = t->of[k];
        assign[i] = t->assign[k];
        assign2[i] = -1;
        share[i] = 1;
        if (!t->u[k].own)
            continue;
        int rest = t->assign[++k];
        if (rest >= 0 && rest != assign[i]) {
            assign2[i] = rest;
            share[i] = t->u[k - 1].potential / s->px.units[i].potential;
        }
    }
}

static size_t root(const size_t *part, size_t i)
{
    while (part[i] != i)
        i = part[i];
    return i;
}

static void join(size_t *part, size_t i, size_t h)
{
    size_t a = root(part, i), b = root(part, h);
    if (a < b)
        part[b] = a;
    else
        part[a] = b;
}

/* part[i] (output): the lowest unit of unit i's part of the group, two
 * units in one part when one is in reach of the other as a hub, or, under
 * shared placements (limits.sites), when a placement is within reach of
 * both (their cohorts may compete for it).  No cohort spans two parts and
 * no placement serves two: the parts are pooled independently and the
 * objective (placed, cohorts, travel) adds up over them. */
static void parts_of(const split_ctx *s, size_t *part)
{
    size_t n = s->px.n;
    const nm_share_sites *sites = s->px.limits.sites;
    for (size_t i = 0; i < n; i++)
        part[i] = i;
    for (size_t i = 0; i < n; i++)
        for (size_t h = 0; h < n; h++)
            if (h != i && nm_px_in_reach(&s->px, i, h))
                join(part, i, h);
    for (size_t j = 0; sites && j < sites->n; j++) {
        size_t first = SIZE_MAX;
        for (size_t h = 0; h < n; h++) {
            if (sites->reach > 0 &&
                nm_distance(sites->dist, sites->muni[j], s->px.units[h].muni) > sites->reach)
                continue;
            if (first == SIZE_MAX)
                first = h;
            else
                join(part, first, h);
        }
    }
    for (size_t i = 0; i < n; i++)
        part[i] = root(part, i);
}

/* The search over which municipalities are split: the kept trial, the
 * one being tried, and what is known of the kept one's optimality. */
typedef struct search {
    const split_ctx *s;
    const double *own;        /* per unit: its own cohort's potential, 0: never split */
    char *split;              /* per unit: split in the trial being built */
    trial best, next;
    int limit;                /* the kept pooling is not proven the best */
    int whole_bound;          /* ... and is measured against the whole potential */
    double bound;             /* the most any trial's pooling could place */
} search;

/* Pool the group split as q->split says; 1 when that is better than the
 * kept pooling and becomes it. */
static int try_split(search *q)
{
    build(q->s, q->split, q->own, &q->next);
    int ok = solve(q->s, &q->next);
    /* a trial not proven may hide a better pooling: the kept one is then
     * not proven either, whichever trial it is */
    q->limit |= q->next.out.status != NM_POOL_OPTIMAL;
    q->bound = fmax(q->bound, bound_of(q->s, &q->next));
    if (!better(&q->next, &q->best))
        return 0;
    if (!ok) { /* better, but not a pooling the caller can be given (a rest
                * left out): a pooling of these splits with the rest placed
                * might still beat the kept one, so it is not proven */
        q->limit = 1;
        return 0;
    }
    trial t = q->best;
    q->best = q->next;
    q->next = t;
    return 1;
}

/* The next larger mask with as many bits set (Gosper). */
static unsigned next_mask(unsigned mask)
{
    unsigned low = mask & -mask, up = mask + low;
    return (((up ^ mask) >> 2) / low) | up;
}

/* One part's municipalities that may be split, idx[0..m) (m <=
 * NM_POOL_SPLIT_JOINT_MAX), decided jointly: every subset split, fewest
 * splits first and then by unit order, the rest of the group as kept;
 * with every trial proven this is every choice the part has. */
static void decide_jointly(search *q, const size_t *idx, size_t m)
{
    unsigned kept = 0;
    for (size_t k = 1; k <= m; k++)
        for (unsigned mask = (1u << k) - 1; mask < (1u << m); mask = next_mask(mask)) {
            for (size_t j = 0; j < m; j++)
                q->split[idx[j]] = (char)((mask >> j) & 1);
            if (try_split(q))
                kept = mask;
        }
    for (size_t j = 0; j < m; j++)
        q->split[idx[j]] = (char)((kept >> j) & 1);
}

/* More than NM_POOL_SPLIT_JOINT_MAX in one part: a bounded search, each
 * in unit order switched (split or whole) and kept when better, passes
 * until one changes nothing or NM_POOL_SPLIT_PASSES; a choice where
 * several must change together may be missed, so nothing is proven beyond
 * the group's whole potential. */
static void decide_in_passes(search *q, const size_t *idx, size_t m)
{
    for (int pass = 0; pass < NM_POOL_SPLIT_PASSES; pass++) {
        int changed = 0;
        for (size_t j = 0; j < m; j++) {
            q->split[idx[j]] ^= 1;
            if (try_split(q))
                changed = 1;
            else
                q->split[idx[j]] ^= 1;
        }
        if (!changed)
            break;
    }
    q->limit = q->whole_bound = 1;
}

size_t nm_pool_split_exact(const nm_pool_unit *units, size_t n, const nm_distances *dist,
                           const nm_rules *rules, nm_level level, nm_mode mode,
                           const nm_pool_limits *limits, int *assign, int *assign2,
                           double *share, nm_pool_outcome *out)
{
    split_ctx s = {.intake = nm_pool_intake(rules, level)};
    nm_px_init(&s.px, units, n, dist, rules, level, mode, limits);
    double *own = nm_calloc(n + 1, sizeof *own), all = 0;
    size_t may = 0;
    for (size_t i = 0; i < n; i++) {
        may += (own[i] = own_part(&s, i)) > 0;
        all += units[i].potential;
    }
    search q = {.s = &s, .own = own, .split = nm_calloc(n + 1, 1)};
    trial_init(&q.best, n);
    trial_init(&q.next, n);
    build(&s, q.split, own, &q.best);
    solve(&s, &q.best);
    q.bound = bound_of(&s, &q.best);
    q.limit = q.best.out.status != NM_POOL_OPTIMAL;
    if (may) {
        size_t *part = nm_calloc(n + 1, sizeof *part), *idx = nm_calloc(n + 1, sizeof *idx);
        size_t parts = 0;
        if (may > 1)
            parts_of(&s, part);
        for (size_t p = 0; p < n; p++) { /* each part at its first that may be split */
            if (!(own[p] > 0) || part[p] == SIZE_MAX)
                continue;
            size_t m = 0, id = part[p];
            for (size_t i = p; i < n; i++)
                if (own[i] > 0 && part[i] == id) {
                    idx[m++] = i;
                    part[i] = SIZE_MAX; /* decided */
                }
            parts++;
            if (m <= NM_POOL_SPLIT_JOINT_MAX)
                decide_jointly(&q, idx, m);
            else
                decide_in_passes(&q, idx, m);
        }
        /* a trial's bound holds the other parts at one choice: with
         * several parts it bounds nothing beyond that */
        q.whole_bound |= parts > 1;
        free(part);
        free(idx);
    }
    if (q.whole_bound)
        q.bound = fmax(q.bound, all);
    result(&s, &q.best, assign, assign2, share);
    if (out) {
        *out = q.best.out;
        if (q.limit) {
            out->status = NM_POOL_LIMIT;
            out->gap = q.bound > q.best.placed ? (q.bound - q.best.placed) / q.bound : 0;
        }
    }
    size_t ncoh = q.best.ncoh;
    trial_free(&q.best);
    trial_free(&q.next);
    free(own);
    free(q.split);
    return ncoh;
}
