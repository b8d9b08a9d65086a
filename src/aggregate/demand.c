/* demand.c - detail cells, roll-ups along both hierarchies, and the linear
 * relations between them that suppression must respect.
 *
 * Cells are found by a fixed-size binary key (two 64-bit words built from
 * the cell's fields, see cell_key) in an open-addressing index, not by a
 * text key: the lookup per record is the hot path of a large run. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "needmap/alloc.h"
#include "needmap/count.h"
#include "needmap/demand.h"
#include "needmap/parallel.h"
#include "needmap/resplog.h"
#include "needmap/stamps.h"
#include "needmap/status.h"
#include "needmap/strmap.h"

typedef struct ckey {      /* a cell's identity: see cell_key */
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
    size_t n, cap;
    uint64_t *slots;         /* index: hash tag << 32 | (cell + 1); 0 = empty */
    size_t nslots;           /* a power of two; at most 3/4 full (ROOMY) */
    unsigned shift;          /* a hash's first slot: its tag >> shift (home) */
    nm_strmap *labels;       /* interned competence labels; the entry index is the id */
    int finished;
    int inexact;             /* a sum reached 2^53 thousandths */
    int threads;             /* for finishing: nm_demand_set_threads */
};

static const nm_horizon all_horizons = {-2, -2};

nm_demand *nm_demand_new(const nm_refdata *ref)
{
    nm_demand *d = nm_calloc(1, sizeof *d);
    d->ref = ref;
    d->labels = nm_strmap_new();
    d->log = nm_resplog_new();
    return d;
}

void nm_demand_set_threads(nm_demand *d, int threads)
{
    d->threads = threads;
}

void nm_demand_free(nm_demand *d)
{
    if (!d)
        return;
    nm_resplog_free(d->log);
    free(d->cells);
    free(d->slots);
    nm_strmap_free(d->labels);
    free(d);
}

static const char *intern(nm_demand *d, const char *s)
{
    size_t i = nm_strmap_index(d->labels, s);
    if (i == SIZE_MAX)
        i = nm_strmap_put(d->labels, s, NULL);
    return nm_strmap_key_at(d->labels, i);
}

static nm_comp_key comp_at(const nm_comp_key *k, int level)
{
    nm_comp_key r = {0};
    if (level == 0)
        return r;
    r = *k;
    if (r.code[0] && (int)strlen(r.code) > level)
        r.code[level] = '\0';
    return r;
}

_Static_assert(sizeof(nm_cell) <= 64, "a cell is 64 bytes: a large run holds many");

/* Counts are 32-bit: 4 billion needs in one cell stop the run (it would
 * take hours to read that many rows). */
static void too_many_needs(void)
{
    nm_fatal("more than %u needs in one cell of the demand table", UINT32_MAX);
}

/* --- keys and the index --- */

/* "2506" -> 0x32353036: big-endian, so integer order is strcmp order. */
static uint64_t pack4(const char *s)
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

static uint64_t comp_kind(const nm_comp_key *k, int level)
{
    return level == 0 ? COMP_ALL : k->code[0] ? COMP_CODE : k->unclassified ? COMP_UNCLASSIFIED
                                                                           : COMP_LABEL;
}

/* SSYK digits as nibbles (digit + 1), the first highest: integer order is
 * strcmp order, and "21" differs from "210". */
static uint64_t code_nibbles(const char *code)
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
static uint64_t field_word(const nm_cell *c)
{
    return pack4(c->geo_code) << 32 | (uint64_t)c->rollup << 31 | (uint64_t)c->geo << 29 |
           (uint64_t)c->comp_level << 26 | (uint64_t)c->need << 23 | (uint64_t)c->level << 20 |
           (uint64_t)c->mode << 17 | (uint64_t)(uint8_t)(c->horizon.lo + 128) << 8 |
           (uint64_t)(uint8_t)(c->horizon.hi + 128);
}

/* A cell's identity.  Labels are told apart by their interned pointer, so
 * c->comp.label must be interned in d; the pointer never decides an order. */
static ckey cell_key(const nm_cell *c)
{
    uint64_t kind = comp_kind(&c->comp, c->comp_level);
    uint64_t payload = kind == COMP_CODE    ? code_nibbles(c->comp.code)
                       : kind == COMP_LABEL ? (uint64_t)(uintptr_t)c->comp.label
                                            : 0;
    return (ckey){field_word(c), kind << 62 | payload};
}

static uint64_t key_hash(const ckey *k)
{
    return nm_mix64(k->a ^ (k->b * 0x9e3779b97f4a7c15ULL));
}

/* Where a hash's probe starts: the top bits of its tag (the hash's top 32
 * bits, kept in the slot), so a larger index is built from the slots
 * alone, without the cells' keys (grow_index). */
