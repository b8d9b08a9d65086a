/* xlsx_book.c - the small parts of a workbook: where the workbook part is
 * (_rels/.rels), its sheets in tab order with their parts (the workbook and
 * its relationships), the shared strings, and which cell styles show dates.
 * Element and attribute names are matched without their namespace prefix,
 * and relationship types by their last word, so workbooks in the strict
 * OOXML namespaces and those of other tools read the same. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "needmap/alloc.h"
#include "needmap/strmap.h"

#include "xlsx_parts.h"

void nmx_book_free(xlsx_book *b)
{
    if (!b)
        return;
    if (b->zip)
        zip_discard(b->zip);
    for (size_t i = 0; i < b->nsheets; i++) {
        free(b->sheets[i].name);
        free(b->sheets[i].part);
    }
    free(b->sheets);
    free(b->workbook);
    free(b->shared_part);
    free(b->styles_part);
    nm_buf_free(&b->sst);
    free(b->sst_off);
    free(b->sst_len);
    free(b->xf_date);
    memset(b, 0, sizeof *b);
}

/* --- part names --- */

/* The part a relationship target names, from the folder of the part that
 * holds the relationship ("xl/" for the workbook): "worksheets/sheet1.xml"
 * -> "xl/worksheets/sheet1.xml"; "/xl/x.xml" is from the top; ".." goes up. */
static char *resolve(const char *dir, const char *target)
{
    nm_buf path = {0};
    if (target[0] != '/')
        nm_buf_puts(&path, dir);
    else
        target++;
    while (*target) {
        const char *slash = strchr(target, '/');
        size_t n = slash ? (size_t)(slash - target) : strlen(target);
        if (n == 2 && strncmp(target, "..", 2) == 0) {
            if (path.len) /* drop the last folder (path ends in '/') */
                path.len--;
            while (path.len && path.data[path.len - 1] != '/')
                path.len--;
            if (path.data)
                path.data[path.len] = '\0';
        } else if (!(n == 1 && target[0] == '.') && n) {
            nm_buf_append(&path, target, n);
            if (slash)
                nm_buf_putc(&path, '/');
        }
        target += n + (slash != NULL);
    }
    char *out = nm_strdup(nm_buf_str(&path));
    nm_buf_free(&path);
    return out;
}

/* "xl/workbook.xml" -> folder "xl/" and relationships "xl/_rels/workbook.xml.rels". */
static void part_dir(const char *part, nm_buf *dir, nm_buf *rels)
{
    const char *slash = strrchr(part, '/');
    size_t n = slash ? (size_t)(slash - part) + 1 : 0;
    nm_buf_reset(dir);
    nm_buf_append(dir, part, n);
    nm_buf_reset(rels);
    nm_buf_append(rels, part, n);
    nm_buf_printf(rels, "_rels/%s.rels", part + n);
}

/* 1 when a relationship type (a URI) ends in /word. */
static int type_is(const char *type, const char *word)
{
    const char *slash = type ? strrchr(type, '/') : NULL;
    return slash && strcmp(slash + 1, word) == 0;
}

/* --- relationships --- */

typedef struct rel {
    char *id, *type, *target;
} rel;

typedef struct rels_state {
    xml_state xs;
    rel *rels;
    size_t n, cap;
    nm_strmap *ids;     /* Id -> index + 1 (a workbook may have many sheets) */
} rels_state;

static void rels_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
    rels_state *rs = ud;
    if (strcmp(nmx_local(name), "Relationship") != 0)
        return;
    const char *id = nmx_attr(atts, "Id"), *type = nmx_attr(atts, "Type");
    const char *target = nmx_attr(atts, "Target"), *mode = nmx_attr(atts, "TargetMode");
    if (!id || !target || (mode && strcmp(mode, "External") == 0))
        return;
    if (nm_strmap_find(rs->ids, id, NULL))
        return; /* the first of an Id given twice */
    NM_GROW(rs->rels, rs->cap, rs->n + 1);
    rel *r = &rs->rels[rs->n++];
    nm_strmap_put(rs->ids, id, (void *)(uintptr_t)rs->n);
    r->id = nm_strdup(id);
    r->type = nm_strdup(type ? type : "");
    r->target = nm_strdup(target);
}

