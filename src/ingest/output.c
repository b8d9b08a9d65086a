/* output.c - atomic files and the rejects CSV. */
#define _DEFAULT_SOURCE
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "needmap/alloc.h"
#include "needmap/buf.h"
#include "needmap/output.h"

nm_status nm_atomic_open(nm_atomic *a, const char *path, nm_error *err)
{
    nm_buf tmp = {0};
    const char *slash = strrchr(path, '/');
    size_t dirlen = slash ? (size_t)(slash - path) + 1 : 0;
    nm_buf_printf(&tmp, "%.*s.%s.tmpXXXXXX", (int)dirlen, path, path + dirlen);
    int fd = mkstemp(tmp.data);
    if (fd < 0) {
        nm_status st = nm_error_set(err, NM_ERR_OUTPUT, path, 0, 0, "cannot create: %s",
                                    strerror(errno));
        nm_buf_free(&tmp);
        return st;
    }
    a->f = fdopen(fd, "wb");
    a->path = nm_strdup(path);
    a->tmp = tmp.data;
    return NM_OK;
}

static void finish(nm_atomic *a)
{
    free(a->path);
    free(a->tmp);
    a->f = NULL;
    a->path = a->tmp = NULL;
}

nm_status nm_atomic_commit(nm_atomic *a, nm_error *err)
{
    int bad = ferror(a->f) || fflush(a->f) != 0 || fsync(fileno(a->f)) != 0;
    bad |= fclose(a->f) != 0;
    if (!bad && rename(a->tmp, a->path) == 0) {
        finish(a);
        return NM_OK;
    }
    nm_status st = nm_error_set(err, NM_ERR_OUTPUT, a->path, 0, 0, "cannot write: %s",
                                strerror(errno));
    unlink(a->tmp);
    finish(a);
    return st;
}

void nm_atomic_abort(nm_atomic *a)
{
    if (!a->f)
        return;
    fclose(a->f);
    unlink(a->tmp);
    finish(a);
}

void nm_csv_field(FILE *f, const char *text, char delimiter)
{
    if (!strchr(text, delimiter) && !strpbrk(text, "\"\r\n")) {
        fputs(text, f);
        return;
    }
    fputc('"', f);
    for (const char *p = text; *p; p++) {
        if (*p == '"')
            fputc('"', f);
        fputc(*p, f);
    }
    fputc('"', f);
}

void nm_rejects_header(FILE *f)
{
    fputs("file,line,column,reason_code,reason\n", f);
}

void nm_rejects_row(FILE *f, const nm_reject *r)
{
    nm_csv_field(f, r->file, ',');
    fprintf(f, ",%llu,", (unsigned long long)r->line);
    if (r->col)
        fprintf(f, "%u", (unsigned)r->col);
    fprintf(f, ",%s,", nm_reason_code(r->reason));
    nm_csv_field(f, nm_reason_text(r->reason), ',');
    fputc('\n', f);
}
