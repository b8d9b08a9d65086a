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
 * municipality whole, then decides which municipalities to split, part by
 * part of the group (parts that cannot share a hub are independent): in a
 * part with up to NM_POOL_SPLIT_JOINT_MAX that may be split, every subset
 * of them split (fewest first), keeping the best by the objective
 * (nm_pool_compare: placed, cohorts, travel), so with every pooling
 * proven the kept one is the optimum over every choice of splits; in a
 * part with more, passes of switching each in turn (at most
 * NM_POOL_SPLIT_PASSES), and the group is `limit` (docs/method.md).
 *
 * Ownership: the caller owns every array; nothing is kept.  Deterministic
 * and safe to call from several threads, as nm_pool_exact.
 */
#ifndef NEEDMAP_POOL_SPLIT_H
#define NEEDMAP_POOL_SPLIT_H

#include <stddef.h>

#include "needmap/pool_exact.h"

/* The most municipalities that may be split in one part of a group that
 * are decided jointly (every subset: 2^m - 1 poolings beside the whole);
 * beyond, passes of one at a time, at most NM_POOL_SPLIT_PASSES. */
enum { NM_POOL_SPLIT_JOINT_MAX = 5, NM_POOL_SPLIT_PASSES = 3 };

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
