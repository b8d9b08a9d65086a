/* competence.h - recognise an occupation or competence in free text.
 *
 * Order of trust: an SSYK code; then exact text (after folding case,
 * diacritics and punctuation) from the analyst's synonyms, which override
 * everything, needmap's synonyms (surveys/synonyms.csv), the official SSYK
 * labels (Swedish or English, any level) and the occupation-title list;
 * then approximate matching of misspellings against all of those, accepted
 * at confidence >= min_confidence.  Anything else is
 * "unclassified" and keeps its cleaned text.
 *
 * An nm_comp_matcher borrows the nm_refdata (which must outlive it) and owns
 * its index, its cache of texts seen and every label string it hands out:
 * results stay valid until nm_comp_matcher_free (NULL is a no-op).  It is
 * not thread-safe (the cache grows as texts are seen): each thread or file
 * uses its own nm_comp_matcher_fork of a base matcher, which shares the
 * base's index read-only (the base must outlive its forks and get no more
 * synonyms once forked).
 */
#ifndef NEEDMAP_COMPETENCE_H
#define NEEDMAP_COMPETENCE_H

#include <stdint.h>
#include <stdio.h>

#include "needmap/record.h"
#include "needmap/refdata.h"
#include "needmap/status.h"

typedef struct nm_comp_matcher nm_comp_matcher;

#define NM_DEFAULT_MIN_CONFIDENCE 0.85

nm_comp_matcher *nm_comp_matcher_new(const nm_refdata *ref, double min_confidence);
/* A matcher with the base's index and an empty cache of its own. */
nm_comp_matcher *nm_comp_matcher_fork(const nm_comp_matcher *base);
void nm_comp_matcher_free(nm_comp_matcher *m);

/* Add an analyst's synonyms file (columns text, ssyk and optionally
 * competence; any delimiter or encoding).  Fails with NM_ERR_CONFIG on an
 * unknown SSYK code or a row with neither code nor competence. */
nm_status nm_comp_matcher_add_synonyms(nm_comp_matcher *m, const char *path, nm_error *err);

/* Match free text.  Returns 0 for empty text.  *out's label points into the
 * matcher.  Counts one use of text, for nm_comp_review. */
int nm_comp_match(nm_comp_matcher *m, const char *text, nm_competence *out);
/* The same for text of len bytes (NUL-terminated too): for every row. */
int nm_comp_match_len(nm_comp_matcher *m, const char *text, size_t len, nm_competence *out);

/* nm_comp_match without counting a use (for header candidates). */
int nm_comp_peek(nm_comp_matcher *m, const char *text, nm_competence *out);

/* Match a cell of an SSYK code column: 1 and *out set when text is a known
 * code (also "5321 Undersköterskor ..."), 0 if not. */
int nm_comp_match_code(const nm_comp_matcher *m, const char *text, nm_competence *out);

/* What the matcher saw that was not an exact match, for review: calls fn
 * for each distinct text matched approximately or left unclassified, in
 * order of first appearance, with how often it was seen and what it
 * matched ("" when unclassified). */
typedef void (*nm_review_fn)(void *ctx, const char *text, const nm_competence *c,
                             const char *matched_key, uint64_t uses);
void nm_comp_review(const nm_comp_matcher *m, nm_review_fn fn, void *ctx);

/* Label of an SSYK code for people ("Grundutbildade sjuksköterskor"), or
 * NULL when unknown. */
const char *nm_comp_label(const nm_comp_matcher *m, const char *code);

#endif
