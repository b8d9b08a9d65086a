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
