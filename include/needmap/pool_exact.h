/* pool_exact.h - stage 4b: the exact pooling of one group (issue #15).
 *
 * nm_pool_exact finds, for one group (competence or cluster x level x
 * mode), the cohorts that place the most potential students in viable
 * cohorts; among those the fewest cohorts; among those the shortest
 * demand-weighted travel to the hubs.  It starts from the greedy pooling
 * (nm_pool_group), so it is never worse, and proves its answer optimal
 * whenever the deterministic node limit allows (docs/method.md, "How
 * cohorts are formed", has the program).  Most groups never reach the
 * solver: demand that cannot be viable is dropped, the rest is split into
 * parts that cannot share a cohort, a part that fits one viable cohort is
 * trivially optimal and a small part is enumerated.  The integer program
 * is solved with COIN-OR CBC, single-threaded, one solve at a time per
 * process (CBC 2.10's driver keeps global state).
 *
 * Ownership: the caller owns every array it passes; nothing is kept past
 * the call.  Deterministic: with the default limit (nodes, not seconds)
 * the same units give the same cohorts on any machine and thread.
 */
#ifndef NEEDMAP_POOL_EXACT_H
#define NEEDMAP_POOL_EXACT_H

#include <stddef.h>

#include "needmap/pool.h"

/* Intakes a pooled cohort may hold: its potential students are at most
 * NM_POOL_MAX_INTAKES x max_size / enrolment rate (a cohort of one
 * municipality, its own education, has no such cap). */
enum { NM_POOL_MAX_INTAKES = 5 };

/* Branch-and-bound nodes per integer program by default: a deterministic
 * bound (the same on a slow and a fast machine). */
enum { NM_POOL_DEFAULT_NODES = 200 };

/* Columns (y_h and x_ih) a part's program may have to be solved at all: a
 * larger part keeps the greedy pooling, marked limit with the gap to the
 * demand it could at most place (a deterministic bound on the work). */
enum { NM_POOL_COLUMNS_MAX = 700 };

/* Columns a stage of a part's program may have for branch and bound (CBC);
 * a larger one is proven by its linear relaxation or not at all (docs/
 * method.md): CBC's root on a dense part of 20-30 municipalities takes
 * seconds, and a survey has hundreds of them. */
enum { NM_POOL_BRANCH_MAX = 150 };

/* Units a part of a group may have to be enumerated exactly (every split
 * into cohorts, every hub) instead of solved as an integer program. */
enum { NM_POOL_ENUMERATE_MAX = 14 };

typedef enum nm_pool_status {
    NM_POOL_OPTIMAL = 0,      /* proven optimal */
    NM_POOL_LIMIT = 1         /* stopped by the node or time limit; gap proven */
} nm_pool_status;

/* How a group's parts were solved, for benchmarks and tests: parts per way. */
typedef struct nm_pool_how {
    unsigned dropped;         /* units that could not be in any viable cohort */
    unsigned trivial;         /* parts that fit one viable cohort */
    unsigned enumerated;      /* parts enumerated exactly */
    unsigned programs;        /* parts solved as an integer program */
    long nodes;               /* branch-and-bound nodes over those programs */
    unsigned stages;          /* the programs' stages (placed, cohorts, travel) solved */
    unsigned relaxed;         /* of those, proven by the linear relaxation alone */
    unsigned counted;         /* most-placed stages proven by the counting bound
                                 (pool_bound.c) where the relaxation was not enough */
    unsigned paired;          /* least-travel stages proven by the two-cohort
                                 dynamic program (pool_pair.c) */
    unsigned improved;        /* most-placed stages whose start the local search
                                 (pool_improve.c) bettered */
    unsigned hubs;            /* least-travel stages proven by searching every
                                 set of hubs (pool_travel.c) */
    unsigned rooted;          /* stages too large to branch on (most placed,
                                 fewest cohorts) proven by CBC's root
                                 heuristics reaching the relaxation's bound */
} nm_pool_how;

