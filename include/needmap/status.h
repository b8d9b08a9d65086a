/* status.h - the one way needmap code reports failure.
 *
 * Every fallible function returns an nm_status and, when it fails, fills a
 * caller-supplied nm_error with file, line, column and a message a person can
 * act on.  nm_error is a plain value: it owns no heap memory, so it needs no
 * free and can be copied.  Nothing is kept in globals.  What no caller can
 * handle (out of memory, a scratch file that cannot be read back, a table
 * past its 32-bit counts) takes the one fatal path, nm_fatal.
 */
#ifndef NEEDMAP_STATUS_H
#define NEEDMAP_STATUS_H

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>

typedef enum nm_status {
    NM_OK = 0,
    NM_ERR_USAGE,    /* bad command line or option value */
    NM_ERR_CONFIG,   /* a mapping, synonyms or other option file is invalid */
    NM_ERR_INPUT,    /* an input cannot be read or is not a survey export */
    NM_ERR_OUTPUT,   /* an output cannot be written */
    NM_ERR_INTERNAL, /* a bug: an invariant did not hold */
    NM_ERR_DISCLOSURE /* a hidden figure could be worked out from published ones */
} nm_status;

enum { NM_ERROR_MSG_MAX = 512, NM_ERROR_FILE_MAX = 1024 };

typedef struct nm_error {
    char file[NM_ERROR_FILE_MAX]; /* file the problem is in, "" if none */
    uint64_t line;                /* 1-based physical line, 0 if unknown */
    uint32_t col;                 /* 1-based column (field number), 0 if unknown */
    char msg[NM_ERROR_MSG_MAX];   /* what went wrong and what to do */
} nm_error;

/* Reset err to "no error". */
void nm_error_clear(nm_error *err);

/* Fill err (may be NULL: then nothing happens) and return status.  file may
 * be NULL.  The message is printf-formatted and truncated to fit. */
nm_status nm_error_set(nm_error *err, nm_status status, const char *file,
                       uint64_t line, uint32_t col, const char *fmt, ...)
    __attribute__((format(printf, 6, 7)));

/* Print "needmap: LEVEL: FILE:LINE:COL: msg\n" to out, leaving out the parts
 * that are unknown.  level is "error", "warning" or "note". */
void nm_error_print(const nm_error *err, const char *level, FILE *out);

/* A short fixed name for a status ("input error", ...). */
const char *nm_status_name(nm_status status);

/* Print "needmap: error: MESSAGE" (printf-formatted) to stderr and exit
 * with NM_EXIT_INTERNAL (5). */
_Noreturn void nm_fatal(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
