/* header.c - find an export's header row, and say why when there is none.
 *
 * The header is the first row (within the first 50) whose columns make a
 * survey (a municipality and an occupation, or columns named after
 * occupations) and that does not hold data: survey tools write answers
 * that look like headers ("Kommun" as the kind of respondent, counts that
 * are SSYK major groups), so a row of mostly numbers, or with a
 * municipality in a cell, is data.  Every candidate row is scored by what
 * its columns are, and the best one is kept: when no header is found the
 * message shows it, what was and was not recognised, and a mapping to
 * start from. */
#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "needmap/alloc.h"
#include "needmap/text.h"

#include "ingest_parts.h"

enum { SHOW_MAX = 60 }; /* characters of a cell shown in a message */

/* --- rows that hold data --- */

/* A number, a date or a time as answers hold them ("5", "2,5",
 * "2024-03-01 10:15"): digits and punctuation, no letters. */
static int looks_numeric(const char *t)
{
    int digit = 0;
    for (const unsigned char *p = (const unsigned char *)t; *p; p++) {
        if (isdigit(*p))
            digit = 1;
        else if (!strchr(" .,:-/+~%", *p))
            return 0;
    }
    return digit;
}

/* An SSYK code of 3 or 4 digits: a wide file may name its columns so. */
static int is_ssyk_code(const file_state *s, const char *t)
{
    size_t n = strlen(t);
    return (n == 3 || n == 4) && strspn(t, "0123456789") == n &&
           nm_refdata_ssyk(s->g->ref, t) != NULL;
}

/* "Arjeplog" (text, not a bare number) names a municipality. */
static int names_municipality(const file_state *s, const char *t)
{
    const nm_municipality *m = NULL;
    if (looks_numeric(t))
        return 0;
    return nm_muni_match(s->g->munis, t, &m, NULL) == NM_MUNI_FOUND;
}

/* Shorten text for a message: at most SHOW_MAX characters, with "...". */
static void shown(const char *t, char *out, size_t size)
{
    size_t n = 0, bytes = 0;
    while (t[bytes] && n < SHOW_MAX) {
        bytes++;
        while (((unsigned char)t[bytes] & 0xC0) == 0x80)
            bytes++;
        n++;
    }
    snprintf(out, size, "%.*s%s", (int)bytes, t, t[bytes] ? "..." : "");
}

/* Why the row is data and no header, into why; 0 if it may be a header. */
static int holds_data(const file_state *s, const nm_row *row, char *why, size_t size)
{
    size_t filled = 0, numbers = 0;
    char cell[SHOW_MAX * 4 + 8];
    for (size_t i = 0; i < row->nfields; i++) {
        const char *t = row->fields[i];
        if (nm_text_is_blank(t))
            continue;
        filled++;
        if (looks_numeric(t) && !is_ssyk_code(s, t))
            numbers++;
        else if (names_municipality(s, t)) {
            shown(t, cell, sizeof cell);
            snprintf(why, size, "column %zu holds the municipality '%s'", i + 1, cell);
            return 1;
        }
    }
    if (filled >= 2 && numbers * 2 >= filled) {
        snprintf(why, size, "%zu of its %zu cells are numbers", numbers, filled);
        return 1;
    }
    return 0;
}

/* --- scoring candidates --- */

static int has_place(const nm_columns *c, const nm_mapping *m)
{
    return c->first[NM_ROLE_MUNICIPALITY] != SIZE_MAX || (m && m->defaults[NM_FIELD_MUNICIPALITY]);
}

static int has_what(const nm_columns *c)
{
    return c->first[NM_ROLE_COMPETENCE] != SIZE_MAX || c->first[NM_ROLE_SSYK] != SIZE_MAX ||
           c->nwide > 0;
}

/* How much a row looks like a header: columns known by their name count
 * most, columns named after an occupation less (answers name them too),
 * and numbers count against it (answers hold them, headers seldom). */
