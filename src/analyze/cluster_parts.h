/* cluster_parts.h - the parts of competence clustering, shared by cluster.c
 * (partition, result), cluster_items.c (the items), affinity.c (features
 * and affinity), spectral.c (eigenvectors, eigengap, embedding) and
 * kmeans.c (k-means++).  Internal to src/analyze/.
 *
 * Matrices are dense, row-major double arrays owned by the caller; these
 * functions allocate only their own workspaces and free them before
 * returning.  GSL statuses become NM_ERR_INTERNAL with a message.
 */
#ifndef NEEDMAP_CLUSTER_PARTS_H
#define NEEDMAP_CLUSTER_PARTS_H

#include <stddef.h>
#include <stdint.h>

#include "needmap/buf.h"
#include "needmap/cluster.h"
#include "needmap/demand.h"
#include "needmap/refdata.h"
#include "needmap/status.h"
#include "needmap/strmap.h"

/* The competences clustered, in table order.  Owns m and index. */
typedef struct nm_cl_items {
    nm_cluster_member *m;   /* the items */
    size_t n, cap;
    nm_strmap *index;       /* competence key text -> item + 1 */
} nm_cl_items;

/* The items of a finished table, in table order (competence order):
 * SSYK codes and named competences at their given level, each with its
 * roll-up for all municipalities per need type.  Free with
 * nm_cl_items_free. */
void nm_cl_items_collect(const nm_demand *d, nm_cl_items *it);
void nm_cl_items_free(nm_cl_items *it);

/* The item of a competence key, or SIZE_MAX. */
size_t nm_cl_item_find(const nm_cl_items *it, const nm_comp_key *k);

/* A competence key as the text the item and cluster indices use:
 * "#CODE" or "~label" (b is reset first). */
void nm_cl_comp_text(nm_buf *b, const nm_comp_key *k);

/* What a need without a number adds to a competence's demand in a
 * municipality, for the affinity only (never to a published figure). */
#define NM_CL_PRESENCE 1.0

/* The blended affinity of the items:
 *   (1 - w) * ((1 - rw) * demand cosine + rw * respondent cosine) + w * SSYK,
 * where the demand cosine is over municipality x need type of the square
 * roots of demand (+ NM_CL_PRESENCE per need without a number), the
 * respondent cosine over (respondent, need type) pairs of the national
 * cells, and SSYK is 1 for the same level-3 group, 0.5 for the same
 * level-2 group, else 0.  Zero on the diagonal, and for every pair with an
 * item that has no demand at all. */
nm_status nm_cl_affinity(const nm_demand *d,      /* (input) finished table */
                         const nm_refdata *ref,   /* (input) municipalities */
                         const nm_cl_items *it,   /* (input) the n items */
                         double rw,               /* (input) respondent weight, 0..1 */
                         double w,                /* (input) taxonomy weight, 0..1 */
                         double *a,               /* (output) n x n, row-major */
                         nm_error *err);          /* (output) on failure */

/* SSYK proximity: 1 for the same level-3 group, 0.5 for the same level-2
 * group, else 0 (also for named competences, which have no code). */
double nm_cl_taxonomy(const nm_comp_key *a, const nm_comp_key *b);

/* c = x x^T with GSL BLAS, mirrored and clamped to [0, 1]. */
nm_status nm_cl_cosine(const double *x, /* (input) n x p, rows of unit length or zero */
                       size_t n,        /* (input) rows */
                       size_t p,        /* (input) columns, >= 1 */
                       double *c,       /* (output) n x n */
                       nm_error *err);  /* (output) when GSL fails */

/* a = (1 - w) * ((1 - rw) * a + rw * r) + w * SSYK proximity, with the
 * diagonal and the rows and columns of items whose row of x is zero at 0. */
void nm_cl_blend(const nm_cl_items *it, /* (input) the n items */
                 const double *x,       /* (input) n x p demand features */
                 size_t p,              /* (input) feature columns */
                 const double *r,       /* (input) n x n respondent cosine */
                 double rw,             /* (input) respondent weight, 0..1 */
                 double w,              /* (input) taxonomy weight, 0..1 */
                 double *a);            /* (input/output) n x n: demand cosine in,
                                           affinity out */

/* The respondents of a table in a canonical order (by their sorted lists
 * of detail cells, which does not depend on the order of input rows or of
 * the respondent log), for resampling.  Owns its arrays. */
