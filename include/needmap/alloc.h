/* alloc.h - allocation with one out-of-memory policy: print and exit.
 *
 * None of these return NULL.  On failure they print
 * "needmap: error: out of memory" and exit with NM_EXIT_INTERNAL, so callers
 * never check.  Memory from them is released with free(); nm_free(NULL) and
 * free(NULL) are no-ops.  Multiplications are checked for overflow.
 */
#ifndef NEEDMAP_ALLOC_H
#define NEEDMAP_ALLOC_H

#include <stddef.h>

void *nm_malloc(size_t size);
void *nm_calloc(size_t count, size_t size);            /* zeroed */
void *nm_realloc(void *ptr, size_t size);
void *nm_reallocarray(void *ptr, size_t count, size_t size);
char *nm_strdup(const char *s);
char *nm_strndup(const char *s, size_t len);             /* NUL-terminates */

/* Grow *items (capacity *cap, element size elem) so that it holds at least
 * need elements; doubles the capacity. */
void nm_grow(void **items, size_t *cap, size_t need, size_t elem);

/* The same for an array variable; the call is made only when it must
 * grow (need and cap are evaluated twice: pass no side effects). */
#define NM_GROW(arr, cap, need)                                   \
    do {                                                          \
        if ((need) > (cap))                                       \
            nm_grow((void **)&(arr), &(cap), (need), sizeof *(arr)); \
    } while (0)

#endif
