/* test_privacy.c - primary and secondary suppression (privacy.h): who is
 * hidden, that no relation is left with exactly one hidden member, and
 * that the finished table is only read. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "needmap/demand.h"
#include "needmap/privacy.h"

#include "check.h"
#include "table.h"

/* Three municipalities of Norrbotten (county 25) asking for nurses:
 * Arjeplog one respondent (10 people), Arvidsjaur five (5 people),
 * Jokkmokk five (10 people). */
static nm_demand *three_towns(void)
{
    nm_demand *d = nm_demand_new(table_ref);
    table_add_many(d, "2506", "2221", 10, NM_NEED_RECRUITMENT, 1, 100);
    table_add_many(d, "2505", "2221", 1, NM_NEED_RECRUITMENT, 5, 200);
    table_add_many(d, "2510", "2221", 2, NM_NEED_RECRUITMENT, 5, 300);
    nm_demand_finish(d, NULL);
    return d;
}

static size_t town(const nm_demand *d, const char *muni)
{
    return table_rollup(d, NM_GEO_MUNICIPALITY, muni, 4, "2221", NM_NEED_RECRUITMENT);
}

static void a_cell_with_fewer_respondents_than_k_is_hidden_as_primary(void)
{
    nm_demand *d = three_towns();
    nm_suppression s;
    nm_privacy_apply(d, 3, NULL, &s);
    CHECK_INT_EQ(s.n, nm_demand_count(d));
    CHECK_INT_EQ(s.min_respondents, 3);
    CHECK_INT_EQ(nm_suppressed(&s, table_detail(d, "2506", "2221")), NM_SUPPRESSED_PRIMARY);
    CHECK_INT_EQ(nm_suppressed(&s, town(d, "2506")), NM_SUPPRESSED_PRIMARY);
    size_t primary = 0;
    for (size_t i = 0; i < s.n; i++) {
        int few = nm_demand_cell_const(d, i)->respondents < 3;
        CHECK_INT_EQ(nm_suppressed(&s, i) == NM_SUPPRESSED_PRIMARY, few);
        primary += few;
    }
    CHECK_INT_EQ(s.stats.primary, primary);
    CHECK_INT_EQ(s.stats.cells, nm_demand_count(d));
    nm_suppression_free(&s);
    nm_demand_free(d);
}

/* Arjeplog alone hidden in the county would be the county less the others:
 * the smallest published sibling (Arvidsjaur, 5) is hidden too, Jokkmokk
 * (10) stays. */
static void a_lone_hidden_member_of_a_total_takes_the_smallest_sibling_with_it(void)
{
    nm_demand *d = three_towns();
    nm_suppression s;
    nm_privacy_apply(d, 3, NULL, &s);
    CHECK_INT_EQ(nm_suppressed(&s, town(d, "2505")), NM_SUPPRESSED_SECONDARY);
    CHECK_INT_EQ(nm_suppressed(&s, town(d, "2510")), NM_PUBLISHED);
    CHECK_INT_EQ(nm_suppressed(&s, table_rollup(d, NM_GEO_COUNTY, "25", 4, "2221",
                                                NM_NEED_RECRUITMENT)), NM_PUBLISHED);
    CHECK(s.stats.secondary > 0);
    nm_suppression_free(&s);
    nm_demand_free(d);
}

/* The rule suppression exists for: in every relation (a total and what
 * it adds up), 0 or at least 2 members are hidden. */
static void no_relation_is_left_with_exactly_one_hidden_member(void)
{
    nm_demand *d = nm_demand_new(table_ref);
    static const char *const towns[] = {"2506", "2505", "2510", "2584", "2581", "2480", "2482"};
    static const char *const codes[] = {"2221", "2222", "5321", "2341"};
    uint64_t who = 1;
    for (size_t t = 0; t < 7; t++)
        for (size_t c = 0; c < 4; c++)
            table_add_many(d, towns[t], codes[c], (double)(1 + (t * 3 + c) % 5),
                           NM_NEED_RECRUITMENT, (int)((t + c) % 4) + 1, (who += 10));
    nm_demand_finish(d, NULL);
    nm_suppression s;
    nm_privacy_apply(d, 3, NULL, &s);
    nm_relations *rel = nm_demand_relations_new(d, NULL);
    size_t lonely = 0;
    for (size_t r = 0; r < rel->n; r++) {
        size_t hidden = nm_suppressed(&s, rel->rel[r].parent) != NM_PUBLISHED;
        for (size_t k = 0; k < rel->rel[r].nchildren; k++)
            hidden += nm_suppressed(&s, rel->rel[r].children[k]) != NM_PUBLISHED;
        lonely += hidden == 1;
    }
    CHECK_INT_EQ(lonely, 0);
    CHECK(s.stats.primary > 0 && s.stats.secondary > 0);
    nm_relations_free(rel);
    nm_suppression_free(&s);
    nm_demand_free(d);
}

