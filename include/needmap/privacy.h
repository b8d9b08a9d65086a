/* privacy.h - suppression of small cells in the demand table.
 *
 * Primary: a cell backed by fewer than min_respondents distinct respondents
 * is hidden.  Secondary: in every published relation (a total and the cells
 * it adds up: detail -> municipality, along the SSYK hierarchy, and along
 * municipality -> county -> all) a single hidden cell could be worked out by
 * subtraction, so one more cell of that relation is hidden (the smallest
 * published one, ties by table order), repeated until no relation has
 * exactly one hidden cell.  Rankings use the same flags.
 * Works in place on the table's cells; owns nothing.
 */
#ifndef NEEDMAP_PRIVACY_H
#define NEEDMAP_PRIVACY_H

#include <stdint.h>

#include "needmap/demand.h"

typedef struct nm_privacy_stats {
    uint64_t cells;       /* cells in the table */
    uint64_t primary;     /* hidden for too few respondents */
    uint64_t secondary;   /* hidden to protect a primary one */
} nm_privacy_stats;

/* Apply suppression to a finished table.  min_respondents 0 or 1 hides
 * nothing (used by --internal). */
void nm_privacy_apply(nm_demand *d, uint64_t min_respondents, nm_privacy_stats *stats);

#endif