static size_t home(const nm_demand *d, uint64_t h)
{
    return (size_t)((uint32_t)(h >> 32) >> d->shift);
}

/* The cell with key k, or SIZE_MAX with *slot set to where it would go. */
static size_t find_key(const nm_demand *d, const ckey *k, uint64_t h, size_t *slot)
{
    size_t mask = d->nslots - 1, pos = home(d, h);
    uint32_t tag = (uint32_t)(h >> 32);
    for (;;) {
        uint64_t s = d->slots[pos];
        if (!s)
            break;
        if ((uint32_t)(s >> 32) == tag) {
            size_t i = (uint32_t)s - 1;
            ckey c = cell_key(&d->cells[i]); /* keys are not stored: 16 bytes a cell */
            if (c.a == k->a && c.b == k->b)
                return i;
        }
        pos = (pos + 1) & mask;
    }
    *slot = pos;
    return SIZE_MAX;
}

/* Put slot value s (tag << 32 | cell + 1) in the first free slot from its
 * home. */
static void slot_put(nm_demand *d, uint64_t s)
{
    size_t mask = d->nslots - 1, pos = home(d, s);
    while (d->slots[pos])
        pos = (pos + 1) & mask;
    d->slots[pos] = s;
}

static void index_put(nm_demand *d, size_t i)
{
    ckey k = cell_key(&d->cells[i]);
    uint64_t h = key_hash(&k);
    slot_put(d, (h >> 32) << 32 | (uint64_t)(i + 1));
}

/* n keys fit in nslots slots: at most 3/4 full (linear probing stays short;
 * the index of a large table is megabytes). */
#define ROOMY(n, nslots) (4 * (n) <= 3 * (nslots))

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

/* Index every cell again (they moved), in a table roomy enough for n. */
static void reindex(nm_demand *d, size_t n)
{
    free(d->slots);
    new_index(d, n);
    for (size_t i = 0; i < d->n; i++)
        index_put(d, i);
}

/* The cells moved (where[old] = new): slots [from, to) name their new
 * numbers.  A slot's place depends on its tag alone, so nothing moves. */
static void renumber_slots(nm_demand *d, const uint32_t *where, size_t from, size_t to)
{
    for (size_t k = from; k < to; k++)
        if (d->slots[k])
            d->slots[k] = (d->slots[k] >> 32) << 32 |
                          (uint64_t)(where[(uint32_t)d->slots[k] - 1] + 1);
}

/* A roomier index for the same cells, from the old one's slots: each
 * tag says where it goes, no key is computed again. */
static void grow_index(nm_demand *d, size_t n)
{
    uint64_t *old = d->slots;
    size_t nold = d->nslots;
    new_index(d, n);
    for (size_t k = 0; k < nold; k++)
        if (old[k])
            slot_put(d, old[k]);
    free(old);
}

static void too_many_cells(void)
{
    nm_fatal("more than %zu cells in the demand table", (size_t)1 << 30);
}

/* Find or create the cell like proto (labels interned in d). */
static size_t cell_for_key(nm_demand *d, const nm_cell *proto, const ckey *key, uint64_t h)
{
    ckey k = *key;
    size_t slot = 0;
    if (d->nslots) {
        size_t i = find_key(d, &k, h, &slot);
        if (i != SIZE_MAX)
            return i;
    }
    if (!ROOMY(d->n + 1, d->nslots)) {
        grow_index(d, d->n + 1);
        find_key(d, &k, h, &slot);
    }
    if (d->n >= (size_t)1 << 30) /* cells and relations are numbered in 32 bits */
        too_many_cells();
    if (d->n == d->cap) {
        NM_GROW(d->cells, d->cap, d->n + 1);
    }
    d->cells[d->n] = *proto;
    d->slots[slot] = (h >> 32) << 32 | (uint64_t)(d->n + 1);
    return d->n++;
}

/* Fetch the cell each hash's index slot points to (the slots were
 * fetched when the hashes were made). */
static void prefetch_cells(const nm_demand *d, const uint64_t *hash, size_t n)
{
    if (!d->nslots)
        return;
    size_t mask = d->nslots - 1;
    for (size_t w = 0; w < n; w++) {
        uint64_t h = hash[w];
        size_t pos = home(d, h);
        uint32_t tag = (uint32_t)(h >> 32);
        uint64_t s;
        while ((s = d->slots[pos]) != 0 && (uint32_t)(s >> 32) != tag)
            pos = (pos + 1) & mask;
        if (s)
            __builtin_prefetch(&d->cells[(uint32_t)s - 1], 1);
    }
}

/* Add the waiting records, in order.  First every record's index slot
 * (fetched since it was queued) gives the cell its tag points to, whose
 * key and sums are then fetched together; then each record is added.  A
 * table of 250,000 cells does not fit in the cache: fetching for 32
 * records at once overlaps their cache misses. */
