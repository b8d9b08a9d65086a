/* test_pool_share.c - placements (LIA/VFU) shared out between a group's
 * cohorts (pool_share.h, issue #15) against an independent oracle: the
 * most the placements can cover is the smallest cut (Hall's condition with
 * deficiency: for every set S of cohorts, the need outside S plus the
 * placements within reach of S), enumerated here over every S; and tiny
 * poolings whose best split under the shared rule is enumerated here
 * (every split, every choice of hubs, Hall's condition checked). */
#include <malloc.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "needmap/pool.h"
#include "needmap/pool_exact.h"
#include "needmap/pool_share.h"
#include "needmap/pool_split.h"
#include "needmap/refdata.h"
#include "pool_instances.h"

static int failures;
#define CHECK(c) do { if (!(c)) { printf("%s:%d: check failed: %s\n", __FILE__, __LINE__, #c); failures++; } } while (0)
#define RUN(t) do { int f0 = failures; t(); printf("%s %s\n", failures == f0 ? "ok" : "FAIL", #t); } while (0)

static nm_refdata *ref;
static nm_distances dist;

static uint64_t rng = 1515;
static unsigned rnd(unsigned n)
{
    return pool_rnd(&rng, n);
}

enum { MAXC = 8, MAXS = 8 };

typedef struct sites {
    size_t muni[MAXS];
    double places[MAXS];
    size_t n;
    double reach;
} sites;

static int in_reach(const sites *s, size_t hub, size_t j)
{
    return s->reach <= 0 || nm_distance(&dist, s->muni[j], hub) <= s->reach;
}

/* The oracle's cover: min over S of (need outside S + placements within
 * reach of some hub in S). */
static double min_cut(const sites *s, const size_t *hub, const double *need, size_t nc)
{
    double best = INFINITY;
    for (unsigned S = 0; S < (1u << nc); S++) {
        double v = 0;
        for (size_t k = 0; k < nc; k++)
            v += S & (1u << k) ? 0 : need[k];
        for (size_t j = 0; j < s->n; j++) {
            int near = 0;
            for (size_t k = 0; k < nc; k++)
                near |= (S & (1u << k)) && in_reach(s, hub[k], j);
            v += near ? s->places[j] : 0;
        }
        best = fmin(best, v);
    }
    return best;
}

static int hall(const sites *s, const size_t *hub, const double *need, size_t nc)
{
    double want = 0;
    for (size_t k = 0; k < nc; k++)
        want += need[k];
    return min_cut(s, hub, need, nc) >= want - 1e-6;
}

static nm_share_sites as_share(const sites *s)
{
    /* the module's own view, built here from the same rows (sorted, summed
     * per municipality by the test's construction: distinct munis) */
    static size_t m[MAXS];
    static double p[MAXS];
    memcpy(m, s->muni, sizeof m);
    memcpy(p, s->places, sizeof p);
    return (nm_share_sites){m, p, s->n, &dist, s->reach};
}

static void random_sites(sites *s, const size_t *near, double reach)
{
    s->n = 1 + rnd(4);
    s->reach = reach;
    uint64_t used = 0;
    for (size_t j = 0; j < s->n; j++) {
        s->muni[j] = near[pool_draw_unused(&rng, 25, &used)];
        s->places[j] = 1 + rnd(40);
    }
}

/* 400 random cover problems: the maximum flow equals the smallest cut,
 * and what each cohort is given is at most its need and sums to it. */
static void the_cover_is_the_smallest_cut_on_400_instances(void)
{
    static const double reaches[3] = {80, 200, 0};
    int same = 0, short_of = 0;
    for (int t = 0; t < 400; t++) {
        const size_t *near = nm_distance_order(&dist, rnd((unsigned)ref->nmunis));
        sites s;
        random_sites(&s, near, reaches[t % 3]);
        size_t nc = 1 + rnd(5), hub[MAXC];
        double need[MAXC], given[MAXC], sum = 0;
        for (size_t k = 0; k < nc; k++) {
            hub[k] = near[rnd(25)];
            need[k] = (1 + rnd(60)) / 2.0;
        }
        nm_share_sites sh = as_share(&s);
        double cover = nm_share_cover(&sh, hub, need, nc, given);
        for (size_t k = 0; k < nc; k++) {
            CHECK(given[k] <= need[k] + 1e-9);
            sum += given[k];
        }
        CHECK(fabs(sum - cover) < 1e-6);
        same += fabs(cover - min_cut(&s, hub, need, nc)) < 1e-6;
        CHECK(nm_share_feasible(&sh, hub, need, nc) == hall(&s, hub, need, nc));
        short_of += !hall(&s, hub, need, nc);
    }
    printf("  cover = smallest cut in %d of 400; the placements fall short in %d\n", same,
           short_of);
    CHECK(same == 400);
    CHECK(short_of > 40 && short_of < 360); /* both kinds, to mean something */
}

