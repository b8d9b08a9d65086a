/* disclosure.h - one model of every published figure, the audit that
 * proves no hidden figure can be worked out from them, and the joint
 * secondary suppression that makes the audit pass.
 *
 * The model.  The variables are the demand table's detail cells (their
 * point demand, in people, never negative).  Every figure a run publishes
 * is a sum of detail cells with known weights: a demand-table cell (a
 * detail cell is itself; a roll-up adds its detail cells; ranking.csv and
 * the report repeat these cells), a cohort's, residual row's or open
 * group's students by need type, their expected enrolment (each need
 * type at its enrolment factor) and their jobs, and a scenario's totals
 * (scenarios.csv: every cohort's and residual row of its pooling added
 * up, nm_dc_model_add_scenario).  Figures that are
 * published or hidden together form a unit (a demand cell; a cohort's
 * student figures; its jobs).  The model is built once from the finished
 * table and the pooling (nm_dc_model_build), so a new output that
 * publishes such a figure joins it by adding its unit there.
 *
 * Kinds (nm_dc_kind).  A cell's other additive columns (demand_low,
 * demand_high, needs, needs_without_count) are figures of other kinds:
 * the same terms over the detail cells' figures of that kind, in the
 * cell's unit (needs_without_count in a unit of its own, part 1, hidden
 * whenever the cell is, so it can be hidden alone).  Kinds share units,
 * not variables: nm_dc_audit_all and nm_dc_protect_all solve each kind
 * as a model of its own.  A count of needs that is 0 needs no protection.
 *
 * Publication level (--publish, privacy.h).  A demand cell that is not a
 * row of the published tables at the run's level (a municipality's cell
 * under county, a 4-digit SSYK group under ssyk3) is an unlisted unit:
 * hidden (it constrains nothing), audited when it has too few respondents
 * (its figure keeps its terms), and otherwise a figure with no terms:
 * nothing of it is published, so nothing is to be protected.  Cohorts,
 * residual rows and open groups are pooled from the detail cells and stay
 * published figures at every level; only the audit constrains them.
 *
 * The audit (nm_dc_audit).  For every hidden figure, the smallest and
 * largest value it can take subject to every published figure and
 * non-negativity: linear programs (COIN-OR Clp), per connected component
 * of hidden cells, warm-started from the last.  Every solution is a point
 * the published figures allow: batches (one program pushing many figures
 * apart) show most figures protected, and only the rest get their own
 * min and max programs.  A hidden figure
 * of value v is protected when its interval reaches v - max(1, p% of v)
 * (or 0) below and v + max(1, p% of v) above.  Without the true values (a
 * published directory, needmap audit), a figure is protected when its
 * interval [lo, hi] is at least max(1, p% of lo) wide, which every
 * figure protected by the first test is.
 *
 * Joint suppression (nm_dc_protect): audit; for every figure narrowed
 * too far, hide the cheapest published unit in the relations that bind
 * it (cost 1 + its value in people: the fewest and least valuable
 * figures); audit again, until none is narrowed.  Sequential and
 * deterministic.
 *
 * An nm_dc_model is owned by the caller: nm_dc_model_free (NULL and a
 * zeroed model are no-ops).  It borrows nothing.
 */
#ifndef NEEDMAP_DISCLOSURE_H
#define NEEDMAP_DISCLOSURE_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "needmap/cluster.h"
#include "needmap/demand.h"
#include "needmap/pool.h"
#include "needmap/privacy.h"
#include "needmap/scenario.h"
#include "needmap/status.h"

/* Protection in percent of a hidden figure's value (at least 1 person). */
#define NM_DC_DEFAULT_PROTECTION 10.0

typedef enum nm_dc_table {
    NM_DC_DEMAND,     /* demand.csv (and ranking.csv, the report): row = cell */
    NM_DC_COHORT,     /* cohorts.csv: row = cohort; part 0 students, 1 jobs */
    NM_DC_RESIDUAL,   /* residual.csv: row = residual row */
    NM_DC_OPEN,       /* open-admission groups (report, summary.json) */
    NM_DC_CLUSTER,    /* clusters.csv totals: row = cluster, part = need type */
    NM_DC_SCENARIO,   /* scenarios.csv totals: row = its row (0 base), part =
                         the total (NM_SCENARIO_UPSKILLING ...) */
    NM_DC_TABLES
} nm_dc_table;

typedef struct nm_dc_unit {   /* figures published or hidden together */
    uint8_t table;            /* nm_dc_table */
    uint8_t part;             /* 0: the figure(s) of the row; 1: its jobs;
                                 clusters: the need type */
    uint8_t hidden;           /* 1: every figure of the unit is hidden */
    uint8_t primary;          /* hidden for too few respondents (not by nm_dc_protect) */
    uint32_t row;             /* the row in its table */
    uint8_t unlisted;         /* a demand cell below the publication level
                                 (--publish): hidden; when not primary, nothing
                                 of it is published or protected (its figure
                                 has no terms) */
} nm_dc_unit;

