/* cluster.h - stage 4: groups of competences whose demand goes together,
 * found by normalised spectral clustering of the demand table.
 *
 * nm_cluster_build fills an nm_clusters that the caller frees with
 * nm_clusters_free (NULL, a zeroed and an already freed nm_clusters are
 * no-ops).  The result owns its arrays, labels and notes; it borrows the
 * demand table (competence labels, cell indices), which must outlive it and
 * must not change after it is built.  It holds no published figure: writers
 * (cluster_write.h) take demand and suppression flags from the table.
 *
 * The same table and options always give the same result: the items are
 * taken in table order (which does not depend on the order of the input
 * rows), ties are broken by that order, and the random steps, k-means++
 * and the bootstrap resamples of respondents (drawn over the respondents in
 * a canonical order, on the calling thread), draw from gsl_rngs (mt19937)
 * seeded with opts->seed.  nm_cluster_build
 * switches GSL's error handler off for the whole process
 * (gsl_set_error_handler_off); every GSL status is checked and reported as
 * NM_ERR_INTERNAL.  See docs/method.md, "Competence clusters".
 */
#ifndef NEEDMAP_CLUSTER_H
#define NEEDMAP_CLUSTER_H

#include <stddef.h>
#include <stdint.h>

#include "needmap/demand.h"
#include "needmap/refdata.h"
#include "needmap/status.h"
#include "needmap/strmap.h"

enum {
    NM_CLUSTER_KMAX_DEFAULT = 8,       /* largest k the eigengap may choose */
    NM_CLUSTER_RESTARTS_DEFAULT = 10,  /* k-means++ runs; the best is kept */
    NM_CLUSTER_RESAMPLES_DEFAULT = 50  /* bootstrap resamples for stability */
};
#define NM_CLUSTER_TAXONOMY_WEIGHT_DEFAULT 0.3
#define NM_CLUSTER_RESPONDENT_WEIGHT_DEFAULT 0.5
#define NM_CLUSTER_SEED_DEFAULT 1u
/* A grouping is clear when its bootstrap stability (mean ARI) reaches this;
 * a cluster is weak when its stability (mean Jaccard) is below
 * NM_CLUSTER_WEAK_JACCARD or its mean silhouette below NM_CLUSTER_WEAK_SILHOUETTE
 * (docs/method.md, "How many clusters"). */
#define NM_CLUSTER_STABLE_MIN 0.5
#define NM_CLUSTER_WEAK_JACCARD 0.6
#define NM_CLUSTER_WEAK_SILHOUETTE 0.1
/* ... and clear when its stability reaches NM_CLUSTER_CLEAR_JACCARD and its
 * mean silhouette NM_CLUSTER_CLEAR_SILHOUETTE; moderate in between. */
#define NM_CLUSTER_CLEAR_JACCARD 0.75
#define NM_CLUSTER_CLEAR_SILHOUETTE 0.25

typedef struct nm_cluster_opts {
    int k;                   /* clusters wanted (>= 1), or 0: chosen by bootstrap
                                stability (or the eigengap without resamples)
                                (--clusters K) */
    int kmax;                /* k is chosen in [2, kmax]; >= 2 (--cluster-kmax N) */
    double taxonomy_weight;  /* 0..1: share of SSYK proximity in the affinity, the
                                rest is demand similarity (--taxonomy-weight W) */
    double respondent_weight; /* 0..1: share of shared respondents in the demand
                                similarity, the rest is the demand profile
                                (--respondent-weight R, if exposed) */
    uint64_t seed;           /* seed of k-means++ (mt19937 uses the low 32 bits
                                folded with the high ones; 0 means 4357) (--seed S) */
    int restarts;            /* k-means++ runs with different starts, >= 1; the
                                one with the lowest inertia is kept */
    int resamples;           /* bootstrap resamples of respondents for the
                                stability of clusters, >= 0; 0: none
                                (--cluster-resamples N) */
} nm_cluster_opts;

/* Set o to the defaults: k 0, kmax 8, taxonomy_weight 0.3,
 * respondent_weight 0.5, seed 1, restarts 10, resamples 50. */
void nm_cluster_opts_default(nm_cluster_opts *o /* (output) */);

/* One competence as it takes part in clustering. */
typedef struct nm_cluster_member {
    nm_comp_key comp;         /* the competence; label borrowed from the table */
    size_t cell[NM_NEED_N];   /* its roll-up for all municipalities at the level
                                 given (geo NM_GEO_ALL, comp_level 4), per need
                                 type; SIZE_MAX when it has no answer of that type */
    double silhouette;        /* -1..1: how much better it fits its own cluster
                                 than the nearest other; NaN when undefined (the
                                 only cluster, or not grouped) */
} nm_cluster_member;

typedef struct nm_cluster {
    int id;                       /* 1..n: by size (largest first), then by the
                                     first member in table order */
    char *label;                  /* Swedish: the most specific SSYK group (level
                                     2 or 3) shared by all members, else the
                                     member with most respondents + " m.fl."; owned */
    nm_cluster_member *members;   /* in table (competence) order; owned */
    size_t n;                     /* members, >= 1 */
    double silhouette_mean;       /* mean of the members' silhouettes; NaN when undefined */
    double stability;             /* 0..1: mean over bootstrap resamples of its largest
                                     Jaccard coefficient with a resample's cluster;
                                     NaN when not resampled or the only cluster */
    uint64_t respondents[NM_NEED_N]; /* distinct respondents over the members'
                                        cells, per need type */
    uint8_t total_hidden[NM_NEED_N]; /* its total of a need type hidden by the
                                        disclosure model, for any reason (set by
                                        nm_dc_apply; clusters.c only reads it:
                                        one rule, one place); 0 otherwise */
    uint8_t unknown_hidden[NM_NEED_N]; /* its total's needs_without_count hidden
                                          alone (nm_dc_apply) */
} nm_cluster;