/* --- tiny poolings: the best split under the shared rule --- */

typedef struct instance {
    nm_pool_unit u[MAXC];
    size_t n;
    nm_level level;
    nm_mode mode;
    nm_rules rules;
    sites s;
} instance;

/* Hubs a set t of units may have under the rules (the per-hub rule
 * included: a hub's own placements within reach take the cohort), with
 * the set's potential; validity and viability by nm_pool_evaluate's
 * definition are checked through it for the members, here only the hubs
 * vary. */
static unsigned hubs_of(const instance *in, unsigned t, double *pot)
{
    size_t set[MAXC] = {0}, k = 0, h;
    double cost;
    *pot = 0;
    for (size_t i = 0; i < in->n; i++)
        if (t & (1u << i)) {
            set[k++] = i;
            *pot += in->u[i].potential;
        }
    if (nm_pool_evaluate(in->u, set, k, &dist, &in->rules, in->level, in->mode, &h, &cost) != 1)
        return 0;
    if (k > 1 && *pot > nm_pool_capacity(&in->rules, in->level) + 1e-9)
        return 0;
    unsigned hubs = 0;
    double reach = in->rules.reach_km[in->mode];
    for (size_t a = 0; a < k; a++) {
        int ok = *pot * in->rules.enrolment_rate <= in->u[set[a]].placements + 1e-9;
        for (size_t b = 0; b < k && ok; b++)
            ok = reach <= 0 ||
                 nm_distance(&dist, in->u[set[b]].muni, in->u[set[a]].muni) <= reach;
        hubs |= ok ? 1u << set[a] : 0;
    }
    return hubs;
}

/* The most potential any split places with hubs whose expected students
 * the placements cover together. */
static double best_shared(const instance *in, unsigned left, unsigned *cohort, size_t nc,
                          size_t *hub, double *need)
{
    if (!left) {
        return hall(&in->s, hub, need, nc) ? 0 : -INFINITY;
    }
    unsigned low = left & -left;
    double best = best_shared(in, left & ~low, cohort, nc, hub, need);
    for (unsigned t = left; t; t = (t - 1) & left) {
        if (!(t & low))
            continue;
        double pot;
        unsigned hubs = hubs_of(in, t, &pot);
        for (size_t h = 0; h < in->n; h++) {
            if (!(hubs & (1u << h)))
                continue;
            hub[nc] = in->u[h].muni;
            need[nc] = pot * in->rules.enrolment_rate;
            double r = best_shared(in, left & ~t, cohort, nc + 1, hub, need) + pot;
            best = fmax(best, r);
        }
    }
    return best;
}

static void random_pooling(instance *in, int t)
{
    static const nm_level levels[3] = {NM_LEVEL_YH, NM_LEVEL_COURSE, NM_LEVEL_KOMVUX};
    nm_rules_default(&in->rules);
    in->level = levels[t % 3];
    in->mode = t % 4 == 3 ? NM_MODE_DISTANCE : t % 2 ? NM_MODE_HYBRID : NM_MODE_ONSITE;
    in->n = 3 + rnd(4);
    const size_t *near = nm_distance_order(&dist, rnd((unsigned)ref->nmunis));
    pool_near_units(in->u, in->n, near, 25, 1, 80, 2, &rng);
    random_sites(&in->s, near, in->rules.reach_km[in->mode]);
    for (size_t i = 0; i < in->n; i++) { /* as pool_build.c: every site within reach */
        in->u[i].placements_limited = 1;
        for (size_t j = 0; j < in->s.n; j++)
            in->u[i].placements += in_reach(&in->s, in->u[i].muni, j) ? in->s.places[j] : 0;
    }
}

/* 240 tiny poolings: needmap's cohorts are covered together (Hall's
 * condition, checked here with its hubs), never place more than the
 * shared optimum, and place exactly it whenever nothing was dropped
 * (the per-cohort optimum then meets the stricter rule). */
