/* alloc.c - allocation wrappers: out of memory prints and exits. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "needmap/alloc.h"
#include "needmap/status.h"

static void out_of_memory(size_t size)
{
    nm_fatal("out of memory (asked for %zu bytes)", size);
}

void *nm_malloc(size_t size)
{
    void *p = malloc(size ? size : 1);
    if (!p)
        out_of_memory(size);
    return p;
}

/* Large blocks are written to at once rather than left to calloc's fresh
 * mapping: a fresh page is first read as the shared zero page, and the
 * first write to it then replaces it and must flush it from every other
 * core's TLB (an interrupt to each, costly in a VM) once the process has
 * more than one thread.  Writing first faults each page in once.  Nearly
 * every large array here is filled anyway; those that are not (a hash
 * set kept at most half full) now count all their pages (what that costs
 * is in docs/performance.md). */
enum { WRITE_FIRST = 64 * 1024 };

void *nm_calloc(size_t count, size_t size)
{
    if (count == 0 || size == 0)
        count = size = 1;
    if (count > SIZE_MAX / size)
        out_of_memory(SIZE_MAX);
    if (count * size < WRITE_FIRST) {
        void *p = calloc(count, size);
        if (!p)
            out_of_memory(count * size);
        return p;
    }
    void *p = nm_malloc(count * size);
    memset(p, 0, count * size);
    return p;
}

void *nm_realloc(void *ptr, size_t size)
{
    void *p = realloc(ptr, size ? size : 1);
    if (!p)
        out_of_memory(size);
    return p;
}

void *nm_reallocarray(void *ptr, size_t count, size_t size)
{
    if (size && count > SIZE_MAX / size)
        out_of_memory(SIZE_MAX);
    return nm_realloc(ptr, count * size);
}

char *nm_strndup(const char *s, size_t len)
{
    char *p = nm_malloc(len + 1);
    memcpy(p, s, len);
    p[len] = '\0';
    return p;
}

char *nm_strdup(const char *s)
{
    return nm_strndup(s, strlen(s));
}

void nm_grow(void **items, size_t *cap, size_t need, size_t elem)
{
    if (need <= *cap)
        return;
    size_t n = *cap ? *cap : 8;
    while (n < need) {
        if (n > SIZE_MAX / 2)
            out_of_memory(SIZE_MAX);
        n *= 2;
    }
    *items = nm_reallocarray(*items, n, elem);
    *cap = n;
}
