/* rank.c - rankings of competences by demand. */
#include <stdlib.h>
#include <string.h>

#include "needmap/alloc.h"
#include "needmap/rank.h"

typedef struct item {
    const nm_cell *cell;
    size_t index;
    int hidden;       /* suppressed: not ranked */
} item;

static int cmp_rank(const void *pa, const void *pb)
{
    const item *x = pa, *y = pb;
    const nm_cell *a = x->cell, *b = y->cell;
    int ha = x->hidden, hb = y->hidden;
    if (ha != hb)
        return ha - hb;
    if (!ha) {
        if (a->demand != b->demand)
            return a->demand > b->demand ? -1 : 1;
        if (a->respondents != b->respondents)
            return a->respondents > b->respondents ? -1 : 1;
    }
    return nm_comp_key_cmp(&a->comp, &b->comp);
}

/* A ranked competence of the published table: the level-4 roll-ups; under
 * --publish ssyk3 the 3-digit SSYK groups instead of their 4-digit ones (a
 * code given with 3 digits is ranked as its group, once), other
 * competences as they are.  Rows below the publication level are left
 * out (a municipality's list under county). */
static int ranked(const nm_demand *d, const nm_suppression *s, size_t i)
{
    const nm_cell *c = nm_demand_cell_const(d, i);
    if (!c->rollup || !nm_listed(s, d, i))
        return 0;
    if (!s || !(s->publish & NM_PUBLISH_SSYK3))
        return c->comp_level == 4;
    size_t digits = strlen(c->comp.code);
    return c->comp_level == 3 ? digits == 3 : c->comp_level == 4 && digits < 3;
}

static int same_list(const nm_cell *a, const nm_cell *b)
{
    return a->geo == b->geo && strcmp(a->geo_code, b->geo_code) == 0 && a->need == b->need;
}

static void finish_list(nm_ranking *r, item *items, size_t n)
{
    qsort(items, n, sizeof *items, cmp_rank);
    r->entries = nm_calloc(n, sizeof *r->entries);
    r->n = n;
    uint32_t rank = 0;
    for (size_t k = 0; k < n; k++) {
        r->entries[k].cell = items[k].index;
        r->entries[k].rank = items[k].hidden ? 0 : ++rank;
    }
}

void nm_rank_build(const nm_demand *d, const nm_suppression *s, nm_rankings *out)
{
    size_t cap = 0;
    item *items = NULL;
    size_t nitems = 0, icap = 0;
    memset(out, 0, sizeof *out);
    const nm_cell *prev = NULL;
    /* The table is sorted by geography, competence level, competence, need:
     * collect the level-4 roll-ups of each (geography, need). */
    for (int need = 0; need < NM_NEED_N; need++) {
        for (size_t i = 0; i < nm_demand_count(d); i++) {
            const nm_cell *c = nm_demand_cell_const(d, i);
            if ((int)c->need != need || !ranked(d, s, i))
                continue;
            if (prev && !same_list(prev, c)) {
                NM_GROW(out->lists, cap, out->n + 1);
                nm_ranking *r = &out->lists[out->n++];
                *r = (nm_ranking){prev->geo, {0}, prev->need, NULL, 0};
                memcpy(r->geo_code, prev->geo_code, sizeof r->geo_code);
                finish_list(r, items, nitems);
                nitems = 0;
            }
            NM_GROW(items, icap, nitems + 1);
            items[nitems++] = (item){c, i, nm_suppressed(s, i) != NM_PUBLISHED};
            prev = c;
        }
    }
    if (prev) {
        NM_GROW(out->lists, cap, out->n + 1);
        nm_ranking *r = &out->lists[out->n++];
        *r = (nm_ranking){prev->geo, {0}, prev->need, NULL, 0};
        memcpy(r->geo_code, prev->geo_code, sizeof r->geo_code);
        finish_list(r, items, nitems);
    }
    free(items);
}

void nm_rankings_free(nm_rankings *r)
{
    for (size_t i = 0; i < r->n; i++)
        free(r->lists[i].entries);
    free(r->lists);
    memset(r, 0, sizeof *r);
}
