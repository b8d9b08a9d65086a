/* test_pool_exact.c - the exact pooling's parts (pool_exact.h): the
 * objective's order, the 5-intake cap, the node limit, and what a group
 * that reaches the integer program reports. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "check.h"
#include "needmap/pool_exact.h"
#include "needmap/pool_share.h"

static nm_refdata *ref;
static nm_distances dist;

static size_t muni(const char *code)
{
    return (size_t)(nm_refdata_municipality(ref, code) - ref->munis);
}

static void more_students_beat_fewer_cohorts_and_fewer_cohorts_beat_travel(void)
{
    CHECK(nm_pool_compare(60, 3, 9000, 59.5, 1, 0) < 0);
    CHECK(nm_pool_compare(60, 1, 9000, 60, 2, 0) < 0);
    CHECK(nm_pool_compare(60, 2, 100, 60, 2, 200) < 0);
    CHECK(nm_pool_compare(60, 2, 100, 60, 2, 100) == 0);
}

static void a_pooled_cohort_holds_at_most_five_intakes(void)
{
    nm_rules rules;
    nm_rules_default(&rules);
    CHECK_NEAR(nm_pool_capacity(&rules, NM_LEVEL_YH), 350, 1e-9); /* 5 x 35 / 0.5 */
    /* Umeå 300 and Vännäs 100 together exceed 350: each is its own cohort */
    nm_pool_unit u[2] = {{muni("2480"), 300, 0, 0, 0}, {muni("2460"), 100, 0, 0, 0}};
    int assign[2];
    nm_pool_outcome out;
    size_t k = nm_pool_exact(u, 2, &dist, &rules, NM_LEVEL_YH, NM_MODE_ONSITE, NULL, assign, &out);
    CHECK(k == 2 && assign[0] != assign[1] && assign[0] >= 0 && assign[1] >= 0);
    CHECK(out.status == NM_POOL_OPTIMAL && out.gap == 0);
    /* 200 and 100 fit one cohort, and one cohort is fewer than two */
    u[0].potential = 200;
    k = nm_pool_exact(u, 2, &dist, &rules, NM_LEVEL_YH, NM_MODE_ONSITE, NULL, assign, &out);
    CHECK(k == 1 && assign[0] == 0 && assign[1] == 0);
}

/* Twelve municipalities of Västerbotten and Norrbotten, distance, every
 * part to the program: optimal within the default limit, and the same
 * cohorts however the units are ordered. */
static void a_program_reports_optimal_and_does_not_depend_on_unit_order(void)
{
    static const char *const codes[12] = {"2506", "2505", "2425", "2422", "2421", "2417",
                                          "2462", "2481", "2418", "2463", "2403", "2404"};
    static const double pot[12] = {8, 17, 7, 7, 16, 11, 18, 32, 8, 7, 5, 14};
    nm_rules rules;
    nm_rules_default(&rules);
    nm_pool_unit u[12], r[12];
    for (int i = 0; i < 12; i++) {
        u[i] = (nm_pool_unit){muni(codes[i]), pot[i], 0, 0, 0};
        r[11 - i] = u[i];
    }
    nm_pool_limits lim = {0, 0, NULL, -1, NULL};
    int a[12], b[12];
    nm_pool_outcome out;
    size_t ka = nm_pool_exact(u, 12, &dist, &rules, NM_LEVEL_UNIVERSITY, NM_MODE_HYBRID, &lim, a,
                              &out);
    CHECK(out.status == NM_POOL_OPTIMAL && out.how.programs == 1);
    size_t kb = nm_pool_exact(r, 12, &dist, &rules, NM_LEVEL_UNIVERSITY, NM_MODE_HYBRID, &lim, b,
                              &out);
    CHECK(ka == 2 && kb == 2);
    for (int i = 0; i < 12; i++) /* same split: i and j together in one order iff in the other */
        for (int j = 0; j < 12; j++)
            CHECK((a[i] == a[j]) == (b[11 - i] == b[11 - j]));
}

/* A program from a split municipality (instance 55 of tests/pool
 * test_pool_exact.c, several_above_an_intake...): its own cohort, its rest
 * heading a cohort of four that fits one of 257.5 or the two smaller
 * (room 264.5), a unit alone.  Started at a feasible point placing 833
 * steps, CBC must still find the 1244 that every point of the 2^8 says is
 * the optimum (CBC 2.10.8's preprocessing fixed columns by the start's
 * cutoff and called the start optimal). */
