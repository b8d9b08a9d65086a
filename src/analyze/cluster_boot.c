/* cluster_boot.c - how stable competence clusters are: the partitions
 * found on the whole table compared with those found on bootstrap
 * resamples of its respondents (Hennig 2007; Lange et al. 2004).
 * Resamples are drawn from one mt19937 stream seeded with the clustering
 * seed, over the respondents in a canonical order (cluster_resample.c), on
 * the calling thread: the same seed gives the same figures on any
 * machine and for any --threads. */
#include <gsl/gsl_errno.h>
#include <gsl/gsl_rng.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cluster_parts.h"
#include "needmap/alloc.h"

/* k-means++ runs on each resample (the whole table gets opts->restarts):
 * the resamples are many, and a poor start in one moves the mean little. */
enum { NM_CL_BOOT_RESTARTS = 3 };

static double choose2(double n) { return n * (n - 1) / 2; }

/* Adjusted Rand index (Hubert and Arabie 1985) of labelings a (below na)
 * and b (below nb) of the n items with keep[i]. */
static double ari(const size_t *a, size_t na, const size_t *b, size_t nb, const char *keep,
                  size_t n)
{
    double *t = nm_calloc(nm_cl_mul(na, nb), sizeof *t);
    double *ra = nm_calloc(na, sizeof *ra), *rb = nm_calloc(nb, sizeof *rb), total = 0;
    for (size_t i = 0; i < n; i++) {
        if (!keep[i])
            continue;
        t[a[i] * nb + b[i]]++;
        ra[a[i]]++;
        rb[b[i]]++;
        total++;
    }
    double index = 0, sa = 0, sb = 0;
    for (size_t i = 0; i < na * nb; i++)
        index += choose2(t[i]);
    for (size_t i = 0; i < na; i++)
        sa += choose2(ra[i]);
    for (size_t i = 0; i < nb; i++)
        sb += choose2(rb[i]);
    free(t);
    free(ra);
    free(rb);
    double expected = total > 1 ? sa * sb / choose2(total) : 0, max = (sa + sb) / 2;
    return max == expected ? 1.0 : (index - expected) / (max - expected);
}

/* For each cluster of a: the largest Jaccard coefficient |A n B| / |A u B|
 * with a cluster of b, over the items kept; NaN when none of it is kept. */
static void best_jaccard(const size_t *a, size_t na, const size_t *b, size_t nb,
                         const char *keep, size_t n, double *out)
{
    double *t = nm_calloc(nm_cl_mul(na, nb), sizeof *t);
    double *ra = nm_calloc(na, sizeof *ra), *rb = nm_calloc(nb, sizeof *rb);
    for (size_t i = 0; i < n; i++) {
        if (!keep[i])
            continue;
        t[a[i] * nb + b[i]]++;
        ra[a[i]]++;
        rb[b[i]]++;
    }
    for (size_t x = 0; x < na; x++) {
        out[x] = ra[x] > 0 ? 0 : NAN;
        for (size_t y = 0; ra[x] > 0 && y < nb; y++) {
            double j = t[x * nb + y] / (ra[x] + rb[y] - t[x * nb + y]);
            if (j > out[x])
                out[x] = j;
        }
    }
    free(t);
    free(ra);
    free(rb);
}

/* One resample's weights: resp->n draws with replacement. */
static void draw_weights(gsl_rng *r, size_t n, double *w)
{
    memset(w, 0, n * sizeof *w);
    for (size_t i = 0; i < n; i++)
        w[gsl_rng_uniform_int(r, n)] += 1;
}

/* The affinity among the grouped items in a resample, and which of them
 * have any affinity there (keep); returns how many. */
static size_t resample_affinity(const double *full, size_t n, const size_t *idx, size_t m,
                                char *keep, double *a)
{
    size_t kept = 0;
    for (size_t i = 0; i < m; i++) {
        double deg = 0;
        for (size_t j = 0; j < m; j++)
            deg += full[idx[i] * n + idx[j]];
        keep[i] = deg > 0;
        kept += keep[i] ? 1 : 0;
    }
    size_t r = 0;
    for (size_t i = 0; i < m; i++) {
        if (!keep[i])
            continue;
        size_t c = 0;
        for (size_t j = 0; j < m; j++)
            if (keep[j])
                a[r * kept + c++] = full[idx[i] * n + idx[j]];
        r++;
    }
    return kept;
}

typedef struct boot {
    const nm_cluster_opts *o;
    size_t m;              /* grouped items */
    nm_cl_cand *cand;
    size_t ncand;
    double *evec;          /* kept x kept */
    double *y;             /* kept x kmax */
    size_t *sub, *label;   /* kept; m */
    double *jac;           /* largest candidate size */
    size_t *counted;       /* per candidate: resamples compared */
} boot;

