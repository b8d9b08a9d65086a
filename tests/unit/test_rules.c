/* test_rules.c - the pooling rules and the distances they pool by
 * (rules.h): defaults, a rules file laid over them, values refused with a
 * message that says what to fix, neighbour lists, a distance file. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "needmap/refdata.h"
#include "needmap/rules.h"

#include "check.h"
#include "tmp.h"

static nm_refdata *ref;

static size_t muni(const char *code)
{
    const nm_municipality *m = nm_refdata_municipality(ref, code);
    return m ? (size_t)(m - ref->munis) : SIZE_MAX;
}

static void the_documented_defaults_pass_the_check(void)
{
    nm_rules r;
    nm_error err;
    nm_rules_default(&r);
    CHECK_INT_EQ(nm_rules_check(&r, &err), NM_OK);
    CHECK_NEAR(r.level[NM_LEVEL_YH].min_size, 25, 0);
    CHECK_NEAR(r.level[NM_LEVEL_YH].max_size, 35, 0);
    CHECK_NEAR(r.level[NM_LEVEL_COURSE].min_size, 12, 0);
    CHECK_NEAR(r.enrol[NM_NEED_UPSKILLING], 0.8, 0);
    CHECK_NEAR(r.enrol[NM_NEED_INTEREST], 0.5, 0);
    CHECK_NEAR(r.enrol[NM_NEED_RECRUITMENT], 0, 0); /* jobs, not students */
    CHECK_NEAR(r.enrol[NM_NEED_UNKNOWN], 0, 0);
    CHECK_NEAR(r.enrolment_rate, 0.5, 0);           /* the lower of the two */
    CHECK_NEAR(nm_rules_weight(&r, NM_NEED_UPSKILLING), 1.6, 1e-12);
    CHECK_NEAR(nm_rules_weight(&r, NM_NEED_RECRUITMENT), 0, 0);
    CHECK_INT_EQ(r.assumed_mode, NM_MODE_HYBRID);
    CHECK_NEAR(r.reach_km[NM_MODE_ONSITE], 80, 0);
    CHECK_NEAR(r.reach_km[NM_MODE_DISTANCE], 0, 0); /* no limit */
    CHECK_INT_EQ(r.max_locations, 10);
    CHECK_NEAR(r.viable_probability, 0.8, 0);
}

static void a_rules_file_changes_only_what_it_names(void)
{
    char *path = tmp_file_str(
        "{\"comment\": \"Norrbotten 2027\", \"levels\": {\"yh\": {\"min\": 10, \"max\": 20}},"
        " \"enrolment_rate\": 0.4, \"enrolment_rates\": {\"upskilling\": 0.9},"
        " \"reach_km\": {\"onsite\": 50}, \"assumed_mode\": \"distance\","
        " \"max_locations\": 3}");
    nm_rules r, d;
    nm_error err;
    nm_rules_default(&r);
    nm_rules_default(&d);
    CHECK_INT_EQ(nm_rules_load(&r, path, &err), NM_OK);
    CHECK_NEAR(r.level[NM_LEVEL_YH].min_size, 10, 0);
    CHECK_NEAR(r.level[NM_LEVEL_YH].max_size, 20, 0);
    CHECK_INT_EQ(r.level[NM_LEVEL_YH].min_municipalities, d.level[NM_LEVEL_YH].min_municipalities);
    CHECK_NEAR(r.level[NM_LEVEL_UNIVERSITY].min_size, d.level[NM_LEVEL_UNIVERSITY].min_size, 0);
    CHECK_NEAR(r.enrol[NM_NEED_INTEREST], 0.4, 0);   /* enrolment_rate sets both... */
    CHECK_NEAR(r.enrol[NM_NEED_UPSKILLING], 0.9, 0); /* ...and the later member wins */
    CHECK_INT_EQ(r.assumed_mode, NM_MODE_DISTANCE);
    CHECK_NEAR(r.reach_km[NM_MODE_ONSITE], 50, 0);
    CHECK_NEAR(r.reach_km[NM_MODE_HYBRID], d.reach_km[NM_MODE_HYBRID], 0);
    CHECK_NEAR(r.enrolment_rate, 0.4, 0);
    CHECK_INT_EQ(r.max_locations, 3);
    CHECK_NEAR(r.viable_probability, d.viable_probability, 0);
    tmp_file_remove(path);
}

