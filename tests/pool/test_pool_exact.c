/* test_pool_exact.c - exact pooling (issue #15) against an independent
 * oracle: tiny instances enumerated here (every split into cohorts, every
 * hub, the rules written out again, no solver), medium instances of 13-15
 * municipalities solved here by dynamic programming over subsets with the
 * same rules, and the twelve inland municipalities with 150 would-be
 * nurses. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "needmap/pool.h"
#include "needmap/pool_exact.h"
#include "needmap/pool_split.h"
#include "needmap/refdata.h"
#include "pool_exact_int.h"
#include "pool_instances.h"

static int failures;
#define CHECK(c) do { if (!(c)) { printf("%s:%d: check failed: %s\n", __FILE__, __LINE__, #c); failures++; } } while (0)
#define RUN(t) do { int f0 = failures; t(); printf("%s %s\n", failures == f0 ? "ok" : "FAIL", #t); } while (0)

static nm_refdata *ref;
static nm_distances dist;

/* --- the oracle: the rules of docs/method.md, written out again --- */

enum { MAXN = 15 };

/* P(Binomial(n, p) >= k), summed term by term (not GSL). */
static double at_least(unsigned n, double p, unsigned k)
{
    double sum = 0;
    for (unsigned x = k; x <= n; x++)
        sum += exp(lgamma(n + 1.0) - lgamma(x + 1.0) - lgamma(n - x + 1.0) + x * log(p) +
                   (n - x) * log1p(-p));
    return sum;
}

/* The fewest potential students with P(enrolled >= min) >= probability. */
static unsigned fewest_viable(double rate, double min, double probability)
{
    unsigned n = (unsigned)ceil(min);
    while (at_least(n, rate, (unsigned)ceil(min)) < probability - 1e-12)
        n++;
    return n;
}

typedef struct oracle {
    double placed;
    int cohorts;
    double travel;
} oracle;

typedef struct instance {
    nm_pool_unit u[MAXN];
    size_t n;
    nm_level level;
    nm_mode mode;
    nm_rules rules;
} instance;

/* The fewest potential students of a viable cohort under in's rules. */
static unsigned viable_of(const instance *in)
{
    return fewest_viable(in->rules.enrolment_rate, in->rules.level[in->level].min_size,
                         in->rules.viable_probability);
}

/* Cohort t (a bit set): valid? its potential and least travel over hubs. */
static int cohort(const instance *in, unsigned t, unsigned viable, double *pot, double *travel)
{
    const nm_level_rules *lr = &in->rules.level[in->level];
    double reach = in->rules.reach_km[in->mode], cap = 5 * lr->max_size / in->rules.enrolment_rate;
    int size = __builtin_popcount(t);
    *pot = 0;
    *travel = INFINITY;
    if (size > in->rules.max_locations || size < lr->min_municipalities)
        return 0;
    for (size_t i = 0; i < in->n; i++)
        if (t & (1u << i))
            *pot += in->u[i].potential;
    if (floor(*pot + 1e-9) < viable || (size > 1 && *pot > cap + 1e-9))
        return 0;
    for (size_t h = 0; h < in->n; h++) { /* every hub */
        if (!(t & (1u << h)))
            continue;
        double c = 0;
        int ok = 1;
        for (size_t i = 0; i < in->n; i++) {
            if (!(t & (1u << i)))
                continue;
            double d = nm_distance(&dist, in->u[i].muni, in->u[h].muni);
            ok = ok && (reach <= 0 || d <= reach);
            c += in->u[i].potential * d;
        }
        /* placements (LIA/VFU) within reach of the hub take its expected enrolment */
        ok = ok && (!in->u[h].placements_limited ||
                    *pot * in->rules.enrolment_rate <= in->u[h].placements + 1e-9);
        if (ok && c < *travel)
            *travel = c;
    }
    return isfinite(*travel);
}

static int better(oracle a, oracle b)
{
    if (fabs(a.placed - b.placed) > 1e-6)
        return a.placed > b.placed;
    if (a.cohorts != b.cohorts)
        return a.cohorts < b.cohorts;
    return a.travel < b.travel - 1e-6;
}

/* Every partition of the units into cohorts and residual, by recursion on
 * the lowest unit not yet decided. */
static oracle best_split(const instance *in, unsigned left, unsigned viable)
{
    if (!left)
        return (oracle){0, 0, 0};
    unsigned low = left & -left;
    oracle b = best_split(in, left & ~low, viable); /* the lowest is residual */
    for (unsigned t = left; t; t = (t - 1) & left) {
        double pot, travel;
        if (!(t & low) || !cohort(in, t, viable, &pot, &travel))
            continue;
        oracle r = best_split(in, left & ~t, viable);
        r.placed += pot;
        r.cohorts++;
        r.travel += travel;
        if (better(r, b))
            b = r;
    }
    return b;
}

/* The same optimum by dynamic programming over subsets (3^n steps): each
 * subset's best split is its lowest unit's cohort plus the best split of
 * the rest; for instances too large for best_split's recursion. */
