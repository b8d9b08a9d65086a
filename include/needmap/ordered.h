/* ordered.h - units of work done on several threads, their results merged
 * in unit order as soon as they are ready; a thread with nothing left to
 * do merges the next unit's result a piece at a time while it is still
 * being produced.
 *
 * The caller describes the work with four functions (nm_ordered_fns):
 *   produce(ctx, o, u)   does unit u, on any worker; units are handed out
 *                        in order, one at a time;
 *   merge(ctx, u)        merges u's result: exactly once per unit, in unit
 *                        order, one merge at a time, as soon as u and every
 *                        unit before it are produced (on whichever worker
 *                        finished the last of them);
 *   early(ctx, u)        1 when what unit u has produced so far may be
 *                        merged before u is done (u is the next to merge
 *                        and no merge runs); NULL: never;
 *   merge_piece(ctx, u, piece)
 *                        merges a piece of u that u's producer handed over,
 *                        before u's own merge, one at a time with the merges.
 * A worker with no unit left to produce asks the next unit to merge for a
 * piece (when early says it may) and merges it, until that unit is done;
 * the end of the work then leaves only the last piece to merge.  A
 * producer looks at nm_ordered_asked now and then (between two records)
 * and, when asked, hands what it has so far over with nm_ordered_hand and
 * goes on with a fresh result.
 *
 * Merges run outside the piece's lock, so they may take long (read a file
 * again); produce must never wait for a merge.  nm_ordered_run returns
 * when every unit is merged and holds nothing afterwards.  A piece handed
 * over belongs to merge_piece.
 */
#ifndef NEEDMAP_ORDERED_H
#define NEEDMAP_ORDERED_H

#include <stddef.h>

#include "needmap/parallel.h"

typedef struct nm_ordered nm_ordered;

typedef struct nm_ordered_fns {
    void (*produce)(void *ctx, nm_ordered *o, size_t unit);
    void (*merge)(void *ctx, size_t unit);
    int (*early)(void *ctx, size_t unit);                    /* may be NULL */
    void (*merge_piece)(void *ctx, size_t unit, void *piece); /* NULL when early is */
} nm_ordered_fns;

/* Do units [0, n) on up to t's threads (NULL: one, in order, nothing
 * handed over).  Returns how many pieces were handed over and merged
 * early. */
size_t nm_ordered_run(size_t n, const nm_threads *t, const nm_ordered_fns *fns, void *ctx);

/* For unit's producer: 1 when a worker waits for a piece of it.  Cheap
 * (one relaxed atomic load). */
int nm_ordered_asked(nm_ordered *o, size_t unit);

/* For unit's producer, when asked: hand piece over (it now belongs to
 * merge_piece) and go on with a fresh result.  Returns 0, keeping the piece
 * the producer's, when no worker waits for it. */
int nm_ordered_hand(nm_ordered *o, size_t unit, void *piece);

#endif
