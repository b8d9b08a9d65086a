/* replicates.c - Poisson-bootstrap replicate sums per municipality x
 * competence x need, and the respondents' weights. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "needmap/alloc.h"
#include "needmap/replicates.h"
#include "needmap/strmap.h"

/* P(X <= k) for X ~ Poisson(1), times 2^64, rounded down (k = 0..19;
 * computed to 60 digits).  A uniform 64-bit word below entry k and not
 * below entry k - 1 is the weight k. */
static const uint64_t poisson1_cdf[] = {
    0x5e2d58d8b3bcdf1aULL, 0xbc5ab1b16779be35ULL, 0xeb715e1dc1582dc2ULL,
    0xfb23979734a252f1ULL, 0xff1025f59174dc3dULL, 0xffd90f3ba4055e19ULL,
    0xfffa8b71fc72c913ULL, 0xffff540c0914b3c9ULL, 0xffffed1f4aa8f120ULL,
    0xfffffe216e641462ULL, 0xffffffd4d85d3183ULL, 0xfffffffc6da262b4ULL,
    0xffffffffba12d178ULL, 0xfffffffffb07c64cULL, 0xffffffffffab8ea5ULL,
    0xfffffffffffabe22ULL, 0xffffffffffffb11aULL, 0xfffffffffffffba1ULL,
    0xffffffffffffffc5ULL, 0xfffffffffffffffdULL};
enum { NCDF = sizeof poisson1_cdf / sizeof poisson1_cdf[0] };

/* A group's key as stored: municipality, need and kind first, then the
 * code or label ("2506\x1f" "1" "C" "2221"). */
typedef struct group_key {
    char municipality[5];
    char code[5];
    const char *label;      /* into the map's copy of the key */
    unsigned char unclassified, need;
} group_key;

struct nm_replicates {
    unsigned b;
    uint64_t seed;
    nm_strmap *map;          /* key -> entry index = group */
    group_key *keys;         /* [groups] */
    double *sum;             /* [groups * b], thousandths */
    size_t n, cap;
    uint64_t last;           /* the respondent whose weights are in w */
    int have_last;
    unsigned char *w;        /* [b] */
    char *text;              /* scratch for a key */
    size_t text_cap;
};

/* SplitMix64's step: a counter-based generator, so a weight depends only
 * on (seed, respondent, b). */
static uint64_t splitmix(uint64_t x)
{
    x += 0x9e3779b97f4a7c15ULL;
    x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
    x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
    return x ^ (x >> 31);
}

unsigned nm_replicates_weight(uint64_t seed, uint64_t respondent, unsigned b)
{
    uint64_t base = splitmix(splitmix(seed) ^ nm_mix64(respondent));
    uint64_t z = splitmix(base + (uint64_t)b * 0xd1b54a32d192ed03ULL);
    unsigned k = 0;
    while (k < NCDF && z >= poisson1_cdf[k])
        k++;
    return k;
}

nm_replicates *nm_replicates_new(unsigned b, uint64_t seed)
{
    nm_replicates *r = nm_calloc(1, sizeof *r);
    r->b = b ? b : 1;
    r->seed = seed;
    r->map = nm_strmap_new();
    r->w = nm_calloc(r->b, 1);
    return r;
}

void nm_replicates_free(nm_replicates *r)
{
    if (!r)
        return;
    nm_strmap_free(r->map);
    free(r->keys);
    free(r->sum);
    free(r->w);
    free(r->text);
    free(r);
}

/* The group of a key, made when new (sums zero). */
static size_t group_for(nm_replicates *r, const char *municipality, const char *code,
                        const char *label, int unclassified, nm_need need)
{
    const char *what = code[0] ? code : unclassified ? "" : label ? label : "";
    size_t len = strlen(what) + 16;
    NM_GROW(r->text, r->text_cap, len);
    int n = snprintf(r->text, r->text_cap, "%.4s\x1f%u%c%s", municipality, (unsigned)need,
                     code[0] ? 'C' : unclassified ? 'U' : 'L', what);
    size_t g = nm_strmap_index_len(r->map, r->text, (size_t)n);
    if (g != SIZE_MAX)
        return g;
    g = nm_strmap_put_len(r->map, r->text, (size_t)n, NULL); /* entry index: r->n */
    if (r->n == r->cap) {
        size_t cap = r->cap;
        NM_GROW(r->keys, cap, r->n + 1);
        r->sum = nm_reallocarray(r->sum, cap, (size_t)r->b * sizeof *r->sum);
        r->cap = cap;
    }
    group_key *k = &r->keys[r->n];
    memset(k, 0, sizeof *k);
    memcpy(k->municipality, municipality, 4);
    if (code[0])
        snprintf(k->code, sizeof k->code, "%s", code);
    k->unclassified = (unsigned char)(!code[0] && unclassified);
    k->need = (unsigned char)need;
    memset(&r->sum[r->n * r->b], 0, (size_t)r->b * sizeof *r->sum);
    r->n++;
    return g;
}

void nm_replicates_add(nm_replicates *r, const char *municipality, const char *code,
                       const char *label, int unclassified, nm_need need, uint64_t respondent,
                       double milli)
{
    size_t g = group_for(r, municipality, code, label, unclassified, need);
    if (!r->have_last || r->last != respondent) {
        for (unsigned b = 0; b < r->b; b++)
            r->w[b] = (unsigned char)nm_replicates_weight(r->seed, respondent, b);
        r->last = respondent;
        r->have_last = 1;
    }
    double *s = &r->sum[g * r->b];
    for (unsigned b = 0; b < r->b; b++)
        s[b] += r->w[b] * milli;
}

void nm_replicates_absorb(nm_replicates *r, nm_replicates *src)
{
    for (size_t i = 0; i < src->n; i++) {
        const group_key *k = &src->keys[i];
        const char *key = nm_strmap_key_at(src->map, i);
        const char *label = k->code[0] || k->unclassified ? NULL : strchr(key, '\x1f') + 3;
        size_t g = group_for(r, k->municipality, k->code, label, k->unclassified,
                             (nm_need)k->need);
        double *t = &r->sum[g * r->b];
        const double *f = &src->sum[i * src->b];
        for (unsigned b = 0; b < r->b; b++)
            t[b] += f[b];
    }
    nm_replicates_free(src);
}

unsigned nm_replicates_b(const nm_replicates *r) { return r->b; }
uint64_t nm_replicates_seed(const nm_replicates *r) { return r->seed; }
size_t nm_replicates_count(const nm_replicates *r) { return r->n; }

void nm_replicates_group(const nm_replicates *r, size_t i, nm_replicate_group *out)
{
    const group_key *k = &r->keys[i];
    memset(out, 0, sizeof *out);
    memcpy(out->municipality, k->municipality, sizeof out->municipality);
    memcpy(out->code, k->code, sizeof out->code);
    out->unclassified = k->unclassified;
    out->need = (nm_need)k->need;
    if (!k->code[0] && !k->unclassified)
        out->label = strchr(nm_strmap_key_at(r->map, i), '\x1f') + 3;
    out->sum = &r->sum[i * r->b];
}