/* Equal published siblings: the first in table order is hidden. */
static void between_equal_siblings_the_first_in_table_order_is_hidden(void)
{
    nm_demand *d = nm_demand_new(table_ref);
    table_add_many(d, "2506", "2221", 10, NM_NEED_RECRUITMENT, 1, 100);
    table_add_many(d, "2505", "2221", 1, NM_NEED_RECRUITMENT, 4, 200);
    table_add_many(d, "2510", "2221", 1, NM_NEED_RECRUITMENT, 4, 300);
    nm_demand_finish(d, NULL);
    nm_suppression s;
    nm_privacy_apply(d, 3, NULL, &s);
    size_t a = town(d, "2505"), b = town(d, "2510");
    CHECK(a < b); /* Arvidsjaur sorts first */
    CHECK_INT_EQ(nm_suppressed(&s, a), NM_SUPPRESSED_SECONDARY);
    CHECK_INT_EQ(nm_suppressed(&s, b), NM_PUBLISHED);
    nm_suppression_free(&s);
    nm_demand_free(d);
}

/* Arvidsjaur's nurses (SSYK 2221) are all it has of group 222, so its 222
 * total is the same figure.  They are hidden to protect Arjeplog's in the
 * county; Jokkmokk's midwives (2222, smaller) are hidden in 222 for the
 * same reason, which leaves Arvidsjaur's 222 total alone published over
 * its hidden only member: it must be hidden too. */
static void a_total_whose_only_member_is_hidden_is_hidden_too(void)
{
    nm_demand *d = nm_demand_new(table_ref);
    table_add_many(d, "2506", "2221", 10, NM_NEED_RECRUITMENT, 1, 100);
    table_add_many(d, "2505", "2221", 2, NM_NEED_RECRUITMENT, 5, 200);
    table_add_many(d, "2510", "2222", 0.6, NM_NEED_RECRUITMENT, 5, 300);
    nm_demand_finish(d, NULL);
    nm_suppression s;
    nm_privacy_apply(d, 3, NULL, &s);
    CHECK_INT_EQ(nm_suppressed(&s, town(d, "2505")), NM_SUPPRESSED_SECONDARY);
    CHECK_INT_EQ(nm_suppressed(&s, table_rollup(d, NM_GEO_MUNICIPALITY, "2510", 3, "222",
                                                NM_NEED_RECRUITMENT)), NM_SUPPRESSED_SECONDARY);
    CHECK_INT_EQ(nm_suppressed(&s, table_rollup(d, NM_GEO_MUNICIPALITY, "2505", 3, "222",
                                                NM_NEED_RECRUITMENT)), NM_SUPPRESSED_SECONDARY);
    nm_suppression_free(&s);
    nm_demand_free(d);
}

static void a_minimum_of_0_or_1_hides_nothing(void)
{
    nm_demand *d = three_towns();
    for (uint64_t k = 0; k <= 1; k++) {
        nm_suppression s;
        nm_privacy_apply(d, k, NULL, &s);
        for (size_t i = 0; i < s.n; i++)
            CHECK_INT_EQ(nm_suppressed(&s, i), NM_PUBLISHED);
        CHECK_INT_EQ(s.stats.primary + s.stats.secondary, 0);
        nm_suppression_free(&s);
    }
    CHECK_INT_EQ(nm_suppressed(NULL, 0), NM_PUBLISHED);
    CHECK_INT_EQ(nm_suppression_k(NULL), 0);
    nm_demand_free(d);
}

/* Clustering reads the cells while suppression runs: not a byte of the
 * table changes. */
static void the_finished_table_is_only_read(void)
{
    nm_demand *d = three_towns();
    size_t n = nm_demand_count(d);
    nm_cell *before = malloc(n * sizeof *before);
    for (size_t i = 0; i < n; i++)
        before[i] = *nm_demand_cell_const(d, i);
    nm_suppression s;
    nm_privacy_apply(d, 3, NULL, &s);
    int same = 1;
    for (size_t i = 0; i < n; i++)
        same &= memcmp(&before[i], nm_demand_cell_const(d, i), sizeof before[i]) == 0;
    CHECK(same);
    nm_suppression_free(&s);
    nm_suppression_free(&s); /* a freed one is empty */
    nm_suppression_free(NULL);
    free(before);
    nm_demand_free(d);
}

/* --publish county: no municipality row is published.  Arjeplog (1
 * respondent) stays primary, to be protected by the audit; Arvidsjaur and
 * Jokkmokk (5 each) are only left out, and the county total needs no
 * secondary cell any more (two members are left out of it). */
