/* refdata.c - load the embedded reference data and small table files. */
#define _GNU_SOURCE /* fmemopen */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "needmap/alloc.h"
#include "needmap/reader.h"
#include "needmap/refdata.h"
#include "needmap/text.h"

/* Generated from surveys/ by src/tools/embed.c. */
extern const unsigned char nm_data_municipalities[], nm_data_ssyk[], nm_data_titles[],
    nm_data_synonyms[], nm_data_keywords[], nm_data_levels[];
extern const size_t nm_data_municipalities_len, nm_data_ssyk_len, nm_data_titles_len,
    nm_data_synonyms_len, nm_data_keywords_len, nm_data_levels_len;

typedef struct table_state {
    const char *name;
    const char *const *want;
    size_t nwant;
    size_t *where;        /* per wanted column: field index, or SIZE_MAX */
    int have_header;
    nm_table_fn fn;
    void *ctx;
    nm_status st;
    nm_error *err;
    char **fields;
} table_state;

static int header_matches(const char *want, const char *got)
{
    size_t n = strlen(want);
    if (n && want[n - 1] == '?')
        n--;
    nm_buf key = {0};
    nm_text_key(got, &key);
    int same = strlen(key.data) == n && strncmp(key.data, want, n) == 0;
    nm_buf_free(&key);
    return same;
}

static nm_status take_header(table_state *t, const nm_row *row)
{
    for (size_t w = 0; w < t->nwant; w++) {
        t->where[w] = SIZE_MAX;
        for (size_t f = 0; f < row->nfields; f++)
            if (header_matches(t->want[w], row->fields[f]))
                t->where[w] = f;
        size_t n = strlen(t->want[w]);
        if (t->where[w] == SIZE_MAX && t->want[w][n - 1] != '?')
            return nm_error_set(t->err, NM_ERR_CONFIG, t->name, row->line, 0,
                                "no column '%s' in the header row", t->want[w]);
    }
    t->have_header = 1;
    return NM_OK;
}

static int table_row(void *ctx, const nm_row *row)
{
    table_state *t = ctx;
    if (row->kind == NM_ROW_BLANK || row->kind == NM_ROW_SEP_LINE ||
        row->kind == NM_ROW_EMPTY_GROUP)
        return 0;
    if (row->kind == NM_ROW_MALFORMED) {
        t->st = nm_error_set(t->err, NM_ERR_CONFIG, t->name, row->line, row->bad_col, "%s",
                             row->problem);
        return 1;
    }
    if (!t->have_header) {
        t->st = take_header(t, row);
        return t->st != NM_OK;
    }
    for (size_t w = 0; w < t->nwant; w++)
        t->fields[w] = t->where[w] < row->nfields ? row->fields[t->where[w]] : (char *)"";
    t->st = t->fn(t->ctx, t->fields, row->line, t->err);
    return t->st != NM_OK;
}

nm_status nm_table_read(FILE *in, const char *name, const char *const *want, size_t nwant,
                        nm_table_fn fn, void *ctx, nm_error *err)
{
    table_state t = {.name = name, .want = want, .nwant = nwant, .fn = fn, .ctx = ctx,
                     .err = err};
    t.where = nm_calloc(nwant, sizeof *t.where);
    t.fields = nm_calloc(nwant, sizeof *t.fields);
    nm_read_info info;
    nm_status st = nm_read_stream(in, name, NULL, table_row, &t, &info, err);
    if (st == NM_OK)
        st = t.st;
    if (st == NM_OK && !t.have_header)
        st = nm_error_set(err, NM_ERR_CONFIG, name, 0, 0, "no header row");
    if (st == NM_ERR_INPUT)
        st = NM_ERR_CONFIG;
    free(t.where);
    free(t.fields);
    return st;
}

/* --- the embedded tables --- */

static void copy_code(char dst[5], const char *src)
{
    snprintf(dst, 5, "%s", src);
}

static nm_status add_muni(void *ctx, char **f, uint64_t line, nm_error *err)
{
    nm_refdata *r = ctx;
    (void)line; (void)err;
    r->munis = nm_reallocarray(r->munis, r->nmunis + 1, sizeof *r->munis);
    nm_municipality *m = &r->munis[r->nmunis++];
    copy_code(m->code, f[0]);
    m->name = nm_strdup(f[1]);
    m->short_name = nm_strdup(f[2]);
    snprintf(m->county_code, sizeof m->county_code, "%s", f[3]);
    m->county_name = nm_strdup(f[4]);
    m->lat = strtod(f[5], NULL);
    m->lon = strtod(f[6], NULL);
    return NM_OK;
}