static int score(const file_state *s, const nm_columns *c)
{
    int n = 0;
    for (size_t i = 0; i < c->n; i++) {
        const nm_column *col = &c->cols[i];
        if (col->role == NM_ROLE_WIDE)
            n += 1;
        else if (col->role != NM_ROLE_IGNORED)
            n += 3;
        else if (looks_numeric(col->header) && !is_ssyk_code(s, col->header))
            n -= 2;
    }
    return n;
}

/* May a row that is no header be shown as the closest?  One with a known
 * column, or two cells of text (a header needmap does not know); not a
 * note line ("Enkät 2024"). */
static int shows_as_candidate(const nm_columns *c)
{
    size_t text = 0;
    for (size_t i = 0; i < c->n; i++) {
        if (c->cols[i].role != NM_ROLE_IGNORED)
            return 1;
        text += !nm_text_is_blank(c->cols[i].header) && !looks_numeric(c->cols[i].header);
    }
    return text >= 2;
}

/* Keep the row's columns as the best candidate when they beat it (moved
 * from the report, which is left empty).  A row that holds data (data:
 * why, or NULL) is kept only while no other row is. */
static void keep_candidate(file_state *s, const nm_row *row, const char *data)
{
    const nm_columns *c = &s->rep->columns;
    int sc = score(s, c), had_data = s->best_line && s->best_data[0];
    int better = !s->best_line                 ? 1
                 : had_data != (data != NULL) ? had_data
                 : data                       ? 0 /* the first row of data shows best */
                                              : sc > s->best_score;
    if (!better || (!data && !shows_as_candidate(c))) {
        nm_columns_free(&s->rep->columns);
        return;
    }
    nm_columns_free(&s->best);
    s->best = s->rep->columns;
    memset(&s->rep->columns, 0, sizeof s->rep->columns);
    s->best_line = row->line;
    s->best_keys = row->synthetic;
    s->best_score = sc;
    snprintf(s->best_data, sizeof s->best_data, "%s", data ? data : "");
}

void nmi_header_free(file_state *s)
{
    nm_columns_free(&s->best);
}

/* --- mapping entries that match nothing --- */

/* A list of a row's headers for a message: "Kommun, Yrke, Antal". */
static void header_list(const nm_columns *c, nm_buf *out)
{
    char cell[SHOW_MAX * 4 + 8];
    nm_buf_reset(out);
    for (size_t i = 0; i < c->n; i++) {
        if (nm_text_is_blank(c->cols[i].header))
            continue;
        shown(c->cols[i].header, cell, sizeof cell);
        nm_buf_printf(out, "%s'%s'", out->len ? ", " : "", cell);
    }
    if (!out->len)
        nm_buf_puts(out, "(none)");
}

/* A warning for each of the mapping file's column entries that names no
 * column of the header on line. */
static void warn_unmatched(file_state *s, const nm_columns *c, uint64_t line)
{
    const nm_mapping *m = s->map;
    nm_buf list = {0};
    for (size_t e = 0; m && e < m->nentries; e++) {
        int found = 0;
        for (size_t i = 0; i < c->n && !found; i++)
            found = nm_header_matches_entry(c->cols[i].header, m->entries[e]);
        if (found)
            continue;
        if (!list.len)
            header_list(c, &list);
        nm_file_report *rep = s->rep;
        rep->warnings = nm_reallocarray(rep->warnings, rep->nwarnings + 1, sizeof *rep->warnings);
        char entry[SHOW_MAX * 4 + 8];
        shown(m->entries[e], entry, sizeof entry);
        nm_error_set(&rep->warnings[rep->nwarnings++], NM_ERR_CONFIG, s->file, line, 0,
                     "the mapping's column \"%s\" (%s) matches no column of this file, so it "
                     "is not used; the columns on line %llu are %s", entry,
                     m->path ? m->path : "mapping", (unsigned long long)line, list.data);
    }
    nm_buf_free(&list);
}

/* --- the header --- */

static void take_header(file_state *s, const nm_row *row)
{
    s->have_header = 1;
    s->cols = &s->rep->columns;
    s->rep->header_line = row->line;
    nm_competence seen; /* count each wide header once, for the review */
    for (size_t i = 0; i < s->rep->columns.n; i++) {
        const nm_column *col = &s->rep->columns.cols[i];
        if (col->role == NM_ROLE_WIDE)
            nm_comp_match(s->matcher, col->wide_text ? col->wide_text : col->header, &seen);
    }
    warn_unmatched(s, &s->rep->columns, row->line);
    if (s->part && s->part->on_header)
        s->part->on_header(s->part->ctx, s->rep);
}

