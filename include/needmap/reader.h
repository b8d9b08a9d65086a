/* reader.h - stage 1: read an export (CSV, JSON or an .xlsx workbook) into
 * rows of UTF-8 fields.
 *
 * The reader streams: it calls a row callback for each row as it goes and
 * keeps no rows.  A row and its fields are borrowed: they are valid only
 * during the callback.  The reader owns nothing after nm_read_stream returns;
 * nm_read_info is a plain value.
 *
 * Rows are numbered by the physical line they start on (1-based, counting
 * from the top of the file as a text editor does).  JSON rows are numbered
 * by the line of the object's opening brace, and the rows of a workbook's
 * sheet by their row number in the sheet (as Excel shows it); a row's
 * fields are then its cells from column A on.
 */
#ifndef NEEDMAP_READER_H
#define NEEDMAP_READER_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "needmap/decode.h"
#include "needmap/sha256.h"
#include "needmap/status.h"

typedef enum nm_row_kind {
    NM_ROW_FIELDS,    /* a row of fields (possibly all empty) */
    NM_ROW_BLANK,     /* an empty or white-space-only line */
    NM_ROW_SEP_LINE,  /* Excel's "sep=;" first line */
    NM_ROW_MALFORMED, /* a row that cannot be parsed; see problem */
    NM_ROW_EMPTY_GROUP /* JSON: a record whose nested list of needs is empty */
} nm_row_kind;

typedef struct nm_row {
    nm_row_kind kind;
    uint64_t line;        /* first physical line of the row */
    uint64_t end_line;    /* last physical line (> line for quoted line breaks) */
    size_t nfields;       /* number of fields */
    char *const *fields;  /* NUL-terminated UTF-8 fields, borrowed */
    const size_t *lens;   /* their lengths in bytes */
    uint32_t bad_col;     /* MALFORMED: 1-based field where parsing failed */
    const char *problem;  /* MALFORMED: what is wrong, for a person */
    int synthetic;        /* 1: made by the reader (JSON key row), not input */
} nm_row;

/* Called for each row; return 0 to go on, nonzero to stop reading. */
typedef int (*nm_row_fn)(void *ctx, const nm_row *row);

typedef enum nm_format { NM_FORMAT_CSV, NM_FORMAT_JSON, NM_FORMAT_XLSX } nm_format;

typedef struct nm_read_opts {
    char delimiter;         /* 0: detect; else ',', ';', '\t' or '|' */
    int force_encoding;     /* 1: use encoding instead of detecting */
    nm_encoding encoding;   /* with force_encoding */
    /* One part of a large CSV file, read on its own thread (batch.c).  The
     * part is bytes [start, end) of the file, starting at a line start;
     * end 0 reads to the end.  A part after the first (start > 0) is CSV
     * in the given encoding and delimiter (both required), with no
     * detection, no "sep=" line, and its first line numbered first_line.
     * more_after: the file goes on after end, so a row still open at end
     * is not an error: info->ended_mid_row says so and the row is not
     * delivered.  The first part (start 0, end > 0) is detected as usual,
     * and its SHA-256 covers the whole file. */
    uint64_t start, end;
    uint64_t first_line;
    int more_after;
    char sniffed;           /* internal: delimiter sniffed from the first chunk */
    const char *sheet;      /* .xlsx: the sheet to read by name; NULL: the
                               first visible sheet (borrowed) */
} nm_read_opts;

typedef struct nm_read_info {
    int decoded;            /* 1 once the encoding and format are known */
    nm_format format;       /* CSV or JSON, from the content */
    nm_decoder dec;         /* encoding used, BOM, fallback bytes */
    char delimiter;         /* CSV: the delimiter used */
    int delimiter_detected; /* CSV: 1 when sniffed, 0 when given */
    int sep_line;           /* CSV: an Excel "sep=" line named it */
    uint64_t bytes;         /* bytes read from the input: all of a file, but only
                               the first chunk of one refused as binary or empty,
                               and only what was read of a pipe or device that
                               stopped early (it may never end) */
    char sha256[65];        /* hex SHA-256 of those bytes */
    uint64_t lines;         /* physical lines */
    char json_path[128];    /* JSON: where the records were ("$", "$.responses") */
    char sheet[128];        /* .xlsx: the sheet read (Excel's names have at most
                               31 characters) */
    unsigned sheet_no;      /* .xlsx: which sheet that is (1: the first) */
    unsigned nsheets;       /* .xlsx: sheets in the workbook */
    int ended_mid_row;      /* a part (opts.more_after) ended inside a row */
    int stopped;            /* the row callback asked to stop reading */
    uint64_t limit;         /* internal: bytes the readers may read, 0: all */
} nm_read_info;

/* Read all of in (named name in messages), calling fn for each row.
 * Returns NM_OK, or NM_ERR_INPUT for a file that is not a readable export
 * (empty, binary, unterminated quote, invalid JSON); rows already delivered
 * stay delivered.  info is filled as far as the file was read. */
nm_status nm_read_stream(FILE *in, const char *name, const nm_read_opts *opts,
                         nm_row_fn fn, void *ctx, nm_read_info *info, nm_error *err);

/* Name of a delimiter for people: "comma", "semicolon", "tab", "pipe". */
const char *nm_delimiter_name(char delimiter);

