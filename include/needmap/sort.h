/* sort.h - the sorts of large arrays of plain keys, in one place.
 *
 * Three shapes, each sorted the way its user needs:
 * - nm_key128 (the demand table's sort keys): in place, no scratch memory
 *   (a large table's peak), quicksort with heapsort where it goes too
 *   deep; on several threads for large arrays.  Not stable: keys must be
 *   distinct where order matters (the table puts the cell number in lo).
 * - nm_keyed (the respondent log's pairs): by key only, stable, least
 *   significant digit first through a scratch array the caller gives.
 * - uint32_t (a respondent's cells): ascending, the same way.
 * Nothing is kept between calls; the caller owns every array.
 */
#ifndef NEEDMAP_SORT_H
#define NEEDMAP_SORT_H

#include <stddef.h>
#include <stdint.h>

#include "needmap/parallel.h"

/* A 128-bit key, ordered by hi, then lo. */
typedef struct nm_key128 {
    uint64_t hi, lo;
} nm_key128;

/* Sort a[0..n) ascending in place, on up to t's threads (the order does
 * not depend on how many). */
void nm_sort_key128(nm_key128 *a,          /* (input/output) n keys */
                    size_t n,              /* (input) */
                    const nm_threads *t);  /* (input) the budget; NULL: one thread */

/* A 64-bit key with a 32-bit value: 16 bytes in memory and on file. */
typedef struct nm_keyed {
    uint64_t key;
    uint32_t value;
    uint32_t unused;          /* zero */
} nm_keyed;

/* Sort a[0..n) by key, stable (equal keys keep their order). */
void nm_sort_keyed(nm_keyed *a,     /* (input/output) n pairs */
                   nm_keyed *tmp,   /* (scratch) room for n pairs */
                   size_t n);       /* (input) */

/* Sort a[0..n) ascending. */
void nm_sort_u32(uint32_t *a,       /* (input/output) n values */
                 uint32_t *tmp,     /* (scratch) room for n values */
                 size_t n);         /* (input) */

#endif
