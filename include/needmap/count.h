/* count.h - read "how many" as people write it. Pure functions, no state. */
#ifndef NEEDMAP_COUNT_H
#define NEEDMAP_COUNT_H

#include "needmap/record.h"

typedef enum nm_count_status {
    NM_COUNT_OK,          /* *out holds a number or a range */
    NM_COUNT_EMPTY,       /* empty cell */
    NM_COUNT_UNKNOWN,     /* "vet ej", "okänt", "x", "ja": a need without a number */
    NM_COUNT_NEGATIVE,    /* "-2" */
    NM_COUNT_NOT_NUMBER,  /* "många", "3 st?" that cannot be read */
    NM_COUNT_TOO_LARGE,   /* above NM_COUNT_MAX */
    NM_COUNT_AMBIGUOUS,   /* "1.200": thousands separator or decimal point? */
    NM_COUNT_BAD_RANGE,   /* "5-2": low above high */
    NM_COUNT_TOO_SMALL    /* "0,0001": above 0 but 0 in whole thousandths (NM_MILLI) */
} nm_count_status;

#define NM_COUNT_MAX 100000.0

/* Parse text: "3", "3,0", "2.5", "1 200" (space or no-break space as
 * thousands separator), "2-4" or "2–4", "ca 5" / "c:a 5" / "cirka 5" / "~5",
 * "10+" / "minst 10", with an optional unit ("3 st", "3st", "personer").
 * "1.200" and "1,200" are ambiguous (thousands or decimals?).  Zero is a
 * valid count; a number above zero that rounds to 0 thousandths (below
 * 0.0005) is refused, never read as 0.  *out is set only on NM_COUNT_OK (known) or
 * NM_COUNT_UNKNOWN (known = 0). */
nm_count_status nm_count_parse(const char *text, nm_count *out);

/* Counts are added up in thousandths of a person, as whole numbers, so a
 * sum is exact and the same in any order (files read on several threads
 * add up in different orders).  A count is rounded to the nearest
 * thousandth first; outputs show at most three decimals. */
#define NM_MILLI 1000.0
double nm_count_milli(double v);   /* round(v * 1000), a whole number */

/* What is wrong, for a person: "count is negative". */
const char *nm_count_status_text(nm_count_status st);

#endif
