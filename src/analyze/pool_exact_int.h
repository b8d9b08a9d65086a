/* pool_exact_int.h - what the parts of the exact pooling share
 * (pool_exact.c: preprocessing and parts; pool_cohort.c: one cohort and
 * the objective; pool_enum.c: enumeration;
 * pool_mip.c: the integer program; pool_bound.c: a bound on what it can
 * place; pool_improve.c: a better start for it; pool_cbc.c: the CBC
 * solver). */
#ifndef NEEDMAP_POOL_EXACT_INT_H
#define NEEDMAP_POOL_EXACT_INT_H

#include "needmap/pool_exact.h"

/* nm_px is the one record of the group being pooled in stage 4b: the
 * greedy heuristic (pool.c's group_ctx) and the split (pool_split.c's
 * split_ctx) hold one too, with only their own working state beside it,
 * and the rules on it (reach, room, cap, may join, a valid and viable
 * cohort) are worked out once, in pool_cohort.c, from nm_px_init's values.
 * Owned by the analyze stage (pool*.c only). */

/* One group being pooled (borrowed arrays; a value on the caller's stack). */
typedef struct nm_px {
    const nm_pool_unit *units;
    size_t n;
    const nm_distances *dist;
    const nm_rules *rules;
    nm_level level;
    nm_mode mode;
    double reach;             /* <= 0: no limit */
    double viable;            /* potential students a viable cohort needs */
    double cap;               /* potential a pooled cohort may hold */
    size_t max_locations, min_munis;
    nm_pool_limits limits;
} nm_px;

/* A pooling's place in the objective (nm_pool_compare). */
typedef struct nm_px_score {
    double placed;
    size_t cohorts;
    double travel;
} nm_px_score;

/* *c (output) the group units[0..n) of (level, mode) under rules; limits
 * (may be NULL) copied, with the default node limit filled in. */
void nm_px_init(nm_px *c, const nm_pool_unit *units, size_t n, const nm_distances *dist,
                const nm_rules *rules, nm_level level, nm_mode mode,
                const nm_pool_limits *limits);
/* nm_pool_evaluate for units set[0..n) of the group c. */
int nm_px_evaluate(const nm_px *c, const size_t *set, size_t n, size_t *hub, double *cost);
int nm_px_in_reach(const nm_px *c, size_t i, size_t h);
/* The potential a cohort with hub unit h may hold: under its placements
 * (pool.h, nm_pool_unit_room) and, when pooled (more than one member),
 * under the cap of NM_POOL_MAX_INTAKES intakes. */
double nm_px_room(const nm_px *c, size_t h, int pooled);
/* Could unit h head a viable cohort of the units i with ok[i] (NULL: every
 * unit) in reach of it?  buf: room for n doubles. */
int nm_px_can_hub(const nm_px *c, size_t h, const char *ok, double *buf);
/* Unit i may be in a cohort whose hub is unit h (reach, the cap: a unit
 * above it, or a hub above it, stays alone; and the hub's placements). */
int nm_px_may_join(const nm_px *c, size_t i, size_t h);
/* Units set[0..n) as one cohort: 1 when valid and viable (the cap too);
 * then *placed (output) its potential and *travel (output) its travel at
 * nm_px_evaluate's hub; else 0 (the outputs unspecified). */
int nm_px_cohort(const nm_px *c, const size_t *set, size_t n, double *placed, double *travel);
/* nm_px_cohort's answer without its travel: any hub the rules allow, not
 * the best (the searches' test of a move). */
int nm_px_valid(const nm_px *c, const size_t *set, size_t n);
nm_px_score nm_px_score_of(const nm_px *c, const size_t *set, size_t n, const int *assign);

/* Every split of set[0..n) (n <= NM_POOL_ENUMERATE_MAX) into cohorts: the
 * best into local[0..n). */
