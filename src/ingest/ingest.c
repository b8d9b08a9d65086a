/* ingest.c - header detection and the row -> records conversion.
 *
 * Each row ends up in exactly one of accepted, rejected or skipped; every
 * rejection is handed to the sink with file, line and column.  Values that
 * are not understood (a level nobody expected) are kept as "unknown" with a
 * note rather than rejected: the need itself is still real. */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "needmap/alloc.h"
#include "needmap/count.h"
#include "needmap/ingest.h"
#include "needmap/text.h"
#include "needmap/values.h"

enum { MAX_PREAMBLE_ROWS = 50, MAX_NEEDS = 4 };

struct nm_ingest {
    nm_refdata *ref;
    nm_muni_index *munis;
    nm_comp_matcher *matcher;
    nm_mapping *mapping;
};

typedef struct file_state {
    nm_ingest *g;
    const nm_sink *sink;
    nm_file_report *rep;
    const char *file;        /* the report's path */
    nm_comp_matcher *matcher; /* this file's own fork of the base matcher */
    int have_header;
    int stop_error;          /* header not found in time */
    nm_buf key;              /* scratch */
    nm_strmap *memo;         /* tag + cell text -> what it means */
    nm_buf memo_key;
    struct { nm_count_status st; nm_count count; } *counts; /* counts seen */
    size_t ncounts, counts_cap;
} file_state;

/* --- reasons and notes --- */

static const char *const reason_texts[NM_REASON_N][2] = {
    {"malformed_row", "malformed row"},
    {"no_municipality", "municipality missing"},
    {"unknown_municipality", "unknown municipality"},
    {"ambiguous_municipality", "ambiguous municipality"},
    {"no_competence", "occupation or competence missing"},
    {"unknown_ssyk", "not an SSYK 2012 code"},
    {"count_negative", "count is negative"},
    {"count_not_number", "count is not a number"},
    {"count_too_large", "count is implausibly large"},
    {"count_ambiguous", "count is ambiguous"},
    {"count_bad_range", "count range is reversed"},
    {"blank", "blank line or empty row"},
    {"sep_line", "Excel sep= line"},
    {"header", "header row"},
    {"preamble", "note line above the header"},
    {"repeated_header", "header row repeated"},
    {"total_row", "total or sum row"},
    {"no_need", "no occupation cell filled in"},
    {"zero", "every count is zero"}};

const char *nm_reason_code(nm_reason r) { return reason_texts[r][0]; }
const char *nm_reason_text(nm_reason r) { return reason_texts[r][1]; }

const char *nm_note_text(nm_note n)
{
    static const char *const texts[NM_NOTE_N] = {
        "count not given: kept as a need without a number",
        "count given as a range",
        "count given as approximate",
        "count given as a lower bound (10+)",
        "occupation matched approximately",
        "competence not in SSYK: kept as unclassified text",
        "need type not understood: kept as unknown",
        "education level not understood: kept as unknown",
        "delivery mode not understood: kept as unknown",
        "time horizon not understood: kept as unknown",
        "respondent kind not understood: kept as unknown"};
    return texts[n];
}

/* --- context --- */

nm_status nm_ingest_new(const nm_ingest_opts *opts, nm_ingest **out, nm_error *err)
{
    nm_ingest *g = nm_calloc(1, sizeof *g);
    nm_status st = nm_refdata_load(&g->ref, err);
    if (st == NM_OK && opts->mapping_path)
        st = nm_mapping_load(opts->mapping_path, &g->mapping, err);
    if (st == NM_OK) {
        g->munis = nm_muni_index_new(g->ref);
        g->matcher = nm_comp_matcher_new(g->ref, opts->min_confidence);
        for (size_t i = 0; i < opts->nsynonyms && st == NM_OK; i++)
            st = nm_comp_matcher_add_synonyms(g->matcher, opts->synonyms[i], err);
    }
    if (st != NM_OK) {
        nm_ingest_free(g);
        return st;
    }
    *out = g;
    return NM_OK;
}

void nm_ingest_free(nm_ingest *g)
{
    if (!g)
        return;
    nm_comp_matcher_free(g->matcher);
    nm_muni_index_free(g->munis);
    nm_mapping_free(g->mapping);
    nm_refdata_free(g->ref);
    free(g);
}

