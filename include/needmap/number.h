/* number.h - whole numbers carried in doubles (JSON numbers, counts).
 *
 * A double read from a file may be NaN, huge or fractional; converting it to
 * an integer type before checking its range is undefined behaviour.  This
 * header holds the one check every stage uses before such a cast.  Inline
 * only: no state, nothing to free.
 */
#ifndef NEEDMAP_NUMBER_H
#define NEEDMAP_NUMBER_H

#include <math.h>

/* 1 when v is a whole number with lo <= v <= hi, else 0 (NaN and
 * infinities give 0).  lo and hi must be whole and within +-2^53, so that a
 * cast of v to long long (or a narrower type holding [lo, hi]) is exact
 * once this returns 1. */
static inline int nm_whole_in(double v, double lo, double hi)
{
    return v >= lo && v <= hi && v == floor(v);
}

/* The largest magnitude written as a whole number rather than a decimal
 * (JSON values read as text, numbers written to CSV): below 10^15 a double
 * holds every whole number and its digits exactly. */
#define NM_WHOLE_TEXT_MAX 999999999999999.0

#endif
