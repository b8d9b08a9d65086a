/* sort.h - sorting of 64-bit ids (respondent hashes), faster than qsort's
 * per-element callback for the large sets of national roll-ups.  Sorts in
 * place; no memory is kept. */
#ifndef NEEDMAP_SORT_H
#define NEEDMAP_SORT_H

#include <stddef.h>
#include <stdint.h>

/* Sort ascending. */
void nm_sort_u64(uint64_t *a, size_t n);

/* Sort ascending and drop duplicates; returns the new length. */
size_t nm_sort_unique_u64(uint64_t *a, size_t n);

/* The number of distinct values in the union of n ascending lists (lens[i]
 * values each; repeats allowed), by a k-way merge: nothing is copied. */
uint64_t nm_count_union_u64(const uint64_t *const *lists, const size_t *lens, size_t n);

#endif
