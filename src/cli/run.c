/* run.c - `needmap run`: ingest every input, build the demand table, apply
 * suppression, rank, and write the planner outputs to DIR atomically. */
#include <stdlib.h>
#include <time.h>
#include <sys/resource.h>
#include <string.h>

#include "cli.h"
#include "needmap/alloc.h"
#include "needmap/batch.h"
#include "needmap/cluster.h"
#include "needmap/cluster_write.h"
#include "needmap/outdir.h"
#include "needmap/parallel.h"
#include "needmap/output.h"
#include "needmap/report.h"
#include "needmap/review.h"
#include "needmap/write.h"

typedef struct run_opts {
    nm_cli_ingest in;
    const char *outdir;
    nm_output_opts out;
    const char *rules_path;     /* --rules */
    const char *distances_path; /* --distances */
    long min_cohort;            /* --min-cohort, 0 = from the rules */
    double enrolment_rate;      /* --enrolment-rate, 0 = from the rules */
    double viable_probability;  /* --viable-probability, 0 = from the rules */
    nm_rules rules;
    nm_cluster_opts cluster;    /* --clusters, --cluster-kmax, --taxonomy-weight, --seed */
    int pool_by_cluster;        /* --pool-by cluster */
    nm_lang lang;               /* --lang: report.html and needmap.xlsx */
} run_opts;

/* NEEDMAP_TIMING=1 prints how long each stage took and the peak memory
 * so far, for profiling. */
static int timing_on(void)
{
    static int on = -1;
    if (on < 0)
        on = getenv("NEEDMAP_TIMING") != NULL;
    return on;
}

static void stage_done(const char *stage)
{
    static double last;
    if (!timing_on())
        return;
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    double now = (double)t.tv_sec + (double)t.tv_nsec / 1e9;
    if (stage) {
        struct rusage ru;
        getrusage(RUSAGE_SELF, &ru);
        fprintf(stderr, "needmap: timing: %-10s %8.3f s  peak %6.1f MiB\n", stage, now - last,
                (double)ru.ru_maxrss / 1024.0);
    }
    last = now;
}

typedef struct run_ctx {
    nm_demand *demand;
    nm_csvw rejects;
    long max_messages, shown;
    uint64_t rejections;
} run_ctx;

/* Take one input's results, in input order: messages and rejects.csv
 * rows (its demand is in the run's table already). */
static void reject_row(void *ctx, const nm_reject *r)
{
    nm_rejects_row(ctx, r);
}

static void take_item(run_ctx *c, nm_batch_item *it)
{
    c->rejections += nm_batch_each_reject(it, reject_row, &c->rejects);
    nm_cli_print_messages(it, &c->shown, c->max_messages);
    nm_cli_report_file_problems(&it->report);
}