nm_comp_matcher *nm_ingest_matcher(nm_ingest *g) { return g->matcher; }
const nm_refdata *nm_ingest_refdata(const nm_ingest *g) { return g->ref; }

void nm_file_report_free(nm_file_report *r)
{
    if (!r)
        return;
    for (size_t i = 0; i < r->nreview; i++) {
        free(r->review[i].text);
        free(r->review[i].label);
    }
    free(r->review);
    free(r->path);
    nm_columns_free(&r->columns);
    memset(r, 0, sizeof *r);
}

/* --- outcomes --- */

static void skip_row(file_state *s, nm_reason why)
{
    s->rep->rows_skipped++;
    s->rep->reasons[why]++;
}

static void reject(file_state *s, const nm_row *row, uint32_t col, nm_reason why,
                   const char *detail, const char *hint)
{
    s->rep->reasons[why]++;
    if (s->sink->reject) {
        nm_reject r = {s->file, row->line, col, why, detail ? detail : "", hint ? hint : ""};
        s->sink->reject(s->sink->ctx, &r);
    }
}

static const char *cell(const nm_row *row, const nm_columns *c, nm_role role)
{
    size_t i = c->first[role];
    return i < row->nfields ? row->fields[i] : "";
}

static uint32_t col_of(const nm_columns *c, nm_role role)
{
    return c->first[role] == SIZE_MAX ? 0 : (uint32_t)c->first[role] + 1;
}

static int all_blank(const nm_row *row)
{
    for (size_t i = 0; i < row->nfields; i++)
        if (!nm_text_is_blank(row->fields[i]))
            return 0;
    return 1;
}

/* "Summa", "Totalt", "Summa Norrbotten", "Total": a sum row.  The English
 * "total" counts only alone, so "Total Bygg AB" stays a company. */
static int is_total_word(file_state *s, const char *text)
{
    static const char *const alone[] = {"summa", "totalt", "total", "totalsumma", "sum",
                                        "sammanlagt", "summering", "grand total", "totals",
                                        NULL};
    static const char *const prefix[] = {"summa", "totalt", "totalsumma", "sammanlagt", NULL};
    nm_text_key(text, &s->key);
    for (const char *const *w = alone; *w; w++)
        if (strcmp(s->key.data, *w) == 0)
            return 1;
    for (const char *const *w = prefix; *w; w++) {
        size_t n = strlen(*w);
        if (strncmp(s->key.data, *w, n) == 0 && s->key.data[n] == ' ')
            return 1;
    }
    return 0;
}

/* A sum row says "Summa" in its municipality cell, or has no municipality
 * and starts with a total word.  A company called "Summa Konsult AB" in a
 * row with a municipality is an answer, not a sum. */
static int is_total_row(file_state *s, const nm_row *row)
{
    const char *muni = cell(row, &s->rep->columns, NM_ROLE_MUNICIPALITY);
    if (!nm_text_is_blank(muni))
        return is_total_word(s, muni);
    for (size_t i = 0; i < row->nfields; i++)
        if (!nm_text_is_blank(row->fields[i]))
            return is_total_word(s, row->fields[i]);
    return 0;
}

static int is_repeated_header(const nm_row *row, const nm_columns *c)
{
    size_t same = 0, filled = 0;
    for (size_t i = 0; i < row->nfields && i < c->n; i++) {
        if (nm_text_is_blank(c->cols[i].header))
            continue;
        filled++;
        same += strcmp(row->fields[i], c->cols[i].header) == 0;
    }
    return filled && same == filled;
}

/* --- values of a row --- */

typedef struct row_values {
    const nm_municipality *muni;
    uint64_t respondent;
    nm_rkind kind;
    nm_need need;
    nm_level level;
    nm_mode mode;
    nm_horizon horizon;
} row_values;

/* A mapping file's value map, then the built-in words.  Returns 1 if the
 * text was understood. */
static int mapped(file_state *s, nm_field f, const char *text, int *out)
{
    const nm_mapping *m = s->g->mapping;
    void *v;
    if (m && !nm_text_is_blank(text)) {
        nm_text_key(text, &s->key);
        if (nm_strmap_find(m->values[f], s->key.data, &v)) {
            *out = (int)((intptr_t)v - 1);
            return 1;
        }
    }
    return -1;
}

