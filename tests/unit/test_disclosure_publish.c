/* test_disclosure_publish.c - the disclosure model at a coarser publication
 * level (disclosure.h, --publish): a row left out of the published tables
 * constrains nothing; a left-out cell with too few respondents is still
 * audited and protected; any other left-out cell has nothing to protect;
 * disclosure.csv keeps which units are left out. */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "needmap/demand.h"
#include "needmap/disclosure.h"
#include "needmap/privacy.h"

#include "check.h"
#include "table.h"

/* Norrbotten's nurses: Arjeplog one respondent (10 people), Arvidsjaur
 * five (5), Jokkmokk five (10). */
static nm_demand *three_towns(void)
{
    nm_demand *d = nm_demand_new(table_ref);
    table_add_many(d, "2506", "2221", 10, NM_NEED_RECRUITMENT, 1, 100);
    table_add_many(d, "2505", "2221", 1, NM_NEED_RECRUITMENT, 5, 200);
    table_add_many(d, "2510", "2221", 2, NM_NEED_RECRUITMENT, 5, 300);
    nm_demand_finish(d, NULL);
    return d;
}

static void by_county_the_small_town_is_audited_and_the_others_only_left_out(void)
{
    nm_demand *d = three_towns();
    nm_suppression s;
    nm_privacy_apply_at(d, 3, NM_PUBLISH_COUNTY, NULL, &s);
    nm_dc_model m;
    nm_dc_model_build(d, table_ref, &s, NULL, NULL, NULL, NULL, &m);
    size_t arjeplog = table_detail(d, "2506", "2221");
    size_t arvidsjaur = table_detail(d, "2505", "2221");
    for (size_t i = 0; i < m.ncells; i++) {
        const nm_cell *c = nm_demand_cell_const(d, i);
        CHECK_INT_EQ(m.unit[i].unlisted, c->geo == NM_GEO_MUNICIPALITY);
        CHECK(!m.unit[i].unlisted || m.unit[i].hidden); /* left out: no relation */
    }
    CHECK(m.unit[arjeplog].primary);
    CHECK_INT_EQ(m.fig[arjeplog].n, 1);      /* too small: audited */
    CHECK_INT_EQ(m.fig[arvidsjaur].n, 0);    /* enough respondents: nothing to protect */
    nm_dc_audit_result res;
    nm_error err;
    uint64_t added = 99;
    CHECK_INT_EQ(nm_dc_protect_all(&m, 10, 0, &added, &res, &err), NM_OK);
    CHECK_INT_EQ(res.narrowed, 0);
    CHECK_INT_EQ(added, 0);                  /* the county total alone protects it */
    CHECK(res.lo[arjeplog] <= 9 && res.hi[arjeplog] >= 11);
    size_t county = table_rollup(d, NM_GEO_COUNTY, "25", 4, "2221", NM_NEED_RECRUITMENT);
    CHECK(!m.unit[county].hidden);
    nm_dc_table_stats st[NM_DC_TABLES];
    nm_dc_stats(&m, st);
    uint64_t rows = 0;
    for (size_t i = 0; i < m.ncells; i++)
        rows += !m.unit[i].unlisted;
    CHECK_INT_EQ(st[NM_DC_DEMAND].published + st[NM_DC_DEMAND].hidden, rows);
    CHECK(st[NM_DC_DEMAND].demand_hidden == 0); /* every county row published */
    nm_dc_audit_result_free(&res);
    nm_dc_model_free(&m);
    nm_suppression_free(&s);
    nm_demand_free(d);
}

/* At full detail the same table must hide a second town (the county less
 * the others would give Arjeplog away): publishing by county hides less. */
static void by_county_fewer_rows_are_hidden_than_at_full_detail(void)
{
    nm_demand *d = three_towns();
    nm_suppression full, county;
    nm_privacy_apply_at(d, 3, 0, NULL, &full);
    nm_privacy_apply_at(d, 3, NM_PUBLISH_COUNTY, NULL, &county);
    nm_dc_model a, b;
    nm_dc_model_build(d, table_ref, &full, NULL, NULL, NULL, NULL, &a);
    nm_dc_model_build(d, table_ref, &county, NULL, NULL, NULL, NULL, &b);
    nm_dc_audit_result ra, rb;
    nm_error err;
    uint64_t added;
    CHECK_INT_EQ(nm_dc_protect_all(&a, 10, 0, &added, &ra, &err), NM_OK);
    CHECK_INT_EQ(nm_dc_protect_all(&b, 10, 0, &added, &rb, &err), NM_OK);
    CHECK_INT_EQ(ra.narrowed + rb.narrowed, 0);
    uint64_t ha = 0, hb = 0;
    for (size_t i = 0; i < a.ncells; i++) {
        if (nm_demand_cell_const(d, i)->geo == NM_GEO_MUNICIPALITY)
            continue; /* rows both publish */
        ha += a.unit[i].hidden;
        hb += b.unit[i].hidden;
    }
    CHECK(hb <= ha);
    CHECK(full.stats.secondary > county.stats.secondary);
    nm_dc_audit_result_free(&ra);
    nm_dc_audit_result_free(&rb);
    nm_dc_model_free(&a);
    nm_dc_model_free(&b);
    nm_suppression_free(&full);
    nm_suppression_free(&county);
    nm_demand_free(d);
}

/* disclosure.csv says which units are left out (HIDDEN 2), and the model
 * read back audits the same. */
static void the_published_model_keeps_left_out_units_and_audits_the_same(void)
{
    nm_demand *d = three_towns();
    nm_suppression s;
    nm_privacy_apply_at(d, 3, NM_PUBLISH_COUNTY, NULL, &s);
    nm_dc_model m, back;
    nm_dc_model_build(d, table_ref, &s, NULL, NULL, NULL, NULL, &m);
    FILE *f = tmpfile();
    CHECK(f != NULL);
    if (!f)
        return;
    CHECK_INT_EQ(nm_dc_model_write(f, &m, 10), 0);
    rewind(f);
    double p = 0;
    nm_error err;
    CHECK_INT_EQ(nm_dc_model_read(f, "disclosure.csv", &back, &p, &err), NM_OK);
    fclose(f);
    CHECK_INT_EQ(back.nunits, m.nunits);
    for (size_t i = 0; i < m.nunits && i < back.nunits; i++) {
        CHECK_INT_EQ(back.unit[i].unlisted, m.unit[i].unlisted);
        CHECK_INT_EQ(back.unit[i].hidden, m.unit[i].hidden);
    }
    nm_dc_audit_result r1, r2;
    CHECK_INT_EQ(nm_dc_audit_all(&m, 10, &r1, &err), NM_OK);
    CHECK_INT_EQ(nm_dc_audit_all(&back, 10, &r2, &err), NM_OK);
    CHECK_INT_EQ(r1.hidden, r2.hidden);
    CHECK_INT_EQ(r2.narrowed, 0);
    nm_dc_audit_result_free(&r1);
    nm_dc_audit_result_free(&r2);
    nm_dc_model_free(&back);
    nm_dc_model_free(&m);
    nm_suppression_free(&s);
    nm_demand_free(d);
}

int main(void)
{
    table_init();
    RUN(by_county_the_small_town_is_audited_and_the_others_only_left_out);
    RUN(by_county_fewer_rows_are_hidden_than_at_full_detail);
    RUN(the_published_model_keeps_left_out_units_and_audits_the_same);
    table_done();
    return check_finish();
}