static void no_end(void *ud, const XML_Char *name) { (void)ud, (void)name; }
static void no_text(void *ud, const XML_Char *s, int len) { (void)ud, (void)s, (void)len; }

static void rels_free(rels_state *rs)
{
    for (size_t i = 0; i < rs->n; i++) {
        free(rs->rels[i].id);
        free(rs->rels[i].type);
        free(rs->rels[i].target);
    }
    free(rs->rels);
    nm_strmap_free(rs->ids);
}

/* Read a relationships part; a missing one has none. */
static nm_status read_rels(xlsx_book *b, const char *path, rels_state *rs, nm_error *err)
{
    memset(rs, 0, sizeof *rs);
    rs->ids = nm_strmap_new();
    if (!nmx_has_part(b, path))
        return NM_OK;
    return nmx_parse_part(b, path, NMX_PART_MAX_SMALL, rels_start, no_end, no_text, rs, err);
}

static const rel *rel_of_type(const rels_state *rs, const char *word)
{
    for (size_t i = 0; i < rs->n; i++)
        if (type_is(rs->rels[i].type, word))
            return &rs->rels[i];
    return NULL;
}

static const rel *rel_by_id(const rels_state *rs, const char *id)
{
    void *v;
    return id && nm_strmap_find(rs->ids, id, &v) ? &rs->rels[(uintptr_t)v - 1] : NULL;
}

/* --- the workbook part: sheets in tab order --- */

typedef struct sheets_state {
    xml_state xs;
    xlsx_book *b;
    const rels_state *rels;
    const char *dir;
} sheets_state;

static int truth(const char *v)
{
    return v && (strcmp(v, "1") == 0 || strcmp(v, "true") == 0);
}

static void sheets_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
    sheets_state *ss = ud;
    xlsx_book *b = ss->b;
    const char *local = nmx_local(name);
    if (strcmp(local, "workbookPr") == 0) {
        b->date1904 = truth(nmx_attr(atts, "date1904"));
        return;
    }
    if (strcmp(local, "sheet") != 0)
        return;
    const char *sheet_name = nmx_attr(atts, "name"), *state = nmx_attr(atts, "state");
    const rel *r = rel_by_id(ss->rels, nmx_attr(atts, "id"));
    NM_GROW(b->sheets, b->sheets_cap, b->nsheets + 1);
    xlsx_sheet *s = &b->sheets[b->nsheets++];
    memset(s, 0, sizeof *s);
    s->name = nm_strdup(sheet_name ? sheet_name : "");
    s->part = r ? resolve(ss->dir, r->target) : NULL;
    s->hidden = state && strcmp(state, "visible") != 0;
    s->chart = r && !type_is(r->type, "worksheet");
}

/* Where the workbook part is: the office document of _rels/.rels. */
static nm_status find_workbook(xlsx_book *b, nm_error *err)
{
    rels_state top;
    nm_status st = read_rels(b, "_rels/.rels", &top, err);
    const rel *doc = st == NM_OK ? rel_of_type(&top, "officeDocument") : NULL;
    b->workbook = doc ? resolve("", doc->target) : nm_strdup("xl/workbook.xml");
    rels_free(&top);
    if (st != NM_OK || nmx_has_part(b, b->workbook))
        return st;
    if (nmx_has_part(b, "mimetype") && nmx_has_part(b, "content.xml"))
        return nm_error_set(err, NM_ERR_INPUT, b->name, 0, 0,
                            "an OpenDocument file (.ods, from LibreOffice or OpenOffice), "
                            "not an Excel workbook: needmap reads .xlsx and CSV; save it "
                            "as .xlsx (Excel 2007-365) or as CSV");
    return nm_error_set(err, NM_ERR_INPUT, b->name, 0, 0,
                        "a zip archive that holds no Excel workbook (no %s): is this the "
                        "right file? needmap reads .xlsx workbooks, CSV and JSON",
                        b->workbook);
}

/* --- shared strings --- */

typedef struct sst_state {
    xml_state xs;
    xlsx_book *b;
    int in_si, in_t, in_phonetic; /* inside <si>, a <t> of it, a phonetic <rPh> */
    size_t start;                 /* where the current string starts in b->sst */
} sst_state;

