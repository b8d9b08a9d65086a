/* decode.c - encoding detection and conversion to UTF-8.
 *
 * UTF-8 text may still hold a few bytes that are not valid UTF-8 (a cell
 * pasted from an old sheet): each such byte is read as Windows-1252, counted,
 * and reported, so that all text after this stage is valid UTF-8. */
#include <assert.h>
#include <string.h>
#if defined(__SSE2__) && defined(__GNUC__)
#include <emmintrin.h>
#endif
#include <strings.h>

#include "needmap/decode.h"

/* Windows-1252 0x80..0x9F; 0 marks the five undefined bytes (read as the
 * C1 control of the same value, as Windows does). */
static const uint16_t cp1252_high[32] = {
    0x20AC, 0, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
    0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0, 0x017D, 0,
    0, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
    0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0, 0x017E, 0x0178};

const char *nm_encoding_name(nm_encoding enc)
{
    switch (enc) {
    case NM_ENC_UTF8: return "UTF-8";
    case NM_ENC_UTF8_BOM: return "UTF-8 with BOM";
    case NM_ENC_UTF16LE: return "UTF-16LE";
    case NM_ENC_UTF16BE: return "UTF-16BE";
    case NM_ENC_CP1252: return "Windows-1252";
    }
    return "unknown";
}

int nm_encoding_parse(const char *name, nm_encoding *enc)
{
    static const struct { const char *name; nm_encoding enc; } names[] = {
        {"utf-8", NM_ENC_UTF8}, {"utf8", NM_ENC_UTF8},
        {"windows-1252", NM_ENC_CP1252}, {"cp1252", NM_ENC_CP1252},
        {"latin1", NM_ENC_CP1252}, {"iso-8859-1", NM_ENC_CP1252},
        {"utf-16le", NM_ENC_UTF16LE}, {"utf-16be", NM_ENC_UTF16BE},
        {"utf-16", NM_ENC_UTF16LE},
    };
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        if (strcasecmp(name, names[i].name) == 0) {
            *enc = names[i].enc;
            return 0;
        }
    }
    return -1;
}

static void reset(nm_decoder *d)
{
    memset(d, 0, sizeof *d);
    d->line = 1;
}

/* Length of the valid UTF-8 sequence at s, 0 if invalid, or -1 if it may be
 * valid but is cut off by the end of the buffer. */
static int utf8_seq(const unsigned char *s, size_t n)
{
    unsigned c = s[0];
    int len;
    if (c < 0x80) return 1;
    if (c >= 0xC2 && c <= 0xDF) len = 2;
    else if (c >= 0xE0 && c <= 0xEF) len = 3;
    else if (c >= 0xF0 && c <= 0xF4) len = 4;
    else return 0;
    for (int i = 1; i < len; i++) {
        if ((size_t)i >= n) return -1;
        if ((s[i] & 0xC0) != 0x80) return 0;
    }
    if (c == 0xE0 && s[1] < 0xA0) return 0;
    if (c == 0xED && s[1] >= 0xA0) return 0;
    if (c == 0xF0 && s[1] < 0x90) return 0;
    if (c == 0xF4 && s[1] >= 0x90) return 0;
    return len;
}

/* UTF-16 without BOM: many NULs, all on one side of the code units. */
static int guess_utf16(const unsigned char *h, size_t n, nm_encoding *enc)
{
    size_t even = 0, odd = 0, pairs = n / 2;
    if (pairs < 2)
        return 0;
    for (size_t i = 0; i + 1 < n; i += 2) {
        even += h[i] == 0;
        odd += h[i + 1] == 0;
    }
    if (odd * 10 >= pairs * 7 && even * 10 < pairs) { *enc = NM_ENC_UTF16LE; return 1; }
    if (even * 10 >= pairs * 7 && odd * 10 < pairs) { *enc = NM_ENC_UTF16BE; return 1; }
    return 0;
}

/* Binary: a known file signature (zip, OLE, PDF: the reader takes workbooks
 * before this), or many NULs or
 * control bytes.  One NUL in a text file is damage, reported by line later. */
