/* test_pool_travel.c - the least travel of k cohorts (src/analyze/
 * pool_travel.c) against an independent oracle: every labelling of the
 * units into k cohorts or out, each cohort at its cheapest allowed hub,
 * the rules written out again here, no search.  nm_pt_least must never
 * say "none cheaper" when the oracle finds one (a program would call a
 * worse pooling optimal), and what it returns must obey every rule and
 * cost the oracle's least.  Then, end to end, parts by distance too large
 * to enumerate whose travel stage needs three cohorts: every one the
 * pooling calls optimal travels the least (by subsets, in this test). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "needmap/pool.h"
#include "needmap/pool_exact.h"
#include "needmap/refdata.h"
#include "pool_travel.h"

static int failures;
#define CHECK(c) do { if (!(c)) { printf("%s:%d: check failed: %s\n", __FILE__, __LINE__, #c); failures++; } } while (0)
#define RUN(t) do { int f0 = failures; t(); printf("%s %s\n", failures == f0 ? "ok" : "FAIL", #t); } while (0)

enum { MAXN = 9, MAXK = 3 };

static uint64_t rng = 2026;
static unsigned rnd(unsigned n)
{
    rng = rng * 6364136223846793005ULL + 1442695040888963407ULL;
    return (unsigned)((rng >> 33) % n);
}

typedef struct inst {
    size_t n, k, take, min_size, max_size;
    double need, cost[MAXN * MAXN], p[MAXN], room[MAXN];
    char hub[MAXN], must[MAXN];
} inst;

/* Points in a square, costs p_i x distance (some pairs out of reach),
 * some units not hubs, some optional, tight sizes and potentials. */
static void random_inst(inst *a)
{
    double x[MAXN], y[MAXN], reach = rnd(3) ? INFINITY : 40 + rnd(40);
    a->n = 5 + rnd(MAXN - 4);
    a->k = 1 + rnd(MAXK);
    a->min_size = 1 + rnd(2);
    a->max_size = 2 + rnd(4);
    size_t musts = 0;
    for (size_t i = 0; i < a->n; i++) {
        x[i] = rnd(100);
        y[i] = rnd(100);
        a->p[i] = (1 + rnd(24)) / 2.0;
        a->hub[i] = rnd(5) != 0;
        a->must[i] = rnd(4) != 0;
        musts += a->must[i];
        a->room[i] = rnd(4) ? INFINITY : 10 + rnd(30);
    }
    a->take = musts + rnd((unsigned)(a->n - musts + 1));
    a->need = 4 + rnd(16);
    for (size_t i = 0; i < a->n; i++)
        for (size_t h = 0; h < a->n; h++) {
            double d = hypot(x[i] - x[h], y[i] - y[h]);
            a->cost[i * a->n + h] = d > reach ? INFINITY : a->p[i] * d;
        }
}

/* The cheapest hub of cohort t (a bit set) under the rules, or INFINITY. */
static double cohort_cost(const inst *a, unsigned t)
{
    int size = __builtin_popcount(t);
    double pot = 0, best = INFINITY;
    for (size_t i = 0; i < a->n; i++)
        pot += (t >> i) & 1 ? a->p[i] : 0;
    if (size < (int)a->min_size || size > (int)a->max_size || pot < a->need - 1e-6)
        return INFINITY;
    for (size_t h = 0; h < a->n; h++) {
        if (!((t >> h) & 1) || !a->hub[h] || (size > 1 && pot > a->room[h] + 1e-6))
            continue;
        double c = 0;
        for (size_t i = 0; i < a->n; i++)
            c += (t >> i) & 1 ? a->cost[i * a->n + h] : 0;
        best = fmin(best, c);
    }
    return best;
}