int nmi_try_header(file_state *s, const nm_row *row)
{
    const nm_mapping *m = s->map;
    int usable = nm_columns_build(row, m, s->matcher, &s->rep->columns);
    int forced = m && m->header_line && row->line == m->header_line && !row->synthetic;
    if (m && m->layout == 2 && !s->rep->columns.wide)
        usable = 0;
    if (forced || (usable && row->synthetic)) {
        take_header(s, row);
        return 1;
    }
    char why[sizeof s->data_why];
    int data = !row->synthetic && holds_data(s, row, why, sizeof why);
    if (usable && !data) {
        take_header(s, row);
        return 1;
    }
    if (usable && !s->data_line) {
        s->data_line = row->line;
        memcpy(s->data_why, why, sizeof why);
    }
    keep_candidate(s, row, data ? why : NULL);
    return 0;
}

/* --- no header: what came closest --- */

static void json_string(nm_buf *out, const char *t)
{
    nm_buf_putc(out, '"');
    for (const unsigned char *p = (const unsigned char *)t; *p; p++) {
        if (*p == '"' || *p == '\\')
            nm_buf_printf(out, "\\%c", *p);
        else if (*p < 0x20)
            nm_buf_printf(out, "\\u%04x", *p);
        else
            nm_buf_putc(out, (char)*p);
    }
    nm_buf_putc(out, '"');
}

/* The candidate's columns, one line each: number, header, role, why. */
static void describe_columns(const nm_columns *c, nm_buf *out)
{
    char cell[SHOW_MAX * 4 + 8];
    size_t named = 0;
    for (size_t i = 0; i < c->n; i++) {
        const nm_column *col = &c->cols[i];
        if (nm_text_is_blank(col->header))
            continue;
        named++;
        shown(col->header, cell, sizeof cell);
        if (col->role == NM_ROLE_IGNORED)
            nm_buf_printf(out, "    %3zu  '%s': not recognised\n", i + 1, cell);
        else
            nm_buf_printf(out, "    %3zu  '%s': %s (%s)\n", i + 1, cell,
                          nm_role_name(col->role), col->why);
    }
    if (!named)
        nm_buf_puts(out, "    (no column has a name)\n");
}

/* A mapping to start from: the header line, and the unrecognised columns
 * given the roles that are missing, in order (the analyst checks them). */
static void suggest_mapping(const nm_columns *c, uint64_t line, int keys, int place, int what,
                            nm_buf *out)
{
    static const char *const roles[] = {"municipality", "competence", "count"};
    int want[3] = {!place, !what, !what && c->first[NM_ROLE_COUNT] == SIZE_MAX};
    nm_buf cols = {0};
    size_t r = 0;
    for (size_t i = 0; i < c->n; i++) {
        const nm_column *col = &c->cols[i];
        if (col->role != NM_ROLE_IGNORED || nm_text_is_blank(col->header) ||
            strlen(col->header) > 200)
            continue;
        while (r < 3 && !want[r])
            r++;
        if (r == 3)
            break;
        nm_buf_puts(&cols, cols.len ? ", " : "");
        json_string(&cols, col->header);
        nm_buf_printf(&cols, ": \"%s\"", roles[r++]);
    }
    nm_buf_puts(out, "  a mapping file to start from (check each role; see docs/ingest.md):\n    {");
    if (!keys) /* a JSON export's keys are its header wherever its records start */
        nm_buf_printf(out, "\"header_line\": %llu", (unsigned long long)line);
    if (cols.len)
        nm_buf_printf(out, "%s\"columns\": {%s}", keys ? "" : ", ", cols.data);
    if (!place && (!cols.len || !strstr(cols.data, "\"municipality\"")))
        nm_buf_puts(out, ", \"defaults\": {\"municipality\": \"KOMMUN\"}");
    nm_buf_puts(out, "}\n");
    nm_buf_free(&cols);
}

