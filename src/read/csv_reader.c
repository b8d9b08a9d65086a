/* csv_reader.c - stream CSV text through libcsv, one physical line at a time.
 *
 * Feeding libcsv line by line is how rows get their line numbers: libcsv
 * reports fields and row ends but not positions.  Before each line we look
 * at the parser's state: ROW_NOT_BEGUN (0 in libcsv.c) means the line starts
 * a new row, so a blank line there is a blank line and not part of a quoted
 * field.  Strict mode turns stray quotes into errors, which reject one row;
 * the parser is then started afresh on the next line.  One exception, as
 * Excel reads it: a row that starts on a line where no field begins with a
 * quote cannot open a quoted field, so quotes inside it are literal text
 * (24" skärm) and that line is parsed leniently.
 *
 * Limits (reader.h): a row over NM_ROW_MAX bytes is not kept.  From the
 * line where it is found to be too long, skip_row reads past the rest of
 * it, following its quotes, and delivers one malformed row naming the
 * first field over NM_FIELD_MAX (or the row's size); memory stays bounded
 * and time linear.  A shorter row is parsed as usual and then refused if a
 * field is over NM_FIELD_MAX or it has more than NM_COLUMNS_MAX fields.
 */
#include <csv.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "needmap/alloc.h"
#include "needmap/reader.h"

enum {
    LIBCSV_ROW_NOT_BEGUN = 0,
    MAX_ROW_LINES = 10000             /* a quoted field longer than this is unterminated */
};

/* Reading past a row too long to keep (skip_row): where in the row we are. */
typedef struct skip_state {
    int on;              /* skipping the current row */
    int quoted;          /* inside a quoted field */
    int quote_last;      /* quoted: the last byte was a quote (closing, or the
                            first of a doubled one) */
    int field_start;     /* only pads so far in this field */
    uint32_t col;        /* the field being read, 1-based */
    uint64_t len;        /* its bytes so far */
} skip_state;

typedef struct csv_state {
    struct csv_parser p;
    char delim;
    const char *name;
    nm_row_fn fn;
    void *ctx;
    nm_buf fieldbuf;     /* the current row's fields, each NUL-terminated */
    size_t *offs, *lens; /* field offsets into fieldbuf, lengths */
    char **ptrs;
    size_t nf, cap;
    uint64_t line;       /* line being fed */
    uint64_t row_start;  /* line the current row began on */
    size_t row_bytes;    /* bytes fed for the current row */
    int stop;            /* the callback asked to stop */
    const nm_read_info *info; /* for the line of a NUL byte */
    nm_buf problem;      /* text of a malformed row's problem */
    int ended_nl;        /* the last line fed ended in LF */
    uint64_t fed;        /* the last line fed to the parser, 0 before the first */
    uint64_t *fallback;  /* lines of the decoder's fallback bytes not yet settled */
    size_t nfallback, fallback_cap;
    uint64_t settled;    /* fallback bytes on lines before those */
    size_t searched;     /* bytes of the pending line known to hold no LF */
    uint32_t long_col;   /* first field of the row over NM_FIELD_MAX, 0: none */
    uint64_t long_len;   /* its bytes */
    int too_many;        /* the row has more than NM_COLUMNS_MAX fields */
    uint64_t skipped;    /* skipping: the row's bytes so far */
    skip_state skip;
} csv_state;

static int space_only(unsigned char c) { return c == CSV_SPACE; }

enum { STRICT_OPTS = CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL };

static void parser_start(csv_state *s)
{
    if (csv_init(&s->p, STRICT_OPTS) != 0) {
        nm_fatal("out of memory");
    }
    csv_set_delim(&s->p, (unsigned char)s->delim);
    if (s->delim == '\t') /* libcsv trims tabs too by default; per-char callback otherwise not needed */
        csv_set_space_func(&s->p, space_only);
    csv_set_blk_size(&s->p, 65536); /* libcsv grows a field this much at a time */
}

/* Room for one more field; 0 (and the row marked) when the row already
 * has NM_COLUMNS_MAX: the rest of its fields are not kept. */
