/* demand_int.h - the demand table's insides, shared by its parts (not a
 * public header; demand.h is the table's face).
 *
 *   demand.c          the table while it is built: records added, tables
 *                     merged, cells read; names for people
 *   demand_index.c    the index of cells by packed key
 *   rollups.c         the roll-ups of the detail cells
 *   respondents.c     distinct respondents of every cell, in one pass
 *   demand_order.c    the published order: a sort key per cell
 *   demand_finish.c   finishing: roll-ups, order, respondents, sums made people
 *   relations.c       the linear relations suppression must respect
 *
 * Cells are found by a fixed-size binary key (two 64-bit words built from
 * the cell's fields, see nmd_cell_key) in an open-addressing index, not by
 * a text key: the lookup per record is the hot path of a large run, so the
 * key and the probe are inline here.  Everything below belongs to the
 * nm_demand it is called with; nothing is kept anywhere else.
 */
#ifndef NEEDMAP_DEMAND_INT_H
#define NEEDMAP_DEMAND_INT_H

#include <stdint.h>
#include <string.h>

#include "needmap/demand.h"
#include "needmap/replicates.h"
#include "needmap/resplog.h"
#include "needmap/sort.h"
#include "needmap/strmap.h"
#include "needmap/unitsums.h"

typedef struct ckey {      /* a cell's identity: see nmd_cell_key */
    uint64_t a, b;
} ckey;

/* A record waiting to be added (see nm_demand_add): its cell's key and
 * hash are known and the index slot it will probe is being fetched. */
typedef struct pending {
    nm_cell proto;
    ckey key;
    uint64_t hash;
    double demand, low, high;  /* thousandths */
    int known;
    uint64_t respondent;
} pending;

enum { PENDING = 32 };

struct nm_demand {
    const nm_refdata *ref;
    pending wait[PENDING];   /* records not added yet, in order */
    size_t nwait;
    nm_cell *cells;
    nm_resplog *log;         /* (respondent, detail cell) pairs */
    nm_replicates *reps;     /* bootstrap replicates, or NULL (--bootstrap 0) */
    nm_unitsums *units;      /* per responding unit, or NULL (no --frame) */
    size_t n, cap;
    uint64_t *slots;         /* index: hash tag << 32 | (cell + 1); 0 = empty */
    size_t nslots;           /* a power of two; at most 3/4 full (ROOMY) */
    unsigned shift;          /* a hash's first slot: its tag >> shift (home) */
    nm_strmap *labels;       /* interned competence labels; the entry index is the id */
    int finished;
    int inexact;             /* a sum reached 2^53 thousandths */
};

static const nm_horizon nmd_all_horizons = {-2, -2}; /* a roll-up's "all" */

/* n keys fit in nslots slots: at most 3/4 full (linear probing stays short;
 * the index of a large table is megabytes). */
#define ROOMY(n, nslots) (4 * (n) <= 3 * (nslots))

/* --- keys --- */

/* "2506" -> 0x32353036: big-endian, so integer order is strcmp order. */
static inline uint64_t nmd_pack4(const char *s)
{
    uint64_t v = 0;
    for (int i = 0; i < 4; i++) {
        v <<= 8;
        if (*s)
            v |= (unsigned char)*s++;
    }
    return v;
}

enum { COMP_ALL, COMP_CODE, COMP_LABEL, COMP_UNCLASSIFIED }; /* published order */

static inline uint64_t nmd_comp_kind(const nm_comp_key *k, int level)
{
    return level == 0 ? COMP_ALL : k->code[0] ? COMP_CODE : k->unclassified ? COMP_UNCLASSIFIED
                                                                           : COMP_LABEL;
}

/* SSYK digits as nibbles (digit + 1), the first highest: integer order is
 * strcmp order, and "21" differs from "210". */
