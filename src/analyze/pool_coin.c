/* pool_coin.c - a pooling program column-wise for COIN-OR (pool_coin.h). */
#include "pool_coin.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "needmap/alloc.h"

void nm_pool_coin_columns(const nm_pool_mip *m, nm_pool_coin *c)
{
    int nz = m->row_start[m->nrows];
    c->start = nm_calloc((size_t)m->ncols + 1, sizeof *c->start);
    c->index = nm_calloc((size_t)nz + 1, sizeof *c->index);
    c->value = nm_calloc((size_t)nz + 1, sizeof *c->value);
    c->collb = nm_calloc((size_t)m->ncols + 1, sizeof *c->collb);
    c->colub = nm_calloc((size_t)m->ncols + 1, sizeof *c->colub);
    c->rowlb = nm_calloc((size_t)m->nrows + 1, sizeof *c->rowlb);
    c->rowub = nm_calloc((size_t)m->nrows + 1, sizeof *c->rowub);
    for (int k = 0; k < nz; k++)
        c->start[m->idx[k] + 1]++;
    for (int j = 0; j < m->ncols; j++) {
        c->start[j + 1] += c->start[j];
        c->colub[j] = 1;
    }
    CoinBigIndex *fill = nm_calloc((size_t)m->ncols + 1, sizeof *fill);
    memcpy(fill, c->start, (size_t)m->ncols * sizeof *fill);
    for (int r = 0; r < m->nrows; r++) {
        for (int k = m->row_start[r]; k < m->row_start[r + 1]; k++) {
            CoinBigIndex at = fill[m->idx[k]]++;
            c->index[at] = r;
            c->value[at] = m->val[k];
        }
        c->rowlb[r] = m->sense[r] == 'G' ? m->rhs[r] : -INFINITY;
        c->rowub[r] = m->sense[r] == 'L' ? m->rhs[r] : INFINITY;
    }
    free(fill);
}

void nm_pool_coin_free(nm_pool_coin *c)
{
    free(c->start);
    free(c->index);
    free(c->value);
    free(c->collb);
    free(c->colub);
    free(c->rowlb);
    free(c->rowub);
    memset(c, 0, sizeof *c);
}
