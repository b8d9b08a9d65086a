/* columns.h - what each column of an export holds, and the mapping file.
 *
 * Column roles come from, in order: the analyst's mapping file; built-in
 * Swedish and English header aliases; keywords that mark personal data
 * (names, e-mail, phone, free-text comments), which are dropped; keywords
 * for counts; and, when there is no occupation column, headers that name an
 * occupation (wide layout: one column per occupation holding counts).
 *
 * nm_mapping_load returns a mapping the caller frees with nm_mapping_free
 * (NULL is a no-op).  nm_columns is filled by nm_columns_build and freed with
 * nm_columns_free; its header copies are owned by it.
 */
#ifndef NEEDMAP_COLUMNS_H
#define NEEDMAP_COLUMNS_H

#include <stddef.h>
#include <stdint.h>

#include "needmap/buf.h"
#include "needmap/competence.h"
#include "needmap/decode.h"
#include "needmap/reader.h"
#include "needmap/record.h"
#include "needmap/strmap.h"

typedef enum nm_role {
    NM_ROLE_IGNORED,            /* not recognised: not read */
    NM_ROLE_SKIP,               /* known to be irrelevant (timestamps, ids of the tool) */
    NM_ROLE_PERSONAL,           /* personal data: never read past ingest */
    NM_ROLE_MUNICIPALITY,
    NM_ROLE_COMPETENCE,         /* occupation or competence as text */
    NM_ROLE_SSYK,               /* SSYK code */
    NM_ROLE_COUNT,
    NM_ROLE_COUNT_RECRUITMENT,  /* count of one need type */
    NM_ROLE_COUNT_UPSKILLING,
    NM_ROLE_COUNT_INTEREST,
    NM_ROLE_NEED,
    NM_ROLE_LEVEL,
    NM_ROLE_MODE,
    NM_ROLE_HORIZON,
    NM_ROLE_RESPONDENT,
    NM_ROLE_RESPONDENT_KIND,
    NM_ROLE_WIDE,               /* wide layout: header names the competence */
    NM_ROLE_N
} nm_role;

/* Stable role names, as used in mapping files and by inspect. */
const char *nm_role_name(nm_role role);
int nm_role_parse(const char *name, nm_role *out);   /* 0 ok, -1 unknown */

/* 1 for the roles a row cannot do without (municipality, occupation, counts,
 * wide): a row too short to reach such a column has lost a delimiter. */
int nm_role_needed(nm_role role);

typedef enum nm_field {             /* fields a mapping file can set values for */
    NM_FIELD_MUNICIPALITY, NM_FIELD_NEED, NM_FIELD_LEVEL, NM_FIELD_MODE, NM_FIELD_HORIZON,
    NM_FIELD_RESPONDENT_KIND, NM_FIELD_COUNT, NM_FIELD_N
} nm_field;

typedef struct nm_mapping {
    char *path;                     /* the file it came from */
    char *label;                    /* for people: "m.json", or "m.json, mappings[2]" */
    char *where;                    /* prefix of its messages: "" or "mappings[2]: " */
    char **files;                   /* "files": globs of the exports it is for; none:
                                       every export */
    size_t nfiles;
    struct nm_mapping *next;        /* the file's next mapping ("mappings"), or NULL */
    nm_strmap *columns;             /* header key -> (void *)(role + 1) */
    char **entries;                 /* the "columns" entries as written, in order */
    size_t nentries;
    nm_strmap *values[NM_FIELD_N];  /* text key -> (void *)(enum value + 1) */
    char *defaults[NM_FIELD_N];     /* value text used when a row has none, or NULL */
    char delimiter;                 /* 0: detect */
    int has_encoding;
    nm_encoding encoding;
    uint64_t header_line;           /* 0: detect */
    int layout;                     /* 0 detect, 1 long, 2 wide */
} nm_mapping;

/* Load a JSON mapping file; see docs/ingest.md for its format.  Fails with
 * NM_ERR_CONFIG and a message naming the bad member.  A file of several
 * mappings ({"mappings": [{"files": "kommun_*.csv", ...}, ...]}) gives a
 * list (next); nm_mapping_free frees the whole list. */
nm_status nm_mapping_load(const char *path, nm_mapping **out, nm_error *err);
void nm_mapping_free(nm_mapping *m);

/* The first mapping of the list m whose "files" globs match the export at
 * path (its file name; a glob with a '/' is matched against the path as
 * named), or NULL when none does.  Case is ignored. */
const nm_mapping *nm_mapping_for(const nm_mapping *m, const char *path);

/* The mapping file beside an export: for "dir/kommun_2480.csv",
 * "dir/kommun_2480.mapping.json".  Returns NM_OK and *out NULL when there
 * is none (or path is "-"); *out a loaded list when there is one; or the
 * load's error. */
nm_status nm_mapping_beside(const char *path, nm_mapping **out, nm_error *err);

/* 1 when name (a file name) is a mapping file beside an export:
 * "*.mapping.json", in any case. */
int nm_mapping_is_sidecar_name(const char *name);

typedef struct nm_column {
    char *header;           /* the header text as read (owned) */
    nm_role role;
    const char *why;        /* how the role was decided, for inspect */
    nm_competence wide;     /* NM_ROLE_WIDE: the competence the header names;
                               its label points to wide_label */
    char *wide_label;       /* owned copy of wide.label, or NULL */
    char *wide_text;        /* NM_ROLE_WIDE: the text that names it when it is
                               not the whole header (a matrix question's
                               option, "Undersköterska"), owned; or NULL */
    nm_need need;           /* NM_ROLE_WIDE: the need type the header's question
                               names ("Hur många vill ni rekrytera? [...]"), or
                               NM_NEED_UNKNOWN: the row's */
} nm_column;

typedef struct nm_columns {
    nm_column *cols;
    size_t n;
    int wide;                  /* 1: wide layout */
    size_t first[NM_ROLE_N];   /* first column with each role, or SIZE_MAX */
    size_t nwide;              /* number of NM_ROLE_WIDE columns */
    size_t named;              /* columns up to the last one with a header: a row
                                  with a value further right does not line up */
    size_t needed;             /* fields a row must have to reach every column that
                                  must be read (municipality, occupation, counts) */
} nm_columns;

/* Decide the roles of a candidate header row.  Returns 1 when the row is a
 * usable header (a municipality column or default, and an occupation
 * column or at least one wide occupation column), else 0; out is filled
 * either way and must be freed.  A survey tool's matrix question, one
 * column per option ("Hur många ...? [Undersköterska]", "Fråga -
 * Undersköterska", "Fråga: Undersköterska"), is read as wide columns when
 * an option names an occupation; its other options then stay wide columns
 * of unclassified text, so that no count is dropped. */
int nm_columns_build(const nm_row *row, const nm_mapping *map, nm_comp_matcher *matcher,
                     nm_columns *out);
void nm_columns_free(nm_columns *c);

/* Role of one header text without the wide check; *why says why. */
nm_role nm_column_role(const char *header, const nm_mapping *map, const char **why);

/* Split a matrix question's header into the question and the option:
 * "Question [Option]", "Question - Option" (or an en or em dash),
 * "Question: Option".  Returns 1 and fills both (trimmed) when header has
 * that shape. */
int nm_header_split_matrix(const char *header, nm_buf *question, nm_buf *option);

/* 1 when the column's header text matches a mapping file's columns entry
 * (entry as written in the file). */
int nm_header_matches_entry(const char *header, const char *entry);

#endif