static const char *with_default(file_state *s, const nm_row *row, nm_role role, nm_field f)
{
    const char *t = cell(row, &s->rep->columns, role);
    const nm_mapping *m = s->g->mapping;
    if (nm_text_is_blank(t) && m && m->defaults[f])
        return m->defaults[f];
    return t;
}

/* --- a per-file memo of what each distinct cell text means --- */

/* A million rows hold the same few values: fold and look each distinct text
 * up once per file.  Keys are a tag byte and the text. */
static int memo_find(file_state *s, char tag, const char *text, uint64_t *out)
{
    nm_buf_reset(&s->memo_key);
    nm_buf_putc(&s->memo_key, tag);
    nm_buf_puts(&s->memo_key, text);
    void *v;
    if (!nm_strmap_find(s->memo, s->memo_key.data, &v))
        return 0;
    *out = (uint64_t)(uintptr_t)v;
    return 1;
}

/* Store a value for the key of the last memo_find. */
static void memo_store(file_state *s, uint64_t value)
{
    nm_strmap_put(s->memo, s->memo_key.data, (void *)(uintptr_t)value);
}

/* Need, level, mode or respondent kind of a text: the mapping file's value
 * map first, then the built-in words.  Returns value | recognised << 8. */
static uint64_t parse_value(file_state *s, nm_field f, const char *text)
{
    int v;
    if (mapped(s, f, text, &v) == 1)
        return (uint64_t)v | 1u << 8;
    int ok = 0;
    nm_need n; nm_level l; nm_mode m; nm_rkind k;
    switch (f) {
    case NM_FIELD_NEED: ok = nm_need_parse(text, &n); v = (int)n; break;
    case NM_FIELD_LEVEL: ok = nm_level_parse(text, &l); v = (int)l; break;
    case NM_FIELD_MODE: ok = nm_mode_parse(text, &m); v = (int)m; break;
    default: ok = nm_rkind_parse(text, &k); v = (int)k; break;
    }
    return (uint64_t)v | (uint64_t)ok << 8;
}

static int read_value(file_state *s, const nm_row *row, nm_role role, nm_field f, nm_note note)
{
    const char *t = with_default(s, row, role, f);
    uint64_t v;
    if (!memo_find(s, (char)('A' + f), t, &v)) {
        v = parse_value(s, f, t);
        memo_store(s, v);
    }
    if (!(v >> 8))
        s->rep->notes[note]++;
    return (int)(v & 0xFF);
}

static void read_values(file_state *s, const nm_row *row, row_values *v)
{
    v->need = (nm_need)read_value(s, row, NM_ROLE_NEED, NM_FIELD_NEED,
                                  NM_NOTE_NEED_UNRECOGNISED);
    v->level = (nm_level)read_value(s, row, NM_ROLE_LEVEL, NM_FIELD_LEVEL,
                                    NM_NOTE_LEVEL_UNRECOGNISED);
    v->mode = (nm_mode)read_value(s, row, NM_ROLE_MODE, NM_FIELD_MODE,
                                  NM_NOTE_MODE_UNRECOGNISED);
    v->kind = (nm_rkind)read_value(s, row, NM_ROLE_RESPONDENT_KIND, NM_FIELD_RESPONDENT_KIND,
                                   NM_NOTE_KIND_UNRECOGNISED);
    const char *h = with_default(s, row, NM_ROLE_HORIZON, NM_FIELD_HORIZON);
    uint64_t packed;
    if (!memo_find(s, 'h', h, &packed)) {
        nm_horizon hz;
        int ok = nm_horizon_parse(h, &hz);
        packed = (uint64_t)(hz.lo + 2) | (uint64_t)(hz.hi + 2) << 8 | (uint64_t)ok << 16;
        memo_store(s, packed);
    }
    v->horizon.lo = (int8_t)((int)(packed & 0xFF) - 2);
    v->horizon.hi = (int8_t)((int)((packed >> 8) & 0xFF) - 2);
    if (!(packed >> 16))
        s->rep->notes[NM_NOTE_HORIZON_UNRECOGNISED]++;
}

/* Respondents are told apart by a hash, never kept by name.  Without a
 * respondent column a wide row is one respondent; in a long file all rows
 * of one municipality count as one respondent (the cautious choice for
 * suppressing small cells later). */
