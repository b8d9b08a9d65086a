/* replicates.h - bootstrap replicates of demand: the sums a seeded
 * bootstrap over respondents gives each municipality x competence (as
 * given) x need, added up record by record while the demand table is built.
 *
 * The bootstrap is the Poisson bootstrap (Hanley & MacGibbon 2006; Chamandy
 * et al. 2012): in replicate b every respondent gets a weight drawn from a
 * Poisson(1) distribution, the same for all of its records, and a
 * replicate's sum is the sum of weight x point value.  The weight is a
 * function of (seed, respondent hash, b) only (a counter-based generator,
 * see replicates.c), never of the order records arrive in, and sums are
 * kept in whole thousandths (exact in any order): replicates are the same
 * for any thread count or cut of the files.
 *
 * Memory: 8 bytes per replicate per group (municipality x competence x
 * need), nothing per row or per respondent.
 *
 * nm_replicates_new returns an accumulator the caller frees with
 * nm_replicates_free (NULL is a no-op); it owns its keys and sums.  It is
 * written by one thread; once no more is added, any number may read it.
 */
#ifndef NEEDMAP_REPLICATES_H
#define NEEDMAP_REPLICATES_H

#include <stddef.h>
#include <stdint.h>

#include "needmap/record.h"

/* --bootstrap's default, and its largest value. */
enum { NM_BOOTSTRAP_DEFAULT = 200, NM_BOOTSTRAP_MAX = 100000 };

typedef struct nm_replicates nm_replicates;

nm_replicates *nm_replicates_new(unsigned b,       /* (input) replicates, >= 1 */
                                 uint64_t seed);   /* (input) --seed */
void nm_replicates_free(nm_replicates *r);

/* Add one record's point value (in thousandths) to its group's replicates. */
void nm_replicates_add(nm_replicates *r,
                       const char *municipality,   /* (input) "2506" */
                       const char *code,           /* (input) SSYK code, or "" */
                       const char *label,          /* (input) competence label when no
                                                      code and classified, else NULL */
                       int unclassified,           /* (input) the unclassified group */
                       nm_need need,               /* (input) */
                       uint64_t respondent,        /* (input) respondent hash */
                       double milli);              /* (input) point value x 1000, whole */

/* Add every group of src to r (same b and seed), then free src. */
void nm_replicates_absorb(nm_replicates *r, nm_replicates *src);

/* A group's key and its b replicate sums (in thousandths): valid while r
 * lives and nothing is added. */
typedef struct nm_replicate_group {
    char municipality[5];
    char code[5];            /* SSYK code, "" otherwise */
    const char *label;       /* competence label, or NULL */
    int unclassified;
    nm_need need;
    const double *sum;       /* [b] */
} nm_replicate_group;

unsigned nm_replicates_b(const nm_replicates *r);
uint64_t nm_replicates_seed(const nm_replicates *r);
size_t nm_replicates_count(const nm_replicates *r);
void nm_replicates_group(const nm_replicates *r, size_t i, nm_replicate_group *out);

/* Respondent `respondent`'s weight in replicate b under seed (what
 * nm_replicates_add uses; for tests and benchmarks). */
unsigned nm_replicates_weight(uint64_t seed, uint64_t respondent, unsigned b);

#endif
