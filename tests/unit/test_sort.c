/* test_sort.c - id sorting (sort.h) and SHA-256 (sha256.h). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "needmap/sha256.h"
#include "needmap/sort.h"

#include "check.h"

static uint64_t rng = 5;
static uint64_t next(void)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return rng;
}

static int cmp(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return x < y ? -1 : x > y;
}

static void ids_sort_like_qsort_for_every_size(void)
{
    /* either side of each method's range: insertion, quicksort, radix */
    static const size_t sizes[] = {0, 1, 2, 31, 32, 33, 47, 1000, 4095, 4096, 4097, 100000};
    for (size_t s = 0; s < 3 * sizeof sizes / sizeof sizes[0]; s++) {
        size_t n = sizes[s / 3];
        int kind = (int)(s % 3); /* mixed; all equal; already sorted descending */
        uint64_t *a = malloc((n + 1) * sizeof *a), *b = malloc((n + 1) * sizeof *b);
        for (size_t i = 0; i < n; i++)
            a[i] = b[i] = kind == 1   ? 42
                          : kind == 2 ? UINT64_MAX - i * 3
                                      : (i % 7 == 0 ? 42 : next() >> (i % 3 ? 0 : 40));
        nm_sort_u64(a, n);
        qsort(b, n, sizeof *b, cmp);
        CHECK(n == 0 || memcmp(a, b, n * sizeof *a) == 0);
        free(a);
        free(b);
    }
}

static void sort_unique_keeps_each_id_once(void)
{
    uint64_t a[] = {9, 3, 9, 1, 3, 3, UINT64_MAX, 0, 1};
    size_t n = nm_sort_unique_u64(a, sizeof a / sizeof a[0]);
    uint64_t want[] = {0, 1, 3, 9, UINT64_MAX};
    CHECK_INT_EQ(n, 5);
    CHECK(memcmp(a, want, sizeof want) == 0);
}

/* The union count against sorting all lists together, on seeded lists with
 * repeats, empty lists, shared values and the extremes of the range. */
static void union_count_matches_sort_unique(void)
{
    uint64_t state = 7;
    for (int round = 0; round < 200; round++) {
        size_t nl = (size_t)(round % 13), total = 0;
        uint64_t *lists[12];
        size_t lens[12];
        for (size_t l = 0; l < nl; l++) {
            lens[l] = (size_t)((state = state * 6364136223846793005ULL + 1) >> 58);
            lists[l] = malloc((lens[l] + 1) * sizeof **lists);
            for (size_t i = 0; i < lens[l]; i++) {
                state = state * 6364136223846793005ULL + 1442695040888963407ULL;
                uint64_t v = state >> 61;  /* few values: many shared and repeated */
                lists[l][i] = v == 7 ? UINT64_MAX : v;
            }
            nm_sort_u64(lists[l], lens[l]); /* ascending, repeats kept */
            total += lens[l];
        }
        uint64_t *all = malloc((total + 1) * sizeof *all);
        size_t k = 0;
        for (size_t l = 0; l < nl; l++) {
            memcpy(all + k, lists[l], lens[l] * sizeof *all);
            k += lens[l];
        }
        size_t want = nm_sort_unique_u64(all, total);
        CHECK_INT_EQ(nm_count_union_u64((const uint64_t *const *)lists, lens, nl), want);
        free(all);
        for (size_t l = 0; l < nl; l++)
            free(lists[l]);
    }
    CHECK_INT_EQ(nm_count_union_u64(NULL, NULL, 0), 0);
}

/* Slices of the hash range (nm_slice_bits, nm_slice_start) cut sorted ids
 * into consecutive runs that cover them all, each id in the slice of its
 * top bits; with 0 bits one slice holds everything. */
static void slices_cover_sorted_ids_by_their_top_bits(void)
{
    size_t n = 5000;
    uint64_t *a = malloc(n * sizeof *a);
    for (size_t i = 0; i < n; i++)
        a[i] = i % 97 == 0 ? UINT64_MAX : next();
    a[0] = 0;
    nm_sort_u64(a, n);
    CHECK_INT_EQ(nm_slice_bits(100), 0);
    CHECK(nm_slice_bits((size_t)1 << 30) == 5);
    for (unsigned bits = 0; bits <= 5; bits++) {
        size_t covered = 0, wrong = 0, slices = (size_t)1 << bits;
        for (uint64_t sl = 0; sl < slices; sl++) {
            size_t from = nm_slice_start(a, n, bits, sl), to = nm_slice_start(a, n, bits, sl + 1);
            CHECK(from == covered);
            for (size_t i = from; i < to; i++)
                wrong += bits && a[i] >> (64 - bits) != sl;
            covered = to;
        }
        CHECK_INT_EQ(covered, n);
        CHECK_INT_EQ(wrong, 0);
    }
    free(a);
}

static void sha256(const void *data, size_t n, size_t piece, char hex[65])
{
    nm_sha256 s;
    unsigned char d[32];
    nm_sha256_init(&s);
    for (size_t i = 0; i < n; i += piece)
        nm_sha256_update(&s, (const char *)data + i, n - i < piece ? n - i : piece);
    nm_sha256_final(&s, d);
    nm_sha256_hex(d, hex);
}

static void sha256_gives_the_published_test_vectors(void)
{
    char hex[65];
    sha256("", 0, 1, hex);
    CHECK_STR_EQ(hex, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    sha256("abc", 3, 1, hex);
    CHECK_STR_EQ(hex, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    const char *two = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
    sha256(two, strlen(two), 7, hex);
    CHECK_STR_EQ(hex, "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
    size_t n = 1000000;
    char *a = malloc(n);
    memset(a, 'a', n);
    sha256(a, n, 65536, hex); /* long blocks: the SHA-NI path where present */
    CHECK_STR_EQ(hex, "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
    sha256(a, n, 63, hex);    /* short pieces: the portable path for most */
    CHECK_STR_EQ(hex, "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
    free(a);
}

int main(void)
{
    RUN(ids_sort_like_qsort_for_every_size);
    RUN(sort_unique_keeps_each_id_once);
    RUN(union_count_matches_sort_unique);
    RUN(slices_cover_sorted_ids_by_their_top_bits);
    RUN(sha256_gives_the_published_test_vectors);
    return check_finish();
}
