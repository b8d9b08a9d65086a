/* sort.c - sorting 64-bit ids: insertion sort for short runs, quicksort
 * for middling ones, LSD radix sort (one counting pass for all eight
 * bytes) for long ones. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "needmap/alloc.h"
#include "needmap/sort.h"

enum { SMALL = 32, MIDDLING = 4096 };

static void insertion(uint64_t *a, size_t n)
{
    for (size_t i = 1; i < n; i++) {
        uint64_t v = a[i];
        size_t j = i;
        while (j > 0 && a[j - 1] > v) {
            a[j] = a[j - 1];
            j--;
        }
        a[j] = v;
    }
}

static void swap(uint64_t *a, uint64_t *b)
{
    uint64_t t = *a;
    *a = *b;
    *b = t;
}

/* Quicksort with a median-of-three pivot, recursing into the smaller side
 * (depth at most log2 n), short runs left to insertion sort. */
static void quick(uint64_t *a, size_t n)
{
    while (n >= SMALL) {
        size_t mid = n / 2;
        if (a[mid] < a[0])
            swap(&a[mid], &a[0]);
        if (a[n - 1] < a[0])
            swap(&a[n - 1], &a[0]);
        if (a[n - 1] < a[mid])
            swap(&a[n - 1], &a[mid]);
        uint64_t pivot = a[mid];
        size_t i = 0, j = n - 1;
        for (;;) { /* Hoare partition: a[0..j] <= pivot <= a[j+1..n) */
            while (a[i] < pivot)
                i++;
            while (a[j] > pivot)
                j--;
            if (i >= j)
                break;
            swap(&a[i++], &a[j--]);
        }
        size_t left = j + 1;
        if (left < n - left) {
            quick(a, left);
            a += left;
            n -= left;
        } else {
            quick(a + left, n - left);
            n = left;
        }
    }
    insertion(a, n);
}

static void radix(uint64_t *a, size_t n)
{
    uint32_t (*count)[257] = nm_calloc(8, sizeof *count);
    for (size_t i = 0; i < n; i++) {
        uint64_t v = a[i];
        for (int b = 0; b < 8; b++)
            count[b][((v >> (8 * b)) & 0xFF) + 1]++;
    }
    uint64_t *tmp = nm_reallocarray(NULL, n, sizeof *tmp), *src = a, *dst = tmp;
    for (int b = 0; b < 8; b++) {
        uint32_t *c = count[b];
        if (c[((src[0] >> (8 * b)) & 0xFF) + 1] == n)
            continue; /* every key has the same byte here */
        for (int k = 0; k < 256; k++)
            c[k + 1] += c[k];
        for (size_t i = 0; i < n; i++)
            dst[c[(src[i] >> (8 * b)) & 0xFF]++] = src[i];
        uint64_t *t = src;
        src = dst;
        dst = t;
    }
    if (src != a)
        memcpy(a, src, n * sizeof *a);
    free(tmp);
    free(count);
}

void nm_sort_u64(uint64_t *a, size_t n)
{
    if (n < MIDDLING || n > UINT32_MAX)
        quick(a, n);
    else
        radix(a, n);
}

size_t nm_sort_unique_u64(uint64_t *a, size_t n)
{
    if (n < 2)
        return n;
    nm_sort_u64(a, n);
    size_t k = 1;
    for (size_t i = 1; i < n; i++)
        if (a[i] != a[k - 1])
            a[k++] = a[i];
    return k;
}

/* --- distinct values of sorted lists --- */

typedef struct cursor {
    const uint64_t *p, *end;
} cursor;

static void sift_down(cursor *h, size_t n, size_t i)
{
    for (;;) {
        size_t l = 2 * i + 1, m = i;
        if (l < n && *h[l].p < *h[m].p)
            m = l;
        if (l + 1 < n && *h[l + 1].p < *h[m].p)
            m = l + 1;
        if (m == i)
            return;
        cursor t = h[i];
        h[i] = h[m];
        h[m] = t;
        i = m;
    }
}

/* Few lists: merge them through a heap of their heads. */
static uint64_t union_by_heap(const uint64_t *const *lists, const size_t *lens, size_t n)
{
    cursor *h = nm_calloc(n ? n : 1, sizeof *h);
    size_t nh = 0;
    for (size_t i = 0; i < n; i++)
        if (lens[i])
            h[nh++] = (cursor){lists[i], lists[i] + lens[i]};
    for (size_t i = nh / 2; i-- > 0;)
        sift_down(h, nh, i);
    uint64_t distinct = 0, last = 0;
    while (nh) {
        uint64_t v = *h[0].p;
        if (distinct == 0 || v != last)
            distinct++;
        last = v;
        if (++h[0].p == h[0].end)
            h[0] = h[--nh];
        sift_down(h, nh, 0);
    }
    free(h);
    return distinct;
}

unsigned nm_slice_bits(size_t total)
{
    unsigned b = 0;
    while (b < 5 && total >> (17 + b))
        b++;
    return b;
}

size_t nm_lower_bound_u64(const uint64_t *a, size_t n, uint64_t v)
{
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (a[mid] < v)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

size_t nm_slice_start(const uint64_t *ids, size_t n, unsigned bits, uint64_t slice)
{
    if (slice >= (uint64_t)1 << bits)
        return n;
    return slice == 0 ? 0 : nm_lower_bound_u64(ids, n, slice << (64 - bits));
}

/* The end of slice `slice` in ascending ids[pos..n). */
static size_t slice_end(const uint64_t *ids, size_t pos, size_t n, unsigned bits, uint64_t slice)
{
    if (bits == 0 || slice + 1 == (uint64_t)1 << bits)
        return n; /* the last slice takes the rest */
    while (pos < n && ids[pos] >> (64 - bits) <= slice)
        pos++;
    return pos;
}

/* Many lists: a deep heap is slow, so gather the values of one slice of
 * the range (by the top bits; see nm_slice_bits) at a time and sort them:
 * each value falls in one slice. */
static uint64_t union_by_slices(const uint64_t *const *lists, const size_t *lens, size_t n)
{
    size_t *pos = nm_calloc(n, sizeof *pos), cap = 0, total = 0;
    for (size_t i = 0; i < n; i++)
        total += lens[i];
    unsigned bits = nm_slice_bits(total);
    uint64_t *buf = NULL, distinct = 0;
    for (uint64_t slice = 0; slice < (uint64_t)1 << bits; slice++) {
        size_t m = 0;
        for (size_t i = 0; i < n; i++) {
            size_t end = slice_end(lists[i], pos[i], lens[i], bits, slice);
            NM_GROW(buf, cap, m + (end - pos[i]) + 1);
            memcpy(buf + m, lists[i] + pos[i], (end - pos[i]) * sizeof *buf);
            m += end - pos[i];
            pos[i] = end;
        }
        distinct += nm_sort_unique_u64(buf, m);
    }
    free(buf);
    free(pos);
    return distinct;
}

uint64_t nm_count_union_u64(const uint64_t *const *lists, const size_t *lens, size_t n)
{
    return n <= 32 ? union_by_heap(lists, lens, n) : union_by_slices(lists, lens, n);
}
