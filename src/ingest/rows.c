/* rows.c - one data row -> records (one per need), rejections or a skip.
 *
 * Values that are not understood (a level nobody expected) are kept as
 * "unknown" with a note rather than rejected: the need itself is still
 * real.  What each distinct cell text means is memoised per file. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "needmap/alloc.h"
#include "needmap/count.h"
#include "needmap/text.h"
#include "needmap/values.h"

#include "ingest_parts.h"

/* --- outcomes --- */

/* A workbook's rows are named "book.xlsx:Svar" (once the reader knows the sheet). */
void nmi_name_sheet(file_state *s)
{
    if (s->rep->info.sheet[0] && s->file == s->rep->path) {
        nm_buf_printf(&s->where, "%s:%s", s->rep->path, s->rep->info.sheet);
        s->file = s->where.data;
    }
}

void nmi_skip_row(file_state *s, nm_reason why)
{
    s->rep->rows_skipped++;
    s->rep->reasons[why]++;
}

void nmi_reject(file_state *s, const nm_row *row, uint32_t col, nm_reason why,
                const char *detail, const char *hint)
{
    s->rep->reasons[why]++;
    char both[400];
    if (s->short_hint[0]) { /* a short row: its values may have moved left */
        snprintf(both, sizeof both, "%s%s%s", hint ? hint : "", hint && hint[0] ? "; " : "",
                 s->short_hint);
        hint = both;
    }
    if (s->sink->reject) {
        nm_reject r = {s->file, row->line, col, why, detail ? detail : "", hint ? hint : ""};
        s->sink->reject(s->sink->ctx, &r);
    }
}

/* The row's cell for a role ("" when the row has none), *len its length
 * in bytes. */
static const char *cell_len(const nm_row *row, const nm_columns *c, nm_role role, size_t *len)
{
    size_t i = c->first[role];
    *len = i < row->nfields ? row->lens[i] : 0;
    return i < row->nfields ? row->fields[i] : "";
}

static const char *cell(const nm_row *row, const nm_columns *c, nm_role role)
{
    size_t len;
    return cell_len(row, c, role, &len);
}

static uint32_t col_of(const nm_columns *c, nm_role role)
{
    return c->first[role] == SIZE_MAX ? 0 : (uint32_t)c->first[role] + 1;
}

int nmi_all_blank(const nm_row *row)
{
    for (size_t i = 0; i < row->nfields; i++)
        if (!nm_text_is_blank(row->fields[i]))
            return 0;
    return 1;
}

/* --- a per-file memo of what each distinct cell text means --- */

enum {
    RESPONDENT_MEMO = 1 << 16,   /* respondent texts memoised per file */
    RESPONDENT_PROBE = 4096      /* lookups before the memo must show it pays */
};

/* A million rows hold the same few values: fold and look each distinct text
 * up once per file.  One map per tag (what the text is read as), keyed by
 * the text itself. */
static int memo_find(file_state *s, char tag, const char *text, size_t len, uint64_t *out)
{
    nm_strmap **m = &s->memo[(unsigned char)tag & (NM_MEMO_TAGS - 1)];
    if (!*m)
        *m = nm_strmap_new();
    s->memo_map = *m;
    s->memo_text = text;
    s->memo_len = len;
    void *v;
    if (!nm_strmap_find_len(*m, text, len, &v))
        return 0;
    *out = (uint64_t)(uintptr_t)v;
    return 1;
}

