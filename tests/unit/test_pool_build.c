/* test_pool_build.c - from the demand table to pooled cohorts and
 * residual demand (nm_pool_build, pool.h): what is pooled and in which
 * groups, potential students, respondents counted once, what is hidden,
 * neighbours of a residual, the order of the results, and that the thread
 * count changes nothing. */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "needmap/placements.h"
#include "needmap/pool.h"
#include "needmap/privacy.h"

#include "check.h"
#include "table.h"

static nm_distances dist;
static nm_rules rules;

static size_t muni(const char *code)
{
    const nm_municipality *m = nm_refdata_municipality(table_ref, code);
    return m ? (size_t)(m - table_ref->munis) : SIZE_MAX;
}

/* Pool a finished table (suppression s may be NULL) on `threads` threads. */
static nm_pool pool_of(const nm_demand *d, const nm_suppression *s, int threads)
{
    nm_pool p;
    nm_error err;
    nm_threads t = {threads};
    CHECK_INT_EQ(nm_pool_build(d, table_ref, &dist, &rules, NULL, NULL, NULL, s, &t, &p, &err), NM_OK);
    return p;
}

/* Pool a finished table on one thread with the placements rows[0..n-1]. */
static nm_pool pool_with(const nm_demand *d, nm_placement *rows, size_t n)
{
    nm_placements pl = {rows, n, n};
    nm_pool p;
    nm_error err;
    nm_threads t = {1};
    CHECK_INT_EQ(nm_pool_build(d, table_ref, &dist, &rules, &pl, NULL, NULL, NULL, &t, &p, &err),
                 NM_OK);
    return p;
}

static void add(nm_demand *d, const char *m, const char *code, double v, nm_need need,
                nm_mode mode, uint64_t who)
{
    table_add(d, m, code, v, need, NM_LEVEL_YH, mode, who);
}

/* Luleå's interest (6 people) and recruitment (10 jobs) in nurses: 6
 * students, not 11 as when jobs counted half a student each; the 10 jobs
 * stand beside them, and the row says it needs open admission. */
static void recruitment_is_jobs_beside_the_students_not_students(void)
{
    nm_demand *d = nm_demand_new(table_ref);
    add(d, "2580", "2221", 6, NM_NEED_INTEREST, NM_MODE_ONSITE, 1);
    add(d, "2580", "2221", 10, NM_NEED_RECRUITMENT, NM_MODE_ONSITE, 2);
    nm_demand_finish(d, NULL);
    nm_pool p = pool_of(d, NULL, 1);
    CHECK_INT_EQ(p.ncohorts, 0);
    CHECK_INT_EQ(p.nresidual, 1);
    CHECK_INT_EQ(p.groups, 1);
    if (p.nresidual) {
        CHECK_NEAR(p.residual[0].potential, 6, 1e-9);
        CHECK_NEAR(p.residual[0].interest, 6, 1e-9);
        CHECK_NEAR(p.residual[0].upskilling, 0, 0);
        CHECK_NEAR(p.residual[0].jobs, 10, 1e-9);
        CHECK_INT_EQ(p.residual[0].jobs_respondents, 1);
        CHECK_INT_EQ(p.residual[0].muni, muni("2580"));
        CHECK_INT_EQ(p.residual[0].respondents, 1); /* behind the students */
        CHECK(p.residual[0].shortfall > 0);
        CHECK_STR_EQ(p.residual[0].key.comp.code, "2221");
        CHECK_INT_EQ(p.residual[0].key.cluster, -1);
    }
    nm_pool_free(&p);
    nm_demand_free(d);
}

/* Each competence, level and mode is a group of its own. */
static void groups_are_one_per_competence_level_and_mode(void)
{
    nm_demand *d = nm_demand_new(table_ref);
    add(d, "2580", "2221", 5, NM_NEED_INTEREST, NM_MODE_ONSITE, 1);
    add(d, "2580", "2221", 5, NM_NEED_INTEREST, NM_MODE_DISTANCE, 2);
    add(d, "2580", "5321", 5, NM_NEED_INTEREST, NM_MODE_ONSITE, 3);
    table_add(d, "2580", "5321", 5, NM_NEED_INTEREST, NM_LEVEL_COURSE, NM_MODE_ONSITE, 4);
    nm_demand_finish(d, NULL);
    nm_pool p = pool_of(d, NULL, 1);
    CHECK_INT_EQ(p.groups, 4);
    CHECK_INT_EQ(p.nresidual, 4);
    nm_pool_free(&p);
    nm_demand_free(d);
}

