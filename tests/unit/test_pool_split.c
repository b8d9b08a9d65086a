/* test_pool_split.c - a municipality above one intake (pool_split.h): its
 * own cohort is never pooled with another municipality but takes its own
 * rest back without the 5-intake cap; a split is made only where it places
 * more, and only where a cohort of one municipality is allowed. */
#include "check.h"
#include "needmap/pool_split.h"

static nm_refdata *ref;
static nm_distances dist;
static nm_rules rules;

static size_t muni(const char *code)
{
    return (size_t)(nm_refdata_municipality(ref, code) - ref->munis);
}

/* Umeå's own cohort (5 intakes, 350) with Vännäs is no cohort; with Umeå's
 * own rest (60) it is Umeå whole, 410 potential students, above the cap of
 * a pooled cohort and still one cohort: one municipality. */
static void an_own_cohort_takes_only_its_own_rest(void)
{
    nm_pool_unit u[3] = {{muni("2480"), 350, 0, 0, 1}, {muni("2460"), 100, 0, 0, 0},
                         {muni("2480"), 60, 0, 0, 0}};
    size_t set[2] = {0, 1}, hub;
    double cost;
    CHECK(nm_pool_evaluate(u, set, 2, &dist, &rules, NM_LEVEL_YH, NM_MODE_ONSITE, &hub, &cost) <
          0);
    set[1] = 2;
    CHECK(nm_pool_evaluate(u, set, 2, &dist, &rules, NM_LEVEL_YH, NM_MODE_ONSITE, &hub, &cost) ==
          1);
    CHECK(hub == 0); /* the own cohort is its hub */
    int assign[3];
    nm_pool_outcome out;
    nm_pool_unit alone[2] = {u[0], u[2]};
    size_t k = nm_pool_exact(alone, 2, &dist, &rules, NM_LEVEL_YH, NM_MODE_ONSITE, NULL, assign,
                             &out);
    CHECK(k == 1 && assign[0] == 0 && assign[1] == 0 && out.status == NM_POOL_OPTIMAL);
}

/* Umeå 390 (5 intakes and 40) and Vännäs 30, too few alone: whole, Umeå
 * with Vännäs exceeds 350 and Vännäs is left over; split, Umeå's own cohort
 * of 350 and its other 40 with Vännäs's 30 place all 420. */
static void a_split_places_the_neighbours_a_whole_municipality_could_not_take(void)
{
    nm_pool_unit u[2] = {{muni("2480"), 390, 0, 0, 0}, {muni("2460"), 30, 0, 0, 0}};
    int assign[2], assign2[2];
    double share[2];
    nm_pool_outcome out;
    size_t k = nm_pool_split_exact(u, 2, &dist, &rules, NM_LEVEL_YH, NM_MODE_ONSITE, NULL, assign,
                                   assign2, share, &out);
    CHECK_INT_EQ(k, 2);
    CHECK(assign[0] >= 0 && assign2[0] >= 0 && assign2[0] != assign[0]);
    CHECK_NEAR(share[0], 350.0 / 390, 1e-12);
    CHECK(assign[1] == assign2[0] && assign2[1] == -1 && share[1] == 1);
    CHECK(out.status == NM_POOL_OPTIMAL);
    /* with two municipalities required per cohort there is no own cohort */
    nm_rules two = rules;
    two.level[NM_LEVEL_YH].min_municipalities = 2;
    k = nm_pool_split_exact(u, 2, &dist, &two, NM_LEVEL_YH, NM_MODE_ONSITE, NULL, assign, assign2,
                            share, &out);
    CHECK(assign2[0] == -1 && share[0] == 1);
}

/* Umeå 300 and Vännäs 100: each is a cohort whole, and splitting Umeå
 * (280 and 20 with Vännäs) places no more and travels further: not split. */
static void a_split_that_places_no_more_is_not_made(void)
{
    nm_pool_unit u[2] = {{muni("2480"), 300, 0, 0, 0}, {muni("2460"), 100, 0, 0, 0}};
    int assign[2], assign2[2];
    double share[2];
    size_t k = nm_pool_split_exact(u, 2, &dist, &rules, NM_LEVEL_YH, NM_MODE_ONSITE, NULL, assign,
                                   assign2, share, NULL);
    CHECK(k == 2 && assign[0] >= 0 && assign[1] >= 0 && assign[0] != assign[1]);
    CHECK(assign2[0] == -1 && assign2[1] == -1 && share[0] == 1 && share[1] == 1);
    /* 140 and 100 fit one pooled cohort: whole, one cohort */
    u[0].potential = 140;
    k = nm_pool_split_exact(u, 2, &dist, &rules, NM_LEVEL_YH, NM_MODE_ONSITE, NULL, assign,
                            assign2, share, NULL);
    CHECK(k == 1 && assign[0] == 0 && assign[1] == 0 && assign2[0] == -1);
}

