/* validate.c - `needmap validate`: read exports, account for every row,
 * list rejections and the matches an analyst should review. */
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli.h"
#include "needmap/alloc.h"
#include "needmap/batch.h"
#include "needmap/competence.h"
#include "needmap/output.h"
#include "needmap/review.h"

typedef struct totals {
    uint64_t files, files_failed, rows, accepted, rejected, skipped;
    uint64_t needs, needs_rejected, needs_unknown, rejections;
    double demand;
} totals;

typedef struct validate_ctx {
    nm_atomic rejects;       /* --rejects file, f == NULL if none */
    nm_csvw csv;             /* writes to rejects.f */
    long max_messages;
    long shown;
    uint64_t rejections;
    uint64_t needs_unknown;
} validate_ctx;

/* Count one rejection and write it to the --rejects file. */
static void on_reject(void *ctx, const nm_reject *r)
{
    validate_ctx *c = ctx;
    c->rejections++;
    if (c->rejects.f)
        nm_rejects_row(&c->csv, r);
}

static void print_reasons(const nm_file_report *rep, FILE *out)
{
    for (int r = 0; r < NM_REASON_N; r++) {
        if (!rep->reasons[r])
            continue;
        fprintf(out, "    %-8s %6llu  %s\n", r < NM_FIRST_SKIP ? "rejected" : "skipped",
                (unsigned long long)rep->reasons[r], nm_reason_text((nm_reason)r));
    }
    for (int n = 0; n < NM_NOTE_N; n++)
        if (rep->notes[n])
            fprintf(out, "    %-8s %6llu  %s\n", "note", (unsigned long long)rep->notes[n],
                    nm_note_text((nm_note)n));
}


void nm_cli_print_accounting(const nm_file_report *rep, FILE *out)
{
    fprintf(out, "  rows     %llu read: %llu accepted, %llu rejected, %llu skipped\n",
            (unsigned long long)rep->rows_read, (unsigned long long)rep->rows_accepted,
            (unsigned long long)rep->rows_rejected, (unsigned long long)rep->rows_skipped);
    fprintf(out, "  needs    %llu accepted, %llu rejected\n",
            (unsigned long long)rep->needs_accepted, (unsigned long long)rep->needs_rejected);
    print_reasons(rep, out);
}

static void print_file(const nm_file_report *rep, FILE *out)
{
    fprintf(out, "%s\n", rep->path);
    if (rep->info.decoded) {
        fputs("  format   ", out);
        nm_cli_describe_format(rep, out);
        if (rep->header_line && rep->info.format == NM_FORMAT_JSON)
            fprintf(out, ", %s layout", rep->columns.wide ? "wide" : "long");
        else if (rep->header_line)
            fprintf(out, ", header on %s %llu, %s layout",
                    rep->info.format == NM_FORMAT_XLSX ? "row" : "line",
                    (unsigned long long)rep->header_line, rep->columns.wide ? "wide" : "long");
        fputc('\n', out);
    }
    if (rep->mapping)
        fprintf(out, "  mapping  %s\n", rep->mapping);
    if (rep->status != NM_OK)
        fprintf(out, "  status   not read completely: %s\n", rep->error.msg);
    nm_cli_print_accounting(rep, out);
}

static void add_totals(totals *t, const nm_file_report *rep)
{
    t->files++;
    t->files_failed += rep->status != NM_OK;
    t->rows += rep->rows_read;
    t->accepted += rep->rows_accepted;
    t->rejected += rep->rows_rejected;
    t->skipped += rep->rows_skipped;
    t->needs += rep->needs_accepted;
    t->needs_rejected += rep->needs_rejected;
    t->demand += rep->demand_known;
}

/* Up to three readings of an unclassified text, for the analyst to pick. */
static void print_candidates(const char *text, nm_comp_matcher *m)
{
    nm_competence cand[3];
    size_t n = nm_comp_candidates(m, text, cand, NULL, 3);
    for (size_t k = 0; k < n; k++) {
        const char *label = nm_comp_label(m, cand[k].ssyk);
        printf("      %s %s %s (%s, confidence %.2f)\n", k ? "  or" : "perhaps", cand[k].ssyk,
               label ? label : "",
               cand[k].rule ? nm_comp_rule_text(cand[k].rule) : "a listed title",
               cand[k].confidence);
    }
}