static int parse_args(int argc, char **argv, run_opts *o)
{
    static const struct option longopts[] = {
        NM_CLI_INGEST_LONGOPTS,
        {"output", required_argument, NULL, NM_OPT_OUTPUT},
        {"min-respondents", required_argument, NULL, NM_OPT_MIN_RESPONDENTS},
        {"internal", no_argument, NULL, NM_OPT_INTERNAL},
        {"excel", no_argument, NULL, NM_OPT_EXCEL},
        {"max-messages", required_argument, NULL, NM_OPT_MAX_MESSAGES},
        {"rules", required_argument, NULL, NM_OPT_RULES},
        {"distances", required_argument, NULL, NM_OPT_DISTANCES},
        {"min-cohort", required_argument, NULL, NM_OPT_MIN_COHORT},
        {"pool-by", required_argument, NULL, NM_OPT_POOL_BY},
        {"enrolment-rate", required_argument, NULL, NM_OPT_ENROLMENT_RATE},
        {"viable-probability", required_argument, NULL, NM_OPT_VIABLE_PROBABILITY},
        {"clusters", required_argument, NULL, NM_OPT_CLUSTERS},
        {"cluster-kmax", required_argument, NULL, NM_OPT_CLUSTER_KMAX},
        {"taxonomy-weight", required_argument, NULL, NM_OPT_TAXONOMY_WEIGHT},
        {"respondent-weight", required_argument, NULL, NM_OPT_RESPONDENT_WEIGHT},
        {"seed", required_argument, NULL, NM_OPT_SEED},
        {"lang", required_argument, NULL, NM_OPT_LANG},
        {NULL, 0, NULL, 0}};
    int c;
    long v;
    while ((c = getopt_long(argc, argv, "m:s:qho:", longopts, NULL)) != -1) {
        int r = nm_cli_ingest_option("run", &o->in, c, optarg);
        if (r < 0)
            return -1;
        if (r > 0)
            continue;
        switch (c) {
        case NM_OPT_HELP: nm_cli_print_help("run", stdout); return 1;
        case 'o':
        case NM_OPT_OUTPUT: o->outdir = optarg; break;
        case NM_OPT_INTERNAL: o->out.internal = 1; break;
        case NM_OPT_EXCEL: o->out.excel = 1; break;
        case NM_OPT_LANG:
            if (strcmp(optarg, "sv") != 0 && strcmp(optarg, "en") != 0) {
                nm_cli_usage_error("run", "--lang takes sv or en, not '%s'", optarg);
                return -1;
            }
            o->lang = strcmp(optarg, "en") == 0 ? NM_LANG_EN : NM_LANG_SV;
            break;
        case NM_OPT_MIN_RESPONDENTS:
            if (nm_cli_parse_long("run", "min-respondents", optarg, 1, 1000, &v) != 0)
                return -1;
            o->out.min_respondents = (unsigned)v;
            break;
        case NM_OPT_POOL_BY:
            if (strcmp(optarg, "cluster") != 0 && strcmp(optarg, "competence") != 0) {
                nm_cli_usage_error("run", "--pool-by takes competence or cluster, not '%s'",
                                   optarg);
                return -1;
            }
            o->pool_by_cluster = strcmp(optarg, "cluster") == 0;
            break;
        case NM_OPT_CLUSTERS:
            if (nm_cli_parse_long("run", "clusters", optarg, 0, 1000, &v) != 0)
                return -1;
            o->cluster.k = (int)v;
            break;
        case NM_OPT_CLUSTER_KMAX:
            if (nm_cli_parse_long("run", "cluster-kmax", optarg, 2, 1000, &v) != 0)
                return -1;
            o->cluster.kmax = (int)v;
            break;
        case NM_OPT_SEED:
            if (nm_cli_parse_long("run", "seed", optarg, 0, 2147483647L, &v) != 0)
                return -1;
            o->cluster.seed = (uint64_t)v;
            break;
        case NM_OPT_TAXONOMY_WEIGHT:
        case NM_OPT_RESPONDENT_WEIGHT:
            if (nm_cli_parse_fraction("run", c == NM_OPT_TAXONOMY_WEIGHT ? "taxonomy-weight"
                                                                        : "respondent-weight",
                                      optarg, c == NM_OPT_TAXONOMY_WEIGHT
                                                  ? &o->cluster.taxonomy_weight
                                                  : &o->cluster.respondent_weight) != 0)
                return -1;
            break;
        case NM_OPT_ENROLMENT_RATE:
        case NM_OPT_VIABLE_PROBABILITY: {
            double *dst = c == NM_OPT_ENROLMENT_RATE ? &o->enrolment_rate
                                                     : &o->viable_probability;
            if (nm_cli_parse_fraction("run", c == NM_OPT_ENROLMENT_RATE ? "enrolment-rate"
                                                                       : "viable-probability",
                                      optarg, dst) != 0)
                return -1;
            if (*dst <= 0) {
                nm_cli_usage_error("run", "--%s must be above 0",
                                   c == NM_OPT_ENROLMENT_RATE ? "enrolment-rate"
                                                              : "viable-probability");
                return -1;
            }
            break;
        }
        case NM_OPT_RULES: o->rules_path = optarg; break;
        case NM_OPT_DISTANCES: o->distances_path = optarg; break;
        case NM_OPT_MIN_COHORT:
            if (nm_cli_parse_long("run", "min-cohort", optarg, 1, 10000, &o->min_cohort) != 0)
                return -1;
            break;
        case NM_OPT_MAX_MESSAGES:
            if (nm_cli_parse_long("run", "max-messages", optarg, 0, 1000000000L,
                                  &o->in.max_messages) != 0)
                return -1;
            break;
        default: nm_cli_usage_error("run", "unknown option"); return -1;
        }
    }
    if (!o->outdir) {
        nm_cli_usage_error("run", "say where the results go with -o DIR");
        return -1;
    }
    if (!o->outdir[0] || strcmp(o->outdir, "-") == 0) {
        nm_cli_usage_error("run", "-o takes the name of a directory for the results (they "
                                  "are several files), not '%s'", o->outdir);
        return -1;
    }
    return 0;
}