static int grow_fields(csv_state *s)
{
    if (s->nf < s->cap)
        return 1;
    if (s->nf >= NM_COLUMNS_MAX) {
        s->too_many = 1;
        return 0;
    }
    s->cap = s->cap ? s->cap * 2 : 32; /* 32 << 9 is NM_COLUMNS_MAX */
    s->offs = nm_reallocarray(s->offs, s->cap, sizeof *s->offs);
    s->lens = nm_reallocarray(s->lens, s->cap, sizeof *s->lens);
    s->ptrs = nm_reallocarray(s->ptrs, s->cap, sizeof *s->ptrs);
    return 1;
}

/* Note a field over NM_FIELD_MAX: the row will be refused. */
static void check_field_len(csv_state *s, uint32_t col, uint64_t len)
{
    if (len > NM_FIELD_MAX && !s->long_col) {
        s->long_col = col;
        s->long_len = len;
    }
}

/* Keep a field of the current row: its len bytes and a NUL. */
static void add_field(csv_state *s, const char *p, size_t len)
{
    if (!grow_fields(s))
        return;
    check_field_len(s, (uint32_t)s->nf + 1, len);
    s->offs[s->nf] = s->fieldbuf.len;
    s->lens[s->nf] = len;
    nm_buf_append(&s->fieldbuf, p, len);
    nm_buf_putc(&s->fieldbuf, '\0');
    s->nf++;
}

static void on_field(void *data, size_t len, void *vs)
{
    add_field(vs, data ? data : "", data ? len : 0);
}

static void clear_row(csv_state *s)
{
    nm_buf_reset(&s->fieldbuf);
    s->nf = 0;
    s->long_col = 0;
    s->too_many = 0;
}

static void emit(csv_state *s, nm_row *row)
{
    if (!s->stop && s->fn(s->ctx, row))
        s->stop = 1;
}

/* A row that broke a limit, ending on line end_line, row_bytes long. */
static void emit_over_limit(csv_state *s, uint64_t end_line, uint64_t row_bytes)
{
    char size[32];
    nm_buf_reset(&s->problem);
    if (s->long_col)
        nm_buf_printf(&s->problem, "field is longer than %d MiB (%s); the row is "
                      "rejected: needmap reads cells of up to %d MiB (is a quote left "
                      "open, or a file pasted into the cell?)",
                      NM_FIELD_MAX >> 20, nm_size_text(s->long_len, size), NM_FIELD_MAX >> 20);
    else if (s->too_many)
        nm_buf_printf(&s->problem, "row has more than %d fields; the row is rejected: needmap "
                      "reads at most %d columns, as Excel does (is the delimiter right?)",
                      NM_COLUMNS_MAX, NM_COLUMNS_MAX);
    else
        nm_buf_printf(&s->problem, "row is longer than %d MiB (%s); the row is "
                      "rejected: needmap reads rows of up to %d MiB (is a quote left "
                      "open?)", NM_ROW_MAX >> 20, nm_size_text(row_bytes, size), NM_ROW_MAX >> 20);
    uint32_t col = s->long_col ? s->long_col : s->too_many ? NM_COLUMNS_MAX + 1 : 0;
    nm_row row = {.kind = NM_ROW_MALFORMED, .line = s->row_start, .end_line = end_line,
                  .bad_col = col, .problem = s->problem.data};
    emit(s, &row);
}

/* Deliver the row of fields s->ptrs/s->lens, or refuse it when it broke a
 * limit. */
static void emit_fields(csv_state *s)
{
    if (s->long_col || s->too_many) {
        emit_over_limit(s, s->line, 0);
        return;
    }
    nm_row row = {.kind = NM_ROW_FIELDS, .line = s->row_start, .end_line = s->line,
                  .nfields = s->nf, .fields = s->ptrs, .lens = s->lens};
    emit(s, &row);
}

static void on_row(int c, void *vs)
{
    csv_state *s = vs;
    (void)c;
    if (!s->cap) /* a row of no fields still gets its (empty) arrays */
        grow_fields(s);
    for (size_t i = 0; i < s->nf; i++)
        s->ptrs[i] = s->fieldbuf.data + s->offs[i];
    emit_fields(s);
    clear_row(s);
}

static void emit_simple(csv_state *s, nm_row_kind kind)
{
    nm_row row = {.kind = kind, .line = s->line, .end_line = s->line};
    emit(s, &row);
}

static int is_blank_line(const char *t, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (t[i] != ' ' && t[i] != '\t' && t[i] != '\r' && t[i] != '\n')
            return 0;
    return 1;
}

