/* cluster_resample.c - the respondents of a table in a canonical order and
 * the affinity of a bootstrap resample of them (cluster_parts.h), for the
 * stability of competence clusters (cluster_boot.c). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cluster_parts.h"
#include "needmap/alloc.h"
#include "needmap/stamps.h"

/* --- respondents in a canonical order --- */

typedef struct gather {
    uint32_t *cells;
    size_t ncells, cap;
    size_t *start;
    size_t n, scap;
} gather;

static int cmp_u32(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return x < y ? -1 : x > y;
}

static void gather_one(void *ctx, const uint32_t *cells, size_t n)
{
    gather *g = ctx;
    NM_GROW(g->cells, g->cap, g->ncells + n);
    memcpy(g->cells + g->ncells, cells, n * sizeof *cells);
    qsort(g->cells + g->ncells, n, sizeof *cells, cmp_u32);
    NM_GROW(g->start, g->scap, g->n + 2);
    g->start[g->n++] = g->ncells;
    g->ncells += n;
}

/* A respondent's cell list, for sorting. */
typedef struct resp_ref {
    const uint32_t *cells;
    size_t n;
} resp_ref;

/* Respondents by their cell lists, lexicographically, shorter first when
 * one is a prefix of the other.  Equal lists are interchangeable: their
 * order changes nothing. */
static int cmp_resp(const void *pa, const void *pb)
{
    const resp_ref *a = pa, *b = pb;
    for (size_t i = 0; i < a->n && i < b->n; i++)
        if (a->cells[i] != b->cells[i])
            return a->cells[i] < b->cells[i] ? -1 : 1;
    return a->n < b->n ? -1 : a->n > b->n;
}

void nm_cl_resp_collect(const nm_demand *d, nm_cl_resp *r)
{
    gather g = {0};
    nm_demand_each_respondent(d, gather_one, &g);
    NM_GROW(g.start, g.scap, g.n + 1);
    g.start[g.n] = g.ncells;
    resp_ref *order = nm_calloc(g.n ? g.n : 1, sizeof *order);
    for (size_t i = 0; i < g.n; i++)
        order[i] = (resp_ref){g.cells + g.start[i], g.start[i + 1] - g.start[i]};
    qsort(order, g.n, sizeof *order, cmp_resp);
    r->n = g.n;
    r->cells = nm_calloc(g.ncells ? g.ncells : 1, sizeof *r->cells);
    r->start = nm_calloc(g.n + 1, sizeof *r->start);
    for (size_t i = 0, at = 0; i < g.n; i++) {
        memcpy(r->cells + at, order[i].cells, order[i].n * sizeof *r->cells);
        r->start[i] = at;
        at += order[i].n;
        r->start[i + 1] = at;
    }
    free(order);
    free(g.cells);
    free(g.start);
}

void nm_cl_resp_free(nm_cl_resp *r)
{
    if (!r)
        return;
    free(r->cells);
    free(r->start);
    memset(r, 0, sizeof *r);
}

/* --- the affinity of a resample --- */

/* Per detail cell: its item, or SIZE_MAX (detail cells come first). */
static size_t *cell_items(const nm_demand *d, const nm_cl_items *it, size_t *ndetail)
{
    size_t n = 0;
    while (n < nm_demand_count(d) && !nm_demand_cell_const(d, n)->rollup)
        n++;
    size_t *item = nm_calloc(n ? n : 1, sizeof *item);
    const nm_comp_key *last = NULL;
    size_t cur = SIZE_MAX;
    for (size_t c = 0; c < n; c++) {
        const nm_cell *cell = nm_demand_cell_const(d, c);
        if (!last || nm_comp_key_cmp(last, &cell->comp) != 0)
            cur = nm_cl_item_find(it, &cell->comp);
        last = &cell->comp;
        item[c] = cur;
    }
    *ndetail = n;
    return item;
}

/* Per detail cell: its feature column (municipality x need type, numbered
 * by first use among the items' cells), or SIZE_MAX; *p is the number of
 * columns. */