/* Every labelling of the units: out or one of k cohorts (each used). */
static double oracle(const inst *a)
{
    double best = INFINITY;
    size_t labels = 1;
    for (size_t i = 0; i < a->n; i++)
        labels *= a->k + 1;
    for (size_t code = 0; code < labels; code++) {
        unsigned t[MAXK] = {0};
        size_t c = code, placed = 0;
        int ok = 1;
        for (size_t i = 0; i < a->n; i++, c /= a->k + 1) {
            size_t l = c % (a->k + 1);
            if (l == 0) {
                ok = ok && !a->must[i];
                continue;
            }
            t[l - 1] |= 1u << i;
            placed++;
        }
        if (!ok || placed != a->take)
            continue;
        double sum = 0;
        for (size_t g = 0; g < a->k; g++)
            sum += t[g] ? cohort_cost(a, t[g]) : INFINITY;
        best = fmin(best, sum);
    }
    return best;
}

/* hub_of obeys the rules (k cohorts, take units, every must, each hub its
 * own hub); its cost (each cohort at the hub given) into *cost. */
static int obeys(const inst *a, const int *hub_of, double *cost)
{
    size_t placed = 0, cohorts = 0;
    *cost = 0;
    for (size_t i = 0; i < a->n; i++) {
        if (hub_of[i] < 0) {
            if (a->must[i])
                return 0;
            continue;
        }
        placed++;
        size_t h = (size_t)hub_of[i];
        if (hub_of[h] != (int)h || !a->hub[h] || !isfinite(a->cost[i * a->n + h]))
            return 0;
        *cost += a->cost[i * a->n + h];
    }
    for (size_t h = 0; h < a->n; h++) {
        if (hub_of[h] != (int)h)
            continue;
        size_t size = 0;
        double pot = 0;
        for (size_t i = 0; i < a->n; i++)
            if (hub_of[i] == (int)h) {
                size++;
                pot += a->p[i];
            }
        if (size < a->min_size || size > a->max_size || pot < a->need - 1e-6 ||
            (size > 1 && pot > a->room[h] + 1e-6))
            return 0;
        cohorts++;
    }
    return placed == a->take && cohorts == a->k;
}

static int price_now; /* nm_pt_problem's: every set of hubs priced at once */

static int least(const inst *a, double bound, int *hub_of, double *best)
{
    nm_pt_problem pr = {a->n, a->k, a->take, a->min_size, a->max_size, a->need,
                        a->cost, a->p, a->room, a->hub, a->must, price_now};
    return nm_pt_least(&pr, bound, 1e9, hub_of, best);
}

/* n instances from gen against the oracle; returns how many have cohorts
 * under the rules (nm_pt_least must cost the least in every one). */
static int against_oracle(void (*gen)(inst *), int n)
{
    int feasible = 0, agree = 0;
    for (int t = 0; t < n; t++) {
        inst a;
        gen(&a);
        double opt = oracle(&a), best = -1, best2 = -1;
        int hub_of[MAXN];
        int r = least(&a, 1e12, hub_of, &best);
        CHECK(r == (isfinite(opt) ? 1 : 0));
        if (r != 1 || !isfinite(opt))
            continue;
        feasible++;
        double cost;
        CHECK(obeys(&a, hub_of, &cost));
        CHECK(fabs(cost - best) <= 1e-6 * (1 + best));
        CHECK(fabs(best - opt) <= 1e-6 * (1 + opt));
        agree += fabs(best - opt) <= 1e-6 * (1 + opt);
        /* a pooling of the least cost known: none cheaper; a dearer one:
         * the least is found (just above it too: a bound cut too early
         * would miss it) */
        CHECK(least(&a, opt, hub_of, &best2) == 0);
        CHECK(least(&a, opt + 1, hub_of, &best2) == 1 && fabs(best2 - opt) <= 1e-6 * (1 + opt));
        CHECK(least(&a, opt + 1e-6 * (1 + opt), hub_of, &best2) == 1 &&
              fabs(best2 - opt) <= 1e-6 * (1 + opt));
    }
    printf("  %d instances: %d have cohorts under the rules, nm_pt_least costs the least in %d\n",
           n, feasible, agree);
    CHECK(agree == feasible);
    return feasible;
}

static void k_cohorts_cost_the_least_of_every_labelling(void)
{
    CHECK(against_oracle(random_inst, 600) >= 600 / 4);
}

