/* sort.c - the sorts of sort.h: an in-place quicksort of 128-bit keys
 * (split over threads by partitioning), and least-significant-digit radix
 * sorts of keyed pairs and of 32-bit values. */
#include <stdlib.h>
#include <string.h>

#include "needmap/alloc.h"
#include "needmap/parallel.h"
#include "needmap/sort.h"

/* --- 128-bit keys, in place --- */

static int key_less(const nm_key128 *x, const nm_key128 *y)
{
    return x->hi < y->hi || (x->hi == y->hi && x->lo < y->lo);
}

static void swap_keys(nm_key128 *x, nm_key128 *y)
{
    nm_key128 t = *x;
    *x = *y;
    *y = t;
}

/* Partition a[0..n) (n >= 3) around the median of its first, middle and
 * last keys; returns the pivot's final place. */
static size_t partition(nm_key128 *a, size_t n)
{
    size_t mid = n / 2;
    if (key_less(&a[mid], &a[0]))
        swap_keys(&a[mid], &a[0]);
    if (key_less(&a[n - 1], &a[0]))
        swap_keys(&a[n - 1], &a[0]);
    if (key_less(&a[n - 1], &a[mid]))
        swap_keys(&a[n - 1], &a[mid]);
    swap_keys(&a[mid], &a[n - 2]); /* pivot; a[0] <= pivot <= a[n - 1] */
    nm_key128 pivot = a[n - 2];
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

static void sift(nm_key128 *a, size_t n, size_t i)
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
static void sort_serial(nm_key128 *a, size_t n, int depth)
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
        nm_key128 v = a[i];
        size_t j = i;
        for (; j > 0 && key_less(&v, &a[j - 1]); j--)
            a[j] = a[j - 1];
        a[j] = v;
    }
}

/* Sorting on several threads: the keys are split by partitioning into up
 * to four ranges, each sorted on a thread of its own. */
typedef struct key_ranges {
    nm_key128 *a;
    size_t from[5];
    size_t n;
} key_ranges;

static void sort_range(void *ctx, size_t i)
{
    key_ranges *k = ctx;
    sort_serial(k->a + k->from[i], k->from[i + 1] - k->from[i], 64);
}

void nm_sort_key128(nm_key128 *a, size_t n, const nm_threads *t)
{
    int threads = nm_threads_n(t);
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
    nm_parallel_for(k.n, t, sort_range, &k);
}

/* --- radix sorts through scratch --- */

enum { DIGIT = 11 };           /* bits per pass over keyed pairs */

/* Least significant digit first (stable), skipping digits all pairs
 * share. */
void nm_sort_keyed(nm_keyed *a, nm_keyed *tmp, size_t n)
{
    enum { PASSES = (64 + DIGIT - 1) / DIGIT, BUCKETS = 1 << DIGIT };
    size_t *count = nm_calloc((size_t)PASSES * BUCKETS, sizeof *count);
    for (size_t i = 0; i < n; i++)
        for (int d = 0; d < PASSES; d++)
            count[(size_t)d * BUCKETS + ((a[i].key >> (d * DIGIT)) & (BUCKETS - 1))]++;
    nm_keyed *src = a, *dst = tmp;
    for (int d = 0; d < PASSES && n > 0; d++) {
        size_t *c = &count[(size_t)d * BUCKETS];
        if (c[(src[0].key >> (d * DIGIT)) & (BUCKETS - 1)] == n)
            continue; /* every pair has this digit */
        size_t sum = 0;
        for (size_t b = 0; b < BUCKETS; b++) {
            size_t k = c[b];
            c[b] = sum;
            sum += k;
        }
        for (size_t i = 0; i < n; i++)
            dst[c[(src[i].key >> (d * DIGIT)) & (BUCKETS - 1)]++] = src[i];
        nm_keyed *t = src;
        src = dst;
        dst = t;
    }
    if (src != a)
        memcpy(a, src, n * sizeof *a);
    free(count);
}

/* Insertion for short lists (most respondents' cells), else least
 * significant byte first. */
void nm_sort_u32(uint32_t *a, uint32_t *tmp, size_t n)
{
    if (n <= 32) {
        for (size_t i = 1; i < n; i++) {
            uint32_t v = a[i];
            size_t j = i;
            for (; j > 0 && a[j - 1] > v; j--)
                a[j] = a[j - 1];
            a[j] = v;
        }
        return;
    }
    uint32_t *src = a, *dst = tmp;
    for (int shift = 0; shift < 32; shift += 8) {
        size_t count[257] = {0};
        for (size_t i = 0; i < n; i++)
            count[((src[i] >> shift) & 255) + 1]++;
        if (count[((src[0] >> shift) & 255) + 1] == n)
            continue; /* every value has this byte */
        for (size_t b = 1; b < 257; b++)
            count[b] += count[b - 1];
        for (size_t i = 0; i < n; i++)
            dst[count[(src[i] >> shift) & 255]++] = src[i];
        uint32_t *t = src;
        src = dst;
        dst = t;
    }
    if (src != a)
        memcpy(a, src, n * sizeof *a);
}
