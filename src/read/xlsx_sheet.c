/* xlsx_sheet.c - stream one sheet's XML into rows.
 *
 * expat hands over the sheet a chunk at a time; each <row> is gathered
 * (its cells' texts in one buffer) and delivered at </row>, so memory is
 * one row's worth.  A row is numbered by its r attribute (the row number
 * Excel shows); its fields are columns A, B, ... up to the last cell with
 * text, cells the XML leaves out (<c r="D5"> after B5) being empty.  A
 * merged range has its value in its first cell only, as the XML holds it;
 * hidden rows are read like the others.  A cell's text by its type:
 * shared or inline strings as written (rich-text runs joined, phonetic
 * guides left out), numbers as Excel shows them (nm_xlsx_number_text),
 * numbers in a date style as ISO dates, booleans TRUE/FALSE, errors
 * (#N/A) and formula strings as written.  A row breaking a limit
 * (reader.h), a bad cell reference, a cell given twice or a shared string
 * that does not exist makes the row malformed; the next rows are read. */
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "needmap/alloc.h"

#include "xlsx_parts.h"

typedef struct cell {
    uint32_t col;        /* 1-based */
    size_t off, len;     /* its text in the row's buffer */
} cell;

typedef struct sheet_state {
    xml_state xs;
    xlsx_book *b;
    nm_row_fn fn;
    void *ctx;
    nm_read_info *info;
    int in_data, in_row, in_cell;
    int in_v, in_is, in_t, in_phonetic;
    uint64_t row;            /* the row being read */
    uint32_t col;            /* the cell being read, 1-based */
    char type;               /* its type: s(hared), i(nline), f(ormula string),
                                b(oolean), e(rror), d(ate text), n(umber) */
    int date;                /* its style shows a date */
    nm_buf value;            /* its <v> or inline text (at most NM_FIELD_MAX + 1 bytes) */
    uint64_t value_len;      /* its length, also past what was kept */
    nm_buf text;             /* the row's cell texts, each NUL-terminated */
    cell *cells;
    size_t ncells, cells_cap;
    uint32_t ncols;          /* the last column with text */
    uint32_t bad_col;        /* a problem with the row: its column (0: none) */
    nm_buf problem;
    char **ptrs;             /* the delivered row */
    size_t *lens;
    size_t fields_cap;
} sheet_state;

/* --- cell references --- */

int nm_xlsx_cell_ref(const char *ref, uint32_t *col, uint64_t *row)
{
    uint64_t c = 0, r = 0;
    size_t i = 0;
    for (; (ref[i] >= 'A' && ref[i] <= 'Z') || (ref[i] >= 'a' && ref[i] <= 'z'); i++) {
        if (i == 7)
            return 0;
        c = c * 26 + (uint64_t)((ref[i] | 0x20) - 'a' + 1);
    }
    size_t digits = 0;
    for (; ref[i] >= '0' && ref[i] <= '9'; i++, digits++) {
        if (digits == 10)
            return 0;
        r = r * 10 + (uint64_t)(ref[i] - '0');
    }
    if (c == 0 || ref[i] || (digits && r == 0))
        return 0;
    *col = c > UINT32_MAX ? UINT32_MAX : (uint32_t)c;
    *row = r;
    return 1;
}

/* "C" for column 3, into buf (8 bytes). */
static const char *col_letters(uint32_t col, char buf[8])
{
    char tmp[8];
    size_t n = 0;
    while (col && n < sizeof tmp - 1) {
        col--;
        tmp[n++] = (char)('A' + col % 26);
        col /= 26;
    }
    for (size_t i = 0; i < n; i++)
        buf[i] = tmp[n - 1 - i];
    buf[n] = '\0';
    return buf;
}

