/* test_output.c - number text of the CSV outputs (output.h). */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "needmap/output.h"

#include "check.h"

/* What nm_format_number has always meant: "%.3f", trailing zeros and a
 * bare point cut, integers without decimals, a decimal comma for Excel. */
static void reference(double v, int comma, char *out, size_t size)
{
    if (v == (double)(long long)v && v > -1e15 && v < 1e15) {
        snprintf(out, size, "%lld", (long long)v);
        return;
    }
    snprintf(out, size, "%.3f", v);
    char *end = out + strlen(out);
    while (end > out && end[-1] == '0')
        *--end = '\0';
    if (end > out && end[-1] == '.')
        *--end = '\0';
    char *dot = strchr(out, '.');
    if (comma && dot)
        *dot = ',';
}

static uint64_t state = 3;
static uint64_t next(void)
{
    state ^= state << 13;
    state ^= state >> 7;
    state ^= state << 17;
    return state;
}

static int agrees(double v)
{
    int ok = 1;
    for (int comma = 0; comma < 2; comma++) {
        char got[64], want[64];
        nm_format_number(v, comma, got, sizeof got);
        reference(v, comma, want, sizeof want);
        if (strcmp(got, want) != 0) {
            fprintf(stderr, "  %.17g: got %s, want %s\n", v, got, want);
            ok = 0;
        }
    }
    return ok;
}

static void numbers_read_as_printf_rounds_them(void)
{
    static const double fixed[] = {0, 1, -1, 2.5, 0.1, 0.7, 1.3, 6300.001, 0.0005, 0.0015,
                                   0.0025, 1.0005, 2.0045, -0.0001, -2.25, 0.9995, 0.99949,
                                   123456789.125, 1e12 + 0.5, 1e15 + 0.25, 3.14159265,
                                   1.0 / 3, 2.0 / 3, 1e-9, 999.9995, 4503599627370.497};
    int ok = 1;
    for (size_t i = 0; i < sizeof fixed / sizeof fixed[0]; i++)
        ok &= agrees(fixed[i]);
    for (int i = 0; i < 200000; i++) {
        uint64_t r = next();
        double v;
        switch (i % 4) {
        case 0: v = (double)(r % 100000000) / 1000; break;          /* whole thousandths */
        case 1: v = (double)(r % 100000000) / 10000 + 0.00005; break; /* ties in decimal */
        case 2: v = (double)(r >> 11) / (double)(1ULL << 53); break; /* probabilities */
        default: v = ((double)(r % 2000000) - 1000000) / 7; break;
        }
        ok &= agrees(v);
    }
    CHECK(ok);
}

int main(void)
{
    RUN(numbers_read_as_printf_rounds_them);
    return check_finish();
}