static void flush(nm_demand *d)
{
    uint64_t hash[PENDING] = {0};
    for (size_t w = 0; w < d->nwait; w++)
        hash[w] = d->wait[w].hash;
    prefetch_cells(d, hash, d->nwait);
    for (size_t w = 0; w < d->nwait; w++) {
        const pending *p = &d->wait[w];
        size_t i = cell_for_key(d, &p->proto, &p->key, p->hash);
        nm_cell *c = &d->cells[i];
        if (++c->needs == 0)
            too_many_needs();
        if (p->known) {
            c->demand += p->demand;
            c->low += p->low;
            c->high += p->high;
        } else {
            c->unknown++;
        }
        nm_resplog_add(d->log, p->respondent, (uint32_t)i);
    }
    d->nwait = 0;
}

void nm_demand_add(nm_demand *d, const nm_record *r)
{
    pending *p = &d->wait[d->nwait];
    nm_cell *proto = &p->proto;
    memset(proto, 0, sizeof *proto);
    proto->geo = NM_GEO_MUNICIPALITY;
    memcpy(proto->geo_code, r->municipality, sizeof proto->geo_code);
    proto->comp_level = 4;
    if (r->competence.ssyk[0])
        memcpy(proto->comp.code, r->competence.ssyk, sizeof proto->comp.code);
    else if (r->competence.how == NM_MATCH_UNCLASSIFIED)
        proto->comp.unclassified = 1;  /* free text: never published */
    else /* interned now: the record's label lives only during this call */
        proto->comp.label = intern(d, r->competence.label ? r->competence.label : "");
    proto->need = (uint8_t)r->need;
    proto->level = (uint8_t)r->level;
    proto->mode = (uint8_t)r->mode;
    proto->horizon = r->horizon;
    p->key = cell_key(proto);
    p->hash = key_hash(&p->key);
    p->known = r->count.known;
    if (p->known) { /* in thousandths until finished: exact, any order */
        p->demand = nm_count_milli(r->count.value);
        p->low = nm_count_milli(r->count.low);
        p->high = nm_count_milli(r->count.high);
    }
    p->respondent = r->respondent;
    if (d->nslots)
        __builtin_prefetch(&d->slots[home(d, p->hash)]);
    if (++d->nwait == PENDING)
        flush(d);
}

/* t's sums += f's (thousandths while the table is built); respondents
 * are counted separately. */
static void add_sums(nm_cell *t, const nm_cell *f)
{
    if (f->needs > UINT32_MAX - t->needs) /* unknown <= needs: it fits when needs does */
        too_many_needs();
    t->demand += f->demand;
    t->low += f->low;
    t->high += f->high;
    t->unknown += f->unknown;
    t->needs += f->needs;
}

/* Add src's detail cells to d (neither finished), in src's order, and
 * free src. */
static void merge(nm_demand *d, nm_demand *src)
{
    uint32_t *to = nm_calloc(src->n ? src->n : 1, sizeof *to); /* src's cell -> d's */
    enum { BATCH = 32 };       /* as records are added: see flush */
    nm_cell proto[BATCH];
    ckey key[BATCH];
    uint64_t hash[BATCH];
    for (size_t at = 0; at < src->n; at += BATCH) {
        size_t n = src->n - at < BATCH ? src->n - at : BATCH;
        for (size_t k = 0; k < n; k++) {
            proto[k] = src->cells[at + k];
            proto[k].demand = proto[k].low = proto[k].high = 0;
            proto[k].unknown = proto[k].needs = 0;
            if (proto[k].comp.label)
                proto[k].comp.label = intern(d, proto[k].comp.label);
            key[k] = cell_key(&proto[k]);
            hash[k] = key_hash(&key[k]);
            if (d->nslots)
                __builtin_prefetch(&d->slots[home(d, hash[k])]);
        }
        prefetch_cells(d, hash, n);
        for (size_t k = 0; k < n; k++) {
            size_t t = cell_for_key(d, &proto[k], &key[k], hash[k]);
            add_sums(&d->cells[t], &src->cells[at + k]);
            to[at + k] = (uint32_t)t;
        }
    }
    nm_resplog_absorb(d->log, src->log, to);
    src->log = NULL;
    free(to);
    nm_demand_free(src);
}

void nm_demand_absorb(nm_demand *d, nm_demand *src)
{
    flush(d);
    flush(src);
    if (d->n == 0 && !d->finished && !src->finished) { /* move src's contents into d */
        nm_demand tmp = *d;
        *d = *src;
        d->threads = tmp.threads;
        *src = tmp;
        nm_demand_free(src);
    } else {
        merge(d, src);
    }
}

/* --- published order --- */

/* A key whose integer order (hi, then lo) is the published order of
 * cells, labels by their rank among the table's labels (strcmp), never by
 * pointer; the cell's index is in the low bits of lo, so keys are distinct
 * and any correct sort gives the one order.  16 bytes: a large table sorts
 * hundreds of thousands in place. */
