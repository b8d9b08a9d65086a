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
    NM_MUNI_UNKNOWN,    /* no municipality by that code or name; *hint close to it
                           (two edits, or named inside the text), or NULL for a code */
    NM_MUNI_UNKNOWN_FAR,/* no municipality named like it; *hint the nearest name
                           (eight edits at most), or NULL */
    NM_MUNI_AMBIGUOUS,  /* written without å/ä/ö it could be two (Håbo, Habo) */
    NM_MUNI_CONFLICT,   /* "2581 Luleå": the code (*out) and the name (*hint) differ */
    NM_MUNI_REGION,     /* "Region Norrbotten": a region; *hint its county's first
                           municipality (county_code, county_name) */
    NM_MUNI_COUNTY      /* "Västerbottens län", "Norrbotten": a county; *hint as above */
} nm_muni_result;

nm_muni_index *nm_muni_index_new(const nm_refdata *ref);
void nm_muni_index_free(nm_muni_index *ix);

/* How many municipalities county `code` ("25") has. */
size_t nm_muni_county_size(const nm_muni_index *ix, const char *code);

/* Match text: a code ("2506", or "114" that Excel stripped of its zero), an
 * official or short name in any case, with or without "kommun" or "stad",
 * in the genitive ("Stockholms", "Göteborgs Stad"), with or without
 * diacritics, or "2506 Arjeplog".  On FOUND *out is the municipality.  On
 * UNKNOWN, UNKNOWN_FAR or AMBIGUOUS *hint, when not NULL, is set to a
 * municipality to suggest ("did you mean ..."): every name within eight
 * letters of one gets one (with hint NULL no suggestion is looked for).  On CONFLICT *out is the code's municipality
 * and *hint the name's.  A region or a county ("Region Norrbotten",
 * "Västerbottens län") is no municipality: REGION or COUNTY, *hint one of
 * its municipalities.  "Region Gotland" is the municipality Gotland. */
nm_muni_result nm_muni_match(const nm_muni_index *ix, const char *text,
                             const nm_municipality **out, const nm_municipality **hint);

#endif