/* A workbook numbers rows, a text file lines. */
static const char *line_word(const file_state *s)
{
    return s->rep->info.sheet[0] ? "row" : "line";
}

static void explain(file_state *s, nm_buf *out)
{
    const nm_read_info *in = &s->rep->info;
    if (in->sheet[0] && in->nsheets > 1)
        nm_buf_printf(out, "  this is sheet '%s' (%u of %u): if the answers are on another "
                           "sheet, name it with --sheet NAME\n", in->sheet, in->sheet_no,
                      in->nsheets);
    if (s->data_line && s->data_line != s->best_line)
        nm_buf_printf(out, "  %s %llu has a header's columns, but it is data: %s\n",
                      line_word(s), (unsigned long long)s->data_line, s->data_why);
    if (!s->best_line)
        return;
    const nm_columns *c = &s->best;
    int place = has_place(c, s->map), what = has_what(c);
    if (s->best_data[0])
        nm_buf_printf(out, "  %s %llu comes closest, but it is data (%s); its columns:\n",
                      line_word(s), (unsigned long long)s->best_line, s->best_data);
    else if (s->best_keys)
        nm_buf_printf(out, "  the records' keys (first record at line %llu), with the role "
                           "each would have:\n", (unsigned long long)s->best_line);
    else if (s->best_line != s->data_line)
        nm_buf_printf(out, "  %s %llu comes closest; its columns:\n",
                      line_word(s), (unsigned long long)s->best_line);
    describe_columns(c, out);
    if (!place || !what)
        nm_buf_printf(out, "  missing: %s%s%s\n", place ? "" : "a municipality column",
                      !place && !what ? "; " : "",
                      what ? "" : "an occupation column (or one column per occupation)");
    if (s->best_data[0])
        nm_buf_puts(out, "  the file seems to have no header row: add one as its first line, "
                         "naming each column (Kommun, Yrke, Antal, ...)\n");
    else
        suggest_mapping(c, s->best_line, s->best_keys, place, what, out);
}

/* What the closest row lacks, for the one-line message. */
static void closest(const file_state *s, char *out, size_t size)
{
    if (!s->best_line) {
        snprintf(out, size, "no row has a column needmap knows");
        return;
    }
    int place = has_place(&s->best, s->map), what = has_what(&s->best);
    if (s->best_data[0])
        snprintf(out, size, "%s %llu comes closest but is data (%s): add a header row",
                 line_word(s), (unsigned long long)s->best_line, s->best_data);
    else if (s->best_keys)
        snprintf(out, size, "the records' keys have no %s%s%s; name them in a mapping file "
                 "(--mapping)", place ? "" : "municipality key", !place && !what ? " and no " : "",
                 what ? "" : "occupation key");
    else
        snprintf(out, size, "%s %llu comes closest but has no %s%s%s; name the columns in "
                 "a mapping file (--mapping)", line_word(s), (unsigned long long)s->best_line,
                 place ? "" : "municipality column", !place && !what ? " and no " : "",
                 what ? "" : "occupation column");
}

nm_status nmi_no_header(file_state *s)
{
    const nm_mapping *m = s->map;
    nmi_name_sheet(s);
    if (m && m->header_line)
        return nm_error_set(&s->rep->error, NM_ERR_INPUT, s->file, m->header_line, 0,
                            "the mapping file names line %llu as the header, but the file "
                            "has no such row",
                            (unsigned long long)m->header_line);
    if (s->best_line)
        warn_unmatched(s, &s->best, s->best_line);
    nm_buf why = {0};
    explain(s, &why);
    s->rep->explain = why.data; /* NULL when nothing was put */
    char near[400];
    closest(s, near, sizeof near);
    return nm_error_set(&s->rep->error, NM_ERR_INPUT, s->file, 0, 0,
                        "no header row found%s: expected a municipality column (Kommun, "
                        "Kommunkod, ...) and an occupation column (Yrke, SSYK, ...) or one "
                        "column per occupation; %s",
                        s->stop_error ? " in the first 50 rows" : "", near);
}
