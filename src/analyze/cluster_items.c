/* cluster_items.c - the competences that clustering groups: found in the
 * finished table, one item per competence, each with its national
 * roll-up cell per need type. */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>

#include "cluster_parts.h"
#include "needmap/alloc.h"
#include "needmap/buf.h"

void nm_cl_comp_text(nm_buf *b, const nm_comp_key *k)
{
    nm_buf_reset(b);
    if (k->code[0])
        nm_buf_printf(b, "#%s", k->code);
    else
        nm_buf_printf(b, "~%s", k->label ? k->label : "");
}

size_t nm_cl_item_find(const nm_cl_items *it, const nm_comp_key *k)
{
    if (k->unclassified)
        return SIZE_MAX;
    nm_buf b = {0};
    nm_cl_comp_text(&b, k);
    void *v;
    size_t r = nm_strmap_find(it->index, nm_buf_str(&b), &v) ? (size_t)(uintptr_t)v - 1
                                                              : SIZE_MAX;
    nm_buf_free(&b);
    return r;
}

/* Roll-ups for all municipalities of a competence at its given level. */
static int is_item_cell(const nm_cell *c)
{
    return c->rollup && c->geo == NM_GEO_ALL && c->comp_level == 4 && !c->comp.unclassified &&
           (c->comp.code[0] || c->comp.label);
}

static size_t add_item(nm_cl_items *it, const nm_comp_key *k, const char *text)
{
    NM_GROW(it->m, it->cap, it->n + 1);
    nm_cluster_member *m = &it->m[it->n];
    m->comp = *k;
    for (int need = 0; need < NM_NEED_N; need++)
        m->cell[need] = SIZE_MAX;
    m->silhouette = NAN;
    nm_strmap_put(it->index, text, (void *)(uintptr_t)(it->n + 1));
    return it->n++;
}

void nm_cl_items_collect(const nm_demand *d, nm_cl_items *it)
{
    nm_buf b = {0};
    it->index = nm_strmap_new();
    for (size_t i = 0; i < nm_demand_count(d); i++) {
        const nm_cell *c = nm_demand_cell_const(d, i);
        if (!is_item_cell(c))
            continue;
        nm_cl_comp_text(&b, &c->comp);
        void *v;
        size_t k = nm_strmap_find(it->index, nm_buf_str(&b), &v)
                       ? (size_t)(uintptr_t)v - 1
                       : add_item(it, &c->comp, nm_buf_str(&b));
        it->m[k].cell[c->need] = i;
    }
    nm_buf_free(&b);
}

void nm_cl_items_free(nm_cl_items *it)
{
    free(it->m);
    nm_strmap_free(it->index);
}
