/* rank.h - competences ranked by demand, per need type, for all inputs, per
 * county and per municipality.
 *
 * Order: published cells by demand (descending), then respondents
 * (descending), then competence (SSYK code, then label); suppressed cells
 * follow, unranked, in competence order, so a rank never hints at a hidden
 * value.  Ranked cells are the roll-ups with competence "as given" (the
 * most specific level each answer had).  nm_rank_build fills an
 * nm_rankings the caller frees with nm_rankings_free; entries point at cells
 * of the table by index.  Which cells are hidden comes from the table's
 * suppression (NULL: none).
 */
#ifndef NEEDMAP_RANK_H
#define NEEDMAP_RANK_H

#include <stddef.h>
#include <stdint.h>

#include "needmap/demand.h"
#include "needmap/privacy.h"

typedef struct nm_rank_entry {
    size_t cell;      /* index into the demand table */
    uint32_t rank;    /* 1-based; 0 = suppressed, not ranked */
    uint32_t rank_lo, rank_hi;  /* 95% bootstrap interval of the rank (nm_rank_intervals);
                                   0 when there is none */
    double demand_lo, demand_hi; /* 95% bootstrap interval of the demand, people */
    /* With a sampling frame (frame.h; r->weighted): */
    double weighted, weighted_se;   /* estimated total and its standard error (se NaN:
                                       not estimable, a stratum with one respondent) */
    double weighted_lo, weighted_hi; /* its 95% interval (normal; the low end at least 0) */
    double response_rate;           /* answered / asked over the strata of its area */
    int low_response;               /* rests on a stratum below NM_LOW_RESPONSE */
} nm_rank_entry;

typedef struct nm_ranking {
    nm_geo_level geo;
    char geo_code[5];
    nm_need need;
    nm_rank_entry *entries;
    size_t n;
} nm_ranking;

typedef struct nm_rankings {
    nm_ranking *lists;   /* ordered by need, then geography (table order) */
    size_t n;
    unsigned bootstrap;  /* replicates behind the intervals; 0: none */
    uint64_t seed;       /* their seed */
    int weighted;        /* entries carry weighted estimates (--frame) */
} nm_rankings;

void nm_rank_build(const nm_demand *d, const nm_suppression *s, nm_rankings *out);

/* The 95% bootstrap intervals of every ranked entry (rank > 0) from the
 * table's replicates (nm_demand_replicates; none: nothing is done), on up
 * to t's threads (the same result for any number).  In each replicate the
 * ranked entries of a list are ranked again by their replicate sums (ties
 * in the list's own order); a demand interval is the 2.5% and 97.5%
 * quantiles of the replicate sums (linear interpolation between order
 * statistics, R's type 7), a rank interval those of the replicate ranks,
 * the lower rounded down and the upper up.  Suppressed entries get none:
 * their figures are not published. */
void nm_rank_intervals(const nm_demand *d, const nm_refdata *ref, const nm_threads *t,
                       nm_rankings *r);
void nm_rankings_free(nm_rankings *r);

#endif
