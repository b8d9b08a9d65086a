/* ordered.c - units produced on several threads, merged in unit order, a
 * piece at a time when a worker would otherwise wait (ordered.h).
 *
 * One worker at a time holds the merge role (merging): it merges every
 * unit that is done and next, and it alone merges pieces.  A worker with
 * nothing left to produce takes the role, asks the next unit for a piece
 * and waits until the unit's producer hands one over or finishes: the
 * next unit cannot be merged meanwhile anyway, so holding the role costs
 * nothing, and a unit finished meanwhile is left to it.  The lock guards
 * the counters, the done flags and the piece; merges run without it. */
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>

#include "needmap/alloc.h"
#include "needmap/ordered.h"

struct nm_ordered {
    const nm_ordered_fns *fns;
    void *ctx;
    size_t n;
    size_t started;            /* units a producer has taken */
    size_t next;               /* the first unit not merged */
    unsigned char *done;       /* per unit: produced */
    int merging;               /* a worker holds the merge role */
    atomic_size_t asked;       /* the unit a worker waits for a piece of, or SIZE_MAX */
    void *piece;               /* handed over, not taken yet */
    int handed;
    size_t pieces;             /* handed over and merged */
    pthread_mutex_t lock;
    pthread_cond_t cond;       /* a piece was handed over or the asked unit is done */
};

/* With the lock held and the role free: merge every unit that is done and
 * next in order. */
static void merge_ready(nm_ordered *o)
{
    o->merging = 1;
    while (o->next < o->n && o->done[o->next]) {
        size_t u = o->next++;
        pthread_mutex_unlock(&o->lock);
        o->fns->merge(o->ctx, u);
        pthread_mutex_lock(&o->lock);
    }
    o->merging = 0;
}

static void unit_done(nm_ordered *o, size_t u)
{
    pthread_mutex_lock(&o->lock);
    o->done[u] = 1;
    if (atomic_load_explicit(&o->asked, memory_order_relaxed) == u)
        pthread_cond_broadcast(&o->cond);
    if (!o->merging) /* else the role's holder merges it too */
        merge_ready(o);
    pthread_mutex_unlock(&o->lock);
}

/* With the lock held and the role taken: ask unit u (next to merge, not
 * done) for a piece and wait for it, or for u to be done.  Returns the
 * piece, or NULL when u ended first. */
static void *take_piece(nm_ordered *o, size_t u)
{
    o->handed = 0;
    atomic_store_explicit(&o->asked, u, memory_order_relaxed);
    while (!o->handed && !o->done[u])
        pthread_cond_wait(&o->cond, &o->lock);
    atomic_store_explicit(&o->asked, SIZE_MAX, memory_order_relaxed);
    void *piece = o->handed ? o->piece : NULL;
    o->piece = NULL;
    o->handed = 0;
    return piece;
}

/* A worker with no unit left to take: merge the next unit's result a
 * piece at a time while it is being produced, for as long as early allows
 * and no other worker merges. */
static void help(nm_ordered *o)
{
    pthread_mutex_lock(&o->lock);
    while (o->started == o->n && !o->merging && o->next < o->n && o->fns->early) {
        size_t u = o->next; /* not done: with the role free, done units are merged */
        if (!o->fns->early(o->ctx, u))
            break;
        o->merging = 1;
        void *piece = take_piece(o, u);
        if (piece) {
            pthread_mutex_unlock(&o->lock);
            o->fns->merge_piece(o->ctx, u, piece);
            pthread_mutex_lock(&o->lock);
            o->pieces++;
        }
        merge_ready(o); /* u, if it ended meanwhile, and what follows it */
    }
    pthread_mutex_unlock(&o->lock);
}

static void work(void *ctx, size_t u)
{
    nm_ordered *o = ctx;
    pthread_mutex_lock(&o->lock);
    o->started++;
    pthread_mutex_unlock(&o->lock);
    o->fns->produce(o->ctx, o, u);
    unit_done(o, u);
    help(o);
}

size_t nm_ordered_run(size_t n, const nm_threads *t, const nm_ordered_fns *fns, void *ctx)
{
    nm_ordered o = {.fns = fns, .ctx = ctx, .n = n,
                    .done = nm_calloc(n ? n : 1, sizeof *o.done)};
    atomic_init(&o.asked, SIZE_MAX);
    pthread_mutex_init(&o.lock, NULL);
    pthread_cond_init(&o.cond, NULL);
    nm_parallel_for(n, t, work, &o);
    pthread_cond_destroy(&o.cond);
    pthread_mutex_destroy(&o.lock);
    free(o.done);
    return o.pieces;
}

int nm_ordered_asked(nm_ordered *o, size_t unit)
{
    return atomic_load_explicit(&o->asked, memory_order_relaxed) == unit;
}

int nm_ordered_hand(nm_ordered *o, size_t unit, void *piece)
{
    pthread_mutex_lock(&o->lock);
    int taken = atomic_load_explicit(&o->asked, memory_order_relaxed) == unit && !o->handed;
    if (taken) {
        o->piece = piece;
        o->handed = 1;
        pthread_cond_broadcast(&o->cond);
    }
    pthread_mutex_unlock(&o->lock);
    return taken;
}
