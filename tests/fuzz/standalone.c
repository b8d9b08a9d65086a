/* standalone.c - run a fuzz harness without libFuzzer (builds whose
 * compiler has none, such as gcc's).
 *
 *     fuzz_X [-m N] PATH...
 *
 * Every file named, and every file under each directory named (in sorted
 * order), is given to LLVMFuzzerTestOneInput as it is and then N times
 * changed by a small deterministic mutation (a bit flipped, a byte set to
 * a character that matters to a reader, a run deleted or repeated, the
 * end cut off, a byte-order mark put in front): the same inputs on every
 * run.  A failed check or a sanitizer report aborts; exit 0 after all.
 */
#define _XOPEN_SOURCE 700 /* nftw */
#include <ftw.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"

typedef struct paths {
    char **v;
    size_t n, cap;
} paths;

static paths found;

static int add_path(const char *path, const struct stat *st, int type, struct FTW *ftw)
{
    (void)st;
    (void)ftw;
    if (type != FTW_F)
        return 0;
    if (found.n == found.cap) {
        found.cap = found.cap ? found.cap * 2 : 64;
        found.v = realloc(found.v, found.cap * sizeof *found.v);
        if (!found.v)
            abort();
    }
    found.v[found.n] = strdup(path);
    if (!found.v[found.n++])
        abort();
    return 0;
}

static int by_name(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static uint8_t *read_all(const char *path, size_t *size)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        perror(path);
        exit(1);
    }
    size_t cap = 4096, n = 0, k;
    uint8_t *buf = malloc(cap);
    while (buf && (k = fread(buf + n, 1, cap - n, f)) > 0) {
        n += k;
        if (n == cap)
            buf = realloc(buf, cap *= 2);
    }
    if (!buf || ferror(f))
        abort();
    fclose(f);
    *size = n;
    return buf;
}

static uint64_t next(uint64_t *s)
{
    *s ^= *s << 13;
    *s ^= *s >> 7;
    *s ^= *s << 17;
    return *s;
}

/* One mutation of in[0..n) into out (room for 2n + 3 bytes); its length. */
static size_t mutate(const uint8_t *in, size_t n, uint64_t *rng, uint8_t *out)
{
    static const uint8_t special[] = {0, '"', '\n', '\r', ',', ';', '\t', '|', '{', '[',
                                      0xC3, 0xEF, 0xFF, 0xFE, 0x80, 0xE2};
    memcpy(out, in, n);
    size_t at = n ? (size_t)(next(rng) % n) : 0, len = n - at;
    size_t run = len ? 1 + (size_t)(next(rng) % (len < 64 ? len : 64)) : 0;
    switch (next(rng) % 6) {
    case 0:
        if (n)
            out[at] ^= (uint8_t)(1u << (next(rng) % 8));
        return n;
    case 1:
        if (n)
            out[at] = special[next(rng) % sizeof special];
        return n;
    case 2: /* delete a run */
        memmove(out + at, in + at + run, len - run);
        return n - run;
    case 3: /* repeat a run */
        memcpy(out + at + run, in + at, len);
        return n + run;
    case 4: /* cut the end off */
        return at;
    default:
        memcpy(out, "\xEF\xBB\xBF", 3);
        memcpy(out + 3, in, n);
        return n + 3;
    }
}

static void run_file(const char *path, long mutations, uint64_t *runs)
{
    size_t n;
    uint8_t *data = read_all(path, &n);
    uint8_t *copy = malloc(n ? n : 1), *out = malloc(2 * n + 3);
    if (!copy || !out)
        abort();
    memcpy(copy, data, n); /* exactly n bytes: reading past them is caught */
    LLVMFuzzerTestOneInput(copy, n);
    free(copy);
    uint64_t rng = 0x9E3779B97F4A7C15u ^ (uint64_t)n;
    for (long m = 0; m < mutations; m++) {
        size_t k = mutate(data, n, &rng, out);
        uint8_t *exact = malloc(k ? k : 1);
        if (!exact)
            abort();
        memcpy(exact, out, k);
        LLVMFuzzerTestOneInput(exact, k);
        free(exact);
    }
    *runs += 1 + (uint64_t)mutations;
    free(data);
    free(out);
}

int main(int argc, char **argv)
{
    long mutations = 0;
    int i = 1;
    if (i + 1 < argc && strcmp(argv[i], "-m") == 0) {
        mutations = strtol(argv[i + 1], NULL, 10);
        i += 2;
    }
    for (; i < argc; i++) {
        if (nftw(argv[i], add_path, 16, FTW_PHYS) != 0) {
            perror(argv[i]);
            return 1;
        }
    }
    if (found.n == 0) {
        fprintf(stderr, "usage: %s [-m N] FILE|DIR...: no input found\n", argv[0]);
        return 1;
    }
    qsort(found.v, found.n, sizeof *found.v, by_name);
    uint64_t runs = 0;
    for (size_t k = 0; k < found.n; k++) {
        run_file(found.v[k], mutations, &runs);
        free(found.v[k]);
    }
    free(found.v);
    printf("%zu inputs, %llu runs, no failure\n", found.n, (unsigned long long)runs);
    return 0;
}