static void malformed(csv_state *s)
{
    nm_buf_reset(&s->problem);
    nm_buf_puts(&s->problem, "stray quote: text after a closing quote (quote the whole "
                             "field and double the quotes inside)");
    if (s->line > s->row_start)
        nm_buf_printf(&s->problem, "; the quoted field opened at line %llu ran on to line "
                                   "%llu, so lines %llu-%llu were read as this one row",
                      (unsigned long long)s->row_start, (unsigned long long)s->line,
                      (unsigned long long)s->row_start, (unsigned long long)s->line);
    nm_row row = {.kind = NM_ROW_MALFORMED, .line = s->row_start, .end_line = s->line,
                  .bad_col = (uint32_t)s->nf + 1, .problem = s->problem.data};
    emit(s, &row);
    clear_row(s);
    csv_free(&s->p);
    parser_start(s);
}

/* A character libcsv skips at either end of a field: a space, and a tab
 * unless tab is the delimiter. */
static int is_pad(char c, char delim)
{
    return c == ' ' || (c == '\t' && delim != '\t');
}

/* 1 when some field of the line begins with a quote, after the characters
 * libcsv skips there. */
static int opens_quoted_field(const char *t, size_t n, char delim)
{
    if (!memchr(t, '"', n))
        return 0;
    int at_start = 1;
    for (size_t i = 0; i < n; i++) {
        if (at_start && is_pad(t[i], delim))
            continue;
        if (at_start && t[i] == '"')
            return 1;
        at_start = t[i] == delim;
    }
    return 0;
}

/* A quoted field from t[a] (the opening quote) to its closing quote, kept
 * with its doubled quotes made single (unless the row is past
 * NM_COLUMNS_MAX); *end is just past the closing quote.  Returns 0 when the
 * quote does not close on this line. */
static int add_quoted_field(csv_state *s, const char *t, size_t a, size_t n, size_t *end)
{
    int keep = grow_fields(s);
    size_t off = s->fieldbuf.len, p = a + 1;
    for (;;) {
        const char *q = memchr(t + p, '"', n - p);
        if (!q)
            return 0;
        size_t at = (size_t)(q - t);
        nm_buf_append(&s->fieldbuf, t + p, at - p);
        if (at + 1 < n && t[at + 1] == '"') { /* "" is a quote */
            nm_buf_putc(&s->fieldbuf, '"');
            p = at + 2;
            continue;
        }
        *end = at + 1;
        break;
    }
    if (!keep) {
        s->fieldbuf.len = off;
        if (s->fieldbuf.data)
            s->fieldbuf.data[off] = '\0';
        return 1;
    }
    check_field_len(s, (uint32_t)s->nf + 1, s->fieldbuf.len - off);
    s->offs[s->nf] = off;
    s->lens[s->nf] = s->fieldbuf.len - off;
    nm_buf_putc(&s->fieldbuf, '\0');
    s->nf++;
    return 1;
}

/* A line without quotes, split in place: each field is ended by a NUL
 * where its trailing spaces, its delimiter or the line end were (the text
 * after a line is never read again, and t[n] exists: the text buffer is
 * NUL-terminated), and the row's fields point into the line.  No copy. */
static void plain_row_in_place(csv_state *s, char *t, size_t n)
{
    size_t a = 0;
    s->nf = 0;
    for (;;) {
        if (!grow_fields(s))
            break; /* more than NM_COLUMNS_MAX: refused below */
        char *d = memchr(t + a, s->delim, n - a);
        size_t b = d ? (size_t)(d - t) : n, lo = a, hi = b;
        while (lo < hi && is_pad(t[lo], s->delim))
            lo++;
        while (hi > lo && is_pad(t[hi - 1], s->delim))
            hi--;
        t[hi] = '\0';
        s->ptrs[s->nf] = t + lo;
        s->lens[s->nf++] = hi - lo;
        if (!d)
            break;
        a = b + 1;
    }
    if (n > NM_FIELD_MAX) /* only then can a field be too long */
        for (size_t i = 0; i < s->nf; i++)
            check_field_len(s, (uint32_t)i + 1, s->lens[i]);
    emit_fields(s);
    s->nf = 0;
    s->long_col = 0;
    s->too_many = 0;
}

