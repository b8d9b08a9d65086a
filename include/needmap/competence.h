/* competence.h - recognise an occupation or competence in free text.
 *
 * Order of trust: an SSYK code (several codes in one cell: their common
 * group, with a note); then exact text (after folding case, diacritics and
 * punctuation) from the analyst's synonyms, which override everything,
 * needmap's synonyms (surveys/synonyms.csv), the official SSYK labels
 * (Swedish or English, any level), the occupation-title list and the
 * taxonomy's search keywords; then a reading of the text by rules (plural
 * and definite forms, modifiers such as "erfaren" or "natt", qualifiers
 * after a comma or "till"/"inom", compounds by their head word, "A/B"
 * alternatives, abbreviations, subject teachers) and by edit distance, each
 * with a calibrated confidence, accepted at confidence >= min_confidence.
 * Anything else is "unclassified" and keeps its cleaned text; the readings
 * below the threshold are its candidates for review.  A count written into
 * the text ("Sjuksköterska 2") is read without it and noted.
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

/* How an approximate match was read (nm_competence.rule). */
typedef enum nm_comp_rule {
    NM_RULE_NONE,
    NM_RULE_INFLECTION,    /* a plural, definite or female form of a known title */
    NM_RULE_ABBREVIATION,  /* an abbreviation written out ("ssk") */
    NM_RULE_MODIFIER,      /* a known title with "erfaren", "natt", "legitimerad" ... */
    NM_RULE_PART,          /* one name of a known "A/B" title */
    NM_RULE_QUALIFIER,     /* a known title and words that pick one of its kind */
    NM_RULE_COMPOUND,      /* a compound or phrase read by its head word */
    NM_RULE_SUBJECT,       /* a subject teacher */
    NM_RULE_ALTERNATIVES,  /* "A/B", "A och B": what the alternatives share */
    NM_RULE_EDIT,          /* a misspelling: a letter or two from a known text */
    NM_RULE_VARIANT,       /* a known title written differently ("backendutvecklare",
                              "fordontekniker", "hotelvärd") */
    NM_RULE_N
} nm_comp_rule;

/* "plural or definite form", "read by its last word" ... for review lists. */
const char *nm_comp_rule_text(unsigned rule);
/* What a note says, for messages: "a number in the text ...". */
const char *nm_comp_note_text(unsigned note);

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
 * code (also "5321 Undersköterskor ..."), or several known codes ("2224,
 * 2225, 2227": their common group, out->note NM_COMP_NOTE_CODES); 0 if not. */
int nm_comp_match_code(const nm_comp_matcher *m, const char *text, nm_competence *out);

/* Readings of text by rules and edit distance, best first, whatever the
 * threshold: for reviewing what was left unclassified.  Fills up to max
 * entries of out (ssyk, confidence, rule; how NM_MATCH_FUZZY) and of via
 * (the known text each rests on, when via is not NULL) and returns how
 * many.  Does not use or fill the cache. */
size_t nm_comp_candidates(const nm_comp_matcher *m, const char *text, nm_competence *out,
                          char (*via)[48], size_t max);

/* What the matcher saw that was not an exact match, for review: calls fn
 * for each distinct text matched approximately, left unclassified or with a
 * note, in order of first appearance, with how often it was seen, the
 * known text (key) its match rests on ("" when unclassified) and where it
 * was first used (nm_comp_locate). */
typedef void (*nm_review_fn)(void *ctx, const char *text, const nm_competence *c,
                             const char *matched_key, uint64_t uses, uint64_t line,
                             uint32_t col);
void nm_comp_review(const nm_comp_matcher *m, nm_review_fn fn, void *ctx);

/* Say where text (len bytes, already matched) was first used: line and
 * column are handed to nm_comp_review (0 when never said).  For texts with
 * a note, so that the note can name a row. */
void nm_comp_locate(nm_comp_matcher *m, const char *text, size_t len, uint64_t line,
                    uint32_t col);

/* Label of an SSYK code for people ("Grundutbildade sjuksköterskor"), or
 * NULL when unknown. */
const char *nm_comp_label(const nm_comp_matcher *m, const char *code);

#endif