static void print_review(const nm_review *rv, nm_comp_matcher *m)
{
    if (!rv->n)
        return;
    printf("\nto review: %zu text%s matched approximately, left unclassified or with a note\n",
           rv->n, rv->n == 1 ? "" : "s");
    printf("  (add a synonyms file with --synonyms to fix any of them)\n");
    for (size_t i = 0; i < rv->n; i++) {
        const nm_review_item *it = &rv->items[i];
        const nm_competence *c = &it->comp;
        const char *note = c->note ? nm_comp_note_text(c->note) : NULL;
        printf("  \"%s\" -> ", it->text);
        if (c->how == NM_MATCH_UNCLASSIFIED) {
            printf("unclassified (%s%s%llu use%s)\n", note ? note : "", note ? "; " : "",
                   (unsigned long long)it->uses, it->uses == 1 ? "" : "s");
            print_candidates(it->text, m);
            continue;
        }
        const char *label = c->label ? c->label : nm_comp_label(m, c->ssyk);
        printf("%s%s%s (", c->ssyk, c->ssyk[0] && label ? " " : "", label ? label : "");
        if (c->how == NM_MATCH_FUZZY)
            printf("%s%sconfidence %.2f, ", nm_comp_rule_text(c->rule), c->rule ? "; " : "",
                   c->confidence);
        if (note)
            printf("%s; ", note);
        printf("%llu use%s)\n", (unsigned long long)it->uses, it->uses == 1 ? "" : "s");
    }
}

static void print_totals(const totals *t, const validate_ctx *c)
{
    printf("\ntotal: %llu file%s (%llu not read completely), %llu row%s read: %llu accepted, "
           "%llu rejected, %llu skipped\n",
           (unsigned long long)t->files, t->files == 1 ? "" : "s",
           (unsigned long long)t->files_failed, (unsigned long long)t->rows,
           t->rows == 1 ? "" : "s",
           (unsigned long long)t->accepted, (unsigned long long)t->rejected,
           (unsigned long long)t->skipped);
    printf("       %llu need%s accepted (%llu without a number, %.15g people counted), "
           "%llu rejected\n",
           (unsigned long long)t->needs, t->needs == 1 ? "" : "s",
           (unsigned long long)c->needs_unknown, t->demand,
           (unsigned long long)t->needs_rejected);
}

/* --rejects FILE is written beside FILE and renamed over it: a link or a
 * special file there (a device, a pipe) would be replaced, not written
 * to.  1 (and a usage error printed) when FILE exists and is no regular
 * file. */
static int rejects_not_a_file(const char *path)
{
    struct stat st;
    if (lstat(path, &st) != 0 || S_ISREG(st.st_mode))
        return 0;
    const char *kind = S_ISLNK(st.st_mode)    ? "a symbolic link"
                       : S_ISDIR(st.st_mode)  ? "a directory"
                       : S_ISCHR(st.st_mode)  ? "a character device"
                       : S_ISBLK(st.st_mode)  ? "a block device"
                       : S_ISFIFO(st.st_mode) ? "a named pipe"
                       : S_ISSOCK(st.st_mode) ? "a socket"
                                              : "not a regular file";
    nm_cli_usage_error("validate", "--rejects %s: %s, not a regular file; name a new file or "
                       "a regular one (it is replaced whole)", path, kind);
    return 1;
}

