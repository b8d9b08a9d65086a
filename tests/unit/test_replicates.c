/* test_replicates.c - bootstrap replicates over respondents
 * (replicates.h) and their intervals on rankings (rank.h): the weights are
 * Poisson(1), a replicate is the weighted sum computed here independently,
 * tables merged in any order give the same replicates, and intervals hold
 * the point figures and appear only on ranked entries. */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "needmap/privacy.h"
#include "needmap/rank.h"
#include "needmap/replicates.h"

#include "check.h"
#include "table.h"

static void weights_have_mean_one_and_variance_one(void)
{
    double s = 0, s2 = 0;
    long n = 0, zeros = 0;
    for (uint64_t who = 1; who <= 2000; who++)
        for (unsigned b = 0; b < 100; b++) {
            unsigned w = nm_replicates_weight(7, who * 0x9e3779b97f4a7c15ULL, b);
            s += w;
            s2 += (double)w * w;
            zeros += w == 0;
            n++;
        }
    double mean = s / (double)n, var = s2 / (double)n - mean * mean;
    CHECK_NEAR(mean, 1.0, 0.01);              /* 200,000 draws: sd of the mean 0.0022 */
    CHECK_NEAR(var, 1.0, 0.02);
    CHECK_NEAR((double)zeros / (double)n, exp(-1.0), 0.005); /* P(0) = 1/e */
}

static void weights_depend_on_seed_respondent_and_replicate_only(void)
{
    CHECK_INT_EQ(nm_replicates_weight(1, 42, 3), nm_replicates_weight(1, 42, 3));
    int differ_seed = 0, differ_b = 0;
    for (unsigned b = 0; b < 50; b++) {
        differ_seed += nm_replicates_weight(1, 42, b) != nm_replicates_weight(2, 42, b);
        differ_b += nm_replicates_weight(1, 42, b) != nm_replicates_weight(1, 42, b + 1);
    }
    CHECK(differ_seed > 10);
    CHECK(differ_b > 10);
}

/* A replicate is sum over records of weight(respondent) x value. */
static void a_replicate_is_the_weighted_sum_of_its_records(void)
{
    nm_replicates *r = nm_replicates_new(20, 5);
    double want[20] = {0};
    for (uint64_t who = 1; who <= 30; who++) {
        double v = (double)(who % 4) * 1000.0;
        nm_replicates_add(r, "2506", "2221", NULL, 0, NM_NEED_RECRUITMENT, who, v);
        nm_replicates_add(r, "2506", "2221", NULL, 0, NM_NEED_RECRUITMENT, who, 500.0);
        for (unsigned b = 0; b < 20; b++)
            want[b] += nm_replicates_weight(5, who, b) * (v + 500.0);
    }
    nm_replicates_add(r, "2506", "", "Digitalisering", 0, NM_NEED_UPSKILLING, 3, 2000.0);
    CHECK_INT_EQ(nm_replicates_count(r), 2);
    nm_replicate_group g;
    nm_replicates_group(r, 0, &g);
    CHECK_STR_EQ(g.municipality, "2506");
    CHECK_STR_EQ(g.code, "2221");
    for (unsigned b = 0; b < 20; b++)
        CHECK_NEAR(g.sum[b], want[b], 0);
    nm_replicates_group(r, 1, &g);
    CHECK_STR_EQ(g.label, "Digitalisering");
    CHECK_INT_EQ(g.need, NM_NEED_UPSKILLING);
    nm_replicates_free(r);
    nm_replicates_free(NULL);
}

