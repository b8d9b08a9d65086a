/* demand_order.c - the published order of a demand table's cells: a
 * 16-byte key per cell whose integer order is that order (labels ranked
 * by text, never by pointer), the keys sorted, the cells moved. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "demand_int.h"
#include "needmap/alloc.h"

/* A label and its entry in the table's labels, sorted by text. */
typedef struct label_entry {
    const char *text;
    size_t entry;
} label_entry;

static int cmp_label_entry(const void *pa, const void *pb)
{
    return strcmp(((const label_entry *)pa)->text, ((const label_entry *)pb)->text);
}

uint32_t *nmd_label_ranks(const nm_demand *d)
{
    size_t n = nm_strmap_count(d->labels);
    label_entry *order = nm_calloc(n ? n : 1, sizeof *order);
    uint32_t *rank = nm_calloc(n ? n : 1, sizeof *rank);
    for (size_t i = 0; i < n; i++)
        order[i] = (label_entry){nm_strmap_key_at(d->labels, i), i};
    qsort(order, n, sizeof *order, cmp_label_entry); /* labels are distinct */
    for (size_t i = 0; i < n; i++)
        rank[order[i].entry] = (uint32_t)i;
    free(order);
    return rank;
}

sortkey nmd_sort_key(const nm_demand *d, const uint32_t *rank, size_t i)
{
    const nm_cell *c = &d->cells[i];
    uint64_t kind = nmd_comp_kind(&c->comp, c->comp_level);
    uint64_t payload = kind == COMP_CODE    ? nmd_code_nibbles(c->comp.code)
                       : kind == COMP_LABEL ? rank[nm_strmap_index(d->labels, c->comp.label)]
                                            : 0;
    sortkey s; /* payload (32 bits) straddles the two words */
    s.hi = (uint64_t)c->rollup << 63 | (uint64_t)c->geo << 61 | nmd_pack4(c->geo_code) << 29 |
           (uint64_t)(7 - c->comp_level) << 26 | kind << 24 | (payload & 0xffffffff) >> 8;
    s.lo = (payload & 0xff) << 56 | (uint64_t)c->need << 53 | (uint64_t)c->level << 50 |
           (uint64_t)c->mode << 47 | (uint64_t)(uint8_t)(c->horizon.lo + 128) << 39 |
           (uint64_t)(uint8_t)(c->horizon.hi + 128) << CELL_BITS | (uint64_t)i;
    return s;
}

sortkey *nmd_published_order(nm_demand *d, const uint32_t *rank, sortkey *detail_order,
                             size_t ndetail, const nm_threads *t, uint32_t **where)
{
    size_t n = d->n;
    sortkey *sk = nm_reallocarray(detail_order, n ? n : 1, sizeof *sk);
    for (size_t i = ndetail; i < n; i++)
        sk[i] = nmd_sort_key(d, rank, i);
    nm_sort_key128(sk + ndetail, n - ndetail, t);
    *where = nm_calloc(n ? n : 1, sizeof **where);
    for (size_t i = 0; i < n; i++)
        (*where)[KEY_CELL(sk[i])] = (uint32_t)i;
    return sk;
}

/* Following the permutation's cycles: no second copy of the table.  A
 * visited position's key gets its own index, which also marks cells
 * already in place. */
void nmd_permute_cells(nm_demand *d, sortkey *sk)
{
    for (size_t start = 0; start < d->n; start++) {
        if (KEY_CELL(sk[start]) == start)
            continue;
        nm_cell cell = d->cells[start];
        size_t i = start;
        while (KEY_CELL(sk[i]) != start) {
            size_t from = KEY_CELL(sk[i]);
            d->cells[i] = d->cells[from];
            sk[i].lo = (uint64_t)i;
            i = from;
        }
        d->cells[i] = cell;
        sk[i].lo = (uint64_t)i;
    }
}
