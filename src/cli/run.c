/* run.c - `needmap run`: the options, then the run's pipeline
 * (pipeline.h: every input read, the demand table built, suppressed and
 * ranked, clusters and cohorts, the planner outputs written to DIR
 * atomically), then what it did, for the person at the terminal. */
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "needmap/cluster.h"
#include "needmap/pipeline.h"
#include "needmap/replicates.h"
#include "needmap/report.h"

typedef struct run_opts {
    nm_cli_ingest in;
    const char *outdir;
    nm_output_opts out;
    const char *rules_path;     /* --rules */
    const char *distances_path; /* --distances */
    const char *placements_path; /* --placements */
    const char *scenario_path;  /* --scenario */
    nm_scenarios scenarios;     /* its scenarios, on the rules */
    long min_cohort;            /* --min-cohort, 0 = from the rules */
    double enrolment_rate;      /* --enrolment-rate (both rates), 0 = from the rules */
    double upskilling_enrolment; /* --upskilling-enrolment, 0 = from the rules */
    double interest_enrolment;  /* --interest-enrolment, 0 = from the rules */
    double viable_probability;  /* --viable-probability, 0 = from the rules */
    long pool_time_limit;       /* --pool-time-limit seconds, 0 = none */
    long pool_nodes;            /* --pool-nodes, 0 = the default */
    nm_rules rules;
    nm_cluster_opts cluster;    /* --clusters, --cluster-kmax, --cluster-resamples,
                                   --taxonomy-weight, --seed */
    long bootstrap;             /* --bootstrap N (NM_BOOTSTRAP_DEFAULT), 0 = none */
    const char *frame_path;     /* --frame */
    int pool_by_cluster;        /* --pool-by cluster */
    long protection;            /* --protection percent, -1 = the default */
    nm_lang lang;               /* --lang: report.html and needmap.xlsx */
} run_opts;