static void shared_placements_are_never_promised_twice_on_240_tiny_poolings(void)
{
    int n = 240, limit_missed = 0, before_over = 0, after_over = 0, optimal = 0, dropped_n = 0, reached = 0;
    double over_students = 0;
    for (int t = 0; t < n; t++) {
        instance in;
        random_pooling(&in, t);
        int assign[MAXC], assign2[MAXC];
        double share[MAXC];
        nm_pool_outcome out;
        nm_share_sites sites = as_share(&in.s);
        nm_pool_limits lim = {0, 0, NULL, 0, &sites}; /* the exact paths share them out */
        size_t k = nm_pool_exact(in.u, in.n, &dist, &in.rules, in.level, in.mode, &lim, assign,
                                 &out);
        for (size_t i = 0; i < in.n; i++) {
            assign2[i] = -1;
            share[i] = 1;
        }
        /* before: the per-cohort rule's cohorts, by the oracle's check */
        size_t hub[MAXC], dropped;
        double need[MAXC], want = 0, placed = 0;
        int before[MAXC]; /* the per-cohort rule's pooling (each hub's own placements) */
        size_t kb = nm_pool_exact(in.u, in.n, &dist, &in.rules, in.level, in.mode, NULL, before,
                                  NULL);
        nm_share_sites sh = as_share(&in.s);
        size_t kept = nm_share_out(&sh, in.u, in.n, &dist, &in.rules, in.level, in.mode, assign,
                                   assign2, share, k, hub, need, &dropped);
        for (size_t c = 0; c < kept; c++)
            want += need[c];
        for (size_t i = 0; i < in.n; i++)
            placed += assign[i] >= 0 ? in.u[i].potential : 0;
        {   /* the cohorts before, with the hubs nm_pool_evaluate gives them */
            size_t bh[MAXC];
            double bn[MAXC], bw = 0, bc;
            for (size_t c = 0; c < kb; c++) {
                size_t set[MAXC], m = 0, h;
                double pot = 0, cost;
                for (size_t i = 0; i < in.n; i++)
                    if (before[i] == (int)c) {
                        set[m++] = i;
                        pot += in.u[i].potential;
                    }
                nm_pool_evaluate(in.u, set, m, &dist, &in.rules, in.level, in.mode, &h, &cost);
                bh[c] = in.u[h].muni;
                bn[c] = pot * in.rules.enrolment_rate;
                bw += bn[c];
            }
            bc = min_cut(&in.s, bh, bn, kb);
            if (bc < bw - 1e-6) {
                before_over++;
                over_students += bw - bc;
            }
        }
        after_over += !hall(&in.s, hub, need, kept);
        for (size_t c = 0; c < kept; c++) { /* each kept cohort valid with its hub */
            unsigned t2 = 0;
            double pot;
            for (size_t i = 0; i < in.n; i++)
                t2 |= assign[i] == (int)c ? 1u << i : 0;
            unsigned hubs = hubs_of(&in, t2, &pot);
            int hub_ok = 0;
            for (size_t i = 0; i < in.n; i++)
                hub_ok |= (hubs & (1u << i)) && in.u[i].muni == hub[c];
            CHECK(hub_ok);
        }
        unsigned cohort[MAXC];
        size_t oh[MAXC];
        double on[MAXC];
        double best = best_shared(&in, (1u << in.n) - 1, cohort, 0, oh, on);
        CHECK(placed <= best + 1e-6);
        reached += fabs(placed - best) < 1e-6;
        dropped_n += dropped > 0;
        if (!dropped && out.status == NM_POOL_OPTIMAL) {
            optimal++;
            CHECK(fabs(placed - best) < 1e-6);
        } else if (fabs(placed - best) > 1e-6) { /* a miss: limit, with a true gap */
            limit_missed++;
            CHECK(out.status == NM_POOL_LIMIT);
            CHECK(best <= placed / (1 - out.gap) + 1e-6);
        }
    }
    printf("  %d poolings: the per-cohort rule promised placements twice in %d (%.1f expected "
           "students without one), shared out: in %d; cohorts dropped in %d; the shared "
           "optimum (placed) reached in %d (proven in %d); missed, marked limit: %d\n",
           n, before_over, over_students, after_over, dropped_n, reached, optimal,
           limit_missed);
    CHECK(after_over == 0);
    /* the exact paths share the placements out: the repair never fires, and
     * the shared optimum is placed and proven in all but those where only
     * another hub than the nearest-travel one would place more (marked limit,
     * their gap bounding the oracle's optimum); the per-cohort rule with the
     * repair placed it in 205 and dropped cohorts in 35 */
    CHECK(dropped_n == 0);
    CHECK(optimal >= 239 && optimal + limit_missed == n);
    CHECK(before_over > 10); /* sharing binds often enough to mean something */
}

