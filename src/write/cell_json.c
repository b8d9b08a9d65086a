/* cell_json.c - a cell's published values as members of a JSON object,
 * shared by summary.json's tables and its clusters, and the word that says
 * a figure is hidden. */
#include <cjson/cJSON.h>

#include "needmap/write.h"

const char *nm_suppressed_word(nm_suppress flag, int internal)
{
    if (flag == NM_PUBLISHED)
        return "";
    return internal ? nm_suppress_name(flag) : "yes";
}

void nm_json_add_cell_values(void *vj, const nm_cell *c, nm_suppress flag, int unknown_hidden,
                             int internal)
{
    cJSON *j = vj;
    if (flag == NM_PUBLISHED) {
        cJSON_AddNumberToObject(j, "demand", c->demand);
        cJSON_AddNumberToObject(j, "demand_low", c->low);
        cJSON_AddNumberToObject(j, "demand_high", c->high);
        if (unknown_hidden)
            cJSON_AddNullToObject(j, "needs_without_count");
        else
            cJSON_AddNumberToObject(j, "needs_without_count", (double)c->unknown);
        cJSON_AddNumberToObject(j, "needs", (double)c->needs);
        cJSON_AddNumberToObject(j, "respondents", (double)c->respondents);
    } else {
        cJSON_AddNullToObject(j, "demand");
        cJSON_AddNullToObject(j, "demand_low");
        cJSON_AddNullToObject(j, "demand_high");
        cJSON_AddNullToObject(j, "needs_without_count");
        cJSON_AddNullToObject(j, "needs");
        cJSON_AddNullToObject(j, "respondents");
    }
    cJSON_AddStringToObject(j, "suppressed", nm_suppressed_word(flag, internal));
}
