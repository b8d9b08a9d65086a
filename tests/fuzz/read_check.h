/* read_check.h - read bytes with nm_read_stream and check every row the
 * reader delivers (fuzz_csv.c, fuzz_json.c).
 *
 * A read_result is a plain value (no heap memory): a digest of the rows
 * delivered, their number, the status and the reader's nm_read_info.
 */
#ifndef NEEDMAP_FUZZ_READ_CHECK_H
#define NEEDMAP_FUZZ_READ_CHECK_H

#include <stddef.h>
#include <stdint.h>

#include "needmap/reader.h"

typedef struct read_result {
    nm_status status;
    nm_read_info info;
    uint64_t rows;    /* rows delivered */
    uint64_t last_line; /* line of the last of them */
    uint64_t digest;  /* of every row's kind, lines, fields and problem, in order */
} read_result;

/* Read data[0..size) as a file with opts (NULL: detect everything),
 * checking each row: kind known, end_line >= line >= the previous row's
 * line, fields NUL-terminated valid UTF-8 of the stated length, a problem
 * for a malformed row.  Aborts (fuzz_fail) when a check fails.  before,
 * when not NULL, is the result of the part before this one: the count,
 * digest and line order go on from it. */
read_result fuzz_read(const uint8_t *data, size_t size, const nm_read_opts *opts,
                      const read_result *before);

/* Options for a second read, chosen from the bytes: a forced delimiter
 * and a forced encoding (each sometimes left to detection). */
nm_read_opts fuzz_read_opts(const uint8_t *data, size_t size);

#endif