typedef struct sortkey {
    uint64_t hi, lo;
} sortkey;

#define CELL_BITS 31 /* cells are fewer than 2^30 */
#define KEY_CELL(k) ((size_t)((k).lo & (((uint64_t)1 << CELL_BITS) - 1)))

static int key_less(const sortkey *x, const sortkey *y)
{
    return x->hi < y->hi || (x->hi == y->hi && x->lo < y->lo);
}

static void swap_keys(sortkey *x, sortkey *y)
{
    sortkey t = *x;
    *x = *y;
    *y = t;
}

/* Partition a[0..n) (n >= 3) around the median of its first, middle and
 * last keys; returns the pivot's final place. */
static size_t partition(sortkey *a, size_t n)
{
    size_t mid = n / 2;
    if (key_less(&a[mid], &a[0]))
        swap_keys(&a[mid], &a[0]);
    if (key_less(&a[n - 1], &a[0]))
        swap_keys(&a[n - 1], &a[0]);
    if (key_less(&a[n - 1], &a[mid]))
        swap_keys(&a[n - 1], &a[mid]);
    swap_keys(&a[mid], &a[n - 2]); /* pivot; a[0] <= pivot <= a[n - 1] */
    sortkey pivot = a[n - 2];
    size_t i = 0, j = n - 2;
    for (;;) {
        while (key_less(&a[++i], &pivot))
            ;
        while (key_less(&pivot, &a[--j]))
            ;
        if (i >= j)
            break;
        swap_keys(&a[i], &a[j]);
    }
    swap_keys(&a[i], &a[n - 2]);
    return i;
}

static void sift(sortkey *a, size_t n, size_t i)
{
    for (size_t c; (c = 2 * i + 1) < n; i = c) {
        if (c + 1 < n && key_less(&a[c], &a[c + 1]))
            c++;
        if (!key_less(&a[i], &a[c]))
            return;
        swap_keys(&a[i], &a[c]);
    }
}

/* Quicksort in place (no scratch memory), the smaller side first; heapsort
 * where it goes too deep, insertion sort for short runs. */
static void sort_serial(sortkey *a, size_t n, int depth)
{
    while (n > 16) {
        if (depth-- == 0) {
            for (size_t i = n / 2; i-- > 0;)
                sift(a, n, i);
            for (size_t end = n; end-- > 1;) {
                swap_keys(&a[0], &a[end]);
                sift(a, end, 0);
            }
            return;
        }
        size_t p = partition(a, n);
        if (p < n - p) {
            sort_serial(a, p, depth);
            a += p + 1;
            n -= p + 1;
        } else {
            sort_serial(a + p + 1, n - p - 1, depth);
            n = p;
        }
    }
    for (size_t i = 1; i < n; i++) {
        sortkey v = a[i];
        size_t j = i;
        for (; j > 0 && key_less(&v, &a[j - 1]); j--)
            a[j] = a[j - 1];
        a[j] = v;
    }
}

/* Sorting on several threads: the keys are split by partitioning into up
 * to four ranges, each sorted on a thread of its own. */
typedef struct key_ranges {
    sortkey *a;
    size_t from[5];
    size_t n;
} key_ranges;

static void sort_range(void *ctx, size_t i)
{
    key_ranges *k = ctx;
    sort_serial(k->a + k->from[i], k->from[i + 1] - k->from[i], 64);
}

static void sort_keys(sortkey *a, size_t n, int threads)
{
    if (threads < 2 || n < 65536) {
        sort_serial(a, n, 64);
        return;
    }
    key_ranges k = {a, {0}, 2};
    size_t p = partition(a, n); /* a[p] is in place */
    k.from[1] = p;
    k.from[2] = n;
    if (threads >= 4 && p >= 16 && n - p - 1 >= 16) { /* split each side once more */
        size_t q = partition(a, p), r = p + 1 + partition(a + p + 1, n - p - 1);
        k.from[1] = q;
        k.from[2] = p;
        k.from[3] = r;
        k.from[4] = n;
        k.n = 4;
    }
    nm_parallel_for(k.n, threads, sort_range, &k);
}

static const nm_strmap *rank_labels; /* finishing a table runs on one thread */

static int cmp_label_index(const void *pa, const void *pb)
{
    return strcmp(nm_strmap_key_at(rank_labels, *(const size_t *)pa),
                  nm_strmap_key_at(rank_labels, *(const size_t *)pb));
}