/* Needs without a number have no potential students, unclassified free
 * text names no education, and a need of unknown type is neither students
 * nor jobs. */
static void needs_without_a_number_unclassified_texts_and_unknown_types_are_not_pooled(void)
{
    nm_demand *d = nm_demand_new(table_ref);
    nm_record r;
    memset(&r, 0, sizeof r);
    memcpy(r.municipality, "2580", 5);
    memcpy(r.competence.ssyk, "2221", 5);
    r.level = NM_LEVEL_YH;
    r.mode = NM_MODE_ONSITE;
    r.respondent = 1;
    nm_demand_add(d, &r); /* known = 0: no number */
    memset(r.competence.ssyk, 0, sizeof r.competence.ssyk);
    r.competence.how = NM_MATCH_UNCLASSIFIED;
    r.competence.label = "svetsare med certifikat";
    r.count = (nm_count){40, 40, 40, 1, 0, 0, 0};
    r.need = NM_NEED_INTEREST;
    nm_demand_add(d, &r);
    add(d, "2580", "5321", 40, NM_NEED_UNKNOWN, NM_MODE_ONSITE, 2);
    nm_demand_finish(d, NULL);
    nm_pool p = pool_of(d, NULL, 1);
    CHECK_INT_EQ(p.groups, 0);
    CHECK_INT_EQ(p.ncohorts + p.nresidual, 0);
    nm_pool_free(&p);
    nm_demand_free(d);
}

/* Luleå and Piteå (42 km apart) with 40 interested each pool into one
 * on-site cohort; a respondent who answered in both counts once. */
static nm_demand *two_towns(void)
{
    nm_demand *d = nm_demand_new(table_ref);
    for (uint64_t who = 1; who <= 4; who++) {
        add(d, "2580", "2221", 10, NM_NEED_INTEREST, NM_MODE_ONSITE, who);
        add(d, "2581", "2221", 10, NM_NEED_INTEREST, NM_MODE_ONSITE, who + 2); /* 3, 4 in both */
    }
    nm_demand_finish(d, NULL);
    return d;
}

static void nearby_demand_pools_into_a_cohort_counting_each_respondent_once(void)
{
    nm_demand *d = two_towns();
    nm_pool p = pool_of(d, NULL, 1);
    CHECK_INT_EQ(p.ncohorts, 1);
    CHECK_INT_EQ(p.nresidual, 0);
    if (p.ncohorts) {
        const nm_cohort *c = &p.cohorts[0];
        CHECK_INT_EQ(c->nmembers, 2);
        CHECK_INT_EQ(c->members[0], c->hub);
        CHECK_NEAR(c->potential, 80, 1e-9);
        CHECK_NEAR(c->expected, 40, 1e-9);
        CHECK_INT_EQ(c->respondents, 6); /* 1-4 in Luleå, 3-6 in Piteå */
        CHECK(c->p_viable >= rules.viable_probability);
        CHECK(c->max_km > 30 && c->max_km < 60);
        CHECK_INT_EQ(c->intakes, 2); /* 40 expected, 35 places an intake */
        CHECK(!c->hidden);
    }
    nm_pool_free(&p);
    nm_demand_free(d);
}

static void cohorts_behind_too_few_respondents_or_one_hidden_cell_are_hidden(void)
{
    nm_demand *d = two_towns();
    nm_suppression s;
    nm_privacy_apply(d, 7, NULL, &s); /* 6 respondents behind the cohort */
    nm_pool p = pool_of(d, &s, 1);
    CHECK(p.ncohorts == 1 && p.cohorts[0].hidden);
    nm_pool_free(&p);
    nm_suppression_free(&s);
    /* enough respondents, but exactly one detail cell behind it hidden:
     * the cohort less the other member would give it away */
    nm_suppression one = {calloc(nm_demand_count(d), 1), nm_demand_count(d), 3, {0}, 0, NULL};
    one.flag[table_detail(d, "2581", "2221")] = NM_SUPPRESSED_PRIMARY;
    p = pool_of(d, &one, 1);
    CHECK(p.ncohorts == 1 && p.cohorts[0].hidden);
    nm_pool_free(&p);
    /* two hidden cells: no single one can be worked out */
    one.flag[table_detail(d, "2580", "2221")] = NM_SUPPRESSED_PRIMARY;
    p = pool_of(d, &one, 1);
    CHECK(p.ncohorts == 1 && !p.cohorts[0].hidden);
    nm_pool_free(&p);
    free(one.flag);
    nm_demand_free(d);
}

