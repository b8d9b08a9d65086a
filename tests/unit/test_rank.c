/* test_rank.c - competences ranked by demand (rank.h): the order, the
 * lists made, and hidden cells following the ranked ones unranked. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "needmap/privacy.h"
#include "needmap/rank.h"

#include "check.h"
#include "table.h"

/* Five competences in Arjeplog (recruitment) and one upskilling need:
 *   2221  12 people, 3 respondents
 *   5321  12 people, 5 respondents (ties 2221 on demand: more respondents first)
 *   2341   7 people
 *   2342   7 people, as many respondents as 2341 (ties: by code)
 *   8332   3 people */
static nm_demand *arjeplog(void)
{
    nm_demand *d = nm_demand_new(table_ref);
    table_add_many(d, "2506", "2221", 4, NM_NEED_RECRUITMENT, 3, 100);
    table_add_many(d, "2506", "5321", 2.4, NM_NEED_RECRUITMENT, 5, 200);
    table_add_many(d, "2506", "2341", 3.5, NM_NEED_RECRUITMENT, 2, 300);
    table_add_many(d, "2506", "2342", 3.5, NM_NEED_RECRUITMENT, 2, 400);
    table_add_many(d, "2506", "8332", 3, NM_NEED_RECRUITMENT, 1, 500);
    table_add_many(d, "2506", "2221", 1, NM_NEED_UPSKILLING, 2, 600);
    nm_demand_finish(d, NULL);
    return d;
}

static const nm_ranking *list_of(const nm_rankings *r, nm_geo_level geo, const char *code,
                                 nm_need need)
{
    for (size_t i = 0; i < r->n; i++)
        if (r->lists[i].geo == geo && strcmp(r->lists[i].geo_code, code) == 0 &&
            r->lists[i].need == need)
            return &r->lists[i];
    return NULL;
}

static const char *code_at(const nm_demand *d, const nm_ranking *l, size_t k)
{
    return nm_demand_cell_const(d, l->entries[k].cell)->comp.code;
}

static void competences_rank_by_demand_then_respondents_then_code(void)
{
    nm_demand *d = arjeplog();
    nm_rankings r;
    nm_rank_build(d, NULL, &r);
    const nm_ranking *l = list_of(&r, NM_GEO_MUNICIPALITY, "2506", NM_NEED_RECRUITMENT);
    CHECK(l != NULL);
    if (l) {
        static const char *const want[] = {"5321", "2221", "2341", "2342", "8332"};
        CHECK_INT_EQ(l->n, 5);
        for (size_t k = 0; k < 5 && k < l->n; k++) {
            CHECK_STR_EQ(code_at(d, l, k), want[k]);
            CHECK_INT_EQ(l->entries[k].rank, k + 1);
            const nm_cell *c = nm_demand_cell_const(d, l->entries[k].cell);
            CHECK(c->rollup && c->comp_level == 4 && c->geo == NM_GEO_MUNICIPALITY);
        }
    }
    nm_rankings_free(&r);
    nm_demand_free(d);
}

/* One list per geography (all, county, municipality) and need type, in
 * need order, then table order. */
static void there_is_one_list_per_geography_and_need_type(void)
{
    nm_demand *d = arjeplog();
    nm_rankings r;
    nm_rank_build(d, NULL, &r);
    CHECK_INT_EQ(r.n, 6); /* SE, 25, 2506 for recruitment and upskilling */
    CHECK(list_of(&r, NM_GEO_ALL, "SE", NM_NEED_RECRUITMENT) != NULL);
    CHECK(list_of(&r, NM_GEO_COUNTY, "25", NM_NEED_UPSKILLING) != NULL);
    const nm_ranking *up = list_of(&r, NM_GEO_MUNICIPALITY, "2506", NM_NEED_UPSKILLING);
    CHECK(up && up->n == 1 && up->entries[0].rank == 1);
    for (size_t i = 1; i < r.n; i++)
        CHECK(r.lists[i - 1].need <= r.lists[i].need);
    CHECK(r.lists[0].geo == NM_GEO_ALL && r.lists[0].need == NM_NEED_RECRUITMENT);
    nm_rankings_free(&r);
    nm_demand_free(d);
}

/* A rank must never hint at a hidden value: hidden cells follow the
 * ranked ones, unranked (rank 0), in competence order. */
static void hidden_cells_follow_unranked_in_competence_order(void)
{
    nm_demand *d = arjeplog();
    nm_suppression s = {calloc(nm_demand_count(d), 1), nm_demand_count(d), 3, {0}, 0, NULL};
    size_t hide[] = {table_rollup(d, NM_GEO_MUNICIPALITY, "2506", 4, "8332", NM_NEED_RECRUITMENT),
                     table_rollup(d, NM_GEO_MUNICIPALITY, "2506", 4, "5321", NM_NEED_RECRUITMENT),
                     table_rollup(d, NM_GEO_MUNICIPALITY, "2506", 4, "2221", NM_NEED_RECRUITMENT)};
    s.flag[hide[0]] = NM_SUPPRESSED_PRIMARY;
    s.flag[hide[1]] = NM_SUPPRESSED_SECONDARY;
    s.flag[hide[2]] = NM_SUPPRESSED_SECONDARY;
    nm_rankings r;
    nm_rank_build(d, &s, &r);
    const nm_ranking *l = list_of(&r, NM_GEO_MUNICIPALITY, "2506", NM_NEED_RECRUITMENT);
    CHECK(l && l->n == 5);
    if (l && l->n == 5) {
        static const char *const want[] = {"2341", "2342", "2221", "5321", "8332"};
        static const uint32_t rank[] = {1, 2, 0, 0, 0};
        for (size_t k = 0; k < 5; k++) {
            CHECK_STR_EQ(code_at(d, l, k), want[k]);
            CHECK_INT_EQ(l->entries[k].rank, rank[k]);
        }
    }
    nm_rankings_free(&r);
    free(s.flag);
    nm_demand_free(d);
}

static void an_empty_table_has_no_lists(void)
{
    nm_demand *d = nm_demand_new(table_ref);
    nm_demand_finish(d, NULL);
    nm_rankings r;
    nm_rank_build(d, NULL, &r);
    CHECK_INT_EQ(r.n, 0);
    nm_rankings_free(&r);
    nm_rankings_free(&r); /* a freed one is empty */
    nm_demand_free(d);
}

int main(void)
{
    table_init();
    RUN(competences_rank_by_demand_then_respondents_then_code);
    RUN(there_is_one_list_per_geography_and_need_type);
    RUN(hidden_cells_follow_unranked_in_competence_order);
    RUN(an_empty_table_has_no_lists);
    table_done();
    return check_finish();
}
