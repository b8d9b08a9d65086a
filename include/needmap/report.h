/* report.h - stage 5: the planner's outputs beside the CSV files.
 *
 * report.html is one self-contained page (inline CSS, SVG and a small
 * script; no network) telling what was read, the needs, a map, the
 * cohorts and what is missing, the clusters, and the method and privacy
 * rules.  needmap.xlsx holds every table in one workbook, with a first
 * sheet explaining the others.  Both are in Swedish or English (lang), and both publish exactly what the CSV files do:
 * they read the same suppression flags and never work out a hidden
 * figure.  The same inputs and options give byte-identical files (no
 * dates, stable order, fixed number formats).
 *
 * Ownership: the writers own nothing and keep nothing; an nm_report_in
 * borrows everything it points to for the call.
 */
#ifndef NEEDMAP_REPORT_H
#define NEEDMAP_REPORT_H

#include <stdio.h>

#include "needmap/demand.h"
#include "needmap/outdir.h"
#include "needmap/parallel.h"
#include "needmap/rank.h"
#include "needmap/refdata.h"
#include "needmap/status.h"
#include "needmap/write.h"

/* The language of report.html and needmap.xlsx (--lang); the CSV files
 * and summary.json keep their English column names and values. */
typedef enum nm_lang { NM_LANG_SV, NM_LANG_EN } nm_lang;

/* What a run hands the planner's writers: the same values the CSV
 * writers read, after suppression. */
typedef struct nm_report_in {
    const nm_run_facts *facts;  /* inputs, pool, clusters, rules, suppression */
    const nm_demand *d;         /* finished table (its suppression: facts) */
    const nm_rankings *r;       /* rankings of d */
    const nm_refdata *ref;      /* names and labels */
    const nm_output_opts *o;    /* internal, excel */
    nm_lang lang;               /* the language of both files */
} nm_report_in;

/* report.html, written to f from its position. */
void nm_write_report_html(FILE *f, const nm_report_in *in);

/* needmap.xlsx at path (created or replaced): a first sheet explaining the
 * others, the inputs, then the tables of the CSV files in csv_dir
 * (ranking.csv, cohorts.csv, residual.csv, clusters.csv, the published
 * rows of demand.csv, rejects.csv), read back as written so that every
 * value is the CSV's: codes as text, numbers as numbers, `..` for a
 * hidden figure.  Temporary files go to csv_dir.  NM_ERR_OUTPUT when a
 * CSV file cannot be read or the workbook cannot be written. */
nm_status nm_write_workbook(const char *path, const char *csv_dir, const nm_report_in *in,
                            nm_error *err);

/* Write report.html and needmap.xlsx into dir, on up to two of t's
 * threads (NULL: one; the CSV files must be closed already); each is on
 * disk when this returns NM_OK.  NM_ERR_OUTPUT with the file named in err
 * otherwise. */
nm_status nm_write_planner_files(nm_outdir *dir, const nm_report_in *in, const nm_threads *t,
                                 nm_error *err);

#endif
