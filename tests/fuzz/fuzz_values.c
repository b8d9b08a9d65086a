/* fuzz_values.c - counts, values, municipalities, competences and text
 * folding: every cell reader of the normalize stage on any text.
 *
 * The bytes are decoded as the reader decodes them (valid UTF-8 out), cut
 * into lines and each line into cells at , ; tab and |; every line and
 * every cell goes through every parser, and the results are checked:
 * counts within their bounds, horizons ordered, known enum values, folded
 * text valid UTF-8 and folded once for good, edit distances symmetric.
 * The raw bytes also check nm_utf8_valid against fuzz_valid_utf8.
 */
#include <math.h>
#include <string.h>

#include "fuzz.h"
#include "needmap/columns.h"
#include "needmap/count.h"
#include "needmap/municipality.h"
#include "needmap/text.h"
#include "needmap/values.h"

/* The slow checks compare a text with every label or municipality by edit
 * distance (fuzzy competences, the municipality "did you mean"): about a
 * millisecond a cell without sanitizers, so they are made for the first
 * few short cells of an input only. */
enum { MAX_BYTES = 1024, MAX_SLOW_CELLS = 2, MAX_SLOW_BYTES = 48 };

static const nm_muni_index *munis(void)
{
    static nm_muni_index *ix;
    if (!ix)
        ix = nm_muni_index_new(fuzz_refdata());
    return ix;
}

static void check_count(const char *s)
{
    nm_count c;
    memset(&c, 0xA5, sizeof c);
    nm_count_status st = nm_count_parse(s, &c);
    FUZZ_CHECK(st <= NM_COUNT_BAD_RANGE);
    FUZZ_CHECK(nm_count_status_text(st)[0] != '\0');
    if (st == NM_COUNT_OK) {
        FUZZ_CHECK(c.known == 1);
        FUZZ_CHECK(isfinite(c.value) && isfinite(c.low) && isfinite(c.high));
        FUZZ_CHECK(0 <= c.low && c.low <= c.value && c.value <= c.high);
        FUZZ_CHECK(c.high <= NM_COUNT_MAX);
        FUZZ_CHECK(nm_count_milli(c.value) >= 0);
    } else if (st == NM_COUNT_UNKNOWN) {
        FUZZ_CHECK(c.known == 0);
    }
}

static void check_values(const char *s)
{
    nm_need need;
    nm_level level;
    nm_mode mode;
    nm_rkind rkind;
    nm_horizon h;
    if (nm_need_parse(s, &need))
        FUZZ_CHECK(need < NM_NEED_N);
    if (nm_level_parse(s, &level))
        FUZZ_CHECK(level < NM_LEVEL_N);
    if (nm_mode_parse(s, &mode))
        FUZZ_CHECK(mode < NM_MODE_N);
    if (nm_rkind_parse(s, &rkind))
        FUZZ_CHECK(rkind < NM_RKIND_N);
    FUZZ_CHECK(nm_rkind_guess(s) < NM_RKIND_N);
    if (nm_horizon_parse(s, &h)) {
        FUZZ_CHECK(h.lo >= -1 && h.lo <= h.hi);
        FUZZ_CHECK((h.lo == -1) == (h.hi == -1));
    }
    nm_role role;
    if (nm_role_parse(s, &role) == 0)
        FUZZ_CHECK(role < NM_ROLE_N);
    const char *why = NULL;
    FUZZ_CHECK(nm_column_role(s, NULL, &why) < NM_ROLE_N);
    nm_encoding enc;
    if (nm_encoding_parse(s, &enc) == 0)
        FUZZ_CHECK(enc <= NM_ENC_CP1252);
}

static void check_municipality(const char *s, int with_hint)
{
    const nm_municipality *m = NULL, *hint = NULL;
    nm_muni_result r = nm_muni_match(munis(), s, &m, with_hint ? &hint : NULL);
    FUZZ_CHECK(r <= NM_MUNI_COUNTY);
    if (r == NM_MUNI_FOUND || r == NM_MUNI_CONFLICT)
        FUZZ_CHECK(m != NULL && strlen(m->code) == 4);
    if ((r == NM_MUNI_CONFLICT || r == NM_MUNI_REGION || r == NM_MUNI_COUNTY) && with_hint)
        FUZZ_CHECK(hint != NULL && strlen(hint->code) == 4);
}

