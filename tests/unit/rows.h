/* rows.h - read bytes with nm_read_stream and keep copies of the rows, for
 * the reader tests.
 *
 * rows_read fills a rows value the caller frees with rows_free.  Rows are
 * copied because the reader's rows are borrowed for the callback only.
 */
#ifndef NEEDMAP_TEST_ROWS_H
#define NEEDMAP_TEST_ROWS_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "needmap/reader.h"

typedef struct got_row {
    nm_row_kind kind;
    uint64_t line, end_line;
    size_t nfields;
    char **fields;       /* copies */
    size_t *lens;
    uint32_t bad_col;
    char *problem;       /* copy, or NULL */
    int synthetic;
} got_row;

typedef struct rows {
    got_row *row;
    size_t n, cap;
    size_t stop_after;   /* ask the reader to stop after this many rows; 0: never */
    nm_status status;    /* what nm_read_stream returned */
    nm_read_info info;
    nm_error err;
} rows;

static inline void *rows_alloc(size_t n)
{
    void *p = calloc(n ? n : 1, 1);
    if (!p) {
        perror("calloc");
        exit(2);
    }
    return p;
}

static inline char *rows_dup(const char *s, size_t n)
{
    char *p = rows_alloc(n + 1);
    memcpy(p, s, n);
    return p;
}

static inline int rows_collect(void *ctx, const nm_row *row)
{
    rows *r = ctx;
    if (r->n == r->cap) {
        r->cap = r->cap ? r->cap * 2 : 16;
        got_row *grown = realloc(r->row, r->cap * sizeof *grown);
        if (!grown) {
            perror("realloc");
            exit(2);
        }
        r->row = grown;
    }
    got_row *g = &r->row[r->n++];
    memset(g, 0, sizeof *g);
    g->kind = row->kind;
    g->line = row->line;
    g->end_line = row->end_line;
    g->nfields = row->nfields;
    g->bad_col = row->bad_col;
    g->synthetic = row->synthetic;
    g->problem = row->problem ? rows_dup(row->problem, strlen(row->problem)) : NULL;
    g->fields = rows_alloc(row->nfields * sizeof *g->fields);
    g->lens = rows_alloc(row->nfields * sizeof *g->lens);
    for (size_t i = 0; i < row->nfields; i++) {
        g->fields[i] = rows_dup(row->fields[i], row->lens[i]);
        g->lens[i] = row->lens[i];
    }
    return r->stop_after && r->n >= r->stop_after;
}

/* Read len bytes at data as one input named "test.csv". */
static inline void rows_read_opts(rows *r, const void *data, size_t len, const nm_read_opts *opts)
{
    FILE *f;
    if (len) {
        f = fmemopen((void *)data, len, "rb");
    } else {
        f = tmpfile(); /* fmemopen of 0 bytes is not portable */
    }
    if (!f) {
        perror("fmemopen");
        exit(2);
    }
    nm_error_clear(&r->err);
    r->status = nm_read_stream(f, "test.csv", opts, rows_collect, r, &r->info, &r->err);
    fclose(f);
}

static inline void rows_read(rows *r, const void *data, size_t len)
{
    rows_read_opts(r, data, len, NULL);
}

static inline void rows_read_str(rows *r, const char *text)
{
    rows_read(r, text, strlen(text));
}

static inline void rows_free(rows *r)
{
    for (size_t i = 0; i < r->n; i++) {
        for (size_t k = 0; k < r->row[i].nfields; k++)
            free(r->row[i].fields[k]);
        free(r->row[i].fields);
        free(r->row[i].lens);
        free(r->row[i].problem);
    }
    free(r->row);
    memset(r, 0, sizeof *r);
}

/* Field k of row i, or "(none)" when there is no such row or field. */
static inline const char *rows_field(const rows *r, size_t i, size_t k)
{
    if (i >= r->n || k >= r->row[i].nfields)
        return "(none)";
    return r->row[i].fields[k];
}

#endif
