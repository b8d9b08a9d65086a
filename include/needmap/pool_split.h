/* pool_split.h - stage 4b: a municipality above one intake forms its own
 * cohort and joins others with the rest (issue #15).
 *
 * A municipality whose potential students fill more than one intake of
 * the level (nm_pool_intake: max_size / enrolment rate) may be split into
 * two units: its own cohort of k full intakes (k = floor(potential /
 * intake), an nm_pool_unit with own set) and the rest (less than one
 * intake), an ordinary unit that may join a shared cohort with its
 * neighbours, or its own cohort again (the municipality whole).  Only
 * where its own cohort is allowed: min_municipalities 1, k intakes viable
 * alone, and (placements) room for them at its own hub.
 *
 * nm_pool_split_exact pools a group by nm_pool_exact first with every
 * municipality whole, then tries splitting each municipality that may be
 * split, in unit order, keeping a split when the exact pooling with it is
 * better by the objective (nm_pool_compare: placed, cohorts, travel).
 * With one such municipality in a group that is every choice there is;
 * with more it is one pass of trying each in turn (docs/method.md).
 *
 * Ownership: the caller owns every array; nothing is kept.  Deterministic
 * and safe to call from several threads, as nm_pool_exact.
 */
#ifndef NEEDMAP_POOL_SPLIT_H
#define NEEDMAP_POOL_SPLIT_H

#include <stddef.h>

#include "needmap/pool_exact.h"

/* Pool units[0..n) (input: distinct municipalities, potential > 0, own
 * unset) exactly, splitting where that is better.  Outputs per unit:
 * assign[i] its cohort (0-based) or -1; for a split unit assign[i] is its
 * own cohort, share[i] the share of its potential there (k intakes /
 * potential, in (0, 1)) and assign2[i] the shared cohort holding the rest;
 * otherwise share[i] = 1 and assign2[i] = -1.  out (may be NULL): the
 * kept pooling's status, gap and how.  Returns the number of cohorts. */
size_t nm_pool_split_exact(const nm_pool_unit *units, size_t n, const nm_distances *dist,
                           const nm_rules *rules, nm_level level, nm_mode mode,
                           const nm_pool_limits *limits, int *assign, int *assign2,
                           double *share, nm_pool_outcome *out);

#endif
