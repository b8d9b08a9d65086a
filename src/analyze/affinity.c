/* affinity.c - how much two competences' demand goes together: the cosine
 * of their demand profiles over municipality x need type (square roots of
 * counts, so the cosine is the Bhattacharyya coefficient of the two
 * profiles) and the cosine of their respondents per need type (the same
 * employer asking for both), blended with their proximity in SSYK 2012. */
#include <gsl/gsl_blas.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_matrix.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cluster_parts.h"
#include "needmap/alloc.h"
#include "needmap/stamps.h"

/* The columns: one per (municipality, need type) pair that occurs among the
 * items' municipality roll-ups, numbered in reference-data order. */
typedef struct columns {
    long *col;     /* nmunis x NM_NEED_N: column number or -1 */
    size_t n;      /* columns used */
} columns;

/* The item of a municipality roll-up of a clustered competence, or SIZE_MAX. */
static size_t item_of(const nm_cl_items *it, const nm_cell *c)
{
    if (!c->rollup || c->geo != NM_GEO_MUNICIPALITY || c->comp_level != 4)
        return SIZE_MAX;
    return nm_cl_item_find(it, &c->comp);
}

/* Slot of a cell's (municipality, need) in columns.col, or SIZE_MAX when its
 * municipality is not in the reference data. */
static size_t slot_of(const nm_refdata *ref, const nm_cell *c)
{
    const nm_municipality *m = nm_refdata_municipality(ref, c->geo_code);
    if (!m)
        return SIZE_MAX;
    return (size_t)(m - ref->munis) * NM_NEED_N + (size_t)c->need;
}

static nm_status unknown_municipality(nm_error *err, const nm_cell *c)
{
    return nm_error_set(err, NM_ERR_INTERNAL, NULL, 0, 0,
                        "competence clustering: municipality %s of the demand table is not "
                        "in the reference data; please report this with the input",
                        c->geo_code);
}

static nm_status find_columns(const nm_demand *d, const nm_refdata *ref, const nm_cl_items *it,
                              columns *cols, nm_error *err)
{
    size_t nslots = nm_cl_mul(ref->nmunis, NM_NEED_N);
    cols->col = nm_calloc(nslots, sizeof *cols->col);
    cols->n = 0;
    for (size_t i = 0; i < nm_demand_count(d); i++) {
        const nm_cell *c = nm_demand_cell_const(d, i);
        if (item_of(it, c) == SIZE_MAX)
            continue;
        size_t s = slot_of(ref, c);
        if (s == SIZE_MAX)
            return unknown_municipality(err, c);
        cols->col[s] = 1;
    }
    for (size_t s = 0; s < nslots; s++)
        cols->col[s] = cols->col[s] ? (long)cols->n++ : -1;
    return NM_OK;
}

/* x[i][col] = sqrt(demand + NM_CL_PRESENCE * needs without a number), then
 * each row scaled to unit length (rows of zeros stay zero). */
static void fill_features(const nm_demand *d, const nm_refdata *ref, const nm_cl_items *it,
                          const columns *cols, double *x)
{
    for (size_t i = 0; i < nm_demand_count(d); i++) {
        const nm_cell *c = nm_demand_cell_const(d, i);
        size_t item = item_of(it, c);
        if (item == SIZE_MAX)
            continue;
        double v = c->demand + NM_CL_PRESENCE * (double)c->unknown;
        x[item * cols->n + (size_t)cols->col[slot_of(ref, c)]] = sqrt(v > 0 ? v : 0);
    }
    for (size_t i = 0; i < it->n; i++) {
        double *row = x + i * cols->n;
        double norm = 0;
        for (size_t j = 0; j < cols->n; j++)
            norm += row[j] * row[j];
        norm = sqrt(norm);
        for (size_t j = 0; norm > 0 && j < cols->n; j++)
            row[j] /= norm;
    }
}

nm_status nm_cl_cosine(const double *x, size_t n, size_t p, double *c, nm_error *err)
{
    gsl_matrix_const_view xv = gsl_matrix_const_view_array(x, n, p);
    gsl_matrix_view cv = gsl_matrix_view_array(c, n, n);
    int rc = gsl_blas_dsyrk(CblasLower, CblasNoTrans, 1.0, &xv.matrix, 0.0, &cv.matrix);
    if (rc != GSL_SUCCESS)
        return nm_error_set(err, NM_ERR_INTERNAL, NULL, 0, 0,
                            "competence clustering: gsl_blas_dsyrk failed: %s (GSL status %d); "
                            "please report this with the input", gsl_strerror(rc), rc);
    for (size_t i = 0; i < n; i++) {
        for (size_t j = 0; j < i; j++) {
            double v = c[i * n + j];
            v = v < 0 ? 0 : v > 1 ? 1 : v;
            c[i * n + j] = c[j * n + i] = v;
        }
    }
    return NM_OK;
}

/* r[i][j] = shared (respondent, need type) pairs / sqrt(count_i count_j):
 * the cosine of the items' respondent vectors, computed sparsely since a
 * survey may have thousands of respondents.  One pass over the
 * respondents: each one's distinct (item, need type) buckets, from its
 * detail cells, add 1 to every pair of items with the same need type.
 * Whole counts, so the order of respondents does not matter.
 * *count per item is its distinct respondents summed over need types,
 * from its national cells. */