/* A row on one line split as libcsv splits it, when its quotes (if any)
 * are regular: at the delimiter, each unquoted field trimmed of spaces
 * (and tabs, unless tab is the delimiter) at both ends, the line end (LF
 * or CR LF) dropped; a field that begins with a quote (after the spaces)
 * runs to its closing quote, which the delimiter or the line end follows.
 * Anything else - a quote inside an unquoted field, text after a closing
 * quote, a quoted field going on to the next line, a CR inside a line with
 * quotes - returns 0 with nothing kept, for libcsv to parse; most lines
 * have no quote at all. */
static int simple_row(csv_state *s, char *t, size_t n)
{
    if (n && t[n - 1] == '\n')
        n--;
    if (n && t[n - 1] == '\r')
        n--;
    const char *q = memchr(t, '"', n); /* the next quote from a on */
    if (!q) {
        plain_row_in_place(s, t, n);
        return 1;
    }
    if (s->delim == ' ' || memchr(t, '\r', n))
        return 0;
    size_t a = 0;
    for (;;) {
        size_t lo = a;
        while (lo < n && is_pad(t[lo], s->delim))
            lo++;
        if (q && t + lo == q) {
            size_t end;
            if (!add_quoted_field(s, t, lo, n, &end) || (end < n && t[end] != s->delim)) {
                clear_row(s);
                return 0;
            }
            if (end == n)
                break;
            a = end + 1;
            q = memchr(t + a, '"', n - a);
            continue;
        }
        const char *d = memchr(t + a, s->delim, n - a);
        size_t b = d ? (size_t)(d - t) : n, hi = b;
        if (q && q < t + b) { /* a quote inside an unquoted field */
            clear_row(s);
            return 0;
        }
        while (hi > lo && is_pad(t[hi - 1], s->delim))
            hi--;
        add_field(s, t + lo, hi - lo);
        if (!d)
            break;
        a = b + 1;
    }
    on_row('\n', s);
    return 1;
}

/* A quoted field still open MAX_ROW_LINES lines after it opened: an
 * unterminated quote, which would swallow the rest of the file.  col: the
 * field it is in. */
static nm_status still_open(csv_state *s, uint32_t col, nm_error *err)
{
    s->fed = s->line;
    nm_row row = {.kind = NM_ROW_MALFORMED, .line = s->row_start, .end_line = s->line,
                  .bad_col = col, .problem = "unterminated quoted field"};
    emit(s, &row);
    return nm_error_set(err, NM_ERR_INPUT, s->name, s->line, col,
                        "quoted field opened at line %llu is still open %llu lines "
                        "later: probably an unterminated quote; the rest of the "
                        "file was not read",
                        (unsigned long long)s->row_start,
                        (unsigned long long)(s->line - s->row_start));
}

static nm_status nul_error(const csv_state *s, nm_error *err)
{
    return nm_error_set(err, NM_ERR_INPUT, s->name, s->line, 0,
                        "NUL byte in the text: the file holds binary data or is damaged; "
                        "the rest of the file was not read");
}

static int at_nul_line(const csv_state *s)
{
    return s->info->dec.nul_line && s->line >= s->info->dec.nul_line;
}

/* 1 when a row is under way: libcsv holds part of it. */
static int row_open(const csv_state *s)
{
    return s->p.pstate != LIBCSV_ROW_NOT_BEGUN || s->nf > 0;
}

/* The current row is too long to keep (NM_ROW_MAX): read past the rest of
 * it from the start of the current line, keeping nothing.  A row libcsv
 * holds is inside a quoted field (only whole lines were fed to it, and a
 * line end outside quotes ends a row); its fields so far were checked as
 * they came. */
static void start_skip(csv_state *s)
{
    int open = row_open(s);
    if (!open) {
        s->row_start = s->line;
        s->row_bytes = 0;
    }
    s->skip = (skip_state){.on = 1, .quoted = open, .field_start = !open,
                           .col = (uint32_t)s->nf + 1, .len = open ? s->p.entry_pos : 0};
    s->skipped = s->row_bytes;
    if (open) { /* drop what libcsv holds */
        csv_free(&s->p);
        parser_start(s);
    }
    nm_buf_reset(&s->fieldbuf);
    s->nf = 0;
}