typedef struct nm_pool_outcome {
    nm_pool_status status;    /* optimal, or limit */
    double gap;               /* proven bound on the share of potential students
                                 the best pooling could place beyond this one:
                                 (bound - placed) / bound; 0 when optimal */
    nm_pool_how how;
} nm_pool_outcome;

/* One part's integer program, row-wise, every column binary, minimised
 * (built by nm_pool_exact; docs/method.md writes it out).  Exposed so that a
 * benchmark can hand it to another solver. */
typedef struct nm_pool_mip {
    int ncols, nrows;
    double *obj;              /* [ncols] */
    int *row_start;           /* [nrows + 1] into idx/val */
    int *idx;                 /* column of each coefficient */
    double *val;
    char *sense;              /* [nrows] 'L' (<=), 'G' (>=) */
    double *rhs;              /* [nrows] */
    double *start;            /* [ncols] the greedy pooling (a feasible start) */
} nm_pool_mip;

/* A solver for nm_pool_mip: x (output, [ncols]) the best solution found,
 * *bound (output) a proven lower bound on the objective, *nodes (output)
 * nodes searched.  Returns 1 when x is proven optimal, 0 when a limit
 * stopped it (x still feasible: at worst the start), -1 on failure. */
typedef struct nm_pool_limits nm_pool_limits;
struct nm_share_sites;
typedef int (*nm_pool_solver)(const nm_pool_mip *m, const nm_pool_limits *limits, double *x,
                              double *bound, long *nodes);

/* The solver's limits (rules.h has them as rules->pool_nodes and
 * rules->pool_seconds). */
struct nm_pool_limits {
    long max_nodes;           /* per program; <= 0: NM_POOL_DEFAULT_NODES */
    double max_seconds;       /* per program; <= 0: none (the default: a
                                 time limit makes results machine-dependent) */
    nm_pool_solver solver;    /* NULL: CBC (nm_pool_solve_cbc), and CBC's root
                                 heuristics on stages too large to branch on
                                 (pool_mip.c); a solver named here (CBC too)
                                 runs alone */
    int enumerate_max;        /* parts up to this many units are enumerated; 0:
                                 NM_POOL_ENUMERATE_MAX; -1: none, every part that
                                 is not trivial goes to the program (tests) */
    const struct nm_share_sites *sites; /* the group's placements shared out
                                 between its cohorts (pool_share.h); NULL: each
                                 hub's own only.  A group of at most
                                 NM_POOL_SHARE_ENUMERATE_MAX units that could be
                                 in a cohort is then enumerated whole under the
                                 shared rule (docs/method.md, "Placements") */
};

/* Units a group may have to be enumerated whole under shared placements. */
enum { NM_POOL_SHARE_ENUMERATE_MAX = 8 };

/* The CBC solver (pool_cbc.c). */
int nm_pool_solve_cbc(const nm_pool_mip *m, const nm_pool_limits *limits, double *x,
                      double *bound, long *nodes);

/* Pool one group exactly.  units[0..n) (input): distinct municipalities with
 * potential > 0; assign[0..n) (output): each unit's cohort (0-based) or -1;
 * out (output, may be NULL): status, gap and how.  Returns the number of
 * cohorts.  Safe to call from several threads. */
size_t nm_pool_exact(const nm_pool_unit *units, size_t n, const nm_distances *dist,
                     const nm_rules *rules, nm_level level, nm_mode mode,
                     const nm_pool_limits *limits, int *assign, nm_pool_outcome *out);

/* The cap on a pooled cohort's potential students (see NM_POOL_MAX_INTAKES). */
double nm_pool_capacity(const nm_rules *rules, nm_level level);

/* Compare two poolings of the same units by the objective: placed potential
 * (more is better), then cohorts (fewer), then travel (less).  Returns < 0
 * when a is better, > 0 when b is, 0 when equal. */
int nm_pool_compare(double placed_a, size_t cohorts_a, double travel_a, double placed_b,
                    size_t cohorts_b, double travel_b);

#endif