typedef struct nm_cl_resp {
    uint32_t *cells;   /* every respondent's detail cells, ascending, one after another */
    size_t *start;     /* n + 1: respondent r's cells are cells[start[r] .. start[r + 1]) */
    size_t n;          /* respondents */
} nm_cl_resp;

void nm_cl_resp_collect(const nm_demand *d, nm_cl_resp *r /* (output) */);
void nm_cl_resp_free(nm_cl_resp *r);

/* The affinity of nm_cl_affinity with every respondent counted w[r] times
 * (a bootstrap resample): a detail cell's demand is scaled by the weight
 * of its respondents over their number (each respondent taken to bring an
 * equal share), the respondent cosine counts each respondent w[r] times.
 * With every weight 1 it equals nm_cl_affinity up to rounding. */
nm_status nm_cl_affinity_weighted(const nm_demand *d,    /* (input) finished table */
                                  const nm_refdata *ref, /* (input) municipalities */
                                  const nm_cl_items *it, /* (input) the n items */
                                  const nm_cl_resp *resp,/* (input) the respondents */
                                  const double *w,       /* (input) resp->n weights >= 0 */
                                  double rw,             /* (input) respondent weight */
                                  double tw,             /* (input) taxonomy weight */
                                  double *a,             /* (output) n x n */
                                  nm_error *err);        /* (output) when GSL fails */

/* A partition of the grouped items whose stability is measured. */
typedef struct nm_cl_cand {
    size_t k;              /* (input) clusters asked of k-means on each resample */
    const size_t *assign;  /* (input) m cluster numbers, below nclusters */
    size_t nclusters;      /* (input) */
    double stability;      /* (output) mean ARI with the resamples' partitions, NaN if none */
    double *jaccard;       /* (output) nclusters: mean over resamples of each cluster's
                              largest Jaccard coefficient with a resample's cluster;
                              caller's array */
    size_t *jcount;        /* (scratch) nclusters; caller's array */
} nm_cl_cand;

/* Bootstrap stability (Hennig 2007): o->resamples times, draw the
 * respondents with replacement, recompute the affinity of the grouped
 * items (those left with no affinity drop out of that resample), its
 * spectrum, and k-means with each candidate's k; compare each candidate
 * with that partition over the items left.  Resamples with fewer than
 * three items left are skipped. */
nm_status nm_cl_bootstrap(const nm_demand *d,       /* (input) finished table */
                          const nm_refdata *ref,    /* (input) municipalities */
                          const nm_cl_items *it,    /* (input) all n items */
                          const size_t *idx,        /* (input) m grouped items, ascending */
                          size_t m,                 /* (input) >= 2 */
                          const nm_cluster_opts *o, /* (input) seed, resamples, weights */
                          nm_cl_cand *cand,         /* (input/output) ncand candidates */
                          size_t ncand,
                          nm_error *err);           /* (output) when GSL fails */

/* The features of every item of a table, as the affinity reads them: the
 * demand profile (n x p: square roots of demand per municipality x need
 * type, not scaled: the cosine scales each row) and the answers behind it: for every
 * respondent of every detail cell of the item, the bucket respondent *
 * NM_NEED_N + need (respondents in the canonical order of nm_cl_resp) and
 * the cell's column of x (SIZE_MAX when its municipality is unknown).
 * The item's respondent features are its distinct buckets.  Owns its
 * arrays. */
typedef struct nm_cl_features {
    double *x;         /* n x p */
    size_t n, p;
    size_t *rstart;    /* n + 1: item i's answers are [rstart[i], rstart[i + 1]) */
    size_t *rcol;      /* per answer: bucket */
    size_t *rslot;     /* per answer: column of x */
    size_t nrcols;     /* buckets possible */
} nm_cl_features;

void nm_cl_features_collect(const nm_demand *d, const nm_refdata *ref, const nm_cl_items *it,
                            nm_cl_features *f /* (output) */);
void nm_cl_features_free(nm_cl_features *f);

/* Permutations of a split test: a split is kept when fewer than
 * NM_CL_SPLIT_ALPHA of the permuted clusters split as clearly. */
enum { NM_CL_SPLIT_PERMS = 99 };
#define NM_CL_SPLIT_ALPHA 0.02
/* ... and when its own split is material: the second eigenvalue of its
 * normalised affinity at least this. */
#define NM_CL_SPLIT_LAMBDA 0.05
/* The smallest cluster tested for a split. */
enum { NM_CL_SPLIT_MIN = 4 };

