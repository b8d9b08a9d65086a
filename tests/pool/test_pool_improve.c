/* test_pool_improve.c - the shortcuts of the local search and of one
 * cohort's test (pool_improve.c, pool_cohort.c, pool_enum.c) against the
 * paths they shortcut, on seeded random instances near a random
 * municipality (pool_instances.h): the search with its shortcuts returns
 * the very pooling it returns without them, and the stop at the bound is
 * taken (fewer cohort evaluations) on some; nm_px_valid and nm_px_cohort
 * answer as nm_px_evaluate and the cap say (the rule as it was written
 * before the checks without a hub came first); the enumeration's split is
 * the one the dynamic program over every subset picked (the loop as it
 * was, written out again here). */
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

enum { MAXN = 30 };

static nm_refdata *ref;
static nm_distances dist;
static uint64_t rng = 1208;

typedef struct instance {
    nm_pool_unit u[MAXN];
    size_t n;
    nm_rules rules;
    nm_level level;
    nm_mode mode;
} instance;

/* Instance t: n units among the `among` municipalities nearest a random
 * one, first..first+count-1 potential students each (halves when t is
 * odd: steps finer than a student, so that some units round to 0 steps
 * when q = 1). */
static void instance_of(instance *in, int t, size_t n, unsigned among, unsigned first,
                        unsigned count)
{
    pool_instance_kind(t, &in->rules, &in->level, &in->mode);
    in->n = n;
    const size_t *near = nm_distance_order(&dist, pool_rnd(&rng, (unsigned)ref->nmunis));
    pool_near_units(in->u, n, near, among, first, count, t % 2 ? 2 : 1, &rng);
}

/* The search with and without its shortcuts, from nothing and from the
 * greedy pooling: the same answer and the same pooling. */
static void local_search_shortcuts_change_nothing(void)
{
    int n = 160, cut = 0, runs = 0;
    long saved = 0, all = 0;
    for (int t = 0; t < n; t++) {
        instance in;
        instance_of(&in, t, 12 + (size_t)pool_rnd(&rng, MAXN - 11), 40, 1, 14);
        nm_px c;
        nm_px_init(&c, in.u, in.n, &dist, &in.rules, in.level, in.mode, NULL);
        size_t set[MAXN];
        int start[MAXN], a[MAXN], b[MAXN], d[MAXN];
        for (size_t i = 0; i < in.n; i++)
            set[i] = i;
        for (int from = 0; from < 2; from++)
            for (int q = 1; q <= 2; q++) {
                long ea, eb;
                for (size_t i = 0; i < in.n; i++)
                    start[i] = -1;
                if (from) /* the greedy pooling, else nothing */
                    nm_pool_group(in.u, in.n, &dist, &in.rules, in.level, in.mode, start);
                memcpy(a, start, sizeof a);
                memcpy(b, start, sizeof b);
                memcpy(d, start, sizeof d);
                int ra = nm_px_improve_with(&c, set, in.n, q, a, 1, &ea);
                int rb = nm_px_improve_with(&c, set, in.n, q, b, 0, &eb);
                CHECK(ra == rb);
                CHECK(memcmp(a, b, in.n * sizeof *a) == 0);
                CHECK(nm_px_improve(&c, set, in.n, q, d) == ra);
                CHECK(memcmp(a, d, in.n * sizeof *a) == 0);
                CHECK(ea <= eb);
                cut += ea < eb;
                saved += eb - ea;
                all += eb;
                runs++;
            }
    }
    printf("  %d searches on %d instances: the same pooling with and without the shortcuts; "
           "the stop at the bound cut %d of them, %ld of %ld cohort evaluations\n",
           runs, n, cut, saved, all);
    CHECK(cut >= runs / 10);
}

/* nm_px_cohort as it was: nm_px_evaluate's hub, viable, and the cap
 * unless one municipality. */
static int cohort_as_was(const nm_px *c, const size_t *set, size_t n, double *placed,
                         double *travel)
{
    size_t hub;
    double pot = 0;
    if (nm_px_evaluate(c, set, n, &hub, travel) != 1)
        return 0;
    for (size_t i = 0; i < n; i++)
        pot += c->units[set[i]].potential;
    *placed = pot;
    int one = 1;
    for (size_t i = 1; i < n; i++)
        one = one && c->units[set[i]].muni == c->units[set[0]].muni;
    return one || pot <= c->cap + 1e-9;
}

