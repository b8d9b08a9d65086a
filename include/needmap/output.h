/* output.h - files written atomically, and the rejects CSV.
 *
 * nm_atomic_open creates a temporary file beside path; nm_atomic_commit
 * flushes it and renames it over path, nm_atomic_abort removes it.  Either
 * way the nm_atomic is finished with: a reader sees the old file or the
 * whole new one, never half of it.
 */
#ifndef NEEDMAP_OUTPUT_H
#define NEEDMAP_OUTPUT_H

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
void nm_atomic_abort(nm_atomic *a);

/* Write one field of RFC 4180 CSV (quoted when needed). */
void nm_csv_field(FILE *f, const char *text, char delimiter);

/* The rejects CSV: header "file,line,column,reason_code,reason".  Holds no
 * cell values, so no personal data can reach it. */
void nm_rejects_header(FILE *f);
void nm_rejects_row(FILE *f, const nm_reject *r);

#endif