static inline uint64_t nmd_code_nibbles(const char *code)
{
    uint64_t v = 0;
    for (int i = 0; i < 4; i++) {
        v <<= 4;
        if (*code)
            v |= (uint64_t)(*code++ - '0' + 1) & 15;
    }
    return v;
}

/* The fields of a cell other than its competence, in published order of
 * significance (horizons as unsigned bytes keep their signed order). */
static inline uint64_t nmd_field_word(const nm_cell *c)
{
    return nmd_pack4(c->geo_code) << 32 | (uint64_t)c->rollup << 31 | (uint64_t)c->geo << 29 |
           (uint64_t)c->comp_level << 26 | (uint64_t)c->need << 23 | (uint64_t)c->level << 20 |
           (uint64_t)c->mode << 17 | (uint64_t)(uint8_t)(c->horizon.lo + 128) << 8 |
           (uint64_t)(uint8_t)(c->horizon.hi + 128);
}

/* A cell's identity.  Labels are told apart by their interned pointer, so
 * c->comp.label must be interned in d; the pointer never decides an order. */
static inline ckey nmd_cell_key(const nm_cell *c)
{
    uint64_t kind = nmd_comp_kind(&c->comp, c->comp_level);
    uint64_t payload = kind == COMP_CODE    ? nmd_code_nibbles(c->comp.code)
                       : kind == COMP_LABEL ? (uint64_t)(uintptr_t)c->comp.label
                                            : 0;
    return (ckey){nmd_field_word(c), kind << 62 | payload};
}

static inline uint64_t nmd_key_hash(const ckey *k)
{
    return nm_mix64(k->a ^ (k->b * 0x9e3779b97f4a7c15ULL));
}

/* Where a hash's probe starts: the top bits of its tag (the hash's top 32
 * bits, kept in the slot), so a larger index is built from the slots
 * alone, without the cells' keys (nmd_grow_index). */
static inline size_t nmd_home(const nm_demand *d, uint64_t h)
{
    return (size_t)((uint32_t)(h >> 32) >> d->shift);
}

/* The cell with key k, or SIZE_MAX with *slot set to where it would go. */
static inline size_t nmd_find_key(const nm_demand *d, const ckey *k, uint64_t h, size_t *slot)
{
    size_t mask = d->nslots - 1, pos = nmd_home(d, h);
    uint32_t tag = (uint32_t)(h >> 32);
    for (;;) {
        uint64_t s = d->slots[pos];
        if (!s)
            break;
        if ((uint32_t)(s >> 32) == tag) {
            size_t i = (uint32_t)s - 1;
            ckey c = nmd_cell_key(&d->cells[i]); /* keys are not stored: 16 bytes a cell */
            if (c.a == k->a && c.b == k->b)
                return i;
        }
        pos = (pos + 1) & mask;
    }
    *slot = pos;
    return SIZE_MAX;
}


/* k at competence level `level` (0: all competences): an SSYK code cut
 * to that many digits. */
static inline nm_comp_key nmd_comp_at(const nm_comp_key *k, int level)
{
    nm_comp_key r = {0};
    if (level == 0)
        return r;
    r = *k;
    if (r.code[0] && (int)strlen(r.code) > level)
        r.code[level] = '\0';
    return r;
}


/* Copy a geography code of at most four characters ("2506", "25", "SE"). */
static inline void nmd_put_code(char out[5], const char *code)
{
    size_t n = 0;
    while (n < 4 && code[n])
        n++;
    memcpy(out, code, n);
    out[n] = '\0';
}

/* --- the index (demand_index.c) --- */

/* Put slot value s (tag << 32 | cell + 1) in the first free slot from its
 * home. */
void nmd_slot_put(nm_demand *d, uint64_t s);
/* Index cell i. */
void nmd_index_put(nm_demand *d, size_t i);
/* Index every cell again (they moved), in a table roomy enough for n. */
void nmd_reindex(nm_demand *d, size_t n);
/* The cells moved (where[old] = new): slots [from, to) name their new
 * numbers. */
