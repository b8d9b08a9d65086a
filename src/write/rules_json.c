/* rules_json.c - pooling rules as JSON members (write.h): summary.json's
 * rules and each scenario's. */
#include <cjson/cJSON.h>

#include "needmap/write.h"

void nm_json_add_rules(void *obj, const nm_rules *r)
{
    cJSON *j = obj;
    cJSON *lv = cJSON_AddObjectToObject(j, "levels");
    for (int l = 0; l < NM_LEVEL_N; l++) {
        cJSON *e = cJSON_AddObjectToObject(lv, nm_level_name((nm_level)l));
        cJSON_AddNumberToObject(e, "min", r->level[l].min_size);
        cJSON_AddNumberToObject(e, "max", r->level[l].max_size);
        cJSON_AddNumberToObject(e, "min_municipalities", r->level[l].min_municipalities);
    }
    cJSON *fa = cJSON_AddObjectToObject(j, "factors");
    for (int n = 0; n < NM_NEED_N; n++)
        cJSON_AddNumberToObject(fa, nm_need_name((nm_need)n), r->factor[n]);
    cJSON *re = cJSON_AddObjectToObject(j, "reach_km");
    for (int m = 0; m < NM_MODE_N; m++)
        cJSON_AddNumberToObject(re, nm_mode_name((nm_mode)m), r->reach_km[m]);
    cJSON_AddNumberToObject(j, "enrolment_rate", r->enrolment_rate);
    cJSON_AddNumberToObject(j, "max_locations", r->max_locations);
    cJSON_AddNumberToObject(j, "viable_probability", r->viable_probability);
}