/* 60 tiny poolings (4-7 municipalities, those drawn with two in one
 * municipality left out; every mode) through the integer program alone
 * (no enumeration): its shared rows (Hall's condition, added where the
 * solution's cohorts fall short) give cohorts covered together, at the
 * oracle's optimum whenever it claims optimal. */
static void the_program_shares_placements_on_60_tiny_poolings(void)
{
    int n = 0, covered = 0, optimal = 0, reached = 0, limit_ok = 0, bind = 0, repaired = 0;
    /* a sanitizer build (NEEDMAP_TEST_SAMPLE, docs/development.md) solves
     * the first 20: CBC under ASan took 13 minutes for 60 */
    int tries = getenv("NEEDMAP_TEST_SAMPLE") ? 20 : 60;
    for (int t = 0; t < tries; t++) {
        instance in;
        memset(&in, 0, sizeof in);
        random_pooling(&in, t);
        in.n = 4 + (size_t)(t % 4);
        for (size_t i = 0; i < in.n; i++) { /* units 4-7: as random_pooling's */
            if (in.u[i].potential <= 0) {
                in.u[i] = in.u[0];
                in.u[i].muni = nm_distance_order(&dist, in.u[0].muni)[1 + i];
                in.u[i].potential = (1 + rnd(80)) / 2.0;
            }
        }
        for (size_t i = 0; i < in.n; i++) /* distinct municipalities */
            for (size_t e = 0; e < i; e++)
                if (in.u[e].muni == in.u[i].muni)
                    in.u[i].muni = nm_distance_order(&dist, in.u[i].muni)[1 + rnd(20)];
        int dup = 0;
        for (size_t i = 0; i < in.n; i++)
            for (size_t e = 0; e < i; e++)
                dup |= in.u[e].muni == in.u[i].muni;
        if (dup)
            continue;
        n++;
        for (size_t i = 0; i < in.n; i++) { /* as pool_build.c: every site within reach */
            in.u[i].placements = 0;
            for (size_t j = 0; j < in.s.n; j++)
                in.u[i].placements += in_reach(&in.s, in.u[i].muni, j) ? in.s.places[j] : 0;
        }
        int assign[MAXC];
        nm_pool_outcome out;
        nm_share_sites sites = as_share(&in.s);
        nm_pool_limits lim = {0, 0, NULL, -1, &sites}; /* the program alone */
        size_t k = nm_pool_exact(in.u, in.n, &dist, &in.rules, in.level, in.mode, &lim, assign,
                                 &out);
        size_t hub[MAXC];
        double need[MAXC], placed = 0, free_placed = 0;
        for (size_t c = 0; c < k; c++) {
            size_t set[MAXC], m = 0, h;
            double pot = 0, cost;
            for (size_t i = 0; i < in.n; i++)
                if (assign[i] == (int)c) {
                    set[m++] = i;
                    pot += in.u[i].potential;
                }
            CHECK(nm_pool_evaluate(in.u, set, m, &dist, &in.rules, in.level, in.mode, &h,
                                   &cost) == 1);
            hub[c] = in.u[h].muni;
            need[c] = pot * in.rules.enrolment_rate;
            placed += pot;
        }
        covered += hall(&in.s, hub, need, k);
        { /* as pool_build.c: the repair, which should not fire on an optimal claim */
            int a2[MAXC];
            double sh[MAXC], nd[MAXC];
            size_t hb[MAXC], dropped;
            for (size_t i = 0; i < in.n; i++) {
                a2[i] = -1;
                sh[i] = 1;
            }
            nm_share_out(&sites, in.u, in.n, &dist, &in.rules, in.level, in.mode, assign, a2, sh,
                         k, hb, nd, &dropped);
            repaired += dropped > 0;
            CHECK(!dropped || out.status == NM_POOL_LIMIT);
            placed = 0;
            for (size_t i = 0; i < in.n; i++)
                placed += assign[i] >= 0 ? in.u[i].potential : 0;
        }
        int fa[MAXC];
        nm_pool_exact(in.u, in.n, &dist, &in.rules, in.level, in.mode, NULL, fa, NULL);
        for (size_t i = 0; i < in.n; i++)
            free_placed += fa[i] >= 0 ? in.u[i].potential : 0;
        unsigned cohort[MAXC];
        size_t oh[MAXC];
        double on[MAXC];
        double best = best_shared(&in, (1u << in.n) - 1, cohort, 0, oh, on);
        bind += best < free_placed - 1e-6;
        reached += fabs(placed - best) < 1e-6;
        if (out.status == NM_POOL_OPTIMAL) {
            optimal++;
            CHECK(fabs(placed - best) < 1e-6);
        } else {
            limit_ok++;
            CHECK(placed <= best + 1e-6);
        }
    }
    printf("  %d poolings by the program: covered together in %d (the repair fired in %d, "
           "each marked limit); the shared rule binds in %d; the shared optimum placed in %d, "
           "proven in %d; limit: %d\n",
           n, covered, repaired, bind, reached, optimal, limit_ok);
    CHECK(bind > n / 12); /* the shared rule binds often enough to mean something */
    CHECK(optimal + limit_ok == n);
    /* 57 proven when written; 56 once CBC runs without its preprocessing
     * under a start's cutoff (pool_cbc.c: it proved a worse point optimal)
     * and starts from the local search (pool_improve.c): one more part ends
     * at the node limit, still placing the optimum */
    CHECK(optimal >= n - 4);
    CHECK(reached >= n - 2);
}

