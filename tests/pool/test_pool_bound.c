/* test_pool_bound.c - the counting bound on what a part can place
 * (src/analyze/pool_bound.c) and the least travel of two cohorts by
 * distance (src/analyze/pool_pair.c) against an independent oracle: every split of
 * a small part into cohorts, the rules written out again here (at most
 * max_locations municipalities, at least min_municipalities, viable, under
 * the intakes' cap when pooled, every member within reach of some hub), no
 * solver.  The bound must never fall below the most the oracle places (or a
 * program would call a worse pooling optimal); where it is below the total
 * it must often equal the oracle's optimum (else it proves nothing), and
 * there the exact pooling must be proven optimal and place that optimum. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "needmap/pool.h"
#include "needmap/pool_exact.h"
#include "needmap/refdata.h"
#include "pool_exact_int.h"
#include "pool_instances.h"

static int failures;
#define CHECK(c) do { if (!(c)) { printf("%s:%d: check failed: %s\n", __FILE__, __LINE__, #c); failures++; } } while (0)
#define RUN(t) do { int f0 = failures; t(); printf("%s %s\n", failures == f0 ? "ok" : "FAIL", #t); } while (0)

enum { MAXN = 12 };

static nm_refdata *ref;
static nm_distances dist;

typedef struct part {
    nm_pool_unit u[MAXN];
    size_t n;
    nm_level level;
    nm_mode mode;
    nm_rules rules;
} part;

static uint64_t rng = 15;
static unsigned rnd(unsigned n)
{
    return pool_rnd(&rng, n);
}

/* Cohort t (a bit set) valid under the rules, written out again? */
static int valid(const part *p, unsigned t, double viable, double *pot)
{
    const nm_level_rules *lr = &p->rules.level[p->level];
    double reach = p->rules.reach_km[p->mode], cap = 5 * lr->max_size / p->rules.enrolment_rate;
    int size = __builtin_popcount(t);
    *pot = 0;
    if (size > p->rules.max_locations || size < lr->min_municipalities)
        return 0;
    for (size_t i = 0; i < p->n; i++)
        if (t & (1u << i))
            *pot += p->u[i].potential;
    if (floor(*pot + 1e-9) < viable || (size > 1 && *pot > cap + 1e-9))
        return 0;
    for (size_t h = 0; h < p->n; h++) {
        int ok = (t >> h) & 1;
        for (size_t i = 0; ok && i < p->n; i++)
            ok = !((t >> i) & 1) || reach <= 0 ||
                 nm_distance(&dist, p->u[i].muni, p->u[h].muni) <= reach;
        if (ok)
            return 1;
    }
    return 0;
}

/* The most potential any split of `left` places (recursion on its lowest
 * unit: residual, or in a cohort with others of left). */
typedef struct best {
    double placed;            /* the most any split places */
    int cohorts;              /* the fewest cohorts that place it */
} best;

static int ahead(best a, best b)
{
    return a.placed > b.placed + 1e-9 || (a.placed > b.placed - 1e-9 && a.cohorts < b.cohorts);
}

static best most_placed(unsigned left, const char *ok, const double *pot, best *memo)
{
    if (!left)
        return (best){0, 0};
    if (memo[left].cohorts >= 0)
        return memo[left];
    unsigned low = left & -left;
    best b = most_placed(left & ~low, ok, pot, memo);
    for (unsigned t = left; t; t = (t - 1) & left)
        if ((t & low) && ok[t]) {
            best r = most_placed(left & ~t, ok, pot, memo);
            r.placed += pot[t];
            r.cohorts++;
            if (ahead(r, b))
                b = r;
        }
    return memo[left] = b;
}

static best oracle_best(const part *p, double viable)
{
    unsigned full = (1u << p->n) - 1;
    char *ok = calloc((size_t)full + 1, 1);
    double *pot = calloc((size_t)full + 1, sizeof *pot);
    best *memo = malloc(((size_t)full + 1) * sizeof *memo);
    for (unsigned t = 1; t <= full; t++) {
        ok[t] = (char)valid(p, t, viable, &pot[t]);
        memo[t].cohorts = -1;
    }
    best b = most_placed(full, ok, pot, memo);
    free(ok);
    free(pot);
    free(memo);
    return b;
}