static int parse_args(int argc, char **argv, run_opts *o)
{
    static const struct option longopts[] = {
        NM_CLI_INGEST_LONGOPTS,
        {"output", required_argument, NULL, NM_OPT_OUTPUT},
        {"min-respondents", required_argument, NULL, NM_OPT_MIN_RESPONDENTS},
        {"protection", required_argument, NULL, NM_OPT_PROTECTION},
        {"internal", no_argument, NULL, NM_OPT_INTERNAL},
        {"publish-file-names", no_argument, NULL, NM_OPT_PUBLISH_FILE_NAMES},
        {"publish", required_argument, NULL, NM_OPT_PUBLISH},
        {"excel", no_argument, NULL, NM_OPT_EXCEL},
        {"max-messages", required_argument, NULL, NM_OPT_MAX_MESSAGES},
        {"rules", required_argument, NULL, NM_OPT_RULES},
        {"distances", required_argument, NULL, NM_OPT_DISTANCES},
        {"placements", required_argument, NULL, NM_OPT_PLACEMENTS},
        {"scenario", required_argument, NULL, NM_OPT_SCENARIO},
        {"min-cohort", required_argument, NULL, NM_OPT_MIN_COHORT},
        {"pool-by", required_argument, NULL, NM_OPT_POOL_BY},
        {"enrolment-rate", required_argument, NULL, NM_OPT_ENROLMENT_RATE},
        {"upskilling-enrolment", required_argument, NULL, NM_OPT_UPSKILLING_ENROLMENT},
        {"interest-enrolment", required_argument, NULL, NM_OPT_INTEREST_ENROLMENT},
        {"viable-probability", required_argument, NULL, NM_OPT_VIABLE_PROBABILITY},
        {"pool-time-limit", required_argument, NULL, NM_OPT_POOL_TIME_LIMIT},
        {"pool-nodes", required_argument, NULL, NM_OPT_POOL_NODES},
        {"clusters", required_argument, NULL, NM_OPT_CLUSTERS},
        {"cluster-kmax", required_argument, NULL, NM_OPT_CLUSTER_KMAX},
        {"cluster-resamples", required_argument, NULL, NM_OPT_CLUSTER_RESAMPLES},
        {"taxonomy-weight", required_argument, NULL, NM_OPT_TAXONOMY_WEIGHT},
        {"respondent-weight", required_argument, NULL, NM_OPT_RESPONDENT_WEIGHT},
        {"seed", required_argument, NULL, NM_OPT_SEED},
        {"bootstrap", required_argument, NULL, NM_OPT_BOOTSTRAP},
        {"frame", required_argument, NULL, NM_OPT_FRAME},
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
        case NM_OPT_PUBLISH_FILE_NAMES: o->out.publish_file_names = 1; break;
        case NM_OPT_PUBLISH:
            if (nm_publish_parse(optarg, &o->out.publish) != 0) {
                nm_cli_usage_error("run", "--publish takes municipality, county, ssyk3 or "
                                   "county,ssyk3, not '%s'", optarg);
                return -1;
            }
            break;
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
        case NM_OPT_PROTECTION:
            if (nm_cli_parse_long("run", "protection", optarg, 0, 100, &v) != 0)
                return -1;
            o->protection = v;
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
        case NM_OPT_CLUSTER_RESAMPLES:
            if (nm_cli_parse_long("run", "cluster-resamples", optarg, 0, 100000, &v) != 0)
                return -1;
            o->cluster.resamples = (int)v;
            break;
        case NM_OPT_SEED:
            if (nm_cli_parse_long("run", "seed", optarg, 0, 2147483647L, &v) != 0)
                return -1;
            o->cluster.seed = (uint64_t)v;
            break;
        case NM_OPT_BOOTSTRAP:
            if (nm_cli_parse_long("run", "bootstrap", optarg, 0, NM_BOOTSTRAP_MAX,
                                  &o->bootstrap) != 0)
                return -1;
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
        case NM_OPT_UPSKILLING_ENROLMENT:
        case NM_OPT_INTEREST_ENROLMENT:
        case NM_OPT_VIABLE_PROBABILITY: {
            const char *name = c == NM_OPT_ENROLMENT_RATE        ? "enrolment-rate"
                               : c == NM_OPT_UPSKILLING_ENROLMENT ? "upskilling-enrolment"
                               : c == NM_OPT_INTEREST_ENROLMENT   ? "interest-enrolment"
                                                                  : "viable-probability";
            double *dst = c == NM_OPT_ENROLMENT_RATE        ? &o->enrolment_rate
                          : c == NM_OPT_UPSKILLING_ENROLMENT ? &o->upskilling_enrolment
                          : c == NM_OPT_INTEREST_ENROLMENT   ? &o->interest_enrolment
                                                             : &o->viable_probability;
            if (nm_cli_parse_fraction("run", name, optarg, dst) != 0)
                return -1;
            if (*dst <= 0) {
                nm_cli_usage_error("run", "--%s must be above 0", name);
                return -1;
            }
            break;
        }
        case NM_OPT_POOL_TIME_LIMIT:
            if (nm_cli_parse_long("run", "pool-time-limit", optarg, 1, 86400,
                                  &o->pool_time_limit) != 0)
                return -1;
            break;
        case NM_OPT_POOL_NODES:
            if (nm_cli_parse_long("run", "pool-nodes", optarg, 1, 100000000L, &o->pool_nodes) != 0)
                return -1;
            break;
        case NM_OPT_RULES: o->rules_path = optarg; break;
        case NM_OPT_DISTANCES: o->distances_path = optarg; break;
        case NM_OPT_FRAME: o->frame_path = optarg; break;
        case NM_OPT_PLACEMENTS: o->placements_path = optarg; break;
        case NM_OPT_SCENARIO: o->scenario_path = optarg; break;
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

/* Published files name an input "input N" (nm_input_label): the key to
 * their paths, for the analyst only (the first KEY_SHOWN). */
enum { KEY_SHOWN = 20 };

static void print_input_key(const run_opts *o, const nm_run_result *r)
{
    if (o->out.internal || !r->nfiles)
        return; /* internal files name the paths themselves */
    printf("the published files name the inputs by number:\n");
    for (size_t i = 0; i < r->nfiles && i < KEY_SHOWN; i++)
        printf("  input %zu = %s\n", i + 1, r->files[i].path);
    if (r->nfiles > KEY_SHOWN)
        printf("  input %d to %zu: the other inputs, in the same sorted order\n",
               KEY_SHOWN + 1, r->nfiles);
}

static void print_result(const run_opts *o, const nm_run_result *r)
{
    const nm_run_counts *c = &r->counts;
    printf("needmap run: %llu input%s, %llu rows read, %llu accepted, %llu rejections; "
           "%llu needs in %llu cells (%llu suppressed)\n",
           (unsigned long long)c->inputs, c->inputs == 1 ? "" : "s",
           (unsigned long long)c->rows_read, (unsigned long long)c->rows_accepted,
           (unsigned long long)c->rejections, (unsigned long long)c->needs_accepted,
           (unsigned long long)c->cells, (unsigned long long)c->cells_hidden);
    printf("%llu viable cohort%s (%llu with figures, %llu hidden) in %llu competence x level x "
           "mode groups; %llu municipality demand%s left over (%llu hidden; residual.csv)\n",
           (unsigned long long)c->cohorts, c->cohorts == 1 ? "" : "s",
           (unsigned long long)(c->cohorts - c->cohorts_hidden),
           (unsigned long long)c->cohorts_hidden, (unsigned long long)c->groups,
           (unsigned long long)c->residual, c->residual == 1 ? "" : "s",
           (unsigned long long)c->residual_hidden);
    if (c->cohorts_level_inferred || c->cohorts_mode_assumed)
        printf("level inferred from the occupation for %llu cohort%s, mode assumed for %llu "
               "(level_source, mode_source in cohorts.csv)\n",
               (unsigned long long)c->cohorts_level_inferred,
               c->cohorts_level_inferred == 1 ? "" : "s",
               (unsigned long long)c->cohorts_mode_assumed);
    if (c->open_groups)
        printf("%llu group%s with jobs but too few surveyed students for a cohort: open "
               "admission needed (summary.json, report.html)\n",
               (unsigned long long)c->open_groups, c->open_groups == 1 ? "" : "s");
    printf("%llu competence cluster%s (%s)\n", (unsigned long long)c->clusters,
           c->clusters == 1 ? "" : "s",
           r->k_source == NM_K_OPTION      ? "k given with --clusters"
           : r->k_source == NM_K_UNCLEAR   ? "no clear grouping"
           : r->k_source == NM_K_NONE      ? "fewer than two competences to group"
           : r->k_source == NM_K_ADJUSTED  ? "k adjusted: see summary.json's notes"
                                           : "k chosen by bootstrap stability");
    printf("results in %s/: report.html, needmap.xlsx, summary.json, ranking.csv, demand.csv, "
           "cohorts.csv, residual.csv, clusters.csv, %s%srejects.csv%s\n", o->outdir,
           o->scenario_path ? "scenarios.csv, " : "",
           o->out.internal || o->out.min_respondents <= 1 ? "" : "disclosure.csv, ",
           o->out.internal ? " (INTERNAL: nothing suppressed, do not publish)" : "");
    print_input_key(o, r);
}

/* Rejection messages shown so far, of at most max. */
typedef struct shown {
    long n, max;
} shown;

/* Once every input is read, in input order: its messages and problems. */
static void on_input(void *ctx, const nm_batch_item *item)
{
    shown *s = ctx;
    nm_cli_print_messages(item, &s->n, s->max);
    nm_cli_report_file_problems(&item->report);
}

/* Once the output directory is begun, before anything is read: what it
 * cleared away. */
static void on_outdir(void *ctx, const nm_outdir *dir)
{
    (void)ctx;
    if (dir->removed)
        fprintf(stderr, "needmap: note: removed %zu temporary director%s left beside %s by "
                        "runs that were killed\n", dir->removed, dir->removed == 1 ? "y" : "ies",
                dir->final);
}

/* The exit code of what was read: unreadable inputs, rejected rows. */
static nm_exit reading_exit(const nm_run_result *r)
{
    nm_exit exit_code = NM_EXIT_OK;
    for (size_t i = 0; i < r->nfiles; i++)
        if (r->files[i].status != NM_OK)
            exit_code = nm_exit_worse(exit_code, nm_exit_for_status(r->files[i].status));
    return r->rejections ? nm_exit_worse(exit_code, NM_EXIT_REJECTS) : exit_code;
}

static int run(const run_opts *o, nm_ingest *g)
{
    shown messages = {0, o->in.quiet ? 0 : o->in.max_messages};
    nm_run_opts ro = {
        .threads = o->in.threads, .max_messages = messages.max, .out = o->out,
        .rules = &o->rules, .rules_path = o->rules_path, .distances_path = o->distances_path,
        .placements_path = o->placements_path,
        .scenarios = o->scenario_path ? &o->scenarios : NULL, .scenario_path = o->scenario_path,
        .cluster = o->cluster, .bootstrap = (unsigned)o->bootstrap,
        .frame_path = o->frame_path,
        .pool_by_cluster = o->pool_by_cluster, .mapping = o->in.mapping, .synonyms = o->in.synonyms, .nsynonyms = o->in.nsynonyms,
        .min_confidence = o->in.min_confidence, .lang = o->lang, .on_outdir = on_outdir,
        .on_input = on_input, .ctx = &messages,
        .timing = getenv("NEEDMAP_TIMING") ? stderr : NULL,
        .part_bytes = o->in.part_bytes, .hand_records = o->in.hand_records,
        .protection_set = o->protection >= 0, .protection = (double)o->protection};
    nm_run_result res;
    nm_error err;
    nm_status st = nm_run_pipeline(g, o->in.inputs.paths, o->in.inputs.n, o->outdir, &ro, &res,
                                   &err);
    nm_exit exit_code = reading_exit(&res);
    if ((uint64_t)messages.n < res.rejections && !o->in.quiet)
        fprintf(stderr, "needmap: note: %llu more rejection(s) not shown; all are in %s/rejects.csv\n",
                (unsigned long long)(res.rejections - (uint64_t)messages.n), o->outdir);
    if (st == NM_OK) {
        print_result(o, &res);
    } else {
        nm_error_print(&err, "error", stderr);
        exit_code = st == NM_ERR_OUTPUT ? nm_exit_worse(exit_code, NM_EXIT_OUTPUT)
                                        : nm_exit_for_status(st);
    }
    nm_run_result_free(&res);
    return exit_code;
}

/* Rules: defaults, then the rules file, then the options (--min-cohort for
 * every level, --enrolment-rate and the two per need type,
 * --viable-probability). */
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
        o->rules.enrol[NM_NEED_UPSKILLING] = o->rules.enrol[NM_NEED_INTEREST] = o->enrolment_rate;
    if (o->upskilling_enrolment > 0)
        o->rules.enrol[NM_NEED_UPSKILLING] = o->upskilling_enrolment;
    if (o->interest_enrolment > 0)
        o->rules.enrol[NM_NEED_INTEREST] = o->interest_enrolment;
    nm_rules_finish(&o->rules);
    if (o->viable_probability > 0)
        o->rules.viable_probability = o->viable_probability;
    o->rules.pool_seconds = (double)o->pool_time_limit;
    o->rules.pool_nodes = o->pool_nodes;
    if (st == NM_OK)
        st = nm_rules_check(&o->rules, &err);
    if (st == NM_OK && o->scenario_path) /* on the rules as the options left them */
        st = nm_scenarios_load(&o->scenarios, &o->rules, o->scenario_path, &err);
    if (st == NM_OK)
        return 0;
    nm_error_print(&err, "error", stderr);
    *exit_code = nm_exit_for_status(st);
    return -1;
}

int nm_cmd_run(int argc, char **argv)
{
    run_opts o = {.out = {.min_respondents = 3}, .bootstrap = NM_BOOTSTRAP_DEFAULT,
                  .protection = -1};
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
    nm_scenarios_free(&o.scenarios);
    nm_cli_ingest_free(&o.in);
    return r == 1 ? NM_EXIT_OK : r == -1 ? NM_EXIT_USAGE : exit_code;
}
