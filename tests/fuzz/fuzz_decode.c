/* fuzz_decode.c - the decoder, fed in chunks of every awkward size.
 *
 * For the detected encoding (when detection accepts the bytes) and for
 * each encoding forced, the bytes are decoded whole and then in chunks of
 * 1, 2, 3 and 5 bytes and in a cycle of odd sizes.  Every way must give
 * the same text, lines, fallback bytes and NUL line, and the text must be
 * valid UTF-8 with no CR left alone.
 */
#include <string.h>

#include "fuzz.h"
#include "needmap/decode.h"

/* Each input is decoded 36 ways, some a byte at a time: a few KiB are
 * enough for every sequence and chunk boundary. */
enum { MAX_BYTES = 4096 };

typedef struct decoded {
    nm_buf text;
    nm_decoder end; /* the decoder after the last chunk */
} decoded;

static const size_t cycle[] = {1, 7, 2, 3, 13, 1, 5, 64, 3, 4093};

/* Decode data starting from decoder d0, in chunks: every chunk `step`
 * bytes, or (step 0) the sizes of `cycle` in turn. */
static void decode(const nm_decoder *d0, const uint8_t *data, size_t size, size_t step,
                   decoded *out)
{
    nm_decoder d = *d0;
    memset(&out->text, 0, sizeof out->text);
    size_t at = 0, k = 0;
    do {
        size_t n = step ? step : cycle[k++ % (sizeof cycle / sizeof cycle[0])];
        if (n > size - at)
            n = size - at;
        nm_decoder_feed(&d, data + at, n, at + n == size, &out->text);
        at += n;
    } while (at < size);
    out->end = d;
}

static void check_text(const nm_buf *t)
{
    FUZZ_CHECK(fuzz_valid_utf8(nm_buf_str(t), t->len));
    for (size_t i = 0; i < t->len; i++)
        FUZZ_CHECK(t->data[i] != '\r' || (i + 1 < t->len && t->data[i + 1] == '\n'));
}

static void same(const decoded *a, const decoded *b)
{
    FUZZ_CHECK(a->text.len == b->text.len);
    FUZZ_CHECK(memcmp(nm_buf_str(&a->text), nm_buf_str(&b->text), a->text.len) == 0);
    FUZZ_CHECK(a->end.line == b->end.line);
    FUZZ_CHECK(a->end.fallback_bytes == b->end.fallback_bytes);
    FUZZ_CHECK(a->end.fallback_line == b->end.fallback_line);
    FUZZ_CHECK(a->end.nul_line == b->end.nul_line);
    FUZZ_CHECK(b->end.ncarry == 0 && b->end.pending_cr == 0);
}

static void each_chunking(const nm_decoder *d0, const uint8_t *data, size_t size)
{
    static const size_t steps[] = {1, 2, 3, 5, 0};
    decoded whole, parts;
    decode(d0, data, size, size ? size : 1, &whole);
    check_text(&whole.text);
    FUZZ_CHECK(whole.end.ncarry == 0 && whole.end.pending_cr == 0);
    for (size_t s = 0; s < sizeof steps / sizeof steps[0]; s++) {
        decode(d0, data, size, steps[s], &parts);
        same(&whole, &parts);
        nm_buf_free(&parts.text);
    }
    nm_buf_free(&whole.text);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > MAX_BYTES)
        size = MAX_BYTES;
    static const nm_encoding encs[] = {NM_ENC_UTF8, NM_ENC_UTF8_BOM, NM_ENC_UTF16LE,
                                       NM_ENC_UTF16BE, NM_ENC_CP1252};
    nm_decoder d;
    nm_error err;
    if (nm_decoder_detect(&d, data, size, "fuzz", &err) == NM_OK)
        each_chunking(&d, data, size);
    for (size_t e = 0; e < sizeof encs / sizeof encs[0]; e++) {
        nm_decoder_force(&d, encs[e], data, size);
        each_chunking(&d, data, size);
    }
    return 0;
}
