/* pool_cbc.c - a pooling program (nm_pool_mip) solved by COIN-OR CBC.
 *
 * Single-threaded, with a node limit (deterministic) and an optional time
 * limit.  CBC 2.10's C interface runs its command-line driver, which keeps
 * global state: one solve at a time per process (a mutex); groups that
 * reach the solver are few (pool_exact.c). */
#include <coin/Cbc_C_Interface.h>
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "needmap/alloc.h"
#include "pool_coin.h"
#include "pool_exact_int.h"

static pthread_mutex_t cbc_lock = PTHREAD_MUTEX_INITIALIZER;

/* The row-wise program column-wise, as Cbc_loadProblem takes it. */
static void load(Cbc_Model *model, const nm_pool_mip *m)
{
    nm_pool_coin c;
    nm_pool_coin_columns(m, &c);
    Cbc_loadProblem(model, m->ncols, m->nrows, c.start, c.index, c.value, c.collb, c.colub, m->obj,
                    c.rowlb, c.rowub);
    for (int j = 0; j < m->ncols; j++)
        Cbc_setInteger(model, j);
    nm_pool_coin_free(&c);
}

static void limits_to(Cbc_Model *model, const nm_pool_limits *limits)
{
    char v[32];
    Cbc_setLogLevel(model, 0);
    snprintf(v, sizeof v, "%ld", limits->max_nodes > 0 ? limits->max_nodes
                                                       : (long)NM_POOL_DEFAULT_NODES);
    Cbc_setParameter(model, "maxNodes", v);
    Cbc_setMaximumNodes(model, (int)atol(v));
    Cbc_setParameter(model, "threads", "0");
    if (limits->max_seconds > 0) {
        snprintf(v, sizeof v, "%.3f", limits->max_seconds);
        Cbc_setParameter(model, "seconds", v);
    }
    Cbc_setAllowableGap(model, 1e-7);
    Cbc_setAllowableFractionGap(model, 0);
}

int nm_pool_solve_cbc(const nm_pool_mip *m, const nm_pool_limits *limits, double *x,
                      double *bound, long *nodes)
{
    pthread_mutex_lock(&cbc_lock);
    Cbc_Model *model = Cbc_newModel();
    load(model, m);
    limits_to(model, limits);
    /* the start bounds the search (CBC 2.10's MIP start fails after its
     * preprocessing): nothing worse is explored; if nothing at least as
     * good is found, the start is optimal.  Without CBC's preprocessing:
     * CBC 2.10.8's preprocessing fixes columns by the cutoff wrongly and
     * then calls a worse point optimal (an 8-column program whose optimum
     * is -1244, started at -833, "proven" at -833: tests/unit
     * test_pool_exact.c, a_start_does_not_cut_off_the_optimum) */
    double start_obj = 0;
    for (int j = 0; m->start && j < m->ncols; j++)
        start_obj += m->obj[j] * m->start[j];
    if (m->start) {
        Cbc_setParameter(model, "preprocess", "off");
        Cbc_setCutoff(model, start_obj + 1e-6);
    }
    Cbc_solve(model);
    const double *sol = Cbc_bestSolution(model);
    int proven = Cbc_isProvenOptimal(model) || Cbc_isProvenInfeasible(model);
    *nodes = Cbc_getNodeCount(model);
    *bound = Cbc_getBestPossibleObjValue(model);
    int r = -1;
    if (sol || m->start) {
        for (int j = 0; j < m->ncols; j++)
            x[j] = sol ? sol[j] > 0.5 : m->start[j] > 0.5;
        r = proven ? 1 : 0;
        if (!sol && proven)
            *bound = start_obj;
    }
    Cbc_deleteModel(model);
    pthread_mutex_unlock(&cbc_lock);
    return r;
}

/* The root alone (pool_exact_int.h): CBC with no nodes still runs its
 * heuristics at the root (rounding, the feasibility pump, local search
 * from the cutoff's start), and its cut generators when cuts; on the
 * most-placed stage of a part with reach the heuristics often reach the
 * relaxation's bound in a few hundredths of a second where branching takes
 * tenths (docs/performance.md).  Deterministic: single-threaded, no time
 * limit. */
int nm_px_root_heuristics(const nm_pool_mip *m, int cuts, double *x, double *bound)
{
    double from = 0, to = 0;
    for (int j = 0; j < m->ncols; j++)
        from += m->obj[j] * m->start[j];
    pthread_mutex_lock(&cbc_lock);
    Cbc_Model *model = Cbc_newModel();
    load(model, m);
    Cbc_setLogLevel(model, 0);
    Cbc_setParameter(model, "maxNodes", "0");
    Cbc_setMaximumNodes(model, 0);
    Cbc_setParameter(model, "threads", "0");
    if (!cuts)
        Cbc_setParameter(model, "cuts", "off");
    Cbc_setParameter(model, "preprocess", "off"); /* see nm_pool_solve_cbc */
    Cbc_setCutoff(model, from + 1e-6);
    Cbc_solve(model);
    const double *sol = Cbc_bestSolution(model);
    for (int j = 0; j < m->ncols; j++) {
        x[j] = sol ? sol[j] > 0.5 : m->start[j] > 0.5;
        to += m->obj[j] * x[j];
    }
    *bound = Cbc_getBestPossibleObjValue(model);
    Cbc_deleteModel(model);
    pthread_mutex_unlock(&cbc_lock);
    /* CBC's point is checked against the program's rows here, not trusted */
    if (!sol || !nm_px_feasible(m, x) || to > from - 1e-6 * (1 + fabs(from))) {
        memcpy(x, m->start, (size_t)m->ncols * sizeof *x);
        return 0;
    }
    return 1;
}