static void publishing_by_county_leaves_municipalities_out_and_hides_less(void)
{
    nm_demand *d = three_towns();
    nm_suppression s;
    nm_privacy_apply_at(d, 3, NM_PUBLISH_COUNTY, NULL, &s);
    CHECK_INT_EQ(nm_suppressed(&s, town(d, "2506")), NM_SUPPRESSED_PRIMARY);
    CHECK_INT_EQ(nm_suppressed(&s, town(d, "2505")), NM_UNPUBLISHED);
    CHECK_INT_EQ(nm_suppressed(&s, town(d, "2510")), NM_UNPUBLISHED);
    size_t county = table_rollup(d, NM_GEO_COUNTY, "25", 4, "2221", NM_NEED_RECRUITMENT);
    CHECK_INT_EQ(nm_suppressed(&s, county), NM_PUBLISHED);
    CHECK(nm_listed(&s, d, county));
    CHECK(!nm_listed(&s, d, town(d, "2506")));
    CHECK(!nm_hidden_cell(&s, town(d, "2505")));
    CHECK(nm_hidden_cell(&s, town(d, "2506")));
    CHECK_INT_EQ(s.stats.secondary, 0);
    uint64_t listed = 0;
    for (size_t i = 0; i < s.n; i++)
        listed += nm_demand_cell_const(d, i)->geo != NM_GEO_MUNICIPALITY;
    CHECK_INT_EQ(s.stats.cells, listed); /* the rows of demand.csv */
    nm_suppression_free(&s);
    nm_demand_free(d);
}

/* --publish ssyk3: a 4-digit group is no row; its 3-digit group is. */
static void publishing_by_ssyk3_leaves_4_digit_groups_out(void)
{
    nm_demand *d = three_towns();
    nm_suppression s;
    nm_privacy_apply_at(d, 3, NM_PUBLISH_SSYK3, NULL, &s);
    size_t four = table_rollup(d, NM_GEO_ALL, "SE", 4, "2221", NM_NEED_RECRUITMENT);
    size_t three = table_rollup(d, NM_GEO_ALL, "SE", 3, "2221", NM_NEED_RECRUITMENT);
    CHECK_INT_EQ(nm_suppressed(&s, four), NM_UNPUBLISHED);
    CHECK(!nm_listed(&s, d, four));
    CHECK(nm_listed(&s, d, three));
    CHECK_INT_EQ(nm_suppressed(&s, three), NM_PUBLISHED);
    nm_suppression_free(&s);
    nm_demand_free(d);
}

static void publish_levels_parse_and_name(void)
{
    unsigned p = 99;
    CHECK_INT_EQ(nm_publish_parse("municipality", &p), 0);
    CHECK_INT_EQ(p, 0);
    CHECK_INT_EQ(nm_publish_parse("county", &p), 0);
    CHECK_INT_EQ(p, NM_PUBLISH_COUNTY);
    CHECK_INT_EQ(nm_publish_parse("ssyk3,county", &p), 0);
    CHECK_INT_EQ(p, NM_PUBLISH_COUNTY | NM_PUBLISH_SSYK3);
    CHECK_STR_EQ(nm_publish_name(p), "county,ssyk3");
    CHECK_STR_EQ(nm_publish_name(0), "municipality");
    CHECK_INT_EQ(nm_publish_parse("district", &p), -1);
    CHECK_INT_EQ(nm_publish_parse("county,", &p), -1);
    CHECK_INT_EQ(nm_publish_parse("", &p), -1);
    CHECK_STR_EQ(nm_suppress_name(NM_UNPUBLISHED), "unpublished");
}

static void suppress_names_are_stable(void)
{
    CHECK_STR_EQ(nm_suppress_name(NM_PUBLISHED), "");
    CHECK_STR_EQ(nm_suppress_name(NM_SUPPRESSED_PRIMARY), "primary");
    CHECK_STR_EQ(nm_suppress_name(NM_SUPPRESSED_SECONDARY), "secondary");
}

int main(void)
{
    table_init();
    RUN(a_cell_with_fewer_respondents_than_k_is_hidden_as_primary);
    RUN(a_lone_hidden_member_of_a_total_takes_the_smallest_sibling_with_it);
    RUN(no_relation_is_left_with_exactly_one_hidden_member);
    RUN(between_equal_siblings_the_first_in_table_order_is_hidden);
    RUN(a_total_whose_only_member_is_hidden_is_hidden_too);
    RUN(a_minimum_of_0_or_1_hides_nothing);
    RUN(the_finished_table_is_only_read);
    RUN(suppress_names_are_stable);
    RUN(publishing_by_county_leaves_municipalities_out_and_hides_less);
    RUN(publishing_by_ssyk3_leaves_4_digit_groups_out);
    RUN(publish_levels_parse_and_name);
    table_done();
    return check_finish();
}