/* Cohorts pooled by cluster carry the cluster's label. */
static void label_cluster_groups(nm_pool *p, const nm_clusters *c)
{
    for (size_t i = 0; i < p->ncohorts; i++)
        if (p->cohorts[i].key.cluster > 0 && (size_t)p->cohorts[i].key.cluster <= c->n)
            p->cohorts[i].key.comp.label = c->list[p->cohorts[i].key.cluster - 1].label;
    for (size_t i = 0; i < p->nresidual; i++)
        if (p->residual[i].key.cluster > 0 && (size_t)p->residual[i].key.cluster <= c->n)
            p->residual[i].key.comp.label = c->list[p->residual[i].key.cluster - 1].label;
}

/* demand.csv and ranking.csv need only the suppressed, ranked table: they
 * are written while clustering and pooling go on, on a thread of their own
 * when more than one thread is allowed (else when the others are).  The
 * files are made on the calling thread (the output directory is not shared
 * between threads); the job only writes into them. */
typedef struct table_job {
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
} table_job;

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
    table_job *j = arg;
    nm_write_demand_csv(j->f[0], j->d, j->s, j->ref, j->o);
    nm_write_ranking_csv(j->f[1], j->d, j->s, j->r, j->ref, j->o);
    j->st = close_files(j->dir, j->f, table_names, 2, &j->err);
    j->pending = 0;
}

static nm_status tables_start(table_job *j, nm_outdir *dir, const nm_threads *t, nm_error *err)
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

/* Wait for the tables (or write them now, when write is set and they had
 * no thread); close what is still open.  Returns the first close error. */
static nm_status tables_finish(table_job *j, int write, nm_error *err)
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
    FILE **f;                  /* cohorts, residual, clusters, summary */
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
    nm_write_residual_csv(j->f[1], j->facts->pool, j->ref, j->o);
    nm_write_clusters_csv(j->f[2], j->facts->clusters, j->d, j->facts->suppression, j->ref,
                          j->o);
    j->st[1] = close_files(j->dir, j->f, j->names, 3, &j->err[1]);
}

/* Returns NM_OK or the first write error (in the files' order). */
static nm_status write_rest(nm_outdir *dir, const nm_run_facts *facts, const nm_demand *d,
                            const nm_rankings *r, const nm_refdata *ref,
                            const nm_output_opts *o, const nm_threads *t, nm_error *err)
{
    static const char *const names[] = {"cohorts.csv", "residual.csv", "clusters.csv",
                                        "summary.json"};
    FILE *f[4] = {0};
    nm_status st = NM_OK;
    for (int k = 0; k < 4 && st == NM_OK; k++)
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
    close_files(dir, f, names, 4, &late); /* what a failed nm_outdir_file left open */
    return st;
}

static void print_result(const run_opts *o, const nm_run_facts *f)
{
    nm_run_counts c;
    nm_run_counts_get(f, &c);
    printf("needmap run: %llu input%s, %llu rows read, %llu accepted, %llu rejections; "
           "%llu needs in %llu cells (%llu suppressed)\n",
           (unsigned long long)c.inputs, c.inputs == 1 ? "" : "s",
           (unsigned long long)c.rows_read, (unsigned long long)c.rows_accepted,
           (unsigned long long)c.rejections, (unsigned long long)c.needs_accepted,
           (unsigned long long)c.cells, (unsigned long long)c.cells_hidden);
    printf("%llu viable cohort%s (%llu with figures, %llu hidden) in %llu competence x level x "
           "mode groups; %llu municipality demand%s left over (%llu hidden; residual.csv)\n",
           (unsigned long long)c.cohorts, c.cohorts == 1 ? "" : "s",
           (unsigned long long)(c.cohorts - c.cohorts_hidden),
           (unsigned long long)c.cohorts_hidden, (unsigned long long)c.groups,
           (unsigned long long)c.residual, c.residual == 1 ? "" : "s",
           (unsigned long long)c.residual_hidden);
    printf("%llu competence cluster%s (k chosen by %s)\n", (unsigned long long)c.clusters,
           c.clusters == 1 ? "" : "s",
           f->clusters->k_source == NM_K_OPTION ? "--clusters" : "the eigengap");
    printf("results in %s/: report.html, needmap.xlsx, summary.json, ranking.csv, demand.csv, "
           "cohorts.csv, residual.csv, clusters.csv, rejects.csv%s\n", o->outdir,
           o->out.internal ? " (INTERNAL: nothing suppressed, do not publish)" : "");
}

