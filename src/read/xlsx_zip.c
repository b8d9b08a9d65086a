/* xlsx_zip.c - open a workbook's zip and stream its parts through expat.
 *
 * libzip reads the zip from a stream it may seek in: a regular file is
 * reopened through a duplicate of its descriptor once it has been read
 * through for its checksum; anything else (standard input, a pipe) is first
 * copied to an unlinked temporary file.  A part is unzipped and parsed a
 * chunk at a time, so memory does not grow with the sheet; what it unzips
 * to is counted, and a part larger than NM_XLSX_PART_MAX, or past 16 MiB
 * more than NM_XLSX_RATIO_MAX times its zipped size, is refused (a zip
 * bomb).  An OLE compound file is an encrypted workbook when it holds an
 * EncryptedPackage stream, else an old .xls (or another Office file). */
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "needmap/alloc.h"
#include "needmap/tempfile.h"

#include "xlsx_parts.h"

void nmx_fail(xml_state *xs, const char *name, const char *fmt, ...)
{
    if (xs->st != NM_OK)
        return;
    char msg[NM_ERROR_MSG_MAX];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    xs->st = nm_error_set(xs->err, NM_ERR_INPUT, name, 0, 0, "%s", msg);
    XML_StopParser(xs->parser, XML_FALSE);
}

const char *nmx_local(const char *name)
{
    const char *colon = strrchr(name, ':');
    return colon ? colon + 1 : name;
}

const char *nmx_attr(const char **atts, const char *local)
{
    for (size_t i = 0; atts[i]; i += 2)
        if (strcmp(nmx_local(atts[i]), local) == 0)
            return atts[i + 1];
    return NULL;
}

/* --- OLE compound files: an encrypted workbook or an .xls --- */

/* "EncryptedPackage" as a directory entry name (UTF-16LE). */
static const char encrypted_name[] = "E\0n\0c\0r\0y\0p\0t\0e\0d\0P\0a\0c\0k\0a\0g\0e\0";
enum { ENCRYPTED_LEN = sizeof encrypted_name - 1 };

static int holds(const unsigned char *s, size_t n, const char *what, size_t len)
{
    for (size_t i = 0; i + len <= n; i++)
        if (s[i] == (unsigned char)what[0] && memcmp(s + i, what, len) == 0)
            return 1;
    return 0;
}

/* Read the rest of an OLE file (for its checksum), looking for the name of
 * an encrypted package's stream, and refuse it for what it is. */
static nm_status refuse_ole(FILE *in, const char *name, const unsigned char *raw, size_t n,
                            int eof, nm_read_info *info, nm_sha256 *hash, nm_error *err)
{
    unsigned char *buf = nm_malloc(ENCRYPTED_LEN + NM_READ_CHUNK);
    size_t have = n; /* bytes in buf: the tail of the last chunk, then a chunk */
    memcpy(buf, raw, n);
    int encrypted = 0;
    nm_status st = NM_OK;
    for (;;) {
        encrypted = holds(buf, have, encrypted_name, ENCRYPTED_LEN);
        if (eof || encrypted)
            break;
        size_t keep = have < ENCRYPTED_LEN ? have : ENCRYPTED_LEN;
        memmove(buf, buf + have - keep, keep);
        size_t got;
        st = nm_read_raw(in, name, buf + keep, &got, &eof, info, hash, err);
        if (st != NM_OK)
            break;
        have = keep + got;
    }
    free(buf);
    if (st != NM_OK)
        return st;
    if (encrypted)
        return nm_error_set(err, NM_ERR_INPUT, name, 0, 0,
                            "the workbook is password-protected (encrypted): needmap cannot "
                            "read it; open it in Excel, remove the password (File > Info > "
                            "Protect Workbook) and save it again, or save it as CSV");
    return nm_error_set(err, NM_ERR_INPUT, name, 0, 0,
                        "an old Excel 97-2003 workbook (.xls) or another old Office file: "
                        "needmap reads .xlsx and CSV; open it in Excel and save it as an "
                        "Excel Workbook (.xlsx) or as CSV");
}

/* --- the zip --- */

/* Read the rest of in for the checksum (a regular file: libzip reads it
 * again), or copy all of it to a temporary file; *copy gets that file. */
