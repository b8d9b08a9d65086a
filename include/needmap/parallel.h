/* parallel.h - the threads a run may use, and the two ways work uses
 * them: independent items shared out (nm_parallel_for) and one step run
 * beside the caller (nm_task).
 *
 * The pipeline driver decides a run's budget once (nm_threads_of) and
 * passes it to the stages that can split their work; no stage decides how
 * many threads to start.  A NULL budget is one thread: nothing is started.
 * Results never depend on the budget.  Nothing here holds memory after it
 * returns (a task: after nm_task_wait).
 */
#ifndef NEEDMAP_PARALLEL_H
#define NEEDMAP_PARALLEL_H

#include <pthread.h>
#include <stddef.h>

typedef struct nm_threads {
    int n;                     /* threads at once, >= 1 (1: none is started) */
} nm_threads;

/* The budget of --threads N: N, or one per online core for 0. */
nm_threads nm_threads_of(long requested);

/* Threads t allows at once (1 for NULL). */
static inline int nm_threads_n(const nm_threads *t)
{
    return t && t->n > 1 ? t->n : 1;
}

typedef void (*nm_parallel_fn)(void *ctx, size_t i);

/* Run fn(ctx, i) for i in [0, n) on up to t's threads.  The calling
 * thread is one of the workers; items are handed out in order, one at a
 * time; fn must be safe to run on different items at once.  Returns when
 * every item is done; a thread that cannot be started leaves its share to
 * the others. */
void nm_parallel_for(size_t n, const nm_threads *t, nm_parallel_fn fn, void *ctx);

/* One step beside the caller: fn(arg) on a thread of its own when t
 * allows more than one thread (and one can be started), else at once on
 * the calling thread, nm_task_start returning when it is done. */
typedef struct nm_task {
    pthread_t th;
    int running;               /* on a thread, not waited for yet */
} nm_task;

void nm_task_start(nm_task *task, const nm_threads *t, void (*fn)(void *arg), void *arg);
/* Return once the step is done; any number of calls. */
void nm_task_wait(nm_task *task);

#endif
