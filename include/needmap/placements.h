/* placements.h - stage 4b: placements (LIA in YH, VFU at university) that a
 * cohort's students need within reach of its hub (--placements FILE).
 *
 * The file is a CSV (any delimiter or encoding, like a distance file) with
 * the header municipality,ssyk,places: a municipality (code or name), an
 * SSYK group (4 digits) or field (1-3 digits: every group whose code
 * starts with it), and the placements it can offer per intake period (a
 * whole number, 0 or more).  Rows for the same municipality and group add
 * up.  docs/ingest.md describes it, docs/method.md how pooling uses it.
 *
 * nm_placements owns its rows (nm_placements_free, NULL-safe on a zeroed
 * value); it refers to municipalities by index into the reference data.
 * Read-only once loaded: pooling reads it from several threads.
 */
#ifndef NEEDMAP_PLACEMENTS_H
#define NEEDMAP_PLACEMENTS_H

#include <stddef.h>

#include "needmap/refdata.h"
#include "needmap/rules.h"
#include "needmap/status.h"

typedef struct nm_placement {
    size_t muni;              /* municipality index (ref->munis) */
    char ssyk[5];             /* 1-4 digits: a group or a field */
    double places;            /* placements offered, >= 0 */
} nm_placement;

typedef struct nm_placements {
    nm_placement *rows;       /* in file order (owned) */
    size_t n, cap;
} nm_placements;

/* Read path into p (zeroed by the caller).  NM_ERR_CONFIG with the file,
 * line and column of the first bad row. */
nm_status nm_placements_load(nm_placements *p, const nm_refdata *ref, const char *path,
                             nm_error *err);
void nm_placements_free(nm_placements *p);

/* Whether any row is for competence code (an SSYK 4-digit code): a group
 * of that code is then limited by its placements.  0 for p NULL or an
 * empty code. */
int nm_placements_cover(const nm_placements *p, const char *code);

/* The placements for code per municipality: sum[m] += the placements of
 * municipality m (m < nmunis; sum zeroed by the caller).  A row counts for
 * code when its group or field is a prefix of it (as nm_placements_cover). */
void nm_placements_by_muni(const nm_placements *p, const char *code, double *sum,
                           size_t nmunis);

/* The placements for code within reach km of municipality hub (reach <= 0:
 * anywhere). */
double nm_placements_near(const nm_placements *p, const char *code, const nm_distances *d,
                          size_t hub, double reach);

#endif