static nm_status read_rest(FILE *in, const char *name, const unsigned char *raw, size_t n,
                           int eof, int copy, nm_read_info *info, nm_sha256 *hash,
                           FILE **out, nm_error *err)
{
    FILE *tmp = NULL;
    if (copy) {
        int fd = nm_temp_fd();
        tmp = fd >= 0 ? fdopen(fd, "w+b") : NULL;
        if (!tmp) {
            if (fd >= 0)
                close(fd);
            return nm_error_set(err, NM_ERR_INPUT, name, 0, 0, "cannot make a temporary "
                                "file to read the workbook from (%s): name the file "
                                "itself instead of a pipe", strerror(errno));
        }
    }
    unsigned char *buf = nm_malloc(NM_READ_CHUNK);
    nm_status st = NM_OK;
    const unsigned char *chunk = raw;
    for (;;) {
        if (tmp && fwrite(chunk, 1, n, tmp) != n)
            st = nm_error_set(err, NM_ERR_INPUT, name, 0, 0, "cannot copy the workbook to a "
                              "temporary file: %s", strerror(errno));
        if (st == NM_OK && tmp && info->bytes > NM_XLSX_PART_MAX)
            st = nm_error_set(err, NM_ERR_INPUT, name, 0, 0, "a workbook on standard input "
                              "larger than %d MiB: name the file instead",
                              (int)(NM_XLSX_PART_MAX >> 20));
        if (st != NM_OK || eof)
            break;
        st = nm_read_raw(in, name, buf, &n, &eof, info, hash, err);
        chunk = buf;
    }
    free(buf);
    if (st == NM_OK && tmp && fflush(tmp) != 0)
        st = nm_error_set(err, NM_ERR_INPUT, name, 0, 0, "cannot copy the workbook to a "
                          "temporary file: %s", strerror(errno));
    if (st != NM_OK) {
        if (tmp)
            fclose(tmp);
        return st;
    }
    *out = tmp;
    return NM_OK;
}

static nm_status zip_refused(const char *name, zip_error_t *ze, nm_error *err)
{
    int code = zip_error_code_zip(ze);
    const char *why = zip_error_strerror(ze);
    if (code == ZIP_ER_MEMORY) {
        nm_fatal("out of memory");
    }
    return nm_error_set(err, NM_ERR_INPUT, name, 0, 0,
                        "the workbook is damaged: not a complete zip archive (%s); open it "
                        "in Excel and save it again, or save it as CSV", why);
}

static int regular_file(FILE *in)
{
    struct stat st;
    int fd = fileno(in);
    return fd >= 0 && fstat(fd, &st) == 0 && S_ISREG(st.st_mode);
}

nm_status nmx_open(FILE *in, const char *name, const unsigned char *raw, size_t n, int eof,
                   nm_read_info *info, nm_sha256 *hash, xlsx_book *b, nm_error *err)
{
    if (n >= 4 && memcmp(raw, "\xD0\xCF\x11\xE0", 4) == 0)
        return refuse_ole(in, name, raw, n, eof, info, hash, err);
    int regular = regular_file(in);
    FILE *f = NULL;
    nm_status st = read_rest(in, name, raw, n, eof, !regular, info, hash, &f, err);
    if (st != NM_OK)
        return st;
    if (regular) {
        int fd = dup(fileno(in));
        f = fd >= 0 ? fdopen(fd, "rb") : NULL;
        if (!f) {
            if (fd >= 0)
                close(fd);
            return nm_error_set(err, NM_ERR_INPUT, name, 0, 0, "cannot read: %s",
                                strerror(errno));
        }
    }
    zip_error_t ze;
    zip_error_init(&ze);
    zip_source_t *src = zip_source_filep_create(f, 0, -1, &ze);
    if (!src) {
        fclose(f);
        st = zip_refused(name, &ze, err);
        zip_error_fini(&ze);
        return st;
    }
    b->zip = zip_open_from_source(src, ZIP_RDONLY, &ze);
    if (!b->zip) {
        zip_source_free(src); /* closes f */
        st = zip_refused(name, &ze, err);
    }
    zip_error_fini(&ze);
    return st;
}

int nmx_has_part(const xlsx_book *b, const char *path)
{
    return zip_name_locate(b->zip, path, 0) >= 0 ||
           zip_name_locate(b->zip, path, ZIP_FL_NOCASE) >= 0;
}

/* A DOCTYPE has no place in a workbook (and would let entities in). */
static void refuse_doctype(void *ud, const XML_Char *name, const XML_Char *sysid,
                           const XML_Char *pubid, int has_internal_subset)
{
    xml_state *xs = ud;
    (void)name, (void)sysid, (void)pubid, (void)has_internal_subset;
    nmx_fail(xs, NULL, "the workbook's part %s holds a document type declaration, which "
             "Excel never writes: open it in Excel and save it again, or save it as CSV",
             xs->part);
}

/* The part's entry, checked: present, not encrypted. */
static nm_status open_entry(xlsx_book *b, const char *path, zip_stat_t *zs, zip_file_t **zf,
                            nm_error *err)
{
    zip_int64_t idx = zip_name_locate(b->zip, path, 0);
    if (idx < 0)
        idx = zip_name_locate(b->zip, path, ZIP_FL_NOCASE);
    if (idx < 0 || zip_stat_index(b->zip, (zip_uint64_t)idx, 0, zs) != 0)
        return nm_error_set(err, NM_ERR_INPUT, b->name, 0, 0,
                            "the workbook is damaged: it names the part %s, which is not in "
                            "it; open it in Excel and save it again, or save it as CSV", path);
    if ((zs->valid & ZIP_STAT_ENCRYPTION_METHOD) && zs->encryption_method != ZIP_EM_NONE)
        return nm_error_set(err, NM_ERR_INPUT, b->name, 0, 0,
                            "the workbook's parts are password-protected (an encrypted zip): "
                            "save it again in Excel without a password, or as CSV");
    *zf = zip_fopen_index(b->zip, (zip_uint64_t)idx, 0);
    if (!*zf)
        return nm_error_set(err, NM_ERR_INPUT, b->name, 0, 0,
                            "the workbook's part %s cannot be unzipped (%s); open it in "
                            "Excel and save it again, or save it as CSV",
                            path, zip_strerror(b->zip));
    return NM_OK;
}