void nm_px_enumerate(const nm_px *c, const size_t *set, size_t n, int *local);
/* Every split of set[0..n) (n <= NM_POOL_SHARE_ENUMERATE_MAX) into cohorts
 * whose expected students c->limits.sites cover together (pool_share.h),
 * each at the hub nm_px_evaluate gives it: the best into local[0..n).
 * Returns the most potential any split places with any hubs the cohorts
 * allow (each hub's reach and placements) that the sites cover together:
 * a bound, equal to what local places unless another choice of hubs would
 * place more. */
double nm_px_enumerate_shared(const nm_px *c, const size_t *set, size_t n, int *local);
/* The integer program for set[0..n), started from start[0..n); the best
 * into local[0..n); returns the proven bound on the potential it can place
 * and marks out limit when not proven. */
double nm_px_program(const nm_px *c, const size_t *set, size_t n, const int *start, int *local,
                     nm_pool_outcome *out);

/* A bound on the potential any pooling of set[0..n) places, in steps of
 * 1/q (each unit's round(p q); q = 1: students), from counting
 * (pool_bound.c): at most L municipalities per cohort, at least V potential
 * each.  The total when two units share a municipality. */
double nm_px_count_bound(const nm_px *c, const size_t *set, size_t n, double q);
/* A pooling that meets that bound, when dealing the counted units out
 * gives valid cohorts: local[0..n) (output) each unit's cohort or -1.
 * Returns 1 then (the pooling places the most any can), else 0. */
int nm_px_count_pooling(const nm_px *c, const size_t *set, size_t n, double q, int *local);
/* The fewest cohorts that can place `placed` steps: each holds at most L
 * units, so at least the largest units that sum to it, L to a cohort (1
 * when two units share a municipality). */
size_t nm_px_count_cohorts(const nm_px *c, const size_t *set, size_t n, double q,
                           double placed);
/* By distance: the two cohorts of the units with placed[i] (positions in
 * set) that travel least, each of min_munis to max_locations units and
 * viable (pool_pair.c); local[0..n) (output) 0, 1 or -1.  Returns 1 when
 * both are valid cohorts travelling, each at its allowed hub, no more than
 * the pair program's hubs (then no valid pair of cohorts of those units
 * travels less), else 0.  q: steps per student, as the program's. */
int nm_px_two_cohorts(const nm_px *c, const size_t *set, size_t n, const char *placed,
                      double q, int *local);
/* Local search for a pooling of set[0..n) that places more (pool_improve.c):
 * local[0..n) (in: a pooling, each unit's cohort or -1; out: the better
 * one).  Returns 1 when it places more steps (round(p q)), else 0 (local
 * unchanged).  A heuristic: it proves nothing. */
int nm_px_improve(const nm_px *c, const size_t *set, size_t n, double q, int *local);
/* nm_px_improve with its shortcuts (the stop at the bound, eject's memo)
 * on or off: the same result either way, off the search as it was before
 * them (tests/pool/test_pool_improve.c compares the two); *evaluations
 * (output, may be NULL) the cohort evaluations it counted. */
int nm_px_improve_with(const nm_px *c, const size_t *set, size_t n, double q, int *local,
                       int shortcuts, long *evaluations);
/* Does the 0/1 point x satisfy every row of m (pool_lp.c)? */
int nm_px_feasible(const nm_pool_mip *m, const double *x);

/* The linear relaxation of m (pool_lp.c): *bound (output) its optimum, a
 * lower bound on m's; x (output, [ncols]) its solution rounded to 0/1;
 * *integral (output) 1 when that solution was already 0/1 and feasible
 * (then it is m's optimum).  Returns 1 when solved, -1 when the relaxation
 * (so the program too) is infeasible, 0 when it was not solved. */
int nm_px_relaxed(const nm_pool_mip *m, double *bound, double *x, int *integral);

/* CBC at the root alone (pool_cbc.c): no branching, the heuristics, with
 * or without cut generators (cuts), m->start (feasible) as the cutoff; a
 * primal for programs too large to branch on.  x (output, [ncols]) the
 * best point found, checked against m's rows, at worst the start; *bound
 * (output) CBC's bound at the root on every point at most the start.
 * Returns 1 when it found a point better than the start, else 0. */
int nm_px_root_heuristics(const nm_pool_mip *m, int cuts, double *x, double *bound);

#endif
