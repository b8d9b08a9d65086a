/* output.h - files written atomically, and the rejects CSV.
 *
 * nm_atomic_open creates a temporary file beside path; nm_atomic_commit
 * flushes it and renames it over path (or removes it if that fails), and
 * the nm_atomic is finished with: a reader sees the old file or the whole
 * new one, never half of it.
 */
#ifndef NEEDMAP_OUTPUT_H
#define NEEDMAP_OUTPUT_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "needmap/ingest.h"
#include "needmap/status.h"


typedef struct nm_atomic {
    FILE *f;            /* write here */
    char *path;         /* final name (owned) */
    char *tmp;          /* temporary name (owned) */
} nm_atomic;

nm_status nm_atomic_open(nm_atomic *a, const char *path, nm_error *err);
nm_status nm_atomic_commit(nm_atomic *a, nm_error *err);

/* A CSV writer for published files: RFC 4180 (comma, CRLF, UTF-8), or with
 * excel = 1 the Swedish-Excel variant (semicolon, BOM, decimal comma).
 * With internal = 1 every row starts with a column internal_use_only = yes,
 * so no copy of the file can pass for a published one.  Borrows f.  A row
 * is built in the writer and written to f at nm_csvw_end, in one piece. */
typedef struct nm_csvw {
    FILE *f;
    char delim;
    int decimal_comma;
    int internal;
    int at_row_start;
    size_t len;            /* bytes of row held */
    unsigned char special[256]; /* bytes that make a field quoted */
    char row[2048];        /* the row so far; a longer one is written in parts */
} nm_csvw;

void nm_csvw_init(nm_csvw *w, FILE *f, int excel, int internal);
void nm_csvw_str(nm_csvw *w, const char *s);
/* A text that needs no quotes (no delimiter, quote or line break): needmap's
 * own words (names from a fixed list, codes), or one nm_csvw_plain said
 * so; written without looking at each byte. */
void nm_csvw_word(nm_csvw *w, const char *s);
int nm_csvw_plain(const nm_csvw *w, const char *s);
/* A code or range needmap wrote (a municipality or SSYK code, a list of
 * codes, a horizon such as 1-3): a word, except that in the Excel variant
 * one made of digits, spaces and '-' is written ="0114", which Excel and
 * LibreOffice show as the text 0114 instead of turning it into the number
 * 114 or a date (docs/outputs.md). */
void nm_csvw_code(nm_csvw *w, const char *s);
void nm_csvw_u64(nm_csvw *w, uint64_t v);
void nm_csvw_num(nm_csvw *w, double v);       /* canonical: 3, 2.5, 0.333 */
void nm_csvw_empty(nm_csvw *w);
/* A suppressed figure in a published file: `..`, as Statistics Sweden
 * writes it (docs/outputs.md). */
void nm_csvw_hidden(nm_csvw *w);
void nm_csvw_end(nm_csvw *w);                 /* ends the row (CRLF) */
/* Write a header row from a NULL-terminated list of names. */
void nm_csvw_header(nm_csvw *w, const char *const *names);

/* The rejects CSV: header "file,line,column,reason_code,reason".  Holds no
 * cell values, so no personal data can reach it. */
void nm_rejects_header(nm_csvw *w);
void nm_rejects_row(nm_csvw *w, const nm_reject *r);

/* Canonical number text into buf: integers without decimals, others with
 * up to 3 decimals, trailing zeros dropped. */
const char *nm_format_number(double v, int decimal_comma, char *buf, size_t size);

/* The text of the whole number a / 10^decimals: trailing zeros of the
 * fraction dropped (and `point` with them when none is left), '-' first
 * when negative.  Written backwards to end just before `end`, whose last
 * byte end[-1] becomes the NUL; returns the start.  Needs 22 + decimals
 * bytes before end. */
char *nm_fixed_text(char *end, int negative, uint64_t a, int decimals, char point);


#endif