static void a_cohort_is_tested_as_nm_px_evaluate_says(void)
{
    int n = 200, sets = 0, valid = 0;
    for (int t = 0; t < n; t++) {
        instance in;
        instance_of(&in, t, 20, 30, 1, 24);
        if (t % 5 == 0) { /* a municipality's own cohort and its rest */
            in.u[1].muni = in.u[0].muni;
            in.u[0].own = 1;
        }
        if (t % 7 == 0) { /* placements at a few */
            in.u[2].placements_limited = 1;
            in.u[2].placements = 3 + pool_rnd(&rng, 20);
        }
        nm_px c;
        nm_px_init(&c, in.u, in.n, &dist, &in.rules, in.level, in.mode, NULL);
        for (int k = 0; k < 60; k++) {
            size_t set[MAXN], m = 1 + pool_rnd(&rng, (unsigned)c.max_locations + 1);
            uint64_t used = 0;
            for (size_t i = 0; i < m; i++)
                set[i] = pool_draw_unused(&rng, (unsigned)in.n, &used);
            double p1 = -1, t1 = -1, p2 = -2, t2 = -2;
            int was = cohort_as_was(&c, set, m, &p1, &t1);
            int is = nm_px_cohort(&c, set, m, &p2, &t2);
            CHECK(was == is);
            CHECK(nm_px_valid(&c, set, m) == was);
            CHECK(!was || (p1 == p2 && t1 == t2));
            sets++;
            valid += was;
        }
    }
    printf("  %d sets, %d valid cohorts: nm_px_cohort and nm_px_valid as nm_px_evaluate says\n",
           sets, valid);
    CHECK(valid >= sets / 20 && valid <= sets - sets / 20);
}

/* The enumeration's dynamic program as it was: every subset t of s, t
 * descending, those holding s's lowest unit; the first best kept. */
static void enumerate_as_was(const nm_px *c, const size_t *set, size_t n, int *local)
{
    unsigned full = (1u << n) - 1;
    nm_px_score *one = calloc((size_t)full + 1, sizeof *one), *best;
    unsigned *take = calloc((size_t)full + 1, sizeof *take);
    char *ok = calloc((size_t)full + 1, 1);
    best = calloc((size_t)full + 1, sizeof *best);
    size_t mem[NM_POOL_ENUMERATE_MAX];
    for (unsigned t = 1; t <= full; t++) {
        size_t k = 0;
        for (size_t i = 0; i < n; i++)
            if (t & (1u << i))
                mem[k++] = set[i];
        if (k <= c->max_locations && nm_px_cohort(c, mem, k, &one[t].placed, &one[t].travel)) {
            one[t].cohorts = 1;
            ok[t] = 1;
        }
    }
    for (unsigned s = 1; s <= full; s++) {
        unsigned low = s & -s, bt = 0;
        nm_px_score b = best[s & ~low];
        for (unsigned t = s; t; t = (t - 1) & s) {
            if (!(t & low) || !ok[t])
                continue;
            nm_px_score r = best[s & ~t];
            r.placed += one[t].placed;
            r.cohorts += one[t].cohorts;
            r.travel += one[t].travel;
            if (nm_pool_compare(r.placed, r.cohorts, r.travel, b.placed, b.cohorts, b.travel) < 0) {
                b = r;
                bt = t;
            }
        }
        best[s] = b;
        take[s] = bt;
    }
    for (size_t i = 0; i < n; i++)
        local[i] = -1;
    int k = 0;
    for (unsigned s = full; s;) {
        unsigned low = s & -s, t = take[s];
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
    free(best);
    free(take);
    free(ok);
}

static void enumeration_splits_as_the_dynamic_program_did(void)
{
    int n = 48, cohorts = 0;
    for (int t = 0; t < n; t++) {
        instance in;
        instance_of(&in, t, 6 + (size_t)pool_rnd(&rng, 6), 20, 1, 10);
        nm_px c;
        nm_px_init(&c, in.u, in.n, &dist, &in.rules, in.level, in.mode, NULL);
        size_t set[MAXN];
        int a[MAXN], b[MAXN];
        for (size_t i = 0; i < in.n; i++)
            set[i] = i;
        nm_px_enumerate(&c, set, in.n, a);
        enumerate_as_was(&c, set, in.n, b);
        CHECK(memcmp(a, b, in.n * sizeof *a) == 0);
        for (size_t i = 0; i < in.n; i++)
            cohorts = a[i] + 1 > cohorts ? a[i] + 1 : cohorts;
    }
    printf("  %d instances: the same split as every subset's program\n", n);
    CHECK(cohorts >= 2);
}

int main(void)
{
    nm_error err;
    if (nm_refdata_load(&ref, &err) != NM_OK)
        return 1;
    nm_distances_init(&dist, ref);
    RUN(local_search_shortcuts_change_nothing);
    RUN(a_cohort_is_tested_as_nm_px_evaluate_says);
    RUN(enumeration_splits_as_the_dynamic_program_did);
    nm_distances_free(&dist);
    nm_refdata_free(ref);
    return failures ? 1 : 0;
}
