/* pool.h - stage 4b: pool small demand into viable education cohorts.
 *
 * For each competence (or competence cluster), education level and
 * delivery mode (a blank level is the competence's usual one, levels.h; a
 * blank mode the rules' assumed_mode), municipalities with potential
 * students (upskilling and interest, each at its enrolment rate; rules.h)
 * are grouped into
 * cohorts: members within reach of the cohort's hub (on site: D km; hybrid:
 * a larger D; distance: no limit), at most max_locations members, and
 * viable: P(enrolled >= minimum size) >= viable_probability, with enrolled
 * ~ Binomial(potential students, the base enrolment rate).  A municipality
 * above one intake may run its own cohort of full intakes and join a
 * shared one with the rest (pool_split.h): it is then a member of both,
 * each with its share of its figures.  What cannot
 * join a viable cohort is residual, with the shortfall and the
 * municipalities nearby.  Recruitment needs are jobs, not students: every
 * cohort and residual row shows the jobs in its municipalities beside its
 * students, and a group with jobs but no cohort is an open-admission group.
 *
 * The rules and distances it pools by are in rules.h.  nm_pool_build
 * fills an nm_pool the caller frees with nm_pool_free (NULL-safe on a
 * zeroed value); it refers to demand-table cells and reference data by
 * index and borrows nothing past the call.  Deterministic: no randomness,
 * every order broken by municipality code.
 */
#ifndef NEEDMAP_POOL_H
#define NEEDMAP_POOL_H

#include <stddef.h>
#include <stdint.h>

#include "needmap/demand.h"
#include "needmap/privacy.h"
#include "needmap/refdata.h"
#include "needmap/rules.h"
#include "needmap/status.h"

/* A group of needs pooled together. */
typedef struct nm_pool_key {
    nm_comp_key comp;         /* the competence (pool by competence) */
    int cluster;              /* >= 0 when pooled by cluster, else -1 */
    nm_level level;
    nm_mode mode;
} nm_pool_key;

typedef struct nm_cohort {
    nm_pool_key key;
    size_t *members;          /* municipality indices (ref->munis), hub first */
    size_t nmembers;
    size_t hub;               /* municipality index */
    double max_km;            /* largest member-hub distance */
    double potential;         /* potential students of the base rate (point):
                                 what viability is computed from; not published */
    double potential_low, potential_high;
    double upskilling;        /* staff to upskill in the members (point) */
    double interest;          /* interested residents in the members (point) */
    double jobs;              /* recruitment (jobs) in the members, any horizon */
    uint64_t jobs_respondents; /* distinct respondents behind jobs */
    int jobs_hidden;          /* jobs suppressed (privacy) */
    int level_inferred;       /* some of its needs left the level blank */
    int mode_assumed;         /* some of its needs left the mode blank */
    double expected;          /* expected enrolment: upskilling and interest,
                                 each times its rate */
    double p_viable;          /* P(enrolled >= min size) at the point value */
    double p_viable_low, p_viable_high;
    int intakes;              /* intakes of max_size the expected enrolment fills */
    uint64_t respondents;     /* distinct respondents behind its students */
    int hidden;               /* student figures suppressed (privacy) */
    int solver_status;        /* its group's: nm_pool_status (pool_exact.h), 0 optimal */
    double solver_gap;        /* its group's proven gap (0 when optimal) */
    double placements;        /* placements within reach of the hub for its
                                 competence (--placements); -1: not limited */
    int placements_bind;      /* its group would place more students without
                                 placements */
    int placements_hidden;    /* `placements` is what the group's other cohorts
                                 leave, and one of them is hidden: not published
                                 (it would give that cohort's students) */
    int placements_shared;    /* `placements` is fewer than within reach of its
                                 hub: the group's other cohorts take some (then
                                 hiding any of them hides it: nm_dc_apply) */
    uint32_t *cells;          /* the detail cells behind its figures (demand-table
                                 indices, ascending; owned): disclosure.h */
    double *cell_share;       /* per cell: the share of it in this cohort's figures
                                 (owned); NULL: every cell whole.  Below 1 for the
                                 cells of a municipality split between its own
                                 cohort and a shared one */
    size_t ncells;
    double *member_share;     /* per member (as in members): the share of its
                                 students in this cohort, 1 when whole (owned);
                                 NULL: every member whole */
} nm_cohort;