/* Refuse a part that unzips to too much: over max, or (past 16 MiB) over
 * NM_XLSX_RATIO_MAX times its zipped size. */
static nm_status check_size(const xlsx_book *b, const char *path, uint64_t total,
                            uint64_t zipped, uint64_t max, nm_error *err)
{
    if (total > max)
        return nm_error_set(err, NM_ERR_INPUT, b->name, 0, 0,
                            "the workbook's part %s unzips to more than %llu MiB: needmap "
                            "reads parts of up to %llu MiB; is it a zip bomb? If not, save "
                            "the sheet as CSV", path, (unsigned long long)(max >> 20),
                            (unsigned long long)(max >> 20));
    if (total > NMX_RATIO_FROM && total / NM_XLSX_RATIO_MAX > zipped)
        return nm_error_set(err, NM_ERR_INPUT, b->name, 0, 0,
                            "the workbook's part %s unzips to more than %d times its zipped "
                            "size (%llu bytes): a zip bomb, not a workbook Excel wrote; if it "
                            "is a real export, save the sheet as CSV",
                            path, NM_XLSX_RATIO_MAX, (unsigned long long)zipped);
    return NM_OK;
}

static nm_status xml_refused(const xlsx_book *b, const char *path, XML_Parser p, nm_error *err)
{
    return nm_error_set(err, NM_ERR_INPUT, b->name, 0, 0,
                        "the workbook is damaged: its part %s is not valid XML (%s at line "
                        "%lu, column %lu of the part); open it in Excel and save it again, "
                        "or save it as CSV", path, XML_ErrorString(XML_GetErrorCode(p)),
                        (unsigned long)XML_GetCurrentLineNumber(p),
                        (unsigned long)XML_GetCurrentColumnNumber(p) + 1);
}

/* Unzip and parse the entry chunk by chunk. */
static nm_status feed_part(xlsx_book *b, const char *path, zip_file_t *zf, uint64_t zipped,
                           uint64_t max, xml_state *xs, nm_error *err)
{
    char *buf = nm_malloc(NM_READ_CHUNK);
    uint64_t total = 0;
    nm_status st = NM_OK;
    for (;;) {
        zip_int64_t got = zip_fread(zf, buf, NM_READ_CHUNK);
        if (got < 0) {
            st = nm_error_set(err, NM_ERR_INPUT, b->name, 0, 0,
                              "the workbook is damaged: its part %s cannot be unzipped (%s); "
                              "open it in Excel and save it again, or save it as CSV",
                              path, zip_file_strerror(zf));
            break;
        }
        total += (uint64_t)got;
        st = check_size(b, path, total, zipped, max, err);
        if (st != NM_OK)
            break;
        if (XML_Parse(xs->parser, buf, (int)got, got == 0) == XML_STATUS_ERROR) {
            if (xs->st != NM_OK)
                st = xs->st;
            else if (!xs->stopped)
                st = xml_refused(b, path, xs->parser, err);
            break;
        }
        if (got == 0)
            break;
    }
    free(buf);
    return st;
}

nm_status nmx_parse_part(xlsx_book *b, const char *path, uint64_t max,
                         XML_StartElementHandler start, XML_EndElementHandler end,
                         XML_CharacterDataHandler text, void *ud, nm_error *err)
{
    zip_stat_t zs;
    zip_file_t *zf = NULL;
    nm_status st = open_entry(b, path, &zs, &zf, err);
    if (st != NM_OK)
        return st;
    XML_Parser p = XML_ParserCreate(NULL);
    if (!p) {
        nm_fatal("out of memory");
    }
    xml_state *xs = ud;
    xs->parser = p;
    xs->part = path;
    xs->st = NM_OK;
    xs->err = err;
    xs->stopped = 0;
    XML_SetUserData(p, ud);
    XML_SetElementHandler(p, start, end);
    XML_SetCharacterDataHandler(p, text);
    XML_SetStartDoctypeDeclHandler(p, refuse_doctype);
    uint64_t zipped = (zs.valid & ZIP_STAT_COMP_SIZE) ? zs.comp_size : 0;
    st = feed_part(b, path, zf, zipped, max, xs, err);
    if (st == NM_OK && xs->st != NM_OK)
        st = xs->st;
    if (st != NM_OK && !err->file[0]) /* a handler's failure without a name */
        snprintf(err->file, sizeof err->file, "%s", b->name);
    XML_ParserFree(p);
    zip_fclose(zf);
    return st;
}
