/* parallel.c - a minimal work-sharing loop over pthreads. */
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>

#include "needmap/alloc.h"
#include "needmap/parallel.h"

typedef struct shared {
    size_t n;
    nm_parallel_fn fn;
    void *ctx;
    size_t next;               /* next item to take, under lock */
    pthread_mutex_t lock;
} shared;

static void *worker(void *arg)
{
    shared *sh = arg;
    for (;;) {
        pthread_mutex_lock(&sh->lock);
        size_t i = sh->next < sh->n ? sh->next++ : SIZE_MAX;
        pthread_mutex_unlock(&sh->lock);
        if (i == SIZE_MAX)
            return NULL;
        sh->fn(sh->ctx, i);
    }
}

void nm_parallel_for(size_t n, int threads, nm_parallel_fn fn, void *ctx)
{
    shared sh = {n, fn, ctx, 0, PTHREAD_MUTEX_INITIALIZER};
    size_t t = threads > 1 ? (size_t)threads : 1;
    if (t > n)
        t = n ? n : 1;
    pthread_t *th = nm_calloc(t, sizeof *th);
    size_t started = 0;
    for (size_t k = 1; k < t; k++) /* the calling thread is worker 0 */
        if (pthread_create(&th[started], NULL, worker, &sh) == 0)
            started++;
    worker(&sh);
    for (size_t k = 0; k < started; k++)
        pthread_join(th[k], NULL);
    free(th);
}
