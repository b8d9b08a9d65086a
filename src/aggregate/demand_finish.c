/* demand_finish.c - finishing a demand table: roll-ups built, cells
 * sorted into published order, respondents counted, sums made people.
 * The table is read-only afterwards. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "demand_int.h"
#include "needmap/alloc.h"
#include "needmap/count.h"
#include "needmap/parallel.h"

/* A label and its entry in the table's labels, sorted by text. */
typedef struct label_entry {
    const char *text;
    size_t entry;
} label_entry;

static int cmp_label_entry(const void *pa, const void *pb)
{
    return strcmp(((const label_entry *)pa)->text, ((const label_entry *)pb)->text);
}

/* rank[entry] of every interned label in strcmp order; caller frees. */
static uint32_t *label_ranks(const nm_demand *d)
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

/* Published order: rollup, geography level, geography code, competence
 * level (most detailed first), competence (codes, labels, unclassified),
 * need, level, mode, horizon. */
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

/* The published order of every cell: detail cells sort before roll-ups
 * and detail_order (ndetail keys, sorted; taken over) has their order
 * already, so only the roll-ups' keys are sorted here.  Position i of the
 * new order takes cell KEY_CELL(sk[i]); *where gets where[old index] = new
 * index.  Returns the keys (caller frees; so does it where). */
static sortkey *published_order(nm_demand *d, const uint32_t *rank, sortkey *detail_order,
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
    const nm_threads *t;
    const uint32_t *rank;
    rollup_map m;
    nmd_tally *count;          /* respondents per cell, numbered as before sorting */
    sortkey *sk;               /* the new order (several threads) */
    uint32_t *where;           /* old cell -> new cell, from sorting */
    nm_cell *moved;            /* the cells in the new order (several threads) */
    int inexact[4];            /* per quarter of moved */
    size_t ndetail;            /* detail cells (they come first) */
    size_t ncells;             /* cells once the roll-ups are made */
} finish_job;

static void finish_first(void *ctx, size_t step)
{
    finish_job *j = ctx;
    if (step == 0)
        nm_resplog_seal(j->d->log);
    else
        j->m = nmd_build_rollups(j->d, j->rank, j->t);
}

static void finish_second(void *ctx, size_t step)
{
    finish_job *j = ctx;
    if (step == 0) {
        j->sk = published_order(j->d, j->rank, j->m.order, j->ndetail, j->t, &j->where);
        j->m.order = NULL;
        if (nm_threads_n(j->t) > 1)
            return; /* moved by move_step */
        permute_cells(j->d, j->sk);
        free(j->sk);
        j->sk = NULL;
        to_people(j->d);
        return;
    }
    /* allocated here: on one thread this runs after sorting has freed its
     * keys (the peak a one-thread run sees) */
    j->count = nmd_count_respondents(j->d, &j->m, j->ncells);
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
        nmd_renumber_slots(d, j->where, from, to);
        return;
    }
    int inexact = 0;
    for (size_t i = from; i < to; i++) {
        if (i + 8 < to)
            __builtin_prefetch(&d->cells[KEY_CELL(j->sk[i + 8])]);
        size_t old = KEY_CELL(j->sk[i]);
        j->moved[i] = d->cells[old];
        j->moved[i].respondents = j->count[old].count;
        inexact |= cell_to_people(&j->moved[i]);
    }
    j->inexact[q] = inexact;
}

void nm_demand_finish(nm_demand *d, const nm_threads *t)
{
    if (d->finished)
        return;
    nmd_flush(d);
    size_t ndetail = d->n;
    uint32_t *rank = label_ranks(d);
    finish_job j = {.d = d, .t = t, .rank = rank, .ndetail = ndetail};
    int several = nm_threads_n(t) > 1;
    nm_parallel_for(2, t, finish_first, &j);
    if (!several) {
        if (d->n && d->n < d->cap) { /* the table grows no more: give back the slack */
            d->cells = nm_reallocarray(d->cells, d->n, sizeof *d->cells);
            d->cap = d->n;
        }
        /* not needed while sorting: built again for the new order */
        free(d->slots);
        d->slots = NULL;
        d->nslots = 0;
    }
    j.ncells = d->n;
    nm_parallel_for(2, t, finish_second, &j);
    if (several) {
        j.moved = nm_reallocarray(NULL, d->n ? d->n : 1, sizeof *j.moved);
        nm_parallel_for(8, t, move_step, &j);
        free(d->cells);
        d->cells = j.moved;
        d->cap = d->n;
        for (int q = 0; q < 4; q++)
            d->inexact |= j.inexact[q];
        free(j.sk);
    } else {
        for (size_t i = 0; i < d->n; i++)
            d->cells[j.where[i]].respondents = j.count[i].count;
    }
    free(j.count);
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
    if (!several)
        nmd_reindex(d, d->n);
    d->finished = 1;
}
