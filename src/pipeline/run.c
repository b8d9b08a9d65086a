/* run.c - the schedule of a whole run (pipeline.h):
 *
 *   read        every input on the run's threads, tables merged in input
 *               order (batch.c); rejects.csv and the command's messages
 *               in input order
 *   finish      roll-ups, published order, respondents (nm_demand_finish)
 *   clustering  beside suppression, ranking and pooling, from the
 *               finished table until something needs the clusters
 *   suppress    flags of its own (primary, per-relation secondary)
 *   pool        cohorts (by cluster: after the clusters), then each
 *               scenario's pooling of the same table
 *   disclose    the model of every published figure (the scenarios'
 *               totals too), joint secondary
 *               suppression until the audit passes (disclosure.h); a run
 *               whose audit fails publishes nothing
 *   rank        rankings of the table as published, their bootstrap
 *               intervals and (--frame) weighted estimates
 *   tables      demand.csv and ranking.csv beside the scenarios' figures
 *   write       summary.json beside the smaller files
 *   report      report.html beside needmap.xlsx (they read the CSV files
 *               back); the directory committed
 *
 * With one thread nothing runs beside anything: clustering runs at once
 * (its scratch memory is given back before the pool's peak) and the
 * tables are written last. */
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include "needmap/alloc.h"
#include "needmap/frame.h"
#include "needmap/disclosure.h"
#include "needmap/output.h"
#include "needmap/placements.h"
#include "needmap/report.h"
#include "needmap/review.h"
#include "pipeline_int.h"

/* NEEDMAP_TIMING: how long each stage took and the peak memory so far. */
typedef struct stage_clock {
    FILE *out;                 /* NULL: say nothing */
    double last;
} stage_clock;

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static void stage_done(stage_clock *c, const char *stage)
{
    if (!c->out)
        return;
    double t = now();
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    fprintf(c->out, "needmap: timing: %-10s %8.3f s  peak %6.1f MiB\n", stage, t - c->last,
            (double)ru.ru_maxrss / 1024.0);
    c->last = t;
}

/* A run in progress: its options, budget, table and results. */
typedef struct run {
    const nm_run_opts *o;
    nm_ingest *g;
    const nm_refdata *ref;
    nm_threads threads;        /* the run's budget, decided once */
    stage_clock clock;
    nm_demand *demand;
    nm_run_facts facts;        /* what summary.json says besides the tables */
    nm_suppression supp;       /* everything computed from the table: */
    nm_rankings ranks;
    nm_clusters clusters;
    nm_distances dist;
    nm_placements placements;  /* --placements (none: no rows) */
    nm_pool pool;
    nm_pool *scenario_pools;   /* each scenario's pooling (o->scenarios->n) */
    size_t nscenario_pools;
    nm_scenario_figures *scenario_figures; /* the run's own, then each scenario's */
    nm_frame frame;            /* --frame, or zeroed */
    nm_weighting weighting;
    nm_dc_model dc;            /* every published figure (disclosure.h) */
    nm_dc_summary dc_summary;
} run;

static void run_free(run *r)
{
    nm_dc_model_free(&r->dc);
    nm_clusters_free(&r->clusters);
    nm_pool_free(&r->pool);
    for (size_t i = 0; i < r->nscenario_pools; i++)
        nm_pool_free(&r->scenario_pools[i]);
    free(r->scenario_pools);
    free(r->scenario_figures);
    nm_distances_free(&r->dist);
    nm_frame_free(&r->frame);
    nm_placements_free(&r->placements);
    nm_rankings_free(&r->ranks);
    nm_suppression_free(&r->supp);
    nm_demand_free(r->demand);
}

/* --- read --- */

/* rejects.csv names an input as the other published files do
 * (nm_input_label): "input 3", not its path. */
typedef struct reject_ctx {
    nm_csvw *w;
    const char *file;          /* the input's label */
} reject_ctx;

static void reject_row(void *ctx, const nm_reject *r)
{
    const reject_ctx *c = ctx;
    nm_reject named = *r;
    named.file = c->file;
    nm_rejects_row(c->w, &named);
}

/* Read every input into the run's table; in input order, each input's
 * rejections go to rejects.csv and the input to the command, and its
 * report into res. */
