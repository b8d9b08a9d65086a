/* stamps.h - counting each thing at most once per respondent, in a pass
 * over the respondents (nm_demand_each_respondent): a stamp per thing
 * holds the last respondent that counted it.
 *
 *     nm_stamps s;  nm_stamps_init(&s, nbuckets);
 *     per respondent:  nm_stamps_next(&s);
 *                      for each of its buckets b: if (nm_stamps_first(&s, b)) count[b]++;
 *     nm_stamps_free(&s);
 *
 * The stamps are owned by s (nm_stamps_free releases them).  The demand
 * table keeps its own variant with the count beside the stamp (one cache
 * line a visit over hundreds of thousands of cells).
 */
#ifndef NEEDMAP_STAMPS_H
#define NEEDMAP_STAMPS_H

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "needmap/alloc.h"

typedef struct nm_stamps {
    uint32_t *stamp;           /* per thing: the respondent that last counted it */
    size_t n;
    uint32_t serial;           /* the current respondent */
} nm_stamps;

static inline void nm_stamps_init(nm_stamps *s, size_t n)
{
    s->stamp = nm_calloc(n ? n : 1, sizeof *s->stamp);
    s->n = n;
    s->serial = 0;
}

static inline void nm_stamps_free(nm_stamps *s)
{
    free(s->stamp);
    s->stamp = NULL;
}

/* The next respondent.  After 2^32 - 1 of them the stamps start again. */
static inline void nm_stamps_next(nm_stamps *s)
{
    if (++s->serial == 0) {
        memset(s->stamp, 0, s->n * sizeof *s->stamp);
        s->serial = 1;
    }
}

/* 1 the first time thing i is seen for this respondent, else 0. */
static inline int nm_stamps_first(nm_stamps *s, size_t i)
{
    if (s->stamp[i] == s->serial)
        return 0;
    s->stamp[i] = s->serial;
    return 1;
}

#endif