/* Umeå 100 with placements for 40 enrolled (room 80 potential students):
 * whole it cannot be a hub; split, its own cohort of 70 fits and the rest
 * (30) fits nowhere.  The cohort must not report Umeå whole (share 1),
 * which would place 100 where room is 80 (pool_build then drops that
 * cohort as invalid).  Until a split's rest can be residual on its own,
 * Umeå stays whole and residual. */
static void a_rest_left_out_is_not_reported_placed(void)
{
    nm_pool_unit u[1] = {{muni("2480"), 100, 1, 40, 0}};
    int assign[1], assign2[1];
    double share[1];
    nm_pool_outcome out;
    size_t k = nm_pool_split_exact(u, 1, &dist, &rules, NM_LEVEL_YH, NM_MODE_ONSITE, NULL, assign,
                                   assign2, share, &out);
    CHECK(k <= 1 && (assign[0] < 0) == (k == 0));
    CHECK(assign[0] < 0 ||
          share[0] * u[0].potential <= nm_pool_unit_room(&u[0], rules.enrolment_rate) + 1e-9);
}

/* Umeå 390 and Vännäs 160, both above one intake: every choice of splits
 * is pooled exactly, so the group is called optimal. */
static void two_that_may_be_split_are_decided_jointly(void)
{
    nm_pool_unit u[2] = {{muni("2480"), 390, 0, 0, 0}, {muni("2460"), 160, 0, 0, 0}};
    int assign[2], assign2[2];
    double share[2];
    nm_pool_outcome out;
    nm_pool_split_exact(u, 2, &dist, &rules, NM_LEVEL_YH, NM_MODE_ONSITE, NULL, assign, assign2,
                        share, &out);
    CHECK(out.status == NM_POOL_OPTIMAL);
    CHECK(out.gap == 0);
}

/* More than NM_POOL_SPLIT_JOINT_MAX above one intake that may share a hub
 * (by distance: every one): a bounded search, so the group is not called
 * optimal, its gap measured against the whole potential; where each one
 * is in a part of its own (on site, far apart) they are decided apart and
 * proven. */
static void more_than_can_be_decided_jointly_are_not_called_optimal(void)
{
    static const char *codes[NM_POOL_SPLIT_JOINT_MAX + 1] = {"2480", "0180", "1480", "1280",
                                                             "2580", "1880"};
    nm_pool_unit u[NM_POOL_SPLIT_JOINT_MAX + 1];
    size_t n = NM_POOL_SPLIT_JOINT_MAX + 1;
    CHECK_INT_EQ(n, 6); /* the codes above */
    for (size_t i = 0; i < n; i++)
        u[i] = (nm_pool_unit){muni(codes[i]), 390, 0, 0, 0};
    int assign[6], assign2[6];
    double share[6];
    nm_pool_outcome out;
    nm_pool_split_exact(u, n, &dist, &rules, NM_LEVEL_YH, NM_MODE_DISTANCE, NULL, assign, assign2,
                        share, &out);
    CHECK(out.status == NM_POOL_LIMIT);
    CHECK(out.gap >= 0 && out.gap < 1);
    nm_pool_split_exact(u, n, &dist, &rules, NM_LEVEL_YH, NM_MODE_ONSITE, NULL, assign, assign2,
                        share, &out);
    CHECK(out.status == NM_POOL_OPTIMAL);
    for (size_t i = 0; i < n; i++)
        CHECK(assign[i] >= 0 && assign2[i] == -1); /* each whole, alone */
}

int main(void)
{
    nm_error err;
    if (nm_refdata_load(&ref, &err) != NM_OK)
        return 1;
    nm_distances_init(&dist, ref);
    nm_rules_default(&rules);
    RUN(an_own_cohort_takes_only_its_own_rest);
    RUN(a_split_places_the_neighbours_a_whole_municipality_could_not_take);
    RUN(a_split_that_places_no_more_is_not_made);
    RUN(a_rest_left_out_is_not_reported_placed);
    RUN(two_that_may_be_split_are_decided_jointly);
    RUN(more_than_can_be_decided_jointly_are_not_called_optimal);
    nm_distances_free(&dist);
    nm_refdata_free(ref);
    return check_finish();
}
