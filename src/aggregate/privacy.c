/* privacy.c - primary and secondary cell suppression. */
#include <stddef.h>

#include "needmap/privacy.h"

static void primary(nm_demand *d, uint64_t k, nm_privacy_stats *st)
{
    for (size_t i = 0; i < nm_demand_count(d); i++) {
        nm_cell *c = nm_demand_cell(d, i);
        c->suppress = NM_PUBLISHED;
        if (c->respondents < k) {
            c->suppress = NM_SUPPRESSED_PRIMARY;
            st->primary++;
        }
    }
}

/* The published member to hide next: the smallest child by demand (then
 * by table order), or the parent when every child is hidden. */
static size_t pick(nm_demand *d, const nm_relation *r)
{
    size_t best = SIZE_MAX;
    for (size_t k = 0; k < r->nchildren; k++) {
        const nm_cell *c = nm_demand_cell_const(d, r->children[k]);
        if (c->suppress != NM_PUBLISHED)
            continue;
        if (best == SIZE_MAX || c->demand < nm_demand_cell_const(d, best)->demand ||
            (c->demand == nm_demand_cell_const(d, best)->demand && r->children[k] < best))
            best = r->children[k];
    }
    return best != SIZE_MAX ? best : r->parent;
}

/* One pass over all relations; returns the number of cells newly hidden. */
static uint64_t secondary_pass(nm_demand *d, const nm_relation *rel, size_t nrel)
{
    uint64_t hidden = 0;
    for (size_t i = 0; i < nrel; i++) {
        const nm_relation *r = &rel[i];
        size_t n = nm_demand_cell_const(d, r->parent)->suppress != NM_PUBLISHED;
        for (size_t k = 0; k < r->nchildren && n < 2; k++)
            n += nm_demand_cell_const(d, r->children[k])->suppress != NM_PUBLISHED;
        if (n != 1)
            continue;
        nm_demand_cell(d, pick(d, r))->suppress = NM_SUPPRESSED_SECONDARY;
        hidden++;
    }
    return hidden;
}

void nm_privacy_apply(nm_demand *d, uint64_t min_respondents, nm_privacy_stats *st)
{
    st->cells = nm_demand_count(d);
    st->primary = st->secondary = 0;
    primary(d, min_respondents, st);
    nm_relations *rel = nm_demand_relations_new(d);
    uint64_t n;
    while ((n = secondary_pass(d, rel->rel, rel->n)) > 0)
        st->secondary += n;
    nm_relations_free(rel);
}
