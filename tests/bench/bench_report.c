/* bench_report.c - time to write report.html and needmap.xlsx, and their
 * sizes.
 *
 *   bench_report INPUT...
 *
 * Reads the inputs as `needmap run` does (default options), writes the CSV
 * files to a temporary directory (the workbook reads them back), then
 * writes report.html and needmap.xlsx five times each and prints the
 * fastest wall-clock and CPU time of each and their sizes.  CPU time is
 * what the writers cost; wall time also holds the machine's load (the
 * shared build VM runs several jobs).  Asserts nothing. */
#define _GNU_SOURCE /* mkdtemp */
#include <gsl/gsl_errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "needmap/batch.h"
#include "needmap/cluster.h"
#include "needmap/cluster_write.h"
#include "needmap/inputs.h"
#include "needmap/output.h"
#include "needmap/report.h"

enum { ROUNDS = 5 };

static double clock_s(clockid_t id)
{
    struct timespec t;
    clock_gettime(id, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static long file_size(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 ? (long)st.st_size : -1;
}

typedef struct run {
    nm_ingest *g;
    nm_demand *d;
    nm_file_report *reports;
    nm_suppression supp;
    nm_rankings ranks;
    nm_clusters clusters;
    nm_distances dist;
    nm_pool pool;
    nm_rules rules;
    nm_run_facts facts;
    nm_output_opts out;
} run;

static void reject_row(void *ctx, const nm_reject *rej)
{
    nm_rejects_row(ctx, rej);
}

/* Read, finish, suppress, rank, cluster and pool as `needmap run` does;
 * the rejected rows go to rejects (an open CSV writer). */
static int pipeline(run *r, nm_inputs *in, nm_csvw *rejects)
{
    nm_error err;
    nm_ingest_opts io = {.min_confidence = NM_DEFAULT_MIN_CONFIDENCE};
    if (nm_ingest_new(&io, &r->g, &err) != NM_OK)
        return -1;
    const nm_refdata *ref = nm_ingest_refdata(r->g);
    r->d = nm_demand_new(ref);
    nm_batch_item *items = calloc(in->n, sizeof *items);
    r->reports = calloc(in->n, sizeof *r->reports);
    nm_batch_opts bo = {.ref = ref, .demand = r->d};
    nm_threads cores = nm_threads_of(0);
    nm_batch_read(r->g, in->paths, in->n, &cores, &bo, items);
    uint64_t rejections = 0;
    for (size_t i = 0; i < in->n; i++) {
        rejections += nm_batch_each_reject(&items[i], reject_row, rejects);
        r->reports[i] = items[i].report;
        memset(&items[i].report, 0, sizeof items[i].report);
        nm_batch_item_free(&items[i]);
    }
    free(items);
    nm_demand_finish(r->d, NULL);
    r->out = (nm_output_opts){.min_respondents = 3};
    r->facts = (nm_run_facts){.files = r->reports, .nfiles = in->n,
                              .min_confidence = NM_DEFAULT_MIN_CONFIDENCE,
                              .rejections = rejections};
    nm_privacy_apply(r->d, 3, NULL, &r->supp);
    r->facts.suppression = &r->supp;
    nm_rank_build(r->d, &r->supp, &r->ranks);
    nm_cluster_opts co;
    nm_cluster_opts_default(&co);
    if (nm_cluster_build(r->d, ref, &co, &r->clusters, &err) != NM_OK)
        return -1;
    nm_rules_default(&r->rules);
    nm_distances_init(&r->dist, ref);
    if (nm_pool_build(r->d, ref, &r->dist, &r->rules, NULL, NULL, NULL, &r->supp, NULL, &r->pool, &err) != NM_OK)
        return -1;
    r->facts.rules = &r->rules;
    r->facts.pool = &r->pool;
    r->facts.clusters = &r->clusters;
    return 0;
}

/* The CSV files the workbook reads back. */
static int write_csvs(run *r, const char *dir)
{
    const nm_refdata *ref = nm_ingest_refdata(r->g);
    const char *names[] = {"demand.csv", "ranking.csv", "cohorts.csv", "residual.csv",
                           "clusters.csv"};
    for (int k = 0; k < 5; k++) {
        char path[4096];
        snprintf(path, sizeof path, "%s/%s", dir, names[k]);
        FILE *f = fopen(path, "wb");
        if (!f)
            return -1;
        switch (k) {
        case 0: nm_write_demand_csv(f, r->d, &r->supp, ref, &r->out); break;
        case 1: nm_write_ranking_csv(f, r->d, &r->supp, &r->ranks, ref, &r->out); break;
        case 2: nm_write_cohorts_csv(f, &r->pool, &r->rules, ref, &r->out); break;
        case 3: nm_write_residual_csv(f, &r->pool, &r->rules, ref, &r->out); break;
        default: nm_write_clusters_csv(f, &r->clusters, r->d, &r->supp, ref, &r->out); break;
        }
        if (fclose(f) != 0)
            return -1;
    }
    return 0;
}

static void best(double *wall, double *cpu, double w, double c)
{
    if (*wall < 0 || w < *wall)
        *wall = w;
    if (*cpu < 0 || c < *cpu)
        *cpu = c;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fputs("usage: bench_report INPUT...\n", stderr);
        return 2;
    }
    gsl_set_error_handler_off();
    nm_inputs in = {0};
    for (int i = 1; i < argc; i++)
        nm_inputs_add(&in, argv[i]);
    nm_inputs_sort(&in);
    char dir[] = "/tmp/needmap-bench-report-XXXXXX", path[4200];
    if (!mkdtemp(dir))
        return 1;
    snprintf(path, sizeof path, "%s/rejects.csv", dir);
    FILE *rf = fopen(path, "wb");
    if (!rf)
        return 1;
    nm_csvw rw;
    nm_csvw_init(&rw, rf, 0, 0);
    nm_rejects_header(&rw);
    run r = {0};
    if (pipeline(&r, &in, &rw) != 0) {
        fputs("bench_report: the run failed\n", stderr);
        return 1;
    }
    fclose(rf);
    if (write_csvs(&r, dir) != 0) {
        fputs("bench_report: cannot write the CSV files\n", stderr);
        return 1;
    }
    nm_report_in rin = {&r.facts, r.d, &r.ranks, nm_ingest_refdata(r.g), &r.out, NM_LANG_SV};
    char html[4200], book[4200];
    snprintf(html, sizeof html, "%s/report.html", dir);
    snprintf(book, sizeof book, "%s/needmap.xlsx", dir);
    double hw = -1, hc = -1, bw = -1, bc = -1;
    for (int k = 0; k < ROUNDS; k++) {
        double w0 = clock_s(CLOCK_MONOTONIC), c0 = clock_s(CLOCK_PROCESS_CPUTIME_ID);
        FILE *f = fopen(html, "wb");
        if (!f)
            return 1;
        nm_write_report_html(f, &rin);
        fclose(f);
        double w1 = clock_s(CLOCK_MONOTONIC), c1 = clock_s(CLOCK_PROCESS_CPUTIME_ID);
        nm_error err;
        if (nm_write_workbook(book, dir, &rin, &err) != NM_OK) {
            fprintf(stderr, "bench_report: %s\n", err.msg);
            return 1;
        }
        double w2 = clock_s(CLOCK_MONOTONIC), c2 = clock_s(CLOCK_PROCESS_CPUTIME_ID);
        best(&hw, &hc, w1 - w0, c1 - c0);
        best(&bw, &bc, w2 - w1, c2 - c1);
    }
    nm_run_counts c;
    nm_run_counts_get(&r.facts, &c);
    printf("%llu needs, %llu cells (%llu hidden), %llu cohorts, %llu residual rows\n",
           (unsigned long long)c.needs_accepted, (unsigned long long)c.cells,
           (unsigned long long)c.cells_hidden, (unsigned long long)c.cohorts,
           (unsigned long long)c.residual);
    printf("report.html   %9ld bytes  best of %d: %.3f s wall, %.3f s cpu\n", file_size(html),
           ROUNDS, hw, hc);
    printf("needmap.xlsx  %9ld bytes  best of %d: %.3f s wall, %.3f s cpu\n", file_size(book),
           ROUNDS, bw, bc);
    printf("both          best: %.3f s wall, %.3f s cpu\n", hw + bw, hc + bc);
    const char *names[] = {"demand.csv", "ranking.csv", "cohorts.csv", "residual.csv",
                           "clusters.csv", "rejects.csv", "report.html", "needmap.xlsx"};
    for (int k = 0; k < 8; k++) {
        snprintf(path, sizeof path, "%s/%s", dir, names[k]);
        unlink(path);
    }
    rmdir(dir);
    nm_pool_free(&r.pool);
    nm_distances_free(&r.dist);
    nm_clusters_free(&r.clusters);
    nm_rankings_free(&r.ranks);
    nm_suppression_free(&r.supp);
    for (size_t i = 0; i < in.n; i++)
        nm_file_report_free(&r.reports[i]);
    free(r.reports);
    nm_demand_free(r.d);
    nm_ingest_free(r.g);
    nm_inputs_free(&in);
    return 0;
}
