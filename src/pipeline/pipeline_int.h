/* pipeline_int.h - the run driver's parts (run.c: the schedule; outputs.c:
 * the output files and the threads they are written on).  Internal to
 * src/pipeline/.
 */
#ifndef NEEDMAP_PIPELINE_INT_H
#define NEEDMAP_PIPELINE_INT_H

#include <stdio.h>

#include "needmap/outdir.h"
#include "needmap/parallel.h"
#include "needmap/pipeline.h"
#include "needmap/rank.h"
#include "needmap/write.h"

/* demand.csv and ranking.csv: they need only the suppressed, ranked
 * table, so they are written beside clustering and pooling on a thread of
 * their own when the budget allows more than one (else after the rest).
 * The files are made on the driver's thread (the output directory is not
 * shared between threads); the step only writes into them. */
typedef struct nmp_tables {
    FILE *f[2];                /* demand.csv, ranking.csv */
    const nm_demand *d;
    const nm_suppression *s;
    const nm_rankings *r;
    const nm_refdata *ref;
    const nm_output_opts *o;
    nm_outdir *dir;
    nm_task task;              /* beside the rest, with more than one thread */
    int pending;               /* not written yet */
    nm_status st;              /* closing them (flushed to disk) */
    nm_error err;
} nmp_tables;

/* Make both files in dir and start writing them beside the caller (with
 * more than one thread in t).  j's d, s, r, ref and o are set. */
nm_status nmp_tables_start(nmp_tables *j, nm_outdir *dir, const nm_threads *t, nm_error *err);
/* Wait for the tables (or write them now, when write is set and they had
 * no thread); close what is still open.  Returns the first close error. */
nm_status nmp_tables_finish(nmp_tables *j, int write, nm_error *err);

/* The other outputs: summary.json beside cohorts.csv, residual.csv and
 * clusters.csv, on two of t's threads.  Returns NM_OK or the first write
 * error (in the files' order). */
nm_status nmp_write_rest(nm_outdir *dir, const nm_run_facts *facts, const nm_demand *d,
                         const nm_rankings *r, const nm_refdata *ref,
                         const nm_output_opts *o, const nm_threads *t, nm_error *err);

#endif