static void read_inputs(run *r, char *const *paths, size_t n, nm_csvw *rejects,
                        nm_run_result *res)
{
    const nm_run_opts *o = r->o;
    nm_batch_item *items = nm_calloc(n ? n : 1, sizeof *items);
    nm_batch_opts bo = {o->max_messages, r->ref, r->demand, o->timing, o->part_bytes,
                        o->hand_records};
    nm_batch_read(r->g, paths, n, &r->threads, &bo, items);
    stage_done(&r->clock, "read");
    res->files = nm_calloc(n ? n : 1, sizeof *res->files);
    for (size_t i = 0; i < n; i++) {
        char name[NM_INPUT_LABEL_SIZE];
        reject_ctx rc = {rejects, nm_input_label(&o->out, i, paths[i], name, sizeof name)};
        res->rejections += nm_batch_each_reject(&items[i], reject_row, &rc);
        if (o->on_input)
            o->on_input(o->ctx, &items[i]);
        res->files[res->nfiles++] = items[i].report; /* the report moves out of the item */
        memset(&items[i].report, 0, sizeof items[i].report);
        nm_batch_item_free(&items[i]);
    }
    free(items);
    stage_done(&r->clock, "merge");
}

/* How many distinct texts were matched approximately or not at all, or
 * had a number in them. */
static void count_review(const nm_file_report *files, size_t n, nm_run_facts *facts)
{
    nm_review review = {0};
    for (size_t i = 0; i < n; i++)
        nm_review_add(&review, &files[i]);
    for (size_t i = 0; i < review.n; i++) {
        facts->fuzzy_texts += review.items[i].comp.how == NM_MATCH_FUZZY;
        facts->unclassified_texts += review.items[i].comp.how == NM_MATCH_UNCLASSIFIED;
        facts->number_texts += review.items[i].comp.note == NM_COMP_NOTE_NUMBER;
    }
    nm_review_free(&review);
}

/* --- clustering, beside the rest --- */

/* Clustering reads the finished table but neither its suppression nor the
 * rankings.  Its options were checked by the command, so it fails only
 * inside GSL; that error is reported when the clusters are waited for
 * (after a pooling error, if pooling failed too). */
typedef struct cluster_step {
    run *r;
    nm_task task;
    nm_status st;
    nm_error err;
} cluster_step;

static void build_clusters(void *arg)
{
    cluster_step *c = arg;
    nm_cluster_opts copts = c->r->o->cluster;
    c->st = nm_cluster_build(c->r->demand, c->r->ref, &copts, &c->r->clusters, &c->err);
}

/* Wait for the clusters; returns their status, the message in *err.  Any
 * number of calls. */
static nm_status clusters_done(cluster_step *c, nm_error *err)
{
    nm_task_wait(&c->task);
    if (c->st != NM_OK)
        *err = c->err;
    return c->st;
}

/* --- finish, suppress, rank, pool --- */

/* Roll-ups, then clustering started, suppression and rankings: the table
 * as published. */
static nm_status publish_table(run *r, cluster_step *c, nm_error *err)
{
    const nm_output_opts *out = &r->o->out;
    nm_demand_finish(r->demand, &r->threads);
    stage_done(&r->clock, "roll-ups");
    if (!nm_demand_exact(r->demand))
        return nm_error_set(err, NM_ERR_INPUT, NULL, 0, 0,
                            "the counts add up to more than 9 000 000 000 000 people, too "
                            "many to add up exactly; check the count columns of the inputs");
    *c = (cluster_step){.r = r, .st = NM_OK};
    nm_task_start(&c->task, &r->threads, build_clusters, c);
    /* the one place the minimum is decided: --internal hides nothing */
    nm_privacy_apply_at(r->demand, out->internal ? 0 : out->min_respondents, out->publish,
                        &r->threads, &r->supp);
    stage_done(&r->clock, "suppress");
    return NM_OK;
}

/* The rankings of the table as published (after the joint suppression),
 * with their bootstrap intervals and, with a frame, weighted estimates. */
