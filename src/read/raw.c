/* raw.c - what every reader of src/read/ shares: reading a chunk of bytes
 * (counted and hashed), counting lines, sizes and delimiters in words.
 * The readers (csv_reader.c, json_reader.c, xlsx_*.c) and reader.c call
 * these; nothing here calls them back. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "needmap/reader.h"

const char *nm_delimiter_name(char delimiter)
{
    switch (delimiter) {
    case ',': return "comma";
    case ';': return "semicolon";
    case '\t': return "tab";
    case '|': return "pipe";
    }
    return "unknown";
}

nm_status nm_read_raw(FILE *in, const char *name, unsigned char *raw, size_t *n, int *eof,
                      nm_read_info *info, nm_sha256 *hash, nm_error *err)
{
    size_t want = NM_READ_CHUNK;
    if (info->limit && info->limit - info->bytes < want)
        want = (size_t)(info->limit - info->bytes);
    *n = want ? fread(raw, 1, want, in) : 0;
    if (ferror(in))
        return nm_error_set(err, NM_ERR_INPUT, name, 0, 0, "cannot read: %s", strerror(errno));
    info->bytes += *n;
    if (hash)
        nm_sha256_update(hash, raw, *n);
    *eof = *n < want || (info->limit && info->bytes == info->limit);
    return NM_OK;
}

uint64_t nm_count_lines(const unsigned char *s, size_t n, int final)
{
    uint64_t lines = 0;
    const unsigned char *p = s, *end = s + n;
    while ((p = memchr(p, '\n', (size_t)(end - p))) != NULL) {
        lines++;
        p++;
    }
    for (p = s; (p = memchr(p, '\r', (size_t)(end - p))) != NULL; p++)
        if (p + 1 < end ? p[1] != '\n' : final)
            lines++;
    return lines;
}

const char *nm_size_text(uint64_t bytes, char buf[32])
{
    if (bytes < 10u << 20)
        snprintf(buf, 32, "%llu KiB", (unsigned long long)((bytes + 1023) >> 10));
    else
        snprintf(buf, 32, "%.1f MiB", (double)bytes / (1 << 20));
    return buf;
}