/* Store a value for the tag and text of the last memo_find. */
static void memo_store(file_state *s, uint64_t value)
{
    nm_strmap_put_len(s->memo_map, s->memo_text, s->memo_len, (void *)(uintptr_t)value);
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

enum { MUNI_TOTAL = 36 }; /* the bit of muni_meaning's total word */

/* What a municipality text means, memoised per file (one lookup per row
 * serves the sum-row check and the municipality): the match, the
 * municipality and hint (index + 1, 0 for none) and whether it is a
 * total word. */
static uint64_t muni_meaning(file_state *s, const char *t, size_t len)
{
    uint64_t packed;
    if (memo_find(s, 'm', t, len, &packed))
        return packed;
    const nm_municipality *m = NULL, *hint = NULL, *munis = s->g->ref->munis;
    nm_muni_result res = nm_muni_match(s->g->munis, t, &m, &hint);
    if (res != NM_MUNI_FOUND && res != NM_MUNI_CONFLICT)
        m = NULL;
    int total = !nm_text_is_blank(t) && is_total_word(s, t);
    packed = (uint64_t)res | (uint64_t)(m ? m - munis + 1 : 0) << 4 |
             (uint64_t)(hint ? hint - munis + 1 : 0) << 20 | (uint64_t)total << MUNI_TOTAL;
    memo_store(s, packed); /* under the text of the memo_find above */
    return packed;
}

/* A sum row says "Summa" in its municipality cell (muni: its meaning), or
 * has no municipality and starts with a total word.  A company called
 * "Summa Konsult AB" in a row with a municipality is an answer, not a
 * sum. */
static int is_total_row(file_state *s, const nm_row *row, uint64_t muni)
{
    if (!nm_text_is_blank(cell(row, s->cols, NM_ROLE_MUNICIPALITY)))
        return (int)(muni >> MUNI_TOTAL & 1);
    for (size_t i = 0; i < row->nfields; i++)
        if (!nm_text_is_blank(row->fields[i]))
            return is_total_word(s, row->fields[i]);
    return 0;
}

/* Every named column holds its own header (the first difference ends the
 * search: a data row differs at once). */
static int is_repeated_header(const nm_row *row, const nm_columns *c)
{
    size_t filled = 0;
    for (size_t i = 0; i < row->nfields && i < c->n; i++) {
        if (nm_text_is_blank(c->cols[i].header))
            continue;
        if (strcmp(row->fields[i], c->cols[i].header) != 0)
            return 0;
        filled++;
    }
    return filled > 0;
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
    const nm_mapping *m = s->map;
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

/* A cell, or the mapping file's default for its field when it is blank;
 * *len is its length. */
static const char *with_default(file_state *s, const nm_row *row, nm_role role, nm_field f,
                                size_t *len)
{
    const char *t = cell_len(row, s->cols, role, len);
    const nm_mapping *m = s->map;
    if (m && m->defaults[f] && nm_text_is_blank(t)) {
        *len = strlen(m->defaults[f]);
        return m->defaults[f];
    }
    return t;
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

static uint64_t parse_horizon(file_state *s, nm_field f, const char *text)
{
    (void)s;
    (void)f;
    nm_horizon hz;
    int ok = nm_horizon_parse(text, &hz);
    return (uint64_t)(hz.lo + 2) | (uint64_t)(hz.hi + 2) << 8 | (uint64_t)ok << 16;
}

/* What the row's cell of a role (or the mapping file's default) means,
 * memoised; a column the file does not have means the same on every row,
 * so it is asked once per file. */
static uint64_t field_meaning(file_state *s, const nm_row *row, nm_role role, nm_field f,
                              char tag, uint64_t (*parse)(file_state *, nm_field, const char *))
{
    int absent = s->cols->first[role] == SIZE_MAX;
    if (absent && (s->absent_known >> f & 1))
        return s->absent[f];
    size_t len;
    const char *t = with_default(s, row, role, f, &len);
    uint64_t v;
    if (!memo_find(s, tag, t, len, &v)) {
        v = parse(s, f, t);
        memo_store(s, v);
    }
    if (absent) {
        s->absent[f] = v;
        s->absent_known |= 1u << f;
    }
    return v;
}

static int read_value(file_state *s, const nm_row *row, nm_role role, nm_field f, nm_note note)
{
    uint64_t v = field_meaning(s, row, role, f, (char)('A' + f), parse_value);
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
    uint64_t packed = field_meaning(s, row, NM_ROLE_HORIZON, NM_FIELD_HORIZON, 'h',
                                    parse_horizon);
    v->horizon.lo = (int8_t)((int)(packed & 0xFF) - 2);
    v->horizon.hi = (int8_t)((int)((packed >> 8) & 0xFF) - 2);
    if (!(packed >> 16))
        s->rep->notes[NM_NOTE_HORIZON_UNRECOGNISED]++;
}

/* The respondent memo pays for organisation names that repeat; ids that
 * do not (a "Svars-ID" per answer) would only fill it.  After the first
 * RESPONDENT_PROBE lookups it is asked only while at least a quarter of
 * the lookups found their text: once that fails, it gives up for the rest
 * of the file (or part).  It caches what the text means, so the results
 * are the same either way. */
static int respondent_memo_pays(file_state *s)
{
    int ask = s->respondent_lookups < RESPONDENT_PROBE ||
              s->respondent_hits * 4 >= s->respondent_lookups;
    s->respondent_lookups += (uint64_t)ask;
    return ask;
}

/* Respondents are told apart by a hash, never kept by name.  Without a
 * respondent column a wide row is one respondent; in a long file all rows
 * of one municipality count as one respondent (the cautious choice for
 * suppressing small cells later). */
static void read_respondent(file_state *s, const nm_row *row, row_values *v)
{
    const nm_columns *c = s->cols;
    size_t len;
    const char *who = cell_len(row, c, NM_ROLE_RESPONDENT, &len);
    if (!nm_text_is_blank(who)) {
        /* the last respondent's rows come together; the first distinct
         * texts are memoised (organisations repeat), but no more than
         * RESPONDENT_MEMO: respondents may be as many as rows */
        if (!s->last_who.data || len != s->last_who.len ||
            memcmp(who, s->last_who.data, len) != 0) {
            nm_buf_reset(&s->last_who);
            nm_buf_append(&s->last_who, who, len);
            uint64_t h = 0, kind = NM_RKIND_UNKNOWN, packed;
            int ask = respondent_memo_pays(s);
            if (ask && memo_find(s, 'r', who, len, &packed)) {
                s->respondent_hits++;
                h = s->whos[packed].hash;
                kind = s->whos[packed].kind;
            } else {
                nm_text_key(who, &s->key);
                h = nm_hash64(s->key.data, s->key.len);
                kind = (uint64_t)nm_rkind_guess(who);
                if (ask && s->nwhos < RESPONDENT_MEMO) {
                    NM_GROW(s->whos, s->whos_cap, s->nwhos + 1);
                    s->whos[s->nwhos].hash = h;
                    s->whos[s->nwhos].kind = (nm_rkind)kind;
                    memo_store(s, s->nwhos++); /* under the key of the last memo_find */
                }
            }
            s->last_hash = h;
            s->last_kind = (nm_rkind)kind;
        }
        v->respondent = s->last_hash;
        if (v->kind == NM_RKIND_UNKNOWN && c->first[NM_ROLE_RESPONDENT_KIND] == SIZE_MAX)
            v->kind = s->last_kind;
        return;
    }
    size_t m = (size_t)(v->muni - s->g->ref->munis);
    if (!c->wide && s->muni_respondent && s->muni_respondent[m]) {
        v->respondent = s->muni_respondent[m];
        return;
    }
    /* the file by its place among the inputs (not its path: moving or
     * renaming a folder must not change the bootstrap's draws), and the
     * sheet of a workbook */
    nm_buf_reset(&s->key);
    if (s->part && s->part->input_no)
        nm_buf_printf(&s->key, "input %zu:%s", s->part->input_no, s->rep->info.sheet);
    else
        nm_buf_printf(&s->key, "%s", s->file);
    if (c->wide)
        nm_buf_printf(&s->key, "\n%llu", (unsigned long long)row->line);
    else
        nm_buf_printf(&s->key, "\n%s", v->muni->code);
    v->respondent = nm_hash64(s->key.data, s->key.len);
    if (!c->wide) {
        if (!s->muni_respondent)
            s->muni_respondent = nm_calloc(s->g->ref->nmunis, sizeof *s->muni_respondent);
        s->muni_respondent[m] = v->respondent;
    }
}

/* "Region Norrbotten is a region, not a municipality: ...": which county,
 * how many municipalities it has and how their codes start; a
 * municipality of the same name ("Region Uppsala", Uppsala) is named. */
static void county_hint(file_state *s, nm_muni_result res, const nm_municipality *first,
                        char *out, size_t size)
{
    const char *county = first->county_name;
    size_t n = strlen(county), base = n > 5 && strcmp(county + n - 5, " län") == 0 ? n - 5 : n;
    if (base > 1 && county[base - 1] == 's')
        base--;
    const nm_municipality *same = NULL, *munis = s->g->ref->munis;
    for (size_t i = 0; i < s->g->ref->nmunis && !same; i++)
        if (strncmp(munis[i].short_name, county, base) == 0 && !munis[i].short_name[base])
            same = &munis[i];
    char also[96] = "";
    if (same)
        snprintf(also, sizeof also, "; the municipality %s is %s", same->short_name, same->code);
    size_t count = nm_muni_county_size(s->g->munis, first->county_code);
    if (res == NM_MUNI_REGION)
        snprintf(out, size, "Region %.*s is a region, not a municipality: write the "
                 "municipality meant (%s has %zu, codes %sxx%s)", (int)base, county, county,
                 count, first->county_code, also);
    else
        snprintf(out, size, "%s is a county, not a municipality: write the municipality "
                 "meant (it has %zu, codes %sxx%s)", county, count, first->county_code, also);
}

/* The row's municipality, its text t and meaning from muni_meaning; 0
 * (and a rejection) when there is none. */
static int read_municipality(file_state *s, const nm_row *row, const char *t, uint64_t packed,
                             row_values *v)
{
    uint32_t col = col_of(s->cols, NM_ROLE_MUNICIPALITY);
    char hinttext[256] = "";
    const nm_municipality *munis = s->g->ref->munis;
    nm_muni_result res = (nm_muni_result)(packed & 0xF);
    const nm_municipality *hint =
        (packed >> 20 & 0xFFFF) ? &munis[(packed >> 20 & 0xFFFF) - 1] : NULL;
    v->muni = (packed >> 4 & 0xFFFF) ? &munis[(packed >> 4 & 0xFFFF) - 1] : NULL;
    switch (res) {
    case NM_MUNI_FOUND:
        return 1;
    case NM_MUNI_EMPTY:
        nmi_reject(s, row, col, NM_REJ_NO_MUNICIPALITY, "", "");
        return 0;
    case NM_MUNI_AMBIGUOUS:
        nmi_reject(s, row, col, NM_REJ_AMBIGUOUS_MUNICIPALITY, t,
               "write it with å/ä/ö, or use the municipality code");
        return 0;
    case NM_MUNI_CONFLICT:
        snprintf(hinttext, sizeof hinttext, "code %s is %s, but the name says %s (%s)",
                 v->muni->code, v->muni->short_name, hint->short_name, hint->code);
        v->muni = NULL;
        nmi_reject(s, row, col, NM_REJ_AMBIGUOUS_MUNICIPALITY, t, hinttext);
        return 0;
    case NM_MUNI_UNKNOWN:
        if (hint)
            snprintf(hinttext, sizeof hinttext, "did you mean %s (%s)?", hint->short_name,
                     hint->code);
        nmi_reject(s, row, col, NM_REJ_UNKNOWN_MUNICIPALITY, t, hinttext);
        return 0;
    case NM_MUNI_UNKNOWN_FAR:
        if (hint)
            snprintf(hinttext, sizeof hinttext, "no municipality is named like it: write the "
                     "municipality's name or 4-digit code (the nearest name is %s, %s)",
                     hint->short_name, hint->code);
        else
            snprintf(hinttext, sizeof hinttext, "no municipality is named like it: write the "
                     "municipality's name or 4-digit code");
        nmi_reject(s, row, col, NM_REJ_UNKNOWN_MUNICIPALITY, t, hinttext);
        return 0;
    case NM_MUNI_REGION:
    case NM_MUNI_COUNTY:
        county_hint(s, res, hint, hinttext, sizeof hinttext);
        nmi_reject(s, row, col, NM_REJ_UNKNOWN_MUNICIPALITY, t, hinttext);
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
    case NM_COUNT_TOO_SMALL: return NM_REJ_COUNT_TOO_SMALL;
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
    if (c->note == NM_COMP_NOTE_NUMBER) s->rep->notes[NM_NOTE_NUMBER_IN_TEXT]++;
    if (c->note == NM_COMP_NOTE_CODES) s->rep->notes[NM_NOTE_SSYK_CODES]++;
    if (c->note == NM_COMP_NOTE_CODE_COLUMN) s->rep->notes[NM_NOTE_SSYK_TEXT]++;
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
        s->rep->demand_known_milli += nm_count_milli(count->value);
    note_count(s, count);
    note_competence(s, comp);
    if (s->sink->record)
        s->sink->record(s->sink->ctx, &r);
}

/* nm_count_parse through the memo: counts are few distinct texts. */
static nm_count_status memo_count(file_state *s, const char *text, size_t len, nm_count *c)
{
    uint64_t i;
    if (!memo_find(s, 'c', text, len, &i)) {
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
                       const nm_competence *comp, const char *text, size_t len,
                       int empty_is_unknown, nm_need need, uint32_t col, need_out *o)
{
    nm_count c;
    nm_count_status st = memo_count(s, text, len, &c);
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
        nmi_reject(s, row, col, count_reason(st), text, "");
        o->rejected++;
    }
}

static int long_competence(file_state *s, const nm_row *row, nm_competence *comp)
{
    const nm_columns *c = s->cols;
    size_t len;
    const char *code = cell(row, c, NM_ROLE_SSYK);
    const char *text = cell_len(row, c, NM_ROLE_COMPETENCE, &len);
    if (!nm_text_is_blank(code) && nm_comp_match_code(s->matcher, code, comp))
        return 1;
    if (nm_comp_match_len(s->matcher, text, len, comp)) {
        if (comp->note) /* so that the warning names the row */
            nm_comp_locate(s->matcher, text, len, row->line, col_of(c, NM_ROLE_COMPETENCE));
        return 1;
    }
    if (!nm_text_is_blank(code) && !strpbrk(code, "0123456789") &&
        nm_comp_match(s->matcher, code, comp)) { /* titles in the SSYK column */
        if (comp->note)
            nm_comp_locate(s->matcher, code, strlen(code), row->line, col_of(c, NM_ROLE_SSYK));
        else
            comp->note = NM_COMP_NOTE_CODE_COLUMN;
        return 1;
    }
    if (!nm_text_is_blank(code)) {
        nmi_reject(s, row, col_of(c, NM_ROLE_SSYK), NM_REJ_UNKNOWN_SSYK, code, "");
        return 0;
    }
    nmi_reject(s, row, col_of(c, c->first[NM_ROLE_COMPETENCE] != SIZE_MAX ? NM_ROLE_COMPETENCE
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
    const nm_columns *c = s->cols;
    nm_competence comp;
    if (!long_competence(s, row, &comp)) {
        o->rejected++;
        return;
    }
    int filled = 0;
    for (size_t k = 0; k < 3; k++) {
        size_t len;
        const char *t = cell_len(row, c, typed[k].role, &len);
        if (c->first[typed[k].role] == SIZE_MAX || nm_text_is_blank(t))
            continue;
        filled++;
        count_cell(s, row, v, &comp, t, len, 0, typed[k].need, col_of(c, typed[k].role), o);
    }
    if (c->first[NM_ROLE_COUNT] != SIZE_MAX || !filled) {
        size_t len;
        const char *t = with_default(s, row, NM_ROLE_COUNT, NM_FIELD_COUNT, &len);
        count_cell(s, row, v, &comp, t, len, !filled, v->need, col_of(c, NM_ROLE_COUNT), o);
    }
}

static void wide_needs(file_state *s, const nm_row *row, const row_values *v, need_out *o)
{
    const nm_columns *c = s->cols;
    for (size_t i = 0; i < c->n && i < row->nfields; i++) {
        if (c->cols[i].role != NM_ROLE_WIDE)
            continue;
        nm_need need = c->cols[i].need ? c->cols[i].need : v->need; /* the question's */
        count_cell(s, row, v, &c->cols[i].wide, row->fields[i], row->lens[i], 0, need,
                   (uint32_t)i + 1, o);
    }
}

static int any_wide_cell(const nm_row *row, const nm_columns *c)
{
    for (size_t i = 0; i < c->n && i < row->nfields; i++)
        if (c->cols[i].role == NM_ROLE_WIDE && !nm_text_is_blank(row->fields[i]))
            return 1;
    return 0;
}

/* --- fields that line up with the header --- */

/* A CSV row with a value right of the header's last named column, or too
 * short to reach a column that must be read, has a delimiter too many or
 * too few: its values are not under their headers, so it is rejected
 * rather than read shifted.  Empty fields past the header (Excel's
 * trailing columns) and missing fields of columns that need not be read
 * (a trailing level or comment left out) are fine, unless the values show
 * the shift (shifted_count).  JSON and other
 * formats without delimiters cannot shift. */
static int is_count_role(nm_role r)
{
    return r == NM_ROLE_COUNT || r == NM_ROLE_COUNT_RECRUITMENT ||
           r == NM_ROLE_COUNT_UPSKILLING || r == NM_ROLE_COUNT_INTEREST;
}

/* Roles whose cells are words: a bare number there is a value that has
 * moved (municipality codes, SSYK codes, horizons "2" and respondent ids
 * are numbers, and so are the columns needmap does not read). */
static int words_only_role(nm_role r)
{
    return r == NM_ROLE_COMPETENCE || r == NM_ROLE_NEED || r == NM_ROLE_LEVEL ||
           r == NM_ROLE_MODE || r == NM_ROLE_RESPONDENT_KIND;
}

/* Four digits alone: an SSYK 2012 group written in the occupation column
 * (a count of 1000 or more in one row is no survey's). */
static int ssyk_group_code(const char *v)
{
    while (*v == ' ')
        v++;
    int digits = 0;
    while (*v >= '0' && *v <= '9')
        v++, digits++;
    while (*v == ' ')
        v++;
    return digits == 4 && *v == '\0';
}

/* A row longer than the header whose extra fields are empty passes as
 * Excel's trailing columns, unless its values show the shift: a count
 * column that holds no number while the column right of it, one that
 * holds words, holds a number.  That is a delimiter too many left of the
 * count in a file whose last column is empty (the empty last value moves
 * past the header).  Returns the count column's index, or SIZE_MAX. */
static size_t shifted_count(const nm_columns *c, const nm_row *row)
{
    if (c->wide || row->nfields <= c->named)
        return SIZE_MAX;
    for (size_t i = 0; i + 1 < c->named && i + 1 < row->nfields; i++) {
        if (!is_count_role(c->cols[i].role) || !words_only_role(c->cols[i + 1].role))
            continue;
        nm_count n;
        nm_count_status here = nm_count_parse(row->fields[i], &n);
        if (here == NM_COUNT_OK || here == NM_COUNT_UNKNOWN)
            continue;
        if (c->cols[i + 1].role == NM_ROLE_COMPETENCE && ssyk_group_code(row->fields[i + 1]))
            continue; /* a need without a number, for an occupation given by its code */
        if (nm_count_parse(row->fields[i + 1], &n) == NM_COUNT_OK)
            return i;
    }
    return SIZE_MAX;
}

static int fields_line_up(file_state *s, const nm_row *row)
{
    const nm_columns *c = s->cols;
    if (s->rep->info.format != NM_FORMAT_CSV)
        return 1;
    size_t last = row->nfields;
    while (last > 0 && nm_text_is_blank(row->fields[last - 1]))
        last--;
    char what[128], hint[256];
    uint32_t col;
    size_t i;
    if (last > c->named) {
        size_t first = c->named;
        while (nm_text_is_blank(row->fields[first]))
            first++;
        col = (uint32_t)first + 1;
        snprintf(hint, sizeof hint, "a delimiter too many, or one inside a value that is not "
                 "quoted? column %zu has no header; the row is not read", first + 1);
    } else if (row->nfields < c->needed) {
        size_t miss = row->nfields;
        while (miss + 1 < c->needed && !nm_role_needed(c->cols[miss].role))
            miss++;
        col = 0;
        snprintf(hint, sizeof hint, "a delimiter missing? the row ends before column %zu "
                 "(%.60s%s); the row is not read", miss + 1, c->cols[miss].header,
                 strlen(c->cols[miss].header) > 60 ? "..." : "");
        last = row->nfields;
    } else if ((i = shifted_count(c, row)) != SIZE_MAX) {
        snprintf(hint, sizeof hint, "column %zu (%.40s%s) holds no number and column %zu "
                 "(%.40s%s) holds one: a delimiter too many left of it? the row is not read",
                 i + 1, c->cols[i].header, strlen(c->cols[i].header) > 40 ? "..." : "",
                 i + 2, c->cols[i + 1].header, strlen(c->cols[i + 1].header) > 40 ? "..." : "");
        col = (uint32_t)i + 1;
        last = row->nfields;
    } else {
        if (row->nfields < c->named) /* short, but every column read is there */
            snprintf(s->short_hint, sizeof s->short_hint, "the row has %zu field%s, the "
                     "header has %zu: a delimiter missing?", row->nfields,
                     row->nfields == 1 ? "" : "s", c->named);
        return 1;
    }
    snprintf(what, sizeof what, "row has %zu field%s, the header has %zu", last,
             last == 1 ? "" : "s", c->named);
    nmi_reject(s, row, col, NM_REJ_MALFORMED, what, hint);
    s->rep->rows_rejected++;
    return 0;
}

void nmi_data_row(file_state *s, const nm_row *row)
{
    nm_file_report *rep = s->rep;
    size_t len;
    const char *muni_text = with_default(s, row, NM_ROLE_MUNICIPALITY, NM_FIELD_MUNICIPALITY, &len);
    uint64_t muni = muni_meaning(s, muni_text, len);
    if (is_total_row(s, row, muni)) {
        nmi_skip_row(s, NM_SKIP_TOTAL);
        return;
    }
    if (is_repeated_header(row, s->cols)) {
        nmi_skip_row(s, NM_SKIP_REPEATED_HEADER);
        return;
    }
    s->short_hint[0] = '\0';
    if (!fields_line_up(s, row))
        return;
    row_values v = {0};
    need_out o = {0};
    if (s->cols->wide && !any_wide_cell(row, s->cols)) {
        nmi_skip_row(s, NM_SKIP_NO_NEED); /* opened the form, answered nothing */
        return;
    }
    if (!read_municipality(s, row, muni_text, muni, &v)) {
        rep->rows_rejected++;
        return;
    }
    read_values(s, row, &v);
    read_respondent(s, row, &v);
    if (s->cols->wide)
        wide_needs(s, row, &v, &o);
    else
        long_needs(s, row, &v, &o);
    s->short_hint[0] = '\0';
    rep->needs_rejected += (uint64_t)o.rejected;
    if (o.accepted)
        rep->rows_accepted++;
    else if (o.rejected)
        rep->rows_rejected++;
    else
        nmi_skip_row(s, o.zero ? NM_SKIP_ZERO : NM_SKIP_NO_NEED);
}
