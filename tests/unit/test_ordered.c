/* test_ordered.c - the in-order merge of units produced on several threads
 * (ordered.h), under many interleavings: units of seeded random lengths,
 * producers and merges that yield or sleep at seeded random moments, some
 * units that may not be merged early.  Whatever the threads do, the merged
 * records must be every unit's records in unit order, merges must never
 * overlap, every unit must be merged exactly once, and pieces only of the
 * next unit to merge. */
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "needmap/ordered.h"

#include "check.h"

enum { MAX_UNITS = 16 };

typedef struct records {
    uint32_t *v;
    size_t n, cap;
} records;

typedef struct work {
    size_t n;                    /* units */
    size_t len[MAX_UNITS];       /* records each unit produces */
    int early_ok[MAX_UNITS];     /* may be merged early */
    uint64_t seed;
    records cur[MAX_UNITS];      /* a unit's records not handed over yet */
    records out;                 /* merged, in merge order */
    size_t merged;               /* units merged */
    atomic_int in_merge;         /* merges and piece merges running */
    int overlapped, out_of_order, stray_piece;
    size_t pieces;               /* piece merges seen */
} work;

static uint64_t step(uint64_t *s)
{
    *s ^= *s << 13;
    *s ^= *s >> 7;
    *s ^= *s << 17;
    return *s;
}

static void push(records *r, uint32_t v)
{
    if (r->n == r->cap) {
        r->cap = r->cap ? 2 * r->cap : 16;
        r->v = realloc(r->v, r->cap * sizeof *r->v);
    }
    r->v[r->n++] = v;
}

/* Now and then give the other threads a chance: a yield or a short sleep. */
static void jitter(uint64_t *s)
{
    uint64_t r = step(s) % 64;
    if (r == 0) {
        struct timespec ts = {0, (long)(step(s) % 20000)};
        nanosleep(&ts, NULL);
    } else if (r < 4) {
        sched_yield();
    }
}

static void enter(work *w)
{
    if (atomic_fetch_add(&w->in_merge, 1) != 0)
        w->overlapped = 1;
}

static void leave(work *w)
{
    atomic_fetch_sub(&w->in_merge, 1);
}

static void produce(void *ctx, nm_ordered *o, size_t u)
{
    work *w = ctx;
    uint64_t s = w->seed ^ (0x9e3779b97f4a7c15ULL * (u + 1));
    for (size_t i = 0; i < w->len[u]; i++) {
        push(&w->cur[u], (uint32_t)(u << 20 | i));
        jitter(&s);
        if (nm_ordered_asked(o, u)) {
            records *piece = malloc(sizeof *piece);
            *piece = w->cur[u];
            if (nm_ordered_hand(o, u, piece))
                memset(&w->cur[u], 0, sizeof w->cur[u]);
            else
                free(piece);
        }
    }
}

static void take(work *w, records *r)
{
    for (size_t i = 0; i < r->n; i++)
        push(&w->out, r->v[i]);
    free(r->v);
    memset(r, 0, sizeof *r);
}

static void merge(void *ctx, size_t u)
{
    work *w = ctx;
    enter(w);
    uint64_t s = w->seed ^ u;
    jitter(&s);
    if (u != w->merged)
        w->out_of_order = 1;
    take(w, &w->cur[u]);
    w->merged++;
    leave(w);
}

static int early(void *ctx, size_t u)
{
    work *w = ctx;
    return w->early_ok[u];
}

static void merge_piece(void *ctx, size_t u, void *piece)
{
    work *w = ctx;
    enter(w);
    if (u != w->merged || !w->early_ok[u])
        w->stray_piece = 1;
    take(w, piece);
    free(piece);
    w->pieces++;
    leave(w);
}

static const nm_ordered_fns fns = {produce, merge, early, merge_piece};

/* One run: n units of seeded lengths on `threads` threads.  Returns the
 * pieces merged early, or -1 when a rule was broken. */
static long run_once(size_t n, int threads, uint64_t seed)
{
    work *w = calloc(1, sizeof *w);
    w->n = n;
    w->seed = seed;
    atomic_init(&w->in_merge, 0);
    uint64_t s = seed;
    for (size_t u = 0; u < n; u++) {
        w->len[u] = step(&s) % 4 == 0 ? 0 : step(&s) % 300;
        w->early_ok[u] = step(&s) % 4 != 0;
    }
    nm_threads t = {threads};
    size_t pieces = nm_ordered_run(n, &t, &fns, w);
    int ok = !w->overlapped && !w->out_of_order && !w->stray_piece && w->merged == n &&
             pieces == w->pieces;
    size_t k = 0;
    for (size_t u = 0; u < n && ok; u++)
        for (size_t i = 0; i < w->len[u] && ok; i++, k++)
            ok = k < w->out.n && w->out.v[k] == (uint32_t)(u << 20 | i);
    ok = ok && k == w->out.n;
    if (!ok)
        fprintf(stderr, "  %zu units on %d threads, seed %llu: overlapped %d, out of order %d, "
                "stray piece %d, %zu of %zu units merged\n", n, threads,
                (unsigned long long)seed, w->overlapped, w->out_of_order, w->stray_piece,
                w->merged, n);
    free(w->out.v);
    for (size_t u = 0; u < n; u++)
        free(w->cur[u].v);
    free(w);
    return ok ? (long)pieces : -1;
}

static void every_record_is_merged_once_in_unit_order_under_many_interleavings(void)
{
    static const size_t sizes[] = {0, 1, 2, 3, 7, 16};
    long pieces = 0;
    for (int threads = 1; threads <= 4; threads++)
        for (size_t k = 0; k < sizeof sizes / sizeof sizes[0]; k++)
            for (uint64_t seed = 1; seed <= 40; seed++) {
                long p = run_once(sizes[k], threads, seed * 2654435761ULL);
                CHECK(p >= 0);
                if (p > 0)
                    pieces += p;
            }
    CHECK(pieces > 0); /* the hand-over path was taken */
}

static void one_thread_merges_each_unit_after_it_and_hands_nothing_over(void)
{
    for (uint64_t seed = 1; seed <= 20; seed++)
        CHECK_INT_EQ(run_once(MAX_UNITS, 1, seed), 0);
}

int main(void)
{
    RUN(every_record_is_merged_once_in_unit_order_under_many_interleavings);
    RUN(one_thread_merges_each_unit_after_it_and_hands_nothing_over);
    return check_finish();
}