/* As random_inst, with every unit to place, k = 2-3, and the cohorts'
 * potential and size rows binding: need near the potential per cohort,
 * max_size near the units per cohort (the Lagrangian bound's case). */
static void tight_inst(inst *a)
{
    do {
        random_inst(a);
        a->k = 2 + rnd(2);
    } while (a->n < 3 * a->k);
    double total = 0;
    for (size_t i = 0; i < a->n; i++) {
        a->must[i] = 1;
        a->hub[i] = rnd(8) != 0;
        a->room[i] = INFINITY;
        total += a->p[i];
    }
    a->take = a->n;
    a->min_size = 1;
    a->max_size = (a->n + a->k - 1) / a->k + rnd(2);
    a->need = floor(total / (double)a->k * (0.7 + rnd(4) / 10.0));
}

static void binding_potential_and_size_cost_the_least_of_every_labelling(void)
{
    CHECK(against_oracle(tight_inst, 300) >= 300 / 3);
    price_now = 1; /* the same and more, with the Lagrangian bound on every set */
    CHECK(against_oracle(tight_inst, 300) >= 300 / 3);
    CHECK(against_oracle(random_inst, 300) >= 300 / 4);
    price_now = 0;
}

/* Too little work: nothing is claimed. */
static void out_of_work_claims_nothing(void)
{
    inst a;
    do
        random_inst(&a);
    while (!isfinite(oracle(&a)) || a.k < 2);
    nm_pt_problem pr = {a.n, a.k, a.take, a.min_size, a.max_size, a.need,
                        a.cost, a.p, a.room, a.hub, a.must, 0};
    int hub_of[MAXN];
    double best;
    CHECK(nm_pt_least(&pr, 1e12, 3, hub_of, &best) == -1);
}


/* End to end: parts by distance of 15 municipalities near one another
 * (more than are enumerated, and a program of 225 columns, more than
 * branch and bound takes), 6 locations to a cohort, so everything placed
 * needs three cohorts.  The least travel by subsets: f[mask] the fewest
 * cohorts, then least travel, of the units in mask (each cohort at its
 * best hub, the rules written out here). */
enum { E2E_N = 15 };

static nm_refdata *ref;
static nm_distances dist;

typedef struct lex {
    int cohorts;
    double travel;
} lex;

/* The oracle both end-to-end tests share: each subset m of u[0..E2E_N) as
 * one cohort under the rules (at most max_locations and at least minm
 * members, viable, within the cap when pooled), its least travel over its
 * members as hub into cost[m] (INFINITY: not a cohort) and its potential
 * into pot[m]. */
static void subset_costs(const nm_pool_unit *u, const nm_rules *rules, int minm, double viable,
                         double cap, double *cost, double *pot)
{
    for (size_t m = 1; m < (1u << E2E_N); m++) {
        int size = __builtin_popcount((unsigned)m);
        pot[m] = 0;
        cost[m] = INFINITY;
        for (size_t i = 0; i < E2E_N; i++)
            pot[m] += (m >> i) & 1 ? u[i].potential : 0;
        if (size > (int)rules->max_locations || size < minm || floor(pot[m] + 1e-9) < viable ||
            (size > 1 && pot[m] > cap + 1e-9))
            continue;
        for (size_t h = 0; h < E2E_N; h++) {
            if (!((m >> h) & 1))
                continue;
            double c = 0;
            for (size_t i = 0; i < E2E_N; i++)
                c += (m >> i) & 1 ? u[i].potential * nm_distance(&dist, u[i].muni, u[h].muni) : 0;
            cost[m] = fmin(cost[m], c);
        }
    }
}

/* The travel of the k cohorts of assign[0..E2E_N), each at its best hub. */
static double travel_of(const nm_pool_unit *u, const int *assign, size_t k)
{
    double travel = 0;
    for (size_t g = 0; g < k; g++) {
        double least = INFINITY;
        for (size_t h = 0; h < E2E_N; h++) {
            if (assign[h] != (int)g)
                continue;
            double c = 0;
            for (size_t i = 0; i < E2E_N; i++)
                c += assign[i] == (int)g ? u[i].potential * nm_distance(&dist, u[i].muni, u[h].muni) : 0;
            least = fmin(least, c);
        }
        travel += least;
    }
    return travel;
}

