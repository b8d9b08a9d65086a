/* test_demand.c - the demand table (demand.h): exact sums in any order,
 * roll-ups, and tables merged from parts equal to one table. */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "needmap/demand.h"
#include "needmap/refdata.h"
#include "needmap/strmap.h"

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
    nm_demand_finish(fwd, NULL);
    nm_demand_finish(rev, NULL);
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
    nm_demand_finish(whole, NULL);
    nm_demand_finish(merged, NULL);
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
    nm_demand_finish(d, NULL);
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

/* --- every cell against a recount --- */

/* A cell's identity as text: geography level and code, competence level
 * and code (cut to the level), need, level, mode, horizon. */
static void key_text(char *out, size_t size, int rollup, int geo, const char *geo_code,
                     int comp_level, const char *code, int need, int level, int mode, int lo,
                     int hi)
{
    char cut[8] = "";
    if (comp_level > 0)
        snprintf(cut, sizeof cut, "%.*s", comp_level, code);
    snprintf(out, size, "%d|%d|%s|%d|%s|%d|%d|%d|%d|%d", rollup, geo, geo_code, comp_level, cut,
             need, level, mode, lo, hi);
}

typedef struct recount {
    nm_strmap *cells;          /* key text -> index + 1 */
    nm_strmap *seen;           /* "key index|respondent" -> 1 */
    long long *milli;          /* per key: thousandths */
    uint32_t *needs, *respondents;
    size_t n, cap;
} recount;

static void recount_one(recount *rc, const char *key, long long milli, uint64_t who)
{
    size_t k = nm_strmap_index(rc->cells, key);
    if (k == SIZE_MAX) {
        k = nm_strmap_put(rc->cells, key, NULL);
        if (rc->n == rc->cap) {
            rc->cap = rc->cap ? 2 * rc->cap : 1024;
            rc->milli = realloc(rc->milli, rc->cap * sizeof *rc->milli);
            rc->needs = realloc(rc->needs, rc->cap * sizeof *rc->needs);
            rc->respondents = realloc(rc->respondents, rc->cap * sizeof *rc->respondents);
        }
        rc->milli[k] = 0;
        rc->needs[k] = rc->respondents[k] = 0;
        rc->n++;
    }
    rc->milli[k] += milli;
    rc->needs[k]++;
    char pair[64];
    snprintf(pair, sizeof pair, "%zu|%llu", k, (unsigned long long)who);
    if (nm_strmap_index(rc->seen, pair) == SIZE_MAX) {
        nm_strmap_put(rc->seen, pair, NULL);
        rc->respondents[k]++;
    }
}

/* A record into its detail cell and its 15 roll-ups (municipality, county,
 * country x the code as given, 3, 2, 1 digits, all competences). */
static void recount_record(recount *rc, const nm_record *r)
{
    char key[128];
    long long milli = llround(r->count.value * 1000);
    key_text(key, sizeof key, 0, NM_GEO_MUNICIPALITY, r->municipality, 4, r->competence.ssyk,
             r->need, r->level, r->mode, r->horizon.lo, r->horizon.hi);
    recount_one(rc, key, milli, r->respondent);
    const nm_municipality *m = nm_refdata_municipality(ref, r->municipality);
    const char *geo[3] = {"SE", m->county_code, r->municipality};
    for (int g = NM_GEO_ALL; g <= NM_GEO_MUNICIPALITY; g++)
        for (int level = 4; level >= 0; level--) {
            key_text(key, sizeof key, 1, g, geo[g], level, r->competence.ssyk, r->need,
                     NM_LEVEL_N, NM_MODE_N, -2, -2);
            recount_one(rc, key, milli, r->respondent);
        }
}

/* 40,000 records over 12 municipalities in three counties, 40 codes in
 * several SSYK groups, every need, level, mode and horizon, 3,000
 * respondents; read whole and in three parts merged, on one thread and
 * on two: every cell of each table (detail and roll-up) has the sums,
 * needs and distinct respondents of a plain recount, and no cell is
 * missing or extra.  (The table grows its index many times over.) */
static void every_cell_matches_a_recount(void)
{
    static const char *munis[] = {"2506", "2505", "2418", "2480", "2510", "2513",
                                  "2401", "2403", "2404", "0180", "0114", "0115"};
    static const char *codes[] = {"2221", "2222", "2223", "2231", "2235", "5321", "5322",
                                  "5323", "5330", "2341", "2342", "2343", "7233", "7231",
                                  "7212", "8332", "8331", "3412", "3411", "2611"};
    enum { N = 40000 };
    nm_record *rs = malloc(N * sizeof *rs);
    uint64_t state = 88172645463325252ULL;
    recount rc = {nm_strmap_new(), nm_strmap_new(), NULL, NULL, NULL, 0, 0};
    for (int i = 0; i < N; i++) {
        state ^= state << 13, state ^= state >> 7, state ^= state << 17;
        uint64_t x = state;
        rs[i] = need(munis[x % 12], codes[(x >> 8) % 20], 0.1 * (double)((x >> 16) % 40),
                     1000 + (x >> 24) % 3000);
        rs[i].need = (nm_need)((x >> 36) % NM_NEED_N);
        rs[i].level = (nm_level)((x >> 40) % NM_LEVEL_N);
        rs[i].mode = (nm_mode)((x >> 44) % NM_MODE_N);
        rs[i].horizon.lo = rs[i].horizon.hi = (int8_t)((x >> 48) % 4 - 1);
        if (rs[i].horizon.lo >= 0)
            rs[i].horizon.hi = (int8_t)(rs[i].horizon.lo + 1);
        recount_record(&rc, &rs[i]);
    }
    for (int threads = 1; threads <= 2; threads++)
        for (int parts = 1; parts <= 3; parts += 2) {
            nm_demand *d = nm_demand_new(ref), *part[3];
            nm_threads t = {threads};
            for (int p = 0; p < parts; p++)
                part[p] = nm_demand_new(ref);
            for (int i = 0; i < N; i++)
                nm_demand_add(part[i * parts / N], &rs[i]); /* parts in input order */
            for (int p = 0; p < parts; p++)
                nm_demand_absorb(d, part[p]);
            nm_demand_finish(d, &t);
            size_t matched = 0;
            for (size_t i = 0; i < nm_demand_count(d); i++) {
                const nm_cell *c = nm_demand_cell_const(d, i);
                char key[128];
                key_text(key, sizeof key, c->rollup, c->geo, c->geo_code, c->comp_level,
                         c->comp.code, c->need, c->level, c->mode, c->horizon.lo,
                         c->horizon.hi);
                size_t k = nm_strmap_index(rc.cells, key);
                matched += k != SIZE_MAX && llround(c->demand * 1000) == rc.milli[k] &&
                           c->needs == rc.needs[k] && c->respondents == rc.respondents[k];
            }
            CHECK_INT_EQ(nm_demand_count(d), rc.n);
            CHECK_INT_EQ(matched, rc.n);
            nm_demand_free(d);
        }
    nm_strmap_free(rc.cells);
    nm_strmap_free(rc.seen);
    free(rc.milli);
    free(rc.needs);
    free(rc.respondents);
    free(rs);
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
    RUN(every_cell_matches_a_recount);
    nm_refdata_free(ref);
    return check_finish();
}
