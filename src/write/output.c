/* output.c - atomic files and the CSV writer (nm_csvw). */
#define _DEFAULT_SOURCE
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "needmap/alloc.h"
#include "needmap/buf.h"
#include "needmap/number.h"
#include "needmap/output.h"
#include "needmap/tempfile.h"

nm_status nm_atomic_open(nm_atomic *a, const char *path, nm_error *err)
{
    nm_buf tmp = {0};
    const char *slash = strrchr(path, '/');
    size_t dirlen = slash ? (size_t)(slash - path) + 1 : 0;
    nm_buf_printf(&tmp, "%.*s.%s.tmp%s", (int)dirlen, path, path + dirlen, NM_MKSTEMP_SUFFIX);
    int fd = mkstemp(tmp.data);
    if (fd < 0) {
        nm_status st = nm_error_set(err, NM_ERR_OUTPUT, path, 0, 0, "cannot create: %s",
                                    strerror(errno));
        nm_buf_free(&tmp);
        return st;
    }
    a->f = fdopen(fd, "wb");
    a->path = nm_strdup(path);
    a->tmp = tmp.data;
    return NM_OK;
}

static void finish(nm_atomic *a)
{
    free(a->path);
    free(a->tmp);
    a->f = NULL;
    a->path = a->tmp = NULL;
}

nm_status nm_atomic_commit(nm_atomic *a, nm_error *err)
{
    int bad = ferror(a->f) || fflush(a->f) != 0 || fsync(fileno(a->f)) != 0;
    bad |= fclose(a->f) != 0;
    if (!bad && rename(a->tmp, a->path) == 0) {
        finish(a);
        return NM_OK;
    }
    nm_status st = nm_error_set(err, NM_ERR_OUTPUT, a->path, 0, 0, "cannot write: %s",
                                strerror(errno));
    unlink(a->tmp);
    finish(a);
    return st;
}

char *nm_fixed_text(char *end, int negative, uint64_t a, int decimals, char point)
{
    *--end = '\0';
    int started = 0;
    for (int k = 0; k < decimals; k++, a /= 10) {
        unsigned digit = (unsigned)(a % 10);
        if (digit || started) {
            *--end = (char)('0' + digit);
            started = 1;
        }
    }
    if (started)
        *--end = point;
    do
        *--end = (char)('0' + a % 10);
    while (a /= 10);
    if (negative)
        *--end = '-';
    return end;
}

/* v with at most three decimals, as "%.3f" with trailing zeros cut, when
 * that can be told from v * 1000 rounded: whole thousandths (how sums are
 * kept) and anything not within a hair of a rounding tie.  0 otherwise. */
static int thousandths_text(double v, int decimal_comma, char *buf, size_t size)
{
    double m = v * 1000.0, r = nearbyint(m);
    if (!(fabs(m) < 1099511627776.0) || fabs(m - r) > 0.49 || size < 32) /* 2^40 */
        return 0; /* the error of m (under 2^-12) could decide the rounding */
    char tmp[32];
    char *t = nm_fixed_text(tmp + sizeof tmp, v < 0, (uint64_t)fabs(r), 3,
                            decimal_comma ? ',' : '.');
    memcpy(buf, t, (size_t)(tmp + sizeof tmp - t));
    return 1;
}

const char *nm_format_number(double v, int decimal_comma, char *buf, size_t size)
{
    if (nm_whole_in(v, -NM_WHOLE_TEXT_MAX, NM_WHOLE_TEXT_MAX) && size >= 22) {
        char tmp[24];
        char *d = nm_fixed_text(tmp + sizeof tmp, v < 0, (uint64_t)(v < 0 ? -v : v), 0, '.');
        memcpy(buf, d, (size_t)(tmp + sizeof tmp - d));
        return buf;
    }
    if (thousandths_text(v, decimal_comma, buf, size))
        return buf;
    snprintf(buf, size, "%.3f", v);
    char *end = buf + strlen(buf);
    while (end > buf && end[-1] == '0')
        *--end = '\0';
    if (end > buf && end[-1] == '.')
        *--end = '\0';
    if (decimal_comma) {
        char *dot = strchr(buf, '.');
        if (dot)
            *dot = ',';
    }
    return buf;
}

void nm_csvw_init(nm_csvw *w, FILE *f, int excel, int internal)
{
    w->f = f;
    w->delim = excel ? ';' : ',';
    w->decimal_comma = excel;
    w->internal = internal;
    w->at_row_start = 1;
    w->len = 0;
    memset(w->special, 0, sizeof w->special);
    w->special[(unsigned char)w->delim] = w->special['"'] = 1;
    w->special['\r'] = w->special['\n'] = 1;
    if (excel)
        fputs("\xEF\xBB\xBF", f);
}