static void sst_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
    sst_state *ss = ud;
    const char *local = nmx_local(name);
    (void)atts;
    if (strcmp(local, "si") == 0) {
        ss->in_si = 1;
        ss->start = ss->b->sst.len;
    } else if (ss->in_si && strcmp(local, "rPh") == 0) {
        ss->in_phonetic = 1;
    } else if (ss->in_si && !ss->in_phonetic && strcmp(local, "t") == 0) {
        ss->in_t = 1;
    }
}

static void sst_end(void *ud, const XML_Char *name)
{
    sst_state *ss = ud;
    xlsx_book *b = ss->b;
    const char *local = nmx_local(name);
    if (strcmp(local, "t") == 0) {
        ss->in_t = 0;
    } else if (strcmp(local, "rPh") == 0) {
        ss->in_phonetic = 0;
    } else if (strcmp(local, "si") == 0 && ss->in_si) {
        ss->in_si = 0;
        if (b->nsst == NMX_STRINGS_MAX) {
            nmx_fail(&ss->xs, b->name, "the workbook holds more than %d different texts "
                     "(shared strings): needmap reads workbooks of up to that many; save "
                     "the sheet as CSV", NMX_STRINGS_MAX);
            return;
        }
        size_t len = b->sst.len - ss->start;
        if (len)
            nmx_unescape(b->sst.data + ss->start, &len);
        b->sst.len = ss->start + len;
        nm_buf_putc(&b->sst, '\0');
        if (b->nsst == b->sst_cap) {
            b->sst_cap = b->sst_cap ? b->sst_cap * 2 : 256;
            b->sst_off = nm_reallocarray(b->sst_off, b->sst_cap, sizeof *b->sst_off);
            b->sst_len = nm_reallocarray(b->sst_len, b->sst_cap, sizeof *b->sst_len);
        }
        b->sst_off[b->nsst] = ss->start;
        b->sst_len[b->nsst++] = len;
    }
}

static void sst_text(void *ud, const XML_Char *s, int len)
{
    sst_state *ss = ud;
    if (ss->in_t)
        nm_buf_append(&ss->b->sst, s, (size_t)len);
}

/* --- styles: which cell formats show dates --- */

/* 1 when a number format code shows a date or time: a d, m, y, h or s
 * outside quoted text, escapes and [colour] or [$-locale] brackets. */
static int date_code(const char *code)
{
    for (const char *p = code; *p; p++) {
        switch (*p) {
        case '"':
            p = strchr(p + 1, '"');
            if (!p)
                return 0;
            break;
        case '\\': case '_': case '*':
            if (!*++p)
                return 0;
            break;
        case '[':
            if (strchr("hHmMsS", p[1]))
                return 1; /* [h]:mm elapsed time */
            p = strchr(p, ']');
            if (!p)
                return 0;
            break;
        default:
            if (strchr("dDmMyYhHsS", *p))
                return 1;
        }
    }
    return 0;
}

/* Excel's built-in date and time formats. */
static int builtin_date(long id)
{
    return (id >= 14 && id <= 22) || (id >= 27 && id <= 36) || (id >= 45 && id <= 47) ||
           (id >= 50 && id <= 58);
}

typedef struct styles_state {
    xml_state xs;
    xlsx_book *b;
    nm_strmap *custom; /* numFmtId (as written) of the custom date formats */
    int in_xfs;        /* inside <cellXfs> */
} styles_state;

static int is_date_id(const styles_state *st, const char *id)
{
    return builtin_date(strtol(id, NULL, 10)) || nm_strmap_find(st->custom, id, NULL);
}

static void styles_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
    styles_state *st = ud;
    const char *local = nmx_local(name);
    const char *id = nmx_attr(atts, "numFmtId");
    if (strcmp(local, "numFmt") == 0 && id) {
        const char *code = nmx_attr(atts, "formatCode");
        if (code && date_code(code))
            nm_strmap_put(st->custom, id, NULL);
    } else if (strcmp(local, "cellXfs") == 0) {
        st->in_xfs = 1;
    } else if (st->in_xfs && strcmp(local, "xf") == 0) {
        xlsx_book *b = st->b;
        NM_GROW(b->xf_date, b->xf_cap, b->nxf + 1);
        b->xf_date[b->nxf++] = (unsigned char)(id && is_date_id(st, id));
    }
}