static nm_status rank_table(run *r, nm_error *err)
{
    nm_rank_build(r->demand, &r->supp, &r->ranks);
    nm_rank_intervals(r->demand, r->ref, &r->threads, &r->ranks);
    stage_done(&r->clock, "rank, bootstrap");
    if (r->frame.n) {
        nm_status st = nm_weighting_apply(r->demand, r->ref, &r->frame, &r->ranks,
                                          &r->weighting, err);
        if (st != NM_OK)
            return st;
        stage_done(&r->clock, "weighting");
    }
    return NM_OK;
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

/* Cohorts, from the published table (and the clusters when pooling by
 * cluster); then the clusters are waited for, as the outputs need them. */
static nm_status pool_cohorts(run *r, cluster_step *c, nm_error *err)
{
    const nm_run_opts *o = r->o;
    nm_distances_init(&r->dist, r->ref);
    nm_status st = NM_OK;
    if (o->distances_path)
        st = nm_distances_load(&r->dist, o->distances_path, err);
    if (st == NM_OK && o->placements_path)
        st = nm_placements_load(&r->placements, r->ref, o->placements_path, err);
    if (st == NM_OK && o->pool_by_cluster)
        st = clusters_done(c, err);
    if (st == NM_OK)
        st = nm_pool_build(r->demand, r->ref, &r->dist, o->rules, &r->placements,
                           o->pool_by_cluster ? nm_clusters_id_of_ctx : NULL, &r->clusters,
                           &r->supp, &r->threads, &r->pool, err);
    if (st == NM_OK && o->pool_by_cluster)
        label_cluster_groups(&r->pool, &r->clusters);
    stage_done(&r->clock, "pool");
    if (st == NM_OK)
        st = clusters_done(c, err);
    stage_done(&r->clock, "clusters");
    return st;
}

/* Disclosure control over every published figure: the model, joint
 * secondary suppression until the audit passes, and the flags written
 * back (the rankings are made from them after).  NEEDMAP_TEST_WEAK_SUPPRESSION
 * (a test knob, docs/development.md): 1 skips the joint suppression and
 * publishes anyway, 2 skips it and lets the audit stop the run, 3 runs it
 * and then publishes every scenario total anyway. */
static nm_status disclose(run *r, nm_error *err)
{
    const nm_output_opts *out = &r->o->out;
    uint64_t k = nm_suppression_k(&r->supp);
    if (out->internal || k <= 1)
        return NM_OK;
    const char *knob = getenv("NEEDMAP_TEST_WEAK_SUPPRESSION");
    int weak = knob && *knob ? atoi(knob) : 0;
    double *west = NULL; /* --frame: weighted figures join the model */
    if (r->frame.n) {
        west = nm_calloc(nm_demand_count(r->demand) + 1, sizeof *west);
        nm_status st = nm_weighting_estimates(r->demand, r->ref, &r->frame, west, err);
        if (st != NM_OK) {
            free(west);
            return st;
        }
    }
    nm_dc_model_build(r->demand, r->ref, &r->supp, &r->pool, r->o->rules, west, &r->clusters,
                      &r->dc);
    free(west);
    nm_dc_audit_result res;
    uint64_t added = 0;
    double p = r->o->protection_set ? r->o->protection : NM_DC_DEFAULT_PROTECTION;
    int protect = !weak || weak == 3; /* 1, 2: the audit alone */
    nm_status st = NM_OK;
    if (protect) /* the tables without scenarios first: as a run without them */
        st = nm_dc_protect_all(&r->dc, p, 0, &added, &res, err);
    if (r->o->scenarios) { /* scenarios.csv's totals: row 0 the run's own */
        if (protect)
            nm_dc_audit_result_free(&res);
        nm_dc_model_add_scenario(&r->dc, r->demand, &r->pool, r->o->rules, NM_SCENARIO_ALL_MODES,
                                 0);
        for (size_t i = 0; i < r->nscenario_pools; i++)
            nm_dc_model_add_scenario(&r->dc, r->demand, &r->scenario_pools[i],
                                     &r->o->scenarios->list[i].rules,
                                     r->o->scenarios->list[i].modes, i + 1);
        uint64_t more = 0;
        if (st == NM_OK && protect) /* totals hidden first, others if need be */
            st = nm_dc_protect_scenarios(&r->dc, p, &more, &res, err);
        added += more;
        if (st == NM_OK && protect && res.narrowed) {
            nm_dc_audit_result_free(&res);
            st = nm_dc_protect_all(&r->dc, p, 0, &more, &res, err);
            added += more;
        }
    }
    if (!protect)
        st = nm_dc_audit_all(&r->dc, p, &res, err);
    if (st == NM_OK && weak == 3) { /* the scenarios' totals published, whatever they tell */
        for (size_t i = 0; i < r->dc.nunits; i++)
            if (r->dc.unit[i].table == NM_DC_SCENARIO)
                r->dc.unit[i].hidden = 0;
        nm_dc_audit_result_free(&res);
        st = nm_dc_audit_all(&r->dc, p, &res, err);
    }
    r->dc_summary = (nm_dc_summary){1, p, res.hidden, res.narrowed, added, {{0}}};
    nm_dc_stats(&r->dc, r->dc_summary.table);
    r->facts.disclosure = &r->dc_summary;
    if (st == NM_OK && res.narrowed && weak != 1 && weak != 3) {
        const nm_dc_figure *f = &r->dc.fig[res.first_bad];
        const nm_dc_unit *u = &r->dc.unit[f->unit];
        st = nm_error_set(err, NM_ERR_DISCLOSURE, NULL, 0, 0,
                          "disclosure audit failed: %llu hidden figures could be narrowed "
                          "below the protection of +-max(1, %g%%) (the first: %s row %u, "
                          "between %g and %g); nothing was published",
                          (unsigned long long)res.narrowed, p,
                          nm_dc_table_name((nm_dc_table)u->table), u->row + 1, res.first_lo,
                          res.first_hi);
    }
    nm_dc_audit_result_free(&res);
    if (st == NM_OK) /* also what the model hid from the start (cluster totals) */
        nm_dc_apply(&r->dc, &r->supp, &r->pool, &r->clusters);
    stage_done(&r->clock, "disclose");
    return st;
}

/* Every scenario pooled from the same table as the run's cohorts (before
 * the joint suppression, which sees their totals), one after the other,
 * each pool on the run's threads. */
static nm_status pool_scenarios(run *r, nm_error *err)
{
    const nm_run_opts *o = r->o;
    if (!o->scenarios)
        return NM_OK;
    r->scenario_pools = nm_calloc(o->scenarios->n + 1, sizeof *r->scenario_pools);
    nm_status st = NM_OK;
    for (size_t i = 0; i < o->scenarios->n && st == NM_OK; i++) {
        const nm_scenario *s = &o->scenarios->list[i];
        st = nm_pool_build(r->demand, r->ref, &r->dist, &s->rules, &r->placements,
                           o->pool_by_cluster ? nm_clusters_id_of_ctx : NULL, &r->clusters,
                           &r->supp, &r->threads, &r->scenario_pools[i], err);
        r->nscenario_pools++; /* freed with the run, built or not (as before) */
    }
    stage_done(&r->clock, "scenarios");
    return st;
}

/* What each scenario gives, once the joint suppression has decided: its
 * rows hidden as the run's are (nm_dc_hide_like), its totals hidden as the
 * model says; the pools are given back. */
static void scenario_figures(run *r)
{
    const nm_run_opts *o = r->o;
    if (!o->scenarios)
        return;
    size_t n = o->scenarios->n + 1;
    r->scenario_figures = nm_calloc(n, sizeof *r->scenario_figures);
    nm_scenario_figures_of(&r->pool, NM_SCENARIO_ALL_MODES, &r->scenario_figures[0]);
    for (size_t i = 0; i < r->nscenario_pools; i++) {
        nm_dc_hide_like(&r->pool, &r->scenario_pools[i]); /* what the run hid stays hidden */
        nm_scenario_figures_of(&r->scenario_pools[i], o->scenarios->list[i].modes,
                               &r->scenario_figures[i + 1]);
        nm_pool_free(&r->scenario_pools[i]);
    }
    r->nscenario_pools = 0;
    nm_dc_apply_scenarios(&r->dc, r->scenario_figures, n); /* no model: nothing hidden */
    r->facts.scenario_figures = r->scenario_figures;
}

/* --- write --- */

/* disclosure.csv: the model, for needmap audit. */
static nm_status write_model(run *r, nm_outdir *dir, nm_error *err)
{
    FILE *f = nm_outdir_file(dir, "disclosure.csv", err);
    if (!f)
        return NM_ERR_OUTPUT;
    nm_dc_model_write(f, &r->dc, r->dc_summary.protection);
    return nm_outdir_close(dir, f, "disclosure.csv", err);
}

/* Everything but the tables, then the tables waited for, then report.html
 * and needmap.xlsx (from the same data), then the directory committed (or
 * removed on failure). */
static nm_status write_outputs(run *r, nm_outdir *dir, FILE *rej, nmp_tables *tables,
                               nm_error *err)
{
    nm_status st = nm_outdir_close(dir, rej, "rejects.csv", err);
    if (st == NM_OK)
        st = nmp_write_rest(dir, &r->facts, r->demand, &r->ranks, r->ref, &r->o->out,
                            &r->threads, err);
    nm_error late;
    nm_status t = nmp_tables_finish(tables, st == NM_OK, &late);
    if (st == NM_OK && t != NM_OK) {
        st = t;
        *err = late;
    }
    stage_done(&r->clock, "write");
    if (st == NM_OK && r->facts.disclosure)
        st = write_model(r, dir, err);
    if (st == NM_OK)
        st = nm_write_planner_files(dir, &(nm_report_in){&r->facts, r->demand, &r->ranks, r->ref,
                                                         &r->o->out, r->o->lang},
                                    &r->threads, err);
    if (st == NM_OK)
        st = nm_outdir_commit(dir, err);
    else
        nm_outdir_abort(dir);
    stage_done(&r->clock, "report");
    return st;
}

static void fill_result(const run *r, nm_run_result *res)
{
    nm_run_counts_get(&r->facts, &res->counts);
    res->k_source = r->clusters.k_source;
}

/* From the read table to the committed directory. */
static nm_status analyse_and_write(run *r, nm_outdir *dir, FILE *rej, nm_error *err)
{
    nmp_tables tables = {.d = r->demand, .s = &r->supp, .r = &r->ranks, .ref = r->ref,
                         .o = &r->o->out};
    cluster_step clusters = {0};
    nm_status st = publish_table(r, &clusters, err);
    if (st == NM_OK)
        st = pool_cohorts(r, &clusters, err);
    if (st == NM_OK)
        st = pool_scenarios(r, err);
    if (st == NM_OK)
        st = disclose(r, err);
    if (st == NM_OK)
        scenario_figures(r);
    if (st == NM_OK)
        st = rank_table(r, err);
    if (st == NM_OK)
        st = nmp_tables_start(&tables, dir, &r->threads, err);
    if (st == NM_OK)
        return write_outputs(r, dir, rej, &tables, err);
    nm_error ignored;
    clusters_done(&clusters, &ignored);
    nmp_tables_finish(&tables, 0, &ignored);
    fclose(rej);
    nm_outdir_abort(dir);
    return st;
}

nm_status nm_run_pipeline(nm_ingest *g, char *const *paths, size_t n, const char *outdir,
                          const nm_run_opts *o, nm_run_result *res, nm_error *err)
{
    memset(res, 0, sizeof *res);
    nm_outdir dir;
    nm_frame frame = {0};
    if (o->frame_path) { /* a bad frame stops the run before anything is read */
        nm_status st = nm_frame_load(&frame, nm_ingest_refdata(g), o->frame_path, err);
        if (st != NM_OK) {
            nm_frame_free(&frame);
            return st;
        }
    }
    nm_status begun = nm_outdir_begin(&dir, outdir, err);
    if (begun != NM_OK) {
        nm_frame_free(&frame);
        return begun;
    }
    if (o->on_outdir)
        o->on_outdir(o->ctx, &dir);
    FILE *rej = nm_outdir_file(&dir, "rejects.csv", err);
    if (!rej) {
        nm_frame_free(&frame);
        nm_outdir_abort(&dir);
        return NM_ERR_OUTPUT;
    }
    run r = {.o = o, .g = g, .ref = nm_ingest_refdata(g), .threads = nm_threads_of(o->threads),
             .clock = {o->timing, now()}};
    r.frame = frame;
    r.demand = nm_demand_new(r.ref);
    nm_demand_bootstrap(r.demand, o->bootstrap, o->cluster.seed);
    if (r.frame.n)
        nm_demand_keep_units(r.demand);
    nm_csvw rejects;
    nm_csvw_init(&rejects, rej, o->out.excel, o->out.internal);
    nm_rejects_header(&rejects);
    read_inputs(&r, paths, n, &rejects, res);
    r.facts = (nm_run_facts){.mapping = o->mapping, .synonyms = o->synonyms,
                             .nsynonyms = o->nsynonyms, .min_confidence = o->min_confidence,
                             .files = res->files, .nfiles = res->nfiles,
                             .rejections = res->rejections,
                             .suppression = &r.supp, .rules = o->rules,
                             .rules_path = o->rules_path, .distances_path = o->distances_path,
                             .placements_path = o->placements_path,
                             .pool = &r.pool, .clusters = &r.clusters,
                             .scenarios = o->scenarios, .scenario_path = o->scenario_path,
                             .frame = r.frame.n ? &r.frame : NULL, .weighting = &r.weighting};
    count_review(res->files, res->nfiles, &r.facts);
    nm_status st = analyse_and_write(&r, &dir, rej, err);
    fill_result(&r, res);
    run_free(&r);
    return st;
}

void nm_run_result_free(nm_run_result *r)
{
    for (size_t i = 0; i < r->nfiles; i++)
        nm_file_report_free(&r->files[i]);
    free(r->files);
    memset(r, 0, sizeof *r);
}
