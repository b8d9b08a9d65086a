/* unitsums.h - what each responding unit said per competence and need:
 * the sums a design-based estimate needs (frame.h), added up record by
 * record while the demand table is built.
 *
 * A unit is a respondent in one municipality with one respondent kind
 * (a company answering for two municipalities is two units).  For every
 * unit the accumulator keeps one entry saying it answered (whether or not
 * any of its needs had a number) and, per competence (as given) and need
 * type, the sum of its point values in whole thousandths (exact in any
 * order).  Memory grows with the distinct units x competences x needs,
 * not with rows (repeats of a unit's competence add into one entry); it is
 * kept only when a sampling frame is given (--frame).
 *
 * nm_unitsums_new returns an accumulator the caller frees with
 * nm_unitsums_free (NULL is a no-op).  Written by one thread; read-only
 * once nothing more is added.
 */
#ifndef NEEDMAP_UNITSUMS_H
#define NEEDMAP_UNITSUMS_H

#include <stddef.h>
#include <stdint.h>

#include "needmap/record.h"

typedef struct nm_unitsums nm_unitsums;

nm_unitsums *nm_unitsums_new(void);
void nm_unitsums_free(nm_unitsums *u);

/* One record: its unit answered; with a number (known), milli (point
 * value x 1000, whole) is added to the unit's competence and need. */
void nm_unitsums_add(nm_unitsums *u, const nm_record *r, int known, double milli);

/* Add every entry of src to u, then free src. */
void nm_unitsums_absorb(nm_unitsums *u, nm_unitsums *src);

/* Entry i: a unit's answer (need NM_NEED_N, sum 0) or a unit's sum for a
 * competence and need.  Entries of one unit share `unit` (its index among
 * units, in order of first appearance). */
typedef struct nm_unit_entry {
    uint64_t respondent;     /* the respondent's hash */
    char municipality[5];
    nm_rkind kind;
    nm_need need;            /* NM_NEED_N: the unit's answer itself */
    char code[5];            /* SSYK code, "" otherwise */
    const char *label;       /* competence label, or NULL (owned by u) */
    int unclassified;
    double milli;            /* sum of point values x 1000 */
} nm_unit_entry;

size_t nm_unitsums_count(const nm_unitsums *u);
void nm_unitsums_entry(const nm_unitsums *u, size_t i, nm_unit_entry *out);

#endif
