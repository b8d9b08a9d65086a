/* reader.c - open an export, choose its encoding and format, hand it to the
 * CSV, JSON or .xlsx reader. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "needmap/alloc.h"
#include "needmap/reader.h"

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

/* 1 unless in is a pipe, terminal or device, which may never end (a
 * stream without a descriptor is a memory buffer: it ends). */
static int finite(FILE *in)
{
    struct stat st;
    int fd = fileno(in);
    return fd < 0 || (fstat(fd, &st) == 0 && S_ISREG(st.st_mode));
}

/* Hash what the readers left unread, so every input gets its checksum (the
 * first part of a file read in parts hashes the rest of the file too) -
 * unless read_rest is 0: then the checksum covers the bytes read. */
static void finish_hash(FILE *in, const char *name, unsigned char *raw, nm_read_info *info,
                        nm_sha256 *hash, int read_rest)
{
    int eof = !read_rest || (feof(in) != 0 && !info->limit);
    info->limit = 0;
    size_t n;
    nm_error ignored;
    while (!eof && nm_read_raw(in, name, raw, &n, &eof, info, hash, &ignored) == NM_OK)
        ;
    unsigned char digest[32];
    nm_sha256_final(hash, digest);
    nm_sha256_hex(digest, info->sha256);
}

/* A later part of a file read in parts: CSV in a known encoding, from its
 * start offset to its end. */
static nm_status read_part(FILE *in, const char *name, const nm_read_opts *opts, nm_row_fn fn,
                           void *ctx, nm_read_info *info, nm_error *err)
{
    size_t n;
    int eof;
    unsigned char *raw = nm_malloc(NM_READ_CHUNK);
    info->limit = opts->end ? opts->end - opts->start : 0;
    nm_status st = NM_OK;
    if (fseeko(in, (off_t)opts->start, SEEK_SET) != 0)
        st = nm_error_set(err, NM_ERR_INPUT, name, 0, 0, "cannot read: %s", strerror(errno));
    if (st == NM_OK)
        st = nm_read_raw(in, name, raw, &n, &eof, info, NULL, err);
    if (st == NM_OK) {
        nm_decoder_force(&info->dec, opts->encoding, raw, n);
        info->dec.line = opts->first_line;
        info->decoded = 1;
        info->format = NM_FORMAT_CSV;
        st = nm_read_csv(in, name, raw, n, eof, opts, fn, ctx, info, NULL, err);
    }
    free(raw);
    return st;
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
    if (opts->start > 0)
        return read_part(in, name, opts, fn, ctx, info, err);
    nm_sha256_init(&hash);
    unsigned char *raw = nm_malloc(NM_READ_CHUNK);
    nm_status st = nm_read_raw(in, name, raw, &n, &eof, info, &hash, err);
    int workbook = st == NM_OK && nm_xlsx_signature(raw, n);
    if (workbook) {
        st = nm_read_xlsx(in, name, raw, n, eof, opts, fn, ctx, info, &hash, err);
    } else if (st == NM_OK && opts->force_encoding) {
        nm_decoder_force(&info->dec, opts->encoding, raw, n);
        if (!n)
            st = nm_error_set(err, NM_ERR_INPUT, name, 0, 0,
                              "file is empty: expected a survey export with a header row");
        else if (n == info->dec.skip)
            st = nm_error_set(err, NM_ERR_INPUT, name, 0, 0,
                              "file holds only a byte-order mark: expected a survey export");
    } else if (st == NM_OK) {
        st = nm_decoder_detect(&info->dec, raw, n, name, err);
    }
    /* refused at the first chunk (binary, empty): read no more, even to
     * finish the checksum; /dev/zero never ends */
    int refused = st != NM_OK && !workbook;
    nm_read_opts o = *opts;
    if (st == NM_OK && !workbook) {
        info->decoded = 1;
        nm_decoder probe = info->dec; /* decide the format on the whole first chunk */
        nm_decoder_feed(&probe, raw, n, eof, &text);
        if (starts_like_json(&text)) {
            info->dec = probe;
            info->format = NM_FORMAT_JSON;
            st = nm_read_json(in, name, &text, fn, ctx, info, &hash, err);
        } else {
            /* a first part that ends inside the first chunk: sniff the
             * delimiter on the whole chunk, as a whole read does, then read
             * only the part */
            size_t use = n;
            int final = eof;
            info->limit = o.end;
            if (o.end && o.end < info->bytes) {
                if (!o.delimiter)
                    o.sniffed = nm_sniff_delimiter(nm_buf_str(&text), text.len);
                use = (size_t)o.end;
                final = 1;
                info->limit = info->bytes; /* read nothing more */
            }
            info->format = NM_FORMAT_CSV;
            st = nm_read_csv(in, name, raw, use, final, &o, fn, ctx, info, &hash, err);
        }
    }
    /* stopped early (an error, or the caller had enough): the rest of a
     * file is still hashed, not the rest of a pipe or device */
    int read_rest = !refused && ((st == NM_OK && !info->stopped) || finite(in));
    finish_hash(in, name, raw, info, &hash, read_rest);
    free(raw);
    nm_buf_free(&text);
    return st;
}