static void parts_by_distance_in_three_cohorts_travel_the_least(void)
{
    int n = 24, all = 0, proven = 0;
    for (int t = 0; t < n; t++) {
        nm_rules rules;
        nm_rules_default(&rules);
        rules.max_locations = 6;
        nm_level level = t % 2 ? NM_LEVEL_UNIVERSITY : NM_LEVEL_YH;
        double viable = nm_pool_level_min_viable(&rules, level);
        double cap = 5 * rules.level[level].max_size / rules.enrolment_rate;
        int minm = rules.level[level].min_municipalities;
        nm_pool_unit u[E2E_N];
        const size_t *near = nm_distance_order(&dist, rnd((unsigned)ref->nmunis));
        uint64_t used = 0;
        for (size_t i = 0; i < E2E_N; i++) {
            unsigned k;
            do
                k = rnd(40);
            while (used & (1ull << k));
            used |= 1ull << k;
            u[i] = (nm_pool_unit){near[k], (2 * viable / 5 + rnd((unsigned)(viable / 2) + 1)), 0, 0, 0};
        }
        size_t full = (1u << E2E_N) - 1;
        double *cost = malloc((full + 1) * sizeof *cost), *pot = malloc((full + 1) * sizeof *pot);
        subset_costs(u, &rules, minm, viable, cap, cost, pot);
        lex *f = malloc((full + 1) * sizeof *f);
        f[0] = (lex){0, 0};
        for (size_t m = 1; m <= full; m++) {
            f[m] = (lex){1 << 20, INFINITY};
            size_t low = m & -m, rest = m ^ low;
            for (size_t s = rest;; s = (s - 1) & rest) { /* the cohort of m's lowest unit */
                size_t c = s | low;
                if (isfinite(cost[c]) && f[m ^ c].cohorts < (1 << 20)) {
                    lex v = {f[m ^ c].cohorts + 1, f[m ^ c].travel + cost[c]};
                    if (v.cohorts < f[m].cohorts ||
                        (v.cohorts == f[m].cohorts && v.travel < f[m].travel))
                        f[m] = v;
                }
                if (s == 0)
                    break;
            }
        }
        lex best = f[full];
        free(cost);
        free(pot);
        free(f);
        if (best.cohorts >= (1 << 20))
            continue; /* not everything can be placed: not this test's case */
        all++;
        int assign[E2E_N];
        nm_pool_outcome out;
        nm_pool_limits lim = {0, 0, NULL, -1, NULL};
        size_t k = nm_pool_exact(u, E2E_N, &dist, &rules, level, NM_MODE_DISTANCE, &lim, assign,
                                 &out);
        double travel = travel_of(u, assign, k);
        int placed = 1;
        for (size_t i = 0; i < E2E_N; i++)
            placed &= assign[i] >= 0;
        if (out.status != NM_POOL_OPTIMAL)
            continue;
        CHECK(placed && (int)k == best.cohorts);
        CHECK(fabs(travel - best.travel) <= 1e-6 * (1 + best.travel));
        proven += placed && (int)k == best.cohorts &&
                  fabs(travel - best.travel) <= 1e-6 * (1 + best.travel);
    }
    printf("  %d parts of %d by distance: everything placeable in %d; proven optimal, and the "
           "least travel, %d\n", n, E2E_N, all, proven);
    CHECK(all >= n / 2);
    /* the rest: their fewest-cohorts stage is not proven (before the hub
     * search, 19 of 24) */
    CHECK(proven >= all * 9 / 10);
}

/* End to end, units left out: 15 municipalities by distance, 4 locations
 * to a cohort, 13 of about a quarter of a viable cohort each (so four make
 * one, three and a small one do not) and 2 small ones: the most placed is
 * 12 of the 13 large ones in three cohorts, and which 12 (ties at the
 * edge, often) is the travel stage's choice.  The optimum by subsets (placed, then
 * cohorts, then travel, as the objective): every part the pooling calls
 * optimal matches it. */
