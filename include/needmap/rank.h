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
} nm_rankings;

void nm_rank_build(const nm_demand *d, const nm_suppression *s, nm_rankings *out);
void nm_rankings_free(nm_rankings *r);

#endif
