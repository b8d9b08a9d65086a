/* demand_finish.c - finishing a demand table, in rounds of steps that
 * run side by side on the budget's threads: the respondent log merged,
 * roll-ups built, cells sorted into published order (demand_order.c),
 * respondents counted, sums made people.  The table is read-only
 * afterwards. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "demand_int.h"
#include "needmap/alloc.h"
#include "needmap/count.h"
#include "needmap/parallel.h"

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
        j->sk = nmd_published_order(j->d, j->rank, j->m.order, j->ndetail, j->t, &j->where);
        j->m.order = NULL;
        if (nm_threads_n(j->t) > 1)
            return; /* moved by move_step */
        nmd_permute_cells(j->d, j->sk);
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
    uint32_t *rank = nmd_label_ranks(d);
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