/* rank[entry] of every interned label in strcmp order; caller frees. */
static uint32_t *label_ranks(const nm_demand *d)
{
    size_t n = nm_strmap_count(d->labels);
    size_t *order = nm_calloc(n ? n : 1, sizeof *order);
    uint32_t *rank = nm_calloc(n ? n : 1, sizeof *rank);
    for (size_t i = 0; i < n; i++)
        order[i] = i;
    rank_labels = d->labels;
    qsort(order, n, sizeof *order, cmp_label_index);
    for (size_t i = 0; i < n; i++)
        rank[order[i]] = (uint32_t)i;
    free(order);
    return rank;
}

/* Published order: rollup, geography level, geography code, competence
 * level (most detailed first), competence (codes, labels, unclassified),
 * need, level, mode, horizon. */
static sortkey sort_key(const nm_demand *d, const uint32_t *rank, size_t i)
{
    const nm_cell *c = &d->cells[i];
    uint64_t kind = comp_kind(&c->comp, c->comp_level);
    uint64_t payload = kind == COMP_CODE    ? code_nibbles(c->comp.code)
                       : kind == COMP_LABEL ? rank[nm_strmap_index(d->labels, c->comp.label)]
                                            : 0;
    sortkey s; /* payload (32 bits) straddles the two words */
    s.hi = (uint64_t)c->rollup << 63 | (uint64_t)c->geo << 61 | pack4(c->geo_code) << 29 |
           (uint64_t)(7 - c->comp_level) << 26 | kind << 24 | (payload & 0xffffffff) >> 8;
    s.lo = (payload & 0xff) << 56 | (uint64_t)c->need << 53 | (uint64_t)c->level << 50 |
           (uint64_t)c->mode << 47 | (uint64_t)(uint8_t)(c->horizon.lo + 128) << 39 |
           (uint64_t)(uint8_t)(c->horizon.hi + 128) << CELL_BITS | (uint64_t)i;
    return s;
}

/* --- roll-ups --- */

/* Copy a geography code of at most four characters ("2506", "25", "SE"). */
static void put_code(char out[5], const char *code)
{
    size_t n = 0;
    while (n < 4 && code[n])
        n++;
    memcpy(out, code, n);
    out[n] = '\0';
}

static void geo_of(const nm_demand *d, const char *muni, nm_geo_level g, char out[5])
{
    if (g == NM_GEO_MUNICIPALITY) {
        put_code(out, muni);
    } else if (g == NM_GEO_COUNTY) {
        const nm_municipality *m = nm_refdata_municipality(d->ref, muni);
        put_code(out, m ? m->county_code : "??");
    } else {
        put_code(out, "SE");
    }
}

