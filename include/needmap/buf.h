/* buf.h - a growable byte buffer, always NUL-terminated.
 *
 * The nm_buf owns its data; nm_buf_free releases it (and is a no-op on a
 * zeroed buffer).  A zero-initialised nm_buf is a valid empty buffer.
 */
#ifndef NEEDMAP_BUF_H
#define NEEDMAP_BUF_H

#include <stddef.h>
#include <stdio.h>
#include <string.h>

typedef struct nm_buf {
    char *data;  /* len bytes plus a NUL; NULL while nothing was added */
    size_t len;  /* bytes used, excluding the NUL */
    size_t cap;  /* bytes allocated */
} nm_buf;

void nm_buf_free(nm_buf *b);
void nm_buf_reset(nm_buf *b);                       /* len = 0, keeps memory */
/* Room for extra more bytes and the NUL (what the inline calls use when
 * the buffer is full). */
void nm_buf_reserve(nm_buf *b, size_t extra);

/* Inline: readers and writers call these for every field and byte. */
static inline void nm_buf_append(nm_buf *b, const void *p, size_t n)
{
    if (b->len + n + 1 > b->cap)
        nm_buf_reserve(b, n);
    if (n)
        memcpy(b->data + b->len, p, n);
    b->len += n;
    b->data[b->len] = '\0';
}

static inline void nm_buf_putc(nm_buf *b, char c)
{
    if (b->len + 2 > b->cap)
        nm_buf_reserve(b, 1);
    b->data[b->len++] = c;
    b->data[b->len] = '\0';
}

void nm_buf_puts(nm_buf *b, const char *s);
void nm_buf_printf(nm_buf *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
const char *nm_buf_str(const nm_buf *b);            /* "" when empty */
/* Append all of f; returns 0, or -1 on a read error (errno set). */
int nm_buf_read_all(nm_buf *b, FILE *f);

#endif