static oracle best_split_dp(const instance *in, unsigned viable)
{
    unsigned full = (1u << in->n) - 1;
    oracle *one = calloc((size_t)full + 1, sizeof *one), *best = calloc((size_t)full + 1, sizeof *best);
    for (unsigned t = 1; t <= full; t++) {
        double pot, travel;
        one[t] = cohort(in, t, viable, &pot, &travel) ? (oracle){pot, 1, travel}
                                                      : (oracle){-1, 0, 0};
    }
    for (unsigned s = 1; s <= full; s++) {
        unsigned low = s & -s;
        oracle b = best[s & ~low];
        for (unsigned t = s; t; t = (t - 1) & s) {
            if (!(t & low) || one[t].placed < 0)
                continue;
            oracle r = best[s & ~t];
            r.placed += one[t].placed;
            r.cohorts += one[t].cohorts;
            r.travel += one[t].travel;
            if (better(r, b))
                b = r;
        }
        best[s] = b;
    }
    oracle o = best[full];
    free(one);
    free(best);
    return o;
}

static oracle solved(const instance *in, const int *assign, size_t ncoh)
{
    oracle o = {0, 0, 0};
    unsigned viable = viable_of(in);
    for (size_t c = 0; c < ncoh; c++) {
        unsigned t = 0;
        double pot, travel;
        for (size_t i = 0; i < in->n; i++)
            if (assign[i] == (int)c)
                t |= 1u << i;
        if (!cohort(in, t, viable, &pot, &travel)) {
            o.placed = -1; /* an invalid cohort: never right */
            return o;
        }
        o.placed += pot;
        o.cohorts++;
        o.travel += travel;
    }
    return o;
}

/* Each cohort has a hub with every member in reach and room in its
 * placements for the cohort's expected enrolment (the greedy pooling does
 * not know the intakes' cap, which exact pooling adds: only this). */
static int placements_kept(const instance *in, const int *assign, size_t ncoh)
{
    double reach = in->rules.reach_km[in->mode];
    for (size_t c = 0; c < ncoh; c++) {
        double pot = 0;
        int hub_ok = 0;
        for (size_t i = 0; i < in->n; i++)
            pot += assign[i] == (int)c ? in->u[i].potential : 0;
        for (size_t h = 0; h < in->n; h++) {
            int ok = assign[h] == (int)c && (!in->u[h].placements_limited ||
                                             pot * in->rules.enrolment_rate <=
                                                 in->u[h].placements + 1e-9);
            for (size_t i = 0; i < in->n && ok; i++)
                ok = assign[i] != (int)c || reach <= 0 ||
                     nm_distance(&dist, in->u[i].muni, in->u[h].muni) <= reach;
            hub_ok |= ok;
        }
        if (!hub_ok)
            return 0;
    }
    return 1;
}

static uint64_t rng = 15;
static unsigned rnd(unsigned n)
{
    return pool_rnd(&rng, n);
}

/* A random instance: 3-8 municipalities near one another (drawn from the
 * 25 nearest to a random one, so reach matters), potentials 1-40 in steps
 * of a half, now and then one above the cap of a pooled cohort. */
static void random_instance(instance *in, int t)
{
    pool_instance_kind(t, &in->rules, &in->level, &in->mode);
    in->n = 3 + rnd(6);
    if (t % 7 == 3)
        in->rules.level[in->level].min_municipalities = 2;
    const size_t *near = nm_distance_order(&dist, rnd((unsigned)ref->nmunis));
    pool_near_units(in->u, in->n, near, 25, 1, 80, 2, &rng);
    if (t % 23 == 5)
        in->u[0].potential = 5 * in->rules.level[in->level].max_size /
                                 in->rules.enrolment_rate + 10;
}

static int matches(oracle a, oracle b)
{
    return fabs(a.placed - b.placed) < 1e-6 && a.cohorts == b.cohorts &&
           fabs(a.travel - b.travel) < 1e-6 * (1 + a.travel);
}

/* Placements within reach of each unit as a hub: none limit one unit in
 * four; the others hold 0-39 students (a viable cohort expects 12-30). */
static void random_placements(instance *in)
{
    for (size_t i = 0; i < in->n; i++) {
        in->u[i].placements_limited = rnd(4) != 0;
        in->u[i].placements = rnd(40);
    }
}

static void compare_on_tiny_instances(int with_placements, int *bind)
{
    int n = 240, greedy_ok = 0, exact_ok = 0, program_ok = 0, greedy_cover = 0;
    for (int t = 0; t < n; t++) {
        instance in;
        random_instance(&in, t);
        unsigned viable = viable_of(&in);
        if (with_placements) {
            instance free_of = in;
            random_placements(&in);
            *bind += best_split(&free_of, (1u << in.n) - 1, viable).placed >
                     best_split(&in, (1u << in.n) - 1, viable).placed + 1e-6;
        }
        oracle best = best_split(&in, (1u << in.n) - 1, viable);
        int assign[MAXN];
        size_t k = nm_pool_group(in.u, in.n, &dist, &in.rules, in.level, in.mode, assign);
        oracle g = solved(&in, assign, k);
        CHECK(placements_kept(&in, assign, k)); /* the greedy pooling keeps them too */
        greedy_ok += matches(g, best);
        greedy_cover += fabs(g.placed - best.placed) < 1e-6;
        nm_pool_outcome out;
        k = nm_pool_exact(in.u, in.n, &dist, &in.rules, in.level, in.mode, NULL, assign, &out);
        oracle e = solved(&in, assign, k);
        exact_ok += matches(e, best) && out.status == NM_POOL_OPTIMAL;
        if (!matches(e, best) || out.status != NM_POOL_OPTIMAL)
            printf("  instance %d: exact %.1f/%d/%.1f, optimum %.1f/%d/%.1f\n", t, e.placed,
                   e.cohorts, e.travel, best.placed, best.cohorts, best.travel);
        /* the same through the integer program (no enumeration) */
        nm_pool_limits lim = {0, 0, NULL, -1, NULL};
        k = nm_pool_exact(in.u, in.n, &dist, &in.rules, in.level, in.mode, &lim, assign, &out);
        oracle p = solved(&in, assign, k);
        program_ok += matches(p, best) && out.status == NM_POOL_OPTIMAL;
        if (!matches(p, best))
            printf("  instance %d: program %.1f/%d/%.1f, optimum %.1f/%d/%.1f\n", t, p.placed,
                   p.cohorts, p.travel, best.placed, best.cohorts, best.travel);
    }
    printf("  %d instances%s: optimum (placed, cohorts, travel) reached by exact pooling %d, "
           "by its integer program alone %d, by the greedy pooling %d (coverage alone %d)\n",
           n, with_placements ? " with placements" : "", exact_ok, program_ok, greedy_ok,
           greedy_cover);
    CHECK(exact_ok == n);
    CHECK(program_ok == n);
}