/* Compare every candidate with k-means on the resample's embedding (the
 * same k, no more than the kept items allow). */
static nm_status compare(boot *b, const char *keep, size_t kept, nm_error *err)
{
    for (size_t c = 0; c < b->ncand; c++) {
        nm_cl_cand *cd = &b->cand[c];
        size_t k = cd->k < kept ? cd->k : kept - 1, made;
        if (k < 2)
            continue;
        nm_cl_embed(b->evec, kept, k, b->y);
        int restarts = b->o->restarts < NM_CL_BOOT_RESTARTS ? b->o->restarts
                                                            : NM_CL_BOOT_RESTARTS;
        nm_status st = nm_cl_kmeans(b->y, kept, k, k, b->o->seed, restarts, b->sub, &made, err);
        if (st != NM_OK)
            return st;
        for (size_t i = 0, r = 0; i < b->m; i++)
            b->label[i] = keep[i] ? b->sub[r++] : 0;
        cd->stability += ari(cd->assign, cd->nclusters, b->label, made, keep, b->m);
        best_jaccard(cd->assign, cd->nclusters, b->label, made, keep, b->m, b->jac);
        for (size_t x = 0; x < cd->nclusters; x++)
            if (!isnan(b->jac[x]))
                cd->jaccard[x] += b->jac[x], cd->jcount[x]++;
        b->counted[c]++;
    }
    return NM_OK;
}

static void finish(boot *b)
{
    for (size_t c = 0; c < b->ncand; c++) {
        nm_cl_cand *cd = &b->cand[c];
        cd->stability = b->counted[c] ? cd->stability / (double)b->counted[c] : NAN;
        for (size_t x = 0; x < cd->nclusters; x++)
            cd->jaccard[x] = cd->jcount[x] ? cd->jaccard[x] / (double)cd->jcount[x] : NAN;
    }
}

nm_status nm_cl_bootstrap(const nm_demand *d, const nm_refdata *ref, const nm_cl_items *it,
                          const size_t *idx, size_t m, const nm_cluster_opts *o,
                          nm_cl_cand *cand, size_t ncand, nm_error *err)
{
    size_t n = it->n, maxk = 1, maxn = 1;
    for (size_t c = 0; c < ncand; c++) {
        cand[c].stability = 0;
        for (size_t x = 0; x < cand[c].nclusters; x++)
            cand[c].jaccard[x] = 0, cand[c].jcount[x] = 0;
        maxk = cand[c].k > maxk ? cand[c].k : maxk;
        maxn = cand[c].nclusters > maxn ? cand[c].nclusters : maxn;
    }
    nm_cl_resp resp;
    nm_cl_resp_collect(d, &resp);
    gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
    if (!r) {
        nm_cl_resp_free(&resp);
        return nm_error_set(err, NM_ERR_INTERNAL, NULL, 0, 0,
                            "competence clustering: gsl_rng_alloc failed");
    }
    gsl_rng_set(r, (unsigned long)((o->seed ^ (o->seed >> 32) ^ 0x9e3779b9u) & 0xffffffffu));
    boot b = {o, m, cand, ncand, nm_calloc(nm_cl_mul(m, m), sizeof(double)),
              nm_calloc(nm_cl_mul(m, maxk), sizeof(double)), nm_calloc(m, sizeof(size_t)),
              nm_calloc(m, sizeof(size_t)), nm_calloc(maxn, sizeof(double)),
              nm_calloc(ncand ? ncand : 1, sizeof(size_t))};
    double *w = nm_calloc(resp.n ? resp.n : 1, sizeof *w);
    double *full = nm_calloc(nm_cl_mul(n, n), sizeof *full);
    double *a = nm_calloc(nm_cl_mul(m, m), sizeof *a), *eval = nm_calloc(m, sizeof *eval);
    char *keep = nm_calloc(m, 1);
    nm_status st = NM_OK;
    for (int rep = 0; rep < o->resamples && st == NM_OK && resp.n; rep++) {
        draw_weights(r, resp.n, w);
        st = nm_cl_affinity_weighted(d, ref, it, &resp, w, o->respondent_weight,
                                     o->taxonomy_weight, full, err);
        size_t kept = st == NM_OK ? resample_affinity(full, n, idx, m, keep, a) : 0;
        if (kept < 3)
            continue;
        st = nm_cl_spectrum(a, kept, eval, b.evec, err);
        if (st == NM_OK)
            st = compare(&b, keep, kept, err);
    }
    finish(&b);
    free(keep);
    free(a);
    free(eval);
    free(full);
    free(w);
    free(b.evec);
    free(b.y);
    free(b.sub);
    free(b.label);
    free(b.jac);
    free(b.counted);
    gsl_rng_free(r);
    nm_cl_resp_free(&resp);
    return st;
}
