/* refdata.h - reference data built into needmap: municipalities, SSYK 2012
 * groups, the occupation-title list and search keywords (from surveys/,
 * embedded at build time), and the table loader used for them and for analysts' own files.
 *
 * nm_refdata_load returns a new nm_refdata the caller frees with
 * nm_refdata_free (NULL is a no-op).  Strings in it are owned by it; pointers
 * to its entries stay valid until it is freed.  It is read-only after
 * loading and may be shared between threads.
 */
#ifndef NEEDMAP_REFDATA_H
#define NEEDMAP_REFDATA_H

#include <stddef.h>
#include <stdio.h>

#include "needmap/status.h"
#include "needmap/strmap.h"

typedef struct nm_municipality {
    char code[5];         /* "2506": 4 digits, text */
    char *name;           /* "Arjeplogs kommun" */
    char *short_name;     /* "Arjeplog" */
    char county_code[3];  /* "25" */
    char *county_name;    /* "Norrbottens län" */
    double lat, lon;      /* main town, degrees */
} nm_municipality;

typedef struct nm_ssyk {
    char code[5];         /* 1 to 4 digits: the length is the level */
    int level;            /* 1..4 */
    char *label_sv;
    char *label_en;
    unsigned char route;  /* usual education route (an nm_level, record.h) from
                             ssyk_levels.csv; groups of levels 1-3: the route
                             most of their 4-digit groups take; 0 if none */
    unsigned char route_also; /* a second common route, or 0 */
    char *route_source;   /* the table's source note (4-digit groups), or NULL */
} nm_ssyk;

typedef struct nm_title {
    char *title;          /* "Sjuksköterska, grundutbildad" */
    char code[5];         /* its SSYK group (4 or 3 digits) */
} nm_title;

typedef struct nm_refdata {
    nm_municipality *munis;  size_t nmunis;
    nm_ssyk *ssyk;           size_t nssyk;
    nm_title *titles;        size_t ntitles;
    nm_title *synonyms;      size_t nsynonyms;  /* built-in, code "" for competences */
    char **synonym_labels;   /* per synonym: canonical competence label or NULL */
    nm_title *keywords;      size_t nkeywords;  /* the taxonomy's search keywords */
    nm_strmap *muni_by_code; /* code -> nm_municipality* */
    nm_strmap *ssyk_by_code; /* code -> nm_ssyk* */
    nm_strmap *county_by_code; /* county code -> its first nm_municipality* */
} nm_refdata;

nm_status nm_refdata_load(nm_refdata **out, nm_error *err);
void nm_refdata_free(nm_refdata *ref);

const nm_municipality *nm_refdata_municipality(const nm_refdata *ref, const char *code);
const nm_ssyk *nm_refdata_ssyk(const nm_refdata *ref, const char *code);
/* The name of county `code` ("25" -> "Norrbottens län"), or NULL. */
const char *nm_refdata_county_name(const nm_refdata *ref, const char *code);

/* A small table file (reference data, synonyms): read with the same reader
 * as exports (any encoding or delimiter), first row the header.  For each
 * data row fn gets the fields in the order of want[] (missing columns are
 * ""), and the row's line; it returns NM_OK or fails the load.  Columns
 * named in want[] that end in '?' are optional. */
typedef nm_status (*nm_table_fn)(void *ctx, char **fields, uint64_t line, nm_error *err);
nm_status nm_table_read(FILE *in, const char *name, const char *const *want, size_t nwant,
                        nm_table_fn fn, void *ctx, nm_error *err);

#endif
