/* parts.c - where a large CSV export may be cut into parts that threads
 * read at once (batch.c): only at line starts, and only for files whose
 * bytes say what every part needs to know (CSV, an 8-bit-safe encoding). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "needmap/alloc.h"
#include "needmap/buf.h"
#include "needmap/ingest.h"
#include "needmap/sha256.h"

#include "ingest_parts.h"

enum { PEEK = 1 << 16 };

/* 1 when the first bytes are CSV in UTF-8 or Windows-1252 (LF and CR are
 * single bytes, so a part may start after any LF). */
static int splittable_head(const nm_mapping *map, const unsigned char *head, size_t n)
{
    nm_decoder dec;
    nm_error ignored;
    if (map && map->has_encoding)
        nm_decoder_force(&dec, map->encoding, head, n);
    else if (nm_decoder_detect(&dec, head, n, "", &ignored) != NM_OK)
        return 0;
    if (dec.enc == NM_ENC_UTF16LE || dec.enc == NM_ENC_UTF16BE)
        return 0;
    nm_buf text = {0}; /* JSON starts with { or [, decided as the reader decides */
    nm_decoder_feed(&dec, head, n, 0, &text);
    int csv = 1;
    for (size_t i = 0; i < text.len; i++) {
        char c = text.data[i];
        if (c == ' ' || c == '\t' || c == '\r' || c == '\n')
            continue;
        csv = c != '{' && c != '[';
        break;
    }
    nm_buf_free(&text);
    return csv;
}

/* The offset just after the first LF at or after pos - 1, or size. */
static uint64_t line_start_from(FILE *f, uint64_t pos, uint64_t size, unsigned char *buf)
{
    uint64_t at = pos - 1;
    while (at < size) {
        if (fseeko(f, (off_t)at, SEEK_SET) != 0)
            return size;
        size_t n = fread(buf, 1, PEEK, f);
        if (n == 0)
            return size;
        const unsigned char *nl = memchr(buf, '\n', n);
        if (nl)
            return at + (uint64_t)(nl - buf) + 1;
        at += n;
    }
    return size;
}

/* Part 0's thread also hashes the whole file (it is read in order from
 * the start), and each later part first counts the lines of the part
 * before it (see batch.c), so part 0 is given fewer bytes and the others
 * share the rest: all end together.  With hashing R times and counting
 * lines C times faster than reading rows, part 0's b0 solves
 * b0 + size / R = e (1 + 1 / C), e = (size - b0) / (n - 1):
 * b0 = size (q - 1 / R) / (1 + q), q = (1 + 1 / C) / (n - 1); at least a
 * quarter of an equal part.  In two parts, part 0's thread then merges
 * part 1's table while it is read (batch.c, help_merge), M times faster
 * than reading it: b0 + size / R + (size - b0) / M = (size - b0) q, so
 * b0 = size (q - 1 / R - 1 / M) / (1 + q - 1 / M). */
static uint64_t first_part(uint64_t size, uint64_t n)
{
    /* R, C and M as measured (docs/performance.md, "Parts") */
    double r = nm_sha256_hardware() ? 5.5 : 1.5;
    double c = 20.0;
    double m = n == 2 ? 1.0 / 12.0 : 0.0;
    double q = (1.0 + 1.0 / c) / (double)(n - 1);
    double share = (q - 1.0 / r - m) / (1.0 + q - m);
    if (share < 0.25 / (double)n)
        share = 0.25 / (double)n;
    return (uint64_t)((double)size * share);
}

size_t nm_ingest_plan_parts(const nm_ingest *g, const char *path, uint64_t part_bytes,
                            uint64_t **bounds)
{
    *bounds = NULL;
    struct stat st;
    if (part_bytes == 0 || strcmp(path, "-") == 0 || stat(path, &st) != 0 ||
        !S_ISREG(st.st_mode) || (uint64_t)st.st_size <= part_bytes)
        return 1;
    nm_mapping *beside = NULL; /* this export's mapping (reading says if it is bad) */
    const nm_mapping *map = NULL;
    nm_error ignored;
    FILE *f = NULL;
    if (nmi_choose_mapping(g, path, &beside, &map, &ignored) != NM_OK ||
        (map && map->header_line) || !(f = fopen(path, "rb"))) {
        nm_mapping_free(beside);
        return 1;
    }
    uint64_t size = (uint64_t)st.st_size;
    unsigned char *buf = nm_malloc(PEEK);
    size_t n = fread(buf, 1, PEEK, f), nparts = 1;
    if (n > 0 && splittable_head(map, buf, n)) {
        uint64_t want = (size + part_bytes - 1) / part_bytes, first = first_part(size, want);
        uint64_t *b = nm_calloc(want + 2, sizeof *b);
        b[0] = 0;
        for (uint64_t k = 1; k < want; k++) { /* the rest in equal parts after part 0 */
            uint64_t cut = first + (k - 1) * ((size - first) / (want - 1));
            uint64_t from = cut > b[nparts - 1] ? cut : b[nparts - 1] + 1;
            uint64_t at = line_start_from(f, from, size, buf);
            if (at >= size)
                break; /* no line start after this: scanning again would find none */
            if (at > b[nparts - 1])
                b[nparts++] = at;
        }
        b[nparts] = size;
        if (nparts > 1)
            *bounds = b;
        else
            free(b);
    }
    free(buf);
    fclose(f);
    nm_mapping_free(beside);
    return nparts;
}
