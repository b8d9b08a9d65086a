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
#include "needmap/pool_exact.h"

static pthread_mutex_t cbc_lock = PTHREAD_MUTEX_INITIALIZER;

/* The row-wise program column-wise, as Cbc_loadProblem takes it. */
static void load(Cbc_Model *model, const nm_pool_mip *m)
{
    int nz = m->row_start[m->nrows];
    CoinBigIndex *start = nm_calloc((size_t)m->ncols + 1, sizeof *start);
    int *index = nm_calloc((size_t)nz + 1, sizeof *index);
    double *value = nm_calloc((size_t)nz + 1, sizeof *value);
    double *collb = nm_calloc((size_t)m->ncols + 1, sizeof *collb);
    double *colub = nm_calloc((size_t)m->ncols + 1, sizeof *colub);
    double *rowlb = nm_calloc((size_t)m->nrows + 1, sizeof *rowlb);
    double *rowub = nm_calloc((size_t)m->nrows + 1, sizeof *rowub);
    for (int k = 0; k < nz; k++)
        start[m->idx[k] + 1]++;
    for (int j = 0; j < m->ncols; j++) {
        start[j + 1] += start[j];
        colub[j] = 1;
    }
    CoinBigIndex *fill = nm_calloc((size_t)m->ncols + 1, sizeof *fill);
    memcpy(fill, start, (size_t)m->ncols * sizeof *fill);
    for (int r = 0; r < m->nrows; r++) {
        for (int k = m->row_start[r]; k < m->row_start[r + 1]; k++) {
            CoinBigIndex at = fill[m->idx[k]]++;
            index[at] = r;
            value[at] = m->val[k];
        }
        rowlb[r] = m->sense[r] == 'G' ? m->rhs[r] : -INFINITY;
        rowub[r] = m->sense[r] == 'L' ? m->rhs[r] : INFINITY;
    }
    Cbc_loadProblem(model, m->ncols, m->nrows, start, index, value, collb, colub, m->obj, rowlb,
                    rowub);
    for (int j = 0; j < m->ncols; j++)
        Cbc_setInteger(model, j);
    free(start);
    free(fill);
    free(index);
    free(value);
    free(collb);
    free(colub);
    free(rowlb);
    free(rowub);
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
     * good is found, the start is optimal */
    double start_obj = 0;
    for (int j = 0; m->start && j < m->ncols; j++)
        start_obj += m->obj[j] * m->start[j];
    if (m->start)
        Cbc_setCutoff(model, start_obj + 1e-6);
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