/* Read every input; messages and rejects.csv rows come out in input
 * order, and the files' demand is merged into ctx->demand.  Returns the
 * exit code so far. */
static int read_inputs(run_opts *o, nm_ingest *g, const nm_threads *t, run_ctx *ctx,
                       nm_file_report *reports)
{
    int exit_code = NM_EXIT_OK;
    nm_batch_item *items = nm_calloc(o->in.inputs.n, sizeof *items);
    nm_batch_opts bo = {ctx->max_messages, nm_ingest_refdata(g), ctx->demand,
                        timing_on() ? stderr : NULL, o->in.part_bytes, o->in.hand_records};
    stage_done(NULL);
    nm_batch_read(g, o->in.inputs.paths, o->in.inputs.n, t, &bo, items);
    stage_done("read");
    for (size_t i = 0; i < o->in.inputs.n; i++) {
        take_item(ctx, &items[i]);
        reports[i] = items[i].report; /* the report moves out of the item */
        memset(&items[i].report, 0, sizeof items[i].report);
        nm_batch_item_free(&items[i]);
        if (reports[i].status != NM_OK)
            exit_code = nm_exit_worse(exit_code, nm_exit_for_status(reports[i].status));
    }
    free(items);
    if ((uint64_t)ctx->shown < ctx->rejections && !o->in.quiet)
        fprintf(stderr, "needmap: note: %llu more rejection(s) not shown; all are in %s/rejects.csv\n",
                (unsigned long long)(ctx->rejections - (uint64_t)ctx->shown), o->outdir);
    if (ctx->rejections)
        exit_code = nm_exit_worse(exit_code, NM_EXIT_REJECTS);
    stage_done("merge");
    return exit_code;
}

/* Everything computed from the demand table, freed together. */
typedef struct analysis {
    nm_suppression supp;
    nm_rankings ranks;
    nm_clusters clusters;
    nm_distances dist;
    nm_pool pool;
} analysis;

static void analysis_free(analysis *a)
{
    nm_clusters_free(&a->clusters);
    nm_pool_free(&a->pool);
    nm_distances_free(&a->dist);
    nm_rankings_free(&a->ranks);
    nm_suppression_free(&a->supp);
}

/* How many distinct texts were matched approximately or not at all. */
static void count_review(const nm_file_report *reports, size_t n, nm_run_facts *facts)
{
    nm_review review = {0};
    for (size_t i = 0; i < n; i++)
        nm_review_add(&review, &reports[i]);
    for (size_t i = 0; i < review.n; i++) {
        facts->fuzzy_texts += review.items[i].comp.how == NM_MATCH_FUZZY;
        facts->unclassified_texts += review.items[i].comp.how == NM_MATCH_UNCLASSIFIED;
        facts->number_texts += review.items[i].comp.note == NM_COMP_NOTE_NUMBER;
    }
    nm_review_free(&review);
}

/* Clustering reads the finished table but neither its suppression flags
 * nor the rankings: it runs on a thread of its own (when more than one is
 * allowed) from the moment the table is finished until something needs
 * the clusters (pooling by cluster, or the last outputs), beside
 * suppression, the tables' writing and pooling.  Its options were checked
 * on the command line, so it fails only inside GSL; that error is
 * reported when the clusters are waited for (after a pooling error, if
 * pooling failed too). */
typedef struct cluster_job {
    const nm_cluster_opts *opts;
    const nm_refdata *ref;
    const nm_demand *d;
    nm_clusters *out;
    nm_task task;
    nm_status st;
    nm_error err;
} cluster_job;

static void cluster_run(void *arg)
{
    cluster_job *j = arg;
    nm_cluster_opts copts = *j->opts;
    j->st = nm_cluster_build(j->d, j->ref, &copts, j->out, &j->err);
}

/* On one thread the clusters are built at once: before pooling, so their
 * scratch memory is given back before the pool's peak. */
static void clusters_start(cluster_job *j, const nm_threads *t)
{
    j->st = NM_OK;
    nm_task_start(&j->task, t, cluster_run, j);
}

/* Wait for the clusters; returns their status, the message in *err.  Any
 * number of calls. */
static nm_status clusters_finish(cluster_job *j, nm_error *err)
{
    nm_task_wait(&j->task);
    if (j->st != NM_OK)
        *err = j->err;
    return j->st;
}