/* One number of clusters tried. */
typedef struct nm_cluster_k {
    int k;              /* clusters asked of k-means */
    int made;           /* clusters made (k-means may make fewer; components split) */
    double silhouette;  /* mean silhouette of that partition; NaN for one cluster */
    double stability;   /* mean adjusted Rand index of it with the partitions of
                           bootstrap resamples; NaN when not resampled */
} nm_cluster_k;

/* How the number of clusters was decided. */
typedef enum nm_k_source {
    NM_K_NONE,       /* nothing was clustered (fewer than two competences to group) */
    NM_K_CHOSEN,     /* the candidate with the best separated, stable clusters
                        (docs/method.md, "How many clusters") */
    NM_K_OPTION,     /* opts.k, as given */
    NM_K_ADJUSTED,   /* opts.k or the chosen k changed: see notes */
    NM_K_UNCLEAR     /* no k gave a clear grouping: one cluster per component */
} nm_k_source;

typedef struct nm_clusters {
    nm_cluster *list;                 /* clusters, list[i].id == i + 1; owned */
    size_t n;                         /* number of clusters (the k used) */
    nm_cluster_member *ungrouped;     /* competences with nothing in common with any
                                         other, in table order; owned */
    size_t nungrouped;
    nm_k_source k_source;             /* how n was decided */
    size_t components;                /* groups of competences with nothing in common
                                         between groups (no cluster spans two) */
    nm_strmap *index;                 /* competence -> cluster id (nm_clusters_id_of) */
    double *eigenvalues;              /* the largest eigenvalues of the normalised
                                         affinity, descending (1 first); owned */
    size_t neigen;
    double silhouette_mean;           /* over all grouped members; NaN when undefined */
    double stability;                 /* mean ARI of the partition with the resamples'
                                         partitions; NaN when not resampled */
    int clear;                        /* 1: a clear grouping (at least two clusters,
                                         stability >= NM_CLUSTER_STABLE_MIN when
                                         resampled); 0: "no clear grouping" */
    nm_cluster_k *cand;               /* the k tried when k was chosen, ascending; owned */
    size_t ncand;
    char **notes;                     /* English sentences on degenerate cases and
                                         adjustments, for summary.json; owned */
    size_t nnotes;
    nm_cluster_opts opts;             /* the options used */
} nm_clusters;

/* Cluster the competences of a finished demand table.
 *
 * Items: the competences at their given level (SSYK codes and named
 * competences; never the unclassified group).  Affinity of two items:
 *   (1 - w) * ((1 - r) * D + r * R) + w * T
 * with w = taxonomy_weight, r = respondent_weight, D the cosine of their
 * square-root demand over municipality x need type, R the cosine of their
 * respondents per need type, T the taxonomy (1: same SSYK level-3 group,
 * 0.5: same level-2 group, else 0).  Items with no demand, or with zero
 * affinity to every other item, are not grouped.  Degenerate inputs (none
 * or one competence, k larger than the items allow, groups with nothing in
 * common) give a result with notes, not a failure.  Reads unsuppressed
 * values; publishes none.
 *
 * Returns NM_OK; NM_ERR_USAGE when an option is out of range (nothing
 * allocated); NM_ERR_INTERNAL when GSL fails (out is left empty).  The
 * caller turns GSL's aborting error handler off first, once for the
 * process (gsl_set_error_handler_off, as main does): this may run on a
 * thread beside others that use GSL. */
nm_status nm_cluster_build(const nm_demand *d,       /* (input) finished table */
                           const nm_refdata *ref,    /* (input) SSYK labels */
                           const nm_cluster_opts *o, /* (input) or NULL: defaults */
                           nm_clusters *out,         /* (output) free with nm_clusters_free */
                           nm_error *err);           /* (output) on failure */

void nm_clusters_free(nm_clusters *c);

/* How a cluster is to be read: "no clear grouping" (the result as a whole
 * is none), "weak" (stability below NM_CLUSTER_WEAK_JACCARD or mean
 * silhouette below NM_CLUSTER_WEAK_SILHOUETTE, or a cluster of one),
 * "clear" (stability and silhouette at least NM_CLUSTER_CLEAR_JACCARD and
 * NM_CLUSTER_CLEAR_SILHOUETTE; without resamples the silhouette alone), else
 * "moderate".  A static string. */
const char *nm_cluster_strength(const nm_clusters *cs, const nm_cluster *c);

/* The id of the cluster holding a competence, or -1 when it is not grouped
 * or was not clustered. */
int nm_clusters_id_of(const nm_clusters *c, const nm_comp_key *comp);

/* nm_clusters_id_of in the shape of pool.h's nm_cluster_of callback, for
 * pooling by cluster: ctx is the const nm_clusters *. */
int nm_clusters_id_of_ctx(void *ctx, const nm_comp_key *comp);

#endif