static void a_start_does_not_cut_off_the_optimum(void)
{
    static double obj[8] = {-600, -71, -71, -515, -58, -47, -57, -58};
    static int row_start[9] = {0, 2, 4, 6, 8, 10, 12, 14, 19};
    static int idx[19] = {1, 2, 4, 7, 1, 0, 3, 2, 4, 2, 5, 2, 6, 2, 3, 4, 5, 6, 2};
    static double val[19] = {1, 1, 1, 1, 1, -1, 1, -1, 1, -1, 1, -1, 1, -1,
                             257.5, 29, 23.5, 28.5, -264.5};
    static char sense[8] = {'L', 'L', 'L', 'L', 'L', 'L', 'L', 'L'};
    static double rhs[8] = {1, 1, 0, 0, 0, 0, 0, 0};
    static double start[8] = {1, 0, 1, 0, 0, 1, 1, 1};
    nm_pool_mip m = {8, 8, obj, row_start, idx, val, sense, rhs, start};
    double best = 0; /* the oracle: every 0/1 point */
    for (unsigned p = 0; p < 256; p++) {
        int ok = 1;
        double f = 0;
        for (int r = 0; r < 8 && ok; r++) {
            double a = 0;
            for (int k = row_start[r]; k < row_start[r + 1]; k++)
                a += val[k] * ((p >> idx[k]) & 1);
            ok = a <= rhs[r] + 1e-9;
        }
        for (int j = 0; j < 8 && ok; j++)
            f += obj[j] * ((p >> j) & 1);
        best = ok && f < best ? f : best;
    }
    CHECK(best == -1244);
    double from = 0, x[8], bound, got = 0;
    for (int j = 0; j < 8; j++)
        from += obj[j] * start[j];
    CHECK(from == -833);
    long nodes;
    nm_pool_limits lim = {0, 0, NULL, 0, NULL};
    int r = nm_pool_solve_cbc(&m, &lim, x, &bound, &nodes);
    for (int j = 0; j < 8; j++)
        got += obj[j] * x[j];
    CHECK(r == 1);
    CHECK(got == best);
    CHECK(bound <= best + 1e-6);
}

/* A fixed-seed generator (an LCG): 0..n-1. */
static unsigned next_rnd(uint64_t *rng, unsigned n)
{
    *rng = *rng * 6364136223846793005ULL + 1442695040888963407ULL;
    return (unsigned)(*rng >> 33) % n;
}

/* 3000 random binary programs of 6-12 columns shaped like pooling
 * programs (links x - y <= 0, unit rows x + x' <= 1, room rows p x - R y
 * <= 0), each started at a random feasible point: a CBC result called
 * proven is the optimum of every 0/1 point, and never worse than the
 * start.  With CBC's preprocessing under the cutoff, one of them was
 * called optimal and was not. */
static void the_solver_against_every_point_from_random_starts(void)
{
    uint64_t rng = 2026120701;
    int wrong = 0, proven = 0;
    for (int t = 0; t < 3000; t++) {
        int n = 6 + (int)next_rnd(&rng, 7), nr = 0, nz = 0, rows = 4 + (int)next_rnd(&rng, 6);
        int rs[16], idx[160];
        double val[160], rhs[16], obj[12], start[12], x[12];
        char sense[16];
        for (int j = 0; j < n; j++)
            obj[j] = -(double)(1 + next_rnd(&rng, 600));
        for (int r = 0; r < rows; r++) {
            int kind = (int)next_rnd(&rng, 3), a = (int)next_rnd(&rng, (unsigned)n),
                b = (int)next_rnd(&rng, (unsigned)n);
            rs[nr] = nz;
            if (kind < 2 && a == b)
                continue;
            if (kind < 2) { /* link or unit row */
                idx[nz] = a;
                val[nz++] = 1;
                idx[nz] = b;
                val[nz++] = kind ? 1 : -1;
                rhs[nr] = kind;
            } else { /* room of hub a */
                for (int j = 0; j < n; j++)
                    if (j != a && next_rnd(&rng, 2)) {
                        idx[nz] = j;
                        val[nz++] = (1 + next_rnd(&rng, 600)) / 2.0;
                    }
                idx[nz] = a;
                val[nz++] = -(1 + (double)next_rnd(&rng, 600)) / 2.0;
                rhs[nr] = 0;
            }
            sense[nr++] = 'L';
        }
        rs[nr] = nz;
        double best = INFINITY;
        unsigned feas[4096], nf = 0;
        for (unsigned p = 0; p < (1u << n); p++) {
            int ok = 1;
            double f = 0;
            for (int r = 0; r < nr && ok; r++) {
                double a = 0;
                for (int k = rs[r]; k < rs[r + 1]; k++)
                    a += val[k] * ((p >> idx[k]) & 1);
                ok = a <= rhs[r] + 1e-9;
            }
            if (!ok)
                continue;
            for (int j = 0; j < n; j++)
                f += obj[j] * ((p >> j) & 1);
            best = fmin(best, f);
            feas[nf++] = p;
        }
        unsigned sp = feas[next_rnd(&rng, nf)]; /* 0 is always feasible */
        double from = 0, got = 0, bound;
        for (int j = 0; j < n; j++) {
            start[j] = (sp >> j) & 1;
            from += obj[j] * start[j];
        }
        nm_pool_mip m = {n, nr, obj, rs, idx, val, sense, rhs, start};
        nm_pool_limits lim = {0, 0, NULL, 0, NULL};
        long nodes;
        int r = nm_pool_solve_cbc(&m, &lim, x, &bound, &nodes);
        for (int j = 0; j < n; j++)
            got += obj[j] * x[j];
        CHECK(r >= 0 && got <= from + 1e-9);
        proven += r == 1;
        wrong += r == 1 && got > best + 1e-6;
    }
    printf("  3000 random programs: %d proven, %d of them not the optimum\n", proven, wrong);
    CHECK(wrong == 0);
    CHECK(proven == 3000);
}

