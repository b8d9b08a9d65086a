/* reason_text.h - internal to src/write: why a residual demand is in no
 * viable cohort, in plain words (residual.csv's reason column, in English;
 * the report's "Why", in the report's language).
 *
 * The pool stage keeps the numbers (shortfall, nearby municipalities);
 * this builds the sentence from them and from the rest of the pool:
 *
 *   needs 12 more potential students within 200 km of Lycksele; nearest
 *   with demand: Storuman 4, Vilhelmina ..; in cohorts already: Malå
 *
 * Privacy: a hidden residual's own figures never appear (its reason says
 * only that they are hidden); a neighbour's count appears only when that
 * neighbour's residual row is published, else it reads `..`.
 *
 * Ownership: nm_reasons_new returns an index the caller frees with
 * nm_reasons_free (NULL-safe); it borrows the pool, rules and reference
 * data, which must outlive it.  Not shared between threads: each writer
 * makes its own.
 */
#ifndef NEEDMAP_REASON_TEXT_H
#define NEEDMAP_REASON_TEXT_H

#include <stddef.h>

#include "needmap/buf.h"
#include "needmap/pool.h"
#include "needmap/refdata.h"
#include "needmap/report.h"
#include "needmap/rules.h"

typedef struct nm_reasons nm_reasons;

/* An index of p's cohorts by group, for the reasons of p's residual rows. */
nm_reasons *nm_reasons_new(const nm_pool *p, const nm_rules *rules, const nm_refdata *ref);
void nm_reasons_free(nm_reasons *x);

/* The reason of residual row i (index into p->residual), appended to b
 * in lang (no line breaks, no delimiter of its own). */
void nm_residual_why(const nm_reasons *x, size_t i, nm_lang lang, nm_buf *b);

#endif
