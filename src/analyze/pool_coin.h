/* pool_coin.h - a pooling program (nm_pool_mip, row-wise) laid out
 * column-wise, as COIN-OR's C interfaces (Clp_loadProblem,
 * Cbc_loadProblem) take it; shared by pool_lp.c and pool_cbc.c.
 *
 * Ownership: nm_pool_coin_columns allocates every array of *c;
 * nm_pool_coin_free releases them.  m is borrowed. */
#ifndef NM_POOL_COIN_H
#define NM_POOL_COIN_H

#include <coin/Coin_C_defines.h>

#include "needmap/pool_exact.h"

typedef struct nm_pool_coin {
    CoinBigIndex *start;      /* [ncols + 1] where each column starts */
    int *index;               /* [nz] the row of each entry */
    double *value;            /* [nz] */
    double *collb, *colub;    /* [ncols] every column in [0, 1] */
    double *rowlb, *rowub;    /* [nrows] from sense and rhs */
} nm_pool_coin;

void nm_pool_coin_columns(const nm_pool_mip *m, nm_pool_coin *c);
void nm_pool_coin_free(nm_pool_coin *c);

#endif