/* A residual lists up to five municipalities within reach, nearest
 * first, never itself. */
static void a_residual_lists_the_nearest_municipalities_within_reach(void)
{
    nm_demand *d = nm_demand_new(table_ref);
    add(d, "2580", "2221", 3, NM_NEED_INTEREST, NM_MODE_ONSITE, 1);
    nm_demand_finish(d, NULL);
    nm_pool p = pool_of(d, NULL, 1);
    CHECK_INT_EQ(p.nresidual, 1);
    if (p.nresidual) {
        const nm_residual *r = &p.residual[0];
        CHECK(r->nnearby >= 1 && r->nnearby <= 5);
        for (size_t k = 0; k < r->nnearby; k++) {
            CHECK(r->nearby[k] != r->muni);
            CHECK(nm_distance(&dist, r->muni, r->nearby[k]) <= rules.reach_km[NM_MODE_ONSITE]);
            if (k)
                CHECK(nm_distance(&dist, r->muni, r->nearby[k - 1]) <=
                      nm_distance(&dist, r->muni, r->nearby[k]));
        }
        CHECK_INT_EQ(r->nearby[0], muni("2582")); /* Boden, 25 km */
    }
    nm_pool_free(&p);
    nm_demand_free(d);
}

/* Many groups, some viable, some not: */
static nm_demand *county(void)
{
    static const char *const towns[] = {"2580", "2581", "2582", "2583", "2584", "2506", "2505",
                                        "2510"};
    static const char *const codes[] = {"2221", "5321", "2341", "8332"};
    nm_demand *d = nm_demand_new(table_ref);
    uint64_t who = 1;
    for (size_t t = 0; t < 8; t++)
        for (size_t c = 0; c < 4; c++)
            for (int m = NM_MODE_DISTANCE; m <= NM_MODE_ONSITE; m++)
                for (int k = 0; k < 3; k++)
                    add(d, towns[t], codes[c], (double)(1 + (t * 7 + c * 3 + (size_t)m) % 9),
                        NM_NEED_INTEREST, (nm_mode)m, who++);
    nm_demand_finish(d, NULL);
    return d;
}

static int same_pool(const nm_pool *a, const nm_pool *b)
{
    if (a->ncohorts != b->ncohorts || a->nresidual != b->nresidual || a->groups != b->groups)
        return 0;
    for (size_t i = 0; i < a->ncohorts; i++) {
        const nm_cohort *x = &a->cohorts[i], *y = &b->cohorts[i];
        if (x->hub != y->hub || x->nmembers != y->nmembers || x->potential != y->potential ||
            x->respondents != y->respondents || x->hidden != y->hidden ||
            strcmp(x->key.comp.code, y->key.comp.code) != 0 ||
            memcmp(x->members, y->members, x->nmembers * sizeof *x->members) != 0)
            return 0;
    }
    for (size_t i = 0; i < a->nresidual; i++)
        if (a->residual[i].muni != b->residual[i].muni ||
            a->residual[i].shortfall != b->residual[i].shortfall ||
            a->residual[i].hidden != b->residual[i].hidden)
            return 0;
    return 1;
}

static void the_result_is_the_same_on_one_two_and_four_threads(void)
{
    nm_demand *d = county();
    nm_suppression s;
    nm_privacy_apply(d, 3, NULL, &s);
    nm_pool one = pool_of(d, &s, 1);
    CHECK(one.ncohorts > 0 && one.nresidual > 0);
    for (int t = 2; t <= 4; t += 2) {
        nm_pool more = pool_of(d, &s, t);
        CHECK(same_pool(&one, &more));
        nm_pool_free(&more);
    }
    nm_pool_free(&one);
    nm_suppression_free(&s);
    nm_demand_free(d);
}

/* Published cohorts first, by P(viable), then potential; hidden ones
 * after them; residual by group, then municipality. */
