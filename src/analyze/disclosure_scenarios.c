/* disclosure_scenarios.c - the scenarios' totals (scenarios.csv) hidden
 * before anything else (disclosure.h, nm_dc_protect_scenarios): after the
 * other tables are protected as in a run without --scenario, only what
 * hiding totals cannot do is left to the joint suppression. */
#include <stdlib.h>

#include "needmap/alloc.h"
#include "needmap/disclosure.h"

/* The first published scenario total, not fixed, whose terms share a
 * detail cell with f's (UINT32_MAX: none); mark: nvars zeroes, left so. */
static uint32_t total_sharing(const nm_dc_model *m, const nm_dc_figure *f, const uint8_t *fixed,
                              uint8_t *mark)
{
    for (uint32_t k = f->start; k < f->start + f->n; k++)
        mark[m->var[k]] = 1;
    uint32_t pick = UINT32_MAX;
    for (size_t g = 0; g < m->nfig && pick == UINT32_MAX; g++) {
        uint32_t u = m->fig[g].unit;
        if (m->unit[u].table != NM_DC_SCENARIO || m->unit[u].hidden || fixed[u])
            continue;
        for (uint32_t k = m->fig[g].start; k < m->fig[g].start + m->fig[g].n; k++)
            if (mark[m->var[k]]) {
                pick = u;
                break;
            }
    }
    for (uint32_t k = f->start; k < f->start + f->n; k++)
        mark[m->var[k]] = 0;
    return pick;
}

/* Each round: a hidden total pinned to one value by the published figures
 * (to the audit's 1e-3, as it counts exact ones) is published again and
 * never hidden after (it tells nothing they do not: the figures allowed
 * stay the same); for every other narrowed figure, every published total
 * binding it is hidden, or when none binds it the first that adds up one of
 * its cells.  A total is hidden at most once and published again at most
 * once, so the rounds end. */
nm_status nm_dc_protect_scenarios(nm_dc_model *m, double p, uint64_t *added,
                                  nm_dc_audit_result *res, nm_error *err)
{
    *added = 0;
    uint8_t *fixed = nm_calloc(m->nunits + 1, 1); /* published for good */
    uint8_t *mark = nm_calloc(m->nvars + 1, 1);
    nm_status st;
    for (;;) {
        st = nm_dc_audit_all(m, p, res, err);
        if (st != NM_OK || !res->narrowed)
            break;
        uint64_t changed = 0;
        for (size_t t = 0; t < m->nfig; t++) {
            if (!res->bad[t])
                continue;
            nm_dc_unit *own = &m->unit[m->fig[t].unit];
            if (own->table == NM_DC_SCENARIO && own->hidden && res->hi[t] - res->lo[t] < 1e-3) {
                own->hidden = 0;
                fixed[m->fig[t].unit] = 1;
                (*added)--;
                changed++;
                continue;
            }
            uint32_t pick = UINT32_MAX;
            for (size_t b = res->bind_start[t]; b < res->bind_start[t + 1]; b++) {
                uint32_t ub = m->fig[res->bind[b]].unit;
                if (m->unit[ub].table == NM_DC_SCENARIO && !m->unit[ub].hidden && !fixed[ub]) {
                    m->unit[ub].hidden = 1; /* every total binding it */
                    (*added)++;
                    changed++;
                    pick = ub;
                }
            }
            if (pick != UINT32_MAX)
                continue;
            pick = total_sharing(m, &m->fig[t], fixed, mark); /* the first adding up one */
            if (pick != UINT32_MAX) {
                m->unit[pick].hidden = 1;
                (*added)++;
                changed++;
            }
        }
        if (!changed) /* totals alone do not do it: res says what is narrowed */
            break;
        nm_dc_audit_result_free(res);
    }
    free(fixed);
    free(mark);
    return st;
}
