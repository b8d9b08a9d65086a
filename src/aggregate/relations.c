/* relations.c - the linear relations between the cells of a finished
 * demand table (parent = sum of children) that suppression must respect,
 * and finding a roll-up cell by its fields. */
#include <stdint.h>
#include <stdlib.h>

#include "demand_int.h"
#include "needmap/alloc.h"
#include "needmap/parallel.h"

/* The roll-up cell for these fields, or SIZE_MAX; comp's label interned. */
static size_t find_rollup(const nm_demand *d, nm_geo_level geo, const char *geo_code,
                          int comp_level, const nm_comp_key *comp, nm_need need)
{
    nm_cell c = {0};
    c.rollup = 1;
    c.geo = geo;
    nmd_put_code(c.geo_code, geo_code);
    c.comp_level = comp_level;
    c.comp = nmd_comp_at(comp, comp_level);
    c.need = need;
    c.level = NM_LEVEL_N;
    c.mode = NM_MODE_N;
    c.horizon = nmd_all_horizons;
    ckey k = nmd_cell_key(&c);
    size_t slot;
    return d->nslots ? nmd_find_key(d, &k, nmd_key_hash(&k), &slot) : SIZE_MAX;
}

/* The parents of cell i: in the detail hierarchy (kind 0), the competence
 * hierarchy (1) and the geography (2); SIZE_MAX where it has none. */
static void parents_of(const nm_demand *d, size_t i, size_t p[3])
{
    const nm_cell *c = &d->cells[i];
    p[0] = p[1] = p[2] = SIZE_MAX;
    if (!c->rollup) {
        p[0] = find_rollup(d, NM_GEO_MUNICIPALITY, c->geo_code, 4, &c->comp, c->need);
        return;
    }
    if (c->comp_level > 0)
        p[1] = find_rollup(d, c->geo, c->geo_code, c->comp_level - 1, &c->comp, c->need);
    if (c->geo != NM_GEO_ALL) {
        char code[5];
        if (c->geo == NM_GEO_MUNICIPALITY)
            nmd_geo_of(d, c->geo_code, NM_GEO_COUNTY, code);
        else
            nmd_put_code(code, "SE");
        p[2] = find_rollup(d, (nm_geo_level)(c->geo - 1), code, c->comp_level, &c->comp,
                           c->need);
    }
}

/* Every cell's parents (lookups only: on several threads, in chunks). */
typedef struct parents_job {
    const nm_demand *d;
    uint32_t (*par)[3];       /* per cell; UINT32_MAX: none */
} parents_job;

enum { PARENTS_CHUNK = 16384 };

static void parents_chunk(void *ctx, size_t c)
{
    parents_job *j = ctx;
    size_t end = (c + 1) * PARENTS_CHUNK < j->d->n ? (c + 1) * PARENTS_CHUNK : j->d->n;
    for (size_t i = c * PARENTS_CHUNK; i < end; i++) {
        size_t p[3];
        parents_of(j->d, i, p);
        for (int k = 0; k < 3; k++)
            j->par[i][k] = p[k] == SIZE_MAX ? UINT32_MAX : (uint32_t)p[k];
    }
}

nm_relations *nm_demand_relations_new(const nm_demand *d, const nm_threads *t)
{
    size_t n = d->n, ndetail = 0, total = 0;
    while (ndetail < n && !d->cells[ndetail].rollup)
        ndetail++; /* parents are roll-ups, which follow the detail cells */
    size_t nroll = n - ndetail;
    parents_job job = {d, nm_calloc(n ? n : 1, sizeof *job.par)};
    nm_parallel_for((n + PARENTS_CHUNK - 1) / PARENTS_CHUNK, t, parents_chunk, &job);
    nm_relations *out = nm_calloc(1, sizeof *out);
    size_t cap = 0;
    /* (kind, parent roll-up) -> relation + 1 */
    uint32_t *slot = nm_calloc(3 * (nroll ? nroll : 1), sizeof *slot);
    for (size_t i = 0; i < n; i++) { /* number relations by first child; par -> relation */
        for (size_t kind = 0; kind < 3; kind++) {
            uint32_t p = job.par[i][kind];
            if (p == UINT32_MAX)
                continue;
            uint32_t *sl = &slot[kind * nroll + (p - ndetail)];
            if (!*sl) {
                NM_GROW(out->rel, cap, out->n + 1);
                out->rel[out->n] = (nm_relation){p, NULL, 0};
                *sl = (uint32_t)++out->n;
            }
            out->rel[*sl - 1].nchildren++;
            job.par[i][kind] = *sl - 1;
            total++;
        }
    }
    free(slot);
    out->children = nm_calloc(total ? total : 1, sizeof *out->children);
    for (size_t r = 0, at = 0; r < out->n; r++) {
        out->rel[r].children = out->children + at;
        at += out->rel[r].nchildren;
        out->rel[r].nchildren = 0;
    }
    for (size_t i = 0; i < n; i++)
        for (size_t kind = 0; kind < 3; kind++)
            if (job.par[i][kind] != UINT32_MAX) {
                nm_relation *rel = &out->rel[job.par[i][kind]];
                rel->children[rel->nchildren++] = i;
            }
    free(job.par);
    return out;
}

void nm_relations_free(nm_relations *r)
{
    if (!r)
        return;
    free(r->rel);
    free(r->children);
    free(r);
}

size_t nm_demand_find_rollup(const nm_demand *d, nm_geo_level geo, const char *geo_code,
                             int comp_level, const nm_comp_key *comp, nm_need need)
{
    nm_comp_key k = *comp;
    if (comp_level > 0 && !k.code[0] && !k.unclassified && k.label) { /* intern it */
        size_t e = nm_strmap_index(d->labels, k.label);
        if (e == SIZE_MAX)
            return SIZE_MAX;
        k.label = nm_strmap_key_at(d->labels, e);
    }
    return find_rollup(d, geo, geo_code, comp_level, &k, need);
}
