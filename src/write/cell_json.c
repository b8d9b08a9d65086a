/* cell_json.c - a cell's published values as members of a JSON object,
 * shared by summary.json's tables and its clusters. */
#include <cjson/cJSON.h>

#include "needmap/write.h"

void nm_json_add_cell_values(void *vj, const nm_cell *c, nm_suppress flag)
{
    cJSON *j = vj;
    if (flag == NM_PUBLISHED) {
        cJSON_AddNumberToObject(j, "demand", c->demand);
        cJSON_AddNumberToObject(j, "demand_low", c->low);
        cJSON_AddNumberToObject(j, "demand_high", c->high);
        cJSON_AddNumberToObject(j, "needs_without_count", (double)c->unknown);
        cJSON_AddNumberToObject(j, "needs", (double)c->needs);
    } else {
        cJSON_AddNullToObject(j, "demand");
        cJSON_AddNullToObject(j, "demand_low");
        cJSON_AddNullToObject(j, "demand_high");
        cJSON_AddNullToObject(j, "needs_without_count");
        cJSON_AddNullToObject(j, "needs");
    }
    cJSON_AddNumberToObject(j, "respondents", (double)c->respondents);
    cJSON_AddStringToObject(j, "suppressed", nm_suppress_name(flag));
}
