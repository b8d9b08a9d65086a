/* rollups.c - the roll-ups of a demand table: every detail cell adds
 * into 15 roll-up cells (geography all / county / municipality x
 * competence level 4 .. 0), level, mode and horizon summed away.  Listed
 * once, made in published order of their groups, summed per group. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "demand_int.h"
#include "needmap/alloc.h"

void nmd_geo_of(const nm_demand *d, const char *muni, nm_geo_level g, char out[5])
{
    if (g == NM_GEO_MUNICIPALITY) {
        nmd_put_code(out, muni);
    } else if (g == NM_GEO_COUNTY) {
        const nm_municipality *m = nm_refdata_municipality(d->ref, muni);
        nmd_put_code(out, m ? m->county_code : "??");
    } else {
        nmd_put_code(out, "SE");
    }
}

/* The 15 roll-ups of detail cell i, as cells to find or make. */
static void rollup_protos(const nm_demand *d, size_t i, nm_cell out[15])
{
    size_t k = 0;
    const nm_cell *c = &d->cells[i];
    for (int g = NM_GEO_ALL; g <= NM_GEO_MUNICIPALITY; g++) {
        char code[5];
        nmd_geo_of(d, c->geo_code, (nm_geo_level)g, code);
        for (int level = 4; level >= 0; level--) {
            nm_cell *proto = &out[k++];
            memset(proto, 0, sizeof *proto);
            proto->rollup = 1;
            proto->geo = (uint8_t)g;
            memcpy(proto->geo_code, code, sizeof code);
            proto->comp_level = (uint8_t)level;
            proto->comp = nmd_comp_at(&c->comp, level);
            proto->need = c->need;
            proto->level = NM_LEVEL_N;
            proto->mode = NM_MODE_N;
            proto->horizon = nmd_all_horizons;
        }
    }
}

/* The set of distinct roll-up keys while they are listed: keys (key.a is
 * never 0: 0 marks an empty entry) and their numbers side by side. */
typedef struct rollup_set {
    ckey *keys;
    uint32_t *ids;
    size_t cap;                /* a power of two, at most half full */
} rollup_set;

/* key's entry (hash h), new when keys[] there is still empty. */
static size_t rollup_slot(const rollup_set *s, const ckey *key, uint64_t h)
{
    size_t pos = (size_t)h & (s->cap - 1);
    while (s->keys[pos].a && !(s->keys[pos].a == key->a && s->keys[pos].b == key->b))
        pos = (pos + 1) & (s->cap - 1);
    return pos;
}

static void rollup_set_grow(rollup_set *s)
{
    rollup_set old = *s;
    s->cap = old.cap ? 2 * old.cap : 1024;
    s->keys = nm_calloc(s->cap, sizeof *s->keys);
    s->ids = nm_calloc(s->cap, sizeof *s->ids);
    for (size_t i = 0; i < old.cap; i++)
        if (old.keys[i].a) {
            size_t at = rollup_slot(s, &old.keys[i], nmd_key_hash(&old.keys[i]));
            s->keys[at] = old.keys[i];
            s->ids[at] = old.ids[i];
        }
    free(old.keys);
    free(old.ids);
}

/* The distinct roll-ups of the groups (first cells at order[] where
 * starts[] is set), numbered in the order they first appear - the order
 * they are made in: group g's 15 are rollups[g * 15 ..] (numbers from 0),
 * and (*made)[i] = first detail cell << 4 | r says which group's r-th
 * roll-up number i is (caller frees).  Listing them first lets the table
 * grow once, to the exact size (growing by doubling would hold up to
 * twice the cells at the peak), with only 8 bytes a roll-up held while it
 * grows; and roll-ups are looked up in this set rather than the large
 * table.  Returns how many. */