static void read_respondent(file_state *s, const nm_row *row, row_values *v)
{
    const nm_columns *c = &s->rep->columns;
    const char *who = cell(row, c, NM_ROLE_RESPONDENT);
    if (!nm_text_is_blank(who)) {
        uint64_t h, kind;
        if (!memo_find(s, 'r', who, &h)) {
            nm_text_key(who, &s->key);
            h = nm_hash64(s->key.data, s->key.len);
            memo_store(s, h);
        }
        v->respondent = h;
        if (v->kind == NM_RKIND_UNKNOWN && c->first[NM_ROLE_RESPONDENT_KIND] == SIZE_MAX) {
            if (!memo_find(s, 'g', who, &kind)) {
                kind = (uint64_t)nm_rkind_guess(who);
                memo_store(s, kind);
            }
            v->kind = (nm_rkind)kind;
        }
        return;
    }
    nm_buf_reset(&s->key);
    if (c->wide)
        nm_buf_printf(&s->key, "%s\n%llu", s->file, (unsigned long long)row->line);
    else
        nm_buf_printf(&s->key, "%s\n%s", s->file, v->muni->code);
    v->respondent = nm_hash64(s->key.data, s->key.len);
}

static int read_municipality(file_state *s, const nm_row *row, row_values *v)
{
    const char *t = with_default(s, row, NM_ROLE_MUNICIPALITY, NM_FIELD_MUNICIPALITY);
    uint32_t col = col_of(&s->rep->columns, NM_ROLE_MUNICIPALITY);
    const nm_municipality *hint = NULL;
    char hinttext[160] = "";
    uint64_t packed;
    nm_muni_result res;
    if (memo_find(s, 'm', t, &packed)) {
        const nm_municipality *munis = s->g->ref->munis;
        res = (nm_muni_result)(packed & 0xF);
        v->muni = (packed >> 4 & 0xFFFF) ? &munis[(packed >> 4 & 0xFFFF) - 1] : NULL;
        hint = (packed >> 20 & 0xFFFF) ? &munis[(packed >> 20 & 0xFFFF) - 1] : NULL;
    } else {
        res = nm_muni_match(s->g->munis, t, &v->muni, &hint);
        if (res != NM_MUNI_FOUND && res != NM_MUNI_CONFLICT)
            v->muni = NULL;
        packed = (uint64_t)res |
                 (uint64_t)(v->muni ? v->muni - s->g->ref->munis + 1 : 0) << 4 |
                 (uint64_t)(hint ? hint - s->g->ref->munis + 1 : 0) << 20;
        memo_store(s, packed);
    }
    switch (res) {
    case NM_MUNI_FOUND:
        return 1;
    case NM_MUNI_EMPTY:
        reject(s, row, col, NM_REJ_NO_MUNICIPALITY, "", "");
        return 0;
    case NM_MUNI_AMBIGUOUS:
        reject(s, row, col, NM_REJ_AMBIGUOUS_MUNICIPALITY, t,
               "write it with å/ä/ö, or use the municipality code");
        return 0;
    case NM_MUNI_CONFLICT:
        snprintf(hinttext, sizeof hinttext, "code %s is %s, but the name says %s (%s)",
                 v->muni->code, v->muni->short_name, hint->short_name, hint->code);
        v->muni = NULL;
        reject(s, row, col, NM_REJ_AMBIGUOUS_MUNICIPALITY, t, hinttext);
        return 0;
    case NM_MUNI_UNKNOWN:
        if (hint)
            snprintf(hinttext, sizeof hinttext, "did you mean %s (%s)?", hint->short_name,
                     hint->code);
        reject(s, row, col, NM_REJ_UNKNOWN_MUNICIPALITY, t, hinttext);
        return 0;
    }
    return 0;
}

/* --- needs --- */

typedef struct need_out {
    int accepted, rejected, zero;
} need_out;

static nm_reason count_reason(nm_count_status st)
{
    switch (st) {
    case NM_COUNT_NEGATIVE: return NM_REJ_COUNT_NEGATIVE;
    case NM_COUNT_TOO_LARGE: return NM_REJ_COUNT_TOO_LARGE;
    case NM_COUNT_AMBIGUOUS: return NM_REJ_COUNT_AMBIGUOUS;
    case NM_COUNT_BAD_RANGE: return NM_REJ_COUNT_BAD_RANGE;
    default: return NM_REJ_COUNT_NOT_NUMBER;
    }
}

