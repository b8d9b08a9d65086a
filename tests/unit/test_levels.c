/* test_levels.c - the usual education route of an occupation (levels.h,
 * surveys/ssyk_levels.csv): every SSYK 2012 group has one, with a source,
 * and the routes planners know are the ones the table gives. */
#include <string.h>

#include "needmap/levels.h"

#include "check.h"
#include "table.h"

static void every_4_digit_ssyk_group_has_a_level_and_a_source(void)
{
    size_t groups = 0, missing = 0;
    for (size_t i = 0; i < table_ref->nssyk; i++) {
        const nm_ssyk *s = &table_ref->ssyk[i];
        if (s->level != 4)
            continue;
        groups++;
        const char *source = NULL;
        nm_level l = nm_usual_level_of_code(table_ref, s->code, &source);
        if (l == NM_LEVEL_UNKNOWN || !source || !source[0]) {
            fprintf(stderr, "no route for %s\n", s->code);
            missing++;
        }
    }
    CHECK_INT_EQ(groups, 429);
    CHECK_INT_EQ(missing, 0);
}

static void nurses_and_teachers_train_at_university(void)
{
    const char *source = NULL;
    CHECK_INT_EQ(nm_usual_level_of_code(table_ref, "2221", &source), NM_LEVEL_UNIVERSITY);
    CHECK(source && strstr(source, "Högskoleförordningen"));
    CHECK_INT_EQ(nm_usual_level_of_code(table_ref, "2228", NULL), NM_LEVEL_UNIVERSITY);
    CHECK_INT_EQ(nm_usual_level_of_code(table_ref, "2341", NULL), NM_LEVEL_UNIVERSITY);
    CHECK_INT_EQ(nm_usual_level_of_code(table_ref, "3360", NULL), NM_LEVEL_UNIVERSITY);
}

/* 5321: komvux (vård- och omsorgsutbildning), also YH; 8332: YH, also
 * komvux; the fallback by major group elsewhere. */
static void assistant_nurses_komvux_or_yh_truck_drivers_yh_or_komvux(void)
{
    const nm_ssyk *s = nm_refdata_ssyk(table_ref, "5321");
    CHECK(s != NULL);
    if (s) {
        CHECK_INT_EQ(s->route, NM_LEVEL_KOMVUX);
        CHECK_INT_EQ(s->route_also, NM_LEVEL_YH);
    }
    s = nm_refdata_ssyk(table_ref, "8332");
    CHECK(s != NULL);
    if (s) {
        CHECK_INT_EQ(s->route, NM_LEVEL_YH);
        CHECK_INT_EQ(s->route_also, NM_LEVEL_KOMVUX);
    }
    CHECK_INT_EQ(nm_usual_level_of_code(table_ref, "3512", NULL), NM_LEVEL_YH);
    CHECK_INT_EQ(nm_usual_level_of_code(table_ref, "7411", NULL), NM_LEVEL_KOMVUX);
    CHECK_INT_EQ(nm_usual_level_of_code(table_ref, "9111", NULL), NM_LEVEL_COURSE);
}

/* A 3-, 2- or 1-digit code takes its 4-digit groups' most common route;
 * a competence label is a short course; the unclassified group and an
 * unknown code have none. */
static void shorter_codes_competences_and_the_unknown(void)
{
    CHECK_INT_EQ(nm_usual_level_of_code(table_ref, "222", NULL), NM_LEVEL_UNIVERSITY);
    CHECK_INT_EQ(nm_usual_level_of_code(table_ref, "532", NULL), NM_LEVEL_KOMVUX);
    CHECK_INT_EQ(nm_usual_level_of_code(table_ref, "2", NULL), NM_LEVEL_UNIVERSITY);
    CHECK_INT_EQ(nm_usual_level_of_code(table_ref, "9999", NULL), NM_LEVEL_UNKNOWN);
    nm_comp_key k = {0};
    k.label = "Digitalisering";
    CHECK_INT_EQ(nm_usual_level(table_ref, &k), NM_LEVEL_COURSE);
    k.label = NULL;
    k.unclassified = 1;
    CHECK_INT_EQ(nm_usual_level(table_ref, &k), NM_LEVEL_UNKNOWN);
    snprintf(k.code, sizeof k.code, "2221");
    k.unclassified = 0;
    CHECK_INT_EQ(nm_usual_level(table_ref, &k), NM_LEVEL_UNIVERSITY);
    CHECK_STR_EQ(nm_level_source_name(1), "inferred");
    CHECK_STR_EQ(nm_mode_source_name(1), "assumed");
}

int main(void)
{
    table_init();
    RUN(every_4_digit_ssyk_group_has_a_level_and_a_source);
    RUN(nurses_and_teachers_train_at_university);
    RUN(assistant_nurses_komvux_or_yh_truck_drivers_yh_or_komvux);
    RUN(shorter_codes_competences_and_the_unknown);
    table_done();
    return check_finish();
}
