/* xlsx_parts.h - internals of the .xlsx reader (not a public header).
 *
 * xlsx_zip.c opens the workbook's zip (from a regular file, or a temporary
 * copy of standard input) and streams one part of it through expat, with
 * the unzipped-size limits; it also tells an encrypted workbook or an .xls
 * (OLE files) apart.  xlsx_book.c reads the small parts: where the sheets
 * are, their names, the shared strings and which cell styles are dates.
 * xlsx_sheet.c streams one sheet into rows.  xlsx_reader.c ties them
 * together (nm_read_xlsx).
 *
 * Ownership: an xlsx_book owns everything it points to (the zip, the sheet
 * list, the shared strings, the style flags); nmx_book_free releases it
 * (and is a no-op on a zeroed book).
 */
#ifndef NEEDMAP_XLSX_PARTS_H
#define NEEDMAP_XLSX_PARTS_H

#include <expat.h>
#include <stdint.h>
#include <zip.h>

#include "needmap/buf.h"
#include "needmap/reader.h"

typedef struct xlsx_sheet {
    char *name;          /* as the tab shows it */
    char *part;          /* zip entry of its XML ("xl/worksheets/sheet1.xml"), or NULL */
    int hidden;          /* state="hidden" or "veryHidden" */
    int chart;           /* a chart sheet: no cells */
} xlsx_sheet;

typedef struct xlsx_book {
    zip_t *zip;
    const char *name;    /* the input, for messages (borrowed) */
    char *workbook;      /* zip entry of the workbook part */
    xlsx_sheet *sheets;  /* in tab order */
    size_t nsheets, sheets_cap;
    char *shared_part;   /* shared strings part, or NULL */
    char *styles_part;   /* styles part, or NULL */
    int date1904;        /* dates counted from 1904 (old Mac Excel) */
    nm_buf sst;          /* shared strings, each NUL-terminated */
    size_t *sst_off, *sst_len;
    size_t nsst, sst_cap;
    unsigned char *xf_date; /* per cell style (cellXfs index): 1 when a date format */
    size_t nxf, xf_cap;
} xlsx_book;

void nmx_book_free(xlsx_book *b);

/* --- xlsx_zip.c --- */

/* What a handler met that stops the part: set by the handler (with
 * nmx_fail), returned by nmx_parse_part.  Every expat user data of this
 * reader starts with an xml_state. */
typedef struct xml_state {
    XML_Parser parser;
    const char *part;    /* the zip entry being read */
    nm_status st;        /* NM_OK, or the failure a handler set in err */
    nm_error *err;
    int stopped;         /* the row callback asked to stop */
} xml_state;

/* Stop the parser of xs with err filled (printf-style message). */
void nmx_fail(xml_state *xs, const char *name, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* The local name of an XML name ("x:row" -> "row"). */
const char *nmx_local(const char *name);
/* The value of the attribute whose local name is local, or NULL. */
const char *nmx_attr(const char **atts, const char *local);

/* Open in (all of it, from its first byte; n bytes of it already read into
 * raw and hashed) as a zip.  Reads the rest of in for its checksum first.
 * Refuses an OLE file (encrypted workbook, .xls) and a damaged zip with a
 * message saying what to do. */
nm_status nmx_open(FILE *in, const char *name, const unsigned char *raw, size_t n, int eof,
                   nm_read_info *info, nm_sha256 *hash, xlsx_book *b, nm_error *err);

/* Stream the zip entry path through expat with these handlers; ud starts
 * with an xml_state.  At most max unzipped bytes (a zip bomb is refused).
 * Returns NM_OK (also when a handler asked to stop, xs->stopped), or
 * NM_ERR_INPUT with err filled. */
nm_status nmx_parse_part(xlsx_book *b, const char *path, uint64_t max,
                         XML_StartElementHandler start, XML_EndElementHandler end,
                         XML_CharacterDataHandler text, void *ud, nm_error *err);

/* 1 when the zip holds an entry of that name. */
int nmx_has_part(const xlsx_book *b, const char *path);

/* --- xlsx_book.c --- */

/* Find the workbook, its sheets, shared strings and date styles. */
nm_status nmx_read_book(xlsx_book *b, nm_error *err);

/* Decode OOXML's _xHHHH_ escapes (a control character written as text) in
 * s[0..*len) in place; *len is updated. */
void nmx_unescape(char *s, size_t *len);

/* --- xlsx_sheet.c --- */

/* Stream sheet k into rows. */
nm_status nmx_read_sheet(xlsx_book *b, size_t k, nm_row_fn fn, void *ctx, nm_read_info *info,
                         nm_error *err);

enum {
    NMX_PART_MAX_SMALL = 64 << 20,  /* workbook, relationships, styles */
    NMX_RATIO_FROM = 16 << 20,      /* the ratio limit applies past this many bytes */
    NMX_STRINGS_MAX = 1 << 23       /* shared strings (16 bytes each besides their text) */
};

#endif
