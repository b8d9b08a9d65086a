/* scenarios.c - scenarios.csv: the run's own options and each scenario's,
 * with what pooling gives under them, one row each (write.h). */
#include <cjson/cJSON.h>
#include <string.h>

#include "needmap/buf.h"
#include "needmap/output.h"
#include "needmap/write.h"

/* "all", or the modes pooled in nm_mode order: "distance hybrid" */
static void modes_cell(nm_csvw *w, unsigned modes)
{
    if (modes == NM_SCENARIO_ALL_MODES) {
        nm_csvw_word(w, "all");
        return;
    }
    nm_buf b = {0};
    for (int m = 0; m < NM_MODE_N; m++)
        if (modes & (1u << m)) {
            nm_buf_puts(&b, b.len ? " " : "");
            nm_buf_puts(&b, nm_mode_name((nm_mode)m));
        }
    nm_csvw_str(w, nm_buf_str(&b));
    nm_buf_free(&b);
}

/* A total, or `..` when the joint suppression hides it. */
static void total_cell(nm_csvw *w, const nm_scenario_figures *f, int i)
{
    if (f->hidden[i])
        nm_csvw_hidden(w);
    else
        nm_csvw_num(w, nm_scenario_total(f, i));
}

static void row(nm_csvw *w, const char *name, const nm_rules *r, unsigned modes,
                const nm_scenario_figures *f)
{
    nm_csvw_str(w, name);
    nm_csvw_num(w, r->enrol[NM_NEED_UPSKILLING]);
    nm_csvw_num(w, r->enrol[NM_NEED_INTEREST]);
    nm_csvw_num(w, r->viable_probability);
    nm_csvw_u64(w, (uint64_t)r->max_locations);
    modes_cell(w, modes);
    static const nm_level levels[] = {NM_LEVEL_YH, NM_LEVEL_UNIVERSITY, NM_LEVEL_COURSE,
                                      NM_LEVEL_KOMVUX};
    for (size_t k = 0; k < sizeof levels / sizeof *levels; k++)
        nm_csvw_num(w, r->level[levels[k]].min_size);
    nm_csvw_num(w, r->reach_km[NM_MODE_ONSITE]);
    nm_csvw_num(w, r->reach_km[NM_MODE_HYBRID]);
    nm_csvw_u64(w, f->groups);
    nm_csvw_u64(w, f->cohorts);
    nm_csvw_u64(w, f->cohorts_hidden);
    total_cell(w, f, NM_SCENARIO_UPSKILLING);
    total_cell(w, f, NM_SCENARIO_INTEREST);
    total_cell(w, f, NM_SCENARIO_EXPECTED);
    if (f->cohorts > f->cohorts_hidden) {
        nm_csvw_num(w, f->p_viable_mean);
        nm_csvw_num(w, f->p_viable_min);
    } else {
        nm_csvw_empty(w);
        nm_csvw_empty(w);
    }
    nm_csvw_u64(w, f->residual);
    nm_csvw_u64(w, f->residual_hidden);
    total_cell(w, f, NM_SCENARIO_RESIDUAL_UPSKILLING);
    total_cell(w, f, NM_SCENARIO_RESIDUAL_INTEREST);
    nm_csvw_end(w);
}

void nm_write_scenarios_csv(FILE *f, const nm_run_facts *facts, const nm_output_opts *o)
{
    static const char *const header[] = {
        "scenario", "upskilling_enrolment", "interest_enrolment", "viable_probability", "max_locations", "modes",
        "min_size_yh", "min_size_university", "min_size_course", "min_size_komvux",
        "reach_onsite_km", "reach_hybrid_km", "groups", "cohorts", "cohorts_hidden",
        "upskilling_students", "interest_students", "expected_enrolment", "p_viable_mean",
        "p_viable_min", "residual", "residual_hidden", "residual_upskilling",
        "residual_interest", NULL};
    nm_csvw w;
    nm_csvw_init(&w, f, o->excel, o->internal);
    nm_csvw_header(&w, header);
    const nm_scenarios *s = facts->scenarios;
    row(&w, "base", facts->rules, NM_SCENARIO_ALL_MODES, &facts->scenario_figures[0]);
    for (size_t i = 0; i < s->n; i++)
        row(&w, s->list[i].name, &s->list[i].rules, s->list[i].modes,
            &facts->scenario_figures[i + 1]);
}

/* --- summary.json's "scenarios" --- */

/* A total, or null when the joint suppression hides it. */
static void total_json(cJSON *x, const char *name, const nm_scenario_figures *f, int i)
{
    if (f->hidden[i])
        cJSON_AddNullToObject(x, name);
    else
        cJSON_AddNumberToObject(x, name, nm_scenario_total(f, i));
}

static cJSON *scenario_json(const char *name, const nm_rules *r, unsigned modes,
                            const nm_scenario_figures *f)
{
    cJSON *j = cJSON_CreateObject();
    cJSON_AddStringToObject(j, "name", name);
    cJSON *m = cJSON_AddArrayToObject(j, "modes");
    for (int k = 0; k < NM_MODE_N; k++)
        if (modes & (1u << k))
            cJSON_AddItemToArray(m, cJSON_CreateString(nm_mode_name((nm_mode)k)));
    nm_json_add_rules(cJSON_AddObjectToObject(j, "rules"), r);
    cJSON *x = cJSON_AddObjectToObject(j, "figures");
    cJSON_AddNumberToObject(x, "groups", (double)f->groups);
    cJSON_AddNumberToObject(x, "cohorts", (double)f->cohorts);
    cJSON_AddNumberToObject(x, "cohorts_hidden", (double)f->cohorts_hidden);
    total_json(x, "upskilling_students", f, NM_SCENARIO_UPSKILLING);
    total_json(x, "interest_students", f, NM_SCENARIO_INTEREST);
    total_json(x, "expected_enrolment", f, NM_SCENARIO_EXPECTED);
    if (f->cohorts > f->cohorts_hidden) {
        cJSON_AddNumberToObject(x, "p_viable_mean", f->p_viable_mean);
        cJSON_AddNumberToObject(x, "p_viable_min", f->p_viable_min);
    } else {
        cJSON_AddNullToObject(x, "p_viable_mean");
        cJSON_AddNullToObject(x, "p_viable_min");
    }
    cJSON_AddNumberToObject(x, "residual", (double)f->residual);
    cJSON_AddNumberToObject(x, "residual_hidden", (double)f->residual_hidden);
    total_json(x, "residual_upskilling", f, NM_SCENARIO_RESIDUAL_UPSKILLING);
    total_json(x, "residual_interest", f, NM_SCENARIO_RESIDUAL_INTEREST);
    return j;
}

void *nm_scenarios_json(const nm_run_facts *f, int internal)
{
    cJSON *j = cJSON_CreateObject();
    cJSON_AddStringToObject(j, "file",
                            f->scenario_path ? nm_config_name(f->scenario_path, internal) : "");
    cJSON *list = cJSON_AddArrayToObject(j, "list");
    cJSON_AddItemToArray(list, scenario_json("base", f->rules, NM_SCENARIO_ALL_MODES,
                                             &f->scenario_figures[0]));
    for (size_t i = 0; i < f->scenarios->n; i++) {
        const nm_scenario *s = &f->scenarios->list[i];
        cJSON_AddItemToArray(list, scenario_json(s->name, &s->rules, s->modes,
                                                 &f->scenario_figures[i + 1]));
    }
    return j;
}
