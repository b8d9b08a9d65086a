/* write.h - stage 5: the planner outputs of `needmap run`.
 *
 * Each writer writes one whole file to a caller-owned FILE and owns
 * nothing.  Published values come only from the demand table and the
 * reference data: no input text except normalised labels reaches a file.
 * A suppressed cell (the table's nm_suppression) shows `..` for every
 * figure, its respondents included (null in JSON), and its "suppressed"
 * column says only "yes": neither its size nor whether it was hidden for
 * itself (primary) or for another (secondary) is published.  With
 * --internal nothing is suppressed; were a cell hidden there, it would keep
 * its "primary"/"secondary" (nm_suppressed_word).
 */
#ifndef NEEDMAP_WRITE_H
#define NEEDMAP_WRITE_H

#include <stdio.h>

#include "needmap/buf.h"
#include "needmap/demand.h"
#include "needmap/pool.h"
#include "needmap/ingest.h"
#include "needmap/privacy.h"
#include "needmap/rank.h"
#include "needmap/refdata.h"
#include "needmap/scenario.h"

typedef struct nm_output_opts {
    int excel;                  /* Swedish Excel CSV: ';', BOM, decimal comma,
                                   codes kept as text (nm_csvw_code) */
    int internal;               /* no suppression; every file says so */
    unsigned min_respondents;   /* --min-respondents as given (the k applied
                                   is the suppression's: 0 when internal) */
    int publish_file_names;     /* --publish-file-names: inputs are named with
                                   their base name too (nm_input_label) */
    unsigned publish;           /* --publish: nm_publish bits (privacy.h); 0 =
                                   municipality and full SSYK detail */
} nm_output_opts;

/* How published files (summary.json, rejects.csv, the report, the
 * workbook) name input i (0-based, in needmap's sorted input order) read
 * from path: "input 3" (1-based), never its path, which can hold a name, a
 * phone number or an e-mail address; with publish_file_names
 * "input 3 (svar.csv)", the base name and never a directory; with internal
 * the path as given.  Returns path, or buf (size bytes; at least
 * NM_INPUT_LABEL_SIZE keeps a whole base name). */
enum { NM_INPUT_LABEL_SIZE = 300 };
const char *nm_input_label(const nm_output_opts *o, size_t i, const char *path, char *buf,
                           size_t size);
/* The part of path after its last '/'. */
const char *nm_input_base_name(const char *path);
/* How a published file names one of the analyst's own files (--mapping,
 * --synonyms, --rules, --distances, --scenario): its base name, never the
 * directory, which can hold a person's name; the path with --internal. */
const char *nm_config_name(const char *path, int internal);

/* What summary.json says about the run besides the tables. */
typedef struct nm_run_facts {
    const char *mapping;              /* mapping file or NULL */
    const char *const *synonyms;      /* analyst synonyms files */
    size_t nsynonyms;
    double min_confidence;
    const nm_file_report *files;      /* one per input, in input order */
    size_t nfiles;
    const nm_suppression *suppression; /* flags, the k applied, counts (required) */
    uint64_t fuzzy_texts;             /* distinct texts matched approximately */
    uint64_t unclassified_texts;      /* distinct texts left unclassified */
    uint64_t number_texts;            /* distinct texts with a count written into them */
    const nm_rules *rules;            /* pooling rules used */
    const char *rules_path;           /* rules file or NULL */
    const char *distances_path;       /* distance file or NULL */
    const char *placements_path;      /* placements file or NULL */
    const nm_pool *pool;              /* cohorts and residual */
    const nm_scenarios *scenarios;    /* --scenario's, or NULL */
    const char *scenario_path;        /* its file, or NULL */
    const nm_scenario_figures *scenario_figures; /* scenarios->n + 1: the run's own
                                         options first, then each scenario's */
    const struct nm_clusters *clusters; /* competence clusters, or NULL */
    const struct nm_frame *frame;     /* --frame's strata with their respondents, or NULL */
    const struct nm_weighting *weighting; /* what the frame did (frame != NULL) */
    uint64_t rejections;              /* rows of rejects.csv */
    const struct nm_dc_summary *disclosure; /* the audit and what is hidden, or NULL */
} nm_run_facts;

