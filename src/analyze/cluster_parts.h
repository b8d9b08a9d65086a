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

/* n * m, or SIZE_MAX when that overflows (so an allocation of that many
 * elements fails with the out-of-memory message instead of being short). */
size_t nm_cl_mul(size_t n, size_t m);

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
