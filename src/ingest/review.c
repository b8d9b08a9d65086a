/* review.c - approximate and unclassified texts of all files, merged in
 * input order (review.h). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "needmap/alloc.h"
#include "needmap/review.h"

void nm_review_add(nm_review *rv, const nm_file_report *rep)
{
    if (!rv->index)
        rv->index = nm_strmap_new();
    for (size_t i = 0; i < rep->nreview; i++) {
        const nm_review_item *it = &rep->review[i];
        void *v;
        if (nm_strmap_find(rv->index, it->text, &v)) {
            rv->items[(size_t)(uintptr_t)v - 1].uses += it->uses;
            continue;
        }
        NM_GROW(rv->items, rv->cap, rv->n + 1);
        nm_review_item *copy = &rv->items[rv->n++];
        copy->text = nm_strdup(it->text);
        copy->label = it->label ? nm_strdup(it->label) : NULL;
        copy->comp = it->comp;
        copy->comp.label = copy->label;
        copy->uses = it->uses;
        copy->line = it->line;
        copy->col = it->col;
        nm_strmap_put(rv->index, it->text, (void *)(uintptr_t)rv->n);
    }
}

void nm_review_free(nm_review *rv)
{
    for (size_t i = 0; i < rv->n; i++) {
        free(rv->items[i].text);
        free(rv->items[i].label);
    }
    free(rv->items);
    nm_strmap_free(rv->index);
    memset(rv, 0, sizeof *rv);
}