static double oracle(const part *p, double viable)
{
    return oracle_best(p, viable).placed;
}

/* The cohorts of local[] valid under the rules written out here? Their
 * potential into *placed. */
static int all_valid(const part *p, const int *local, double viable, double *placed)
{
    *placed = 0;
    for (int g = 0; g < (int)p->n; g++) {
        unsigned t = 0;
        for (size_t i = 0; i < p->n; i++)
            t |= (unsigned)(local[i] == g) << i;
        double pot;
        if (t && !valid(p, t, viable, &pot))
            return 0;
        *placed += t ? pot : 0;
    }
    return 1;
}

/* 9-11 municipalities near a random one, 1-12 potential students (some in
 * halves), a random level and mode: often more than one cohort's worth but
 * not everything placeable, so that the count matters. */
static void random_part(part *p, int t)
{
    pool_instance_kind(t, &p->rules, &p->level, &p->mode);
    p->rules.max_locations = 3 + (int)rnd(5); /* 3-7: the count binds in small parts */
    p->n = 9 + rnd(3);
    const size_t *near = nm_distance_order(&dist, rnd((unsigned)ref->nmunis));
    pool_near_units(p->u, p->n, near, 30, 2, 23, 2, &rng);
}

static nm_px context_of(const part *p)
{
    nm_px c = {p->u, p->n, &dist, &p->rules, p->level, p->mode, p->rules.reach_km[p->mode],
               nm_pool_level_min_viable(&p->rules, p->level),
               nm_pool_capacity(&p->rules, p->level), (size_t)p->rules.max_locations,
               (size_t)p->rules.level[p->level].min_municipalities, {0, 0, NULL, 0, NULL}};
    return c;
}

static void counting_bound_is_never_below_the_enumerated_optimum_and_often_equals_it(void)
{
    int n = 96, below_total = 0, decides = 0, proven = 0;
    for (int t = 0; t < n; t++) {
        part p;
        random_part(&p, t);
        nm_px c = context_of(&p);
        size_t set[MAXN];
        double total = 0;
        for (size_t i = 0; i < p.n; i++) {
            set[i] = i;
            total += p.u[i].potential;
        }
        double best = oracle(&p, c.viable);
        double bound = nm_px_count_bound(&c, set, p.n, 2) / 2; /* halves: q = 2 */
        CHECK(bound >= best - 1e-9);
        CHECK(bound <= total + 1e-9);
        if (bound < total - 1e-9) {
            below_total++;
            if (fabs(bound - best) < 1e-9) {
                decides++;
                /* the program path (no enumeration) is proven there and
                 * places the optimum */
                int assign[MAXN];
                nm_pool_outcome out;
                nm_pool_limits lim = {0, 0, NULL, -1, NULL};
                nm_pool_exact(p.u, p.n, &dist, &p.rules, p.level, p.mode, &lim, assign, &out);
                double placed = 0;
                for (size_t i = 0; i < p.n; i++)
                    placed += assign[i] >= 0 ? p.u[i].potential : 0;
                CHECK(placed <= best + 1e-9);
                CHECK(out.status != NM_POOL_OPTIMAL || fabs(placed - best) < 1e-9);
                proven += out.status == NM_POOL_OPTIMAL && fabs(placed - best) < 1e-9;
            }
        }
    }
    printf("  %d parts: the count is below the total in %d, equals the optimum in %d; the "
           "program proves %d of those\n", n, below_total, decides, proven);
    CHECK(below_total >= 24);
    CHECK(decides >= below_total / 2);
}

/* Three municipalities of 15 each, viable at 28, two per cohort: one
 * cohort of two places 30; two cohorts would need 56 of the 45. */