static nm_status add_ssyk(void *ctx, char **f, uint64_t line, nm_error *err)
{
    nm_refdata *r = ctx;
    (void)line; (void)err;
    r->ssyk = nm_reallocarray(r->ssyk, r->nssyk + 1, sizeof *r->ssyk);
    nm_ssyk *s = &r->ssyk[r->nssyk++];
    memset(s, 0, sizeof *s);
    copy_code(s->code, f[0]);
    s->level = atoi(f[1]);
    s->label_sv = nm_strdup(f[2]);
    s->label_en = nm_strdup(f[3]);
    return NM_OK;
}

static nm_status add_title(void *ctx, char **f, uint64_t line, nm_error *err)
{
    nm_refdata *r = ctx;
    (void)line; (void)err;
    r->titles = nm_reallocarray(r->titles, r->ntitles + 1, sizeof *r->titles);
    nm_title *t = &r->titles[r->ntitles++];
    t->title = nm_strdup(f[0]);
    copy_code(t->code, f[1]);
    return NM_OK;
}

static nm_status add_keyword(void *ctx, char **f, uint64_t line, nm_error *err)
{
    nm_refdata *r = ctx;
    (void)line; (void)err;
    r->keywords = nm_reallocarray(r->keywords, r->nkeywords + 1, sizeof *r->keywords);
    nm_title *t = &r->keywords[r->nkeywords++];
    t->title = nm_strdup(f[0]);
    copy_code(t->code, f[1]);
    return NM_OK;
}

static nm_status add_synonym(void *ctx, char **f, uint64_t line, nm_error *err)
{
    nm_refdata *r = ctx;
    (void)line; (void)err;
    r->synonyms = nm_reallocarray(r->synonyms, r->nsynonyms + 1, sizeof *r->synonyms);
    r->synonym_labels = nm_reallocarray(r->synonym_labels, r->nsynonyms + 1,
                                        sizeof *r->synonym_labels);
    nm_title *t = &r->synonyms[r->nsynonyms];
    t->title = nm_strdup(f[0]);
    copy_code(t->code, f[1]);
    r->synonym_labels[r->nsynonyms++] = f[2][0] ? nm_strdup(f[2]) : NULL;
    return NM_OK;
}

/* ssyk_levels.csv: the level names of record.h, in enum order (0: none) */
static int route_of(const char *name)
{
    static const char *const names[] = {"", "yh", "university", "course", "komvux"};
    for (int i = 1; i < (int)(sizeof names / sizeof *names); i++)
        if (strcmp(names[i], name) == 0)
            return i;
    return 0;
}

static nm_status add_route(void *ctx, char **f, uint64_t line, nm_error *err)
{
    nm_refdata *r = ctx;
    nm_ssyk *s = nm_strmap_get(r->ssyk_by_code, f[0]);
    int level = route_of(f[1]);
    if (!s || s->level != 4 || !level || (f[2][0] && !route_of(f[2])))
        return nm_error_set(err, NM_ERR_INTERNAL, "ssyk_levels.csv", line, 0,
                            "not a 4-digit SSYK group with a level: %s", f[0]);
    s->route = (unsigned char)level;
    s->route_also = (unsigned char)route_of(f[2]);
    free(s->route_source);
    s->route_source = nm_strdup(f[3]);
    return NM_OK;
}

/* Groups of levels 1-3 take the route most of their 4-digit groups take
 * (ties: the lower level number). */
static void derive_routes(nm_refdata *r)
{
    for (size_t i = 0; i < r->nssyk; i++) {
        nm_ssyk *g = &r->ssyk[i];
        if (g->level >= 4)
            continue;
        size_t len = strlen(g->code), votes[8] = {0}, best = 0;
        for (size_t k = 0; k < r->nssyk; k++)
            if (r->ssyk[k].level == 4 && strncmp(r->ssyk[k].code, g->code, len) == 0)
                votes[r->ssyk[k].route & 7]++;
        for (size_t v = 1; v < 8; v++)
            if (votes[v] > (best ? votes[best] : 0))
                best = v;
        g->route = (unsigned char)best;
    }
}

static nm_status load_embedded(const unsigned char *data, size_t len, const char *name,
                               const char *const *want, size_t nwant, nm_table_fn fn,
                               nm_refdata *r, nm_error *err)
{
    FILE *f = fmemopen((void *)data, len, "rb");
    if (!f)
        return nm_error_set(err, NM_ERR_INTERNAL, name, 0, 0, "cannot open built-in data");
    nm_status st = nm_table_read(f, name, want, nwant, fn, r, err);
    fclose(f);
    return st;
}

