/* buf.h - a growable byte buffer, always NUL-terminated.
 *
 * The nm_buf owns its data; nm_buf_free releases it (and is a no-op on a
 * zeroed buffer).  A zero-initialised nm_buf is a valid empty buffer.
 */
#ifndef NEEDMAP_BUF_H
#define NEEDMAP_BUF_H

#include <stddef.h>
#include <stdio.h>

typedef struct nm_buf {
    char *data;  /* len bytes plus a NUL; NULL while nothing was added */
    size_t len;  /* bytes used, excluding the NUL */
    size_t cap;  /* bytes allocated */
} nm_buf;

void nm_buf_free(nm_buf *b);
void nm_buf_reset(nm_buf *b);                       /* len = 0, keeps memory */
void nm_buf_append(nm_buf *b, const void *p, size_t n);
void nm_buf_putc(nm_buf *b, char c);
void nm_buf_puts(nm_buf *b, const char *s);
void nm_buf_printf(nm_buf *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
const char *nm_buf_str(const nm_buf *b);            /* "" when empty */
/* Append all of f; returns 0, or -1 on a read error (errno set). */
int nm_buf_read_all(nm_buf *b, FILE *f);

#endif