static void cohorts_rank_by_viability_then_size_hidden_last(void)
{
    nm_demand *d = county();
    nm_suppression s;
    nm_privacy_apply(d, 10, NULL, &s); /* cohorts of up to three towns are hidden */
    nm_pool p = pool_of(d, &s, 1);
    int ok = 1, hidden_seen = 0;
    size_t hidden = 0;
    for (size_t i = 0; i < p.ncohorts; i++)
        hidden += p.cohorts[i].hidden != 0;
    CHECK(hidden > 0 && hidden < p.ncohorts);
    for (size_t i = 0; i < p.ncohorts; i++) {
        const nm_cohort *c = &p.cohorts[i];
        ok &= !(hidden_seen && !c->hidden);
        hidden_seen |= c->hidden;
        if (i && !c->hidden && !p.cohorts[i - 1].hidden)
            ok &= p.cohorts[i - 1].p_viable > c->p_viable ||
                  (p.cohorts[i - 1].p_viable == c->p_viable &&
                   p.cohorts[i - 1].potential >= c->potential);
    }
    CHECK(ok);
    for (size_t i = 1; i < p.nresidual; i++) {
        const nm_residual *a = &p.residual[i - 1], *b = &p.residual[i];
        int c = strcmp(a->key.comp.code, b->key.comp.code);
        CHECK(c < 0 || (c == 0 && (a->key.mode < b->key.mode ||
                                   (a->key.mode == b->key.mode && a->muni < b->muni))));
    }
    nm_pool_free(&p);
    nm_suppression_free(&s);
    nm_demand_free(d);
}

/* Pooling by cluster: the competences of one cluster share a group. */
static int nurses_and_assistants(void *ctx, const nm_comp_key *comp)
{
    (void)ctx;
    return strcmp(comp->code, "2221") == 0 || strcmp(comp->code, "5321") == 0 ? 1 : -1;
}

static void competences_of_one_cluster_pool_together(void)
{
    nm_demand *d = nm_demand_new(table_ref);
    for (uint64_t who = 1; who <= 4; who++) {
        add(d, "2580", "2221", 10, NM_NEED_INTEREST, NM_MODE_ONSITE, who);
        add(d, "2580", "5321", 10, NM_NEED_INTEREST, NM_MODE_ONSITE, who + 10);
        add(d, "2580", "8332", 1, NM_NEED_INTEREST, NM_MODE_ONSITE, who + 20);
    }
    nm_demand_finish(d, NULL);
    nm_pool p;
    nm_error err;
    CHECK_INT_EQ(nm_pool_build(d, table_ref, &dist, &rules, NULL, nurses_and_assistants, NULL, NULL,
                               NULL, &p, &err), NM_OK);
    CHECK_INT_EQ(p.groups, 2); /* cluster 1, and 8332 alone */
    CHECK_INT_EQ(p.ncohorts, 1);
    if (p.ncohorts) {
        CHECK_INT_EQ(p.cohorts[0].key.cluster, 1);
        CHECK_STR_EQ(p.cohorts[0].key.comp.code, "");
        CHECK_NEAR(p.cohorts[0].potential, 80, 1e-9);
        CHECK_INT_EQ(p.cohorts[0].respondents, 8);
    }
    nm_pool_free(&p);
    nm_demand_free(d);
}

/* Nurses (2221) with the level and mode left blank are pooled at
 * university, hybrid, and say both were not given: no cohort of unknown
 * level or mode. */
static void a_blank_level_is_the_occupations_route_and_a_blank_mode_assumed(void)
{
    nm_demand *d = nm_demand_new(table_ref);
    for (uint64_t who = 1; who <= 4; who++) {
        table_add(d, "2580", "2221", 10, NM_NEED_INTEREST, NM_LEVEL_UNKNOWN, NM_MODE_UNKNOWN,
                  who);
        table_add(d, "2581", "2221", 10, NM_NEED_INTEREST, NM_LEVEL_UNIVERSITY, NM_MODE_HYBRID,
                  who + 10);
    }
    nm_demand_finish(d, NULL);
    nm_pool p = pool_of(d, NULL, 1);
    CHECK_INT_EQ(p.groups, 1); /* the given and the inferred pool together */
    CHECK_INT_EQ(p.ncohorts, 1);
    if (p.ncohorts) {
        CHECK_INT_EQ(p.cohorts[0].key.level, NM_LEVEL_UNIVERSITY);
        CHECK_INT_EQ(p.cohorts[0].key.mode, NM_MODE_HYBRID);
        CHECK(p.cohorts[0].level_inferred);
        CHECK(p.cohorts[0].mode_assumed);
        CHECK_NEAR(p.cohorts[0].interest, 80, 1e-9);
    }
    nm_pool_free(&p);
    nm_demand_free(d);
}