/* A solver whose feasibility tolerance (1e-3) is looser than the maximum
 * flow's: CBC on the program with every row eased by it; counts calls. */
static int loose_calls;
static int loose_solver(const nm_pool_mip *m, const nm_pool_limits *limits, double *x,
                        double *bound, long *nodes)
{
    nm_pool_mip eased = *m;
    eased.rhs = malloc((size_t)m->nrows * sizeof *eased.rhs + 1);
    for (int r = 0; r < m->nrows; r++)
        eased.rhs[r] = m->rhs[r] + (m->sense[r] == 'L' ? 1e-3 : -1e-3);
    loose_calls++;
    int status = nm_pool_solve_cbc(&eased, limits, x, bound, nodes);
    free(eased.rhs);
    return status;
}

/* Luleå and Piteå, 70 would-be assistant nurses each by distance, one site
 * of 70 - 1e-5 placements: both placed would expect 70 students, 1e-5
 * more than the placements, which the loose solver lets pass and the
 * maximum flow does not.  The cut it finds is then one the program has:
 * it stops at the repeat (marked limit, none of it kept) instead of
 * solving again up to its 40 rounds (before: 120 calls, now 3). */
static void a_shared_cut_found_again_stops_the_program(void)
{
    nm_rules rules;
    nm_rules_default(&rules);
    size_t site = muni("2580");
    double places = 70 - 1e-5;
    nm_share_sites sites = {&site, &places, 1, &dist, 0};
    nm_pool_unit u[2] = {{muni("2580"), 70, 0, 0, 0}, {muni("2581"), 70, 0, 0, 0}};
    for (int i = 0; i < 2; i++) { /* as pool_build.c: every site within reach */
        u[i].placements_limited = 1;
        u[i].placements = places;
    }
    nm_pool_limits lim = {0, 0, loose_solver, -1, &sites};
    int assign[2];
    nm_pool_outcome out;
    loose_calls = 0;
    nm_pool_exact(u, 2, &dist, &rules, NM_LEVEL_YH, NM_MODE_DISTANCE, &lim, assign, &out);
    printf("  the loose solver was called %d times\n", loose_calls);
    CHECK_INT_EQ(out.how.programs, 1);
    CHECK_INT_EQ(out.status, NM_POOL_LIMIT);
    CHECK(loose_calls > 0 && loose_calls < 40);
}

int main(void)
{
    nm_error err;
    if (nm_refdata_load(&ref, &err) != NM_OK)
        return 1;
    nm_distances_init(&dist, ref);
    RUN(more_students_beat_fewer_cohorts_and_fewer_cohorts_beat_travel);
    RUN(a_pooled_cohort_holds_at_most_five_intakes);
    RUN(a_program_reports_optimal_and_does_not_depend_on_unit_order);
    RUN(a_start_does_not_cut_off_the_optimum);
    RUN(the_solver_against_every_point_from_random_starts);
    RUN(a_shared_cut_found_again_stops_the_program);
    nm_distances_free(&dist);
    nm_refdata_free(ref);
    return check_finish();
}
