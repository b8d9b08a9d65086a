/* privacy.c - primary and secondary cell suppression, into flags of its
 * own: the finished table is only read. */
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "needmap/alloc.h"
#include "needmap/privacy.h"

static void primary(const nm_demand *d, nm_suppression *s)
{
    for (size_t i = 0; i < s->n; i++) {
        if (nm_demand_cell_const(d, i)->respondents < s->min_respondents) {
            s->flag[i] = NM_SUPPRESSED_PRIMARY;
            s->stats.primary++;
        }
    }
}

/* The published member to hide next: the smallest child by demand (then
 * by table order), or the parent when every child is hidden. */
static size_t pick(const nm_demand *d, const nm_suppression *s, const nm_relation *r)
{
    size_t best = SIZE_MAX;
    for (size_t k = 0; k < r->nchildren; k++) {
        const nm_cell *c = nm_demand_cell_const(d, r->children[k]);
        if (s->flag[r->children[k]] != NM_PUBLISHED)
            continue;
        if (best == SIZE_MAX || c->demand < nm_demand_cell_const(d, best)->demand ||
            (c->demand == nm_demand_cell_const(d, best)->demand && r->children[k] < best))
            best = r->children[k];
    }
    return best != SIZE_MAX ? best : r->parent;
}

/* One pass over all relations; returns the number of cells newly hidden. */
static uint64_t secondary_pass(const nm_demand *d, nm_suppression *s, const nm_relation *rel,
                               size_t nrel)
{
    uint64_t hidden = 0;
    for (size_t i = 0; i < nrel; i++) {
        const nm_relation *r = &rel[i];
        size_t n = s->flag[r->parent] != NM_PUBLISHED;
        for (size_t k = 0; k < r->nchildren && n < 2; k++)
            n += s->flag[r->children[k]] != NM_PUBLISHED;
        if (n != 1)
            continue;
        s->flag[pick(d, s, r)] = NM_SUPPRESSED_SECONDARY;
        hidden++;
    }
    return hidden;
}

void nm_privacy_apply(const nm_demand *d, uint64_t min_respondents, const nm_threads *t,
                      nm_suppression *out)
{
    memset(out, 0, sizeof *out);
    out->n = nm_demand_count(d);
    out->flag = nm_calloc(out->n ? out->n : 1, sizeof *out->flag); /* NM_PUBLISHED */
    out->min_respondents = min_respondents;
    out->stats.cells = out->n;
    primary(d, out);
    nm_relations *rel = nm_demand_relations_new(d, t);
    uint64_t n;
    while ((n = secondary_pass(d, out, rel->rel, rel->n)) > 0)
        out->stats.secondary += n;
    nm_relations_free(rel);
}

void nm_suppression_free(nm_suppression *s)
{
    if (!s)
        return;
    free(s->flag);
    memset(s, 0, sizeof *s);
}

const char *nm_suppress_name(nm_suppress s)
{
    return s == NM_PUBLISHED ? "" : s == NM_SUPPRESSED_PRIMARY ? "primary" : "secondary";
}
