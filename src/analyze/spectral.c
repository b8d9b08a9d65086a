/* spectral.c - eigenpairs of the normalised affinity, the eigengap and the
 * spectral embedding (Ng, Jordan and Weiss 2001). */
#include <gsl/gsl_eigen.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_matrix.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cluster_parts.h"
#include "needmap/alloc.h"

size_t nm_cl_mul(size_t n, size_t m)
{
    if (m && n > SIZE_MAX / m)
        return SIZE_MAX;
    return n * m;
}

static nm_status gsl_failed(nm_error *err, const char *what, int status)
{
    return nm_error_set(err, NM_ERR_INTERNAL, NULL, 0, 0,
                        "competence clustering: %s failed: %s (GSL status %d); "
                        "please report this with the input", what, gsl_strerror(status), status);
}

/* m[i][j] = a[i][j] / sqrt(deg_i deg_j): the symmetric normalised affinity. */
static void normalise(const double *a, size_t m, double *out)
{
    double *s = nm_calloc(m, sizeof *s);
    for (size_t i = 0; i < m; i++) {
        double deg = 0;
        for (size_t j = 0; j < m; j++)
            deg += a[i * m + j];
        s[i] = 1.0 / sqrt(deg);
    }
    for (size_t i = 0; i < m; i++)
        for (size_t j = 0; j < m; j++)
            out[i * m + j] = a[i * m + j] * s[i] * s[j];
    free(s);
}

/* Make the largest-magnitude entry of each column positive, so the result
 * does not depend on the sign the solver happened to return. */
static void fix_signs(double *evec, size_t m)
{
    for (size_t j = 0; j < m; j++) {
        size_t best = 0;
        for (size_t i = 1; i < m; i++)
            if (fabs(evec[i * m + j]) > fabs(evec[best * m + j]))
                best = i;
        if (evec[best * m + j] < 0)
            for (size_t i = 0; i < m; i++)
                evec[i * m + j] = -evec[i * m + j];
    }
}

static nm_status check_finite(const double *eval, size_t m, nm_error *err)
{
    for (size_t i = 0; i < m; i++)
        if (!isfinite(eval[i]))
            return nm_error_set(err, NM_ERR_INTERNAL, NULL, 0, 0,
                                "competence clustering: eigenvalue %zu is not finite; "
                                "please report this with the input", i + 1);
    return NM_OK;
}

nm_status nm_cl_spectrum(const double *a, size_t m, double *eval, double *evec, nm_error *err)
{
    double *work = nm_calloc(nm_cl_mul(m, m), sizeof *work);
    normalise(a, m, work);
    /* gsl_eigen_symmv destroys its input: work is a scratch copy. */
    gsl_matrix_view mv = gsl_matrix_view_array(work, m, m);
    gsl_vector_view ev = gsl_vector_view_array(eval, m);
    gsl_matrix_view vv = gsl_matrix_view_array(evec, m, m);
    gsl_eigen_symmv_workspace *w = gsl_eigen_symmv_alloc(m);
    nm_status st = NM_OK;
    int rc;
    if (!w)
        st = gsl_failed(err, "gsl_eigen_symmv_alloc", GSL_ENOMEM);
    else if ((rc = gsl_eigen_symmv(&mv.matrix, &ev.vector, &vv.matrix, w)) != GSL_SUCCESS)
        st = gsl_failed(err, "gsl_eigen_symmv", rc);
    else if ((rc = gsl_eigen_symmv_sort(&ev.vector, &vv.matrix, GSL_EIGEN_SORT_VAL_DESC)) !=
             GSL_SUCCESS)
        st = gsl_failed(err, "gsl_eigen_symmv_sort", rc);
    else
        st = check_finite(eval, m, err);
    if (st == NM_OK)
        fix_signs(evec, m);
    gsl_eigen_symmv_free(w);
    free(work);
    return st;
}

void nm_cl_sharpen(const double *a, size_t m, double *out)
{
    double *deg = nm_calloc(m, sizeof *deg), total = 0;
    for (size_t i = 0; i < m; i++) {
        for (size_t j = 0; j < m; j++)
            deg[i] += a[i * m + j];
        total += deg[i];
    }
    for (size_t i = 0; i < m; i++)
        for (size_t j = 0; j < m; j++) {
            double b = a[i * m + j] - (i == j ? 0 : deg[i] * deg[j] / total);
            out[i * m + j] = (b > 0 ? b : 0) + NM_CL_FLOOR * a[i * m + j];
        }
    free(deg);
}

int nm_cl_eigengap(const double *eval, int lo, int hi)
{
    int best = lo;
    for (int k = lo + 1; k <= hi; k++)
        if (eval[k - 1] - eval[k] > eval[best - 1] - eval[best])
            best = k;
    return best;
}

void nm_cl_embed(const double *evec, size_t m, size_t k, double *y)
{
    for (size_t i = 0; i < m; i++) {
        double norm = 0;
        for (size_t j = 0; j < k; j++) {
            y[i * k + j] = evec[i * m + j];
            norm += y[i * k + j] * y[i * k + j];
        }
        norm = sqrt(norm);
        if (norm > 0)
            for (size_t j = 0; j < k; j++)
                y[i * k + j] /= norm;
    }
}