static void three_municipalities_of_15_two_per_cohort_place_30(void)
{
    part p;
    nm_rules_default(&p.rules);
    p.rules.max_locations = 2;
    p.level = NM_LEVEL_KOMVUX;
    p.mode = NM_MODE_DISTANCE;
    p.n = 3;
    const size_t *near = nm_distance_order(&dist, 0);
    for (size_t i = 0; i < 3; i++)
        p.u[i] = (nm_pool_unit){near[i], 15, 0, 0, 0};
    nm_px c = context_of(&p);
    size_t set[3] = {0, 1, 2};
    CHECK(c.viable > 22.5 && c.viable <= 30);
    CHECK(fabs(nm_px_count_bound(&c, set, 3, 1) - 30) < 1e-9);
    CHECK(fabs(oracle(&p, c.viable) - 30) < 1e-9);
}

/* Where the count's own pooling is taken (nm_px_count_pooling returns 1),
 * its cohorts are valid under the rules written out here and it places
 * the enumerated optimum; the fewest cohorts counting allows for that is
 * never above the oracle's fewest. */
static void counted_pooling_is_valid_and_places_the_enumerated_optimum(void)
{
    int n = 96, built = 0, fewest_met = 0;
    for (int t = 0; t < n; t++) {
        part p;
        random_part(&p, t);
        nm_px c = context_of(&p);
        size_t set[MAXN];
        int local[MAXN];
        for (size_t i = 0; i < p.n; i++)
            set[i] = i;
        best b = oracle_best(&p, c.viable);
        size_t fewest = nm_px_count_cohorts(&c, set, p.n, 2, round(b.placed * 2));
        CHECK(b.placed < 1e-9 || (int)fewest <= b.cohorts);
        fewest_met += b.placed > 1e-9 && (int)fewest == b.cohorts;
        if (!nm_px_count_pooling(&c, set, p.n, 2, local))
            continue;
        built++;
        double placed;
        CHECK(all_valid(&p, local, c.viable, &placed));
        CHECK(fabs(placed - b.placed) < 1e-9);
    }
    printf("  %d parts: the count's pooling is built in %d; the fewest cohorts counted equal "
           "the oracle's in %d\n", n, built, fewest_met);
    CHECK(built >= n / 4);
    CHECK(fewest_met >= n / 2);
}

/* The least travel of cohort t over the hubs its placements allow (a hub
 * with placements_limited takes at most placements / rate potential);
 * INFINITY when none may be its hub.  Without placements every member
 * may be the hub (no reach: the modes tested are by distance). */
static double least_travel(const part *p, unsigned t)
{
    double best = INFINITY, pot = 0;
    for (size_t i = 0; i < p->n; i++)
        if ((t >> i) & 1)
            pot += p->u[i].potential;
    for (size_t h = 0; h < p->n; h++) {
        if (!((t >> h) & 1))
            continue;
        if (p->u[h].placements_limited &&
            pot > p->u[h].placements / p->rules.enrolment_rate + 1e-9)
            continue;
        double c = 0;
        for (size_t i = 0; i < p->n; i++)
            if ((t >> i) & 1)
                c += p->u[i].potential * nm_distance(&dist, p->u[i].muni, p->u[h].muni);
        best = fmin(best, c);
    }
    return best;
}

/* By distance, every unit placed in two cohorts: the pair program's split
 * is two valid cohorts whose travel (each at its best hub, computed here)
 * is the least of every split of the units into two valid cohorts. */
