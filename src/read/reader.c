/* reader.c - open an export, choose its encoding and format, hand it to the
 * CSV or JSON reader. */
#include <errno.h>
#include <string.h>

#include <stdlib.h>

#include "needmap/alloc.h"
#include "needmap/reader.h"

const char *nm_delimiter_name(char delimiter)
{
    switch (delimiter) {
    case ',': return "comma";
    case ';': return "semicolon";
    case '\t': return "tab";
    case '|': return "pipe";
    }
    return "unknown";
}

static int starts_like_json(const nm_buf *text)
{
    for (size_t i = 0; i < text->len; i++) {
        char c = text->data[i];
        if (c == ' ' || c == '\t' || c == '\r' || c == '\n')
            continue;
        return c == '{' || c == '[';
    }
    return 0;
}

nm_status nm_read_raw(FILE *in, const char *name, unsigned char *raw, size_t *n, int *eof,
                      nm_read_info *info, nm_sha256 *hash, nm_error *err)
{
    *n = fread(raw, 1, NM_READ_CHUNK, in);
    if (ferror(in))
        return nm_error_set(err, NM_ERR_INPUT, name, 0, 0, "cannot read: %s", strerror(errno));
    info->bytes += *n;
    nm_sha256_update(hash, raw, *n);
    *eof = *n < NM_READ_CHUNK;
    return NM_OK;
}

/* Hash what the readers left unread, so every input gets its checksum. */
static void finish_hash(FILE *in, const char *name, unsigned char *raw, nm_read_info *info,
                        nm_sha256 *hash)
{
    int eof = feof(in) != 0;
    size_t n;
    nm_error ignored;
    while (!eof && nm_read_raw(in, name, raw, &n, &eof, info, hash, &ignored) == NM_OK)
        ;
    unsigned char digest[32];
    nm_sha256_final(hash, digest);
    nm_sha256_hex(digest, info->sha256);
}

nm_status nm_read_stream(FILE *in, const char *name, const nm_read_opts *opts,
                         nm_row_fn fn, void *ctx, nm_read_info *info, nm_error *err)
{
    static const nm_read_opts defaults = {0};
    nm_buf text = {0};
    nm_sha256 hash;
    size_t n;
    int eof;

    if (!opts)
        opts = &defaults;
    memset(info, 0, sizeof *info);
    nm_sha256_init(&hash);
    unsigned char *raw = nm_malloc(NM_READ_CHUNK);
    nm_status st = nm_read_raw(in, name, raw, &n, &eof, info, &hash, err);
    if (st == NM_OK && opts->force_encoding) {
        nm_decoder_force(&info->dec, opts->encoding, raw, n);
        if (!n)
            st = nm_error_set(err, NM_ERR_INPUT, name, 0, 0,
                              "file is empty: expected a survey export with a header row");
    } else if (st == NM_OK) {
        st = nm_decoder_detect(&info->dec, raw, n, name, err);
    }
    if (st == NM_OK) {
        info->decoded = 1;
        nm_decoder_feed(&info->dec, raw, n, eof, &text);
        if (starts_like_json(&text)) {
            info->format = NM_FORMAT_JSON;
            st = nm_read_json(in, name, &text, fn, ctx, info, &hash, err);
        } else {
            info->format = NM_FORMAT_CSV;
            st = nm_read_csv(in, name, &text, opts->delimiter, fn, ctx, info, &hash, err);
        }
    }
    finish_hash(in, name, raw, info, &hash);
    free(raw);
    nm_buf_free(&text);
    return st;
}
