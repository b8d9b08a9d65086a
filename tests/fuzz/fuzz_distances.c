/* fuzz_distances.c - the distance file (nm_distances_load over the
 * great-circle distances).
 *
 * Loaded or not, the table must stay usable for pooling: symmetric, 0 on
 * the diagonal, no negative or NaN distance, and every neighbour list a
 * permutation that starts with the municipality itself and is sorted by
 * distance.  A file that does not load must say why.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "needmap/alloc.h"
#include "needmap/pool.h"

/* The great-circle table, computed once (copied for every input). */
static const nm_distances *base(void)
{
    static nm_distances d;
    if (!d.km)
        nm_distances_init(&d, fuzz_refdata());
    return &d;
}

static void check_table(const nm_distances *d)
{
    size_t n = d->n;
    unsigned char *seen = nm_calloc(n ? n : 1, 1);
    for (size_t i = 0; i < n; i++) {
        FUZZ_CHECK(nm_distance(d, i, i) == 0);
        for (size_t j = 0; j < n; j++) {
            double km = nm_distance(d, i, j);
            FUZZ_CHECK(km >= 0 && km == nm_distance(d, j, i));
        }
        const size_t *near = nm_distance_order(d, i);
        FUZZ_CHECK(near[0] == i);
        memset(seen, 0, n);
        for (size_t k = 0; k < n; k++) {
            FUZZ_CHECK(near[k] < n && !seen[near[k]]);
            seen[near[k]] = 1;
            if (k >= 2)
                FUZZ_CHECK(nm_distance(d, i, near[k - 1]) <= nm_distance(d, i, near[k]));
        }
    }
    free(seen);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const nm_distances *b = base();
    nm_distances d = *b;
    d.km = nm_reallocarray(NULL, b->n * b->n, sizeof *d.km);
    d.near = nm_reallocarray(NULL, b->n * b->n, sizeof *d.near);
    memcpy(d.km, b->km, b->n * b->n * sizeof *d.km);
    memcpy(d.near, b->near, b->n * b->n * sizeof *d.near);
    nm_error err;
    nm_status st = nm_distances_load(&d, fuzz_file(data, size), &err);
    FUZZ_CHECK(st == NM_OK || (st == NM_ERR_CONFIG && err.msg[0] != '\0'));
    check_table(&d);
    nm_distances_free(&d);
    return 0;
}
