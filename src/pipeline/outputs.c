/* outputs.c - the run's output files and the threads they are written
 * on: demand.csv and ranking.csv beside pooling, summary.json beside the
 * smaller files.  Every file is closed (flushed to disk) by the step that
 * wrote it, so one file's flush overlaps another's writing. */
#include <stdio.h>

#include "needmap/cluster_write.h"
#include "needmap/output.h"
#include "pipeline_int.h"

static const char *const table_names[] = {"demand.csv", "ranking.csv"};

/* Close the files still open among f[0..n) (set to NULL); the first
 * failure is returned, its message in *err. */
static nm_status close_files(nm_outdir *dir, FILE **f, const char *const *names, int n,
                             nm_error *err)
{
    nm_status st = NM_OK;
    for (int k = 0; k < n; k++) {
        if (!f[k])
            continue;
        nm_error e;
        nm_status c = nm_outdir_close(dir, f[k], names[k], &e);
        if (st == NM_OK && c != NM_OK) {
            st = c;
            *err = e;
        }
        f[k] = NULL;
    }
    return st;
}

/* Write both files and close them (nm_outdir_close reads the directory's
 * fixed paths only, on failure). */
static void write_table_job(void *arg)
{
    nmp_tables *j = arg;
    nm_write_demand_csv(j->f[0], j->d, j->s, j->ref, j->o);
    nm_write_ranking_csv(j->f[1], j->d, j->s, j->r, j->ref, j->o);
    j->st = close_files(j->dir, j->f, table_names, 2, &j->err);
    j->pending = 0;
}

nm_status nmp_tables_start(nmp_tables *j, nm_outdir *dir, const nm_threads *t, nm_error *err)
{
    j->dir = dir;
    for (int k = 0; k < 2; k++)
        if (!(j->f[k] = nm_outdir_file(dir, table_names[k], err)))
            return NM_ERR_OUTPUT;
    j->pending = 1;
    if (nm_threads_n(t) > 1)
        nm_task_start(&j->task, t, write_table_job, j);
    return NM_OK;
}

nm_status nmp_tables_finish(nmp_tables *j, int write, nm_error *err)
{
    nm_task_wait(&j->task);
    if (j->pending && write)
        write_table_job(j);
    j->pending = 0;
    nm_status c = close_files(j->dir, j->f, table_names, 2, &j->err); /* made, not written */
    if (j->st == NM_OK)
        j->st = c;
    if (j->st != NM_OK)
        *err = j->err;
    return j->st;
}

/* The other outputs: summary.json (10 MB for 27,000 cohorts) beside the
 * three smaller files, on two threads when allowed; each step closes
 * (flushes to disk) what it wrote, so one file's flush overlaps the
 * other step's writing. */
typedef struct rest_job {
    nm_outdir *dir;
    FILE **f;                  /* cohorts, residual, clusters, summary, scenarios
                                  (NULL without --scenario) */
    const char *const *names;
    const nm_run_facts *facts;
    const nm_demand *d;
    const nm_rankings *r;
    const nm_refdata *ref;
    const nm_output_opts *o;
    nm_status st[2];           /* per step: its first close error */
    nm_error err[2];
} rest_job;

static void write_rest_step(void *ctx, size_t step)
{
    rest_job *j = ctx;
    if (step == 0) {
        nm_write_summary_json(j->f[3], j->facts, j->d, j->r, j->ref, j->o);
        j->st[0] = close_files(j->dir, j->f + 3, j->names + 3, 1, &j->err[0]);
        return;
    }
    nm_write_cohorts_csv(j->f[0], j->facts->pool, j->facts->rules, j->ref, j->o);
    nm_write_residual_csv(j->f[1], j->facts->pool, j->facts->rules, j->ref, j->o);
    nm_write_clusters_csv(j->f[2], j->facts->clusters, j->d, j->facts->suppression, j->ref,
                          j->o);
    if (j->f[4])
        nm_write_scenarios_csv(j->f[4], j->facts, j->o);
    j->st[1] = close_files(j->dir, j->f, j->names, 3, &j->err[1]);
    nm_error e;
    nm_status s = close_files(j->dir, j->f + 4, j->names + 4, 1, &e);
    if (j->st[1] == NM_OK && s != NM_OK) {
        j->st[1] = s;
        j->err[1] = e;
    }
}

nm_status nmp_write_rest(nm_outdir *dir, const nm_run_facts *facts, const nm_demand *d,
                            const nm_rankings *r, const nm_refdata *ref,
                            const nm_output_opts *o, const nm_threads *t, nm_error *err)
{
    static const char *const names[] = {"cohorts.csv", "residual.csv", "clusters.csv",
                                        "summary.json", "scenarios.csv"};
    FILE *f[5] = {0};
    nm_status st = NM_OK;
    for (int k = 0; k < (facts->scenarios ? 5 : 4) && st == NM_OK; k++)
        if (!(f[k] = nm_outdir_file(dir, names[k], err)))
            st = NM_ERR_OUTPUT;
    if (st == NM_OK) {
        rest_job j = {.dir = dir, .f = f, .names = names, .facts = facts, .d = d, .r = r,
                      .ref = ref, .o = o, .st = {NM_OK, NM_OK}};
        nm_parallel_for(2, t, write_rest_step, &j);
        for (int k = 1; k >= 0 && st == NM_OK; k--) /* step 1 holds the first files */
            if (j.st[k] != NM_OK) {
                st = j.st[k];
                *err = j.err[k];
            }
    }
    nm_error late;
    close_files(dir, f, names, 5, &late); /* what a failed nm_outdir_file left open */
    return st;
}