static size_t list_rollups(const nm_demand *d, const sortkey *order, const unsigned char *starts,
                           size_t ndetail, uint32_t *rollups, uint64_t **made)
{
    size_t n = 0, mcap = 0, g = 0;
    rollup_set set = {0};
    rollup_set_grow(&set);
    nm_cell group[15];
    *made = NULL;
    for (size_t k = 0; k < ndetail; k++) {
        if (!starts[k])
            continue;
        size_t first = KEY_CELL(order[k]);
        rollup_protos(d, first, group);
        for (size_t r = 0; r < 15; r++) {
            if (2 * (n + 1) > set.cap)
                rollup_set_grow(&set);
            ckey key = nmd_cell_key(&group[r]);
            size_t at = rollup_slot(&set, &key, nmd_key_hash(&key));
            if (!set.keys[at].a) {
                set.keys[at] = key;
                set.ids[at] = (uint32_t)n;
                NM_GROW(*made, mcap, n + 1);
                (*made)[n++] = (uint64_t)first << 4 | r;
            }
            rollups[g * 15 + r] = set.ids[at];
        }
        g++;
    }
    free(set.keys);
    free(set.ids);
    return n;
}

/* Give the table room for exactly `more` cells beyond n, index included. */
static void reserve_cells(nm_demand *d, size_t more)
{
    size_t want = d->n + more;
    if (want > d->cap) {
        d->cells = nm_reallocarray(d->cells, want, sizeof *d->cells);
        d->cap = want;
    }
    if (!ROOMY(want, d->nslots))
        nmd_grow_index(d, want);
}

/* Detail cells that share municipality, competence and need type form a
 * group: they share all their 15 roll-ups (level, mode and horizon are
 * summed away).  In published order a group's cells are next to each
 * other (level, mode and horizon come last in the key), and groups are
 * visited in that order, so the roll-ups are made in the same order on
 * every run. */
rollup_map nmd_build_rollups(nm_demand *d, const uint32_t *rank, const nm_threads *t)
{
    size_t ndetail = d->n;
    const uint64_t group_lo = ~(uint64_t)0 << 53; /* the rest of competence, need */
    sortkey *order = nm_calloc(ndetail ? ndetail : 1, sizeof *order);
    for (size_t i = 0; i < ndetail; i++)
        order[i] = nmd_sort_key(d, rank, i);
    nm_sort_key128(order, ndetail, t);
    unsigned char *starts = nm_calloc(ndetail ? ndetail : 1, 1);
    rollup_map m = {NULL, NULL, 0, order};
    for (size_t k = 0; k < ndetail; k++) {
        starts[k] = k == 0 || order[k].hi != order[k - 1].hi ||
                    ((order[k].lo ^ order[k - 1].lo) & group_lo) != 0;
        m.ngroups += starts[k];
    }
    m.rollups = nm_calloc(m.ngroups ? m.ngroups * 15 : 1, sizeof *m.rollups);
    uint64_t *made;
    size_t nroll = list_rollups(d, order, starts, ndetail, m.rollups, &made);
    if (ndetail + nroll > (size_t)1 << 30) /* cells and relations are numbered in 32 bits */
        nmd_too_many_cells();
    reserve_cells(d, nroll);
    nm_cell group[15];
    for (size_t i = 0, last = SIZE_MAX; i < nroll; i++) { /* never a detail cell's key */
        size_t first = (size_t)(made[i] >> 4);
        if (first != last) /* a group's new roll-ups come together */
            rollup_protos(d, first, group);
        last = first;
        d->cells[d->n] = group[made[i] & 15];
        nmd_index_put(d, d->n++);
    }
    free(made);
    for (size_t r = 0; r < m.ngroups * 15; r++)
        m.rollups[r] += (uint32_t)ndetail;
    m.group_of = nm_calloc(ndetail ? ndetail : 1, sizeof *m.group_of);
    /* a group's cells are summed once and the sum added to its 15
     * roll-ups: sums are whole thousandths until finished, exact in any
     * order (see demand_finish.c) */
    nm_cell sum = {0};
    for (size_t k = 0, g = 0; k < ndetail; k++) {
        size_t i = KEY_CELL(order[k]);
        if (starts[k]) {
            g++;
            memset(&sum, 0, sizeof sum);
        }
        m.group_of[i] = (uint32_t)(g - 1);
        nmd_add_sums(&sum, &d->cells[i]);
        if (k + 1 == ndetail || starts[k + 1]) /* the group's last cell */
            for (size_t r = 0; r < 15; r++)
                nmd_add_sums(&d->cells[m.rollups[(g - 1) * 15 + r]], &sum);
    }
    free(starts);
    return m;
}