/* The counts every output states (the console line, summary.json, the
 * report and the workbook): one function makes them, so they agree. */
typedef struct nm_run_counts {
    uint64_t inputs;                  /* inputs named (files read or not) */
    uint64_t rows_read, rows_accepted, rows_rejected, rows_skipped;
    uint64_t needs_accepted, needs_rejected;
    uint64_t rejections;              /* rows of rejects.csv */
    uint64_t cells, cells_hidden;     /* demand.csv rows; hidden (primary + secondary) */
    uint64_t cohorts, cohorts_hidden; /* viable cohorts (cohorts.csv rows); those
                                         whose figures are hidden */
    uint64_t groups;                  /* competence x level x mode groups pooled */
    uint64_t residual, residual_hidden; /* residual.csv rows; hidden ones */
    uint64_t clusters;                /* competence clusters */
    uint64_t open_groups;             /* groups with jobs but no cohort: open
                                         admission needed */
    uint64_t cohorts_level_inferred;  /* cohorts whose level was (partly) inferred */
    uint64_t cohorts_mode_assumed;    /* cohorts whose mode was (partly) assumed */
} nm_run_counts;

/* Fill *out from the facts (pool and clusters may be NULL: zeros). */
void nm_run_counts_get(const nm_run_facts *f, nm_run_counts *out);

void nm_write_demand_csv(FILE *f, const nm_demand *d, const nm_suppression *s,
                         const nm_refdata *ref, const nm_output_opts *o);
void nm_write_ranking_csv(FILE *f, const nm_demand *d, const nm_suppression *s,
                          const nm_rankings *r, const nm_refdata *ref,
                          const nm_output_opts *o);
/* cohorts.csv: viable cohorts, ranked; residual.csv: demand left over,
 * each row with the reason it is in no cohort, in English words (the
 * rules pooled by: the reach it names). */
void nm_write_cohorts_csv(FILE *f, const nm_pool *p, const nm_rules *rules,
                          const nm_refdata *ref, const nm_output_opts *o);
void nm_write_residual_csv(FILE *f, const nm_pool *p, const nm_rules *rules,
                           const nm_refdata *ref, const nm_output_opts *o);
/* The plain-words statement of a group with jobs but no cohort (pool.h
 * nm_open_group), in Swedish (sv != 0) or English, appended to b: its
 * published figures only. */
void nm_open_reason(nm_buf *b, const nm_open_group *o, int sv);

/* scenarios.csv: the run's own options ("base") and each scenario's,
 * side by side (facts->scenarios must be set). */
void nm_write_scenarios_csv(FILE *f, const nm_run_facts *facts, const nm_output_opts *o);

/* The "suppressed" column's word for a flag: "" when published; "yes" in
 * a published file; "primary" or "secondary" with internal = 1. */
const char *nm_suppressed_word(nm_suppress flag, int internal);

/* Add a cell's published values to a JSON object (nulls when it is hidden,
 * respondents included): demand, demand_low, demand_high,
 * needs_without_count, needs, respondents, suppressed
 * (nm_suppressed_word).  j is a cJSON object (declared void to keep cJSON
 * out). */
void nm_json_add_cell_values(void *j, const nm_cell *c, nm_suppress flag, int unknown_hidden,
                             int internal);

/* Add the members of a rules file to a JSON object (every value: levels,
 * factors, reach_km, enrolment_rate, max_locations, viable_probability). */
void nm_json_add_rules(void *j, const nm_rules *r);

/* summary.json's "scenarios": the file and, per row of scenarios.csv, the
 * name, rules, modes and figures (a cJSON object, the caller's). */
void *nm_scenarios_json(const nm_run_facts *f, int internal);

/* summary.json: version, options, inputs with size and SHA-256, row
 * accounting, totals, rankings (top 10 per list), privacy (from
 * facts->suppression) and warnings. */
void nm_write_summary_json(FILE *f, const nm_run_facts *facts, const nm_demand *d,
                           const nm_rankings *r, const nm_refdata *ref,
                           const nm_output_opts *o);

#endif