static void exact_pooling_equals_the_enumerated_optimum_on_240_tiny_instances(void)
{
    compare_on_tiny_instances(0, NULL);
}

/* The same with placements limiting most hubs: every path (greedy,
 * enumeration, program) keeps them, and the optimum is still reached; the
 * placements must bind in a fair share of instances for this to mean
 * anything. */
static void exact_pooling_with_placements_equals_the_enumerated_optimum(void)
{
    int bind = 0;
    compare_on_tiny_instances(1, &bind);
    printf("  placements bind (the optimum places less) in %d of 240\n", bind);
    CHECK(bind >= 40);
}

/* --- a municipality above one intake: its own cohort and the rest --- */

/* The optimum when units 0..m-1 may each be split (every subset of them):
 * each split one's own cohort of k full intakes (k = floor(potential /
 * intake)), alone (never pooled), its rest an ordinary unit at the same
 * place that may be pooled or left over.  A split is allowed when the own
 * cohort alone is a viable cohort under the rules (cohort() above: a
 * minimum of one municipality, viable, placements) and leaves a rest; own
 * cohort with its rest is the municipality whole alone, which best_split
 * already tries.  *split_wins: the best placed more, or as many in fewer
 * cohorts or with less travel, with some split. */
static oracle best_with_splits(const instance *in, size_t m, unsigned viable, int *split_wins)
{
    double intake = in->rules.level[in->level].max_size / in->rules.enrolment_rate;
    oracle best = best_split(in, (1u << in->n) - 1, viable);
    *split_wins = 0;
    for (unsigned mask = 1; mask < (1u << m); mask++) {
        instance rest = *in;
        oracle own = {0, 0, 0};
        int allowed = 1;
        for (size_t i = 0; i < m && allowed; i++) {
            if (!(mask & (1u << i)))
                continue;
            instance one = *in;
            double k = floor(in->u[i].potential / intake + 1e-9), pot, travel;
            one.u[0] = in->u[i];
            one.n = 1;
            one.u[0].potential = k * intake;
            rest.u[i].potential -= k * intake;
            allowed = k >= 1 && rest.u[i].potential >= 1e-6 &&
                      cohort(&one, 1, viable, &pot, &travel);
            own.placed += pot;
            own.cohorts++;
        }
        if (!allowed)
            continue;
        oracle r = best_split(&rest, (1u << in->n) - 1, viable);
        r.placed += own.placed;
        r.cohorts += own.cohorts;
        if (better(r, best)) {
            best = r;
            *split_wins = 1;
        }
    }
    return best;
}

/* needmap's split pooling by the oracle's rules: each cohort's members at
 * their shares, checked by cohort() (a split municipality counts once per
 * cohort; its own cohort has one member, so no cap). */
static oracle solved_split(const instance *in, const int *assign, const int *assign2,
                           const double *share, size_t ncoh, int *splits)
{
    oracle o = {0, 0, 0};
    unsigned viable = viable_of(in);
    double total = 0;
    for (size_t i = 0; i < in->n; i++) {
        *splits += assign2[i] >= 0;
        total += assign[i] >= 0 ? in->u[i].potential : 0;
    }
    for (size_t c = 0; c < ncoh; c++) {
        instance co = *in;
        double pot, travel;
        co.n = 0;
        for (size_t i = 0; i < in->n; i++) {
            double f = assign[i] == (int)c ? share[i] : assign2[i] == (int)c ? 1 - share[i] : 0;
            if (f > 0) {
                co.u[co.n] = in->u[i];
                co.u[co.n++].potential *= f;
            }
        }
        if (!co.n || !cohort(&co, (1u << co.n) - 1, viable, &pot, &travel))
            return (oracle){-1, 0, 0}; /* an invalid cohort: never right */
        o.placed += pot;
        o.cohorts++;
        o.travel += travel;
    }
    if (fabs(o.placed - total) > 1e-6)
        o.placed = -1; /* the shares must add up to what is placed */
    return o;
}

/* Tiny instances whose first municipality fills 1 to 5 intakes and part of
 * one more (mostly 5: above the cap of a pooled cohort, where whole it
 * cannot take its neighbours along); with placements in every other one. */