/* Staff to upskill enrol at 0.8, interested residents at 0.5: 10 + 10
 * expect 13 to enrol; the jobs of the same competence, level and mode in
 * the members stand beside them, and 30 jobs > 13 says open admission. */
static void a_cohort_shows_its_students_apart_and_its_jobs_beside_them(void)
{
    nm_demand *d = nm_demand_new(table_ref);
    for (uint64_t who = 1; who <= 3; who++) {
        add(d, "2580", "5321", who == 3 ? 4 : 3, NM_NEED_UPSKILLING, NM_MODE_ONSITE, who);
        add(d, "2581", "5321", who == 3 ? 4 : 3, NM_NEED_INTEREST, NM_MODE_ONSITE, who + 10);
        add(d, "2580", "5321", 10, NM_NEED_RECRUITMENT, NM_MODE_ONSITE, who + 20);
    }
    nm_demand_finish(d, NULL);
    nm_rules keep = rules;
    rules.level[NM_LEVEL_YH].min_size = 5;
    nm_pool p = pool_of(d, NULL, 1);
    rules = keep;
    CHECK_INT_EQ(p.ncohorts, 1);
    if (p.ncohorts) {
        const nm_cohort *c = &p.cohorts[0];
        CHECK_NEAR(c->upskilling, 10, 1e-9);
        CHECK_NEAR(c->interest, 10, 1e-9);
        CHECK_NEAR(c->expected, 13, 1e-9);
        CHECK_NEAR(c->jobs, 30, 1e-9);
        CHECK_INT_EQ(c->jobs_respondents, 3);
        CHECK_INT_EQ(c->respondents, 6);
        CHECK(nm_cohort_open_admission(c));
    }
    CHECK_INT_EQ(p.nopen, 0);
    nm_pool_free(&p);
    nm_demand_free(d);
}

/* 200 jobs and no students: no cohort (when jobs counted as half a
 * student each, this made a cohort of 100 "potential students"), one
 * open-admission group with its jobs, and a residual row per municipality. */
static void jobs_alone_make_no_cohort_but_an_open_admission_group(void)
{
    nm_demand *d = nm_demand_new(table_ref);
    for (uint64_t who = 1; who <= 4; who++) {
        add(d, "2580", "5321", 25, NM_NEED_RECRUITMENT, NM_MODE_DISTANCE, who);
        add(d, "2581", "5321", 25, NM_NEED_RECRUITMENT, NM_MODE_DISTANCE, who + 10);
    }
    nm_demand_finish(d, NULL);
    nm_pool p = pool_of(d, NULL, 1);
    CHECK_INT_EQ(p.ncohorts, 0);
    CHECK_INT_EQ(p.nresidual, 2);
    CHECK_INT_EQ(p.nopen, 1);
    if (p.nopen) {
        CHECK_NEAR(p.open[0].jobs, 200, 1e-9);
        CHECK_INT_EQ(p.open[0].nmunis, 2);
        CHECK_INT_EQ(p.open[0].jobs_respondents, 8);
        CHECK_NEAR(p.open[0].upskilling + p.open[0].interest, 0, 0);
        CHECK_STR_EQ(p.open[0].key.comp.code, "5321");
    }
    if (p.nresidual) {
        CHECK_NEAR(p.residual[0].jobs, 100, 1e-9);
        CHECK_NEAR(p.residual[0].interest, 0, 0);
    }
    nm_pool_free(&p);
    nm_demand_free(d);
}

/* Placements shared out (issue #15): Luleå's and Piteå's 400 would-be
 * care workers each (200 expected students, above the cap of one pooled
 * cohort together) could each have a cohort of their own, and the 250
 * placements in Luleå are within reach of both hubs; counted per cohort
 * both would count them (400 expected students on 250 placements).  Shared
 * out, the cohorts' expected students fit in the 250, each cohort's
 * `placements` is what the other leaves it, and the pooling is no longer
 * called optimal. */