typedef struct nm_residual {
    nm_pool_key key;
    size_t muni;              /* municipality index */
    double potential;         /* of the base rate: not published */
    double upskilling, interest; /* students (point); 0 for jobs only */
    double jobs;              /* recruitment here (point) */
    uint64_t respondents;     /* behind the students */
    uint64_t jobs_respondents;
    int jobs_hidden;
    int level_inferred, mode_assumed;
    double shortfall;         /* more potential students that would make a viable
                                 cohort with the published residual demand in reach */
    int shortfall_hidden;     /* the joint suppression hid a row of its group
                                 after the shortfall counted it: the number is
                                 not published (disclosure.h, nm_dc_apply) */
    size_t nearby[5];         /* nearest municipalities within reach */
    size_t nnearby;
    size_t with[5];           /* nearest municipalities within reach with
                                 left-over students of the group (any distance
                                 within reach, not only among nearby) */
    size_t nwith;
    int hidden;               /* student figures suppressed */
    int solver_status;        /* its group's, as in nm_cohort */
    double solver_gap;
    int placements_left;      /* placements left it out (0 in a zeroed row) */
    size_t placements_hub;    /* then: the hub of the cohort it would join
                                 without them */
    double placements_have;   /* the placements within reach of that hub that
                                 the group's cohorts leave (pool_share.h) */
    int placements_shared;    /* ... fewer than within reach: cohorts take some */
    int placements_have_hidden; /* ... and a hidden cohort takes some: `..` */
    double placements_need;   /* that cohort's expected enrolment */
    int placements_need_hidden; /* ... not published (a member's figures are hidden) */
    uint32_t *cells;          /* the detail cells behind its figures, as in nm_cohort */
    size_t ncells;
} nm_residual;

/* A group with jobs but no viable cohort: its students must come from open
 * admission (a programme that admits anyone qualified, not the surveyed
 * staff and residents).  Totals over the group's municipalities. */
typedef struct nm_open_group {
    nm_pool_key key;
    double jobs;              /* recruitment in the group (point) */
    double upskilling, interest; /* the students the survey shows (point) */
    double expected;          /* their expected enrolment */
    double min_size;          /* the smallest cohort of the level */
    size_t nmunis;            /* municipalities with jobs */
    uint64_t respondents;     /* behind the students */
    uint64_t jobs_respondents;
    int hidden;               /* student figures suppressed */
    int jobs_hidden;          /* jobs suppressed */
    int level_inferred, mode_assumed;
    uint32_t *cells;          /* the detail cells behind its figures, as in nm_cohort */
    size_t ncells;
} nm_open_group;

typedef struct nm_pool {
    nm_cohort *cohorts;       /* ranked: P(viable) desc, then potential desc */
    size_t ncohorts;
    nm_residual *residual;    /* by group, then municipality */
    size_t nresidual;
    nm_open_group *open;      /* by group key */
    size_t nopen;
    uint64_t groups;          /* competence x level x mode groups with students */
    uint64_t groups_limit;    /* of those, stopped by the solver's limit */
    double worst_gap;         /* the largest proven gap of those (0: all optimal) */
    uint64_t groups_placements; /* groups that would place more students without
                                   placements (--placements) */
} nm_pool;

struct nm_placements; /* placements.h */

/* Maps a demand cell's competence to a cluster id (pool by cluster), or
 * NULL to pool by competence.  Returns -1 for competences not clustered. */
typedef int (*nm_cluster_of)(void *ctx, const nm_comp_key *comp);

/* Pool the demand table's detail cells.  placements (NULL: none) limit
 * the cohorts of the competences they name (placements.h).  s, the
 * table's suppression (NULL: none): cohort and residual figures with fewer respondents than its
 * minimum, or exactly one hidden detail cell behind them, are marked
 * hidden.  t: groups are pooled on up to t's threads (NULL: one; the
 * result is the same for any number; cluster_of must then be safe to call
 * from several threads). */