static void oversized_instance(instance *in, int t)
{
    random_instance(in, t);
    double intake = in->rules.level[in->level].max_size / in->rules.enrolment_rate;
    unsigned full = t % 3 ? 5 : 1 + rnd(4);
    in->u[0].potential = intake * full + (1 + rnd((unsigned)(2 * intake - 2))) / 2.0;
    if (t % 2)
        random_placements(in);
}

static void a_municipality_above_an_intake_splits_exactly_as_the_oracle_says(void)
{
    int n = 240, exact_ok = 0, program_ok = 0, wins = 0, splits = 0, placements = 0;
    for (int t = 0; t < n; t++) {
        instance in;
        oversized_instance(&in, t);
        unsigned viable = viable_of(&in);
        int win;
        oracle best = best_with_splits(&in, 1, viable, &win);
        wins += win;
        placements += win && (t % 2);
        for (int way = 0; way < 2; way++) {
            int assign[MAXN], assign2[MAXN], s = 0;
            double share[MAXN];
            nm_pool_outcome out;
            nm_pool_limits lim = {0, 0, NULL, way ? -1 : 0, NULL}; /* way 1: the program alone */
            size_t k = nm_pool_split_exact(in.u, in.n, &dist, &in.rules, in.level, in.mode, &lim,
                                           assign, assign2, share, &out);
            oracle e = solved_split(&in, assign, assign2, share, k, &s);
            int ok = matches(e, best) && out.status == NM_POOL_OPTIMAL && s == win;
            if (way)
                program_ok += ok;
            else
                exact_ok += ok;
            splits += way ? 0 : s;
            if (!ok)
                printf("  instance %d (%s): %.1f/%d/%.1f split %d, optimum %.1f/%d/%.1f split %d\n",
                       t, way ? "program" : "exact", e.placed, e.cohorts, e.travel, s,
                       best.placed, best.cohorts, best.travel, win);
        }
    }
    printf("  %d instances with a municipality above one intake: the split places more in %d "
           "(%d with placements); exact pooling matches the optimum in %d (split in %d), its "
           "program alone in %d\n", n, wins, placements, exact_ok, splits, program_ok);
    CHECK(exact_ok == n);
    CHECK(program_ok == n);
    CHECK(wins >= 20); /* enough instances where the split matters */
}

/* A tiny instance with two or three municipalities above one intake
 * (mostly 5 full intakes and part of a sixth): 5-8 municipalities among
 * the 25 nearest to a random one, the others 0.5-40 potential students,
 * min_municipalities 1, placements in every other pair of instances.  In
 * every third the rests are a quarter to a half of a viable cohort and the
 * others small (at most an eighth): a cohort of rests pays only when two or
 * three of them are split together. */
static void oversized_instance_several(instance *in, int t, size_t *m)
{
    pool_instance_kind(t, &in->rules, &in->level, &in->mode);
    in->n = 5 + rnd(4);
    const size_t *near = nm_distance_order(&dist, rnd((unsigned)ref->nmunis));
    pool_near_units(in->u, in->n, near, 25, 1, 80, 2, &rng);
    double intake = in->rules.level[in->level].max_size / in->rules.enrolment_rate;
    unsigned v = viable_of(in);
    int tight = t % 3 == 0; /* rests that make a viable cohort only together */
    *m = 2 + (size_t)(t % 2);
    for (size_t i = 0; i < in->n; i++) {
        if (i < *m) {
            unsigned full = rnd(4) ? 5 : 1 + rnd(4);
            double rest = tight ? v / 4.0 + rnd(v / 2 + 1) / 2.0
                                : (1 + rnd((unsigned)(2 * intake - 2))) / 2.0;
            in->u[i].potential = intake * full + fmin(rest, intake - 0.5);
        } else if (tight) {
            in->u[i].potential = (1 + rnd(v / 4 + 1)) / 2.0;
        }
    }
    if ((t / 2) % 2)
        random_placements(in);
}

/* Two or three municipalities above one intake in one tiny group, against
 * every choice of splits and every pooling: each `optimal` is the optimum,
 * and the optimum is found and proven (decided jointly, not one at a
 * time). */
static void several_above_an_intake_are_split_jointly_as_the_oracle_says(void)
{
    uint64_t saved = rng; /* the other tests' instances stay as they were */
    rng = 1515;
    int n = 240, found = 0, proven = 0, program_found = 0, false_optimal = 0, wins = 0;
    for (int t = 0; t < n; t++) {
        instance in;
        size_t m;
        oversized_instance_several(&in, t, &m);
        unsigned viable = viable_of(&in);
        int win;
        oracle best = best_with_splits(&in, m, viable, &win);
        wins += win;
        for (int way = 0; way < 2; way++) {
            int assign[MAXN], assign2[MAXN], s = 0;
            double share[MAXN];
            nm_pool_outcome out;
            nm_pool_limits lim = {0, 0, NULL, way ? -1 : 0, NULL}; /* way 1: the program alone */
            size_t k = nm_pool_split_exact(in.u, in.n, &dist, &in.rules, in.level, in.mode, &lim,
                                           assign, assign2, share, &out);
            oracle e = solved_split(&in, assign, assign2, share, k, &s);
            int match = matches(e, best);
            CHECK(e.placed >= 0); /* every cohort valid, the shares add up */
            false_optimal += out.status == NM_POOL_OPTIMAL && !match;
            if (way) {
                program_found += match && out.status == NM_POOL_OPTIMAL;
                continue;
            }
            found += match;
            proven += match && out.status == NM_POOL_OPTIMAL;
            if (!match || out.status != NM_POOL_OPTIMAL)
                printf("  instance %d (%zu above an intake): %.1f/%d/%.1f split %d %s, optimum "
                       "%.1f/%d/%.1f\n", t, m, e.placed, e.cohorts, e.travel, s,
                       out.status == NM_POOL_OPTIMAL ? "optimal" : "limit", best.placed,
                       best.cohorts, best.travel);
        }
    }
    printf("  %d instances with 2-3 municipalities above one intake: a split wins in %d; the "
           "optimum found in %d (proven in %d), by the program alone proven in %d; called "
           "optimal wrongly %d\n", n, wins, found, proven, program_found, false_optimal);
    CHECK(false_optimal == 0);
    CHECK(found == n);
    CHECK(proven == n);
    CHECK(program_found == n);
    CHECK(wins >= 40); /* enough instances where the splits matter */
    rng = saved;
}