static void placements_are_shared_out_between_cohorts(void)
{
    nm_demand *d = nm_demand_new(table_ref);
    add(d, "2580", "5321", 400, NM_NEED_INTEREST, NM_MODE_ONSITE, 1);
    add(d, "2581", "5321", 400, NM_NEED_INTEREST, NM_MODE_ONSITE, 2);
    nm_demand_finish(d, NULL);
    nm_placement rows[1] = {{muni("2580"), "5321", 250}};
    nm_pool p = pool_with(d, rows, 1);
    double expected = 0;
    CHECK(p.ncohorts >= 1);
    for (size_t i = 0; i < p.ncohorts; i++) {
        const nm_cohort *c = &p.cohorts[i];
        expected += c->expected;
        CHECK(c->expected <= c->placements + 1e-9);
        CHECK(c->placements_bind);
        CHECK_INT_EQ(c->solver_status, 1); /* limit (pool_exact.h) */
    }
    CHECK(expected <= 250 + 1e-9); /* the same placements never count twice */
    CHECK(expected > 0);
    for (size_t i = 0; i < p.nresidual; i++)
        CHECK(p.residual[i].placements_left);
    nm_pool_free(&p);
    nm_demand_free(d);
}

/* The placements-free pooling tries splits too (pool_split.h), so the
 * binding constraint is named on the same footing as the pooling itself.
 * Luleå's 390 would-be care workers are split (its own cohort of 350, the
 * rest 40 with Piteå's and Kalix's 30 each, too few alone (a viable YH
 * cohort needs 56) and too far apart to pool without it), on Luleå's
 * ample placements; Umeå's 30 and Vännäs's 28 would make a cohort but
 * have no placements in reach.  Pooled again without placements and
 * without splits, Luleå whole takes nobody along: 390 + 58 placed, no
 * more than the 450 placed with them, so placements were not named; with
 * the same splits, 508: they bind, and Umeå's and Vännäs's rows name the
 * hub they would have had. */
static void placements_are_named_binding_against_a_pooling_with_the_same_splits(void)
{
    nm_demand *d = nm_demand_new(table_ref);
    add(d, "2580", "5321", 390, NM_NEED_INTEREST, NM_MODE_ONSITE, 1);
    add(d, "2581", "5321", 30, NM_NEED_INTEREST, NM_MODE_ONSITE, 2);
    add(d, "2514", "5321", 30, NM_NEED_INTEREST, NM_MODE_ONSITE, 3);
    add(d, "2480", "5321", 30, NM_NEED_INTEREST, NM_MODE_ONSITE, 4);
    add(d, "2460", "5321", 28, NM_NEED_INTEREST, NM_MODE_ONSITE, 5);
    nm_demand_finish(d, NULL);
    CHECK(nm_distance(&dist, muni("2581"), muni("2514")) > rules.reach_km[NM_MODE_ONSITE]);
    nm_placement rows[1] = {{muni("2580"), "5321", 1000}};
    nm_pool p = pool_with(d, rows, 1);
    double expected = 0;
    for (size_t i = 0; i < p.ncohorts; i++) {
        expected += p.cohorts[i].expected;
        CHECK(p.cohorts[i].placements_bind);
    }
    CHECK_NEAR(expected, 450 * 0.5, 1e-9); /* Luleå split, Piteå and Kalix with its rest */
    CHECK_INT_EQ(p.ncohorts, 2);
    CHECK_INT_EQ(p.groups_placements, 1);
    CHECK_INT_EQ(p.nresidual, 2);
    for (size_t i = 0; i < p.nresidual; i++) {
        const nm_residual *r = &p.residual[i];
        CHECK(r->muni == muni("2480") || r->muni == muni("2460"));
        CHECK(r->placements_left);
        CHECK(r->placements_hub == muni("2480") || r->placements_hub == muni("2460"));
        CHECK_NEAR(r->placements_have, 0, 0);
        CHECK_NEAR(r->placements_need, 58 * 0.5, 1e-9);
    }
    nm_pool_free(&p);
    nm_demand_free(d);
}

/* Placements bind: Luleå's 70 and Piteå's 30 would-be care workers make
 * one cohort of 50 expected students, but the 40 placements (LIA) within
 * reach of either hub take only Luleå's 35: Piteå is left out, and its
 * row names the placements, the hub and the students they fell short of.
 * Nurses, for whom the file has no row, are not limited. */