void nmd_renumber_slots(nm_demand *d, const uint32_t *where, size_t from, size_t to);
/* A roomier index for the same cells, roomy enough for n. */
void nmd_grow_index(nm_demand *d, size_t n);

/* --- the table (demand.c) --- */

/* Add the records waiting to be added, in order. */
void nmd_flush(nm_demand *d);

/* t's sums += f's (thousandths while the table is built); respondents
 * are counted separately.  Past 32-bit counts: nm_fatal. */
void nmd_add_sums(nm_cell *t, const nm_cell *f);
/* More than 2^30 cells: nm_fatal (cells and relations are numbered in 32
 * bits). */
_Noreturn void nmd_too_many_cells(void);

/* --- the published order (demand_order.c) --- */

/* A key whose integer order (hi, then lo) is the published order of
 * cells, labels by their rank among the table's labels (strcmp), never by
 * pointer; the cell's index is in the low bits of lo, so keys are distinct
 * and any correct sort gives the one order.  16 bytes: a large table sorts
 * hundreds of thousands in place. */
typedef nm_key128 sortkey;

#define CELL_BITS 31 /* cells are fewer than 2^30 */
#define KEY_CELL(k) ((size_t)((k).lo & (((uint64_t)1 << CELL_BITS) - 1)))

/* rank[entry] of every interned label in strcmp order; caller frees. */
uint32_t *nmd_label_ranks(const nm_demand *d);

/* Cell i's key.  Published order: rollup, geography level, geography
 * code, competence level (most detailed first), competence (codes, labels
 * by rank, unclassified), need, level, mode, horizon. */
sortkey nmd_sort_key(const nm_demand *d, const uint32_t *rank, size_t i);

/* The published order of every cell: detail cells sort before roll-ups
 * and detail_order (ndetail keys, sorted; taken over) has their order
 * already, so only the roll-ups' keys are sorted here (on up to t's
 * threads).  Position i of the new order takes cell KEY_CELL(sk[i]);
 * *where gets where[old index] = new index.  Returns the keys (caller
 * frees; so does it where). */
sortkey *nmd_published_order(nm_demand *d, const uint32_t *rank, sortkey *detail_order,
                             size_t ndetail, const nm_threads *t, uint32_t **where);

/* Move the cells into the order of sk in place (one thread: no second
 * copy of the table, its peak memory); sk's cells become positions. */
void nmd_permute_cells(nm_demand *d, sortkey *sk);

/* --- roll-ups (rollups.c) --- */

/* Which roll-ups each detail cell adds into: cell i is in group
 * group_of[i], whose 15 roll-ups are rollups[group * 15 ..].  order holds
 * the detail cells' sort keys in published order, for finishing. */
typedef struct rollup_map {
    uint32_t *group_of;        /* per detail cell */
    uint32_t *rollups;         /* per group: 15 cells */
    size_t ngroups;
    sortkey *order;            /* ndetail keys, sorted */
} rollup_map;

/* The geography code of municipality muni at level g into out. */
void nmd_geo_of(const nm_demand *d, const char *muni, nm_geo_level g, char out[5]);
/* Make every roll-up of the detail cells and add their sums into them
 * (sorting on up to t's threads); the map says which roll-ups each detail
 * cell adds into. */
rollup_map nmd_build_rollups(nm_demand *d, const uint32_t *rank, const nm_threads *t);

/* --- respondents (respondents.c) --- */

typedef struct nmd_tally {
    uint32_t stamp;            /* the last respondent counted */
    uint32_t count;            /* distinct respondents */
} nmd_tally;

/* Distinct respondents of every cell of d (ncells, numbered as before
 * sorting, like m's), from its sealed log; caller frees. */
nmd_tally *nmd_count_respondents(const nm_demand *d, const rollup_map *m, size_t ncells);

#endif