nm_status nm_refdata_load(nm_refdata **out, nm_error *err)
{
    static const char *const muni_cols[] = {"code", "name", "name short", "county code",
                                            "county name", "lat", "lon"};
    static const char *const ssyk_cols[] = {"code", "level", "label sv", "label en"};
    static const char *const title_cols[] = {"title sv", "ssyk"};
    static const char *const syn_cols[] = {"text", "ssyk", "competence"};
    static const char *const kw_cols[] = {"keyword sv", "ssyk"};
    nm_refdata *r = nm_calloc(1, sizeof *r);
    nm_status st = load_embedded(nm_data_municipalities, nm_data_municipalities_len,
                                 "municipalities.csv", muni_cols, 7, add_muni, r, err);
    if (st == NM_OK)
        st = load_embedded(nm_data_ssyk, nm_data_ssyk_len, "ssyk2012.csv", ssyk_cols, 4,
                           add_ssyk, r, err);
    if (st == NM_OK)
        st = load_embedded(nm_data_titles, nm_data_titles_len, "occupation_titles_sv.csv",
                           title_cols, 2, add_title, r, err);
    if (st == NM_OK)
        st = load_embedded(nm_data_synonyms, nm_data_synonyms_len, "synonyms.csv", syn_cols,
                           3, add_synonym, r, err);
    if (st == NM_OK)
        st = load_embedded(nm_data_keywords, nm_data_keywords_len, "keywords_sv.csv", kw_cols,
                           2, add_keyword, r, err);
    if (st != NM_OK) {
        nm_refdata_free(r);
        return st == NM_ERR_CONFIG ? NM_ERR_INTERNAL : st;
    }
    r->muni_by_code = nm_strmap_new();
    for (size_t i = 0; i < r->nmunis; i++)
        nm_strmap_put(r->muni_by_code, r->munis[i].code, &r->munis[i]);
    r->ssyk_by_code = nm_strmap_new();
    for (size_t i = 0; i < r->nssyk; i++)
        nm_strmap_put(r->ssyk_by_code, r->ssyk[i].code, &r->ssyk[i]);
    r->county_by_code = nm_strmap_new();
    for (size_t i = 0; i < r->nmunis; i++)
        if (!nm_strmap_get(r->county_by_code, r->munis[i].county_code))
            nm_strmap_put(r->county_by_code, r->munis[i].county_code, &r->munis[i]);
    static const char *const route_cols[] = {"code", "level", "also", "source"};
    st = load_embedded(nm_data_levels, nm_data_levels_len, "ssyk_levels.csv", route_cols, 4,
                       add_route, r, err);
    if (st != NM_OK) {
        nm_refdata_free(r);
        return NM_ERR_INTERNAL;
    }
    derive_routes(r);
    *out = r;
    return NM_OK;
}

void nm_refdata_free(nm_refdata *r)
{
    if (!r)
        return;
    for (size_t i = 0; i < r->nmunis; i++) {
        free(r->munis[i].name);
        free(r->munis[i].short_name);
        free(r->munis[i].county_name);
    }
    for (size_t i = 0; i < r->nssyk; i++) {
        free(r->ssyk[i].label_sv);
        free(r->ssyk[i].label_en);
        free(r->ssyk[i].route_source);
    }
    for (size_t i = 0; i < r->ntitles; i++)
        free(r->titles[i].title);
    for (size_t i = 0; i < r->nsynonyms; i++) {
        free(r->synonyms[i].title);
        free(r->synonym_labels[i]);
    }
    for (size_t i = 0; i < r->nkeywords; i++)
        free(r->keywords[i].title);
    free(r->keywords);
    free(r->munis);
    free(r->ssyk);
    free(r->titles);
    free(r->synonyms);
    free(r->synonym_labels);
    nm_strmap_free(r->muni_by_code);
    nm_strmap_free(r->ssyk_by_code);
    nm_strmap_free(r->county_by_code);
    free(r);
}

const nm_municipality *nm_refdata_municipality(const nm_refdata *r, const char *code)
{
    return nm_strmap_get(r->muni_by_code, code);
}

const nm_ssyk *nm_refdata_ssyk(const nm_refdata *r, const char *code)
{
    return nm_strmap_get(r->ssyk_by_code, code);
}

const char *nm_refdata_county_name(const nm_refdata *r, const char *code)
{
    const nm_municipality *m = nm_strmap_get(r->county_by_code, code);
    return m ? m->county_name : NULL;
}