/* What a figure counts.  Each kind is a sum of the detail cells' figures
 * of that kind (demand.csv's columns demand, demand_low, demand_high,
 * needs, needs_without_count): the variables of one kind are not those of
 * another, so the audit solves each kind on its own, over the same units
 * (nm_dc_audit_all).  A unit hidden for one kind hides its figures of
 * every kind. */
typedef enum nm_dc_kind {
    NM_DC_PEOPLE,             /* point demand, students, jobs, expected enrolment */
    NM_DC_LOW,                /* the low ends of the answers' ranges (demand_low; a
                                 cohort's expected enrolment at them: p_viable_low) */
    NM_DC_HIGH,               /* the high ends (demand_high; p_viable_high) */
    NM_DC_NEEDS,              /* needs (records) */
    NM_DC_UNKNOWN,            /* needs without a number (needs_without_count) */
    NM_DC_KINDS
} nm_dc_kind;

typedef struct nm_dc_figure {
    uint32_t unit;            /* its unit */
    uint32_t start, n;        /* its terms: var[start ..], w[start ..] */
    double value;             /* its value (people, or needs) */
    uint8_t weighted;         /* expected enrolment or a --frame estimate: a
                                 weighted repeat of the row's figures (not
                                 counted in the shares) */
    uint8_t kind;             /* nm_dc_kind; cells' figures of a kind other than
                                 NM_DC_PEOPLE repeat their people figure's terms */
    uint8_t derived;          /* a difference of its unit's published figures (a
                                 cell's demand - demand_low, in the audit's joint
                                 program of the ranges): an equation when
                                 published, never audited itself */
} nm_dc_figure;

typedef struct nm_dc_model {
    size_t nvars;             /* detail cells: cell i is variable i, unit i, figure i */
    size_t ncells;            /* demand-table cells: units and figures 0 .. ncells-1 */
    nm_dc_unit *unit;
    size_t nunits, ucap;
    nm_dc_figure *fig;
    size_t nfig, fcap;
    uint32_t *var;            /* terms */
    double *w;
    size_t nterms, tcap;
    int truth;                /* 1: every figure's value is known (a run); 0: hidden
                                 figures' values are unknown (read back) */
    int ranges;               /* 1: some cell's low or high end differs from its
                                 demand: the kinds low and high are in the model
                                 (without, demand_low and demand_high repeat demand) */
} nm_dc_model;

/* The model of a finished table d, its suppression s and pooling p (NULL:
 * none pooled).  Hidden units are those s and p hide.  west (NULL: no
 * --frame) is the weighted estimate of each cell (nm_weighting_estimates,
 * NAN: none): each becomes a second figure of its cell's unit, its detail
 * cells at their municipality's weight (estimate / count of its
 * municipality's cell), which is at least what a reader who knows the
 * frame's published weights can do.  cl (NULL: none) adds clusters.csv's
 * totals: per cluster and need type, the sum of its members' cells. */
void nm_dc_model_build(const nm_demand *d, const nm_refdata *ref, const nm_suppression *s,
                       const nm_pool *p, const nm_rules *rules, const double *west,
                       const nm_clusters *cl, nm_dc_model *out);
void nm_dc_model_free(nm_dc_model *m);
/* Add the term w * variable var to the figure being built (the last). */
void nm_dc_model_term(nm_dc_model *m, size_t var, double w);

/* What an audit found. */
typedef struct nm_dc_audit_result {
    uint64_t hidden;          /* hidden figures audited */
    uint64_t narrowed;        /* of those, narrowed below protection */
    uint64_t exact;           /* of those, pinned to one value */
    uint64_t components;      /* independent parts solved */
    uint64_t lps;             /* linear programs solved */
    size_t first_bad;         /* a narrowed figure (SIZE_MAX: none) */
    double first_lo, first_hi;
    /* per figure (nfig; set for hidden ones): the interval, and whether it
     * is narrowed; owned, free with nm_dc_audit_result_free */
    double *lo, *hi;
    uint8_t *bad;
    /* per narrowed figure, the published figures binding it: bind[bind_start[f] ..
     * bind_start[f + 1]) */
    uint32_t *bind;
    size_t *bind_start;
} nm_dc_audit_result;

/* Audit m at protection p (percent).  NM_ERR_INTERNAL when the solver
 * fails or the published figures contradict each other (err says which). */
nm_status nm_dc_audit(const nm_dc_model *m, double p, nm_dc_audit_result *out, nm_error *err);
void nm_dc_audit_result_free(nm_dc_audit_result *r);

/* Hide more units of m until nm_dc_audit passes at p (at most max_rounds
 * rounds; 0: a default).  Returns the number of units hidden, and *res
 * the last audit (free it).  Both see the figures of one kind only: those
 * of a model with several kinds are audited with the *_all functions. */
nm_status nm_dc_protect(nm_dc_model *m, double p, unsigned max_rounds, uint64_t *added,
                        nm_dc_audit_result *res, nm_error *err);

/* The same, continuing from res, an earlier nm_dc_protect of m (the same
 * figures) when its units were hidden as in was (per unit): only the
 * figures hidden since and those res found narrowed are audited again
 * (hiding only widens the others' intervals).  was NULL: nm_dc_protect. */
