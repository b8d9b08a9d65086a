/* strmap.h - a hash map from strings to pointers, or to small integers.
 *
 * The map copies every key it stores and frees the copies in
 * nm_strmap_free; it never owns the values (callers free what they stored).
 * Iteration order is insertion order, so anything built from it is
 * deterministic.  nm_strmap_free(NULL) is a no-op.
 */
#ifndef NEEDMAP_STRMAP_H
#define NEEDMAP_STRMAP_H

#include <stddef.h>
#include <stdint.h>

typedef struct nm_strmap nm_strmap;

nm_strmap *nm_strmap_new(void);
void nm_strmap_free(nm_strmap *m);

/* Set key -> value, replacing an earlier value.  Returns the entry index. */
size_t nm_strmap_put(nm_strmap *m, const char *key, void *value);
/* The value for key, or NULL when absent (store no NULL values). */
void *nm_strmap_get(const nm_strmap *m, const char *key);
/* 1 and *value set when present, else 0. */
int nm_strmap_find(const nm_strmap *m, const char *key, void **value);
/* The entry index of key, or SIZE_MAX. */
size_t nm_strmap_index(const nm_strmap *m, const char *key);
/* The same for a key of len bytes (no NUL needed, none inside): for hot
 * loops that already know the length. */
size_t nm_strmap_put_len(nm_strmap *m, const char *key, size_t len, void *value);
int nm_strmap_find_len(const nm_strmap *m, const char *key, size_t len, void **value);
size_t nm_strmap_index_len(const nm_strmap *m, const char *key, size_t len);

size_t nm_strmap_count(const nm_strmap *m);
const char *nm_strmap_key_at(const nm_strmap *m, size_t i);   /* i < count */
void *nm_strmap_value_at(const nm_strmap *m, size_t i);
void nm_strmap_set_value_at(nm_strmap *m, size_t i, void *value);

/* 64-bit FNV-1a of n bytes, also used for respondent ids. */
uint64_t nm_hash64(const void *p, size_t n);

/* Spread the bits of a 64-bit word over all of it (MurmurHash3's
 * finaliser): the last step of the maps' and the demand index's hashes. */
static inline uint64_t nm_mix64(uint64_t h)
{
    h ^= h >> 33;
    h *= 0xff51afd7ed558ccdULL;
    h ^= h >> 33;
    h *= 0xc4ceb9fe1a85ec53ULL;
    return h ^ (h >> 33);
}

#endif
