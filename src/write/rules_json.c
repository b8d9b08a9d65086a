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
    cJSON *er = cJSON_AddObjectToObject(j, "enrolment_rates");
    cJSON_AddNumberToObject(er, "upskilling", r->enrol[NM_NEED_UPSKILLING]);
    cJSON_AddNumberToObject(er, "interest", r->enrol[NM_NEED_INTEREST]);
    cJSON_AddStringToObject(j, "assumed_mode", nm_mode_name(r->assumed_mode));
    cJSON_AddStringToObject(j, "levels_table", "surveys/ssyk_levels.csv (built in)");
    cJSON *re = cJSON_AddObjectToObject(j, "reach_km");
    for (int m = 0; m < NM_MODE_N; m++)
        cJSON_AddNumberToObject(re, nm_mode_name((nm_mode)m), r->reach_km[m]);
    cJSON_AddNumberToObject(j, "enrolment_rate", r->enrolment_rate);
    cJSON_AddNumberToObject(j, "max_locations", r->max_locations);
    cJSON_AddNumberToObject(j, "viable_probability", r->viable_probability);
}
