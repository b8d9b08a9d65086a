/* parallel.h - run fn(ctx, i) for i in [0, n) on several threads.
 *
 * The calling thread is one of the workers; items are handed out in order,
 * one at a time.  fn must be safe to run on different items at once.
 * Returns when every item is done.  Holds no memory afterwards. */
#ifndef NEEDMAP_PARALLEL_H
#define NEEDMAP_PARALLEL_H

#include <stddef.h>

typedef void (*nm_parallel_fn)(void *ctx, size_t i);

/* threads <= 1 runs everything on the calling thread; a thread that cannot
 * be started leaves its share to the others. */
void nm_parallel_for(size_t n, int threads, nm_parallel_fn fn, void *ctx);

#endif
