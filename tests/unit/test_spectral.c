/* test_spectral.c - eigenpairs of the normalised affinity, the eigengap
 * and the spectral embedding (src/analyze/spectral.c, cluster_parts.h), on
 * matrices whose answers are known. */
#include <gsl/gsl_errno.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cluster_parts.h"

#include "check.h"

/* Two blocks of three items, affinity 1 within a block, none between. */
static void two_triangles(double a[36])
{
    memset(a, 0, 36 * sizeof *a);
    for (int i = 0; i < 6; i++)
        for (int j = 0; j < 6; j++)
            a[i * 6 + j] = i != j && i / 3 == j / 3 ? 1.0 : 0.0;
}

/* D^-1/2 A D^-1/2 of a triangle is A / 2: eigenvalues 1, -1/2, -1/2; two
 * disconnected triangles have 1 twice, descending. */
static void two_disconnected_blocks_have_eigenvalue_1_twice(void)
{
    double a[36], eval[6], evec[36];
    nm_error err;
    two_triangles(a);
    CHECK_INT_EQ(nm_cl_spectrum(a, 6, eval, evec, &err), NM_OK);
    static const double want[6] = {1, 1, -0.5, -0.5, -0.5, -0.5};
    for (int i = 0; i < 6; i++)
        CHECK_NEAR(eval[i], want[i], 1e-12);
}

/* Each column is a unit eigenvector of the normalised affinity, the
 * columns are orthogonal, and each one's largest entry (by magnitude) is
 * positive, so no run depends on the sign the solver returned. */
static void eigenvectors_are_orthonormal_with_their_largest_entry_positive(void)
{
    enum { M = 5 };
    double a[M * M] = {0}, eval[M], evec[M * M], deg[M] = {0};
    nm_error err;
    for (int i = 0; i < M; i++)
        for (int j = 0; j < M; j++)
            if (i != j)
                a[i * M + j] = 1.0 / (1 + abs(i - j)) + (i + j) % 3 * 0.1;
    for (int i = 0; i < M; i++)
        for (int j = 0; j < M; j++)
            deg[i] += a[i * M + j];
    CHECK_INT_EQ(nm_cl_spectrum(a, M, eval, evec, &err), NM_OK);
    for (int k = 0; k < M; k++) {
        size_t big = 0;
        for (int i = 0; i < M; i++) {
            double mv = 0; /* (D^-1/2 A D^-1/2 v)_i */
            for (int j = 0; j < M; j++)
                mv += a[i * M + j] / sqrt(deg[i] * deg[j]) * evec[j * M + k];
            CHECK_NEAR(mv, eval[k] * evec[i * M + k], 1e-10);
            if (fabs(evec[i * M + k]) > fabs(evec[big * M + k]))
                big = (size_t)i;
        }
        CHECK(evec[big * M + k] > 0);
        for (int l = 0; l < M; l++) {
            double dot = 0;
            for (int i = 0; i < M; i++)
                dot += evec[i * M + k] * evec[i * M + l];
            CHECK_NEAR(dot, k == l ? 1.0 : 0.0, 1e-10);
        }
        if (k)
            CHECK(eval[k - 1] >= eval[k]);
    }
    CHECK_NEAR(eval[0], 1, 1e-12); /* a connected graph: 1 once */
    CHECK(eval[1] < 1 - 1e-9);
}

/* The k in [lo, hi] after which the eigenvalues drop most; the smallest
 * on ties. */
static void the_eigengap_chooses_the_largest_drop_and_the_smallest_k_on_ties(void)
{
    static const double clear[] = {1, 0.99, 0.98, 0.3, 0.2, 0.1};
    CHECK_INT_EQ(nm_cl_eigengap(clear, 1, 5), 3);
    CHECK_INT_EQ(nm_cl_eigengap(clear, 2, 5), 3);
    CHECK_INT_EQ(nm_cl_eigengap(clear, 4, 4), 4);
    static const double even[] = {1, 0.5, 0, -0.5, -1};
    CHECK_INT_EQ(nm_cl_eigengap(even, 1, 4), 1);
    CHECK_INT_EQ(nm_cl_eigengap(even, 2, 4), 2);
}

/* Rows of the first k eigenvectors, each scaled to unit length; a row of
 * zeros stays zero. */
static void the_embedding_is_the_first_k_columns_with_rows_of_unit_length(void)
{
    static const double evec[9] = {3, 4, 9,
                                   0, 0, 9,
                                   -0.5, 0, 9};
    double y[6];
    nm_cl_embed(evec, 3, 2, y);
    CHECK_NEAR(y[0], 0.6, 1e-12);
    CHECK_NEAR(y[1], 0.8, 1e-12);
    CHECK_NEAR(y[2], 0, 0);
    CHECK_NEAR(y[3], 0, 0);
    CHECK_NEAR(y[4], -1, 1e-12);
    CHECK_NEAR(y[5], 0, 0);
}

static void sizes_that_overflow_multiply_to_size_max(void)
{
    CHECK_INT_EQ(nm_cl_mul(3, 4), 12);
    CHECK_INT_EQ(nm_cl_mul(0, SIZE_MAX), 0);
    CHECK(nm_cl_mul(SIZE_MAX / 2, 3) == SIZE_MAX);
}

int main(void)
{
    gsl_set_error_handler_off(); /* as main.c: statuses are checked */
    RUN(two_disconnected_blocks_have_eigenvalue_1_twice);
    RUN(eigenvectors_are_orthonormal_with_their_largest_entry_positive);
    RUN(the_eigengap_chooses_the_largest_drop_and_the_smallest_k_on_ties);
    RUN(the_embedding_is_the_first_k_columns_with_rows_of_unit_length);
    RUN(sizes_that_overflow_multiply_to_size_max);
    return check_finish();
}