/* Roll-ups, then clustering started (see cluster_job), suppression and
 * rankings: the table as published, read-only afterwards. */
static nm_status analyse_table(const run_opts *o, const nm_refdata *ref, const nm_threads *t,
                               nm_demand *d, analysis *a, cluster_job *cj, nm_run_facts *facts,
                               nm_error *err)
{
    nm_demand_finish(d, t);
    stage_done("roll-ups");
    if (!nm_demand_exact(d))
        return nm_error_set(err, NM_ERR_INPUT, NULL, 0, 0,
                            "the counts add up to more than 9 000 000 000 000 people, too "
                            "many to add up exactly; check the count columns of the inputs");
    *cj = (cluster_job){.opts = &o->cluster, .ref = ref, .d = d, .out = &a->clusters};
    clusters_start(cj, t);
    /* the one place the minimum is decided: --internal hides nothing */
    nm_privacy_apply(d, o->out.internal ? 0 : o->out.min_respondents, t, &a->supp);
    facts->suppression = &a->supp;
    nm_rank_build(d, &a->supp, &a->ranks);
    stage_done("suppress");
    return NM_OK;
}

/* Cohorts, from the published table (and the clusters when pooling by
 * cluster); then the clusters are waited for, as the outputs need them. */
static nm_status analyse_rest(const run_opts *o, const nm_refdata *ref, const nm_threads *t,
                              const nm_demand *d, analysis *a, cluster_job *cj,
                              nm_run_facts *facts, nm_error *err)
{
    nm_distances_init(&a->dist, ref);
    nm_status st = NM_OK;
    if (o->distances_path)
        st = nm_distances_load(&a->dist, o->distances_path, err);
    if (st == NM_OK && o->pool_by_cluster)
        st = clusters_finish(cj, err);
    if (st == NM_OK)
        st = nm_pool_build(d, ref, &a->dist, &o->rules,
                           o->pool_by_cluster ? nm_clusters_id_of_ctx : NULL, &a->clusters,
                           &a->supp, t, &a->pool, err);
    if (st == NM_OK && o->pool_by_cluster)
        label_cluster_groups(&a->pool, &a->clusters);
    stage_done("pool");
    if (st == NM_OK)
        st = clusters_finish(cj, err);
    stage_done("clusters");
    facts->clusters = &a->clusters;
    facts->rules = &o->rules;
    facts->rules_path = o->rules_path;
    facts->distances_path = o->distances_path;
    facts->pool = &a->pool;
    return st;
}