nm_status nm_dc_protect_since(nm_dc_model *m, double p, unsigned max_rounds, const uint8_t *was,
                              uint64_t *added, nm_dc_audit_result *res, nm_error *err);

/* The same over every kind of m's figures, each kind on its own (a model
 * of its figures over the same units, cells first): the results are per
 * figure of m, the counts summed over the kinds.  With ranges (m->ranges)
 * people, low and high are also solved as one program: every detail cell
 * is its low end l >= 0 plus its half-range r >= 0 (demand l + r, high
 * l + 2r), so an attacker who uses low <= demand <= high and the midpoint
 * rule in every cell is modelled (a figure narrowed there is narrowed).
 * nm_dc_protect_all hides units for each program in turn until none
 * needs another. */
nm_status nm_dc_audit_all(const nm_dc_model *m, double p, nm_dc_audit_result *out,
                          nm_error *err);
/* nm_dc_audit_all with its programs (one per kind, and the ranges') solved
 * side by side on up to t's threads (NULL: one); the same result for any
 * budget. */
struct nm_threads;
nm_status nm_dc_audit_all_on(const nm_dc_model *m, double p, const struct nm_threads *t,
                             nm_dc_audit_result *out, nm_error *err);
nm_status nm_dc_protect_all(nm_dc_model *m, double p, unsigned max_rounds, uint64_t *added,
                            nm_dc_audit_result *res, nm_error *err);

/* Write m's hidden units back: demand cells into s (secondary), cohorts,
 * residual rows and open groups into p, cluster totals into cl (NULL: none). */
void nm_dc_apply(const nm_dc_model *m, nm_suppression *s, nm_pool *p, nm_clusters *cl);

/* scenarios.csv's row `row` (0: base, the run's own pooling; then the
 * scenarios in the file's order), pooled p under rules, counting the rows
 * whose mode is in modes: each of its totals (scenario.h,
 * NM_SCENARIO_UPSKILLING ...) a unit of its own, a sum over all those
 * rows' cells with the pooling's shares (expected enrolment: each need at
 * rules' factor times the enrolment rate), published until the joint
 * suppression hides it.  Added after nm_dc_model_build, before
 * nm_dc_protect_all. */
void nm_dc_model_add_scenario(nm_dc_model *m, const nm_demand *d, const nm_pool *p,
                              const nm_rules *rules, unsigned modes, size_t row);

/* Hide scenario totals of m, and nothing else, until nm_dc_audit_all
 * passes at p: each round, for each narrowed figure, the published
 * scenario totals binding it (none: the first adding up one of its cells);
 * a hidden total pinned to one value is published again, for good.  Stops when no total binds one (res->narrowed > 0: the
 * caller goes on with nm_dc_protect_all).  *added: totals hidden; *res the
 * last audit (free it).  Run after nm_dc_protect_all of the model without
 * scenarios, so that asking for scenarios hides what the other tables
 * publish only when hiding totals cannot do it. */
nm_status nm_dc_protect_scenarios(nm_dc_model *m, double p, uint64_t *added,
                                  nm_dc_audit_result *res, nm_error *err);

/* Write m's hidden scenario totals into f[row].hidden (f: n rows). */
void nm_dc_apply_scenarios(const nm_dc_model *m, nm_scenario_figures *f, size_t n);

/* Another pooling of the same table (a scenario): its rows whose detail
 * cells are those of a row hidden in run are hidden too, so a scenario
 * that pools as the run did counts as hidden what cohorts.csv hides (its
 * cohorts_hidden, and its P(viable) over the others). */
void nm_dc_hide_like(const nm_pool *run, nm_pool *p);

/* The model as published (disclosure.csv): hidden figures' values are
 * left out.  Read back by nm_dc_model_read (m->truth 0). */
int nm_dc_model_write(FILE *f, const nm_dc_model *m, double p);
nm_status nm_dc_model_read(FILE *f, const char *path, nm_dc_model *m, double *p,
                           nm_error *err);

/* Per table: units published and hidden, and the share of the table's
 * demand that is hidden (people in hidden cells / people in all cells, of
 * the detail cells for demand.csv). */
typedef struct nm_dc_table_stats {
    uint64_t published, hidden;
    double demand, demand_hidden;
} nm_dc_table_stats;
void nm_dc_stats(const nm_dc_model *m, nm_dc_table_stats out[NM_DC_TABLES]);

const char *nm_dc_table_name(nm_dc_table t);
const char *nm_dc_kind_name(nm_dc_kind k);   /* "people", "low", "high", "needs", "unknown" */

/* What a run's disclosure control did, for summary.json. */
typedef struct nm_dc_summary {
    int audited;              /* 0: nothing hidden (--internal, k 0 or 1) */
    double protection;        /* p, percent */
    uint64_t hidden;          /* hidden figures audited */
    uint64_t narrowed;        /* of those narrowed below protection (0 when published) */
    uint64_t added;           /* units hidden by the joint suppression */
    nm_dc_table_stats table[NM_DC_TABLES];
} nm_dc_summary;  /* "demand", "cohorts", "residual", "open", "clusters", "scenarios" */

#endif
