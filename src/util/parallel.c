/* parallel.c - a minimal work-sharing loop and a step beside the caller,
 * over pthreads. */
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <unistd.h>

#include "needmap/alloc.h"
#include "needmap/parallel.h"

nm_threads nm_threads_of(long requested)
{
    long cores = sysconf(_SC_NPROCESSORS_ONLN);
    long n = requested > 0 ? requested : cores > 0 ? cores : 1;
    return (nm_threads){n < 1024 ? (int)n : 1024};
}

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

void nm_parallel_for(size_t n, const nm_threads *threads, nm_parallel_fn fn, void *ctx)
{
    shared sh = {n, fn, ctx, 0, PTHREAD_MUTEX_INITIALIZER};
    size_t t = (size_t)nm_threads_n(threads);
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

typedef struct task_start {
    void (*fn)(void *arg);
    void *arg;
} task_start;

static void *task_main(void *p)
{
    task_start s = *(task_start *)p;
    free(p);
    s.fn(s.arg);
    return NULL;
}

void nm_task_start(nm_task *task, const nm_threads *t, void (*fn)(void *arg), void *arg)
{
    task->running = 0;
    if (nm_threads_n(t) > 1) {
        task_start *s = nm_malloc(sizeof *s);
        *s = (task_start){fn, arg};
        if (pthread_create(&task->th, NULL, task_main, s) == 0) {
            task->running = 1;
            return;
        }
        free(s);
    }
    fn(arg);
}

void nm_task_wait(nm_task *task)
{
    if (task->running)
        pthread_join(task->th, NULL);
    task->running = 0;
}
