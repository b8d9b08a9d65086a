/* kmeans.c - k-means++ (Arthur and Vassilvitskii 2007) with Lloyd's
 * iterations and restarts, on an explicitly seeded gsl_rng. */
#include <gsl/gsl_errno.h>
#include <gsl/gsl_rng.h>
#include <stdlib.h>
#include <string.h>

#include "cluster_parts.h"
#include "needmap/alloc.h"

enum { KM_MAX_ITER = 300 };

typedef struct km {
    const double *y;   /* m x dim points */
    size_t m, dim, k;
    double *centers;   /* k x dim */
    size_t *assign;    /* m; SIZE_MAX before the first assignment */
    size_t *size;      /* k: points per cluster */
} km;

static double dist2(const double *a, const double *b, size_t dim)
{
    double s = 0;
    for (size_t j = 0; j < dim; j++)
        s += (a[j] - b[j]) * (a[j] - b[j]);
    return s;
}

static const double *point(const km *s, size_t i) { return s->y + i * s->dim; }
static double *center(const km *s, size_t c) { return s->centers + c * s->dim; }

/* The next center drawn with probability proportional to d2 (uniformly when
 * every point already coincides with a center). */
static size_t draw(const double *d2, size_t m, gsl_rng *r)
{
    double total = 0;
    for (size_t i = 0; i < m; i++)
        total += d2[i];
    if (!(total > 0))
        return (size_t)gsl_rng_uniform_int(r, m);
    double u = gsl_rng_uniform(r) * total, run = 0;
    size_t last = 0;
    for (size_t i = 0; i < m; i++) {
        if (d2[i] <= 0)
            continue;
        run += d2[i];
        last = i;
        if (run > u)
            return i;
    }
    return last;
}

static void plusplus(km *s, gsl_rng *r, double *d2)
{
    size_t first = (size_t)gsl_rng_uniform_int(r, s->m);
    memcpy(center(s, 0), point(s, first), s->dim * sizeof(double));
    for (size_t i = 0; i < s->m; i++)
        d2[i] = dist2(point(s, i), center(s, 0), s->dim);
    for (size_t c = 1; c < s->k; c++) {
        size_t pick = draw(d2, s->m, r);
        memcpy(center(s, c), point(s, pick), s->dim * sizeof(double));
        for (size_t i = 0; i < s->m; i++) {
            double d = dist2(point(s, i), center(s, c), s->dim);
            if (d < d2[i])
                d2[i] = d;
        }
    }
}

/* Each point to its nearest center (the lowest number on ties); returns how
 * many points changed cluster. */
static size_t assign_all(km *s)
{
    size_t changed = 0;
    memset(s->size, 0, s->k * sizeof *s->size);
    for (size_t i = 0; i < s->m; i++) {
        size_t best = 0;
        double bd = dist2(point(s, i), center(s, 0), s->dim);
        for (size_t c = 1; c < s->k; c++) {
            double d = dist2(point(s, i), center(s, c), s->dim);
            if (d < bd)
                bd = d, best = c;
        }
        changed += s->assign[i] != best;
        s->assign[i] = best;
        s->size[best]++;
    }
    return changed;
}

/* An empty cluster takes the point farthest from its center (first on
 * ties), if that point is not on its center and its cluster keeps others. */
static void reseed_empty(km *s)
{
    for (size_t c = 0; c < s->k; c++) {
        if (s->size[c])
            continue;
        size_t far = SIZE_MAX;
        double fd = 0;
        for (size_t i = 0; i < s->m; i++) {
            double d = dist2(point(s, i), center(s, s->assign[i]), s->dim);
            if (s->size[s->assign[i]] > 1 && d > fd)
                fd = d, far = i;
        }
        if (far == SIZE_MAX)
            continue;
        s->size[s->assign[far]]--;
        s->assign[far] = c;
        s->size[c] = 1;
        memcpy(center(s, c), point(s, far), s->dim * sizeof(double));
    }
}

static void update_centers(km *s)
{
    for (size_t c = 0; c < s->k; c++)
        if (s->size[c])
            memset(center(s, c), 0, s->dim * sizeof(double));
    for (size_t i = 0; i < s->m; i++)
        for (size_t j = 0; j < s->dim; j++)
            center(s, s->assign[i])[j] += point(s, i)[j];
    for (size_t c = 0; c < s->k; c++)
        for (size_t j = 0; s->size[c] && j < s->dim; j++)
            center(s, c)[j] /= (double)s->size[c];
}

static double lloyd(km *s)
{
    for (size_t i = 0; i < s->m; i++)
        s->assign[i] = SIZE_MAX;
    for (int it = 0; it < KM_MAX_ITER; it++) {
        size_t changed = assign_all(s);
        reseed_empty(s);
        update_centers(s);
        if (!changed)
            break;
    }
    double inertia = 0;
    for (size_t i = 0; i < s->m; i++)
        inertia += dist2(point(s, i), center(s, s->assign[i]), s->dim);
    return inertia;
}

/* Number clusters in order of their first point; returns how many. */
static size_t renumber(size_t *assign, size_t m, size_t k)
{
    size_t *map = nm_calloc(k, sizeof *map), made = 0;
    for (size_t c = 0; c < k; c++)
        map[c] = SIZE_MAX;
    for (size_t i = 0; i < m; i++) {
        if (map[assign[i]] == SIZE_MAX)
            map[assign[i]] = made++;
        assign[i] = map[assign[i]];
    }
    free(map);
    return made;
}

/* 32 bits for mt19937, from all 64 of the seed. */
static unsigned long fold_seed(uint64_t seed)
{
    return (unsigned long)((seed ^ (seed >> 32)) & 0xffffffffu);
}

nm_status nm_cl_kmeans(const double *y, size_t m, size_t dim, size_t k, uint64_t seed,
                       int restarts, size_t *assign, size_t *nclusters, nm_error *err)
{
    gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
    if (!r)
        return nm_error_set(err, NM_ERR_INTERNAL, NULL, 0, 0,
                            "competence clustering: gsl_rng_alloc failed: %s",
                            gsl_strerror(GSL_ENOMEM));
    gsl_rng_set(r, fold_seed(seed));
    km s = {y, m, dim, k, nm_calloc(nm_cl_mul(k, dim), sizeof(double)),
            nm_calloc(m, sizeof(size_t)), nm_calloc(k, sizeof(size_t))};
    double *d2 = nm_calloc(m, sizeof *d2), best = 0;
    for (int run = 0; run < restarts; run++) {
        plusplus(&s, r, d2);
        double inertia = lloyd(&s);
        if (run == 0 || inertia < best) {
            best = inertia;
            memcpy(assign, s.assign, m * sizeof *assign);
        }
    }
    *nclusters = renumber(assign, m, k);
    free(d2);
    free(s.centers);
    free(s.assign);
    free(s.size);
    gsl_rng_free(r);
    return NM_OK;
}