/* A medium instance: 13-15 municipalities among the 40 nearest to a random
 * one, 0.5-12 potential students each (in halves), so that most need
 * several cohorts, some municipalities cannot be placed, and reach
 * matters. */
static void medium_instance(instance *in, int t)
{
    pool_instance_kind(t, &in->rules, &in->level, &in->mode);
    in->n = 13 + rnd(3);
    const size_t *near = nm_distance_order(&dist, rnd((unsigned)ref->nmunis));
    pool_near_units(in->u, in->n, near, 40, 1, 24, 2, &rng);
}

/* The program path (linear relaxations, then CBC stage by stage up to
 * NM_POOL_BRANCH_MAX columns) on parts larger than the tiny ones: every
 * group it calls optimal is the optimum, a limit's gap bounds what it
 * missed, and most are proven (32 of 36 with the default limits). */
static void exact_pooling_called_optimal_is_the_optimum_on_36_medium_instances(void)
{
    int n = 36, proven = 0, right = 0, several = 0;
    for (int t = 0; t < n; t++) {
        instance in;
        medium_instance(&in, t);
        unsigned viable = viable_of(&in);
        oracle best = best_split_dp(&in, viable);
        several += best.cohorts > 1;
        int assign[MAXN];
        nm_pool_outcome out;
        nm_pool_limits lim = {0, 0, NULL, -1, NULL};
        size_t k = nm_pool_exact(in.u, in.n, &dist, &in.rules, in.level, in.mode, &lim, assign,
                                 &out);
        oracle p = solved(&in, assign, k);
        proven += out.status == NM_POOL_OPTIMAL;
        right += matches(p, best);
        CHECK(out.status != NM_POOL_OPTIMAL || matches(p, best));
        CHECK(p.placed <= best.placed + 1e-6 && p.placed >= (1 - out.gap) * best.placed - 1e-6);
        if (!matches(p, best) || out.status != NM_POOL_OPTIMAL)
            printf("  instance %d: program %.1f/%d/%.1f (%s), optimum %.1f/%d/%.1f\n", t,
                   p.placed, p.cohorts, p.travel,
                   out.status == NM_POOL_OPTIMAL ? "optimal" : "limit", best.placed,
                   best.cohorts, best.travel);
    }
    printf("  %d medium instances (%d with several cohorts): the program proves %d optimal, "
           "%d equal the optimum\n", n, several, proven, right);
    CHECK(proven >= 20 && right >= proven);
    CHECK(several >= n / 3);
}

/* A medium instance where reach splits the demand: 15 municipalities among
 * the 22 nearest to a random one, on site or hybrid, 1-12 potential
 * students each, so that hubs overlap and most parts are programs of more
 * than NM_POOL_BRANCH_MAX columns (proven only by bounds). */
static void reach_instance(instance *in, int t)
{
    static const nm_level levels[4] = {NM_LEVEL_YH, NM_LEVEL_UNIVERSITY, NM_LEVEL_COURSE,
                                       NM_LEVEL_KOMVUX};
    nm_rules_default(&in->rules);
    in->level = levels[t % 4];
    in->mode = (t / 4) % 2 ? NM_MODE_HYBRID : NM_MODE_ONSITE;
    in->n = 15;
    const size_t *near = nm_distance_order(&dist, rnd((unsigned)ref->nmunis));
    pool_near_units(in->u, in->n, near, 22, 1, 12, 1, &rng);
}

static size_t cohorts_of(const int *assign, size_t n)
{
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        k = assign[i] + 1 > (int)k ? (size_t)assign[i] + 1 : k;
    return k;
}

/* The local search of the most-placed stage (pool_improve.c) against the
 * optimum by dynamic programming over subsets: from nothing and from the
 * greedy pooling its cohorts are valid under the oracle's rules, it never
 * places less than it was given nor more than the optimum, and it finds
 * the optimum's placed students in most instances; the whole exact pooling
 * (the search as the program's start) never calls a pooling optimal that
 * is not, and places at least what the greedy pooling places. */