nm_status nm_pool_build(const nm_demand *d, const nm_refdata *ref, const nm_distances *dist,
                        const nm_rules *rules, const struct nm_placements *placements,
                        nm_cluster_of cluster_of, void *cluster_ctx,
                        const nm_suppression *s, const nm_threads *t, nm_pool *out,
                        nm_error *err);
void nm_pool_free(nm_pool *p);

/* The order of groups: cluster, competence code, label, level, mode (the
 * order of cohorts.csv's hidden rows and residual.csv); <0, 0, >0. */
int nm_pool_key_cmp(const nm_pool_key *a, const nm_pool_key *b);

/* Whether a cohort's students must be topped up through open admission:
 * its jobs outnumber its expected enrolment.  0 when either figure is
 * hidden (the answer would hint at it). */
int nm_cohort_open_admission(const nm_cohort *c);

/* P(Binomial(n, p) >= k) with n = floor(potential): the viability of a
 * cohort of that many potential students. */
double nm_pool_p_viable(double potential, double rate, double min_size);

/* The fewest whole potential students n with nm_pool_p_viable(n, rate,
 * min_size) >= probability (it grows with n), or INFINITY if none below
 * 2^31.  Remembered per thread for the last few arguments: pooling asks
 * for it for every candidate cohort. */
double nm_pool_min_viable(double rate, double min_size, double probability);

/* nm_pool_min_viable under rules for a cohort of level: the potential
 * students a viable cohort of that level needs. */
double nm_pool_level_min_viable(const nm_rules *rules, nm_level level);

/* --- the pooling of one group, exposed for tests and the exact solver --- */

typedef struct nm_pool_unit {
    size_t muni;              /* municipality index */
    double potential;
    int placements_limited;   /* a cohort with this unit as hub needs placements
                                 (placements.h); 0 (a zeroed unit): no limit */
    double placements;        /* the placements within reach of it as a hub: a
                                 cohort's expected enrolment (potential x
                                 enrolment_rate) must not exceed them */
    int own;                  /* the full intakes of a municipality above one
                                 intake: a cohort of its own, alone or with the
                                 rest of its municipality (a second unit of the
                                 same muni), never pooled with others; 0: an
                                 ordinary unit.  Placements: as its own hub */
} nm_pool_unit;

/* The potential students a cohort with hub u may hold under its
 * placements: placements / rate, or INFINITY when not limited. */
double nm_pool_unit_room(const nm_pool_unit *u, double rate);

/* Evaluate a set of units (indices into units) as a cohort: the best hub
 * (minimal demand-weighted distance among members that have every member in
 * reach and, when placements limit it, room for the cohort's expected
 * enrolment; ties to the lower municipality index) and viability.  A set
 * with an own unit (a split municipality's own cohort) is valid only with
 * units of its municipality, and the own unit is its hub.  Returns -1
 * when no member can be the hub or the set is too large, 0 when valid but
 * not viable (or too few municipalities), 1 when valid and viable; *hub
 * (an index into units) and *cost are set unless -1. */
int nm_pool_evaluate(const nm_pool_unit *units, const size_t *set, size_t n,
                     const nm_distances *dist, const nm_rules *rules, nm_level level,
                     nm_mode mode, size_t *hub, double *cost);

/* The potential students of one intake of the level (max_size / enrolment
 * rate): a municipality with more is split into its own cohort of full
 * intakes and a rest that may join others (docs/method.md). */
double nm_pool_intake(const nm_rules *rules, nm_level level);

/* The heuristic for one group: assigns each unit a cohort number (0-based)
 * or -1 (residual); returns the number of cohorts.  nm_pool_build pools by
 * nm_pool_exact (pool_exact.h), which starts from this. */
size_t nm_pool_group(const nm_pool_unit *units, size_t n, const nm_distances *dist,
                     const nm_rules *rules, nm_level level, nm_mode mode, int *assign);

#endif