static int looks_binary(const unsigned char *h, size_t n)
{
    static const struct { const char *magic; size_t len; } sigs[] = {
        {"PK\x03\x04", 4}, {"\xD0\xCF\x11\xE0", 4}, {"%PDF", 4}};
    for (size_t k = 0; k < sizeof sigs / sizeof sigs[0]; k++)
        if (n >= sigs[k].len && memcmp(h, sigs[k].magic, sigs[k].len) == 0)
            return 1;
    size_t nul = 0, ctrl = 0;
    for (size_t i = 0; i < n; i++) {
        nul += h[i] == 0;
        if (h[i] < 0x20 && h[i] != '\t' && h[i] != '\n' && h[i] != '\r' && h[i] != '\f')
            ctrl++;
    }
    return nul * 100 > n || ctrl * 20 > n;
}

/* UTF-8 unless the sample holds invalid sequences and no valid multi-byte
 * ones: then it is Windows-1252.  A UTF-8 file with a stray Windows-1252
 * byte stays UTF-8 (the byte is read as Windows-1252 with a warning). */
static int utf8_head(const unsigned char *h, size_t n)
{
    size_t i = 0, multi = 0, invalid = 0;
    while (i < n) {
        int len = utf8_seq(h + i, n - i);
        if (len < 0)
            break; /* cut off by the sample's end */
        if (len == 0) {
            invalid++;
            i++;
            continue;
        }
        multi += len > 1;
        i += (size_t)len;
    }
    return invalid == 0 || multi > invalid;
}

void nm_decoder_force(nm_decoder *d, nm_encoding enc, const unsigned char *head, size_t n)
{
    reset(d);
    d->enc = enc;
    if ((enc == NM_ENC_UTF8 || enc == NM_ENC_UTF8_BOM) && n >= 3 &&
        memcmp(head, "\xEF\xBB\xBF", 3) == 0) {
        d->enc = NM_ENC_UTF8_BOM;
        d->skip = 3;
    } else if (enc == NM_ENC_UTF16LE && n >= 2 && head[0] == 0xFF && head[1] == 0xFE) {
        d->skip = 2;
    } else if (enc == NM_ENC_UTF16BE && n >= 2 && head[0] == 0xFE && head[1] == 0xFF) {
        d->skip = 2;
    }
    d->had_bom = d->skip > 0;
}

nm_status nm_decoder_detect(nm_decoder *d, const unsigned char *h, size_t n,
                            const char *name, nm_error *err)
{
    reset(d);
    if (n == 0)
        return nm_error_set(err, NM_ERR_INPUT, name, 0, 0,
                            "file is empty: expected a survey export with a header row");
    if (n >= 3 && memcmp(h, "\xEF\xBB\xBF", 3) == 0) {
        d->enc = NM_ENC_UTF8_BOM;
        d->skip = 3;
    } else if (n >= 2 && h[0] == 0xFF && h[1] == 0xFE) {
        d->enc = NM_ENC_UTF16LE;
        d->skip = 2;
    } else if (n >= 2 && h[0] == 0xFE && h[1] == 0xFF) {
        d->enc = NM_ENC_UTF16BE;
        d->skip = 2;
    } else if (guess_utf16(h, n, &d->enc)) {
        return NM_OK;
    } else if (looks_binary(h, n)) {
        return nm_error_set(err, NM_ERR_INPUT, name, 0, 0,
                            "file holds binary data, not a text export: needmap "
                            "reads CSV, JSON and .xlsx workbooks; is this the right file?");
    } else {
        d->enc = utf8_head(h, n) ? NM_ENC_UTF8 : NM_ENC_CP1252;
    }
    d->had_bom = d->skip > 0;
    if (d->skip == n)
        return nm_error_set(err, NM_ERR_INPUT, name, 0, 0,
                            "file holds only a byte-order mark: expected a survey export");
    return NM_OK;
}

/* A CR seen last is a line end of its own unless an LF follows it. */
static void flush_cr(nm_decoder *d, nm_buf *out)
{
    if (!d->pending_cr)
        return;
    d->pending_cr = 0;
    nm_buf_putc(out, '\n');
    d->line++;
}

