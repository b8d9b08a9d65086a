/* test_sort.c - the sorts of sort.h against qsort, on shapes that reach
 * every path: short runs, deep recursion (heapsort), many equal keys,
 * arrays large enough to be split over threads, stable radix passes. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "needmap/sort.h"

#include "check.h"

static uint64_t rng_state = 88172645463325252ULL;

static uint64_t next_random(void)
{
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 7;
    rng_state ^= rng_state << 17;
    return rng_state;
}

static int cmp_key128(const void *pa, const void *pb)
{
    const nm_key128 *a = pa, *b = pb;
    if (a->hi != b->hi)
        return a->hi < b->hi ? -1 : 1;
    return a->lo < b->lo ? -1 : a->lo > b->lo;
}

/* n keys shaped as `shape` says: 0 random, 1 sorted, 2 reversed, 3 few
 * distinct hi (the demand table's many cells of one geography), 4 all
 * equal but for lo, 5 an organ pipe (up then down). */
static void fill_keys(nm_key128 *a, size_t n, int shape)
{
    for (size_t i = 0; i < n; i++) {
        uint64_t r = next_random();
        switch (shape) {
        case 0: a[i] = (nm_key128){r, next_random()}; break;
        case 1: a[i] = (nm_key128){i / 3, i}; break;
        case 2: a[i] = (nm_key128){n - i, i}; break;
        case 3: a[i] = (nm_key128){r % 5, r >> 8}; break;
        case 4: a[i] = (nm_key128){7, r}; break;
        default: a[i] = (nm_key128){i < n / 2 ? i : n - i, i}; break;
        }
    }
}

static int same_as_qsort(const nm_key128 *a, size_t n, int shape, int threads)
{
    nm_key128 *want = malloc((n ? n : 1) * sizeof *want);
    nm_key128 *got = malloc((n ? n : 1) * sizeof *got);
    memcpy(want, a, n * sizeof *a);
    memcpy(got, a, n * sizeof *a);
    qsort(want, n, sizeof *want, cmp_key128);
    nm_threads t = {threads};
    nm_sort_key128(got, n, &t);
    int same = memcmp(want, got, n * sizeof *got) == 0;
    if (!same)
        fprintf(stderr, "  %zu keys of shape %d on %d threads sort differently\n", n, shape,
                threads);
    free(want);
    free(got);
    return same;
}

static void key128_sorts_like_qsort_for_every_shape_and_size(void)
{
    static const size_t sizes[] = {0, 1, 2, 3, 16, 17, 100, 1000, 5000};
    for (size_t s = 0; s < sizeof sizes / sizeof sizes[0]; s++)
        for (int shape = 0; shape < 6; shape++) {
            nm_key128 *a = malloc((sizes[s] ? sizes[s] : 1) * sizeof *a);
            fill_keys(a, sizes[s], shape);
            CHECK(same_as_qsort(a, sizes[s], shape, 1));
            free(a);
        }
}

/* Large enough (65,536 and more) to be partitioned over threads: 2 and 4
 * ranges must give the one order. */
static void key128_sorts_the_same_on_one_two_and_four_threads(void)
{
    size_t n = 200000;
    nm_key128 *a = malloc(n * sizeof *a);
    for (int shape = 0; shape < 6; shape++) {
        fill_keys(a, n, shape);
        for (int threads = 1; threads <= 4; threads++)
            CHECK(same_as_qsort(a, n, shape, threads));
    }
    free(a);
}

static void keyed_pairs_sort_by_key_keeping_the_order_of_equal_keys(void)
{
    static const size_t sizes[] = {0, 1, 2, 50, 3000, 70000};
    for (size_t s = 0; s < sizeof sizes / sizeof sizes[0]; s++) {
        size_t n = sizes[s];
        nm_keyed *a = malloc((n ? n : 1) * sizeof *a), *tmp = malloc((n ? n : 1) * sizeof *tmp);
        for (int spread = 0; spread < 3; spread++) {
            for (size_t i = 0; i < n; i++) { /* value: the position before sorting */
                uint64_t r = next_random();
                uint64_t key = spread == 0 ? r : spread == 1 ? r % 97 : (r % 4) << 60;
                a[i] = (nm_keyed){key, (uint32_t)i, 0};
            }
            nm_sort_keyed(a, tmp, n);
            int ok = 1;
            for (size_t i = 1; i < n; i++)
                ok &= a[i - 1].key < a[i].key ||
                      (a[i - 1].key == a[i].key && a[i - 1].value < a[i].value);
            CHECK(ok);
        }
        free(a);
        free(tmp);
    }
}

static int cmp_u32(const void *pa, const void *pb)
{
    uint32_t a = *(const uint32_t *)pa, b = *(const uint32_t *)pb;
    return a < b ? -1 : a > b;
}

/* Up to 32 values by insertion, more through the radix passes. */
static void u32_values_sort_like_qsort_short_and_long(void)
{
    static const size_t sizes[] = {0, 1, 2, 31, 32, 33, 500, 100000};
    for (size_t s = 0; s < sizeof sizes / sizeof sizes[0]; s++) {
        size_t n = sizes[s];
        uint32_t *a = malloc((n ? n : 1) * sizeof *a), *want = malloc((n ? n : 1) * sizeof *a);
        uint32_t *tmp = malloc((n ? n : 1) * sizeof *tmp);
        for (int spread = 0; spread < 3; spread++) {
            for (size_t i = 0; i < n; i++) {
                uint32_t r = (uint32_t)next_random();
                a[i] = spread == 0 ? r : spread == 1 ? r % 300 : r | 0xffff0000u;
            }
            memcpy(want, a, n * sizeof *a);
            qsort(want, n, sizeof *want, cmp_u32);
            nm_sort_u32(a, tmp, n);
            CHECK(memcmp(a, want, n * sizeof *a) == 0);
        }
        free(a);
        free(want);
        free(tmp);
    }
}

int main(void)
{
    RUN(key128_sorts_like_qsort_for_every_shape_and_size);
    RUN(key128_sorts_the_same_on_one_two_and_four_threads);
    RUN(keyed_pairs_sort_by_key_keeping_the_order_of_equal_keys);
    RUN(u32_values_sort_like_qsort_short_and_long);
    return check_finish();
}
