/* decode.h - turn the bytes of an export into UTF-8 text, chunk by chunk.
 *
 * A nm_decoder is a plain value the caller owns (no heap memory; nothing to
 * free).  nm_decoder_detect looks at the first bytes of a file and chooses an
 * encoding; nm_decoder_feed then converts chunk after chunk, appending valid
 * UTF-8 to a caller-owned nm_buf, carrying incomplete sequences over to the
 * next call.  A lone CR (old Mac line end) becomes LF; CR LF is kept, so
 * every line ends in LF and quoted fields keep their line breaks.
 */
#ifndef NEEDMAP_DECODE_H
#define NEEDMAP_DECODE_H

#include <stddef.h>
#include <stdint.h>

#include "needmap/buf.h"
#include "needmap/status.h"

typedef enum nm_encoding {
    NM_ENC_UTF8,      /* UTF-8 without BOM */
    NM_ENC_UTF8_BOM,  /* UTF-8 with BOM (Excel "CSV UTF-8") */
    NM_ENC_UTF16LE,   /* with BOM, or detected from NUL patterns */
    NM_ENC_UTF16BE,
    NM_ENC_CP1252     /* Windows-1252: older Excel "CSV (semicolon)" */
} nm_encoding;

typedef struct nm_decoder {
    nm_encoding enc;          /* chosen by nm_decoder_detect */
    int had_bom;              /* 1 when a byte-order mark was skipped */
    size_t skip;              /* BOM bytes still to skip */
    unsigned char carry[8];   /* incomplete sequence from the last chunk (at most 3 bytes) */
    size_t ncarry;
    int pending_cr;           /* last chunk ended in CR */
    uint64_t line;            /* current output line (1-based) */
    uint64_t fallback_bytes;  /* invalid UTF-8 bytes read as Windows-1252 */
    uint64_t fallback_line;   /* first line where that happened, 0 if none */
    uint64_t nul_line;        /* first line holding a NUL character, 0 if none */
    /* Called for each fallback byte with its line, or NULL: the CSV reader
     * counts only the bytes of lines it read when it stops early (the
     * decoder runs a chunk ahead of it).  Not owned. */
    void (*on_fallback)(void *ctx, uint64_t line);
    void *fallback_ctx;
} nm_decoder;

/* Human name of an encoding: "UTF-8", "UTF-8 with BOM", ... */
const char *nm_encoding_name(nm_encoding enc);

/* Choose the encoding from the first n bytes of a file (n may be the whole
 * file when it is small).  Fails with NM_ERR_INPUT on an empty file or one
 * that holds binary data. name is the file name used in messages. */
nm_status nm_decoder_detect(nm_decoder *d, const unsigned char *head, size_t n,
                            const char *name, nm_error *err);

/* Force an encoding (from a mapping file) instead of detecting it.  A BOM
 * of the forced encoding is still skipped. */
void nm_decoder_force(nm_decoder *d, nm_encoding enc, const unsigned char *head,
                      size_t n);

/* Parse an encoding name ("utf-8", "windows-1252", "cp1252", "latin1",
 * "utf-16le", "utf-16be"); 0 and *enc set on success, -1 when unknown. */
int nm_encoding_parse(const char *name, nm_encoding *enc);

/* Append the UTF-8 text of in[0..n) to out.  Chunks may be of any size,
 * down to one byte (or none): the text is the same however the input is
 * cut.  final = 1 on the last chunk: an incomplete sequence left then is
 * decoded as Windows-1252 (UTF-8) or as U+FFFD (UTF-16). */
void nm_decoder_feed(nm_decoder *d, const unsigned char *in, size_t n, int final,
                     nm_buf *out);

#endif
