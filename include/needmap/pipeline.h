/* pipeline.h - one whole `needmap run`: every input read into one demand
 * table, the table finished, suppressed and ranked, competences clustered,
 * needs pooled into cohorts, and every output written into a directory
 * that appears whole or not at all (outdir.h).
 *
 * The driver owns the run's thread budget and its schedule: which steps
 * run beside which (reading and merging in input order, clustering beside
 * suppression, ranking and pooling, the tables written beside pooling,
 * summary.json beside the smaller files).  The stages it calls take work
 * and a budget and return results; none starts a thread of its own or
 * knows what runs beside it.  Results never depend on the budget.
 *
 * nm_run_pipeline fills an nm_run_result that the caller frees with
 * nm_run_result_free (a zeroed one too).  The nm_ingest must outlive the
 * call; nothing else is borrowed past it.
 */
#ifndef NEEDMAP_PIPELINE_H
#define NEEDMAP_PIPELINE_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "needmap/batch.h"
#include "needmap/cluster.h"
#include "needmap/ingest.h"
#include "needmap/outdir.h"
#include "needmap/privacy.h"
#include "needmap/report.h"
#include "needmap/rules.h"
#include "needmap/scenario.h"
#include "needmap/status.h"
#include "needmap/write.h"

typedef struct nm_run_opts {
    long threads;                     /* --threads: 0 = one per core */
    long max_messages;                /* rejection messages kept per input */
    nm_output_opts out;               /* --excel, --internal, --min-respondents */
    const nm_rules *rules;            /* checked (nm_rules_check) */
    const char *rules_path;           /* --rules, or NULL (for summary.json) */
    const char *distances_path;       /* --distances, or NULL */
    const char *placements_path;      /* --placements, or NULL (placements.h) */
    const nm_scenarios *scenarios;    /* --scenario: each pooled too (loaded, checked),
                                         or NULL */
    const char *scenario_path;        /* --scenario, or NULL (for summary.json) */
    nm_cluster_opts cluster;          /* --clusters, --cluster-kmax, ... (checked) */
    unsigned bootstrap;               /* --bootstrap: replicates; 0 = no intervals
                                         (their seed is cluster.seed, --seed) */
    const char *frame_path;           /* --frame: the sampling frame, or NULL (loaded
                                         and checked before anything is read) */
    int pool_by_cluster;              /* --pool-by cluster */
    const char *mapping;              /* for summary.json: --mapping, or NULL */
    const char *const *synonyms;      /* ... --synonyms files */
    size_t nsynonyms;
    double min_confidence;
    nm_lang lang;                     /* --lang: report.html and needmap.xlsx */
    /* Called once the output directory is begun, before anything is read
     * (the command notes what it cleared away); may be NULL. */
    void (*on_outdir)(void *ctx, const nm_outdir *dir);
    /* Called once per input, in input order, once every input is read and
     * merged (the command prints its messages); may be NULL. */
    void (*on_input)(void *ctx, const nm_batch_item *item);
    void *ctx;
    FILE *timing;                     /* NULL, or where each stage's time and the
                                         peak memory go (NEEDMAP_TIMING) */
    uint64_t part_bytes, hand_records; /* test knobs: see nm_batch_opts */
    int protection_set;               /* --protection given; else the default */
    double protection;                /* --protection: percent (disclosure.h) */
} nm_run_opts;

/* What a run did, for the command's last lines and exit code. */
typedef struct nm_run_result {
    nm_file_report *files;            /* one per input, in input order (owned) */
    size_t nfiles;
    uint64_t rejections;              /* rows of rejects.csv */
    nm_run_counts counts;             /* as every output states them (write.h) */
    nm_k_source k_source;
} nm_run_result;

/* Run paths[0..n) into the output directory outdir.  Returns NM_OK when
 * every output was written (rows may still have been rejected and inputs
 * unreadable: see res->files and res->rejections); NM_ERR_OUTPUT when the
 * directory or an output could not be made or written (outdir is left as
 * it was); another status when the analysis failed, or when outdir is not
 * one a run may replace (nm_outdir_begin's status).  *err says why.
 * res->files is filled as far as reading went. */
nm_status nm_run_pipeline(nm_ingest *g, char *const *paths, size_t n, const char *outdir,
                          const nm_run_opts *o, nm_run_result *res, nm_error *err);
void nm_run_result_free(nm_run_result *r);

#endif
