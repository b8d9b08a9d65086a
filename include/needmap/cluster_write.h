/* cluster_write.h - stage 5: clusters.csv and the "clusters" member of
 * summary.json, from an nm_clusters and the demand table it was built from.
 *
 * nm_write_clusters_csv writes one whole file to a caller-owned FILE;
 * nm_clusters_json returns a new cJSON object the caller owns (add it to
 * the summary or cJSON_Delete it).  Neither keeps anything.
 *
 * Figures come from the demand table and its suppression (privacy.h).
 * Need types are never added together: each total is per need type.  A
 * member's figures are published when its roll-up cell is.  A cluster's
 * total for a need type is the sum over its members, with the distinct
 * respondents behind them.  Like a cell of the table it is hidden as
 * "primary" when fewer respondents than the suppression's minimum stand
 * behind it (with none it is a published 0), and as "secondary" when
 * exactly one of the members' cells of that need type is hidden, since the
 * published members would give that one away by subtraction.  Clusters
 * are ranked per need type by published total (highest first, then id);
 * hidden totals come last, unranked.  See docs/method.md.
 */
#ifndef NEEDMAP_CLUSTER_WRITE_H
#define NEEDMAP_CLUSTER_WRITE_H

#include <cjson/cJSON.h>
#include <stdio.h>

#include "needmap/cluster.h"
#include "needmap/demand.h"
#include "needmap/privacy.h"
#include "needmap/refdata.h"
#include "needmap/write.h"

/* clusters.csv: one row per need type, cluster and member (need types that
 * no clustered competence has are left out), clusters in rank order, then
 * the competences not grouped.  RFC 4180 or Swedish Excel, and the
 * internal_use_only column, as o says. */
void nm_write_clusters_csv(FILE *f,                  /* (output) written from its position */
                           const nm_clusters *c,     /* (input) from nm_cluster_build on d */
                           const nm_demand *d,       /* (input) finished table */
                           const nm_suppression *s,  /* (input) d's suppression; NULL: none */
                           const nm_refdata *ref,    /* (input) labels */
                           const nm_output_opts *o); /* (input) excel, internal */

/* The same content for summary.json, plus how k was chosen, the options,
 * the eigenvalues and the notes. */
cJSON *nm_clusters_json(const nm_clusters *c,        /* (input) from nm_cluster_build on d */
                        const nm_demand *d,          /* (input) finished table */
                        const nm_suppression *s,     /* (input) d's suppression; NULL: none */
                        const nm_refdata *ref,       /* (input) labels */
                        int internal);               /* (input) --internal: hidden ones say
                                                        primary/secondary (nm_suppressed_word) */

/* Every cluster's total for one need type as clusters.csv publishes it
 * (same sums, suppression and ranks), in rank order: c->n entries in a
 * new array the caller frees (NULL when c->n is 0).  For the report. */
typedef struct nm_cluster_total {
    size_t cluster;             /* index into c->list */
    double demand, low, high;   /* sums over the members (hidden: not to publish) */
    uint64_t unknown;           /* needs without a number */
    uint64_t respondents;       /* distinct, over the members */
    nm_suppress suppress;       /* as cluster_suppressed */
    uint32_t rank;              /* 1-based; 0 when hidden */
} nm_cluster_total;

nm_cluster_total *nm_cluster_totals(const nm_clusters *c,      /* (input) */
                                    const nm_demand *d,        /* (input) finished table */
                                    const nm_suppression *s,   /* (input) d's suppression;
                                                                  NULL: none */
                                    int need);                 /* (input) nm_need */

/* 1 when any competence of c has an answer of this need type (clusters.csv
 * has rows for it). */
int nm_clusters_need_present(const nm_clusters *c, int need);

#endif
