/* scenario.h - stage 4b: named option sets to pool the same demand by
 * (--scenario FILE), and what each one gives, side by side.
 *
 * A scenario file is one JSON object:
 *
 *   {"comment": "...",
 *    "scenarios": {
 *      "as run":        {},
 *      "bigger YH":     {"levels": {"yh": {"min": 30, "max": 40}}},
 *      "distance only": {"modes": ["distance"], "enrolment_rate": 0.4}}}
 *
 * Each scenario overlays the run's own rules (defaults, --rules, the
 * options) with the members of a rules file (rules.h: levels, factors,
 * reach_km, enrolment_rate, viable_probability, max_locations, comment)
 * and "modes", the delivery modes it pools (default: all).  Errors are
 * the rules file's: NM_ERR_CONFIG naming the file and the scenario.
 *
 * Ownership: nm_scenarios_load fills an nm_scenarios freed with
 * nm_scenarios_free (a zeroed one too).  nm_scenario_figures is a plain
 * value.
 */
#ifndef NEEDMAP_SCENARIO_H
#define NEEDMAP_SCENARIO_H

#include <stddef.h>
#include <stdint.h>

#include "needmap/pool.h"
#include "needmap/rules.h"
#include "needmap/status.h"

enum { NM_SCENARIO_NAME_MAX = 64, NM_SCENARIOS_MAX = 50 };

typedef struct nm_scenario {
    char name[NM_SCENARIO_NAME_MAX]; /* the file's key: printable, unique */
    nm_rules rules;                  /* the run's rules with the overlay (checked) */
    unsigned modes;                  /* bit 1 << nm_mode per mode pooled */
} nm_scenario;

typedef struct nm_scenarios {
    nm_scenario *list;               /* in the file's order (owned) */
    size_t n;
} nm_scenarios;

/* All modes: the run's own options. */
#define NM_SCENARIO_ALL_MODES ((1u << NM_MODE_N) - 1)

/* Read path: every scenario overlaid on base.  NM_ERR_CONFIG with the
 * file, the scenario and the member named in err; *out is then empty. */
nm_status nm_scenarios_load(nm_scenarios *out, const nm_rules *base, const char *path,
                            nm_error *err);
void nm_scenarios_free(nm_scenarios *s);

/* A scenario's additive totals, in the order of its row: each a figure of
 * the disclosure model (disclosure.h, table "scenarios", part = this
 * index), published or hidden on its own. */
enum {
    NM_SCENARIO_UPSKILLING,          /* upskilling_students */
    NM_SCENARIO_INTEREST,            /* interest_students */
    NM_SCENARIO_EXPECTED,            /* expected_enrolment */
    NM_SCENARIO_RESIDUAL_UPSKILLING, /* residual_upskilling */
    NM_SCENARIO_RESIDUAL_INTEREST,   /* residual_interest */
    NM_SCENARIO_TOTALS
};

/* What one scenario gives.  Its totals add up every cohort and residual
 * row of its modes, hidden or not: each is a figure of the disclosure
 * model (a sum of detail cells with the pooling's weights), which the
 * joint suppression hides (hidden[]) only when it would narrow a hidden
 * figure.  P(viable) is no sum: its mean and lowest are over the cohorts
 * whose own figures would be published (neither too few respondents nor
 * the cells of a row cohorts.csv or residual.csv hides, nm_dc_hide_like).
 * Counts of rows count every row, as cohorts.csv and residual.csv list
 * every row. */
typedef struct nm_scenario_figures {
    uint64_t groups;                 /* competence x level x mode groups pooled */
    uint64_t cohorts, cohorts_hidden; /* viable cohorts; those with hidden figures */
    double upskilling, interest;     /* students in its cohorts, each kind apart
                                        (no figure adds need types) */
    double expected;                 /* their expected enrolment */
    double p_viable_mean, p_viable_min; /* over published cohorts (0 when none) */
    uint64_t residual, residual_hidden; /* residual rows; hidden ones */
    double residual_upskilling, residual_interest; /* students in its residual rows */
    uint8_t hidden[NM_SCENARIO_TOTALS]; /* 1: that total is hidden (`..`, null) */
} nm_scenario_figures;

/* The total i of f (NM_SCENARIO_UPSKILLING ...). */
double nm_scenario_total(const nm_scenario_figures *f, int i);

/* The figures of p counting only groups whose mode is in modes. */
void nm_scenario_figures_of(const nm_pool *p, unsigned modes, nm_scenario_figures *out);

#endif