/* Each bad file is NM_ERR_CONFIG with a message naming what to fix. */
static void bad_rules_files_are_refused_saying_what_to_fix(void)
{
    static const struct {
        const char *text, *says;
    } cases[] = {
        {"{\"levels\": ", "not valid JSON"},
        {"[1, 2]", "one JSON object"},
        {"{\"minimum\": 3}", "unknown member \"minimum\""},
        {"{\"levels\": {\"gymnasium\": {\"min\": 3}}}", "use yh, university"},
        {"{\"levels\": {\"yh\": {\"min\": \"ten\"}}}", "level values must be numbers"},
        {"{\"levels\": {\"yh\": {\"size\": 3}}}", "min, max and min_municipalities"},
        {"{\"factors\": {\"recruitment\": 1}}", "\"factors\" was replaced by"},
        {"{\"enrolment_rates\": {\"recruitment\": 0.5}}", "maps upskilling and interest"},
        {"{\"enrolment_rates\": {\"interest\": 2}}", "enrolment_rates.interest must be"},
        {"{\"assumed_mode\": \"walking\"}", "assumed_mode must be"},
        {"{\"reach_km\": {\"walking\": 5}}", "\"reach_km\" maps onsite"},
        {"{\"enrolment_rate\": \"half\"}", "enrolment_rate must be a number"},
        {"{\"enrolment_rate\": 0}", "must be above 0 and at most 1"},
        {"{\"levels\": {\"yh\": {\"min\": 40}}}", "levels.yh needs 1 <= min <= max"},
        {"{\"max_locations\": 0}", "max_locations must be a whole number from 1 to 290"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char *path = tmp_file_str(cases[i].text);
        nm_rules r;
        nm_error err;
        nm_error_clear(&err);
        nm_rules_default(&r);
        CHECK_INT_EQ(nm_rules_load(&r, path, &err), NM_ERR_CONFIG);
        CHECK_CONTAINS(err.msg, cases[i].says);
        tmp_file_remove(path);
    }
    nm_rules r;
    nm_error err;
    nm_rules_default(&r);
    CHECK_INT_EQ(nm_rules_load(&r, "/nonexistent/rules.json", &err), NM_ERR_CONFIG);
    CHECK_CONTAINS(err.msg, "cannot open rules file");
}

static void the_check_refuses_every_value_out_of_range(void)
{
    nm_rules r;
    nm_error err;
    for (int c = 0; c < 8; c++) {
        nm_rules_default(&r);
        switch (c) {
        case 0: r.level[NM_LEVEL_KOMVUX].min_size = 0; break;
        case 1: r.level[NM_LEVEL_YH].max_size = 20; break; /* below min 25 */
        case 2: r.level[NM_LEVEL_COURSE].min_municipalities = 0; break;
        case 3: r.enrol[NM_NEED_INTEREST] = -1; break;
        case 4: r.enrolment_rate = 1.5; break;
        case 5: r.viable_probability = 0; break;
        case 6: r.assumed_mode = NM_MODE_UNKNOWN; break;
        default: r.max_locations = 0; break;
        }
        CHECK_INT_EQ(nm_rules_check(&r, &err), NM_ERR_CONFIG);
    }
}

static void great_circle_distances_are_symmetric_and_zero_to_itself(void)
{
    /* Stockholm - Gothenburg, about 398 km as the crow flies */
    double sg = nm_great_circle_km(59.3293, 18.0686, 57.7089, 11.9746);
    CHECK(sg > 395 && sg < 400);
    CHECK_NEAR(nm_great_circle_km(57.7089, 11.9746, 59.3293, 18.0686), sg, 1e-9);
    CHECK_NEAR(nm_great_circle_km(65.0, 17.0, 65.0, 17.0), 0, 1e-9);
}

/* Pooling walks neighbour lists instead of sorting: a municipality
 * itself first, then nearest first. */
static void neighbour_lists_start_with_the_municipality_then_nearest_first(void)
{
    nm_distances d;
    nm_distances_init(&d, ref);
    CHECK_INT_EQ(d.n, ref->nmunis);
    int ok = 1;
    for (size_t i = 0; i < d.n; i += 17) {
        const size_t *near = nm_distance_order(&d, i);
        ok &= near[0] == i;
        for (size_t k = 2; k < d.n; k++)
            ok &= nm_distance(&d, i, near[k - 1]) <= nm_distance(&d, i, near[k]);
        ok &= nm_distance(&d, i, i) == 0;
    }
    CHECK(ok);
    size_t a = muni("2506"), b = muni("2505");
    CHECK_NEAR(nm_distance(&d, a, b), nm_distance(&d, b, a), 0);
    nm_distances_free(&d);
    nm_distances_free(&d); /* a freed one is empty */
}

/* Road distances by name or code, any delimiter, decimal comma: both ways,
 * and the neighbour lists follow. */
static void a_distance_file_replaces_the_great_circle_both_ways(void)
{
    char *path = tmp_file_str("from;to;km\nArjeplog;Arvidsjaur;1,5\n2510;2506;\"2\"\n");
    nm_distances d;
    nm_error err;
    nm_distances_init(&d, ref);
    size_t arjeplog = muni("2506"), arvidsjaur = muni("2505"), jokkmokk = muni("2510");
    CHECK_INT_EQ(nm_distances_load(&d, path, &err), NM_OK);
    CHECK_NEAR(nm_distance(&d, arjeplog, arvidsjaur), 1.5, 0);
    CHECK_NEAR(nm_distance(&d, arvidsjaur, arjeplog), 1.5, 0);
    CHECK_NEAR(nm_distance(&d, arjeplog, jokkmokk), 2, 0);
    const size_t *near = nm_distance_order(&d, arjeplog);
    CHECK_INT_EQ(near[0], arjeplog);
    CHECK_INT_EQ(near[1], arvidsjaur);
    CHECK_INT_EQ(near[2], jokkmokk);
    nm_distances_free(&d);
    tmp_file_remove(path);
}

static void a_bad_distance_row_names_its_line_and_column(void)
{
    static const struct {
        const char *text;
        uint64_t line;
        uint32_t col;
        const char *says;
    } cases[] = {
        {"from,to,km\n2506,2505,3\nNowhere,2505,3\n", 3, 1, "unknown municipality 'Nowhere'"},
        {"from,to,km\n2506,Atlantis,3\n", 2, 2, "unknown municipality 'Atlantis'"},
        {"from,to,km\n2506,2505,far\n", 2, 3, "'far' is not a distance"},
        {"from,to,km\n2506,2505,-4\n", 2, 3, "'-4' is not a distance"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char *path = tmp_file_str(cases[i].text);
        nm_distances d;
        nm_error err;
        nm_error_clear(&err);
        nm_distances_init(&d, ref);
        CHECK_INT_EQ(nm_distances_load(&d, path, &err), NM_ERR_CONFIG);
        CHECK_INT_EQ(err.line, cases[i].line);
        CHECK_INT_EQ(err.col, cases[i].col);
        CHECK_CONTAINS(err.msg, cases[i].says);
        nm_distances_free(&d);
        tmp_file_remove(path);
    }
}

int main(void)
{
    nm_error err;
    if (nm_refdata_load(&ref, &err) != NM_OK) {
        fprintf(stderr, "reference data: %s\n", err.msg);
        return 2;
    }
    RUN(the_documented_defaults_pass_the_check);
    RUN(a_rules_file_changes_only_what_it_names);
    RUN(bad_rules_files_are_refused_saying_what_to_fix);
    RUN(the_check_refuses_every_value_out_of_range);
    RUN(great_circle_distances_are_symmetric_and_zero_to_itself);
    RUN(neighbour_lists_start_with_the_municipality_then_nearest_first);
    RUN(a_distance_file_replaces_the_great_circle_both_ways);
    RUN(a_bad_distance_row_names_its_line_and_column);
    nm_refdata_free(ref);
    return check_finish();
}
