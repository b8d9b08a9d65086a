/* demand_index.c - the demand table's index: open addressing over
 * slots of a hash tag and a cell number, at most 3/4 full.  Keys are not
 * stored: they are computed from the cells when a tag matches (the key
 * and the probe are inline in demand_int.h). */
#include <stdint.h>
#include <stdlib.h>

#include "demand_int.h"
#include "needmap/alloc.h"

void nmd_slot_put(nm_demand *d, uint64_t s)
{
    size_t mask = d->nslots - 1, pos = nmd_home(d, s);
    while (d->slots[pos])
        pos = (pos + 1) & mask;
    d->slots[pos] = s;
}

void nmd_index_put(nm_demand *d, size_t i)
{
    ckey k = nmd_cell_key(&d->cells[i]);
    uint64_t h = nmd_key_hash(&k);
    nmd_slot_put(d, (h >> 32) << 32 | (uint64_t)(i + 1));
}

/* An empty index roomy enough for n (the old one is the caller's). */
static void new_index(nm_demand *d, size_t n)
{
    size_t want = 1024;
    unsigned bits = 10;
    while (!ROOMY(n, want)) {
        want *= 2;
        bits++;
    }
    d->nslots = want; /* bits <= 31: cells are fewer than 2^30 */
    d->shift = 32 - bits;
    d->slots = nm_calloc(want, sizeof *d->slots);
}

void nmd_reindex(nm_demand *d, size_t n)
{
    free(d->slots);
    new_index(d, n);
    for (size_t i = 0; i < d->n; i++)
        nmd_index_put(d, i);
}

/* A slot's place depends on its tag alone, so nothing moves. */
void nmd_renumber_slots(nm_demand *d, const uint32_t *where, size_t from, size_t to)
{
    for (size_t k = from; k < to; k++)
        if (d->slots[k])
            d->slots[k] = (d->slots[k] >> 32) << 32 |
                          (uint64_t)(where[(uint32_t)d->slots[k] - 1] + 1);
}

/* From the old index's slots: each tag says where it goes, no key is
 * computed again. */
void nmd_grow_index(nm_demand *d, size_t n)
{
    uint64_t *old = d->slots;
    size_t nold = d->nslots;
    new_index(d, n);
    for (size_t k = 0; k < nold; k++)
        if (old[k])
            nmd_slot_put(d, old[k]);
    free(old);
}
