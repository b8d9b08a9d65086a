/* levels.c - the level and mode of needs the survey left blank. */
#include <stddef.h>

#include "needmap/levels.h"

nm_level nm_usual_level_of_code(const nm_refdata *ref, const char *code, const char **source)
{
    const nm_ssyk *s = code && code[0] ? nm_refdata_ssyk(ref, code) : NULL;
    if (source)
        *source = s ? s->route_source : NULL;
    return s && s->route < NM_LEVEL_N ? (nm_level)s->route : NM_LEVEL_UNKNOWN;
}

nm_level nm_usual_level(const nm_refdata *ref, const nm_comp_key *comp)
{
    if (comp->unclassified)
        return NM_LEVEL_UNKNOWN;
    if (comp->code[0])
        return nm_usual_level_of_code(ref, comp->code, NULL);
    /* a competence, not an occupation: staff learn it in a short course
     * (uppdragsutbildning) */
    return comp->label ? NM_LEVEL_COURSE : NM_LEVEL_UNKNOWN;
}

const char *nm_level_source_name(int inferred)
{
    return inferred ? "inferred" : "given";
}

const char *nm_mode_source_name(int assumed)
{
    return assumed ? "assumed" : "given";
}