/* The 15 roll-ups of detail cell i, as cells to find or make. */
static void rollup_protos(const nm_demand *d, size_t i, nm_cell out[15])
{
    size_t k = 0;
    const nm_cell *c = &d->cells[i];
    for (int g = NM_GEO_ALL; g <= NM_GEO_MUNICIPALITY; g++) {
        char code[5];
        geo_of(d, c->geo_code, (nm_geo_level)g, code);
        for (int level = 4; level >= 0; level--) {
            nm_cell *proto = &out[k++];
            memset(proto, 0, sizeof *proto);
            proto->rollup = 1;
            proto->geo = (uint8_t)g;
            memcpy(proto->geo_code, code, sizeof code);
            proto->comp_level = (uint8_t)level;
            proto->comp = comp_at(&c->comp, level);
            proto->need = c->need;
            proto->level = NM_LEVEL_N;
            proto->mode = NM_MODE_N;
            proto->horizon = all_horizons;
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
            size_t at = rollup_slot(s, &old.keys[i], key_hash(&old.keys[i]));
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
            ckey key = cell_key(&group[r]);
            size_t at = rollup_slot(&set, &key, key_hash(&key));
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
        grow_index(d, want);
}

/* Which roll-ups each detail cell adds into: cell i is in group
 * group_of[i], whose 15 roll-ups are rollups[group * 15 ..].  order holds
 * the detail cells' sort keys in published order, for published_order. */
typedef struct rollup_map {
    uint32_t *group_of;        /* per detail cell */
    uint32_t *rollups;         /* per group: 15 cells */
    size_t ngroups;
    sortkey *order;            /* ndetail keys, sorted */
} rollup_map;

/* Detail cells that share municipality, competence and need type form a
 * group: they share all their 15 roll-ups (level, mode and horizon are
 * summed away).  In published order a group's cells are next to each
 * other (level, mode and horizon come last in the key), and groups are
 * visited in that order, so the roll-ups are made in the same order on
 * every run. */
static rollup_map build_rollups(nm_demand *d, const uint32_t *rank)
{
    size_t ndetail = d->n;
    const uint64_t group_lo = ~(uint64_t)0 << 53; /* the rest of competence, need */
    sortkey *order = nm_calloc(ndetail ? ndetail : 1, sizeof *order);
    for (size_t i = 0; i < ndetail; i++)
        order[i] = sort_key(d, rank, i);
    sort_keys(order, ndetail, d->threads);
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
        too_many_cells();
    reserve_cells(d, nroll);
    nm_cell group[15];
    for (size_t i = 0, last = SIZE_MAX; i < nroll; i++) { /* never a detail cell's key */
        size_t first = (size_t)(made[i] >> 4);
        if (first != last) /* a group's new roll-ups come together */
            rollup_protos(d, first, group);
        last = first;
        d->cells[d->n] = group[made[i] & 15];
        index_put(d, d->n++);
    }
    free(made);
    for (size_t r = 0; r < m.ngroups * 15; r++)
        m.rollups[r] += (uint32_t)ndetail;
    m.group_of = nm_calloc(ndetail ? ndetail : 1, sizeof *m.group_of);
    /* a group's cells are summed once and the sum added to its 15
     * roll-ups: sums are whole thousandths until finished, exact in any
     * order (see to_people) */
    nm_cell sum = {0};
    for (size_t k = 0, g = 0; k < ndetail; k++) {
        size_t i = KEY_CELL(order[k]);
        if (starts[k]) {
            g++;
            memset(&sum, 0, sizeof sum);
        }
        m.group_of[i] = (uint32_t)(g - 1);
        add_sums(&sum, &d->cells[i]);
        if (k + 1 == ndetail || starts[k + 1]) /* the group's last cell */
            for (size_t r = 0; r < 15; r++)
                add_sums(&d->cells[m.rollups[(g - 1) * 15 + r]], &sum);
    }
    free(starts);
    return m;
}

/* The published order of every cell: detail cells sort before roll-ups
 * and detail_order (ndetail keys, sorted; taken over) has their order
 * already, so only the roll-ups' keys are sorted here.  Position i of the
 * new order takes cell KEY_CELL(sk[i]); *where gets where[old index] = new
 * index.  Returns the keys (caller frees; so does it where). */
static sortkey *published_order(nm_demand *d, const uint32_t *rank, sortkey *detail_order,
                                size_t ndetail, uint32_t **where)
{
    size_t n = d->n;
    sortkey *sk = nm_reallocarray(detail_order, n ? n : 1, sizeof *sk);
    for (size_t i = ndetail; i < n; i++)
        sk[i] = sort_key(d, rank, i);
    sort_keys(sk + ndetail, n - ndetail, d->threads);
    *where = nm_calloc(n ? n : 1, sizeof **where);
    for (size_t i = 0; i < n; i++)
        (*where)[KEY_CELL(sk[i])] = (uint32_t)i;
    return sk;
}

/* Move the cells into the order of sk by following the permutation's
 * cycles: no second copy of the table (one thread: its peak memory).  A
 * visited position's key gets its own index, which also marks cells
 * already in place. */
static void permute_cells(nm_demand *d, sortkey *sk)
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

/* --- respondents --- */

/* Distinct respondents of every cell, in one pass over the respondents:
 * each counts once in each of its detail cells and once in each roll-up
 * any of them adds into.  A stamp per group marks the groups a respondent
 * was counted in (their 15 roll-ups are then done), a stamp per cell the
 * roll-ups (stamp and count side by side: one cache line a visit).  Cells
 * are numbered as before sorting, like grp and rollups. */
typedef struct tally {
    uint32_t stamp;            /* the last respondent counted */
    uint32_t count;
} tally;

typedef struct counting {
    const uint32_t *grp;       /* per detail cell: its group */
    const uint32_t *rollups;   /* per group: 15 roll-up cells */
    nm_stamps groups;          /* per group */
    tally *t;                  /* per cell */
    uint32_t serial;
    size_t n;
} counting;

static void count_one(void *ctx, const uint32_t *cells, size_t n)
{
    counting *c = ctx;
    if (++c->serial == 0) { /* after 2^32 - 1 respondents: stamps start again */
        for (size_t i = 0; i < c->n; i++)
            c->t[i].stamp = 0;
        c->serial = 1;
    }
    nm_stamps_next(&c->groups);
    for (size_t i = 0; i < n; i++) {
        c->t[cells[i]].count++;
        uint32_t g = c->grp[cells[i]];
        if (!nm_stamps_first(&c->groups, g))
            continue;
        for (size_t k = 0; k < 15; k++) {
            tally *r = &c->t[c->rollups[(size_t)g * 15 + k]];
            if (r->stamp != c->serial) {
                r->stamp = c->serial;
                r->count++;
            }
        }
    }
}

/* Sums were whole thousandths while the table was built (exact while
 * below 2^53); now people.  Returns 1 if one was not exact. */
static int cell_to_people(nm_cell *c)
{
    const double exact = 9007199254740992.0; /* 2^53 */
    int inexact = c->demand >= exact || c->low >= exact || c->high >= exact;
    c->demand /= NM_MILLI;
    c->low /= NM_MILLI;
    c->high /= NM_MILLI;
    return inexact;
}

static void to_people(nm_demand *d)
{
    for (size_t i = 0; i < d->n; i++)
        d->inexact |= cell_to_people(&d->cells[i]);
}

/* Finishing runs in two rounds of two independent steps, on two threads
 * when allowed: (the respondent log merged once | the roll-ups built),
 * then (the cells sorted and their sums made people | respondents
 * counted).  Counting reads only the log and the roll-up map; the other
 * step moves and changes the cells.  On several threads the second round
 * only finds the new order, and a third moves the cells into a new array
 * in four quarters, renumbering the index beside them (move_step): the
 * cycles of an in-place move are one long chain of cache misses. */
typedef struct finish_job {
    nm_demand *d;
    const uint32_t *rank;
    rollup_map m;
    counting count;
    sortkey *sk;               /* the new order (several threads) */
    uint32_t *where;           /* old cell -> new cell, from sorting */
    nm_cell *moved;            /* the cells in the new order (several threads) */
    int inexact[4];            /* per quarter of moved */
    size_t ndetail;            /* detail cells (they come first) */
} finish_job;

static void finish_first(void *ctx, size_t step)
{
    finish_job *j = ctx;
    if (step == 0)
        nm_resplog_seal(j->d->log);
    else
        j->m = build_rollups(j->d, j->rank);
}

static void finish_second(void *ctx, size_t step)
{
    finish_job *j = ctx;
    if (step == 0) {
        j->sk = published_order(j->d, j->rank, j->m.order, j->ndetail, &j->where);
        j->m.order = NULL;
        if (j->d->threads > 1)
            return; /* moved by move_step */
        permute_cells(j->d, j->sk);
        free(j->sk);
        j->sk = NULL;
        to_people(j->d);
        return;
    }
    /* allocated here: on one thread this runs after sorting has freed its
     * keys (the peak a one-thread run sees) */
    j->count.t = nm_calloc(j->count.n ? j->count.n : 1, sizeof *j->count.t);
    nm_stamps_init(&j->count.groups, j->m.ngroups);
    nm_resplog_each(j->d->log, count_one, &j->count);
    nm_stamps_free(&j->count.groups);
}

/* Steps 0-3: a quarter of the cells moved into the new array (made
 * people, with their respondents counted); steps 4-7: a quarter of the
 * index's slots renumbered. */
static void move_step(void *ctx, size_t step)
{
    finish_job *j = ctx;
    nm_demand *d = j->d;
    size_t q = step & 3, n = step < 4 ? d->n : d->nslots;
    size_t from = n * q / 4, to = n * (q + 1) / 4;
    if (step >= 4) {
        renumber_slots(d, j->where, from, to);
        return;
    }
    int inexact = 0;
    for (size_t i = from; i < to; i++) {
        if (i + 8 < to)
            __builtin_prefetch(&d->cells[KEY_CELL(j->sk[i + 8])]);
        size_t old = KEY_CELL(j->sk[i]);
        j->moved[i] = d->cells[old];
        j->moved[i].respondents = j->count.t[old].count;
        inexact |= cell_to_people(&j->moved[i]);
    }
    j->inexact[q] = inexact;
}

/* --- relations --- */

/* The roll-up cell for these fields, or SIZE_MAX; comp's label interned. */
static size_t find_rollup(const nm_demand *d, nm_geo_level geo, const char *geo_code,
                          int comp_level, const nm_comp_key *comp, nm_need need)
{
    nm_cell c = {0};
    c.rollup = 1;
    c.geo = geo;
    put_code(c.geo_code, geo_code);
    c.comp_level = comp_level;
    c.comp = comp_at(comp, comp_level);
    c.need = need;
    c.level = NM_LEVEL_N;
    c.mode = NM_MODE_N;
    c.horizon = all_horizons;
    ckey k = cell_key(&c);
    size_t slot;
    return d->nslots ? find_key(d, &k, key_hash(&k), &slot) : SIZE_MAX;
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
            geo_of(d, c->geo_code, NM_GEO_COUNTY, code);
        else
            put_code(code, "SE");
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

nm_relations *nm_demand_relations_new(const nm_demand *d)
{
    size_t n = d->n, ndetail = 0, total = 0;
    while (ndetail < n && !d->cells[ndetail].rollup)
        ndetail++; /* parents are roll-ups, which follow the detail cells */
    size_t nroll = n - ndetail;
    parents_job job = {d, nm_calloc(n ? n : 1, sizeof *job.par)};
    nm_parallel_for((n + PARENTS_CHUNK - 1) / PARENTS_CHUNK, d->threads, parents_chunk, &job);
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

int nm_demand_exact(const nm_demand *d)
{
    return !d->inexact;
}

void nm_demand_finish(nm_demand *d)
{
    if (d->finished)
        return;
    flush(d);
    size_t ndetail = d->n;
    uint32_t *rank = label_ranks(d);
    finish_job j = {.d = d, .rank = rank, .ndetail = ndetail};
    nm_parallel_for(2, d->threads, finish_first, &j);
    if (d->threads <= 1) {
        if (d->n && d->n < d->cap) { /* the table grows no more: give back the slack */
            d->cells = nm_reallocarray(d->cells, d->n, sizeof *d->cells);
            d->cap = d->n;
        }
        /* not needed while sorting: built again for the new order */
        free(d->slots);
        d->slots = NULL;
        d->nslots = 0;
    }
    j.count = (counting){j.m.group_of, j.m.rollups, {0}, NULL, 0, d->n};
    nm_parallel_for(2, d->threads, finish_second, &j);
    if (d->threads > 1) {
        j.moved = nm_reallocarray(NULL, d->n ? d->n : 1, sizeof *j.moved);
        nm_parallel_for(8, d->threads, move_step, &j);
        free(d->cells);
        d->cells = j.moved;
        d->cap = d->n;
        for (int q = 0; q < 4; q++)
            d->inexact |= j.inexact[q];
        free(j.sk);
    } else {
        for (size_t i = 0; i < d->n; i++)
            d->cells[j.where[i]].respondents = j.count.t[i].count;
    }
    free(j.count.t);
    free(rank);
    /* detail cells sort first: their new numbers are below ndetail */
    nm_resplog_renumber(d->log, j.where, ndetail);
    free(j.where);
    free(j.m.group_of);
    free(j.m.rollups);
    /* the index for the new order: on several threads the old one is kept
     * and renumbered beside the move (a pass over the slots instead of
     * every key again); on one it was freed for sorting and counting, and
     * is built again now that they gave back their memory (keeping it,
     * like a second array of cells, would raise the peak a one-thread run
     * sees) */
    if (d->threads <= 1)
        reindex(d, d->n);
    d->finished = 1;
}

size_t nm_demand_count(const nm_demand *d) { return d->n; }
nm_cell *nm_demand_cell(nm_demand *d, size_t i) { return &d->cells[i]; }
const nm_cell *nm_demand_cell_const(const nm_demand *d, size_t i) { return &d->cells[i]; }

void nm_demand_each_respondent(const nm_demand *d, nm_resplog_fn fn, void *ctx)
{
    nm_resplog_each(d->log, fn, ctx);
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

/* --- order --- */

int nm_comp_key_cmp(const nm_comp_key *a, const nm_comp_key *b)
{
    /* SSYK codes first (by code), then competence labels, then unclassified */
    int ka = a->code[0] ? 0 : a->unclassified ? 2 : a->label ? 1 : -1;
    int kb = b->code[0] ? 0 : b->unclassified ? 2 : b->label ? 1 : -1;
    if (ka != kb)
        return ka < kb ? -1 : 1;
    if (ka == 0)
        return strcmp(a->code, b->code);
    if (ka == 1)
        return strcmp(a->label, b->label);
    return 0;
}

/* --- names --- */

const char *nm_geo_level_name(nm_geo_level g)
{
    return g == NM_GEO_ALL ? "all" : g == NM_GEO_COUNTY ? "county" : "municipality";
}

const char *nm_geo_name(const nm_refdata *ref, nm_geo_level g, const char *code)
{
    if (g == NM_GEO_ALL)
        return "Alla kommuner";
    if (g == NM_GEO_MUNICIPALITY) {
        const nm_municipality *m = nm_refdata_municipality(ref, code);
        return m ? m->short_name : "";
    }
    const char *county = nm_refdata_county_name(ref, code);
    return county ? county : "";
}

const char *nm_comp_key_label(const nm_refdata *ref, const nm_comp_key *k, int comp_level)
{
    if (comp_level == 0)
        return "Alla yrken och kompetenser";
    if (k->code[0]) {
        const nm_ssyk *s = nm_refdata_ssyk(ref, k->code);
        return s ? s->label_sv : "";
    }
    if (k->unclassified)
        return "Ej klassificerat";
    return k->label ? k->label : "";
}

const char *nm_suppress_name(nm_suppress s)
{
    return s == NM_PUBLISHED ? "" : s == NM_SUPPRESSED_PRIMARY ? "primary" : "secondary";
}

const char *nm_horizon_text(nm_horizon h, char *buf, size_t size)
{
    if (h.lo == -2)
        return "all";
    if (h.lo < 0)
        return "unknown";
    if (h.lo < 10 && h.hi >= 0 && h.hi < 10 && size >= 4) { /* "1-3": one per row written */
        buf[0] = (char)('0' + h.lo);
        buf[1] = '-';
        buf[2] = (char)('0' + h.hi);
        buf[3] = '\0';
        return buf;
    }
    snprintf(buf, size, "%d-%d", h.lo, h.hi);
    return buf;
}
