/* ingest.h - stage 2: rows of an export -> accepted survey records.
 *
 * nm_ingest_file reads one input (a path, or "-" for standard input),
 * finds its header, decides what each column holds, and turns every data
 * row into records (one per need) or a rejection, counting every row in the
 * file's report: rows_read = accepted + rejected + skipped.
 *
 * Ownership: nm_ingest_new returns a context the caller frees with
 * nm_ingest_free (NULL is a no-op).  It owns the reference data, the base
 * matchers and the mapping, and is read-only while files are read, so
 * several threads may call nm_ingest_file at once (each with its own sink
 * and report).  An nm_file_report is filled by nm_ingest_file and owns its
 * path, columns and review list; free it with nm_file_report_free.  A
 * record's file points to the report's path (for a workbook, to the path
 * and sheet, "book.xlsx:Svar", which rejections name too; valid while the
 * file is read); its competence label is valid
 * only during the sink call.  Records and rejections are handed to the
 * sink and not kept: memory grows with distinct texts, not with rows.
 */
#ifndef NEEDMAP_INGEST_H
#define NEEDMAP_INGEST_H

#include <stdint.h>

#include "needmap/columns.h"
#include "needmap/competence.h"
#include "needmap/municipality.h"
#include "needmap/reader.h"
#include "needmap/record.h"
#include "needmap/refdata.h"

/* Why a row or a need was rejected or skipped.  Order is the order reports
 * list them in; texts are stable (rejects.csv uses them). */
typedef enum nm_reason {
    /* rejections */
    NM_REJ_MALFORMED,           /* quoting broken */
    NM_REJ_NO_MUNICIPALITY,
    NM_REJ_UNKNOWN_MUNICIPALITY,
    NM_REJ_AMBIGUOUS_MUNICIPALITY,
    NM_REJ_NO_COMPETENCE,
    NM_REJ_UNKNOWN_SSYK,
    NM_REJ_COUNT_NEGATIVE,
    NM_REJ_COUNT_NOT_NUMBER,
    NM_REJ_COUNT_TOO_LARGE,
    NM_REJ_COUNT_AMBIGUOUS,
    NM_REJ_COUNT_BAD_RANGE,
    NM_REJ_COUNT_TOO_SMALL,     /* above 0 but 0 in thousandths */
    /* skips */
    NM_SKIP_BLANK,              /* empty line, or a row of empty fields */
    NM_SKIP_SEP_LINE,           /* Excel "sep=;" */
    NM_SKIP_HEADER,             /* the header row itself */
    NM_SKIP_PREAMBLE,           /* note lines above the header */
    NM_SKIP_REPEATED_HEADER,    /* the header again (concatenated exports) */
    NM_SKIP_TOTAL,              /* "Summa", "Totalt" */
    NM_SKIP_NO_NEED,            /* wide row with every occupation cell empty */
    NM_SKIP_ZERO,               /* every count on the row is 0 */
    NM_REASON_N
} nm_reason;

#define NM_FIRST_SKIP NM_SKIP_BLANK

const char *nm_reason_text(nm_reason r);   /* "unknown municipality" */
const char *nm_reason_code(nm_reason r);   /* "unknown_municipality" */

/* Things accepted but worth a look, counted per file. */
typedef enum nm_note {
    NM_NOTE_COUNT_UNKNOWN,      /* need kept without a number */
    NM_NOTE_COUNT_RANGE,
    NM_NOTE_COUNT_APPROX,
    NM_NOTE_COUNT_AT_LEAST,
    NM_NOTE_FUZZY,              /* competence matched approximately */
    NM_NOTE_UNCLASSIFIED,       /* competence kept as cleaned text */
    NM_NOTE_NUMBER_IN_TEXT,     /* a number in the occupation text, read without it */
    NM_NOTE_SSYK_CODES,         /* several SSYK codes in one cell: their common group */
    NM_NOTE_SSYK_TEXT,          /* text in the SSYK column, matched as a title */
    NM_NOTE_NEED_UNRECOGNISED,  /* value not understood: kept as unknown */
    NM_NOTE_LEVEL_UNRECOGNISED,
    NM_NOTE_MODE_UNRECOGNISED,
    NM_NOTE_HORIZON_UNRECOGNISED,
    NM_NOTE_KIND_UNRECOGNISED,
    NM_NOTE_N
} nm_note;

const char *nm_note_text(nm_note n);

typedef struct nm_reject {
    const char *file;      /* as named by the user */
    uint64_t line;         /* physical line of the row */
    uint32_t col;          /* 1-based column of the problem, 0 if the row */
    nm_reason reason;
    const char *detail;    /* the offending value, for the analyst's terminal
                              only: never written to files; may be "" */
    const char *hint;      /* e.g. "did you mean Arjeplog (2506)?", or "" */
} nm_reject;

typedef struct nm_sink {
    void (*record)(void *ctx, const nm_record *rec);   /* may be NULL */
    void (*reject)(void *ctx, const nm_reject *rej);   /* rejections only; may be NULL */
    void *ctx;
} nm_sink;

