/* pool_lp.c - the linear relaxation of a pooling program (nm_pool_mip)
 * solved by COIN-OR Clp: a bound that often proves a stage's start
 * optimal, or an integral optimum, without branch and bound (pool_mip.c).
 * Clp keeps no global state: each call has its own model. */
#include <coin/Clp_C_Interface.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "needmap/alloc.h"
#include "pool_coin.h"
#include "pool_exact_int.h"

/* The row-wise program column-wise, every column in [0, 1]. */
static void load(Clp_Simplex *lp, const nm_pool_mip *m)
{
    nm_pool_coin c;
    nm_pool_coin_columns(m, &c);
    Clp_loadProblem(lp, m->ncols, m->nrows, c.start, c.index, c.value, c.collb, c.colub, m->obj,
                    c.rowlb, c.rowub);
    nm_pool_coin_free(&c);
}

int nm_px_feasible(const nm_pool_mip *m, const double *x)
{
    for (int r = 0; r < m->nrows; r++) {
        double s = 0;
        for (int k = m->row_start[r]; k < m->row_start[r + 1]; k++)
            s += m->val[k] * x[m->idx[k]];
        if ((m->sense[r] == 'L' && s > m->rhs[r] + 1e-6) ||
            (m->sense[r] == 'G' && s < m->rhs[r] - 1e-6))
            return 0;
    }
    return 1;
}

int nm_px_relaxed(const nm_pool_mip *m, double *bound, double *x, int *integral)
{
    Clp_Simplex *lp = Clp_newModel();
    Clp_setLogLevel(lp, 0);
    load(lp, m);
    Clp_dual(lp, 0);
    /* optimal, and optimal unscaled too (secondary status 2-4: the scaled
     * problem's optimum leaves infeasibilities, so its objective is no
     * bound to prove a start by) */
    int st = Clp_status(lp), ok = st == 0 && Clp_secondaryStatus(lp) == 0;
    *integral = 0;
    if (ok) {
        const double *sol = Clp_getColSolution(lp);
        *bound = Clp_objectiveValue(lp);
        *integral = 1;
        for (int j = 0; j < m->ncols; j++) {
            x[j] = sol[j] > 0.5;
            *integral = *integral && fabs(sol[j] - x[j]) < 1e-9;
        }
        *integral = *integral && nm_px_feasible(m, x);
    }
    Clp_deleteModel(lp);
    return ok ? 1 : st == 1 ? -1 : 0;
}