static int run(run_opts *o, nm_ingest *g)
{
    nm_error err;
    nm_outdir dir;
    nm_status begun = nm_outdir_begin(&dir, o->outdir, &err);
    if (begun != NM_OK) {
        nm_error_print(&err, "error", stderr);
        return nm_exit_for_status(begun);
    }
    if (dir.removed)
        fprintf(stderr, "needmap: note: removed %zu temporary director%s left beside %s by "
                        "runs that were killed\n", dir.removed, dir.removed == 1 ? "y" : "ies",
                dir.final);
    FILE *rej = nm_outdir_file(&dir, "rejects.csv", &err);
    if (!rej) {
        nm_error_print(&err, "error", stderr);
        nm_outdir_abort(&dir);
        return NM_EXIT_OUTPUT;
    }
    const nm_refdata *ref = nm_ingest_refdata(g);
    run_ctx ctx = {.demand = nm_demand_new(ref),
                   .max_messages = o->in.quiet ? 0 : o->in.max_messages};
    nm_csvw_init(&ctx.rejects, rej, o->out.excel, o->out.internal);
    nm_rejects_header(&ctx.rejects);
    nm_file_report *reports = nm_calloc(o->in.inputs.n, sizeof *reports);
    nm_threads threads = nm_threads_of(o->in.threads); /* the run's budget */
    int exit_code = read_inputs(o, g, &threads, &ctx, reports);

    nm_run_facts facts = {.mapping = o->in.mapping, .synonyms = o->in.synonyms,
                          .nsynonyms = o->in.nsynonyms, .min_confidence = o->in.min_confidence,
                          .files = reports, .nfiles = o->in.inputs.n,
                          .rejections = ctx.rejections};
    count_review(reports, o->in.inputs.n, &facts);
    analysis a = {0};
    table_job tables = {.d = ctx.demand, .s = &a.supp, .r = &a.ranks, .ref = ref, .o = &o->out};
    cluster_job clusters = {0};
    nm_status st = analyse_table(o, ref, &threads, ctx.demand, &a, &clusters, &facts, &err);
    nm_status out = st == NM_OK
                        ? tables_start(&tables, &dir, &threads, &err)
                        : NM_OK;
    if (st == NM_OK && out == NM_OK)
        st = analyse_rest(o, ref, &threads, ctx.demand, &a, &clusters, &facts, &err);
    if (st != NM_OK || out != NM_OK) {
        nm_error ignored;
        clusters_finish(&clusters, &ignored);
        tables_finish(&tables, 0, &ignored);
        nm_error_print(&err, "error", stderr);
        fclose(rej);
        nm_outdir_abort(&dir);
        exit_code = st != NM_OK ? nm_exit_for_status(st)
                                : nm_exit_worse(exit_code, NM_EXIT_OUTPUT);
    } else {
        st = nm_outdir_close(&dir, rej, "rejects.csv", &err);
        if (st == NM_OK)
            st = write_rest(&dir, &facts, ctx.demand, &a.ranks, ref, &o->out, &threads, &err);
        nm_error late;
        nm_status t = tables_finish(&tables, st == NM_OK, &late);
        if (st == NM_OK && t != NM_OK) {
            st = t;
            err = late;
        }
        stage_done("write");
        if (st == NM_OK) /* report.html and needmap.xlsx, from the same data */
            st = nm_write_planner_files(&dir, &(nm_report_in){&facts, ctx.demand, &a.ranks, ref,
                                                              &o->out, o->lang},
                                        &threads, &err);
        if (st == NM_OK)
            st = nm_outdir_commit(&dir, &err);
        else
            nm_outdir_abort(&dir);
        stage_done("report");
        if (st != NM_OK) {
            nm_error_print(&err, "error", stderr);
            exit_code = nm_exit_worse(exit_code, NM_EXIT_OUTPUT);
        } else {
            print_result(o, &facts);
        }
    }
    analysis_free(&a);
    for (size_t i = 0; i < o->in.inputs.n; i++)
        nm_file_report_free(&reports[i]);
    free(reports);
    nm_demand_free(ctx.demand);
    return exit_code;
}

/* Rules: defaults, then the rules file, then the options (--min-cohort for
 * every level, --enrolment-rate, --viable-probability). */
static int load_rules(run_opts *o, int *exit_code)
{
    nm_error err;
    nm_status st = NM_OK;
    if (o->rules_path)
        st = nm_rules_load(&o->rules, o->rules_path, &err);
    if (st == NM_OK && o->min_cohort) {
        for (int l = 0; l < NM_LEVEL_N; l++) {
            o->rules.level[l].min_size = (double)o->min_cohort;
            if (o->rules.level[l].max_size < o->rules.level[l].min_size)
                o->rules.level[l].max_size = o->rules.level[l].min_size;
        }
    }
    if (o->enrolment_rate > 0)
        o->rules.enrolment_rate = o->enrolment_rate;
    if (o->viable_probability > 0)
        o->rules.viable_probability = o->viable_probability;
    if (st == NM_OK)
        st = nm_rules_check(&o->rules, &err);
    if (st == NM_OK)
        return 0;
    nm_error_print(&err, "error", stderr);
    *exit_code = nm_exit_for_status(st);
    return -1;
}

int nm_cmd_run(int argc, char **argv)
{
    run_opts o = {.out = {.min_respondents = 3}};
    nm_cluster_opts_default(&o.cluster);
    int exit_code = NM_EXIT_OK;
    nm_cli_ingest_init(&o.in);
    int r = parse_args(argc, argv, &o);
    /* sorted: the naming order must not change a byte */
    if (r == 0 && nm_cli_collect_inputs("run", &o.in, argc, argv, optind, 1, &exit_code) < 0)
        r = -1;
    if (r == 0 && o.in.inputs.n == 0)
        r = -2;
    nm_rules_default(&o.rules);
    if (r == 0 && load_rules(&o, &exit_code) != 0)
        r = -3;
    nm_ingest *g = r == 0 ? nm_cli_open_ingest(&o.in, &exit_code) : NULL;
    if (g)
        exit_code = nm_exit_worse(exit_code, run(&o, g));
    nm_ingest_free(g);
    nm_cli_ingest_free(&o.in);
    return r == 1 ? NM_EXIT_OK : r == -1 ? NM_EXIT_USAGE : exit_code;
}