static void note_count(file_state *s, const nm_count *c)
{
    if (!c->known) s->rep->notes[NM_NOTE_COUNT_UNKNOWN]++;
    if (c->range) s->rep->notes[NM_NOTE_COUNT_RANGE]++;
    if (c->approx) s->rep->notes[NM_NOTE_COUNT_APPROX]++;
    if (c->at_least) s->rep->notes[NM_NOTE_COUNT_AT_LEAST]++;
}

static void note_competence(file_state *s, const nm_competence *c)
{
    if (c->how == NM_MATCH_FUZZY) s->rep->notes[NM_NOTE_FUZZY]++;
    if (c->how == NM_MATCH_UNCLASSIFIED) s->rep->notes[NM_NOTE_UNCLASSIFIED]++;
}

static void emit_need(file_state *s, const nm_row *row, const row_values *v,
                      const nm_competence *comp, const nm_count *count, nm_need need,
                      uint32_t col)
{
    nm_record r = {0};
    memcpy(r.municipality, v->muni->code, sizeof r.municipality);
    r.competence = *comp;
    r.count = *count;
    r.need = need;
    r.level = v->level;
    r.mode = v->mode;
    r.horizon = v->horizon;
    r.respondent = v->respondent;
    r.respondent_kind = v->kind;
    r.file = s->file;
    r.line = row->line;
    r.col = col;
    s->rep->needs_accepted++;
    s->rep->needs_unknown += !count->known;
    if (count->known)
        s->rep->demand_known += count->value;
    note_count(s, count);
    note_competence(s, comp);
    if (s->sink->record)
        s->sink->record(s->sink->ctx, &r);
}

/* nm_count_parse through the memo: counts are few distinct texts. */
static nm_count_status memo_count(file_state *s, const char *text, nm_count *c)
{
    uint64_t i;
    if (!memo_find(s, 'c', text, &i)) {
        NM_GROW(s->counts, s->counts_cap, s->ncounts + 1);
        s->counts[s->ncounts].st = nm_count_parse(text, &s->counts[s->ncounts].count);
        i = s->ncounts++;
        memo_store(s, i);
    }
    *c = s->counts[i].count;
    return s->counts[i].st;
}

/* One count cell: accept, reject, or note a zero. */
static void count_cell(file_state *s, const nm_row *row, const row_values *v,
                       const nm_competence *comp, const char *text, int empty_is_unknown,
                       nm_need need, uint32_t col, need_out *o)
{
    nm_count c;
    nm_count_status st = memo_count(s, text, &c);
    if (st == NM_COUNT_EMPTY) {
        if (!empty_is_unknown)
            return;
        memset(&c, 0, sizeof c);
        st = NM_COUNT_UNKNOWN;
    }
    if (st == NM_COUNT_OK && c.value == 0 && c.high == 0) {
        o->zero++;
        return;
    }
    if (st == NM_COUNT_OK || st == NM_COUNT_UNKNOWN) {
        emit_need(s, row, v, comp, &c, need, col);
        o->accepted++;
    } else {
        reject(s, row, col, count_reason(st), text, "");
        o->rejected++;
    }
}

static int long_competence(file_state *s, const nm_row *row, nm_competence *comp)
{
    const nm_columns *c = &s->rep->columns;
    const char *code = cell(row, c, NM_ROLE_SSYK);
    const char *text = cell(row, c, NM_ROLE_COMPETENCE);
    if (!nm_text_is_blank(code) && nm_comp_match_code(s->matcher, code, comp))
        return 1;
    if (nm_comp_match(s->matcher, text, comp))
        return 1;
    if (!nm_text_is_blank(code)) {
        reject(s, row, col_of(c, NM_ROLE_SSYK), NM_REJ_UNKNOWN_SSYK, code, "");
        return 0;
    }
    reject(s, row, col_of(c, c->first[NM_ROLE_COMPETENCE] != SIZE_MAX ? NM_ROLE_COMPETENCE
                                                                      : NM_ROLE_SSYK),
           NM_REJ_NO_COMPETENCE, "", "");
    return 0;
}

/* Typed count columns ("Antal rekrytering") give one need each when
 * filled; a generic count column gives one need of the row's need type.  A
 * row with an occupation but no count at all is kept as a need without a
 * number, never as zero. */