/* A field of the skipped row ended. */
static void end_skipped_field(csv_state *s)
{
    check_field_len(s, s->skip.col, s->skip.len);
    if (s->skip.col > NM_COLUMNS_MAX)
        s->too_many = 1;
    s->skip.col++;
    s->skip.len = 0;
    s->skip.field_start = 1;
}

/* The skipped row ended on line last: deliver it as malformed. */
static void end_skipped_row(csv_state *s, uint64_t last)
{
    end_skipped_field(s);
    emit_over_limit(s, last, s->skipped);
    s->skip.on = 0;
    s->searched = 0;
    clear_row(s);
}

/* Line ends inside a quoted field of the skipped row, in t[0..n). */
static nm_status skip_line_ends(csv_state *s, const char *t, size_t n, nm_error *err)
{
    for (const char *p = t, *end = t + n; (p = memchr(p, '\n', (size_t)(end - p))) != NULL;
         p++) {
        s->fed = s->line++;
        if (s->line - s->row_start >= MAX_ROW_LINES)
            return still_open(s, s->skip.col, err);
        if (at_nul_line(s))
            return nul_error(s, err);
    }
    return NM_OK;
}

/* Read past t[0..n) in a row being skipped, following its quotes as libcsv
 * would, up to and including the LF that ends the row (the row is then
 * delivered); returns the bytes consumed. */
static size_t skip_row(csv_state *s, const char *t, size_t n, nm_status *st, nm_error *err)
{
    skip_state *k = &s->skip;
    const char *nl = memchr(t, '\n', n); /* the next LF, for unquoted runs */
    size_t i = 0;
    if (at_nul_line(s)) {
        *st = nul_error(s, err);
        return 0;
    }
    while (i < n && *st == NM_OK) {
        if (k->quoted) {
            if (k->quote_last) { /* "" is a quote; else the quote closed the field */
                k->quote_last = 0;
                k->quoted = t[i] == '"';
                k->len += t[i] == '"';
                i += t[i] == '"';
                continue;
            }
            const char *q = memchr(t + i, '"', n - i);
            size_t to = q ? (size_t)(q - t) : n;
            *st = skip_line_ends(s, t + i, to - i, err);
            k->len += to - i;
            i = to + (q != NULL);
            k->quote_last = q != NULL;
            if (nl && nl < t + i)
                nl = memchr(t + i, '\n', n - i);
            continue;
        }
        char c = t[i];
        if (c == '\n') { /* the row ends */
            s->skipped += ++i;
            s->fed = s->line;
            s->ended_nl = 1;
            end_skipped_row(s, s->line++);
            return i;
        }
        if (c == s->delim) {
            end_skipped_field(s);
            i++;
        } else if (k->field_start && is_pad(c, s->delim)) {
            i++;
        } else if (k->field_start && c == '"') {
            k->quoted = 1;
            k->field_start = 0;
            i++;
        } else { /* an unquoted run: to the next delimiter or LF */
            size_t to = nl ? (size_t)(nl - t) : n;
            const char *d = memchr(t + i, s->delim, to - i);
            to = d ? (size_t)(d - t) : to;
            k->field_start = 0;
            k->len += to - i;
            i = to;
        }
    }
    if (i > 0) { /* the row goes on */
        s->fed = s->line - (t[i - 1] == '\n');
        s->ended_nl = t[i - 1] == '\n';
    }
    s->skipped += i;
    return i;
}