static void check_competence(nm_comp_matcher *cm, const char *s, size_t len)
{
    nm_competence c;
    if (nm_comp_match_len(cm, s, len, &c)) {
        FUZZ_CHECK(c.how <= NM_MATCH_UNCLASSIFIED);
        FUZZ_CHECK(c.confidence >= 0 && c.confidence <= 1);
        FUZZ_CHECK(strlen(c.ssyk) <= 4);
        FUZZ_CHECK(c.how != NM_MATCH_UNCLASSIFIED || c.label != NULL);
        if (c.label)
            FUZZ_CHECK(fuzz_valid_utf8(c.label, strlen(c.label)));
    }
    if (nm_comp_match_code(cm, s, &c))
        FUZZ_CHECK(strlen(c.ssyk) >= 1 && strlen(c.ssyk) <= 4);
}

static void check_text(const char *s, size_t len)
{
    nm_buf f = {0}, again = {0}, k = {0}, c = {0};
    nm_text_fold(s, &f);
    FUZZ_CHECK(fuzz_valid_utf8(nm_buf_str(&f), f.len));
    nm_text_fold(nm_buf_str(&f), &again);
    FUZZ_CHECK(again.len == f.len && memcmp(nm_buf_str(&again), nm_buf_str(&f), f.len) == 0);
    nm_text_key(s, &k);
    FUZZ_CHECK(fuzz_valid_utf8(nm_buf_str(&k), k.len));
    nm_text_clean(s, &c);
    FUZZ_CHECK(fuzz_valid_utf8(nm_buf_str(&c), c.len));
    FUZZ_CHECK(nm_utf8_length(s) <= len);
    (void)nm_text_is_blank(s);
    nm_buf_free(&f);
    nm_buf_free(&again);
    nm_buf_free(&k);
    nm_buf_free(&c);
}

/* Edit distance against the cell before: symmetric, 0 to itself, at most
 * the longer length (short cells only: the distance is quadratic). */
static void check_distance(const char *a, const char *b)
{
    size_t la = nm_utf8_length(a), lb = nm_utf8_length(b);
    if (la > 32 || lb > 32)
        return;
    size_t max = la > lb ? la : lb;
    size_t ab = nm_text_distance(a, b, max), ba = nm_text_distance(b, a, max);
    FUZZ_CHECK(ab == ba);
    FUZZ_CHECK(ab <= max);
    FUZZ_CHECK(nm_text_distance(a, a, max) == 0);
    FUZZ_CHECK(nm_text_distance(a, b, 1) <= 2);
}

/* One cell; *left: how many more cells get the slow checks. */
static void check_cell(nm_comp_matcher *cm, size_t *left, const char *s, size_t len,
                       const char *before)
{
    check_count(s);
    check_values(s);
    int costly = *left > 0 && len <= MAX_SLOW_BYTES;
    check_municipality(s, costly);
    if (costly) {
        (*left)--;
        check_competence(cm, s, len);
    }
    check_text(s, len);
    check_distance(s, before);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > MAX_BYTES)
        size = MAX_BYTES;
    FUZZ_CHECK(nm_utf8_valid((const char *)data, size) ==
               fuzz_valid_utf8((const char *)data, size));
    nm_buf text = {0}, cell = {0}, prev = {0};
    fuzz_text(data, size, &text);
    nm_comp_matcher *cm = nm_comp_matcher_fork(fuzz_base_matcher());
    size_t left = MAX_SLOW_CELLS;
    const char *t = nm_buf_str(&text), *end = t + text.len;
    while (t < end) {
        const char *nl = memchr(t, '\n', (size_t)(end - t));
        size_t n = nl ? (size_t)(nl - t) : (size_t)(end - t);
        nm_buf_reset(&cell);
        nm_buf_append(&cell, t, n); /* the whole line (to a NUL), then each cell */
        check_cell(cm, &left, nm_buf_str(&cell), strlen(nm_buf_str(&cell)), nm_buf_str(&prev));
        for (size_t a = 0, b = 0; b <= n; b++) {
            if (b < n && !strchr(",;\t|", t[b])) /* a NUL ends a cell too */
                continue;
            nm_buf_reset(&prev);
            nm_buf_puts(&prev, nm_buf_str(&cell));
            nm_buf_reset(&cell);
            nm_buf_append(&cell, t + a, b - a);
            check_cell(cm, &left, nm_buf_str(&cell), cell.len, nm_buf_str(&prev));
            a = b + 1;
        }
        t += n + 1;
    }
    nm_comp_matcher_free(cm);
    nm_buf_free(&text);
    nm_buf_free(&cell);
    nm_buf_free(&prev);
    return 0;
}
