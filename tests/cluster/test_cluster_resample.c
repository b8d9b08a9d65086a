/* test_cluster_resample.c - the parts of cluster stability
 * (cluster_parts.h: src/analyze/cluster_resample.c, spectral.c): the
 * affinity of a resample in which every respondent counts once is the
 * affinity of the table, counting every respondent twice changes nothing
 * (cosines do not see scale), the canonical order of respondents does not
 * depend on the order of input rows, and the sharpened affinity takes away
 * exactly the background that degrees predict. */
#include <gsl/gsl_errno.h>
#include <math.h>
#include <stdio.h>

#include "cluster_parts.h"

#include "check.h"
#include "planted.h"

static nm_refdata *ref;

/* Largest absolute difference between the table's affinity and that of a
 * resample with every respondent counted `weight` times. */
static double affinity_gap(const nm_demand *d, double weight)
{
    nm_cl_items it = {0};
    nm_cl_items_collect(d, &it);
    nm_cl_resp resp;
    nm_cl_resp_collect(d, &resp);
    size_t n = it.n;
    double *a = calloc(n * n, sizeof *a), *b = calloc(n * n, sizeof *b);
    double *w = calloc(resp.n, sizeof *w), gap = 0;
    for (size_t i = 0; i < resp.n; i++)
        w[i] = weight;
    nm_error err;
    CHECK_INT_EQ(nm_cl_affinity(d, ref, &it, 0.5, 0.3, a, &err), NM_OK);
    CHECK_INT_EQ(nm_cl_affinity_weighted(d, ref, &it, &resp, w, 0.5, 0.3, b, &err), NM_OK);
    for (size_t i = 0; i < n * n; i++)
        gap = fabs(a[i] - b[i]) > gap ? fabs(a[i] - b[i]) : gap;
    CHECK(n == PLANTED_CODES);
    free(a);
    free(b);
    free(w);
    nm_cl_resp_free(&resp);
    nm_cl_items_free(&it);
    return gap;
}

static void a_resample_of_everyone_once_or_twice_has_the_affinity_of_the_table(void)
{
    synth s;
    planted_survey(&s, ref, 4, PLANTED_NOISE_LOW);
    nm_demand *d = synth_table(ref, &s);
    CHECK(affinity_gap(d, 1) < 1e-12);
    CHECK(affinity_gap(d, 2) < 1e-12);
    nm_demand_free(d);
    synth_free(&s);
}

static void the_order_of_respondents_does_not_depend_on_the_order_of_rows(void)
{
    synth s;
    planted_survey(&s, ref, 6, PLANTED_NOISE_HEAVY);
    nm_demand *d1 = synth_table(ref, &s);
    synth_shuffle(&s);
    nm_demand *d2 = synth_table(ref, &s);
    nm_cl_resp r1, r2;
    nm_cl_resp_collect(d1, &r1);
    nm_cl_resp_collect(d2, &r2);
    CHECK(r1.n > 30);
    CHECK_INT_EQ(r1.n, r2.n);
    if (r1.n == r2.n) {
        CHECK(memcmp(r1.start, r2.start, (r1.n + 1) * sizeof *r1.start) == 0);
        CHECK(memcmp(r1.cells, r2.cells, r1.start[r1.n] * sizeof *r1.cells) == 0);
    }
    for (size_t i = 0; i + 1 < r1.n; i++) /* each list ascending, lists in order */
        for (size_t e = r1.start[i] + 1; e < r1.start[i + 1]; e++)
            CHECK(r1.cells[e - 1] < r1.cells[e]);
    nm_cl_resp_free(&r1);
    nm_cl_resp_free(&r2);
    nm_demand_free(d1);
    nm_demand_free(d2);
    synth_free(&s);
}

/* Two pairs, affinity 1 within a pair and 0.5 between: every degree is 2,
 * the total 8, so degrees predict 0.5 for every pair; what is left is
 * 0.5 within and 0 between, plus 1% of the affinity. */
static void sharpening_takes_away_the_affinity_degrees_predict(void)
{
    double a[16], s[16];
    for (int i = 0; i < 4; i++)
        for (int j = 0; j < 4; j++)
            a[i * 4 + j] = i == j ? 0 : i / 2 == j / 2 ? 1 : 0.5;
    nm_cl_sharpen(a, 4, s);
    for (int i = 0; i < 4; i++)
        for (int j = 0; j < 4; j++)
            CHECK_NEAR(s[i * 4 + j], i == j ? 0 : i / 2 == j / 2 ? 0.51 : 0.005, 1e-15);
}

int main(void)
{
    gsl_set_error_handler_off(); /* as main.c: statuses are checked */
    nm_error err;
    if (nm_refdata_load(&ref, &err) != NM_OK) {
        fprintf(stderr, "reference data: %s\n", err.msg);
        return 2;
    }
    RUN(a_resample_of_everyone_once_or_twice_has_the_affinity_of_the_table);
    RUN(the_order_of_respondents_does_not_depend_on_the_order_of_rows);
    RUN(sharpening_takes_away_the_affinity_degrees_predict);
    nm_refdata_free(ref);
    return check_finish();
}
