/* fuzz_json.c - the JSON reader: any bytes as an export (seeded with JSON
 * exports, so most inputs start like JSON and reach nm_read_json).
 *
 * Each input is read detecting everything, and again with an encoding
 * forced as a mapping file forces it (chosen from the bytes).  Every row
 * is checked as in fuzz_csv.c (read_check.c).
 */
#include "fuzz.h"
#include "read_check.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    (void)fuzz_read(data, size, NULL, NULL);
    nm_read_opts forced = fuzz_read_opts(data, size);
    forced.delimiter = 0;
    (void)fuzz_read(data, size, &forced, NULL);
    return 0;
}