static void local_search_and_programs_with_reach_against_the_optimum(void)
{
    int n = 48, found = 0, given_found = 0, greedy_found = 0, proven = 0, right = 0;
    for (int t = 0; t < n; t++) {
        instance in;
        reach_instance(&in, t);
        unsigned viable = viable_of(&in);
        oracle best = best_split_dp(&in, viable);
        nm_px c;
        nm_px_init(&c, in.u, in.n, &dist, &in.rules, in.level, in.mode, NULL);
        size_t set[MAXN];
        int none[MAXN], greedy[MAXN], assign[MAXN];
        for (size_t i = 0; i < in.n; i++) {
            set[i] = i;
            none[i] = -1;
        }
        size_t kg = nm_pool_group(in.u, in.n, &dist, &in.rules, in.level, in.mode, greedy);
        oracle g = solved(&in, greedy, kg);
        greedy_found += fabs(g.placed - best.placed) < 1e-6;
        CHECK(nm_px_improve(&c, set, in.n, 1, none) == (best.placed > 0));
        oracle e = solved(&in, none, cohorts_of(none, in.n));
        CHECK(e.placed >= 0 && e.placed <= best.placed + 1e-6);
        found += fabs(e.placed - best.placed) < 1e-6;
        int better = nm_px_improve(&c, set, in.n, 1, greedy);
        oracle f = solved(&in, greedy, cohorts_of(greedy, in.n));
        CHECK(f.placed >= 0 && f.placed <= best.placed + 1e-6);
        CHECK(better ? f.placed > g.placed + 0.5 : f.placed == g.placed);
        given_found += fabs(f.placed - best.placed) < 1e-6;

        nm_pool_outcome out;
        nm_pool_limits lim = {0, 0, NULL, -1, NULL};
        size_t k = nm_pool_exact(in.u, in.n, &dist, &in.rules, in.level, in.mode, &lim, assign,
                                 &out);
        oracle p = solved(&in, assign, k);
        proven += out.status == NM_POOL_OPTIMAL;
        right += matches(p, best);
        CHECK(out.status != NM_POOL_OPTIMAL || matches(p, best));
        CHECK(p.placed <= best.placed + 1e-6 && p.placed >= g.placed - 1e-6 &&
              p.placed >= (1 - out.gap) * best.placed - 1e-6);
    }
    printf("  %d instances with reach: the optimum's placed students found by the greedy "
           "pooling in %d, by the local search from nothing in %d, from the greedy pooling "
           "in %d; exact pooling proves %d optimal, %d equal the optimum\n",
           n, greedy_found, found, given_found, proven, right);
    CHECK(found >= n * 3 / 4 && given_found >= n * 3 / 4 && right >= proven);
}

/* A dense instance with reach: 15 municipalities among the 17 nearest to a
 * random one, on site or hybrid, 1-12 potential students each: nearly
 * every municipality a hub for nearly every other, so the most-placed
 * stage is a program of 150-225 columns, too large to branch on. */
static void dense_reach_instance(instance *in, int t)
{
    static const nm_level levels[4] = {NM_LEVEL_YH, NM_LEVEL_UNIVERSITY, NM_LEVEL_COURSE,
                                       NM_LEVEL_KOMVUX};
    nm_rules_default(&in->rules);
    in->level = levels[t % 4];
    in->mode = (t / 4) % 2 ? NM_MODE_HYBRID : NM_MODE_ONSITE;
    in->n = 15;
    const size_t *near = nm_distance_order(&dist, rnd((unsigned)ref->nmunis));
    uint64_t used = 0;
    for (size_t i = 0; i < in->n; i++) {
        unsigned k;
        do
            k = rnd(17);
        while (used & (1ull << k));
        used |= 1ull << k;
        in->u[i] = (nm_pool_unit){near[k], 1 + rnd(12), 0, 0, 0};
    }
}

/* Stages too large to branch on, proven by CBC's root heuristics reaching
 * the relaxation's bound (pool_mip.c, pool_cbc.c), against the optimum by
 * dynamic programming over subsets: every pooling whose placed students
 * are claimed the most (gap 0) places the optimum's, every pooling called
 * optimal is the optimum, and the root heuristics prove a most-placed
 * stage that nothing else proves (the same instances with CBC named as
 * the solver, which runs no root heuristics, are the "before").  Parts of
 * 15 are mostly proven without them: the benchmark's stages they prove
 * have 159-451 columns (docs/performance.md). */
static void root_heuristics_prove_large_stages_only_when_right(void)
{
    int n = 48, placed_proven[2] = {0, 0}, proven[2] = {0, 0}, rooted = 0, wrong = 0;
    for (int t = 0; t < n; t++) {
        instance in;
        dense_reach_instance(&in, t);
        unsigned viable = fewest_viable(in.rules.enrolment_rate,
                                        in.rules.level[in.level].min_size,
                                        in.rules.viable_probability);
        oracle best = best_split_dp(&in, viable);
        for (int with = 0; with < 2; with++) { /* CBC named: no root heuristics */
            int assign[MAXN];
            nm_pool_outcome out;
            nm_pool_limits lim = {0, 0, with ? NULL : nm_pool_solve_cbc, -1, NULL};
            size_t k = nm_pool_exact(in.u, in.n, &dist, &in.rules, in.level, in.mode, &lim,
                                     assign, &out);
            oracle p = solved(&in, assign, k);
            CHECK(p.placed >= 0 && p.placed <= best.placed + 1e-6);
            CHECK(p.placed >= (1 - out.gap) * best.placed - 1e-6);
            int claimed = out.gap == 0, right = fabs(p.placed - best.placed) < 1e-6;
            wrong += (claimed && !right) || (out.status == NM_POOL_OPTIMAL && !matches(p, best));
            placed_proven[with] += claimed;
            proven[with] += out.status == NM_POOL_OPTIMAL;
            rooted += with && out.how.rooted > 0;
            CHECK(with || out.how.rooted == 0);
        }
    }
    printf("  %d dense instances with reach: most placed proven in %d without the root "
           "heuristics, %d with; every stage in %d without, %d with (the root heuristics "
           "prove a stage in %d); wrong claims %d\n",
           n, placed_proven[0], placed_proven[1], proven[0], proven[1], rooted, wrong);
    CHECK(wrong == 0);
    CHECK(placed_proven[1] > placed_proven[0] && proven[1] >= proven[0] && rooted >= 1);
}