static void two_cohorts_by_distance_travel_the_enumerated_least(void)
{
    int n = 120, found = 0, splits = 0;
    for (int t = 0; t < n; t++) {
        part p;
        random_part(&p, t);
        p.mode = NM_MODE_DISTANCE;
        p.rules.max_locations = 4 + (int)rnd(6);
        nm_px c = context_of(&p);
        unsigned full = (1u << p.n) - 1;
        double least = INFINITY, pot;
        for (unsigned a = 1; a < full; a += 2) /* unit 0 in the first */
            if (valid(&p, a, c.viable, &pot) && valid(&p, full & ~a, c.viable, &pot))
                least = fmin(least, least_travel(&p, a) + least_travel(&p, full & ~a));
        size_t set[MAXN];
        char placed[MAXN];
        int local[MAXN];
        for (size_t i = 0; i < p.n; i++) {
            set[i] = i;
            placed[i] = 1;
        }
        int ok = nm_px_two_cohorts(&c, set, p.n, placed, 2, local);
        splits += isfinite(least);
        CHECK(!ok || isfinite(least));
        if (!ok || !isfinite(least))
            continue;
        unsigned a = 0, b = 0;
        for (size_t i = 0; i < p.n; i++) {
            CHECK(local[i] == 0 || local[i] == 1);
            a |= (unsigned)(local[i] == 0) << i;
            b |= (unsigned)(local[i] == 1) << i;
        }
        CHECK(valid(&p, a, c.viable, &pot) && valid(&p, b, c.viable, &pot));
        double got = least_travel(&p, a) + least_travel(&p, b);
        CHECK(fabs(got - least) <= 1e-6 * (1 + least));
        found++;
    }
    printf("  %d parts by distance: %d can be split into two valid cohorts, the pair program "
           "finds the least travel in %d\n", n, splits, found);
    CHECK(splits >= n / 4);
    CHECK(found == splits);
}

/* As above, with placements: some municipalities have none, so cannot be
 * a hub (the pair program leaves placements out and must not claim its
 * split is the least when a cohort's allowed hub travels more than the
 * pair's).  When it says yes, no split into two valid cohorts travels
 * less, each at the best hub its placements allow. */
static void two_cohorts_with_placements_never_claim_more_than_the_least(void)
{
    int n = 200, claimed = 0, wrong = 0;
    for (int t = 0; t < n; t++) {
        part p;
        random_part(&p, t);
        p.mode = NM_MODE_DISTANCE;
        p.rules.max_locations = 4 + (int)rnd(6);
        for (size_t i = 0; i < p.n; i++)
            if (rnd(3) == 0) { /* no placements: never a hub */
                p.u[i].placements_limited = 1;
                p.u[i].placements = 0;
            }
        nm_px c = context_of(&p);
        unsigned full = (1u << p.n) - 1;
        double least = INFINITY, pot;
        for (unsigned a = 1; a < full; a += 2)
            if (valid(&p, a, c.viable, &pot) && valid(&p, full & ~a, c.viable, &pot))
                least = fmin(least, least_travel(&p, a) + least_travel(&p, full & ~a));
        size_t set[MAXN];
        char placed[MAXN];
        int local[MAXN];
        for (size_t i = 0; i < p.n; i++) {
            set[i] = i;
            placed[i] = 1;
        }
        if (!nm_px_two_cohorts(&c, set, p.n, placed, 2, local))
            continue;
        claimed++;
        unsigned a = 0, b = 0;
        for (size_t i = 0; i < p.n; i++) {
            a |= (unsigned)(local[i] == 0) << i;
            b |= (unsigned)(local[i] == 1) << i;
        }
        double got = least_travel(&p, a) + least_travel(&p, b);
        wrong += !(got <= least + 1e-6 * (1 + least));
    }
    printf("  %d parts by distance with placements: the pair program claims %d, "
           "%d of them not the least travel\n", n, claimed, wrong);
    CHECK(claimed > 0);
    CHECK(wrong == 0);
}

int main(void)
{
    nm_error err;
    if (nm_refdata_load(&ref, &err) != NM_OK)
        return 1;
    nm_distances_init(&dist, ref);
    RUN(three_municipalities_of_15_two_per_cohort_place_30);
    RUN(counting_bound_is_never_below_the_enumerated_optimum_and_often_equals_it);
    RUN(counted_pooling_is_valid_and_places_the_enumerated_optimum);
    RUN(two_cohorts_by_distance_travel_the_enumerated_least);
    RUN(two_cohorts_with_placements_never_claim_more_than_the_least);
    nm_distances_free(&dist);
    nm_refdata_free(ref);
    return failures ? 1 : 0;
}
