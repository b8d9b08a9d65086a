/* xlsx_reader.c - read an .xlsx workbook: open it (xlsx_zip.c), find its
 * sheets and shared strings (xlsx_book.c), choose the sheet and stream it
 * into rows (xlsx_sheet.c).  A workbook is read whole, never cut into
 * parts. */
#include <string.h>
#include <strings.h>

#include "needmap/alloc.h"

#include "xlsx_parts.h"

int nm_xlsx_signature(const unsigned char *raw, size_t n)
{
    return n >= 4 && (memcmp(raw, "PK\x03\x04", 4) == 0 || memcmp(raw, "PK\x05\x06", 4) == 0 ||
                      memcmp(raw, "\xD0\xCF\x11\xE0", 4) == 0);
}

/* The sheets for a message: 'Svar', 'Listor' (hidden). */
static void list_sheets(const xlsx_book *b, nm_buf *out)
{
    for (size_t i = 0; i < b->nsheets; i++)
        nm_buf_printf(out, "%s'%s'%s", i ? ", " : "", b->sheets[i].name,
                      b->sheets[i].chart ? " (a chart)" : b->sheets[i].hidden ? " (hidden)" : "");
}

/* The sheet named name (exactly, else as Excel compares names: without
 * case), or the first visible sheet of cells. */
static nm_status choose_sheet(const xlsx_book *b, const char *name, size_t *k, nm_error *err)
{
    for (int pass = 0; name && pass < 2; pass++)
        for (size_t i = 0; i < b->nsheets; i++)
            if (pass ? strcasecmp(b->sheets[i].name, name) == 0
                     : strcmp(b->sheets[i].name, name) == 0) {
                *k = i;
                return NM_OK;
            }
    if (name) {
        nm_buf list = {0};
        list_sheets(b, &list);
        nm_status st = nm_error_set(err, NM_ERR_INPUT, b->name, 0, 0,
                                    "the workbook has no sheet named '%s'; its sheets: %s; "
                                    "name one with --sheet", name, list.data);
        nm_buf_free(&list);
        return st;
    }
    *k = 0;
    for (size_t i = b->nsheets; i-- > 0;)
        if (!b->sheets[i].hidden && !b->sheets[i].chart)
            *k = i;
    return NM_OK;
}

/* Copy a sheet name into info, cut at a character boundary. */
static void keep_name(const char *name, char *dst, size_t size)
{
    size_t n = strlen(name);
    if (n >= size) {
        n = size - 1;
        while (n && ((unsigned char)name[n] & 0xC0) == 0x80)
            n--;
    }
    memcpy(dst, name, n);
    dst[n] = '\0';
}

nm_status nm_read_xlsx(FILE *in, const char *name, const unsigned char *raw, size_t n,
                       int eof, const nm_read_opts *opts, nm_row_fn fn, void *ctx,
                       nm_read_info *info, nm_sha256 *hash, nm_error *err)
{
    xlsx_book b = {.name = name};
    info->format = NM_FORMAT_XLSX;
    info->dec.enc = NM_ENC_UTF8; /* expat gives UTF-8 whatever the parts are in */
    nm_status st = nmx_open(in, name, raw, n, eof, info, hash, &b, err);
    if (st == NM_OK)
        st = nmx_read_book(&b, err);
    size_t k = 0;
    if (st == NM_OK) {
        info->decoded = 1;
        info->nsheets = (unsigned)b.nsheets;
        st = choose_sheet(&b, opts->sheet, &k, err);
    }
    if (st == NM_OK) {
        keep_name(b.sheets[k].name, info->sheet, sizeof info->sheet);
        info->sheet_no = (unsigned)k + 1;
        st = nmx_read_sheet(&b, k, fn, ctx, info, err);
    }
    nmx_book_free(&b);
    return st;
}