static size_t *cell_columns(const nm_demand *d, const nm_refdata *ref, const size_t *item,
                            size_t ndetail, size_t *p)
{
    size_t nslots = nm_cl_mul(ref->nmunis, NM_NEED_N);
    size_t *slot = nm_calloc(nslots ? nslots : 1, sizeof *slot);
    size_t *col = nm_calloc(ndetail ? ndetail : 1, sizeof *col);
    for (size_t s = 0; s < nslots; s++)
        slot[s] = SIZE_MAX;
    *p = 0;
    for (size_t c = 0; c < ndetail; c++) {
        const nm_cell *cell = nm_demand_cell_const(d, c);
        const nm_municipality *m = nm_refdata_municipality(ref, cell->geo_code);
        col[c] = SIZE_MAX;
        if (item[c] == SIZE_MAX || !m)
            continue;
        size_t s = (size_t)(m - ref->munis) * NM_NEED_N + cell->need;
        if (slot[s] == SIZE_MAX)
            slot[s] = (*p)++;
        col[c] = slot[s];
    }
    free(slot);
    return col;
}

/* x[item][column] = sqrt(sum of the resampled demand), rows then scaled
 * to unit length if unit. */
static void weighted_features(const nm_demand *d, const size_t *item, const size_t *col,
                              size_t ndetail, const double *cellw, size_t n, size_t p,
                              int unit, double *x)
{
    for (size_t c = 0; c < ndetail; c++) {
        const nm_cell *cell = nm_demand_cell_const(d, c);
        if (col[c] == SIZE_MAX || cellw[c] <= 0)
            continue;
        double share = cell->respondents ? cellw[c] / cell->respondents : 1.0;
        x[item[c] * p + col[c]] += (cell->demand + NM_CL_PRESENCE * cell->unknown) * share;
    }
    for (size_t i = 0; i < n; i++) {
        double *row = x + i * p, norm = 0;
        for (size_t j = 0; j < p; j++) {
            row[j] = sqrt(row[j] > 0 ? row[j] : 0);
            norm += row[j] * row[j];
        }
        norm = sqrt(norm);
        for (size_t j = 0; unit && norm > 0 && j < p; j++)
            row[j] /= norm;
    }
}

/* r[i][j]: each respondent adds its weight to every pair of its distinct
 * (item, need type) buckets with the same need type; then divided by
 * sqrt(count_i count_j), count_i the weighted respondents of item i
 * summed over need types. */
static void weighted_respondents(const nm_demand *d, const nm_cl_resp *resp, const double *w,
                                 const size_t *item, size_t n, double *r)
{
    double *count = nm_calloc(n ? n : 1, sizeof *count);
    nm_stamps seen;
    nm_stamps_init(&seen, n * NM_NEED_N);
    size_t *mine = NULL, cap = 0;
    for (size_t q = 0; q < resp->n; q++) {
        if (w[q] <= 0)
            continue;
        nm_stamps_next(&seen);
        size_t k = 0;
        for (size_t e = resp->start[q]; e < resp->start[q + 1]; e++) {
            uint32_t c = resp->cells[e];
            if (item[c] == SIZE_MAX)
                continue;
            size_t b = item[c] * NM_NEED_N + nm_demand_cell_const(d, c)->need;
            if (nm_stamps_first(&seen, b)) {
                NM_GROW(mine, cap, k + 1);
                mine[k++] = b;
                count[item[c]] += w[q];
            }
        }
        for (size_t x = 0; x < k; x++)
            for (size_t y = 0; y < k; y++)
                if (x != y && mine[x] % NM_NEED_N == mine[y] % NM_NEED_N)
                    r[(mine[x] / NM_NEED_N) * n + mine[y] / NM_NEED_N] += w[q];
    }
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < n; j++)
            if (r[i * n + j] > 0)
                r[i * n + j] /= sqrt(count[i] * count[j]);
    free(mine);
    nm_stamps_free(&seen);
    free(count);
}

/* Per detail cell: the weight of its respondents in the resample. */
static double *cell_weights(const nm_cl_resp *resp, const double *w, size_t ndetail)
{
    double *cellw = nm_calloc(ndetail ? ndetail : 1, sizeof *cellw);
    for (size_t q = 0; q < resp->n; q++)
        for (size_t e = resp->start[q]; w[q] > 0 && e < resp->start[q + 1]; e++)
            if (resp->cells[e] < ndetail)
                cellw[resp->cells[e]] += w[q];
    return cellw;
}

