/* levels.h - stage 4b: the education level and delivery mode a need is
 * pooled at when the survey left them blank.
 *
 * The level follows the occupation: the usual route of its SSYK group
 * (surveys/ssyk_levels.csv, embedded in the reference data; groups of
 * levels 1-3 take the route most of their 4-digit groups take), and a
 * competence that is not an occupation ("Digitalisering") is a short
 * course.  The mode is the rules' assumed_mode.  Pure functions of their
 * arguments: nothing to free.
 */
#ifndef NEEDMAP_LEVELS_H
#define NEEDMAP_LEVELS_H

#include "needmap/demand.h"
#include "needmap/record.h"
#include "needmap/refdata.h"

/* The usual education level of competence comp (an SSYK code of any
 * level, or a competence label), or NM_LEVEL_UNKNOWN for the unclassified
 * group and codes the table does not know. */
nm_level nm_usual_level(const nm_refdata *ref, const nm_comp_key *comp);

/* The same for an SSYK code ("2221", "532"); *source (may be NULL) gets
 * the table's source note for 4-digit groups, else NULL. */
nm_level nm_usual_level_of_code(const nm_refdata *ref, const char *code, const char **source);

/* "given", "inferred" (level) and "given", "assumed" (mode): the words of
 * the level_source and mode_source columns. */
const char *nm_level_source_name(int inferred);
const char *nm_mode_source_name(int assumed);

#endif