static void styles_end(void *ud, const XML_Char *name)
{
    styles_state *st = ud;
    if (strcmp(nmx_local(name), "cellXfs") == 0)
        st->in_xfs = 0;
}

/* --- the book --- */

static nm_status read_sheets(xlsx_book *b, nm_error *err)
{
    nm_buf dir = {0}, rels_path = {0};
    part_dir(b->workbook, &dir, &rels_path);
    rels_state rels;
    nm_status st = read_rels(b, rels_path.data, &rels, err);
    if (st == NM_OK) {
        sheets_state ss = {.b = b, .rels = &rels, .dir = nm_buf_str(&dir)};
        st = nmx_parse_part(b, b->workbook, NMX_PART_MAX_SMALL, sheets_start, no_end, no_text,
                            &ss, err);
    }
    const rel *r;
    if (st == NM_OK && (r = rel_of_type(&rels, "sharedStrings")) != NULL)
        b->shared_part = resolve(nm_buf_str(&dir), r->target);
    if (st == NM_OK && (r = rel_of_type(&rels, "styles")) != NULL)
        b->styles_part = resolve(nm_buf_str(&dir), r->target);
    rels_free(&rels);
    nm_buf_free(&dir);
    nm_buf_free(&rels_path);
    return st;
}

nm_status nmx_read_book(xlsx_book *b, nm_error *err)
{
    nm_status st = find_workbook(b, err);
    if (st == NM_OK)
        st = read_sheets(b, err);
    if (st == NM_OK && b->nsheets == 0)
        st = nm_error_set(err, NM_ERR_INPUT, b->name, 0, 0,
                          "the workbook has no sheets: is this the right file?");
    if (st == NM_OK && b->shared_part && nmx_has_part(b, b->shared_part)) {
        sst_state ss = {.b = b};
        st = nmx_parse_part(b, b->shared_part, NM_XLSX_PART_MAX, sst_start, sst_end, sst_text,
                            &ss, err);
    }
    if (st == NM_OK && b->styles_part && nmx_has_part(b, b->styles_part)) {
        styles_state ss = {.b = b, .custom = nm_strmap_new()};
        st = nmx_parse_part(b, b->styles_part, NMX_PART_MAX_SMALL, styles_start, styles_end,
                            no_text, &ss, err);
        nm_strmap_free(ss.custom);
    }
    return st;
}

/* --- _xHHHH_ escapes --- */

static int hex_digit(char c)
{
    return c >= '0' && c <= '9' ? c - '0'
           : c >= 'a' && c <= 'f' ? c - 'a' + 10
           : c >= 'A' && c <= 'F' ? c - 'A' + 10
                                  : -1;
}

/* The code point of an escape _xHHHH_ at s (7 bytes), or -1. */
static long escape_at(const char *s, size_t left)
{
    if (left < 7 || s[0] != '_' || s[1] != 'x' || s[6] != '_')
        return -1;
    long v = 0;
    for (int i = 2; i < 6; i++) {
        int d = hex_digit(s[i]);
        if (d < 0)
            return -1;
        v = v * 16 + d;
    }
    return v;
}

void nmx_unescape(char *s, size_t *len)
{
    size_t r = 0, w = 0, n = *len;
    while (r < n) {
        long cp = s[r] == '_' ? escape_at(s + r, n - r) : -1;
        if (cp <= 0 || (cp >= 0xD800 && cp <= 0xDFFF)) { /* _x0000_ stays text */
            s[w++] = s[r++];
            continue;
        }
        r += 7; /* the escape is 7 bytes; its UTF-8 at most 3: w stays behind r */
        if (cp < 0x80) {
            s[w++] = (char)cp;
        } else if (cp < 0x800) {
            s[w++] = (char)(0xC0 | (cp >> 6));
            s[w++] = (char)(0x80 | (cp & 0x3F));
        } else {
            s[w++] = (char)(0xE0 | (cp >> 12));
            s[w++] = (char)(0x80 | ((cp >> 6) & 0x3F));
            s[w++] = (char)(0x80 | (cp & 0x3F));
        }
    }
    *len = w;
}