static int parse_args(int argc, char **argv, nm_cli_ingest *o, const char **rejects_path)
{
    static const struct option longopts[] = {
        NM_CLI_INGEST_LONGOPTS,
        {"rejects", required_argument, NULL, NM_OPT_REJECTS},
        {"max-messages", required_argument, NULL, NM_OPT_MAX_MESSAGES},
        {NULL, 0, NULL, 0}};
    int c;
    while ((c = getopt_long(argc, argv, "m:s:qh", longopts, NULL)) != -1) {
        int r = nm_cli_ingest_option("validate", o, c, optarg);
        if (r < 0)
            return -1;
        if (r > 0)
            continue;
        if (c == NM_OPT_HELP) {
            nm_cli_print_help("validate", stdout);
            return 1;
        } else if (c == NM_OPT_REJECTS) {
            if (rejects_not_a_file(optarg))
                return -1;
            *rejects_path = optarg;
        } else if (c == NM_OPT_MAX_MESSAGES) {
            if (nm_cli_parse_long("validate", "max-messages", optarg, 0, 1000000000L,
                                  &o->max_messages) != 0)
                return -1;
        } else {
            nm_cli_usage_error("validate", "unknown option");
            return -1;
        }
    }
    return 0;
}

int nm_cmd_validate(int argc, char **argv)
{
    nm_cli_ingest o;
    const char *rejects_path = NULL;
    int exit_code = NM_EXIT_OK;
    nm_cli_ingest_init(&o);
    int r = parse_args(argc, argv, &o, &rejects_path);
    if (r == 0 && nm_cli_collect_inputs("validate", &o, argc, argv, optind, 0, &exit_code) < 0)
        r = -1;
    nm_ingest *g = r == 0 ? nm_cli_open_ingest(&o, &exit_code) : NULL;
    if (!g) {
        nm_cli_ingest_free(&o);
        return r > 0 ? NM_EXIT_OK : r < 0 ? NM_EXIT_USAGE : exit_code;
    }
    validate_ctx ctx = {.max_messages = o.quiet ? 0 : o.max_messages};
    nm_error err;
    if (rejects_path) {
        if (nm_atomic_open(&ctx.rejects, rejects_path, &err) != NM_OK) {
            nm_error_print(&err, "error", stderr);
            nm_ingest_free(g);
            nm_cli_ingest_free(&o);
            return NM_EXIT_OUTPUT;
        }
        nm_csvw_init(&ctx.csv, ctx.rejects.f, 0, 0);
        nm_rejects_header(&ctx.csv);
    }
    totals t = {0};
    nm_review review = {0};
    printf("needmap validate: %zu input%s\n", o.inputs.n, o.inputs.n == 1 ? "" : "s");
    nm_batch_item *items = nm_calloc(o.inputs.n ? o.inputs.n : 1, sizeof *items);
    nm_batch_opts bo = {ctx.max_messages, NULL, NULL, NULL, o.part_bytes, o.hand_records};
    nm_threads threads = nm_threads_of(o.threads);
    nm_batch_read(g, o.inputs.paths, o.inputs.n, &threads, &bo, items);
    for (size_t i = 0; i < o.inputs.n; i++) {
        nm_batch_item *it = &items[i];
        nm_batch_each_reject(it, on_reject, &ctx);
        nm_cli_print_messages(it, &ctx.shown, ctx.max_messages);
        nm_cli_report_file_problems(&it->report);
        putchar('\n');
        print_file(&it->report, stdout);
        add_totals(&t, &it->report);
        ctx.needs_unknown += it->report.needs_unknown;
        nm_review_add(&review, &it->report);
        if (it->report.status != NM_OK)
            exit_code = nm_exit_worse(exit_code, nm_exit_for_status(it->report.status));
        nm_batch_item_free(it);
    }
    free(items);
    if ((uint64_t)ctx.shown < ctx.rejections && !o.quiet)
        fprintf(stderr, "needmap: note: %llu more rejection(s) not shown; --rejects FILE "
                        "writes them all\n",
                (unsigned long long)(ctx.rejections - (uint64_t)ctx.shown));
    print_review(&review, nm_ingest_matcher(g));
    nm_review_free(&review);
    print_totals(&t, &ctx);
    if (ctx.rejections)
        exit_code = nm_exit_worse(exit_code, NM_EXIT_REJECTS);
    if (ctx.rejects.f && nm_atomic_commit(&ctx.rejects, &err) != NM_OK) {
        nm_error_print(&err, "error", stderr);
        exit_code = nm_exit_worse(exit_code, NM_EXIT_OUTPUT);
    }
    nm_ingest_free(g);
    nm_cli_ingest_free(&o);
    return exit_code;
}