static void long_needs(file_state *s, const nm_row *row, const row_values *v, need_out *o)
{
    static const struct { nm_role role; nm_need need; } typed[] = {
        {NM_ROLE_COUNT_RECRUITMENT, NM_NEED_RECRUITMENT},
        {NM_ROLE_COUNT_UPSKILLING, NM_NEED_UPSKILLING},
        {NM_ROLE_COUNT_INTEREST, NM_NEED_INTEREST}};
    const nm_columns *c = &s->rep->columns;
    nm_competence comp;
    if (!long_competence(s, row, &comp)) {
        o->rejected++;
        return;
    }
    int filled = 0;
    for (size_t k = 0; k < 3; k++) {
        const char *t = cell(row, c, typed[k].role);
        if (c->first[typed[k].role] == SIZE_MAX || nm_text_is_blank(t))
            continue;
        filled++;
        count_cell(s, row, v, &comp, t, 0, typed[k].need, col_of(c, typed[k].role), o);
    }
    if (c->first[NM_ROLE_COUNT] != SIZE_MAX || !filled) {
        const char *t = with_default(s, row, NM_ROLE_COUNT, NM_FIELD_COUNT);
        count_cell(s, row, v, &comp, t, !filled, v->need, col_of(c, NM_ROLE_COUNT), o);
    }
}

static void wide_needs(file_state *s, const nm_row *row, const row_values *v, need_out *o)
{
    const nm_columns *c = &s->rep->columns;
    for (size_t i = 0; i < c->n && i < row->nfields; i++) {
        if (c->cols[i].role != NM_ROLE_WIDE)
            continue;
        count_cell(s, row, v, &c->cols[i].wide, row->fields[i], 0, v->need, (uint32_t)i + 1, o);
    }
}

static int any_wide_cell(const nm_row *row, const nm_columns *c)
{
    for (size_t i = 0; i < c->n && i < row->nfields; i++)
        if (c->cols[i].role == NM_ROLE_WIDE && !nm_text_is_blank(row->fields[i]))
            return 1;
    return 0;
}

static void data_row(file_state *s, const nm_row *row)
{
    nm_file_report *rep = s->rep;
    if (is_total_row(s, row)) {
        skip_row(s, NM_SKIP_TOTAL);
        return;
    }
    if (is_repeated_header(row, &rep->columns)) {
        skip_row(s, NM_SKIP_REPEATED_HEADER);
        return;
    }
    row_values v = {0};
    need_out o = {0};
    if (rep->columns.wide && !any_wide_cell(row, &rep->columns)) {
        skip_row(s, NM_SKIP_NO_NEED); /* opened the form, answered nothing */
        return;
    }
    if (!read_municipality(s, row, &v)) {
        rep->rows_rejected++;
        return;
    }
    read_values(s, row, &v);
    read_respondent(s, row, &v);
    if (rep->columns.wide)
        wide_needs(s, row, &v, &o);
    else
        long_needs(s, row, &v, &o);
    rep->needs_rejected += (uint64_t)o.rejected;
    if (o.accepted)
        rep->rows_accepted++;
    else if (o.rejected)
        rep->rows_rejected++;
    else
        skip_row(s, o.zero ? NM_SKIP_ZERO : NM_SKIP_NO_NEED);
}

/* --- the header --- */

static int try_header(file_state *s, const nm_row *row)
{
    const nm_mapping *m = s->g->mapping;
    int usable = nm_columns_build(row, m, s->matcher, &s->rep->columns);
    int forced = m && m->header_line && row->line == m->header_line && !row->synthetic;
    if (m && m->layout == 2 && !s->rep->columns.wide)
        usable = 0;
    if (usable || forced) {
        s->have_header = 1;
        s->rep->header_line = row->line;
        nm_competence seen; /* count each wide header once, for the review */
        for (size_t i = 0; i < s->rep->columns.n; i++)
            if (s->rep->columns.cols[i].role == NM_ROLE_WIDE)
                nm_comp_match(s->matcher, s->rep->columns.cols[i].header, &seen);
        return 1;
    }
    nm_columns_free(&s->rep->columns);
    return 0;
}

