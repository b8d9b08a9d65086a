/* common.c - options and reporting shared by the ingesting commands. */
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <stdint.h>
#include <string.h>

#include "cli.h"
#include "needmap/alloc.h"
#include "needmap/batch.h"
#include "needmap/buf.h"
#include "needmap/competence.h"

int nm_cli_usage_error(const char *command, const char *fmt, ...)
{
    va_list ap;
    fputs("needmap: error: ", stderr);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    if (command)
        fprintf(stderr, "\nTry 'needmap %s --help'.\n", command);
    else
        fputs("\nTry 'needmap --help'.\n", stderr);
    return NM_EXIT_USAGE;
}

/* A whole number from the environment; 0 when name is unset or not a
 * number. */
static int env_number(const char *name, unsigned long long *v)
{
    const char *e = getenv(name);
    char *end;
    if (!e || !*e)
        return 0;
    *v = strtoull(e, &end, 10);
    return !*end;
}

void nm_cli_ingest_init(nm_cli_ingest *o)
{
    unsigned long long v;
    memset(o, 0, sizeof *o);
    o->min_confidence = NM_DEFAULT_MIN_CONFIDENCE;
    o->max_messages = 20;
    if (env_number("NEEDMAP_PART_BYTES", &v) && (v == 0 || v >= 16))
        o->part_bytes = v ? v : NM_BATCH_WHOLE;
    if (env_number("NEEDMAP_HAND_RECORDS", &v))
        o->hand_records = v;
}

void nm_cli_ingest_free(nm_cli_ingest *o)
{
    free(o->synonyms);
    nm_inputs_free(&o->inputs);
}

int nm_cli_parse_long(const char *command, const char *option, const char *arg, long lo,
                      long hi, long *out)
{
    char *end;
    errno = 0;
    long v = strtol(arg, &end, 10);
    if (errno || end == arg || *end || v < lo || v > hi) {
        nm_cli_usage_error(command, "--%s takes a whole number from %ld to %ld, not '%s'",
                           option, lo, hi, arg);
        return -1;
    }
    *out = v;
    return 0;
}

int nm_cli_parse_fraction(const char *command, const char *option, const char *arg,
                          double *out)
{
    char *end;
    double v = strtod(arg, &end);
    if (end == arg || *end || !(v >= 0 && v <= 1)) {
        nm_cli_usage_error(command, "--%s takes a number from 0 to 1, not '%s'", option, arg);
        return -1;
    }
    *out = v;
    return 0;
}

int nm_cli_ingest_option(const char *command, nm_cli_ingest *o, int c, const char *arg)
{
    char *end;
    switch (c) {
    case NM_OPT_MAPPING:
        o->mapping = arg;
        return 1;
    case NM_OPT_SYNONYMS:
        o->synonyms = nm_reallocarray(o->synonyms, o->nsynonyms + 1, sizeof *o->synonyms);
        o->synonyms[o->nsynonyms++] = arg;
        return 1;
    case NM_OPT_MIN_CONFIDENCE:
        o->min_confidence = strtod(arg, &end);
        if (end == arg || *end || !(o->min_confidence > 0 && o->min_confidence <= 1)) {
            nm_cli_usage_error(command, "--min-confidence takes a number above 0 and at "
                                        "most 1, not '%s'", arg);
            return -1;
        }
        return 1;
    case NM_OPT_QUIET:
        o->quiet = 1;
        return 1;
    case NM_OPT_SHEET:
        o->sheet = arg;
        return 1;
    case NM_OPT_THREADS:
        return nm_cli_parse_long(command, "threads", arg, 1, 256, &o->threads) == 0 ? 1 : -1;
    default:
        return 0;
    }
}