static void placements_within_reach_limit_a_cohort_and_name_the_hub(void)
{
    nm_demand *d = nm_demand_new(table_ref);
    add(d, "2580", "5321", 70, NM_NEED_INTEREST, NM_MODE_ONSITE, 1);
    add(d, "2581", "5321", 30, NM_NEED_INTEREST, NM_MODE_ONSITE, 2);
    add(d, "2580", "2221", 70, NM_NEED_INTEREST, NM_MODE_ONSITE, 3);
    add(d, "2581", "2221", 30, NM_NEED_INTEREST, NM_MODE_ONSITE, 4);
    nm_demand_finish(d, NULL);
    nm_placement rows[2] = {{muni("2580"), "532", 40}, {muni("2584"), "5321", 500}};
    nm_pool p = pool_with(d, rows, 2); /* Kiruna's are beyond reach */
    CHECK_INT_EQ(p.ncohorts, 2);
    CHECK_INT_EQ(p.groups_placements, 1);
    for (size_t i = 0; i < p.ncohorts; i++) {
        const nm_cohort *c = &p.cohorts[i];
        if (strcmp(c->key.comp.code, "5321") == 0) {
            CHECK_INT_EQ(c->nmembers, 1);
            CHECK_INT_EQ(c->hub, muni("2580"));
            CHECK_NEAR(c->expected, 35, 1e-9);
            CHECK_NEAR(c->placements, 40, 0);
            CHECK(c->placements_bind);
        } else {
            CHECK_INT_EQ(c->nmembers, 2); /* nurses: no placements named, no limit */
            CHECK_NEAR(c->placements, -1, 0);
            CHECK(!c->placements_bind);
        }
    }
    CHECK_INT_EQ(p.nresidual, 1);
    if (p.nresidual) {
        const nm_residual *r = &p.residual[0];
        CHECK_INT_EQ(r->muni, muni("2581"));
        CHECK(r->placements_left);
        CHECK_INT_EQ(r->placements_hub, muni("2580"));
        CHECK_NEAR(r->placements_have, 40, 0);
        CHECK_NEAR(r->placements_need, 50, 1e-9);
    }
    nm_pool_free(&p);
    /* without the file: one cohort of both for each competence */
    p = pool_of(d, NULL, 1);
    CHECK_INT_EQ(p.ncohorts, 2);
    CHECK_INT_EQ(p.nresidual, 0);
    CHECK_INT_EQ(p.groups_placements, 0);
    nm_pool_free(&p);
    nm_demand_free(d);
}

/* "Nearest with demand" looks past the five nearest municipalities: by
 * distance education (no reach) Kiruna's nearest with students left over
 * is Malmö, far beyond its five neighbours. */
static void the_nearest_with_students_are_found_beyond_the_five_nearest(void)
{
    nm_demand *d = nm_demand_new(table_ref);
    add(d, "2584", "2221", 3, NM_NEED_INTEREST, NM_MODE_DISTANCE, 1);
    add(d, "1280", "2221", 2, NM_NEED_INTEREST, NM_MODE_DISTANCE, 2);
    add(d, "2523", "2221", 4, NM_NEED_RECRUITMENT, NM_MODE_DISTANCE, 3); /* jobs only */
    nm_demand_finish(d, NULL);
    nm_pool p = pool_of(d, NULL, 1);
    CHECK_INT_EQ(p.ncohorts, 0);
    for (size_t i = 0; i < p.nresidual; i++) {
        const nm_residual *r = &p.residual[i];
        if (r->muni != muni("2584"))
            continue;
        CHECK_INT_EQ(r->nnearby, 5);
        for (size_t k = 0; k < r->nnearby; k++)
            CHECK(r->nearby[k] != muni("1280"));
        CHECK_INT_EQ(r->nwith, 1); /* Gällivare has jobs, no students */
        CHECK_INT_EQ(r->with[0], muni("1280"));
    }
    nm_pool_free(&p);
    nm_demand_free(d);
}

/* Luleå has 340 residents who want to train as assistant nurses (YH: 35
 * places an intake, 70 potential students at an enrolment of 0.5), Boden
 * and Piteå 20 each: too few for a cohort of their own, and Luleå whole
 * with them would exceed the 5 intakes a pooled cohort holds (350).  Luleå
 * runs its own cohort of 4 full intakes (280) and its other 60 join Boden
 * and Piteå: all 380 placed.  Luleå is listed in both cohorts with its
 * share; the respondents behind Luleå stand behind both; the figures and
 * the detail cells' shares add up to Luleå's. */
