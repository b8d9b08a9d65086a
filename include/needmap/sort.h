/* sort.h - sorting of 64-bit ids (respondent hashes), faster than qsort's
 * per-element callback for the large sets of national roll-ups.  Sorts in
 * place; no memory is kept. */
#ifndef NEEDMAP_SORT_H
#define NEEDMAP_SORT_H

#include <stddef.h>
#include <stdint.h>

/* Sort ascending. */
void nm_sort_u64(uint64_t *a, size_t n);

/* The first position in ascending a[0..n) whose value is >= v (n if none). */
size_t nm_lower_bound_u64(const uint64_t *a, size_t n, uint64_t v);

/* Sort ascending and drop duplicates; returns the new length. */
size_t nm_sort_unique_u64(uint64_t *a, size_t n);

/* The number of distinct values in the union of n ascending lists (lens[i]
 * values each; repeats allowed): a k-way merge for a few lists (nothing
 * copied), else a sixteenth of the value range at a time (a sixteenth of
 * the values copied). */
uint64_t nm_count_union_u64(const uint64_t *const *lists, const size_t *lens, size_t n);

/* Working on many sorted ids a slice of the value range at a time: total
 * ids are cut into 2^bits slices by their top bits (0 bits below 128k ids,
 * up to 32 slices), so about 1 MiB of them are held at once.  Respondent
 * hashes are spread evenly, so slices are about equal. */
unsigned nm_slice_bits(size_t total);
/* Where slice `slice` starts in ascending ids[0..n) (n for slice 2^bits). */
size_t nm_slice_start(const uint64_t *ids, size_t n, unsigned bits, uint64_t slice);


#endif