/* The potential a pooling places: a split municipality's two units at
 * their shares. */
static double placed_by(const nm_pool_unit *u, size_t n, const int *assign, const int *assign2,
                        const double *share)
{
    double placed = 0;
    for (size_t i = 0; i < n; i++)
        placed += u[i].potential *
                  ((assign[i] >= 0 ? share[i] : 0) + (assign2[i] >= 0 ? 1 - share[i] : 0));
    return placed;
}

/* Two municipalities above one intake, out of each other's reach, both
 * within reach of one placement municipality between them, each with a
 * small neighbour: their cohorts compete for those placements, so whether
 * one is split changes what the other can do.  Oracle: every choice of
 * splits made by hand (the full intakes as an own unit, the rest as
 * another: pool_split.h) and pooled exactly under the shared rule; a
 * choice counts only when that pooling is proven.  nm_pool_split_exact
 * never places more than the best choice, and places exactly it whenever
 * it says optimal (deciding the two one after the other could keep the
 * first's split and miss a better second). */
static void splits_that_compete_for_a_placement_are_decided_together(void)
{
    int n = 0, claimed = 0, wrong = 0, differ = 0;
    for (int t = 0; t < 400 && n < 60; t++) {
        instance in;
        memset(&in, 0, sizeof in);
        nm_rules_default(&in.rules);
        in.level = NM_LEVEL_YH;
        in.mode = t % 2 ? NM_MODE_HYBRID : NM_MODE_ONSITE;
        double reach = in.rules.reach_km[in.mode], intake = nm_pool_intake(&in.rules, in.level);
        size_t mid = rnd((unsigned)ref->nmunis);
        const size_t *near = nm_distance_order(&dist, mid);
        size_t a = SIZE_MAX, b = SIZE_MAX;
        for (size_t k = 1; k < 60 && b == SIZE_MAX; k++) {
            size_t x = near[k];
            if (nm_distance(&dist, x, mid) > reach || nm_distance(&dist, x, mid) < reach / 3)
                continue;
            if (a == SIZE_MAX)
                a = x;
            else if (nm_distance(&dist, a, x) > reach)
                b = x;
        }
        if (b == SIZE_MAX)
            continue;
        const size_t *na = nm_distance_order(&dist, a), *nb = nm_distance_order(&dist, b);
        size_t ra = na[1 + rnd(3)], rb = nb[1 + rnd(3)];
        if (nm_distance(&dist, ra, a) > reach || nm_distance(&dist, rb, b) > reach ||
            ra == mid || rb == mid || ra == rb || ra == b || rb == a)
            continue;
        in.n = 4;
        in.u[0] = (nm_pool_unit){a, intake * (1 + rnd(2)) + 1 + rnd(30), 0, 0, 0};
        in.u[1] = (nm_pool_unit){ra, (1 + rnd(40)) / 2.0, 0, 0, 0};
        in.u[2] = (nm_pool_unit){b, intake * (1 + rnd(2)) + 1 + rnd(30), 0, 0, 0};
        in.u[3] = (nm_pool_unit){rb, (1 + rnd(40)) / 2.0, 0, 0, 0};
        in.s.reach = reach;
        in.s.n = 1;
        in.s.muni[0] = mid;
        in.s.places[0] = (in.u[0].potential + in.u[2].potential) * in.rules.enrolment_rate *
                         (0.4 + rnd(60) / 100.0);
        for (size_t i = 0; i < in.n; i++) {
            in.u[i].placements_limited = 1;
            in.u[i].placements = in_reach(&in.s, in.u[i].muni, 0) ? in.s.places[0] : 0;
        }
        nm_share_sites sites = as_share(&in.s);
        nm_pool_limits lim = {0, 0, NULL, 0, &sites};
        /* the oracle: each choice of splits of units 0 and 2 that
         * pool_split.h allows (whole intakes, a rest, the own cohort viable
         * and within its placements), pooled; a pooling counts when every
         * own cohort and its rest are placed (one the caller can be given) */
        double best = -1, lo = INFINITY, viable = nm_pool_level_min_viable(&in.rules, in.level);
        int proven = 1;
        for (unsigned c = 0; c < 4; c++) {
            nm_pool_unit u[6];
            size_t m = 0;
            int allowed = 1;
            for (size_t i = 0; i < in.n; i++) {
                int split = (i == 0 && (c & 1)) || (i == 2 && (c & 2));
                nm_pool_unit w = in.u[i];
                if (split) {
                    nm_pool_unit o = w;
                    o.potential = floor(w.potential / intake + 1e-9) * intake;
                    o.own = 1;
                    allowed &= o.potential >= 1 && w.potential - o.potential >= 1e-6 &&
                               floor(o.potential + 1e-9) >= viable &&
                               o.potential * in.rules.enrolment_rate <= o.placements + 1e-9;
                    u[m++] = o;
                    w.potential -= o.potential;
                }
                u[m++] = w;
            }
            if (!allowed)
                continue;
            int assign[6];
            nm_pool_outcome out;
            nm_pool_exact(u, m, &dist, &in.rules, in.level, in.mode, &lim, assign, &out);
            proven &= out.status == NM_POOL_OPTIMAL;
            double placed = 0;
            int given = 1;
            for (size_t i = 0; i < m; i++) {
                placed += assign[i] >= 0 ? u[i].potential : 0;
                given &= !u[i].own || (assign[i] >= 0 && assign[i + 1] >= 0);
            }
            if (!given)
                continue;
            best = fmax(best, placed);
            lo = fmin(lo, placed);
        }
        if (!proven)
            continue;
        n++;
        differ += best > lo + 1e-6;
        int assign[MAXC], assign2[MAXC];
        double share[MAXC];
        nm_pool_outcome out;
        nm_pool_split_exact(in.u, in.n, &dist, &in.rules, in.level, in.mode, &lim, assign, assign2,
                            share, &out);
        double got = placed_by(in.u, in.n, assign, assign2, share);
        CHECK(got <= best + 1e-6);
        if (out.status == NM_POOL_OPTIMAL) {
            claimed++;
            wrong += fabs(got - best) > 1e-6;
        }
    }
    printf("  %d groups of two split candidates competing for one placement municipality "
           "(the choice of splits matters in %d): optimal claimed in %d, %d of them wrong\n",
           n, differ, claimed, wrong);
    CHECK(n >= 30);
    CHECK(differ >= 5);
    CHECK(wrong == 0);
}

int main(void)
{
#ifdef M_PERTURB
    /* Many small CBC programs: CBC's cut generators allocate large blocks on
     * every solve, which meson's MALLOC_PERTURB_ fills byte by byte (25 s
     * became 2 min 43 s).  Reads of needmap's own uninitialised memory are
     * the ASan build's and valgrind's to find. */
    mallopt(M_PERTURB, 0);
#endif
    nm_error err;
    if (nm_refdata_load(&ref, &err) != NM_OK)
        return 1;
    nm_distances_init(&dist, ref);
    RUN(the_cover_is_the_smallest_cut_on_400_instances);
    RUN(shared_placements_are_never_promised_twice_on_240_tiny_poolings);
    RUN(the_program_shares_placements_on_60_tiny_poolings);
    RUN(splits_that_compete_for_a_placement_are_decided_together);
    nm_distances_free(&dist);
    nm_refdata_free(ref);
    return failures ? 1 : 0;
}
