/* test_demand.c - the demand table (demand.h): exact sums in any order,
 * roll-ups, and tables merged from parts equal to one table. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "needmap/demand.h"
#include "needmap/refdata.h"

#include "check.h"

static nm_refdata *ref;

static nm_record need(const char *muni, const char *ssyk, double value, uint64_t who)
{
    nm_record r;
    memset(&r, 0, sizeof r);
    snprintf(r.municipality, sizeof r.municipality, "%s", muni);
    snprintf(r.competence.ssyk, sizeof r.competence.ssyk, "%s", ssyk);
    r.competence.how = NM_MATCH_CODE;
    r.count.value = r.count.low = r.count.high = value;
    r.count.known = 1;
    r.need = NM_NEED_RECRUITMENT;
    r.horizon.lo = r.horizon.hi = -1;
    r.respondent = who;
    return r;
}

static const nm_cell *detail(nm_demand *d, const char *muni)
{
    for (size_t i = 0; i < nm_demand_count(d); i++) {
        const nm_cell *c = nm_demand_cell_const(d, i);
        if (!c->rollup && strcmp(c->geo_code, muni) == 0)
            return c;
    }
    return NULL;
}

/* 0,1 + 0,7 + 1,3 three thousand times: binary floating point gets
 * 6300.0000000002565 adding in order, and another sum in another order.
 * The table adds thousandths, so every order gives exactly 6300. */
static void decimal_counts_add_up_exactly_in_any_order(void)
{
    static const double v[3] = {0.1, 0.7, 1.3};
    nm_demand *fwd = nm_demand_new(ref), *rev = nm_demand_new(ref);
    for (int i = 0; i < 9000; i++) {
        nm_record a = need("2506", "2221", v[i % 3], (uint64_t)i % 3);
        nm_record b = need("2506", "2221", v[(8999 - i) % 3], (uint64_t)(8999 - i) % 3);
        nm_demand_add(fwd, &a);
        nm_demand_add(rev, &b);
    }
    nm_demand_finish(fwd);
    nm_demand_finish(rev);
    const nm_cell *a = detail(fwd, "2506"), *b = detail(rev, "2506");
    CHECK(a && b);
    if (a && b) {
        CHECK(a->demand == 6300.0);
        CHECK(memcmp(&a->demand, &b->demand, sizeof a->demand) == 0);
        CHECK_INT_EQ(a->respondents, 3);
        CHECK_INT_EQ(a->needs, 9000);
    }
    CHECK(nm_demand_exact(fwd));
    nm_demand_free(fwd);
    nm_demand_free(rev);
}

/* A table built from parts merged in any order has the same cells, sums
 * and respondents, in the same published order, as one table. */
static void parts_merged_in_any_order_equal_one_table(void)
{
    static const char *munis[] = {"2506", "2505", "2418", "2480"};
    static const char *codes[] = {"2221", "5321", "2341", "7233"};
    nm_demand *whole = nm_demand_new(ref), *part[3];
    for (int p = 0; p < 3; p++)
        part[p] = nm_demand_new(ref);
    for (int i = 0; i < 3000; i++) {
        nm_record r = need(munis[i % 4], codes[(i / 4) % 4], 0.1 * (i % 17), (uint64_t)(i % 37));
        nm_demand_add(whole, &r);
        nm_demand_add(part[i % 3], &r);
    }
    nm_demand *merged = nm_demand_new(ref);
    nm_demand_absorb(merged, part[2]); /* the order of the parts does not matter */
    nm_demand_absorb(merged, part[0]);
    nm_demand_absorb(merged, part[1]);
    nm_demand_finish(whole);
    nm_demand_finish(merged);
    CHECK_INT_EQ(nm_demand_count(merged), nm_demand_count(whole));
    size_t same = 0;
    for (size_t i = 0; i < nm_demand_count(whole) && i < nm_demand_count(merged); i++) {
        const nm_cell *a = nm_demand_cell_const(whole, i), *b = nm_demand_cell_const(merged, i);
        same += strcmp(a->geo_code, b->geo_code) == 0 && a->rollup == b->rollup &&
                a->comp_level == b->comp_level && strcmp(a->comp.code, b->comp.code) == 0 &&
                memcmp(&a->demand, &b->demand, sizeof a->demand) == 0 &&
                a->needs == b->needs && a->respondents == b->respondents;
    }
    CHECK_INT_EQ(same, nm_demand_count(whole));
    nm_demand_free(whole);
    nm_demand_free(merged);
}

/* Roll-ups add their detail cells: the national total of all competences
 * is every need, and its respondents are the distinct ones. */
static void rollups_add_details_and_count_distinct_respondents(void)
{
    nm_demand *d = nm_demand_new(ref);
    nm_record rs[] = {need("2506", "2221", 2, 1), need("2505", "2221", 3, 1),
                      need("2506", "5321", 0.5, 2), need("1280", "2221", 4, 3)};
    for (size_t i = 0; i < sizeof rs / sizeof rs[0]; i++)
        nm_demand_add(d, &rs[i]);
    nm_demand_finish(d);
    nm_comp_key all = {0};
    size_t top = nm_demand_find_rollup(d, NM_GEO_ALL, "SE", 0, &all, NM_NEED_RECRUITMENT);
    CHECK(top != SIZE_MAX);
    if (top != SIZE_MAX) {
        const nm_cell *c = nm_demand_cell_const(d, top);
        CHECK(c->demand == 9.5);
        CHECK_INT_EQ(c->needs, 4);
        CHECK_INT_EQ(c->respondents, 3);
    }
    nm_demand_free(d);
}

int main(void)
{
    nm_error err;
    if (nm_refdata_load(&ref, &err) != NM_OK) {
        fprintf(stderr, "test_demand: cannot load reference data: %s\n", err.msg);
        return 1;
    }
    RUN(decimal_counts_add_up_exactly_in_any_order);
    RUN(parts_merged_in_any_order_equal_one_table);
    RUN(rollups_add_details_and_count_distinct_respondents);
    nm_refdata_free(ref);
    return check_finish();
}