typedef struct lex3 {
    double placed;
    int cohorts;
    double travel;
} lex3;

static int ahead3(lex3 a, lex3 b)
{
    if (fabs(a.placed - b.placed) > 1e-9)
        return a.placed > b.placed;
    if (a.cohorts != b.cohorts)
        return a.cohorts < b.cohorts;
    return a.travel < b.travel - 1e-9 * (1 + b.travel);
}

static void three_cohorts_of_twelve_among_thirteen_travel_the_least(void)
{
    int n = 16, proven = 0;
    for (int t = 0; t < n; t++) {
        nm_rules rules;
        nm_rules_default(&rules);
        rules.max_locations = 4;
        nm_level level = NM_LEVEL_YH;
        double viable = nm_pool_level_min_viable(&rules, level);
        double cap = 5 * rules.level[level].max_size / rules.enrolment_rate;
        int minm = rules.level[level].min_municipalities;
        double a = ceil(viable / 4);
        nm_pool_unit u[E2E_N];
        const size_t *near = nm_distance_order(&dist, rnd((unsigned)ref->nmunis));
        uint64_t used = 0;
        for (size_t i = 0; i < E2E_N; i++) {
            unsigned k;
            do
                k = rnd(40);
            while (used & (1ull << k));
            used |= 1ull << k;
            u[i] = (nm_pool_unit){near[k], i % 7 == 6 ? 1 + rnd(2) : a + (rnd(4) == 0), 0, 0, 0};
        }
        size_t full = (1u << E2E_N) - 1;
        double *cost = malloc((full + 1) * sizeof *cost), *pot = malloc((full + 1) * sizeof *pot);
        subset_costs(u, &rules, minm, viable, cap, cost, pot);
        lex3 *f = malloc((full + 1) * sizeof *f);
        f[0] = (lex3){0, 0, 0};
        for (size_t m = 1; m <= full; m++) {
            size_t low = m & -m, rest = m ^ low;
            f[m] = f[rest]; /* its lowest unit left out */
            for (size_t s = rest;; s = (s - 1) & rest) {
                size_t c = s | low;
                if (isfinite(cost[c])) {
                    lex3 v = {f[m ^ c].placed + pot[c], f[m ^ c].cohorts + 1,
                              f[m ^ c].travel + cost[c]};
                    if (ahead3(v, f[m]))
                        f[m] = v;
                }
                if (s == 0)
                    break;
            }
        }
        lex3 best = f[full];
        free(cost);
        free(pot);
        free(f);
        int assign[E2E_N];
        nm_pool_outcome out;
        nm_pool_limits lim = {0, 0, NULL, -1, NULL};
        size_t k = nm_pool_exact(u, E2E_N, &dist, &rules, level, NM_MODE_DISTANCE, &lim, assign,
                                 &out);
        lex3 got = {0, (int)k, travel_of(u, assign, k)};
        for (size_t i = 0; i < E2E_N; i++)
            got.placed += assign[i] >= 0 ? u[i].potential : 0;
        CHECK(!ahead3(got, best)); /* never better than the optimum */
        if (out.status != NM_POOL_OPTIMAL)
            continue;
        CHECK(!ahead3(best, got));
        proven += !ahead3(best, got);
    }
    printf("  %d parts of %d by distance, 12 of 13 placed: proven optimal, and the least travel, "
           "%d\n", n, E2E_N, proven);
    CHECK(proven >= n * 9 / 10); /* without the search over hubs: 10 of 16 */
}

int main(void)
{
    nm_error err;
    if (nm_refdata_load(&ref, &err) != NM_OK)
        return 1;
    nm_distances_init(&dist, ref);
    RUN(k_cohorts_cost_the_least_of_every_labelling);
    RUN(binding_potential_and_size_cost_the_least_of_every_labelling);
    RUN(out_of_work_claims_nothing);
    RUN(parts_by_distance_in_three_cohorts_travel_the_least);
    RUN(three_cohorts_of_twelve_among_thirteen_travel_the_least);
    nm_distances_free(&dist);
    nm_refdata_free(ref);
    return failures ? 1 : 0;
}