static void a_municipality_above_an_intake_runs_its_own_cohort_and_joins_with_the_rest(void)
{
    nm_demand *d = nm_demand_new(table_ref);
    for (uint64_t who = 1; who <= 4; who++)
        add(d, "2580", "5321", 85, NM_NEED_INTEREST, NM_MODE_ONSITE, who);
    for (uint64_t who = 5; who <= 6; who++) {
        add(d, "2582", "5321", 10, NM_NEED_INTEREST, NM_MODE_ONSITE, who);
        add(d, "2581", "5321", 10, NM_NEED_INTEREST, NM_MODE_ONSITE, who + 2);
    }
    nm_demand_finish(d, NULL);
    nm_pool p = pool_of(d, NULL, 1);
    CHECK_INT_EQ(p.ncohorts, 2);
    CHECK_INT_EQ(p.nresidual, 0);
    const nm_cohort *own = NULL, *shared = NULL;
    for (size_t i = 0; i < p.ncohorts; i++) {
        if (p.cohorts[i].nmembers == 1)
            own = &p.cohorts[i];
        else
            shared = &p.cohorts[i];
    }
    CHECK(own && shared);
    if (own && shared) {
        CHECK_INT_EQ(own->members[0], muni("2580"));
        CHECK_NEAR(own->interest, 280, 1e-9);
        CHECK_INT_EQ(own->intakes, 4);
        CHECK_NEAR(own->expected, 140, 1e-9);
        CHECK(own->member_share && fabs(own->member_share[0] - 280.0 / 340) < 1e-12);
        CHECK_INT_EQ(shared->nmembers, 3);
        CHECK_NEAR(shared->interest, 100, 1e-9); /* 60 from Luleå, 20 + 20 */
        CHECK_NEAR(own->interest + shared->interest, 380, 1e-9); /* all placed */
        int lulea = 0;
        for (size_t k = 0; k < shared->nmembers; k++)
            if (shared->members[k] == muni("2580")) {
                lulea = 1;
                CHECK(shared->member_share && fabs(shared->member_share[k] - 60.0 / 340) < 1e-12);
            } else {
                CHECK(!shared->member_share || shared->member_share[k] == 1);
            }
        CHECK(lulea);
        CHECK_INT_EQ(own->respondents, 4);
        CHECK_INT_EQ(shared->respondents, 8); /* Luleå's 4 and the other 4 */
        /* the detail cells at their shares add up to each cohort's students */
        double sum[2] = {0, 0};
        const nm_cohort *c2[2] = {own, shared};
        for (int c = 0; c < 2; c++) {
            CHECK(c2[c]->cell_share != NULL);
            for (size_t k = 0; c2[c]->cell_share && k < c2[c]->ncells; k++) {
                if (k)
                    CHECK(c2[c]->cells[k - 1] < c2[c]->cells[k]);
                sum[c] += c2[c]->cell_share[k] *
                          nm_demand_cell_const(d, c2[c]->cells[k])->demand;
            }
            CHECK_NEAR(sum[c], c2[c]->interest, 1e-9);
        }
    }
    nm_pool_free(&p);
    nm_demand_free(d);
}

int main(void)
{
    table_init();
    nm_distances_init(&dist, table_ref);
    nm_rules_default(&rules);
    RUN(recruitment_is_jobs_beside_the_students_not_students);
    RUN(groups_are_one_per_competence_level_and_mode);
    RUN(needs_without_a_number_unclassified_texts_and_unknown_types_are_not_pooled);
    RUN(nearby_demand_pools_into_a_cohort_counting_each_respondent_once);
    RUN(cohorts_behind_too_few_respondents_or_one_hidden_cell_are_hidden);
    RUN(a_residual_lists_the_nearest_municipalities_within_reach);
    RUN(the_result_is_the_same_on_one_two_and_four_threads);
    RUN(cohorts_rank_by_viability_then_size_hidden_last);
    RUN(competences_of_one_cluster_pool_together);
    RUN(a_blank_level_is_the_occupations_route_and_a_blank_mode_assumed);
    RUN(a_cohort_shows_its_students_apart_and_its_jobs_beside_them);
    RUN(jobs_alone_make_no_cohort_but_an_open_admission_group);
    RUN(placements_within_reach_limit_a_cohort_and_name_the_hub);
    RUN(placements_are_named_binding_against_a_pooling_with_the_same_splits);
    RUN(placements_are_shared_out_between_cohorts);
    RUN(a_municipality_above_an_intake_runs_its_own_cohort_and_joins_with_the_rest);
    RUN(the_nearest_with_students_are_found_beyond_the_five_nearest);
    nm_distances_free(&dist);
    table_done();
    return check_finish();
}