/* A text that was matched approximately or left unclassified in one file,
 * for the analyst to review. */
typedef struct nm_review_item {
    char *text;                  /* as written (owned) */
    nm_competence comp;          /* its match; comp.label points to label */
    char *label;                 /* owned copy of the label, or NULL */
    uint64_t uses;               /* rows of the file that used it */
    uint64_t line;               /* where a text with a note was first used, or 0 */
    uint32_t col;
} nm_review_item;

typedef struct nm_file_report {
    char *path;                  /* owned copy of the name */
    nm_status status;            /* NM_OK, or why the file could not be read fully */
    nm_error error;
    nm_read_info info;
    uint64_t header_line;        /* 0 when no header was found */
    nm_columns columns;          /* owned; empty when no header */
    uint64_t rows_read, rows_accepted, rows_rejected, rows_skipped;
    uint64_t needs_accepted, needs_rejected;
    uint64_t reasons[NM_REASON_N];  /* rows (skips, whole-row rejections) or needs */
    uint64_t notes[NM_NOTE_N];
    double demand_known;         /* sum of known counts accepted (point values) */
    double demand_known_milli;   /* the same in thousandths, a whole number: exact */
    uint64_t needs_unknown;      /* accepted needs without a number */
    nm_review_item *review;      /* approximate and unclassified texts, in order */
    size_t nreview;
    char *mapping;               /* owned: the mapping used ("mapping.json",
                                    "m.json, mappings[2]"), or NULL */
    nm_error *warnings;          /* owned: things read but worth a word (a mapping
                                    entry that matches no column), in order */
    size_t nwarnings;
    char *explain;               /* owned: lines (each "  ...\n") that explain the
                                    error further (no header: the row most like
                                    one, its columns, a mapping to start from), or NULL */
} nm_file_report;

void nm_file_report_free(nm_file_report *r);

typedef struct nm_ingest_opts {
    const char *mapping_path;       /* JSON mapping file (one mapping, or several chosen
                                       by file name), or NULL; a mapping file beside an
                                       export (EXPORT.mapping.json) wins for that export */
    const char *const *synonyms;    /* analyst's synonyms files */
    size_t nsynonyms;
    double min_confidence;          /* approximate-match threshold, 0..1 */
    const char *sheet;              /* .xlsx: the sheet to read, NULL: the first */
} nm_ingest_opts;

typedef struct nm_ingest nm_ingest;

nm_status nm_ingest_new(const nm_ingest_opts *opts, nm_ingest **out, nm_error *err);
void nm_ingest_free(nm_ingest *g);

/* Read one input; see above.  Returns the file's status (also in report):
 * NM_ERR_INPUT when it could not be read or is not a survey export. */
nm_status nm_ingest_file(nm_ingest *g, const char *path, const nm_sink *sink,
                         nm_file_report *report);

/* One part of a large CSV file: batch.c reads big files in parts on
 * several threads.  Bytes [start, end) (end 0: to the end), starting at a
 * line start numbered first_line; see nm_read_opts.  The first part
 * (start 0) finds the header as usual and calls on_header once it has;
 * a later part uses the first part's columns (borrowed: they must stay
 * valid until it returns), encoding and delimiter, and counts no header.
 * The report covers the part only: rows, rejections and review items of
 * its lines; info.ended_mid_row when a row ran on past end. */
typedef struct nm_ingest_part {
    uint64_t start, end, first_line;
    int more_after;                  /* the file goes on after end */
    const nm_columns *columns;       /* later parts */
    nm_encoding encoding;            /* later parts */
    char delimiter;                  /* later parts */
    void (*on_header)(void *ctx, const nm_file_report *rep); /* first part; may be NULL */
    void *ctx;
    /* The file's place among the run's inputs (1: the first).  Without a
     * respondent column, a file's respondents are told apart from other
     * files' by it, so results do not depend on where the files are or
     * what they are called.  0: by the file's path (one file on its own). */
    size_t input_no;
} nm_ingest_part;

nm_status nm_ingest_file_part(nm_ingest *g, const char *path, const nm_ingest_part *part,
                              const nm_sink *sink, nm_file_report *report);

/* Where the file at path may be cut into parts of about part_bytes for
 * reading on several threads.  Returns the number of parts; when more than
 * one, *bounds (caller frees) holds nparts + 1 offsets: part k is bytes
 * [bounds[k], bounds[k + 1]), each starting at a line start; part 0 is
 * smaller, since its thread also hashes the whole file.  Returns 1 (and no
 * bounds) for standard input, files not larger than one part, JSON,
 * UTF-16, and a mapping file that names the header line. */
size_t nm_ingest_plan_parts(const nm_ingest *g, const char *path, uint64_t part_bytes,
                            uint64_t **bounds);

/* The base matcher, for labels of SSYK codes (do not match with it while
 * files are read on other threads). */
nm_comp_matcher *nm_ingest_matcher(nm_ingest *g);
const nm_refdata *nm_ingest_refdata(const nm_ingest *g);

#endif
