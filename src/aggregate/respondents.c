/* respondents.c - the distinct respondents of every cell of a demand
 * table, in one pass over its sealed respondent log. */
#include <stdint.h>
#include <stdlib.h>

#include "demand_int.h"
#include "needmap/alloc.h"
#include "needmap/stamps.h"

/* Distinct respondents of every cell, in one pass over the respondents:
 * each counts once in each of its detail cells and once in each roll-up
 * any of them adds into.  A stamp per group marks the groups a respondent
 * was counted in (their 15 roll-ups are then done), a stamp per cell the
 * roll-ups (stamp and count side by side: one cache line a visit).  Cells
 * are numbered as before sorting, like grp and rollups. */
typedef struct counting {
    const uint32_t *grp;       /* per detail cell: its group */
    const uint32_t *rollups;   /* per group: 15 roll-up cells */
    nm_stamps groups;          /* per group */
    nmd_tally *t;              /* per cell */
    uint32_t serial;
    size_t n;
} counting;

static void count_one(void *ctx, const uint32_t *cells, size_t n)
{
    counting *c = ctx;
    if (++c->serial == 0) { /* after 2^32 - 1 respondents: stamps start again */
        for (size_t i = 0; i < c->n; i++)
            c->t[i].stamp = 0;
        c->serial = 1;
    }
    nm_stamps_next(&c->groups);
    for (size_t i = 0; i < n; i++) {
        c->t[cells[i]].count++;
        uint32_t g = c->grp[cells[i]];
        if (!nm_stamps_first(&c->groups, g))
            continue;
        for (size_t k = 0; k < 15; k++) {
            nmd_tally *r = &c->t[c->rollups[(size_t)g * 15 + k]];
            if (r->stamp != c->serial) {
                r->stamp = c->serial;
                r->count++;
            }
        }
    }
}

nmd_tally *nmd_count_respondents(const nm_demand *d, const rollup_map *m, size_t ncells)
{
    counting c = {m->group_of, m->rollups, {0}, NULL, 0, ncells};
    c.t = nm_calloc(ncells ? ncells : 1, sizeof *c.t);
    nm_stamps_init(&c.groups, m->ngroups);
    nm_resplog_each(d->log, count_one, &c);
    nm_stamps_free(&c.groups);
    return c.t;
}