/* Feed one physical line (with its LF, unless it is the file's last). */
static nm_status feed_line(csv_state *s, char *t, size_t n, nm_error *err)
{
    if (at_nul_line(s))
        return nul_error(s, err);
    int open = row_open(s);
    if ((open ? s->row_bytes : 0) + n > NM_ROW_MAX) {
        nm_status st = NM_OK;
        start_skip(s);
        skip_row(s, t, n, &st, err); /* n holds at most one LF, at its end */
        return st;
    }
    if (!open) {
        if (is_blank_line(t, n)) {
            emit_simple(s, NM_ROW_BLANK);
            s->fed = s->line;
            s->ended_nl = n && t[n - 1] == '\n';
            s->line += s->ended_nl;
            return NM_OK;
        }
        s->row_start = s->line;
        s->row_bytes = 0;
        int nl = n && t[n - 1] == '\n'; /* before simple_row may end a field there */
        if (simple_row(s, t, n)) { /* most rows: no need for libcsv */
            s->fed = s->line;
            s->ended_nl = nl;
            s->line += s->ended_nl;
            return NM_OK;
        }
        int literal_quotes = !opens_quoted_field(t, n, s->delim);
        csv_set_opts(&s->p, literal_quotes ? CSV_APPEND_NULL : STRICT_OPTS);
    }
    size_t used = csv_parse(&s->p, t, n, on_field, on_row, s);
    s->row_bytes += n;
    if (used < n) {
        int e = csv_error(&s->p);
        if (e == CSV_ENOMEM || e == CSV_ETOOBIG) {
            nm_fatal("out of memory");
        }
        malformed(s);
    } else if (s->p.pstate != LIBCSV_ROW_NOT_BEGUN && s->line - s->row_start >= MAX_ROW_LINES) {
        return still_open(s, (uint32_t)s->nf + 1, err);
    }
    s->fed = s->line;
    s->ended_nl = n && t[n - 1] == '\n';
    if (s->ended_nl)
        s->line++;
    return NM_OK;
}

/* Feed the complete lines in text; keep an incomplete last line unless
 * final (the part of it searched for an LF is remembered, so a long line
 * arriving chunk by chunk is searched once), or skip it once it makes its
 * row longer than NM_ROW_MAX.  *consumed: the bytes used. */
static nm_status feed_lines(csv_state *s, nm_buf *text, int final, size_t *consumed,
                            nm_error *err)
{
    size_t pos = 0;
    nm_status st = NM_OK;
    while (pos < text->len && !s->stop && st == NM_OK) {
        char *t = text->data + pos;
        size_t left = text->len - pos;
        if (s->skip.on) {
            pos += skip_row(s, t, left, &st, err);
            continue;
        }
        const char *nl = memchr(t + s->searched, '\n', left - s->searched);
        if (!nl && !final) {
            s->searched = left;
            if ((row_open(s) ? s->row_bytes : 0) + left <= NM_ROW_MAX)
                break;
            start_skip(s);
            continue;
        }
        size_t n = nl ? (size_t)(nl - t) + 1 : left;
        s->searched = 0;
        st = feed_line(s, t, n, err);
        pos += n;
    }
    *consumed = pos;
    return st;
}

static nm_status finish(csv_state *s, nm_error *err)
{
    if (s->stop)
        return NM_OK;
    uint64_t last = s->ended_nl ? s->line - 1 : s->line;
    uint32_t col = (uint32_t)s->nf + 1;
    if (s->skip.on) {
        if (!s->skip.quoted || s->skip.quote_last) { /* the file's end ends the row */
            end_skipped_row(s, last);
            return NM_OK;
        }
        col = s->skip.col;
    } else if (csv_fini(&s->p, on_field, on_row, s) == 0) {
        return NM_OK;
    }
    nm_row row = {.kind = NM_ROW_MALFORMED, .line = s->row_start, .end_line = last,
                  .bad_col = col, .problem = "unterminated quoted field"};
    emit(s, &row);
    return nm_error_set(err, NM_ERR_INPUT, s->name, last, col,
                        "unterminated quoted field (opened at line %llu): close the "
                        "quote, or double a quote meant as text",
                        (unsigned long long)s->row_start);
}

/* Read more raw bytes and decode them onto text. */
static nm_status refill(FILE *in, const char *name, unsigned char *raw, nm_buf *text,
                        nm_read_info *info, nm_sha256 *hash, int *eof, nm_error *err)
{
    size_t n;
    nm_status st = nm_read_raw(in, name, raw, &n, eof, info, hash, err);
    if (st == NM_OK)
        nm_decoder_feed(&info->dec, raw, n, *eof, text);
    return st;
}

static void take_sep_line(csv_state *s, nm_buf *text, nm_read_info *info)
{
    const char *nl = memchr(text->data, '\n', text->len);
    size_t n = nl ? (size_t)(nl - text->data) + 1 : text->len;
    char d;
    if (!nm_sniff_sep_line(text->data, n, &d))
        return;
    info->sep_line = 1;
    if (!s->delim)
        s->delim = d;
    emit_simple(s, NM_ROW_SEP_LINE);
    s->line++;
    memmove(text->data, text->data + n, text->len - n);
    text->len -= n;
    text->data[text->len] = '\0';
}

