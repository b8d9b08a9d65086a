/* table.h - small demand tables for the unit tests of the stages that read
 * one (privacy, rank, pooling): needs added by hand, the table finished,
 * cells found by their fields.
 *
 * table_ref is loaded once by table_init (the program exits 2 when the
 * reference data cannot be loaded: nothing can be tested) and freed by
 * table_done.  Tables are the caller's (nm_demand_free).
 */
#ifndef NEEDMAP_TEST_TABLE_H
#define NEEDMAP_TEST_TABLE_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "needmap/demand.h"
#include "needmap/refdata.h"

static nm_refdata *table_ref;

static inline void table_init(void)
{
    nm_error err;
    if (nm_refdata_load(&table_ref, &err) != NM_OK) {
        fprintf(stderr, "reference data: %s\n", err.msg);
        exit(2);
    }
}

static inline void table_done(void)
{
    nm_refdata_free(table_ref);
}

/* One need: value people (a number) of competence ssyk in municipality
 * muni, from respondent who. */
static inline void table_add(nm_demand *d, const char *muni, const char *ssyk, double value,
                             nm_need need, nm_level level, nm_mode mode, uint64_t who)
{
    nm_record r;
    memset(&r, 0, sizeof r);
    snprintf(r.municipality, sizeof r.municipality, "%s", muni);
    snprintf(r.competence.ssyk, sizeof r.competence.ssyk, "%s", ssyk);
    r.competence.how = NM_MATCH_CODE;
    r.count.value = r.count.low = r.count.high = value;
    r.count.known = 1;
    r.need = need;
    r.level = level;
    r.mode = mode;
    r.horizon.lo = r.horizon.hi = -1;
    r.respondent = who;
    nm_demand_add(d, &r);
}

/* n respondents (numbered from first) each asking for value people. */
static inline void table_add_many(nm_demand *d, const char *muni, const char *ssyk, double value,
                                  nm_need need, int n, uint64_t first)
{
    for (int i = 0; i < n; i++)
        table_add(d, muni, ssyk, value, need, NM_LEVEL_YH, NM_MODE_ONSITE, first + (uint64_t)i);
}

/* The roll-up for (geo, geo_code, comp_level, code, need), or SIZE_MAX. */
static inline size_t table_rollup(const nm_demand *d, nm_geo_level geo, const char *geo_code,
                                  int comp_level, const char *code, nm_need need)
{
    nm_comp_key k;
    memset(&k, 0, sizeof k);
    snprintf(k.code, sizeof k.code, "%s", code);
    return nm_demand_find_rollup(d, geo, geo_code, comp_level, &k, need);
}

/* The first detail cell of a municipality and code, or SIZE_MAX. */
static inline size_t table_detail(const nm_demand *d, const char *muni, const char *code)
{
    for (size_t i = 0; i < nm_demand_count(d); i++) {
        const nm_cell *c = nm_demand_cell_const(d, i);
        if (!c->rollup && strcmp(c->geo_code, muni) == 0 && strcmp(c->comp.code, code) == 0)
            return i;
    }
    return SIZE_MAX;
}

#endif
