/* text.h - UTF-8 text normalisation used to compare what people type.
 *
 * All functions take NUL-terminated UTF-8 and write into a caller-owned
 * nm_buf (reset first).  They never fail: bytes that are not valid UTF-8 are
 * copied as they are.
 */
#ifndef NEEDMAP_TEXT_H
#define NEEDMAP_TEXT_H

#include <stddef.h>

#include "needmap/buf.h"

/* Trim, collapse runs of white space (including no-break space) to one
 * space, and lowercase (ASCII and Latin-1 letters such as Å Ä Ö É Ü).
 * "  ARJEPLOGS  Kommun " -> "arjeplogs kommun" */
void nm_text_fold(const char *s, nm_buf *out);

/* nm_text_fold, then also: letters with diacritics to their base letter
 * (å ä -> a, ö -> o, é -> e, ü -> u ...), '-', '_', '/' and '.' to spaces,
 * and other punctuation (: * ? ! ( ) , ; " ' ) dropped.  Used as a lookup
 * key that survives the ways people write names. */
void nm_text_key(const char *s, nm_buf *out);

/* Copy s trimmed of white space at both ends, with inner runs collapsed:
 * the "cleaned text" kept for unclassified competences. */
void nm_text_clean(const char *s, nm_buf *out);

/* 1 when s is empty or only white space. */
int nm_text_is_blank(const char *s);

/* 1 when the n bytes at s are valid UTF-8. */
int nm_utf8_valid(const char *s, size_t n);

/* Optimal string alignment (Damerau-Levenshtein) distance between two byte
 * strings, counting each UTF-8 code point as one symbol; gives up and returns
 * max + 1 as soon as the distance must exceed max. */
size_t nm_text_distance(const char *a, const char *b, size_t max);

/* Number of code points in a UTF-8 string. */
size_t nm_utf8_length(const char *s);

#endif
