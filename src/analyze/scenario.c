/* scenario.c - scenario files (scenario.h): named overlays on the run's
 * rules, read with the rules file's own parser and messages. */
#include <cjson/cJSON.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "needmap/alloc.h"
#include "needmap/buf.h"
#include "needmap/scenario.h"

static nm_status bad(nm_error *err, const char *path, const char *name, const char *what)
{
    if (name)
        return nm_error_set(err, NM_ERR_CONFIG, path, 0, 0, "scenario \"%s\": %s", name, what);
    return nm_error_set(err, NM_ERR_CONFIG, path, 0, 0, "scenarios: %s", what);
}

/* A rules message ("rules: levels.yh ...") said of scenario name. */
static nm_status rules_message(nm_error *err, const char *path, const char *name)
{
    if (!err)
        return NM_ERR_CONFIG;
    char msg[sizeof err->msg];
    const char *m = strncmp(err->msg, "rules: ", 7) == 0 ? err->msg + 7 : err->msg;
    snprintf(msg, sizeof msg, "%s", m);
    return bad(err, path, name, msg);
}

/* "modes": ["distance", "hybrid"]: the modes pooled. */
static nm_status load_modes(const cJSON *v, unsigned *modes, const char *path, const char *name,
                            nm_error *err)
{
    static const char *const keys[NM_MODE_N] = {"unknown", "distance", "hybrid", "onsite"};
    const char *what = "\"modes\" must be a list of one or more of onsite, hybrid, distance, "
                       "unknown";
    if (!cJSON_IsArray(v) || !v->child)
        return bad(err, path, name, what);
    *modes = 0;
    for (const cJSON *m = v->child; m; m = m->next) {
        int k = -1;
        for (int i = 0; i < NM_MODE_N && cJSON_IsString(m); i++)
            if (strcmp(m->valuestring, keys[i]) == 0)
                k = i;
        if (k < 0)
            return bad(err, path, name, what);
        *modes |= 1u << k;
    }
    return NM_OK;
}

/* A name people can read in a CSV cell: 1-63 bytes, no control characters. */
static int good_name(const char *s)
{
    size_t n = strlen(s);
    if (n == 0 || n >= NM_SCENARIO_NAME_MAX)
        return 0;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++)
        if (*p < 0x20 || *p == 0x7f)
            return 0;
    return 1;
}

/* One scenario: its modes, then the rest as a rules file's members. */
static nm_status load_one(nm_scenario *s, cJSON *obj, const nm_rules *base, const char *path,
                          nm_error *err)
{
    if (!good_name(obj->string))
        return bad(err, path, NULL, "a scenario's name must be 1 to 63 characters, none of "
                                    "them a control character");
    snprintf(s->name, sizeof s->name, "%s", obj->string);
    if (strcmp(s->name, "base") == 0)
        return bad(err, path, s->name, "the name is scenarios.csv's row of the run's own "
                                       "options; give the scenario another");
    if (!cJSON_IsObject(obj))
        return bad(err, path, s->name, "must be an object of rules (see docs/method.md)");
    s->rules = *base;
    s->modes = NM_SCENARIO_ALL_MODES;
    cJSON *modes = cJSON_DetachItemFromObjectCaseSensitive(obj, "modes");
    nm_status st = modes ? load_modes(modes, &s->modes, path, s->name, err) : NM_OK;
    cJSON_Delete(modes);
    if (st == NM_OK && nm_rules_overlay(&s->rules, obj, path, err) != NM_OK)
        st = rules_message(err, path, s->name);
    nm_rules_finish(&s->rules); /* the base rate from the scenario's enrolment rates */
    if (st == NM_OK && nm_rules_check(&s->rules, err) != NM_OK)
        st = rules_message(err, path, s->name);
    return st;
}

static nm_status load_root(nm_scenarios *out, cJSON *root, const nm_rules *base,
                           const char *path, nm_error *err)
{
    if (!cJSON_IsObject(root))
        return bad(err, path, NULL, "the file must hold one JSON object with \"scenarios\"");
    cJSON *list = NULL;
    for (cJSON *m = root->child; m; m = m->next) {
        if (strcmp(m->string, "scenarios") == 0 && !list)
            list = m;
        else if (strcmp(m->string, "comment") != 0)
            return nm_error_set(err, NM_ERR_CONFIG, path, 0, 0,
                                "scenarios: unknown member \"%s\" (the file holds "
                                "\"scenarios\" and \"comment\"; see docs/method.md)",
                                m->string);
    }
    if (!cJSON_IsObject(list) || !list->child)
        return bad(err, path, NULL, "\"scenarios\" must be an object of one or more named "
                                    "scenarios");
    size_t n = (size_t)cJSON_GetArraySize(list);
    if (n > NM_SCENARIOS_MAX)
        return nm_error_set(err, NM_ERR_CONFIG, path, 0, 0,
                            "scenarios: %zu scenarios, at most %d", n, NM_SCENARIOS_MAX);
    out->list = nm_calloc(n, sizeof *out->list);
    for (cJSON *s = list->child; s; s = s->next) {
        for (size_t k = 0; k < out->n; k++)
            if (strcmp(out->list[k].name, s->string) == 0)
                return bad(err, path, s->string, "named twice");
        nm_status st = load_one(&out->list[out->n], s, base, path, err);
        if (st != NM_OK)
            return st;
        out->n++;
    }
    return NM_OK;
}

nm_status nm_scenarios_load(nm_scenarios *out, const nm_rules *base, const char *path,
                            nm_error *err)
{
    memset(out, 0, sizeof *out);
    FILE *f = fopen(path, "rb");
    if (!f)
        return nm_error_set(err, NM_ERR_CONFIG, path, 0, 0, "cannot open scenario file: %s",
                            strerror(errno));
    nm_buf text = {0};
    nm_buf_read_all(&text, f);
    fclose(f);
    cJSON *root = cJSON_ParseWithLength(nm_buf_str(&text), text.len);
    nm_status st = root ? load_root(out, root, base, path, err)
                        : nm_error_set(err, NM_ERR_CONFIG, path, 0, 0,
                                       "scenario file is not valid JSON");
    cJSON_Delete(root);
    nm_buf_free(&text);
    if (st != NM_OK)
        nm_scenarios_free(out);
    return st;
}

void nm_scenarios_free(nm_scenarios *s)
{
    free(s->list);
    memset(s, 0, sizeof *s);
}