/* --- internal to the reader stage (src/read), exposed for tests --- */

/* Choose the delimiter from the start of a file's UTF-8 text. */
char nm_sniff_delimiter(const char *text, size_t len);

/* 1 and *delim set when line (without its line end) is "sep=X". */
int nm_sniff_sep_line(const char *line, size_t len, char *delim);

/* Read n more raw bytes of the input into raw, counting and hashing them
 * (*eof set when the input ended).  Used by the CSV and JSON readers. */
nm_status nm_read_raw(FILE *in, const char *name, unsigned char *raw, size_t *n, int *eof,
                      nm_read_info *info, nm_sha256 *hash, nm_error *err);

/* Read CSV whose first n raw bytes were read into raw (final: they are all
 * there is to read), with info->dec set up to decode them; opts: the
 * delimiter, and where a part starts and ends. */
nm_status nm_read_csv(FILE *in, const char *name, const unsigned char *raw, size_t n,
                      int final, const nm_read_opts *opts, nm_row_fn fn, void *ctx,
                      nm_read_info *info, nm_sha256 *hash, nm_error *err);

/* Physical lines in bytes of CSV text as the decoder counts them (LF, and
 * a CR not followed by LF); a CR at the very end counts when final. */
uint64_t nm_count_lines(const unsigned char *s, size_t n, int final);

/* A size over a limit for people: "1025 KiB" (rounded up, so never the
 * limit itself) under 10 MiB, else "128.0 MiB"; buf holds 32 bytes. */
const char *nm_size_text(uint64_t bytes, char buf[32]);

/* Read JSON: all of the file is decoded into text first. */
nm_status nm_read_json(FILE *in, const char *name, nm_buf *text, nm_row_fn fn,
                       void *ctx, nm_read_info *info, nm_sha256 *hash, nm_error *err);

/* Read an .xlsx workbook (a zip) whose first n raw bytes were read into
 * raw: the sheet opts->sheet, or the first visible one.  Refuses an
 * encrypted workbook, an .xls and a damaged zip with a message saying what
 * to do.  Numbers are given as text (nm_xlsx_number_text), dates as ISO
 * text, booleans as TRUE and FALSE. */
nm_status nm_read_xlsx(FILE *in, const char *name, const unsigned char *raw, size_t n,
                       int eof, const nm_read_opts *opts, nm_row_fn fn, void *ctx,
                       nm_read_info *info, nm_sha256 *hash, nm_error *err);

/* 1 when the first n bytes of a file are those of a zip archive (an .xlsx
 * or .ods) or of an OLE compound file (an .xls, or an encrypted workbook). */
int nm_xlsx_signature(const unsigned char *raw, size_t n);

/* A number cell's value (v: Excel's stored text, "0.10000000000000001")
 * as Excel shows it in General format and needmap's count parser reads
 * it: at most 15 significant digits, no trailing zeros, no exponent below
 * 10^21 ("0.1", "3", "1234.5"); three decimals get a fourth ("1.2340") so
 * they are not taken for a thousands separator.  Text that is not a
 * number is copied. */
void nm_xlsx_number_text(const char *v, nm_buf *out);

/* A date cell's serial day number as ISO text: "2025-03-14", with the
 * time when there is one ("2025-03-14 08:30:00"), or the time alone for a
 * value below 1 ("08:30:00"); date1904: days counted from 1904-01-01 (old
 * Mac Excel).  Out of Excel's range (negative, or past 9999): the number. */
void nm_xlsx_date_text(double serial, int date1904, nm_buf *out);

/* Column and row of a cell reference ("AB12" -> 28, 12); 0 when ref is not
 * one.  A reference without a row ("AB") gives *row 0. */
int nm_xlsx_cell_ref(const char *ref, uint32_t *col, uint64_t *row);

enum { NM_READ_CHUNK = 1 << 16 };

/* Limits no real export comes near, which keep the reader's memory and
 * time bounded whatever the input (docs/ingest.md, "Limits").  A row that
 * breaks one is delivered as NM_ROW_MALFORMED saying which, and reading goes
 * on after it; an overlong CSV row is read past (its quotes followed) in
 * constant memory, never kept. */
enum {
    NM_FIELD_MAX = 1 << 20,   /* bytes of one field, as UTF-8 (Excel's 32,767
                                 characters are at most 96 KiB) */
    NM_ROW_MAX = 4 << 20,     /* bytes of one CSV row, all its lines */
    NM_COLUMNS_MAX = 16384,   /* fields of a row, keys of a JSON export (Excel's
                                 column limit) */
    NM_JSON_DEPTH_MAX = 64    /* arrays and objects inside each other in JSON */
};

/* A workbook's parts are unzipped as they are read: a sheet, the shared
 * strings (kept in memory) and a workbook read from standard input (copied
 * to a temporary file) may be at most NM_XLSX_PART_MAX bytes, and a part
 * past 16 MiB may unzip to at most NM_XLSX_RATIO_MAX times its zipped
 * size (Excel's own sheets are about 10 times; a zip bomb is over 300). */
#define NM_XLSX_PART_MAX ((uint64_t)1 << 30)
#define NM_XLSX_RATIO_MAX 100

#endif
