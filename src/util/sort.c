/* sort.c - LSD radix sort of 64-bit ids, insertion sort for short runs. */
#include <stdlib.h>
#include <string.h>

#include "needmap/alloc.h"
#include "needmap/sort.h"

enum { SMALL = 48 };

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

void nm_sort_u64(uint64_t *a, size_t n)
{
    if (n < SMALL) {
        insertion(a, n);
        return;
    }
    uint64_t *tmp = nm_reallocarray(NULL, n, sizeof *tmp), *src = a, *dst = tmp;
    for (int shift = 0; shift < 64; shift += 8) {
        size_t count[257] = {0};
        for (size_t i = 0; i < n; i++)
            count[((src[i] >> shift) & 0xFF) + 1]++;
        if (count[((src[0] >> shift) & 0xFF) + 1] == n)
            continue; /* every key has the same byte here */
        for (int b = 0; b < 256; b++)
            count[b + 1] += count[b];
        for (size_t i = 0; i < n; i++)
            dst[count[(src[i] >> shift) & 0xFF]++] = src[i];
        uint64_t *t = src;
        src = dst;
        dst = t;
    }
    if (src != a)
        memcpy(a, src, n * sizeof *a);
    free(tmp);
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

uint64_t nm_count_union_u64(const uint64_t *const *lists, const size_t *lens, size_t n)
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