/* CBC's root heuristics (nm_px_root_heuristics) on 60 random 0/1
 * programs of 16 columns (most weight under three knapsack rows and one
 * covering row), against every one of the 65,536 points: a point it
 * returns as better satisfies every row (checked here, not by the
 * program's own check), is better than the start and never better than
 * the optimum; when it finds nothing it gives the start back; it finds
 * the optimum of most; and its root bound, with or without cuts, is
 * never above the optimum (the bound a stage is proven by). */
static void root_heuristics_return_feasible_points_never_past_the_optimum(void)
{
    enum { NC = 16, NR = 4, TRIES = 60 };
    int found = 0, better = 0, closed = 0;
    for (int t = 0; t < TRIES; t++) {
        double obj[NC], val[NR * NC], rhs[NR], start[NC], x[NC];
        int idx[NR * NC], row_start[NR + 1];
        char sense[NR];
        for (int r = 0, z = 0; r < NR; r++) {
            double sum = 0;
            row_start[r] = z;
            for (int j = 0; j < NC; j++) {
                idx[z] = j;
                val[z] = r < NR - 1 ? (double)rnd(10) : (double)(j < NC / 2);
                sum += val[z++];
            }
            sense[r] = r < NR - 1 ? 'L' : 'G';
            rhs[r] = r < NR - 1 ? floor(sum * (0.25 + 0.1 * rnd(3))) : 1;
            row_start[r + 1] = z;
        }
        for (int j = 0; j < NC; j++) {
            obj[j] = -(double)(1 + rnd(12));
            start[j] = 0;
        }
        /* a feasible start: the covering row's cheapest column, if it fits */
        start[0] = 1;
        nm_pool_mip m = {NC, NR, obj, row_start, idx, val, sense, rhs, start};
        double best = INFINITY, from = obj[0];
        int start_ok = 1;
        for (unsigned pt = 0; pt < (1u << NC); pt++) {
            int ok = 1;
            double v = 0;
            for (int r = 0; r < NR && ok; r++) {
                double a = 0;
                for (int z = row_start[r]; z < row_start[r + 1]; z++)
                    a += val[z] * ((pt >> idx[z]) & 1);
                ok = sense[r] == 'L' ? a <= rhs[r] + 1e-9 : a >= rhs[r] - 1e-9;
            }
            for (int j = 0; j < NC && ok; j++)
                v += obj[j] * ((pt >> j) & 1);
            if (ok && v < best)
                best = v;
            if (pt == 1 && !ok)
                start_ok = 0;
        }
        if (!start_ok)
            continue;
        double root;
        int r = nm_px_root_heuristics(&m, 0, x, &root);
        double v = 0;
        unsigned pt = 0;
        for (int j = 0; j < NC; j++) {
            CHECK(x[j] == 0 || x[j] == 1);
            v += obj[j] * x[j];
            pt |= (x[j] > 0.5 ? 1u : 0u) << j;
        }
        for (int q = 0; q < NR; q++) {
            double a = 0;
            for (int z = row_start[q]; z < row_start[q + 1]; z++)
                a += val[z] * ((pt >> idx[z]) & 1);
            CHECK(sense[q] == 'L' ? a <= rhs[q] + 1e-9 : a >= rhs[q] - 1e-9);
        }
        CHECK(v >= best - 1e-9);
        CHECK(r ? v < from - 0.5 : pt == 1);
        CHECK(root <= best + 1e-6); /* a bound on every point at most the start */
        better += r;
        found += fabs(v - best) < 1e-9;
        /* again from that point, with cuts: the bound that may prove a stage
         * (pool_mip.c) never passes the optimum */
        double y[NC], cut;
        memcpy(start, x, sizeof start);
        nm_px_root_heuristics(&m, 1, y, &cut);
        CHECK(cut <= best + 1e-6);
        closed += ceil(cut - 1e-6) >= best - 1e-6;
    }
    printf("  %d random 0/1 programs: the root heuristics better the start in %d, reach the "
           "optimum in %d; the root bound with cuts meets the optimum in %d, never above it\n",
           TRIES, better, found, closed);
    CHECK(better >= TRIES / 2 && found >= TRIES / 3);
}

/* --- the twelve inland municipalities --- */

/* Arjeplog, Arvidsjaur, Dorotea, Sorsele, Storuman, Norsjö, Vilhelmina,
 * Lycksele, Malå, Åsele, Bjurholm, Vindeln: 150 would-be nurses, split
 * roughly by population. */