/* Append one code point as UTF-8, normalising line ends and noting NULs. */
static void put(nm_decoder *d, nm_buf *out, uint32_t cp)
{
    if (d->pending_cr && cp == '\n') {
        d->pending_cr = 0;
        nm_buf_append(out, "\r\n", 2);
        d->line++;
        return;
    }
    flush_cr(d, out);
    if (cp == '\r') {
        d->pending_cr = 1;
        return;
    }
    if (cp == '\n') {
        nm_buf_putc(out, '\n');
        d->line++;
        return;
    }
    if (cp == 0xFEFF)
        return; /* a byte-order mark inside the text (concatenated exports) */
    if (cp == 0 && !d->nul_line)
        d->nul_line = d->line;
    char b[4];
    size_t len;
    if (cp < 0x80) { b[0] = (char)cp; len = 1; }
    else if (cp < 0x800) { b[0] = (char)(0xC0 | (cp >> 6)); b[1] = (char)(0x80 | (cp & 0x3F)); len = 2; }
    else if (cp < 0x10000) {
        b[0] = (char)(0xE0 | (cp >> 12)); b[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        b[2] = (char)(0x80 | (cp & 0x3F)); len = 3;
    } else {
        b[0] = (char)(0xF0 | (cp >> 18)); b[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
        b[2] = (char)(0x80 | ((cp >> 6) & 0x3F)); b[3] = (char)(0x80 | (cp & 0x3F)); len = 4;
    }
    nm_buf_append(out, b, len);
}

static uint32_t cp1252(unsigned char c)
{
    if (c >= 0x80 && c <= 0x9F && cp1252_high[c - 0x80])
        return cp1252_high[c - 0x80];
    return c;
}

/* Length of the run at s that passes through unchanged: printable ASCII,
 * tabs, LF and CR LF, and (in UTF-8) valid multi-byte sequences other than
 * a BOM.  *lines gets the LFs in it.  Stops at a lone CR, a NUL, a BOM,
 * an invalid or cut-off sequence, and (Windows-1252) any byte >= 0x80. */
static size_t clean_run(const nm_decoder *d, const unsigned char *s, size_t n, uint64_t *lines)
{
    size_t i = 0;
    uint64_t nl = 0;
    int utf8 = d->enc != NM_ENC_CP1252;
    while (i < n) {
#if defined(__SSE2__) && defined(__GNUC__)
        /* sixteen bytes at a time to the next byte that is not printable
         * ASCII (signed: bytes >= 0x80 are below 0x20 too) */
        if (n - i >= 16) {
            __m128i v = _mm_loadu_si128((const __m128i *)(const void *)(s + i));
            unsigned mask = (unsigned)_mm_movemask_epi8(_mm_cmplt_epi8(v, _mm_set1_epi8(0x20)));
            if (!mask) {
                i += 16;
                continue;
            }
            i += (size_t)__builtin_ctz(mask);
        }
#endif
        unsigned c = s[i];
        if (c >= 0x20 && c < 0x80) {
            i++;
        } else if (c == '\n') {
            nl++;
            i++;
        } else if (c == '\r') {
            if (i + 1 >= n || s[i + 1] != '\n')
                break;
            nl++;
            i += 2;
        } else if (c < 0x20) {
            if (c == 0)
                break;
            i++;
        } else {
            int len = utf8 ? utf8_seq(s + i, n - i) : 0;
            if (len <= 0 || (len == 3 && c == 0xEF && s[i + 1] == 0xBB && s[i + 2] == 0xBF))
                break;
            i += (size_t)len;
        }
    }
    *lines = nl;
    return i;
}

static size_t feed_utf8(nm_decoder *d, const unsigned char *s, size_t n, int final, nm_buf *out)
{
    size_t i = 0;
    while (i < n) {
        if (!d->pending_cr) {
            uint64_t nl;
            size_t run = clean_run(d, s + i, n - i, &nl);
            if (run) {
                nm_buf_append(out, s + i, run);
                d->line += nl;
                i += run;
                continue;
            }
        }
        if (s[i] < 0x80) {
            put(d, out, s[i++]);
            continue;
        }
        if (d->enc == NM_ENC_CP1252) {
            put(d, out, cp1252(s[i++]));
            continue;
        }
        int len = utf8_seq(s + i, n - i);
        if (len < 0 && !final)
            break; /* keep the cut-off sequence for the next chunk */
        if (len <= 0) {
            if (!d->fallback_line)
                d->fallback_line = d->line;
            d->fallback_bytes++;
            if (d->on_fallback)
                d->on_fallback(d->fallback_ctx, d->line);
            put(d, out, cp1252(s[i++]));
            continue;
        }
        uint32_t cp = s[i] & (len == 1 ? 0x7F : len == 2 ? 0x1F : len == 3 ? 0x0F : 0x07);
        for (int k = 1; k < len; k++)
            cp = (cp << 6) | (s[i + (size_t)k] & 0x3F);
        put(d, out, cp);
        i += (size_t)len;
    }
    return i;
}

static size_t feed_utf16(nm_decoder *d, const unsigned char *s, size_t n, int final, nm_buf *out)
{
    int be = d->enc == NM_ENC_UTF16BE;
    size_t i = 0;
    while (i + 1 < n) {
        uint32_t u = be ? (uint32_t)(s[i] << 8 | s[i + 1]) : (uint32_t)(s[i + 1] << 8 | s[i]);
        if (u >= 0xD800 && u <= 0xDBFF) {
            if (i + 3 >= n) {
                if (!final)
                    break;
                put(d, out, 0xFFFD);
                i += 2;
                continue;
            }
            uint32_t w = be ? (uint32_t)(s[i + 2] << 8 | s[i + 3])
                            : (uint32_t)(s[i + 3] << 8 | s[i + 2]);
            if (w >= 0xDC00 && w <= 0xDFFF) {
                put(d, out, 0x10000 + ((u - 0xD800) << 10) + (w - 0xDC00));
                i += 4;
                continue;
            }
            u = 0xFFFD;
        } else if (u >= 0xDC00 && u <= 0xDFFF) {
            u = 0xFFFD;
        }
        put(d, out, u);
        i += 2;
    }
    if (final && i < n) {
        put(d, out, 0xFFFD);
        i = n;
    }
    return i;
}

/* Decode the carried bytes with up to four more from in (enough to end
 * any sequence the carry starts); returns the bytes taken from in.  What
 * is still incomplete stays in the carry: at most three bytes (a cut
 * UTF-8 sequence, or a high surrogate and one byte), since the decoders
 * stop only at such a tail. */
static size_t finish_carry(nm_decoder *d, const unsigned char *in, size_t n, int final,
                           nm_buf *out)
{
    unsigned char tmp[sizeof d->carry + 4];
    size_t take = n < 4 ? n : 4;
    memcpy(tmp, d->carry, d->ncarry);
    memcpy(tmp + d->ncarry, in, take);
    size_t total = d->ncarry + take;
    int utf16 = d->enc == NM_ENC_UTF16LE || d->enc == NM_ENC_UTF16BE;
    size_t used = utf16 ? feed_utf16(d, tmp, total, final && take == n, out)
                        : feed_utf8(d, tmp, total, final && take == n, out);
    if (used >= d->ncarry) {
        size_t from_in = used - d->ncarry;
        d->ncarry = 0;
        return from_in;
    }
    /* still incomplete (only when in held fewer than four bytes): keep the
     * tail, not what was decoded of it */
    assert(total - used <= 3);
    memmove(d->carry, tmp + used, total - used);
    d->ncarry = total - used;
    return take;
}

void nm_decoder_feed(nm_decoder *d, const unsigned char *in, size_t n, int final, nm_buf *out)
{
    if (d->skip) {
        size_t k = d->skip < n ? d->skip : n;
        in += k; n -= k; d->skip -= k;
    }
    /* First finish a sequence cut off by the previous chunk. */
    while (d->ncarry && (n || final)) {
        size_t took = finish_carry(d, in, n, final, out);
        in += took; n -= took;
        if (d->ncarry && !n && !final)
            return; /* all of in is in the carry: wait for more */
    }
    int utf16 = d->enc == NM_ENC_UTF16LE || d->enc == NM_ENC_UTF16BE;
    size_t used = utf16 ? feed_utf16(d, in, n, final, out) : feed_utf8(d, in, n, final, out);
    if (used < n) {
        assert(n - used <= 3);
        d->ncarry = n - used;
        memcpy(d->carry, in + used, d->ncarry);
    }
    if (final)
        flush_cr(d, out);
}
