/* values.h - read need type, education level, delivery mode, time horizon
 * and respondent kind from the words people use.  Pure functions, no state.
 *
 * Each parse returns 1 when the text was recognised, 0 when it was not
 * (then the value is the _UNKNOWN one).  Empty text is recognised as
 * unknown (returns 1): nobody is warned about an empty optional cell. */
#ifndef NEEDMAP_VALUES_H
#define NEEDMAP_VALUES_H

#include "needmap/record.h"

int nm_need_parse(const char *text, nm_need *out);
int nm_level_parse(const char *text, nm_level *out);
int nm_mode_parse(const char *text, nm_mode *out);
int nm_rkind_parse(const char *text, nm_rkind *out);

/* "0-1 år", "1–3 years", "3-5", "inom 1 år", "2 år", "1-2 år" ... */
int nm_horizon_parse(const char *text, nm_horizon *out);

/* Guess a respondent kind from an organisation name ("Arjeplogs kommun" is a
 * municipal employer, "Malå Bygg AB" a company); NM_RKIND_UNKNOWN if no
 * clue. */
nm_rkind nm_rkind_guess(const char *organisation);

#endif
