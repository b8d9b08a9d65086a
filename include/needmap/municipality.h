/* municipality.h - recognise a municipality however it is written.
 *
 * An nm_muni_index is built from the reference data and borrows it (the
 * nm_refdata must outlive the index); nm_muni_index_free releases the index
 * only.  Read-only after building: safe to share between threads.
 */
#ifndef NEEDMAP_MUNICIPALITY_H
#define NEEDMAP_MUNICIPALITY_H

#include "needmap/refdata.h"

typedef struct nm_muni_index nm_muni_index;

typedef enum nm_muni_result {
    NM_MUNI_FOUND,
    NM_MUNI_EMPTY,      /* nothing written */
    NM_MUNI_UNKNOWN,    /* no municipality by that code or name */
    NM_MUNI_AMBIGUOUS,  /* written without å/ä/ö it could be two (Håbo, Habo) */
    NM_MUNI_CONFLICT    /* "2581 Luleå": the code (*out) and the name (*hint) differ */
} nm_muni_result;

nm_muni_index *nm_muni_index_new(const nm_refdata *ref);
void nm_muni_index_free(nm_muni_index *ix);

/* Match text: a code ("2506", or "114" that Excel stripped of its zero), an
 * official or short name in any case, with or without "kommun", with or
 * without diacritics, or "2506 Arjeplog".  On FOUND *out is the
 * municipality.  On UNKNOWN or AMBIGUOUS *hint, when not NULL, is set to a
 * municipality to suggest ("did you mean ..."), or NULL.  On CONFLICT *out
 * is the code's municipality and *hint the name's. */
nm_muni_result nm_muni_match(const nm_muni_index *ix, const char *text,
                             const nm_municipality **out, const nm_municipality **hint);

#endif