static void absorbing_in_another_order_gives_the_same_sums(void)
{
    nm_replicates *a = nm_replicates_new(10, 9), *b = nm_replicates_new(10, 9);
    nm_replicates *a2 = nm_replicates_new(10, 9), *b2 = nm_replicates_new(10, 9);
    for (uint64_t who = 1; who <= 10; who++) {
        nm_replicates_add(who % 2 ? a : b, "2506", "5321", NULL, 0, NM_NEED_RECRUITMENT, who,
                          1000.0 * (double)who);
        nm_replicates_add(who % 2 ? b2 : a2, "2506", "5321", NULL, 0, NM_NEED_RECRUITMENT, who,
                          1000.0 * (double)who);
    }
    nm_replicates_absorb(a, b);
    nm_replicates_absorb(a2, b2);
    nm_replicate_group x, y;
    nm_replicates_group(a, 0, &x);
    nm_replicates_group(a2, 0, &y);
    CHECK(memcmp(x.sum, y.sum, 10 * sizeof *x.sum) == 0);
    nm_replicates_free(a);
    nm_replicates_free(a2);
}

/* Arjeplog: 5321 named by 8 respondents (3 people each), 2221 by 2 (1
 * each): 5321 is first in (nearly) every replicate. */
static void intervals_hold_the_figures_and_only_ranked_entries_get_them(void)
{
    nm_demand *d = nm_demand_new(table_ref);
    nm_demand_bootstrap(d, 200, 1);
    table_add_many(d, "2506", "5321", 3, NM_NEED_RECRUITMENT, 8, 100);
    table_add_many(d, "2506", "2221", 1, NM_NEED_RECRUITMENT, 2, 200);
    table_add_many(d, "2506", "8332", 1, NM_NEED_RECRUITMENT, 1, 300);
    nm_demand_finish(d, NULL);
    nm_suppression s;
    nm_privacy_apply(d, 2, NULL, &s); /* 8332 (1 respondent) hidden */
    nm_rankings r;
    nm_rank_build(d, &s, &r);
    nm_rank_intervals(d, table_ref, NULL, &r);
    CHECK_INT_EQ(r.bootstrap, 200);
    int seen = 0;
    for (size_t l = 0; l < r.n; l++)
        for (size_t k = 0; k < r.lists[l].n; k++) {
            const nm_rank_entry *e = &r.lists[l].entries[k];
            const nm_cell *c = nm_demand_cell_const(d, e->cell);
            if (!e->rank) {
                CHECK_INT_EQ(e->rank_lo, 0); /* hidden: no interval */
                continue;
            }
            seen++;
            CHECK(e->demand_lo <= c->demand && c->demand <= e->demand_hi);
            CHECK(e->rank_lo >= 1 && e->rank_lo <= e->rank && e->rank <= e->rank_hi);
            CHECK(e->rank_hi <= 2); /* two ranked entries per list */
            if (strcmp(c->comp.code, "5321") == 0)
                CHECK(e->demand_lo > 5 && e->demand_hi < 50);
        }
    CHECK(seen >= 2);
    nm_rankings_free(&r);
    nm_suppression_free(&s);
    nm_demand_free(d);
}

static void without_replicates_nothing_is_added(void)
{
    nm_demand *d = nm_demand_new(table_ref);
    table_add_many(d, "2506", "5321", 3, NM_NEED_RECRUITMENT, 4, 100);
    nm_demand_finish(d, NULL);
    CHECK(nm_demand_replicates(d) == NULL);
    nm_rankings r;
    nm_rank_build(d, NULL, &r);
    nm_rank_intervals(d, table_ref, NULL, &r);
    CHECK_INT_EQ(r.bootstrap, 0);
    CHECK_INT_EQ(r.lists[0].entries[0].rank_hi, 0);
    nm_rankings_free(&r);
    nm_demand_free(d);
}

int main(void)
{
    table_init();
    RUN(weights_have_mean_one_and_variance_one);
    RUN(weights_depend_on_seed_respondent_and_replicate_only);
    RUN(a_replicate_is_the_weighted_sum_of_its_records);
    RUN(absorbing_in_another_order_gives_the_same_sums);
    RUN(intervals_hold_the_figures_and_only_ranked_entries_get_them);
    RUN(without_replicates_nothing_is_added);
    table_done();
    return check_finish();
}
