/* buf.c - growable NUL-terminated byte buffer. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "needmap/alloc.h"
#include "needmap/buf.h"

void nm_buf_free(nm_buf *b)
{
    free(b->data);
    b->data = NULL;
    b->len = b->cap = 0;
}

void nm_buf_reset(nm_buf *b)
{
    b->len = 0;
    if (b->data)
        b->data[0] = '\0';
}

void nm_buf_reserve(nm_buf *b, size_t extra)
{
    if (b->len + extra + 1 > b->cap)
        nm_grow((void **)&b->data, &b->cap, b->len + extra + 1, 1);
}

void nm_buf_puts(nm_buf *b, const char *s)
{
    nm_buf_append(b, s, strlen(s));
}

void nm_buf_printf(nm_buf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n <= 0)
        return;
    nm_buf_reserve(b, (size_t)n);
    va_start(ap, fmt);
    vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    b->len += (size_t)n;
}

const char *nm_buf_str(const nm_buf *b)
{
    return b->data ? b->data : "";
}

int nm_buf_read_all(nm_buf *b, FILE *f)
{
    char chunk[8192];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
        nm_buf_append(b, chunk, n);
    if (!b->data)
        nm_buf_append(b, "", 0);
    return ferror(f) ? -1 : 0;
}