/* The first problem of the row (at column col) is the one told. */
static void row_problem(sheet_state *s, uint32_t col, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void row_problem(sheet_state *s, uint32_t col, const char *fmt, ...)
{
    if (s->bad_col)
        return;
    char msg[NM_ERROR_MSG_MAX];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    s->bad_col = col ? col : 1;
    nm_buf_reset(&s->problem);
    nm_buf_puts(&s->problem, msg);
}

/* --- numbers and dates --- */

/* 1 when v is a decimal number as Excel stores it: [-]digits[.digits][E[+-]digits]. */
static int plain_number(const char *v)
{
    const char *p = v + (*v == '-' || *v == '+');
    size_t digits = 0;
    for (; *p >= '0' && *p <= '9'; p++)
        digits++;
    if (*p == '.')
        for (p++; *p >= '0' && *p <= '9'; p++)
            digits++;
    if (!digits)
        return 0;
    if (*p == 'e' || *p == 'E') {
        p += 1 + (p[1] == '-' || p[1] == '+');
        if (!(*p >= '0' && *p <= '9'))
            return 0;
        while (*p >= '0' && *p <= '9')
            p++;
    }
    return *p == '\0';
}

/* Drop trailing zeros of a decimal fraction ("2.500" -> "2.5", "3.0" -> "3"). */
static void trim_zeros(char *s)
{
    char *dot = strchr(s, '.');
    if (!dot || strchr(s, 'e'))
        return;
    char *end = s + strlen(s);
    while (end > dot + 1 && end[-1] == '0')
        *--end = '\0';
    if (end == dot + 1)
        *dot = '\0';
}

void nm_xlsx_number_text(const char *v, nm_buf *out)
{
    if (!plain_number(v)) {
        nm_buf_puts(out, v);
        return;
    }
    char buf[80];
    double d = strtod(v, NULL);
    snprintf(buf, sizeof buf, "%.15g", d); /* Excel shows 15 significant digits */
    d = strtod(buf, NULL);
    double a = fabs(d);
    if (d == 0) {
        snprintf(buf, sizeof buf, "0");
    } else if (a < 1e21 && d == floor(d)) {
        snprintf(buf, sizeof buf, "%.0f", d);
    } else if (strchr(buf, 'e') && a >= 1e-9 && a < 1e21) {
        int decimals = 14 - (int)floor(log10(a));
        snprintf(buf, sizeof buf, "%.*f", decimals < 0 ? 0 : decimals, d);
    }
    trim_zeros(buf);
    const char *dot = strchr(buf, '.');
    nm_buf_puts(out, buf);
    if (dot && !strchr(dot, 'e') && strlen(dot + 1) == 3)
        nm_buf_putc(out, '0'); /* "1.234" would be a thousands separator to the count parser */
}

/* Days from 1970-01-01 of a civil date (H. Hinnant's algorithm). */
static long days_from_civil(long y, long m, long d)
{
    y -= m <= 2;
    long era = (y >= 0 ? y : y - 399) / 400;
    long yoe = y - era * 400;
    long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

static void civil_from_days(long z, long *y, long *m, long *d)
{
    z += 719468;
    long era = (z >= 0 ? z : z - 146096) / 146097;
    long doe = z - era * 146097;
    long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    long mp = (5 * doy + 2) / 153;
    *d = doy - (153 * mp + 2) / 5 + 1;
    *m = mp + (mp < 10 ? 3 : -9);
    *y = yoe + era * 400 + (*m <= 2);
}

void nm_xlsx_date_text(double serial, int date1904, nm_buf *out)
{
    if (!(serial >= 0 && serial < 2958466)) { /* 10000-01-01 */
        char v[64];
        snprintf(v, sizeof v, "%.17g", serial);
        nm_xlsx_number_text(v, out);
        return;
    }
    long days = (long)floor(serial);
    long secs = lround((serial - (double)days) * 86400);
    if (secs == 86400) {
        days++;
        secs = 0;
    }
    if (days == 0 && !date1904) {
        nm_buf_printf(out, "%02ld:%02ld:%02ld", secs / 3600, secs / 60 % 60, secs % 60);
        return;
    }
    long y, m, d;
    if (date1904)
        civil_from_days(days_from_civil(1904, 1, 1) + days, &y, &m, &d);
    else if (days == 60) /* Excel's 1900-02-29, a day that never was */
        y = 1900, m = 2, d = 29;
    else
        civil_from_days(days_from_civil(1899, 12, days < 60 ? 31 : 30) + days, &y, &m, &d);
    nm_buf_printf(out, "%04ld-%02ld-%02ld", y, m, d);
    if (secs)
        nm_buf_printf(out, " %02ld:%02ld:%02ld", secs / 3600, secs / 60 % 60, secs % 60);
}

/* --- a cell --- */

static void start_cell(sheet_state *s, const char **atts)
{
    const char *ref = nmx_attr(atts, "r"), *t = nmx_attr(atts, "t"), *st = nmx_attr(atts, "s");
    uint32_t col = s->col + 1;
    uint64_t row;
    char letters[8];
    if (ref && !nm_xlsx_cell_ref(ref, &col, &row))
        row_problem(s, s->col + 1, "the cell reference '%.20s' is not one (as A1 or XFD1048576)",
                    ref);
    if (col > NM_COLUMNS_MAX)
        row_problem(s, NM_COLUMNS_MAX, "cell %.20s is past column XFD: Excel's sheets have "
                    "%d columns", ref ? ref : col_letters(col, letters), NM_COLUMNS_MAX);
    s->col = col;
    s->in_cell = 1;
    s->type = !t || strcmp(t, "n") == 0 ? 'n'
              : strcmp(t, "s") == 0         ? 's'
              : strcmp(t, "inlineStr") == 0 ? 'i'
              : strcmp(t, "str") == 0       ? 'f'
              : strcmp(t, "b") == 0         ? 'b'
              : strcmp(t, "d") == 0         ? 'd'
                                            : 'e';
    unsigned long xf = st ? strtoul(st, NULL, 10) : 0;
    s->date = xf < s->b->nxf && s->b->xf_date[xf];
    nm_buf_reset(&s->value);
    s->value_len = 0;
}

/* The cell's text, from its raw value and type, appended to the row. */
static void cell_text(sheet_state *s)
{
    char *v = s->value.data ? s->value.data : (char *)"";
    size_t len = s->value.len;
    const xlsx_book *b = s->b;
    char letters[8];
    if (s->type == 's') {
        char *end;
        errno = 0;
        unsigned long long k = strtoull(v, &end, 10);
        if (!*v || *end || errno || k >= b->nsst) {
            row_problem(s, s->col, "cell %s%llu names shared string '%.20s', which the "
                        "workbook does not have: is it damaged?",
                        col_letters(s->col, letters), (unsigned long long)s->row, v);
            return;
        }
        nm_buf_append(&s->text, b->sst.data + b->sst_off[k], b->sst_len[k]);
    } else if (s->type == 'b') {
        nm_buf_puts(&s->text, strcmp(v, "1") == 0 ? "TRUE" : strcmp(v, "0") == 0 ? "FALSE" : v);
    } else if (s->type == 'n' && len && s->date && plain_number(v)) {
        nm_xlsx_date_text(strtod(v, NULL), b->date1904, &s->text);
    } else if (s->type == 'n' && len) {
        nm_xlsx_number_text(v, &s->text);
    } else if (len) {
        nmx_unescape(v, &len);
        nm_buf_append(&s->text, v, len);
    }
}

static void add_cell(sheet_state *s, size_t start)
{
    size_t len = s->text.len - start;
    if (!len)
        return;
    nm_buf_putc(&s->text, '\0');
    if (len > NM_FIELD_MAX) {
        char size[32];
        row_problem(s, s->col, "field is longer than %d MiB (%s); the row is rejected: "
                    "needmap reads values of up to %d MiB (is a file pasted into it?)",
                    NM_FIELD_MAX >> 20, nm_size_text(len, size), NM_FIELD_MAX >> 20);
    } else if (s->text.len > NM_ROW_MAX) {
        char size[32];
        row_problem(s, s->col, "row is longer than %d MiB (%s, up to this cell); the row is "
                    "rejected", NM_ROW_MAX >> 20, nm_size_text(s->text.len, size));
    }
    if (s->ncells == NM_COLUMNS_MAX) { /* so some column has two: memory stays bounded */
        row_problem(s, s->col, "row has more than %d cells: Excel's sheets have %d columns",
                    NM_COLUMNS_MAX, NM_COLUMNS_MAX);
        return;
    }
    NM_GROW(s->cells, s->cells_cap, s->ncells + 1);
    s->cells[s->ncells++] = (cell){s->col, start, len};
    if (s->col > s->ncols)
        s->ncols = s->col;
}

static void end_cell(sheet_state *s)
{
    s->in_cell = 0;
    if (s->bad_col) /* the row is refused: keep nothing more of it */
        return;
    if (s->value_len > NM_FIELD_MAX) {
        char size[32];
        row_problem(s, s->col, "field is longer than %d MiB (%s); the row is rejected: "
                    "needmap reads values of up to %d MiB (is a file pasted into it?)",
                    NM_FIELD_MAX >> 20, nm_size_text(s->value_len, size), NM_FIELD_MAX >> 20);
        return;
    }
    size_t start = s->text.len;
    cell_text(s);
    if (!s->bad_col)
        add_cell(s, start);
}

/* --- a row --- */

static void start_row(sheet_state *s, const char **atts)
{
    const char *r = nmx_attr(atts, "r");
    uint64_t next = s->row + 1;
    s->in_row = 1;
    s->col = 0;
    s->ncols = 0;
    s->ncells = 0;
    s->bad_col = 0;
    nm_buf_reset(&s->text);
    if (r) {
        char *end;
        errno = 0;
        unsigned long long v = strtoull(r, &end, 10);
        if (*r >= '1' && *r <= '9' && !*end && !errno)
            next = v;
        else
            row_problem(s, 1, "the row number '%.20s' is not one", r);
    }
    s->row = next;
}

/* The fields of the row, columns A to the last with text; 0 (and the row
 * marked) when a column has two cells. */
static int build_fields(sheet_state *s)
{
    static char empty[] = "";
    if (s->ncols > s->fields_cap) {
        s->fields_cap = s->ncols;
        s->ptrs = nm_reallocarray(s->ptrs, s->fields_cap, sizeof *s->ptrs);
        s->lens = nm_reallocarray(s->lens, s->fields_cap, sizeof *s->lens);
    }
    for (size_t k = 0; k < s->ncols; k++) {
        s->ptrs[k] = empty;
        s->lens[k] = 0;
    }
    for (size_t i = 0; i < s->ncells; i++) {
        const cell *c = &s->cells[i];
        char letters[8];
        if (s->ptrs[c->col - 1] != empty) {
            row_problem(s, c->col, "cell %s%llu is given twice: which value is meant cannot "
                        "be known", col_letters(c->col, letters), (unsigned long long)s->row);
            return 0;
        }
        s->ptrs[c->col - 1] = s->text.data + c->off;
        s->lens[c->col - 1] = c->len;
    }
    return 1;
}

static void end_row(sheet_state *s)
{
    s->in_row = 0;
    nm_row row = {.kind = NM_ROW_FIELDS, .line = s->row, .end_line = s->row};
    if (!s->bad_col && build_fields(s)) {
        row.kind = s->ncols ? NM_ROW_FIELDS : NM_ROW_BLANK;
        row.nfields = s->ncols;
        row.fields = s->ptrs;
        row.lens = s->lens;
    }
    if (s->bad_col) {
        row.kind = NM_ROW_MALFORMED;
        row.bad_col = s->bad_col;
        row.problem = s->problem.data;
    }
    if (s->row > s->info->lines)
        s->info->lines = s->row;
    if (s->fn(s->ctx, &row)) {
        s->xs.stopped = 1;
        s->info->stopped = 1;
        XML_StopParser(s->xs.parser, XML_FALSE);
    }
}

/* --- expat handlers --- */

static void sheet_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
    sheet_state *s = ud;
    const char *local = nmx_local(name);
    if (!s->in_data) {
        s->in_data = strcmp(local, "sheetData") == 0;
    } else if (strcmp(local, "row") == 0) {
        start_row(s, atts);
    } else if (s->in_row && strcmp(local, "c") == 0) {
        start_cell(s, atts);
    } else if (s->in_cell && strcmp(local, "v") == 0) {
        s->in_v = 1;
    } else if (s->in_cell && strcmp(local, "is") == 0) {
        s->in_is = 1;
    } else if (s->in_is && strcmp(local, "rPh") == 0) {
        s->in_phonetic = 1;
    } else if (s->in_is && !s->in_phonetic && strcmp(local, "t") == 0) {
        s->in_t = 1;
    }
}

static void sheet_end(void *ud, const XML_Char *name)
{
    sheet_state *s = ud;
    const char *local = nmx_local(name);
    if (!s->in_data)
        return;
    if (strcmp(local, "sheetData") == 0) { /* the rest (merged ranges, ...) says nothing */
        s->in_data = 0;
        s->xs.stopped = 1;
        XML_StopParser(s->xs.parser, XML_FALSE);
    } else if (strcmp(local, "row") == 0 && s->in_row) {
        end_row(s);
    } else if (strcmp(local, "c") == 0 && s->in_cell) {
        end_cell(s);
    } else if (strcmp(local, "v") == 0) {
        s->in_v = 0;
    } else if (strcmp(local, "is") == 0) {
        s->in_is = 0;
    } else if (strcmp(local, "rPh") == 0) {
        s->in_phonetic = 0;
    } else if (strcmp(local, "t") == 0) {
        s->in_t = 0;
    }
}

static void sheet_text(void *ud, const XML_Char *text, int len)
{
    sheet_state *s = ud;
    if (!(s->in_v || s->in_t) || s->bad_col)
        return;
    size_t n = (size_t)len, room = NM_FIELD_MAX + 1 - s->value.len;
    s->value_len += n;
    nm_buf_append(&s->value, text, n < room ? n : room);
}

nm_status nmx_read_sheet(xlsx_book *b, size_t k, nm_row_fn fn, void *ctx, nm_read_info *info,
                         nm_error *err)
{
    const xlsx_sheet *sh = &b->sheets[k];
    if (sh->chart || !sh->part)
        return nm_error_set(err, NM_ERR_INPUT, b->name, 0, 0,
                            "sheet '%s' is a chart, not a sheet of cells: name a sheet of "
                            "cells with --sheet", sh->name);
    sheet_state s = {.b = b, .fn = fn, .ctx = ctx, .info = info};
    nm_status st = nmx_parse_part(b, sh->part, NM_XLSX_PART_MAX, sheet_start, sheet_end,
                                  sheet_text, &s, err);
    nm_buf_free(&s.value);
    nm_buf_free(&s.text);
    nm_buf_free(&s.problem);
    free(s.cells);
    free(s.ptrs);
    free(s.lens);
    return st;
}
