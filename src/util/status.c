/* status.c - filling and printing nm_error; mapping statuses to exit
 * codes; the fatal path. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "needmap/exitcode.h"
#include "needmap/status.h"

void nm_error_clear(nm_error *err)
{
    if (!err)
        return;
    err->file[0] = '\0';
    err->line = 0;
    err->col = 0;
    err->msg[0] = '\0';
}

nm_status nm_error_set(nm_error *err, nm_status status, const char *file,
                       uint64_t line, uint32_t col, const char *fmt, ...)
{
    if (!err)
        return status;
    snprintf(err->file, sizeof err->file, "%s", file ? file : "");
    err->line = line;
    err->col = col;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err->msg, sizeof err->msg, fmt, ap);
    va_end(ap);
    return status;
}

void nm_error_print(const nm_error *err, const char *level, FILE *out)
{
    fprintf(out, "needmap: %s: ", level);
    if (err->file[0]) {
        fputs(err->file, out);
        if (err->line) {
            fprintf(out, ":%llu", (unsigned long long)err->line);
            if (err->col)
                fprintf(out, ":%u", (unsigned)err->col);
        }
        fputs(": ", out);
    }
    fprintf(out, "%s\n", err->msg);
}

const char *nm_status_name(nm_status status)
{
    switch (status) {
    case NM_OK: return "ok";
    case NM_ERR_USAGE: return "usage error";
    case NM_ERR_CONFIG: return "configuration error";
    case NM_ERR_INPUT: return "input error";
    case NM_ERR_OUTPUT: return "output error";
    case NM_ERR_INTERNAL: return "internal error";
    case NM_ERR_DISCLOSURE: return "disclosure error";
    }
    return "unknown status";
}

nm_exit nm_exit_for_status(nm_status status)
{
    switch (status) {
    case NM_OK: return NM_EXIT_OK;
    case NM_ERR_USAGE:
    case NM_ERR_CONFIG: return NM_EXIT_USAGE;
    case NM_ERR_INPUT: return NM_EXIT_INPUT;
    case NM_ERR_OUTPUT: return NM_EXIT_OUTPUT;
    case NM_ERR_INTERNAL: return NM_EXIT_INTERNAL;
    case NM_ERR_DISCLOSURE: return NM_EXIT_DISCLOSURE;
    }
    return NM_EXIT_INTERNAL;
}

static int exit_rank(nm_exit e)
{
    switch (e) {
    case NM_EXIT_OK: return 0;
    case NM_EXIT_REJECTS: return 1;
    case NM_EXIT_INPUT: return 2;
    case NM_EXIT_OUTPUT: return 3;
    case NM_EXIT_USAGE: return 4;
    case NM_EXIT_DISCLOSURE: return 5;
    case NM_EXIT_INTERNAL: return 6;
    }
    return 6;
}

nm_exit nm_exit_worse(nm_exit a, nm_exit b)
{
    return exit_rank(a) >= exit_rank(b) ? a : b;
}

void nm_fatal(const char *fmt, ...)
{
    va_list ap;
    fputs("needmap: error: ", stderr);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
    exit(NM_EXIT_INTERNAL);
}
