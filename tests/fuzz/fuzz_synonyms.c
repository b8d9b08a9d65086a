/* fuzz_synonyms.c - the analyst's synonyms file
 * (nm_comp_matcher_add_synonyms), then matching with it: the first cell
 * of every line of the file (its own texts) and a few usual ones.
 *
 * A file that loads must make its texts match with known kinds and
 * codes; one that does not must say why.
 */
#include <string.h>

#include "fuzz.h"

static void check_match(nm_comp_matcher *m, const char *text)
{
    nm_competence c;
    if (!nm_comp_match(m, text, &c))
        return;
    FUZZ_CHECK(c.how <= NM_MATCH_UNCLASSIFIED);
    FUZZ_CHECK(c.confidence >= 0 && c.confidence <= 1);
    FUZZ_CHECK(strlen(c.ssyk) <= 4);
    FUZZ_CHECK(c.ssyk[0] == '\0' || nm_comp_label(m, c.ssyk) != NULL);
    if (c.label)
        FUZZ_CHECK(fuzz_valid_utf8(c.label, strlen(c.label)));
}

static void on_review(void *ctx, const char *text, const nm_competence *c,
                      const char *matched_key, uint64_t uses, uint64_t line, uint32_t col)
{
    (void)ctx;
    FUZZ_CHECK(text && c && matched_key && uses >= 1);
    FUZZ_CHECK(line > 0 || col == 0); /* a column only with a line */
}

/* Match the first cell of every line of the (decoded) file. */
static void match_own_texts(nm_comp_matcher *m, const uint8_t *data, size_t size)
{
    nm_buf text = {0}, cell = {0};
    fuzz_text(data, size, &text);
    const char *t = nm_buf_str(&text), *end = t + text.len;
    for (int lines = 0; t < end && lines < 64; lines++) {
        size_t n = strcspn(t, ",;\t|\n");
        nm_buf_reset(&cell);
        nm_buf_append(&cell, t, n);
        check_match(m, nm_buf_str(&cell));
        const char *nl = memchr(t, '\n', (size_t)(end - t));
        t = nl ? nl + 1 : end;
    }
    nm_buf_free(&text);
    nm_buf_free(&cell);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const char *const usual[] = {"Gruvtekniker", "Sjuksköterska", "Vårdhygien",
                                        "undersköterska hemtjänst", "5321", ""};
    nm_comp_matcher *m = nm_comp_matcher_new(fuzz_refdata(), NM_DEFAULT_MIN_CONFIDENCE);
    nm_error err;
    nm_status st = nm_comp_matcher_add_synonyms(m, fuzz_file(data, size), &err);
    FUZZ_CHECK(st == NM_OK || (st == NM_ERR_CONFIG && err.msg[0] != '\0'));
    if (st == NM_OK) {
        match_own_texts(m, data, size);
        for (size_t i = 0; i < sizeof usual / sizeof usual[0]; i++)
            check_match(m, usual[i]);
        nm_comp_review(m, on_review, NULL);
    }
    nm_comp_matcher_free(m);
    return 0;
}