/* The split test (cluster_split.c): each cluster of assign with at least
 * NM_CL_SPLIT_MIN members is split in two (spectral, on its own sharpened
 * affinity) when the second eigenvalue of its own normalised affinity is
 * larger than in all but a share NM_CL_SPLIT_ALPHA of NM_CL_SPLIT_PERMS
 * copies of the cluster whose features are permuted among its members,
 * column by column (a null model in which the members are exchangeable:
 * no grouping inside the cluster); the two parts are tested again, until
 * no cluster splits or *k reaches kmax.  New clusters are numbered *k,
 * *k + 1, ... in the order they are made.  Deterministic for o->seed. */
nm_status nm_cl_split(const nm_cl_features *f,   /* (input) features of all items */
                      const nm_cl_items *it,     /* (input) all items (taxonomy) */
                      const size_t *idx,         /* (input) m grouped items */
                      size_t m,                  /* (input) */
                      const nm_cluster_opts *o,  /* (input) weights, seed, restarts */
                      size_t kmax,               /* (input) most clusters made */
                      size_t *assign,            /* (input/output) m cluster numbers */
                      size_t *k,                 /* (input/output) clusters */
                      nm_error *err);            /* (output) when GSL fails */

/* n * m, or SIZE_MAX when that overflows (so an allocation of that many
 * elements fails with the out-of-memory message instead of being short). */
size_t nm_cl_mul(size_t n, size_t m);

/* The share of the affinity kept under the sharpened affinity. */
#define NM_CL_FLOOR 0.01

/* The affinity above what the items' degrees alone predict (the positive
 * part of the modularity matrix, Newman 2006):
 *   out[i][j] = max(0, a[i][j] - d_i d_j / D) + NM_CL_FLOOR * a[i][j],
 * d_i the degree of i and D the sum of degrees; the floor keeps every
 * item connected as before.  Clustering is done on it: a background of
 * affinity that every pair shares (demand in the same towns) no longer
 * hides the groups. */
void nm_cl_sharpen(const double *a, /* (input) m x m affinity, zero diagonal */
                   size_t m,        /* (input) items */
                   double *out);    /* (output) m x m */

/* Eigenpairs of the symmetric normalised affinity D^-1/2 A D^-1/2 of m items
 * (every degree > 0), sorted by eigenvalue (descending), each eigenvector's
 * sign fixed so its largest-magnitude entry (first on ties) is positive. */
nm_status nm_cl_spectrum(const double *a,  /* (input) m x m affinity, symmetric, zero diagonal */
                         size_t m,         /* (input) items, >= 2 */
                         double *eval,     /* (output) m eigenvalues */
                         double *evec,     /* (output) m x m; column j is eigenvector j */
                         nm_error *err);   /* (output) when GSL fails */

/* The k in [lo, hi] with the largest gap eval[k-1] - eval[k] (smallest k on
 * ties). */
int nm_cl_eigengap(const double *eval, /* (input) at least hi + 1 eigenvalues, descending */
                   int lo,             /* (input) smallest k, >= 1 */
                   int hi);            /* (input) largest k, >= lo */

/* The spectral embedding: the first k eigenvectors as rows of m points,
 * each row scaled to unit length (rows of zeros stay zero). */
void nm_cl_embed(const double *evec, /* (input) m x m, eigenvectors in columns */
                 size_t m,           /* (input) items */
                 size_t k,           /* (input) eigenvectors used, 1..m */
                 double *y);         /* (output) m x k */

/* k-means++ on m points of dimension dim, `restarts` times from one mt19937
 * stream seeded with seed; keeps the assignment with the lowest inertia
 * (the earliest run on ties).  Clusters are numbered 0..k-1 in order of
 * their first point; fewer than k when points coincide. */
nm_status nm_cl_kmeans(const double *y,   /* (input) m x dim points */
                       size_t m,          /* (input) points, >= 1 */
                       size_t dim,        /* (input) coordinates per point, >= 1 */
                       size_t k,          /* (input) clusters wanted, 1..m */
                       uint64_t seed,     /* (input) folded to 32 bits for mt19937 */
                       int restarts,      /* (input) runs, >= 1 */
                       size_t *assign,    /* (output) m cluster numbers */
                       size_t *nclusters, /* (output) clusters made, <= k */
                       nm_error *err);    /* (output) when GSL fails */

#endif