typedef struct sharing {
    const uint32_t *bucket;    /* per detail cell: item * NM_NEED_N + need + 1, 0 for none */
    nm_stamps seen;            /* per bucket */
    uint32_t *mine;            /* this respondent's buckets */
    size_t cap, n;
    double *r;
} sharing;

static void share_one(void *ctx, const uint32_t *cells, size_t n)
{
    sharing *s = ctx;
    nm_stamps_next(&s->seen);
    size_t m = 0;
    for (size_t i = 0; i < n; i++) {
        uint32_t b = s->bucket[cells[i]];
        if (b && nm_stamps_first(&s->seen, b - 1)) {
            NM_GROW(s->mine, s->cap, m + 1);
            s->mine[m++] = b - 1;
        }
    }
    for (size_t x = 0; x < m; x++)
        for (size_t y = 0; y < m; y++)
            if (x != y && s->mine[x] % NM_NEED_N == s->mine[y] % NM_NEED_N)
                s->r[(size_t)(s->mine[x] / NM_NEED_N) * s->n + s->mine[y] / NM_NEED_N] += 1;
}

static void respondent_cosine(const nm_demand *d, const nm_cl_items *it, double *r)
{
    size_t n = it->n, ndetail = 0;
    double *count = nm_calloc(n ? n : 1, sizeof *count);
    for (size_t i = 0; i < n; i++)
        for (int need = 0; need < NM_NEED_N; need++)
            if (it->m[i].cell[need] != SIZE_MAX)
                count[i] += (double)nm_demand_cell_const(d, it->m[i].cell[need])->respondents;
    while (ndetail < nm_demand_count(d) && !nm_demand_cell_const(d, ndetail)->rollup)
        ndetail++; /* detail cells come first */
    uint32_t *bucket = nm_calloc(ndetail + 1, sizeof *bucket);
    const nm_comp_key *last = NULL;
    size_t item = SIZE_MAX;
    for (size_t c = 0; c < ndetail; c++) {
        const nm_cell *cell = nm_demand_cell_const(d, c);
        if (!last || nm_comp_key_cmp(last, &cell->comp) != 0) /* neighbours often share it */
            item = nm_cl_item_find(it, &cell->comp);
        last = &cell->comp;
        if (item != SIZE_MAX)
            bucket[c] = (uint32_t)(item * NM_NEED_N + cell->need + 1);
    }
    sharing s = {bucket, {0}, NULL, 0, n, r};
    nm_stamps_init(&s.seen, n * NM_NEED_N);
    nm_demand_each_respondent(d, share_one, &s);
    free(s.mine);
    nm_stamps_free(&s.seen);
    free(bucket);
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < n; j++)
            if (r[i * n + j] > 0)
                r[i * n + j] /= sqrt(count[i] * count[j]);
    free(count);
}

/* 1: same SSYK level-3 group; 0.5: same level-2 group; else 0 (also for
 * named competences, which have no code). */
double nm_cl_taxonomy(const nm_comp_key *a, const nm_comp_key *b)
{
    size_t la = strlen(a->code), lb = strlen(b->code);
    if (la >= 3 && lb >= 3 && strncmp(a->code, b->code, 3) == 0)
        return 1.0;
    if (la >= 2 && lb >= 2 && strncmp(a->code, b->code, 2) == 0)
        return 0.5;
    return 0.0;
}

static int row_is_zero(const double *x, size_t p, size_t i)
{
    for (size_t j = 0; j < p; j++)
        if (x[i * p + j] != 0)
            return 0;
    return 1;
}

void nm_cl_blend(const nm_cl_items *it, const double *x, size_t p, const double *r, double rw,
                  double w, double *a)
{
    size_t n = it->n;
    char *zero = nm_calloc(n, 1);
    for (size_t i = 0; i < n; i++)
        zero[i] = (char)row_is_zero(x, p, i);
    for (size_t i = 0; i < n; i++) {
        for (size_t j = 0; j < n; j++) {
            size_t ij = i * n + j;
            if (i == j || zero[i] || zero[j])
                a[ij] = 0;
            else
                a[ij] = (1 - w) * ((1 - rw) * a[ij] + rw * r[ij]) +
                        w * nm_cl_taxonomy(&it->m[i].comp, &it->m[j].comp);
        }
    }
    free(zero);
}

nm_status nm_cl_affinity(const nm_demand *d, const nm_refdata *ref, const nm_cl_items *it,
                         double rw, double w, double *a, nm_error *err)
{
    columns cols = {NULL, 0};
    nm_status st = find_columns(d, ref, it, &cols, err);
    if (st != NM_OK) {
        free(cols.col);
        return st;
    }
    size_t p = cols.n ? cols.n : 1; /* a view needs at least one column */
    double *x = nm_calloc(nm_cl_mul(it->n, p), sizeof *x);
    fill_features(d, ref, it, &cols, x);
    free(cols.col);
    st = nm_cl_cosine(x, it->n, p, a, err);
    if (st == NM_OK) {
        double *r = nm_calloc(nm_cl_mul(it->n, it->n), sizeof *r);
        respondent_cosine(d, it, r);
        nm_cl_blend(it, x, p, r, rw, w, a);
        free(r);
    }
    free(x);
    return st;
}