static int by_string(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

int nm_cli_collect_inputs(const char *command, nm_cli_ingest *o, int argc, char **argv,
                          int first, int sort, int *exit_code)
{
    if (first >= argc) {
        nm_cli_usage_error(command, "no input: name survey files, directories or - "
                                    "for standard input");
        return -1;
    }
    /* with sort, the arguments too: which of two ways to one directory
     * is walked must not depend on the naming order either */
    size_t n = (size_t)(argc - first);
    char **args = nm_calloc(n, sizeof *args);
    memcpy(args, argv + first, n * sizeof *args);
    if (sort)
        qsort(args, n, sizeof *args, by_string);
    for (size_t i = 0; i < n; i++)
        nm_inputs_add(&o->inputs, args[i]);
    free(args);
    if (sort)
        nm_inputs_sort(&o->inputs);
    nm_inputs_drop_repeats(&o->inputs);
    for (size_t i = 0; i < o->inputs.nproblems; i++) {
        const nm_input_problem *p = &o->inputs.problems[i];
        nm_error_print(&p->err, nm_input_level_name(p->level), stderr);
        if (p->level == NM_INPUT_ERROR)
            *exit_code = nm_exit_worse(*exit_code, NM_EXIT_INPUT);
    }
    return 0;
}

nm_ingest *nm_cli_open_ingest(const nm_cli_ingest *o, int *exit_code)
{
    nm_ingest_opts opts = {o->mapping, o->synonyms, o->nsynonyms, o->min_confidence,
                           o->sheet};
    nm_ingest *g = NULL;
    nm_error err;
    nm_error_clear(&err);
    nm_status st = nm_ingest_new(&opts, &g, &err);
    if (st != NM_OK) {
        nm_error_print(&err, "error", stderr);
        *exit_code = nm_exit_for_status(st);
        return NULL;
    }
    return g;
}

void nm_cli_report_file_problems(const nm_file_report *rep)
{
    if (rep->status != NM_OK)
        nm_error_print(&rep->error, "error", stderr);
    if (rep->status != NM_OK && rep->explain)
        fputs(rep->explain, stderr);
    for (size_t i = 0; i < rep->nwarnings; i++)
        nm_error_print(&rep->warnings[i], "warning", stderr);
    if (rep->info.dec.fallback_bytes) {
        nm_error w;
        nm_error_set(&w, NM_ERR_INPUT, rep->path, rep->info.dec.fallback_line, 0,
                     "%llu byte(s) that are not valid UTF-8 were read as Windows-1252; "
                     "check the text of that row",
                     (unsigned long long)rep->info.dec.fallback_bytes);
        nm_error_print(&w, "warning", stderr);
    }
    for (size_t i = 0; i < rep->nreview; i++) { /* never silently */
        const nm_review_item *it = &rep->review[i];
        if (it->comp.note != NM_COMP_NOTE_NUMBER)
            continue;
        nm_error w;
        nm_error_set(&w, NM_ERR_INPUT, rep->path, it->line, it->col,
                     "a number in the occupation text '%s': read without it (as %s); is a "
                     "count in the wrong column? (%llu row%s)",
                     it->text, it->comp.ssyk[0] ? it->comp.ssyk : "unclassified",
                     (unsigned long long)it->uses, it->uses == 1 ? "" : "s");
        nm_error_print(&w, "warning", stderr);
    }
}

void nm_cli_describe_format(const nm_file_report *rep, FILE *out)
{
    const nm_read_info *i = &rep->info;
    if (i->format == NM_FORMAT_JSON) {
        fprintf(out, "JSON, %s", nm_encoding_name(i->dec.enc));
        if (i->json_path[0])
            fprintf(out, ", records at %s", i->json_path);
        return;
    }
    if (i->format == NM_FORMAT_XLSX) {
        fputs("Excel workbook", out);
        if (i->sheet[0])
            fprintf(out, ", sheet '%s' (%u of %u)", i->sheet, i->sheet_no, i->nsheets);
        return;
    }
    fprintf(out, "CSV, %s, %s-separated%s", nm_encoding_name(i->dec.enc),
            nm_delimiter_name(i->delimiter), i->sep_line ? " (sep= line)" : "");
}

void nm_cli_print_messages(const nm_batch_item *item, long *shown, long max)
{
    for (size_t k = 0; k < item->nmessages && *shown < max; k++, (*shown)++)
        fprintf(stderr, "needmap: error: %s\n", item->messages[k]);
}
