/* ingest_parts.h - internals shared by the ingest stage's files (not a
 * public header): the context, the per-file state, and the row conversion.
 *
 * ingest.c drives a file (reader callbacks, header detection); rows.c turns
 * one data row into records, rejections or a skip.  A file_state lives for
 * one nm_ingest_file call and owns its memo, counts and scratch buffers.
 */
#ifndef NEEDMAP_INGEST_PARTS_H
#define NEEDMAP_INGEST_PARTS_H

#include <stdint.h>

#include "needmap/count.h"
#include "needmap/ingest.h"

struct nm_ingest {
    nm_refdata *ref;
    nm_muni_index *munis;
    nm_comp_matcher *matcher;
    nm_mapping *mapping;
    char *sheet;             /* --sheet, or NULL */
};

enum { NM_MEMO_TAGS = 128 };  /* memo tags are ASCII letters */

typedef struct file_state {
    nm_ingest *g;
    const nm_sink *sink;
    nm_file_report *rep;
    const char *file;        /* the report's path, or where: "book.xlsx:Svar" */
    nm_buf where;            /* a workbook's path and sheet */
    nm_comp_matcher *matcher; /* this file's own fork of the base matcher */
    const nm_ingest_part *part; /* reading one part of a file, or NULL */
    const nm_mapping *map;   /* the mapping used for this file, or NULL */
    const nm_columns *cols;  /* the header's columns, once known */
    int have_header;
    int stop_error;          /* header not found in time */
    char short_hint[128];     /* the row read now is short of the header: said
                                with its rejections ("" when it is not) */
    nm_buf key;              /* scratch */
    nm_strmap *memo[NM_MEMO_TAGS]; /* per tag: cell text -> what it means (or NULL) */
    nm_strmap *memo_map;     /* the map, text and length of the last memo_find */
    const char *memo_text;
    size_t memo_len;
    uint64_t absent[NM_FIELD_N]; /* what a field without a column means */
    unsigned absent_known;   /* bit per field: absent[] is known */
    nm_buf last_who;         /* the last respondent text, its hash and kind */
    uint64_t last_hash;
    nm_rkind last_kind;
    struct { uint64_t hash; nm_rkind kind; } *whos; /* respondent texts memoised */
    size_t nwhos, whos_cap;
    uint64_t respondent_lookups, respondent_hits; /* of the respondent memo */
    uint64_t *muni_respondent; /* long files without a respondent column: per
                                  municipality, its respondent hash (0: not yet) */
    struct { nm_count_status st; nm_count count; } *counts; /* counts seen */
    size_t ncounts, counts_cap;
    /* the search for the header (header.c) */
    nm_columns best;         /* the row most like a header so far (if best_line) */
    uint64_t best_line;      /* its line, 0 if none */
    int best_score;
    int best_keys;           /* 1: the best row is a JSON export's keys (no line of its own) */
    char best_data[320];     /* why the best row holds data, or "" */
    uint64_t data_line;      /* the first row that would do as a header but holds
                                data, 0 if none; data_why says why */
    char data_why[320];
} file_state;

/* The mapping for the export at path: the mapping file beside it
 * (EXPORT.mapping.json, loaded into *beside, which the caller frees), else
 * the run's (--mapping), the first of its mappings whose "files" match;
 * *use NULL when none applies.  Fails with the load's error for a bad
 * mapping file beside the export. */
nm_status nmi_choose_mapping(const nm_ingest *g, const char *path, nm_mapping **beside,
                             const nm_mapping **use, nm_error *err);

/* Decide whether a row is the header (header.c): 1 when it is, and then
 * s->cols is set.  Rows that hold data are never taken (a row of mostly
 * numbers, or with a municipality in a cell); the row most like a header
 * is kept for the message when none is found. */
int nmi_try_header(file_state *s, const nm_row *row);
/* The file has no header: set the report's error and explanation. */
nm_status nmi_no_header(file_state *s);
/* Free what the header search kept. */
void nmi_header_free(file_state *s);
/* Name the file "book.xlsx:Sheet" in messages once the reader knows the
 * sheet (rows.c, which header.c and ingest.c both call). */
void nmi_name_sheet(file_state *s);

/* Count a skipped row. */
void nmi_skip_row(file_state *s, nm_reason why);
/* Count a rejection and hand it to the sink (detail and hint may be NULL). */
void nmi_reject(file_state *s, const nm_row *row, uint32_t col, nm_reason why,
                const char *detail, const char *hint);
/* 1 when every field of the row is blank. */
int nmi_all_blank(const nm_row *row);
/* Turn one data row (after the header) into records, rejections or a skip. */
void nmi_data_row(file_state *s, const nm_row *row);

#endif
