/* strmap.c - open-addressing string hash map with insertion-ordered entries. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "needmap/alloc.h"
#include "needmap/strmap.h"

typedef struct entry {
    char *key;      /* owned copy, NUL-terminated */
    void *value;    /* not owned */
    uint64_t hash;  /* key_hash */
    size_t len;     /* strlen(key) */
} entry;

typedef struct slot {
    uint32_t tag;      /* high half of the key's hash: most misses stop here */
    uint32_t index;    /* index + 1 into entries; 0 = empty */
} slot;

struct nm_strmap {
    entry *entries;    /* insertion order */
    size_t count, cap;
    slot *slots;
    size_t nslots;     /* power of two */
};

uint64_t nm_hash64(const void *p, size_t n)
{
    const unsigned char *s = p;
    uint64_t h = 14695981039346656037ULL; /* FNV-1a offset basis */
    for (size_t i = 0; i < n; i++) {
        h ^= s[i];
        h *= 1099511628211ULL;
    }
    return h;
}

/* The map's own hash (not nm_hash64, whose values are respondent ids):
 * eight bytes at a time, since a million-row file looks up every cell's
 * text.  Only the slots depend on it; iteration order never does. */
static uint64_t load64(const unsigned char *p)
{
    uint64_t v;
    memcpy(&v, p, sizeof v);
    return v;
}

static uint64_t load32(const unsigned char *p)
{
    uint32_t v;
    memcpy(&v, p, sizeof v);
    return v;
}

static uint64_t key_hash(const char *key, size_t n)
{
    const unsigned char *p = (const unsigned char *)key;
    uint64_t h = 0x9e3779b97f4a7c15ULL ^ n, a, b;
    if (n >= 8) {
        for (size_t i = n; i > 16; i -= 8, p += 8)
            h = (h ^ load64(p)) * 0x9ddfea08eb382d69ULL;
        a = load64(p);                                   /* 8 <= rest <= 16 */
        b = load64((const unsigned char *)key + n - 8);  /* the last 8 */
    } else if (n >= 4) {
        a = load32(p);
        b = load32(p + n - 4);
    } else {
        a = n ? (uint64_t)p[0] << 16 | (uint64_t)p[n >> 1] << 8 | p[n - 1] : 0;
        b = 0;
    }
    return nm_mix64(h ^ a * 0xc2b2ae3d27d4eb4fULL ^ (b << 31 | b >> 33));
}

nm_strmap *nm_strmap_new(void)
{
    nm_strmap *m = nm_calloc(1, sizeof *m);
    m->nslots = 16;
    m->slots = nm_calloc(m->nslots, sizeof *m->slots);
    return m;
}

void nm_strmap_free(nm_strmap *m)
{
    if (!m)
        return;
    for (size_t i = 0; i < m->count; i++)
        free(m->entries[i].key);
    free(m->entries);
    free(m->slots);
    free(m);
}

static size_t probe(const nm_strmap *m, const char *key, size_t len, uint64_t h)
{
    size_t mask = m->nslots - 1;
    size_t i = (size_t)h & mask;
    uint32_t tag = (uint32_t)(h >> 32);
    while (m->slots[i].index) {
        if (m->slots[i].tag == tag) {
            const entry *e = &m->entries[m->slots[i].index - 1];
            if (e->hash == h && e->len == len && memcmp(e->key, key, len) == 0)
                return i;
        }
        i = (i + 1) & mask;
    }
    return i;
}

static void rehash(nm_strmap *m)
{
    free(m->slots);
    m->nslots *= 2;
    m->slots = nm_calloc(m->nslots, sizeof *m->slots);
    size_t mask = m->nslots - 1;
    for (size_t k = 0; k < m->count; k++) {
        size_t i = (size_t)m->entries[k].hash & mask;
        while (m->slots[i].index)
            i = (i + 1) & mask;
        m->slots[i] = (slot){(uint32_t)(m->entries[k].hash >> 32), (uint32_t)(k + 1)};
    }
}

size_t nm_strmap_put_len(nm_strmap *m, const char *key, size_t len, void *value)
{
    uint64_t h = key_hash(key, len);
    size_t i = probe(m, key, len, h);
    if (m->slots[i].index) {
        m->entries[m->slots[i].index - 1].value = value;
        return m->slots[i].index - 1;
    }
    NM_GROW(m->entries, m->cap, m->count + 1);
    m->entries[m->count] = (entry){nm_strndup(key, len), value, h, len};
    m->slots[i] = (slot){(uint32_t)(h >> 32), (uint32_t)++m->count};
    if (m->count * 2 > m->nslots)
        rehash(m);
    return m->count - 1;
}

size_t nm_strmap_put(nm_strmap *m, const char *key, void *value)
{
    return nm_strmap_put_len(m, key, strlen(key), value);
}

size_t nm_strmap_index_len(const nm_strmap *m, const char *key, size_t len)
{
    size_t i = probe(m, key, len, key_hash(key, len));
    return m->slots[i].index ? m->slots[i].index - 1 : SIZE_MAX;
}

size_t nm_strmap_index(const nm_strmap *m, const char *key)
{
    return nm_strmap_index_len(m, key, strlen(key));
}

int nm_strmap_find_len(const nm_strmap *m, const char *key, size_t len, void **value)
{
    size_t k = nm_strmap_index_len(m, key, len);
    if (k == SIZE_MAX)
        return 0;
    if (value)
        *value = m->entries[k].value;
    return 1;
}

int nm_strmap_find(const nm_strmap *m, const char *key, void **value)
{
    return nm_strmap_find_len(m, key, strlen(key), value);
}

void *nm_strmap_get(const nm_strmap *m, const char *key)
{
    void *v = NULL;
    nm_strmap_find(m, key, &v);
    return v;
}

size_t nm_strmap_count(const nm_strmap *m) { return m->count; }
const char *nm_strmap_key_at(const nm_strmap *m, size_t i) { return m->entries[i].key; }
void *nm_strmap_value_at(const nm_strmap *m, size_t i) { return m->entries[i].value; }
void nm_strmap_set_value_at(nm_strmap *m, size_t i, void *value) { m->entries[i].value = value; }
