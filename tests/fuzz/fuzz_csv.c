/* fuzz_csv.c - the CSV reader: any bytes as an export.
 *
 * Each input is read three ways: detecting everything; with a delimiter
 * and encoding forced as a mapping file forces them (chosen from the
 * bytes); and, for CSV in an 8-bit encoding, in two parts cut at a line
 * start as batch.c cuts large files.  The rows of the two parts must be
 * the rows of the whole read, byte for byte and line for line (unless the
 * cut falls inside a row: batch.c then reads on, so nothing is compared).
 */
#include <string.h>

#include "fuzz.h"
#include "read_check.h"

/* Where a part may start: just after the first LF at or after pos - 1
 * (as nm_ingest_plan_parts cuts), or size when there is none. */
static size_t line_start_from(const uint8_t *data, size_t size, size_t pos)
{
    const uint8_t *nl = memchr(data + pos - 1, '\n', size - (pos - 1));
    return nl ? (size_t)(nl - data) + 1 : size;
}

static void check_parts(const uint8_t *data, size_t size, const read_result *whole)
{
    nm_encoding enc = whole->info.dec.enc;
    if (!whole->info.decoded || whole->info.format != NM_FORMAT_CSV || size < 2 ||
        enc == NM_ENC_UTF16LE || enc == NM_ENC_UTF16BE)
        return; /* batch.c reads these whole */
    size_t cut = line_start_from(data, size, 1 + fuzz_hash(data, size) % (size - 1));
    if (cut >= size)
        return;
    nm_read_opts o0 = {.end = cut, .more_after = 1};
    read_result p0 = fuzz_read(data, size, &o0, NULL);
    if (p0.info.ended_mid_row)
        return;
    if (p0.status != NM_OK) { /* the whole read stops at the same place */
        FUZZ_CHECK(whole->status != NM_OK);
        FUZZ_CHECK(p0.rows == whole->rows && p0.digest == whole->digest);
        return;
    }
    nm_read_opts o1 = {.start = cut, .first_line = 1 + nm_count_lines(data, cut, 0),
                       .delimiter = p0.info.delimiter, .force_encoding = 1,
                       .encoding = enc == NM_ENC_UTF8_BOM ? NM_ENC_UTF8 : enc};
    read_result p1 = fuzz_read(data, size, &o1, &p0);
    FUZZ_CHECK(p1.status == whole->status);
    FUZZ_CHECK(p1.rows == whole->rows);
    FUZZ_CHECK(p1.digest == whole->digest);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    nm_read_opts forced = fuzz_read_opts(data, size);
    (void)fuzz_read(data, size, &forced, NULL);
    read_result whole = fuzz_read(data, size, NULL, NULL);
    check_parts(data, size, &whole);
    return 0;
}