static int on_row(void *ctx, const nm_row *row)
{
    file_state *s = ctx;
    nm_file_report *rep = s->rep;
    if (!row->synthetic)
        rep->rows_read++;
    switch (row->kind) {
    case NM_ROW_BLANK: skip_row(s, NM_SKIP_BLANK); return 0;
    case NM_ROW_SEP_LINE: skip_row(s, NM_SKIP_SEP_LINE); return 0;
    case NM_ROW_MALFORMED:
        reject(s, row, row->bad_col, NM_REJ_MALFORMED, row->problem, "");
        rep->rows_rejected++;
        return 0;
    case NM_ROW_EMPTY_GROUP: skip_row(s, NM_SKIP_NO_NEED); return 0;
    case NM_ROW_FIELDS: break;
    }
    if (row->synthetic) /* a JSON export's keys: the header, or not a survey */
        return !try_header(s, row);
    if (all_blank(row)) {
        skip_row(s, NM_SKIP_BLANK);
        return 0;
    }
    if (s->have_header) {
        data_row(s, row);
        return 0;
    }
    const nm_mapping *m = s->g->mapping;
    int header_now = !(m && m->header_line) || row->line == m->header_line;
    if (header_now && try_header(s, row)) {
        skip_row(s, NM_SKIP_HEADER);
        return 0;
    }
    skip_row(s, NM_SKIP_PREAMBLE);
    if (rep->reasons[NM_SKIP_PREAMBLE] >= MAX_PREAMBLE_ROWS && !(m && m->header_line)) {
        s->stop_error = 1;
        return 1;
    }
    return 0;
}

/* --- one file --- */

static void read_opts(const nm_mapping *m, nm_read_opts *o)
{
    memset(o, 0, sizeof *o);
    if (!m)
        return;
    o->delimiter = m->delimiter;
    o->force_encoding = m->has_encoding;
    o->encoding = m->encoding;
}

static void keep_review(void *ctx, const char *text, const nm_competence *c,
                        const char *key, uint64_t uses)
{
    nm_file_report *rep = ctx;
    (void)key;
    rep->review = nm_reallocarray(rep->review, rep->nreview + 1, sizeof *rep->review);
    nm_review_item *it = &rep->review[rep->nreview++];
    it->text = nm_strdup(text);
    it->comp = *c;
    it->label = c->label ? nm_strdup(c->label) : NULL;
    it->comp.label = it->label;
    it->uses = uses;
}

static nm_status no_header(file_state *s)
{
    const nm_mapping *m = s->g->mapping;
    if (m && m->header_line)
        return nm_error_set(&s->rep->error, NM_ERR_INPUT, s->file, m->header_line, 0,
                            "the mapping file names line %llu as the header, but the file "
                            "has no such row",
                            (unsigned long long)m->header_line);
    return nm_error_set(&s->rep->error, NM_ERR_INPUT, s->file, 0, 0,
                        "no header row found%s: expected a municipality column (Kommun, "
                        "Kommunkod, ...) and an occupation column (Yrke, SSYK, ...) or one "
                        "column per occupation; run 'needmap inspect' on it, or name the "
                        "columns in a mapping file",
                        s->stop_error ? " in the first 50 rows" : "");
}

static void free_state(file_state *s)
{
    nm_comp_matcher_free(s->matcher);
    nm_strmap_free(s->memo);
    nm_buf_free(&s->memo_key);
    nm_buf_free(&s->key);
    free(s->counts);
}

nm_status nm_ingest_file(nm_ingest *g, const char *path, const nm_sink *sink,
                         nm_file_report *rep)
{
    static const nm_sink none = {0};
    memset(rep, 0, sizeof *rep);
    rep->path = nm_strdup(path);
    file_state s = {.g = g, .sink = sink ? sink : &none, .rep = rep, .file = rep->path,
                    .matcher = nm_comp_matcher_fork(g->matcher), .memo = nm_strmap_new()};
    int is_stdin = strcmp(path, "-") == 0;
    FILE *in = is_stdin ? stdin : fopen(path, "rb");
    if (!in) {
        rep->status = nm_error_set(&rep->error, NM_ERR_INPUT, path, 0, 0, "cannot open: %s",
                                   strerror(errno));
        free_state(&s);
        return rep->status;
    }
    nm_read_opts opts;
    read_opts(g->mapping, &opts);
    rep->status = nm_read_stream(in, s.file, &opts, on_row, &s, &rep->info, &rep->error);
    if (!is_stdin)
        fclose(in);
    if (rep->status == NM_OK && !s.have_header)
        rep->status = no_header(&s);
    nm_comp_review(s.matcher, keep_review, rep);
    free_state(&s);
    return rep->status;
}
