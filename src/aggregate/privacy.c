/* privacy.c - primary and secondary cell suppression, into flags of its
 * own: the finished table is only read. */
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "needmap/alloc.h"
#include "needmap/privacy.h"

static void primary(const nm_demand *d, nm_suppression *s)
{
    s->stats.cells = 0; /* rows of the published tables */
    for (size_t i = 0; i < s->n; i++) {
        const nm_cell *c = nm_demand_cell_const(d, i);
        int listed = nm_publish_lists(s->publish, c);
        s->stats.cells += listed != 0;
        if (c->respondents < s->min_respondents) {
            s->flag[i] = NM_SUPPRESSED_PRIMARY;
            s->stats.primary += listed != 0;
        } else if (!listed) {
            s->flag[i] = NM_UNPUBLISHED;
        }
    }
}

int nm_publish_lists(unsigned publish, const nm_cell *c)
{
    if ((publish & NM_PUBLISH_COUNTY) && c->geo == NM_GEO_MUNICIPALITY)
        return 0;
    if ((publish & NM_PUBLISH_SSYK3) && c->comp.code[0] && strlen(c->comp.code) == 4)
        return 0;
    return 1;
}

const char *nm_publish_name(unsigned publish)
{
    static const char *const names[4] = {"municipality", "county", "ssyk3", "county,ssyk3"};
    return names[publish & 3];
}

int nm_publish_parse(const char *text, unsigned *out)
{
    unsigned bits = 0;
    const char *s = text;
    for (;;) {
        size_t n = strcspn(s, ",");
        if (n == 12 && strncmp(s, "municipality", n) == 0)
            ;
        else if (n == 6 && strncmp(s, "county", n) == 0)
            bits |= NM_PUBLISH_COUNTY;
        else if (n == 5 && strncmp(s, "ssyk3", n) == 0)
            bits |= NM_PUBLISH_SSYK3;
        else
            return -1;
        if (!s[n])
            break;
        s += n + 1;
    }
    *out = bits;
    return 0;
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
        size_t only = r->parent; /* the hidden one when n is 1 */
        for (size_t k = 0; k < r->nchildren && n < 2; k++)
            if (s->flag[r->children[k]] != NM_PUBLISHED) {
                n++;
                only = r->children[k];
            }
        /* one hidden member that needs no protection (left out by the
         * publication level): nothing to give away */
        if (n != 1 || s->flag[only] == NM_UNPUBLISHED)
            continue;
        s->flag[pick(d, s, r)] = NM_SUPPRESSED_SECONDARY;
        hidden++;
    }
    return hidden;
}

void nm_privacy_apply(const nm_demand *d, uint64_t min_respondents, const nm_threads *t,
                      nm_suppression *out)
{
    nm_privacy_apply_at(d, min_respondents, 0, t, out);
}

void nm_privacy_apply_at(const nm_demand *d, uint64_t min_respondents, unsigned publish,
                         const nm_threads *t, nm_suppression *out)
{
    memset(out, 0, sizeof *out);
    out->publish = publish;
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
    free(s->unknown_hidden);
    memset(s, 0, sizeof *s);
}

const char *nm_suppress_name(nm_suppress s)
{
    return s == NM_PUBLISHED            ? ""
           : s == NM_SUPPRESSED_PRIMARY ? "primary"
           : s == NM_UNPUBLISHED        ? "unpublished"
                                        : "secondary";
}
