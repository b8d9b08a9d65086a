/* swedish.h - how Swedish occupation titles are written: words, the signs
 * between them, and the word forms the matcher looks through.
 *
 * Words are handled in lookup-key form (nm_text_key: lowercase, å ä ö é
 * folded to a a o e): "Sjuksköterskor" is "sjukskoterskor".  The word lists
 * behind these functions are static and read-only: everything here may be
 * called from any thread.
 *
 * nm_sv_split fills a caller-owned nm_sv_title; nm_sv_title_free releases
 * what it holds (a zeroed title is empty and may be freed).
 */
#ifndef NEEDMAP_SWEDISH_H
#define NEEDMAP_SWEDISH_H

#include <stddef.h>
#include <stdint.h>

#include "needmap/buf.h"

enum { NM_SV_WORD_MAX = 64 };   /* longest word handled, in bytes with the NUL */

typedef enum nm_sv_kind {
    NM_SV_WORD,     /* a word: "sjukskoterska"; "CE-chaufför" is two, "ce" and "chauffor",
                       as in its key */
    NM_SV_COMMA,    /* , ; : or a free-standing dash: a qualifier follows */
    NM_SV_ALT,      /* / & + | : an alternative follows */
    NM_SV_OPEN,     /* ( or [ */
    NM_SV_CLOSE     /* ) or ] */
} nm_sv_kind;

typedef struct nm_sv_token {
    uint8_t kind;       /* nm_sv_kind */
    uint8_t ellipsis;   /* a word written with a trailing hyphen: "halso-" in "Hälso- och sjukvård" */
    uint32_t at;        /* the word's key: offset into the title's pool (words only) */
    uint32_t fold_at;   /* the word as written, lowercase, diacritics kept ("sjuksköterska") */
} nm_sv_token;

typedef struct nm_sv_title {
    nm_sv_token *tok;   /* the tokens in order */
    size_t n, cap;
    nm_buf pool;        /* the words' keys, each NUL-terminated */
    nm_buf fold;        /* the whole text folded (nm_text_fold) */
    nm_buf scratch, raw; /* reused while splitting */
} nm_sv_title;

/* Split text into words and signs (resets *out first; a title may be split
 * into again and again, reusing its memory). */
void nm_sv_split(const char *text, nm_sv_title *out);
void nm_sv_title_free(nm_sv_title *t);
/* The key of token i (a word), "" for a sign. */
const char *nm_sv_word(const nm_sv_title *t, size_t i);
/* Token i as written (lowercase, with its diacritics), "" for a sign. */
const char *nm_sv_written(const nm_sv_title *t, size_t i);

/* Base forms word may be an inflected or derived form of, most likely
 * first ("sjukskoterskorna" -> "sjukskoterska"; "lararna" -> "larare";
 * "staderska" -> "stadare"; "vardinna" -> "vard").  Writes up to max forms
 * into out and returns how many. */
size_t nm_sv_base_forms(const char *word, char out[][NM_SV_WORD_MAX], size_t max);

/* Other ways of writing word's last part that name the same occupation
 * ("narkosskoterska" -> "narkossjukskoterska"; "webbprogrammerare" ->
 * "webbutvecklare"; "kockpersonal" -> "kock").  Writes up to max forms and
 * returns how many. */
size_t nm_sv_head_variants(const char *word, char out[][NM_SV_WORD_MAX], size_t max);

/* A word that says how or when someone works, not what they are:
 * "erfaren", "legitimerad", "natt", "deltid", "vikarie". */
int nm_sv_is_modifier(const char *word);
/* A word that may open a compound without changing the occupation:
 * "natt" in "nattsjukskoterska", "jour", "extra". */
int nm_sv_is_modifier_prefix(const char *prefix, size_t len);
/* A preposition that opens a qualifier: "till", "inom", "for", "pa", "i" ... */
int nm_sv_is_qualifier_word(const char *word);
/* "och" or "eller". */
int nm_sv_is_conjunction(const char *word);
/* A unit after a count: "st", "personer", "tjanster". */
int nm_sv_is_count_unit(const char *word);
/* A whole number of 1 to 4 digits. */
int nm_sv_is_number(const char *word);
/* The key of the word an abbreviation stands for ("ssk" -> "sjukskoterska"),
 * or NULL. */
const char *nm_sv_abbreviation(const char *word);
/* The len bytes at word are a school subject, as a word or the first part
 * of a compound: "matematik", "matte", "svensk", "idrott", "idrotts". */
int nm_sv_is_subject(const char *word, size_t len);

/* Words not worth comparing between qualifiers ("och", "av", numbers). */
int nm_sv_is_stop_word(const char *word);

#endif
