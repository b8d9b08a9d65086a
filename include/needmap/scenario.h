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

/* What one scenario gives, as published: figures come from cohorts and
 * residual rows whose own figures are published only (a hidden cohort's
 * students are in no total, so no total minus published cohorts reveals
 * them); counts of rows count every row, as cohorts.csv and residual.csv
 * list every row. */
typedef struct nm_scenario_figures {
    uint64_t groups;                 /* competence x level x mode groups pooled */
    uint64_t cohorts, cohorts_hidden; /* viable cohorts; those with hidden figures */
    double upskilling, interest;     /* students in published cohorts, each kind
                                        apart (no figure adds need types) */
    double expected;                 /* their expected enrolment */
    double p_viable_mean, p_viable_min; /* over published cohorts (0 when none) */
    uint64_t residual, residual_hidden; /* residual rows; hidden ones */
    double residual_upskilling, residual_interest; /* students in published residual rows */
} nm_scenario_figures;

/* The figures of p counting only groups whose mode is in modes. */
void nm_scenario_figures_of(const nm_pool *p, unsigned modes, nm_scenario_figures *out);

#endif