/* The decoder's fallback bytes, by line (see nm_decoder.on_fallback). */
static void on_fallback(void *ctx, uint64_t line)
{
    csv_state *s = ctx;
    if (s->nfallback == s->fallback_cap) {
        s->fallback_cap = s->fallback_cap ? 2 * s->fallback_cap : 64;
        s->fallback = nm_reallocarray(s->fallback, s->fallback_cap, sizeof *s->fallback);
    }
    s->fallback[s->nfallback++] = line;
}

/* Settle the fallback bytes of lines up to `through`: the log keeps only
 * the chunk the decoder is ahead by. */
static void settle_fallback(csv_state *s, uint64_t through)
{
    size_t k = 0;
    while (k < s->nfallback && s->fallback[k] <= through)
        k++;
    if (!k)
        return;
    s->settled += k;
    memmove(s->fallback, s->fallback + k, (s->nfallback - k) * sizeof *s->fallback);
    s->nfallback -= k;
}

/* Reading stopped before the end: count only the fallback bytes of the
 * lines read, as the file would be counted if it ended there (and as it is
 * when read in parts). */
static void fallback_as_read(csv_state *s, nm_read_info *info)
{
    settle_fallback(s, s->fed);
    info->dec.fallback_bytes = s->settled;
    if (info->dec.fallback_line > s->fed)
        info->dec.fallback_line = 0;
}

/* A part that ends inside a row (opts->more_after): the row goes on in
 * the next part, which the caller must read again from this part's start.
 * Nothing of the open row is delivered. */
static int open_at_part_end(const csv_state *s, const nm_read_opts *opts)
{
    return opts->more_after && (row_open(s) || s->skip.on);
}

nm_status nm_read_csv(FILE *in, const char *name, const unsigned char *first, size_t nfirst,
                      int final, const nm_read_opts *opts, nm_row_fn fn, void *ctx,
                      nm_read_info *info, nm_sha256 *hash, nm_error *err)
{
    int part = opts->start > 0;
    csv_state s = {.delim = opts->delimiter, .name = name, .fn = fn, .ctx = ctx,
                   .line = part ? opts->first_line : 1, .info = info};
    unsigned char *raw = nm_malloc(NM_READ_CHUNK);
    nm_buf textbuf = {0}, *text = &textbuf;
    int eof = final;
    nm_status st = NM_OK;

    info->dec.on_fallback = on_fallback;
    info->dec.fallback_ctx = &s;
    nm_buf_reserve(text, NM_READ_CHUNK); /* never NULL, even for no text */
    nm_decoder_feed(&info->dec, first, nfirst, final, text);
    if (!part) {
        take_sep_line(&s, text, info);
        info->delimiter_detected = s.delim == 0;
        if (!s.delim) /* a first part sniffs what a whole read would see */
            s.delim = opts->sniffed ? opts->sniffed
                                    : nm_sniff_delimiter(nm_buf_str(text), text->len);
    }
    info->delimiter = s.delim;
    parser_start(&s);
    while (st == NM_OK && !s.stop) {
        size_t used;
        st = feed_lines(&s, text, eof, &used, err);
        if (used) {
            memmove(text->data, text->data + used, text->len - used);
            text->len -= used;
            text->data[text->len] = '\0';
        }
        if (st != NM_OK || eof)
            break;
        settle_fallback(&s, s.fed);
        st = refill(in, name, raw, text, info, hash, &eof, err);
    }
    if (st != NM_OK || s.stop)
        fallback_as_read(&s, info);
    info->stopped = s.stop;
    info->dec.on_fallback = NULL;
    info->dec.fallback_ctx = NULL;
    free(s.fallback);
    nm_buf_free(text);
    if (st == NM_OK && open_at_part_end(&s, opts))
        info->ended_mid_row = 1;
    else if (st == NM_OK)
        st = finish(&s, err);
    info->lines = s.ended_nl ? s.line - 1 : s.line;
    csv_free(&s.p);
    nm_buf_free(&s.fieldbuf);
    nm_buf_free(&s.problem);
    free(s.offs);
    free(s.lens);
    free(s.ptrs);
    free(raw);
    return st;
}
