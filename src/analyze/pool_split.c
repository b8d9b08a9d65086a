/* pool_split.c - a municipality above one intake: its own cohort of full
 * intakes, and the rest pooled with its neighbours (pool_split.h).
 *
 * The exact pooling sees ordinary units: a split municipality is two of
 * them, its own cohort (own set: alone, or with its rest) and the rest.
 * Whole first; then each municipality that may be split, in unit order,
 * kept split when the exact pooling with it is better. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "needmap/alloc.h"
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
     * pooling the caller can be given */
    for (size_t i = 0; i < t->m; i++)
        ok = ok && (!t->u[i].own || (t->assign[i] >= 0 && (t->assign[i + 1] >= 0 ||
                                                           nm_px_may_join(&c, i + 1, i))));
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

size_t nm_pool_split_exact(const nm_pool_unit *units, size_t n, const nm_distances *dist,
                           const nm_rules *rules, nm_level level, nm_mode mode,
                           const nm_pool_limits *limits, int *assign, int *assign2,
                           double *share, nm_pool_outcome *out)
{
    split_ctx s = {.intake = nm_pool_intake(rules, level)};
    nm_px_init(&s.px, units, n, dist, rules, level, mode, limits);
    double *own = nm_calloc(n + 1, sizeof *own);
    char *split = nm_calloc(n + 1, 1);
    size_t may = 0;
    for (size_t i = 0; i < n; i++)
        may += (own[i] = own_part(&s, i)) > 0;
    trial best, next;
    trial_init(&best, n);
    trial_init(&next, n);
    build(&s, split, own, &best);
    solve(&s, &best);
    double bound = bound_of(&s, &best); /* the most any trial's pooling could place */
    int limit = best.out.status != NM_POOL_OPTIMAL;
    for (size_t i = 0; i < n && may; i++) {
        if (own[i] <= 0)
            continue;
        split[i] = 1;
        build(&s, split, own, &next);
        int ok = solve(&s, &next);
        /* a trial not proven may hide a better pooling: the kept one is
         * then not proven either, whichever trial it is */
        limit |= next.out.status != NM_POOL_OPTIMAL;
        bound = fmax(bound, bound_of(&s, &next));
        if (ok && better(&next, &best)) {
            trial t = best;
            best = next;
            next = t;
        } else {
            split[i] = 0;
        }
    }
    if (may > 1) { /* one pass, each in turn: a pooling where two of them
                    * change together is not tried, so nothing is proven
                    * beyond the group's whole potential */
        limit = 1;
        bound = fmax(bound, bound_of(&s, &(trial){.out = {NM_POOL_LIMIT, 1, {0}}}));
    }
    result(&s, &best, assign, assign2, share);
    if (out) {
        *out = best.out;
        if (limit) {
            out->status = NM_POOL_LIMIT;
            out->gap = bound > best.placed ? (bound - best.placed) / bound : 0;
        }
    }
    size_t ncoh = best.ncoh;
    trial_free(&best);
    trial_free(&next);
    free(own);
    free(split);
    return ncoh;
}
