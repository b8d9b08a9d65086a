/* read_check.c - read bytes with the reader and check its rows (see
 * read_check.h). */
#define _GNU_SOURCE /* fmemopen */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "read_check.h"

typedef struct row_check {
    uint64_t rows;
    uint64_t last_line;
    uint64_t digest;
} row_check;

static void mix(uint64_t *h, const void *p, size_t n)
{
    const unsigned char *s = p;
    for (size_t i = 0; i < n; i++)
        *h = (*h ^ s[i]) * 1099511628211u;
}

static void mix_u64(uint64_t *h, uint64_t v)
{
    mix(h, &v, sizeof v);
}

static void check_fields(row_check *c, const nm_row *row)
{
    FUZZ_CHECK(row->nfields == 0 || (row->fields && row->lens));
    for (size_t i = 0; i < row->nfields; i++) {
        const char *f = row->fields[i];
        FUZZ_CHECK(f != NULL);
        FUZZ_CHECK(f[row->lens[i]] == '\0');
        FUZZ_CHECK(fuzz_valid_utf8(f, row->lens[i]));
        mix_u64(&c->digest, row->lens[i]);
        mix(&c->digest, f, row->lens[i]);
    }
}

static int on_row(void *ctx, const nm_row *row)
{
    row_check *c = ctx;
    FUZZ_CHECK(row->kind <= NM_ROW_EMPTY_GROUP);
    FUZZ_CHECK(row->line >= 1 && row->end_line >= row->line);
    FUZZ_CHECK(row->line >= c->last_line);
    c->last_line = row->line;
    c->rows++;
    mix_u64(&c->digest, (uint64_t)row->kind);
    mix_u64(&c->digest, row->line);
    mix_u64(&c->digest, row->end_line);
    mix_u64(&c->digest, row->nfields);
    mix_u64(&c->digest, (uint64_t)row->synthetic);
    if (row->kind == NM_ROW_MALFORMED) {
        FUZZ_CHECK(row->problem != NULL && row->problem[0] != '\0');
        FUZZ_CHECK(row->bad_col >= 1);
        mix_u64(&c->digest, row->bad_col);
        mix(&c->digest, row->problem, strlen(row->problem));
    }
    check_fields(c, row);
    return 0;
}

read_result fuzz_read(const uint8_t *data, size_t size, const nm_read_opts *opts,
                      const read_result *before)
{
    /* a copy of the bytes, so that no reader can rely on what follows them */
    char *copy = malloc(size ? size : 1);
    FUZZ_CHECK(copy != NULL);
    if (size)
        memcpy(copy, data, size);
    FILE *in = fmemopen(copy, size, "rb");
    FUZZ_CHECK(in != NULL);
    row_check c = {0, 0, 14695981039346656037u};
    if (before)
        c = (row_check){before->rows, before->last_line, before->digest};
    read_result r;
    nm_error err;
    r.status = nm_read_stream(in, "fuzz.csv", opts, on_row, &c, &r.info, &err);
    FUZZ_CHECK(r.status == NM_OK || r.status == NM_ERR_INPUT);
    FUZZ_CHECK(r.status == NM_OK || err.msg[0] != '\0');
    /* every byte is read (and hashed), also after an error, except by a
     * part after the first, and for a file refused at its first chunk
     * (binary, empty: reading stops at once, /dev/zero never ends) */
    FUZZ_CHECK(r.info.bytes == size || (opts && opts->start > 0) ||
               (r.status != NM_OK && !r.info.decoded));
    fclose(in);
    free(copy);
    r.rows = c.rows;
    r.last_line = c.last_line;
    r.digest = c.digest;
    return r;
}

nm_read_opts fuzz_read_opts(const uint8_t *data, size_t size)
{
    static const char delims[] = {0, ',', ';', '\t', '|'};
    static const nm_encoding encs[] = {NM_ENC_UTF8, NM_ENC_UTF8_BOM, NM_ENC_UTF16LE,
                                       NM_ENC_UTF16BE, NM_ENC_CP1252};
    uint32_t h = fuzz_hash(data, size);
    nm_read_opts o = {0};
    o.delimiter = delims[h % 5];
    h /= 5;
    o.force_encoding = h % 6 != 5;
    o.encoding = encs[o.force_encoding ? h % 6 : 0];
    return o;
}