static void flush_row(nm_csvw *w)
{
    if (w->len)
        fwrite(w->row, 1, w->len, w->f);
    w->len = 0;
}

static void put(nm_csvw *w, const char *s, size_t n)
{
    if (n > sizeof w->row - w->len) {
        flush_row(w);
        if (n > sizeof w->row) {
            fwrite(s, 1, n, w->f);
            return;
        }
    }
    memcpy(w->row + w->len, s, n);
    w->len += n;
}

static void put_c(nm_csvw *w, char c)
{
    if (w->len == sizeof w->row)
        flush_row(w);
    w->row[w->len++] = c;
}

static void begin_field(nm_csvw *w)
{
    if (w->at_row_start) {
        w->at_row_start = 0;
        if (w->internal < 0) /* header row */
            return;
        if (w->internal) {
            put(w, "yes", 3);
            put_c(w, w->delim);
        }
        return;
    }
    put_c(w, w->delim);
}

/* s's length in *n, and whether it holds a byte that makes a field
 * quoted: one pass for both, fields are short. */
static int needs_quotes(const nm_csvw *w, const char *s, size_t *n)
{
    unsigned char quote = 0;
    size_t i = 0;
    for (; s[i]; i++)
        quote |= w->special[(unsigned char)s[i]];
    *n = i;
    return quote;
}

void nm_csvw_str(nm_csvw *w, const char *s)
{
    begin_field(w);
    size_t n;
    if (!needs_quotes(w, s, &n)) {
        put(w, s, n);
        return;
    }
    put_c(w, '"');
    for (const char *p = s; *p; p++) {
        if (*p == '"')
            put_c(w, '"');
        put_c(w, *p);
    }
    put_c(w, '"');
}

int nm_csvw_plain(const nm_csvw *w, const char *s)
{
    size_t n;
    return !needs_quotes(w, s, &n);
}

void nm_csvw_word(nm_csvw *w, const char *s)
{
    begin_field(w);
    put(w, s, strlen(s));
}

/* 1 when Excel would read s as a number or a date: digits, spaces, '-'. */
static int excel_converts(const char *s)
{
    int digit = 0;
    for (; *s; s++) {
        if (*s >= '0' && *s <= '9')
            digit = 1;
        else if (*s != ' ' && *s != '-')
            return 0;
    }
    return digit;
}

void nm_csvw_code(nm_csvw *w, const char *s)
{
    if (!w->decimal_comma || !excel_converts(s)) { /* decimal_comma: the Excel variant */
        nm_csvw_word(w, s);
        return;
    }
    begin_field(w);
    put(w, "\"=\"\"", 4);
    put(w, s, strlen(s));
    put(w, "\"\"\"", 3);
}

void nm_csvw_u64(nm_csvw *w, uint64_t v)
{
    char tmp[24];
    char *d = nm_fixed_text(tmp + sizeof tmp, 0, v, 0, '.');
    begin_field(w);
    put(w, d, (size_t)(tmp + sizeof tmp - 1 - d));
}

void nm_csvw_num(nm_csvw *w, double v)
{
    char buf[64];
    begin_field(w);
    const char *t = nm_format_number(v, w->decimal_comma, buf, sizeof buf);
    put(w, t, strlen(t));
}

void nm_csvw_empty(nm_csvw *w)
{
    begin_field(w);
}

void nm_csvw_hidden(nm_csvw *w)
{
    begin_field(w);
    put(w, "..", 2);
}

void nm_csvw_end(nm_csvw *w)
{
    put(w, "\r\n", 2);
    w->at_row_start = 1;
    flush_row(w);
}

void nm_csvw_header(nm_csvw *w, const char *const *names)
{
    if (w->internal) {
        put(w, "internal_use_only", 17);
        put_c(w, w->delim);
    }
    int saved = w->internal;
    w->internal = -1;
    for (; *names; names++)
        nm_csvw_str(w, *names);
    w->internal = saved;
    nm_csvw_end(w);
}

void nm_rejects_header(nm_csvw *w)
{
    static const char *const header[] = {"file", "line", "column", "reason_code", "reason",
                                         NULL};
    nm_csvw_header(w, header);
}

void nm_rejects_row(nm_csvw *w, const nm_reject *r)
{
    nm_csvw_str(w, r->file);
    nm_csvw_u64(w, r->line);
    if (r->col)
        nm_csvw_u64(w, r->col);
    else
        nm_csvw_empty(w);
    nm_csvw_str(w, nm_reason_code(r->reason));
    nm_csvw_str(w, nm_reason_text(r->reason));
    nm_csvw_end(w);
}