static const char *const inland[12] = {"2506", "2505", "2425", "2422", "2421", "2417",
                                       "2462", "2481", "2418", "2463", "2403", "2404"};
static const double nurses[12] = {8, 17, 7, 7, 16, 11, 18, 32, 8, 7, 5, 14};

static size_t units_of(nm_pool_unit *u)
{
    double sum = 0;
    for (size_t i = 0; i < 12; i++) {
        const nm_municipality *m = nm_refdata_municipality(ref, inland[i]);
        u[i] = (nm_pool_unit){(size_t)(m - ref->munis), nurses[i], 0, 0, 0};
        sum += nurses[i];
    }
    CHECK(sum == 150);
    return 12;
}

static double placed(const nm_pool_unit *u, size_t n, const int *assign)
{
    double s = 0;
    for (size_t i = 0; i < n; i++)
        s += assign[i] >= 0 ? u[i].potential : 0;
    return s;
}

static void twelve_inland_municipalities_are_all_covered_by_distance_and_hybrid_nursing(void)
{
    nm_rules rules;
    nm_rules_default(&rules);
    nm_pool_unit u[12];
    size_t n = units_of(u);
    int assign[12];
    nm_mode modes[2] = {NM_MODE_DISTANCE, NM_MODE_HYBRID};
    for (int m = 0; m < 2; m++) {
        nm_pool_outcome out;
        size_t k = nm_pool_exact(u, n, &dist, &rules, NM_LEVEL_UNIVERSITY, modes[m], NULL, assign,
                                 &out);
        CHECK(placed(u, n, assign) == 150);
        CHECK(k == 2); /* ten study locations per cohort: two cohorts */
        CHECK(out.status == NM_POOL_OPTIMAL);
        size_t g = nm_pool_group(u, n, &dist, &rules, NM_LEVEL_UNIVERSITY, modes[m], assign);
        printf("  %s: exact places 150 in %zu cohorts; the greedy pooling placed %.0f in %zu\n",
               m ? "hybrid" : "distance", k, placed(u, n, assign), g);
    }
}

/* On site (80 km from the hub) three cohorts reach all twelve; with 65 km
 * Arjeplog, Sorsele, Bjurholm and Vindeln are left over. */
static void on_site_nursing_covers_what_reach_allows(void)
{
    static const double reach[2] = {80, 65};
    for (int r = 0; r < 2; r++) {
        nm_rules rules;
        nm_rules_default(&rules);
        rules.reach_km[NM_MODE_ONSITE] = reach[r];
        nm_pool_unit u[12];
        size_t n = units_of(u), set[12], m, hub;
        int assign[12];
        double cost;
        nm_pool_outcome out;
        size_t k = nm_pool_exact(u, n, &dist, &rules, NM_LEVEL_UNIVERSITY, NM_MODE_ONSITE, NULL,
                                 assign, &out);
        CHECK(out.status == NM_POOL_OPTIMAL);
        double p = placed(u, n, assign);
        printf("  on site (%.0f km): %zu cohorts place %.0f of 150\n", reach[r], k, p);
        CHECK(r == 0 ? p == 150 && k == 3 : p < 150);
        for (size_t c = 0; c < k; c++) {
            m = 0;
            printf("   ");
            for (size_t i = 0; i < n; i++)
                if (assign[i] == (int)c) {
                    set[m++] = i;
                    printf(" %s", ref->munis[u[i].muni].short_name);
                }
            printf("\n");
            CHECK(nm_pool_evaluate(u, set, m, &dist, &rules, NM_LEVEL_UNIVERSITY, NM_MODE_ONSITE,
                                   &hub, &cost) == 1);
        }
        /* what is left over cannot make a viable cohort of its own */
        for (size_t h = 0; h < n; h++) {
            if (assign[h] >= 0)
                continue;
            m = 0;
            for (size_t i = 0; i < n; i++)
                if (assign[i] < 0 && nm_distance(&dist, u[i].muni, u[h].muni) <= reach[r])
                    set[m++] = i;
            CHECK(m > 10 || nm_pool_evaluate(u, set, m, &dist, &rules, NM_LEVEL_UNIVERSITY,
                                             NM_MODE_ONSITE, &hub, &cost) != 1);
        }
    }
}

int main(void)
{
    nm_error err;
    if (nm_refdata_load(&ref, &err) != NM_OK)
        return 1;
    nm_distances_init(&dist, ref);
    RUN(exact_pooling_equals_the_enumerated_optimum_on_240_tiny_instances);
    RUN(exact_pooling_with_placements_equals_the_enumerated_optimum);
    RUN(a_municipality_above_an_intake_splits_exactly_as_the_oracle_says);
    RUN(several_above_an_intake_are_split_jointly_as_the_oracle_says);
    RUN(exact_pooling_called_optimal_is_the_optimum_on_36_medium_instances);
    RUN(local_search_and_programs_with_reach_against_the_optimum);
    RUN(twelve_inland_municipalities_are_all_covered_by_distance_and_hybrid_nursing);
    RUN(on_site_nursing_covers_what_reach_allows);
    RUN(root_heuristics_prove_large_stages_only_when_right);
    RUN(root_heuristics_return_feasible_points_never_past_the_optimum);
    nm_distances_free(&dist);
    nm_refdata_free(ref);
    return failures ? 1 : 0;
}
