/* cli.h - shared pieces of the command-line front end (src/cli).
 *
 * One file per subcommand; each exports one nm_cmd_* entry point, listed in
 * the dispatch table in main.c.  Entry points return an nm_exit code.
 */
#ifndef NEEDMAP_CLI_H
#define NEEDMAP_CLI_H

#include <getopt.h>
#include <stdio.h>

#include "needmap/batch.h"
#include "needmap/exitcode.h"
#include "needmap/ingest.h"
#include "needmap/inputs.h"

typedef int (*nm_cmd_fn)(int argc, char **argv);

int nm_cmd_validate(int argc, char **argv);
int nm_cmd_inspect(int argc, char **argv);
int nm_cmd_run(int argc, char **argv);
int nm_cmd_help(int argc, char **argv);
int nm_cmd_audit(int argc, char **argv);

/* Print a command's help (from the table in help.c) to out. */
void nm_cli_print_help(const char *command, FILE *out);
/* Print "needmap: error: msg" and "try 'needmap CMD --help'"; returns
 * NM_EXIT_USAGE. */
int nm_cli_usage_error(const char *command, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Options every ingesting command takes. */
typedef struct nm_cli_ingest {
    const char *mapping;
    const char **synonyms;
    size_t nsynonyms;
    double min_confidence;
    int quiet;
    long max_messages;
    long threads;              /* --threads, 0 = one per core */
    const char *sheet;         /* --sheet: the sheet of every .xlsx input */
    nm_inputs inputs;
    /* Test knobs, from the environment (0: as a user's run; see nm_batch_opts):
     * NEEDMAP_PART_BYTES=N cuts every CSV file of more than N bytes into
     * parts (N >= 16; 0: never cut), NEEDMAP_HAND_RECORDS=N hands tables
     * over early once they hold N records. */
    uint64_t part_bytes;
    uint64_t hand_records;
} nm_cli_ingest;

enum {
    NM_OPT_MAPPING = 'm', NM_OPT_SYNONYMS = 's', NM_OPT_QUIET = 'q', NM_OPT_HELP = 'h',
    NM_OPT_MIN_CONFIDENCE = 1000, NM_OPT_MAX_MESSAGES, NM_OPT_REJECTS, NM_OPT_OUTPUT,
    NM_OPT_EXCEL, NM_OPT_MIN_RESPONDENTS, NM_OPT_INTERNAL, NM_OPT_THREADS,
    NM_OPT_RULES, NM_OPT_SCENARIO, NM_OPT_DISTANCES, NM_OPT_MIN_COHORT, NM_OPT_POOL_BY, NM_OPT_CLUSTERS,
    NM_OPT_CLUSTER_KMAX, NM_OPT_CLUSTER_RESAMPLES, NM_OPT_TAXONOMY_WEIGHT, NM_OPT_SEED, NM_OPT_RESPONDENT_WEIGHT,
    NM_OPT_ENROLMENT_RATE, NM_OPT_UPSKILLING_ENROLMENT, NM_OPT_INTEREST_ENROLMENT,
    NM_OPT_VIABLE_PROBABILITY, NM_OPT_SHEET, NM_OPT_LANG, NM_OPT_POOL_TIME_LIMIT,
    NM_OPT_POOL_NODES, NM_OPT_PUBLISH_FILE_NAMES, NM_OPT_BOOTSTRAP, NM_OPT_FRAME,
    NM_OPT_PLACEMENTS, NM_OPT_PROTECTION, NM_OPT_PUBLISH
};

#define NM_CLI_INGEST_LONGOPTS                                                  \
    {"mapping", required_argument, NULL, NM_OPT_MAPPING},                       \
    {"synonyms", required_argument, NULL, NM_OPT_SYNONYMS},                     \
    {"min-confidence", required_argument, NULL, NM_OPT_MIN_CONFIDENCE},         \
    {"quiet", no_argument, NULL, NM_OPT_QUIET},                                 \
    {"threads", required_argument, NULL, NM_OPT_THREADS},                       \
    {"sheet", required_argument, NULL, NM_OPT_SHEET},                           \
    {"help", no_argument, NULL, NM_OPT_HELP}

/* Defaults, and the test knobs from the environment. */
void nm_cli_ingest_init(nm_cli_ingest *o);
void nm_cli_ingest_free(nm_cli_ingest *o);

/* Handle one of the shared options (c from getopt_long).  Returns 1 if
 * handled, 0 if c is not shared, -1 after printing a usage error. */
int nm_cli_ingest_option(const char *command, nm_cli_ingest *o, int c, const char *arg);

/* Parse a whole number option value in [lo, hi]; -1 and a usage message
 * when it is not one. */
int nm_cli_parse_long(const char *command, const char *option, const char *arg, long lo,
                      long hi, long *out);

/* Parse a number option value in [0, 1]; -1 and a usage message if not. */
int nm_cli_parse_fraction(const char *command, const char *option, const char *arg,
                          double *out);

/* Expand the positional arguments into o->inputs (sorted by path when
 * sort is set), each file once (nm_inputs_drop_repeats).  What could not
 * be read below a directory, repeats and skipped output directories are
 * reported on stderr; an error makes *exit_code NM_EXIT_INPUT.  Returns -1
 * (usage error printed) if there are no arguments at all. */
int nm_cli_collect_inputs(const char *command, nm_cli_ingest *o, int argc, char **argv,
                          int first, int sort, int *exit_code);

/* Create the ingest context from the options; prints the error and returns
 * NULL on failure, with *exit_code set. */
nm_ingest *nm_cli_open_ingest(const nm_cli_ingest *o, int *exit_code);

/* Print a file-level error or warnings (fallback encoding) to stderr. */
void nm_cli_report_file_problems(const nm_file_report *rep);

/* Print an input's kept rejection messages as "needmap: error: ..." while
 * *shown < max, counting them in *shown. */
void nm_cli_print_messages(const nm_batch_item *item, long *shown, long max);

/* The rows/needs lines and the per-reason counts of one file. */
void nm_cli_print_accounting(const nm_file_report *rep, FILE *out);

/* "UTF-8, semicolon-separated" and the like, for reports. */
void nm_cli_describe_format(const nm_file_report *rep, FILE *out);

#endif
