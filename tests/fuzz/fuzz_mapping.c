/* fuzz_mapping.c - the analyst's mapping file (nm_mapping_load), and the
 * mapping put to use: column roles for a header row that holds its own
 * column names, and its values and defaults read as rows would be.
 *
 * A file that loads must hold known roles, values and options; one that
 * does not must say why.
 */
#include <cjson/cJSON.h>
#include <stdint.h>
#include <string.h>

#include "fuzz.h"
#include "needmap/columns.h"
#include "needmap/count.h"

enum { MAX_HEADERS = 24 };

static void check_loaded(const nm_mapping *m)
{
    for (size_t i = 0; i < nm_strmap_count(m->columns); i++)
        FUZZ_CHECK((intptr_t)nm_strmap_value_at(m->columns, i) - 1 < NM_ROLE_N);
    for (int f = 0; f < NM_FIELD_N; f++)
        for (size_t i = 0; i < nm_strmap_count(m->values[f]); i++)
            FUZZ_CHECK((intptr_t)nm_strmap_value_at(m->values[f], i) >= 1);
    FUZZ_CHECK(m->delimiter == 0 || strchr(",;\t|", m->delimiter));
    FUZZ_CHECK(m->layout >= 0 && m->layout <= 2);
    FUZZ_CHECK(!m->has_encoding || m->encoding <= NM_ENC_CP1252);
    if (m->defaults[NM_FIELD_COUNT]) {
        nm_count c;
        (void)nm_count_parse(m->defaults[NM_FIELD_COUNT], &c);
    }
}

/* Roles for a header row: some usual headers, then the mapping's own
 * column keys. */
static void use_columns(const nm_mapping *m)
{
    static const char *const usual[] = {"Kommun", "Yrke", "Antal", "Behov", "Nivå",
                                        "Distans", "Tidshorisont", "E-post"};
    char *fields[MAX_HEADERS];
    size_t lens[MAX_HEADERS], n = 0;
    for (size_t i = 0; i < sizeof usual / sizeof usual[0]; i++)
        fields[n++] = (char *)usual[i];
    for (size_t i = 0; i < nm_strmap_count(m->columns) && n < MAX_HEADERS; i++)
        fields[n++] = (char *)nm_strmap_key_at(m->columns, i);
    for (size_t i = 0; i < n; i++) {
        lens[i] = strlen(fields[i]);
        const char *why = NULL;
        FUZZ_CHECK(nm_column_role(fields[i], m, &why) < NM_ROLE_N && why);
    }
    nm_row row = {.kind = NM_ROW_FIELDS, .line = 1, .end_line = 1, .nfields = n,
                  .fields = fields, .lens = lens};
    nm_comp_matcher *cm = nm_comp_matcher_fork(fuzz_base_matcher());
    nm_columns cols;
    (void)nm_columns_build(&row, m, cm, &cols);
    FUZZ_CHECK(cols.n == n);
    for (size_t i = 0; i < cols.n; i++)
        FUZZ_CHECK(cols.cols[i].role < NM_ROLE_N);
    nm_columns_free(&cols);
    nm_comp_matcher_free(cm);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    nm_mapping *m = NULL;
    nm_error err;
    nm_status st = nm_mapping_load(fuzz_file(data, size), &m, &err);
    if (st != NM_OK) {
        FUZZ_CHECK(st == NM_ERR_CONFIG && m == NULL && err.msg[0] != '\0');
        return 0;
    }
    check_loaded(m);
    use_columns(m);
    nm_mapping_free(m);
    return 0;
}