nm_status nm_cl_affinity_weighted(const nm_demand *d, const nm_refdata *ref,
                                  const nm_cl_items *it, const nm_cl_resp *resp, const double *w,
                                  double rw, double tw, double *a, nm_error *err)
{
    size_t ndetail, n = it->n, p;
    size_t *item = cell_items(d, it, &ndetail);
    size_t *col = cell_columns(d, ref, item, ndetail, &p);
    p = p ? p : 1; /* a view needs at least one column */
    double *cellw = cell_weights(resp, w, ndetail);
    double *x = nm_calloc(nm_cl_mul(n, p), sizeof *x);
    weighted_features(d, item, col, ndetail, cellw, n, p, 1, x);
    nm_status st = nm_cl_cosine(x, n, p, a, err);
    if (st == NM_OK) {
        double *r = nm_calloc(nm_cl_mul(n, n), sizeof *r);
        weighted_respondents(d, resp, w, item, n, r);
        nm_cl_blend(it, x, p, r, rw, tw, a);
        free(r);
    }
    free(x);
    free(cellw);
    free(col);
    free(item);
    return st;
}

/* --- the features of the whole table, for the split test --- */

/* Each item's answers: per detail cell of it, the cell's feature column
 * (or SIZE_MAX) and the bucket respondent * NM_NEED_N + need of each of
 * its respondents (respondents in canonical order). */
static void respondent_buckets(const nm_demand *d, const nm_cl_resp *resp, const size_t *item,
                               const size_t *col, size_t n, nm_cl_features *f)
{
    size_t *count = nm_calloc(n + 1, sizeof *count);
    f->rstart = nm_calloc(n + 1, sizeof *f->rstart);
    for (int pass = 0; pass < 2; pass++) {
        if (pass == 1) {
            for (size_t i = 0; i < n; i++)
                f->rstart[i + 1] = f->rstart[i] + count[i], count[i] = 0;
            f->rcol = nm_calloc(f->rstart[n] ? f->rstart[n] : 1, sizeof *f->rcol);
            f->rslot = nm_calloc(f->rstart[n] ? f->rstart[n] : 1, sizeof *f->rslot);
        }
        for (size_t q = 0; q < resp->n; q++)
            for (size_t e = resp->start[q]; e < resp->start[q + 1]; e++) {
                uint32_t c = resp->cells[e];
                size_t i = item[c];
                if (i == SIZE_MAX)
                    continue;
                if (pass == 1) {
                    size_t at = f->rstart[i] + count[i];
                    f->rcol[at] = q * NM_NEED_N + (size_t)nm_demand_cell_const(d, c)->need;
                    f->rslot[at] = col[c];
                }
                count[i]++;
            }
    }
    f->nrcols = resp->n * NM_NEED_N;
    free(count);
}

void nm_cl_features_collect(const nm_demand *d, const nm_refdata *ref, const nm_cl_items *it,
                            nm_cl_features *f)
{
    memset(f, 0, sizeof *f);
    nm_cl_resp resp;
    nm_cl_resp_collect(d, &resp);
    size_t ndetail, n = it->n, p;
    size_t *item = cell_items(d, it, &ndetail);
    size_t *col = cell_columns(d, ref, item, ndetail, &p);
    p = p ? p : 1;
    double *w = nm_calloc(resp.n ? resp.n : 1, sizeof *w);
    for (size_t q = 0; q < resp.n; q++)
        w[q] = 1;
    double *cellw = cell_weights(&resp, w, ndetail);
    f->x = nm_calloc(nm_cl_mul(n, p), sizeof *f->x);
    f->n = n;
    f->p = p;
    weighted_features(d, item, col, ndetail, cellw, n, p, 0, f->x);
    respondent_buckets(d, &resp, item, col, n, f);
    free(cellw);
    free(w);
    free(col);
    free(item);
    nm_cl_resp_free(&resp);
}

void nm_cl_features_free(nm_cl_features *f)
{
    if (!f)
        return;
    free(f->x);
    free(f->rstart);
    free(f->rcol);
    free(f->rslot);
    memset(f, 0, sizeof *f);
}
