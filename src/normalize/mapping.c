/* mapping.c - the analyst's JSON mapping file.
 *
 * {
 *   "columns":  { "Arbetsplats": "municipality", "Hur många?": "count", ... },
 *   "values":   { "level": { "Påbyggnad": "course" }, "need": { ... }, ... },
 *   "defaults": { "municipality": "2506", "need": "recruitment", ... },
 *   "encoding": "windows-1252", "delimiter": ";", "header_line": 3,
 *   "layout": "long" | "wide"
 * }
 * or several, each for the exports its "files" globs name:
 * { "mappings": [ { "files": "kommun_*.csv", "columns": ... }, ... ] }
 * Every member is optional; unknown members are an error, so a typo is
 * never silently ignored. */
#define _GNU_SOURCE /* FNM_CASEFOLD */
#include <cjson/cJSON.h>
#include <errno.h>
#include <fnmatch.h>
#include <math.h>
#include <stdarg.h>
#include <strings.h>
#include <sys/stat.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "needmap/alloc.h"
#include "needmap/columns.h"
#include "needmap/number.h"
#include "needmap/text.h"
#include "needmap/values.h"

static const char *const field_names[NM_FIELD_N] = {
    "municipality", "need", "level", "mode", "horizon", "respondent_kind", "count"};

static int field_parse(const char *name, nm_field *out)
{
    for (int f = 0; f < NM_FIELD_N; f++) {
        if (strcmp(name, field_names[f]) == 0) {
            *out = (nm_field)f;
            return 0;
        }
    }
    return -1;
}

static char *read_file(const char *path, size_t *len, nm_error *err)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        nm_error_set(err, NM_ERR_CONFIG, path, 0, 0, "cannot open mapping file: %s",
                     strerror(errno));
        return NULL;
    }
    nm_buf b = {0};
    int bad = nm_buf_read_all(&b, f);
    fclose(f);
    if (bad) {
        nm_error_set(err, NM_ERR_CONFIG, path, 0, 0, "cannot read mapping file");
        nm_buf_free(&b);
        return NULL;
    }
    *len = b.len;
    return b.data;
}

/* An error in mapping m, its message after m's "mappings[N]: " prefix. */
static nm_status fail(nm_error *err, const nm_mapping *m, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static nm_status fail(nm_error *err, const nm_mapping *m, const char *fmt, ...)
{
    char msg[NM_ERROR_MSG_MAX];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    return nm_error_set(err, NM_ERR_CONFIG, m->path, 0, 0, "%s%s", m->where, msg);
}

static nm_status bad(nm_error *err, const nm_mapping *m, const char *fmt, const char *what)
{
    char msg[NM_ERROR_MSG_MAX];
    snprintf(msg, sizeof msg, fmt, what);
    return fail(err, m, "%s", msg);
}

static void put_key(nm_strmap *map, const char *text, intptr_t value)
{
    nm_buf k = {0};
    nm_text_key(text, &k);
    nm_strmap_put(map, k.data, (void *)(value + 1));
    nm_buf_free(&k);
}

static nm_status load_columns(nm_mapping *m, const cJSON *cols, nm_error *err)
{
    if (!cJSON_IsObject(cols))
        return bad(err, m, "\"%s\" must be an object of header: role", "columns");
    for (const cJSON *c = cols->child; c; c = c->next) {
        nm_role role;
        if (!cJSON_IsString(c) || nm_role_parse(c->valuestring, &role) != 0)
            return fail(err, m, "column \"%s\": role must be one of municipality, competence, "
                                "ssyk, count, count_recruitment, count_upskilling, "
                                "count_interest, need, level, mode, horizon, respondent, "
                        "respondent_kind, personal, wide, ignore", c->string);
        put_key(m->columns, c->string, role);
        m->entries = nm_reallocarray(m->entries, m->nentries + 1, sizeof *m->entries);
        m->entries[m->nentries++] = nm_strdup(c->string);
    }
    return NM_OK;
}

/* Parse a value name for a field, as the built-in parsers do. */
static int value_parse(nm_field f, const char *text, int *out)
{
    nm_need n; nm_level l; nm_mode md; nm_rkind k;
    int ok = 0;
    switch (f) {
    case NM_FIELD_NEED: ok = nm_need_parse(text, &n) && n; *out = (int)n; break;
    case NM_FIELD_LEVEL: ok = nm_level_parse(text, &l) && l; *out = (int)l; break;
    case NM_FIELD_MODE: ok = nm_mode_parse(text, &md) && md; *out = (int)md; break;
    case NM_FIELD_RESPONDENT_KIND: ok = nm_rkind_parse(text, &k) && k; *out = (int)k; break;
    default: break;
    }
    if (!ok) { /* the stable English names always work */
        static const char *const names[][5] = {
            [NM_FIELD_NEED] = {"unknown", "recruitment", "upskilling", "interest", NULL},
            [NM_FIELD_LEVEL] = {"unknown", "yh", "university", "course", "komvux"},
            [NM_FIELD_MODE] = {"unknown", "distance", "hybrid", "onsite", NULL},
            [NM_FIELD_RESPONDENT_KIND] = {"unknown", "municipal", "company", "person", NULL}};
        for (int i = 0; i < 5 && names[f][i]; i++)
            if (strcmp(text, names[f][i]) == 0) {
                *out = i;
                ok = 1;
            }
    }
    return ok;
}

static nm_status load_values(nm_mapping *m, const cJSON *vals, nm_error *err)
{
    if (!cJSON_IsObject(vals))
        return bad(err, m, "\"%s\" must be an object", "values");
    for (const cJSON *fv = vals->child; fv; fv = fv->next) {
        nm_field f;
        if (field_parse(fv->string, &f) != 0 || f == NM_FIELD_MUNICIPALITY ||
            f == NM_FIELD_HORIZON || f == NM_FIELD_COUNT)
            return bad(err, m, "values: \"%s\" is not need, level, mode or respondent_kind",
                       fv->string);
        if (!cJSON_IsObject(fv))
            return bad(err, m, "values: \"%s\" must be an object of text: value", fv->string);
        for (const cJSON *t = fv->child; t; t = t->next) {
            int v;
            if (!cJSON_IsString(t) || !value_parse(f, t->valuestring, &v))
                return fail(err, m, "values.%s: \"%s\" maps to an unknown value", fv->string,
                            t->string);
            put_key(m->values[f], t->string, v);
        }
    }
    return NM_OK;
}

static nm_status load_defaults(nm_mapping *m, const cJSON *defs, nm_error *err)
{
    if (!cJSON_IsObject(defs))
        return bad(err, m, "\"%s\" must be an object", "defaults");
    for (const cJSON *d = defs->child; d; d = d->next) {
        nm_field f;
        if (field_parse(d->string, &f) != 0)
            return bad(err, m, "defaults: unknown field \"%s\"", d->string);
        if (!cJSON_IsString(d) && !cJSON_IsNumber(d))
            return bad(err, m, "defaults: \"%s\" must be a string", d->string);
        char num[32];
        if (cJSON_IsNumber(d))
            snprintf(num, sizeof num, "%g", d->valuedouble);
        free(m->defaults[f]);
        m->defaults[f] = nm_strdup(cJSON_IsString(d) ? d->valuestring : num);
    }
    return NM_OK;
}

static nm_status load_options(nm_mapping *m, const cJSON *root, nm_error *err)
{
    const cJSON *v;
    if ((v = cJSON_GetObjectItemCaseSensitive(root, "encoding"))) {
        if (!cJSON_IsString(v) || nm_encoding_parse(v->valuestring, &m->encoding) != 0)
            return bad(err, m, "encoding: %s", "use utf-8, windows-1252, utf-16le or utf-16be");
        m->has_encoding = 1;
    }
    if ((v = cJSON_GetObjectItemCaseSensitive(root, "delimiter"))) {
        const char *d = cJSON_IsString(v) ? v->valuestring : "";
        if (strcmp(d, "\\t") == 0 || strcmp(d, "tab") == 0)
            d = "\t";
        if (strlen(d) != 1 || !strchr(",;\t|", d[0]))
            return bad(err, m, "delimiter: %s", "use \",\", \";\", \"tab\" or \"|\"");
        m->delimiter = d[0];
    }
    if ((v = cJSON_GetObjectItemCaseSensitive(root, "header_line"))) {
        /* checked before the conversion: 1e300 does not fit a uint64_t */
        if (!cJSON_IsNumber(v) || !nm_whole_in(v->valuedouble, 1, 1e15))
            return bad(err, m, "header_line: %s", "must be a whole line number from 1");
        m->header_line = (uint64_t)v->valuedouble;
    }
    if ((v = cJSON_GetObjectItemCaseSensitive(root, "layout"))) {
        const char *l = cJSON_IsString(v) ? v->valuestring : "";
        m->layout = strcmp(l, "long") == 0 ? 1 : strcmp(l, "wide") == 0 ? 2 : -1;
        if (m->layout < 0)
            return bad(err, m, "layout: %s", "use \"long\" or \"wide\"");
    }
    return NM_OK;
}

/* "files": a glob or a list of globs. */
static nm_status load_files(nm_mapping *m, const cJSON *v, nm_error *err)
{
    const cJSON *one = cJSON_IsString(v) ? v : NULL;
    if (!one && !cJSON_IsArray(v))
        return bad(err, m, "%s", "\"files\" must be a file-name pattern (\"kommun_*.csv\") "
                                 "or a list of them");
    for (const cJSON *g = one ? one : v->child; g; g = one ? NULL : g->next) {
        if (!cJSON_IsString(g) || !g->valuestring[0])
            return bad(err, m, "%s", "\"files\" must hold file-name patterns");
        m->files = nm_reallocarray(m->files, m->nfiles + 1, sizeof *m->files);
        m->files[m->nfiles++] = nm_strdup(g->valuestring);
    }
    return NM_OK;
}

/* One mapping: the members of a mapping file, and "files" (entry: 1)
 * inside "mappings". */
static nm_status load_one(nm_mapping *m, const cJSON *root, int entry, nm_error *err)
{
    static const char *const known[] = {"columns", "values", "defaults", "encoding",
                                        "delimiter", "header_line", "layout", "comment",
                                        "files", NULL};
    if (!cJSON_IsObject(root))
        return bad(err, m, "%s", entry ? "each of \"mappings\" must be a JSON object"
                                       : "the mapping file must hold one JSON object");
    for (const cJSON *c = root->child; c; c = c->next) {
        int ok = 0;
        for (const char *const *k = known; *k; k++)
            ok |= strcmp(c->string, *k) == 0 && (entry || strcmp(*k, "files") != 0);
        if (!ok && strcmp(c->string, "files") == 0)
            return bad(err, m, "%s", "\"files\" belongs in an entry of \"mappings\" "
                                     "(see docs/ingest.md)");
        if (!ok)
            return bad(err, m, "unknown member \"%s\" (see docs/ingest.md)", c->string);
    }
    const cJSON *v;
    nm_status st = NM_OK;
    if (entry && !(v = cJSON_GetObjectItemCaseSensitive(root, "files")))
        return bad(err, m, "%s", "\"files\" is missing: which exports is it for? "
                                 "(\"*\" for all)");
    if (entry)
        st = load_files(m, v, err);
    if (st == NM_OK && (v = cJSON_GetObjectItemCaseSensitive(root, "columns")))
        st = load_columns(m, v, err);
    if (st == NM_OK && (v = cJSON_GetObjectItemCaseSensitive(root, "values")))
        st = load_values(m, v, err);
    if (st == NM_OK && (v = cJSON_GetObjectItemCaseSensitive(root, "defaults")))
        st = load_defaults(m, v, err);
    if (st == NM_OK)
        st = load_options(m, root, err);
    return st;
}

static nm_mapping *mapping_new(const char *path, size_t entry)
{
    nm_mapping *m = nm_calloc(1, sizeof *m);
    m->path = nm_strdup(path);
    m->columns = nm_strmap_new();
    for (int f = 0; f < NM_FIELD_N; f++)
        m->values[f] = nm_strmap_new();
    nm_buf b = {0};
    if (entry)
        nm_buf_printf(&b, "mappings[%zu]: ", entry);
    else
        nm_buf_puts(&b, "");
    m->where = b.data;
    b = (nm_buf){0};
    if (entry)
        nm_buf_printf(&b, "%s, mappings[%zu]", path, entry);
    else
        nm_buf_puts(&b, path);
    m->label = b.data;
    return m;
}

/* {"mappings": [...]} (and "comment"): one mapping per entry, in order. */
static nm_status load_list(nm_mapping *head, const cJSON *root, const char *path,
                           nm_mapping **out, nm_error *err)
{
    for (const cJSON *c = root->child; c; c = c->next)
        if (strcmp(c->string, "mappings") != 0 && strcmp(c->string, "comment") != 0)
            return bad(err, head, "\"%s\" beside \"mappings\": put it in each mapping "
                                  "that needs it", c->string);
    const cJSON *list = cJSON_GetObjectItemCaseSensitive(root, "mappings");
    if (!cJSON_IsArray(list) || !list->child)
        return bad(err, head, "%s", "\"mappings\" must be a list of mappings, each with "
                                    "\"files\"");
    nm_mapping **tail = out;
    size_t k = 0;
    for (const cJSON *e = list->child; e; e = e->next) {
        nm_mapping *m = mapping_new(path, ++k);
        *tail = m;
        tail = &m->next;
        nm_status st = load_one(m, e, 1, err);
        if (st != NM_OK)
            return st;
    }
    return NM_OK;
}

nm_status nm_mapping_load(const char *path, nm_mapping **out, nm_error *err)
{
    size_t len;
    char *text = read_file(path, &len, err);
    if (!text)
        return NM_ERR_CONFIG;
    nm_mapping *m = mapping_new(path, 0), *list = NULL;
    const char *end = NULL;
    const char *start = len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0 ? text + 3 : text;
    cJSON *root = cJSON_ParseWithLengthOpts(start, len - (size_t)(start - text), &end, 0);
    nm_status st;
    if (!root) {
        uint64_t line = 1;
        for (const char *p = start; end && p < end; p++)
            line += *p == '\n';
        st = nm_error_set(err, NM_ERR_CONFIG, path, line, 0,
                          "invalid JSON in mapping file near here");
    } else if (cJSON_IsObject(root) && cJSON_GetObjectItemCaseSensitive(root, "mappings")) {
        st = load_list(m, root, path, &list, err);
    } else {
        st = load_one(m, root, 0, err);
    }
    cJSON_Delete(root);
    free(text);
    if (list) { /* the entries stand for the file */
        nm_mapping_free(m);
        m = list;
    }
    if (st != NM_OK) {
        nm_mapping_free(m);
        return st;
    }
    *out = m;
    return NM_OK;
}

static int glob_matches(const char *glob, const char *path)
{
    const char *name = strrchr(path, '/');
    name = name ? name + 1 : path;
    if (!strchr(glob, '/'))
        return fnmatch(glob, name, FNM_CASEFOLD) == 0;
    if (strncmp(path, "./", 2) == 0 && fnmatch(glob, path + 2, FNM_CASEFOLD) == 0)
        return 1;
    return fnmatch(glob, path, FNM_CASEFOLD) == 0;
}

const nm_mapping *nm_mapping_for(const nm_mapping *m, const char *path)
{
    for (; m; m = m->next) {
        if (!m->nfiles)
            return m;
        for (size_t i = 0; i < m->nfiles; i++)
            if (glob_matches(m->files[i], path))
                return m;
    }
    return NULL;
}

int nm_mapping_is_sidecar_name(const char *name)
{
    static const char suffix[] = ".mapping.json";
    size_t n = strlen(name), k = sizeof suffix - 1;
    return n > k && strcasecmp(name + n - k, suffix) == 0;
}

nm_status nm_mapping_beside(const char *path, nm_mapping **out, nm_error *err)
{
    *out = NULL;
    if (strcmp(path, "-") == 0)
        return NM_OK;
    const char *slash = strrchr(path, '/');
    const char *name = slash ? slash + 1 : path;
    const char *dot = strrchr(name, '.');
    size_t stem = dot && dot > name ? (size_t)(dot - path) : strlen(path);
    nm_buf side = {0};
    nm_buf_append(&side, path, stem);
    nm_buf_puts(&side, ".mapping.json");
    struct stat st;
    nm_status s = NM_OK;
    if (strcmp(side.data, path) != 0 && stat(side.data, &st) == 0 && S_ISREG(st.st_mode))
        s = nm_mapping_load(side.data, out, err);
    nm_buf_free(&side);
    return s;
}

void nm_mapping_free(nm_mapping *m)
{
    if (!m)
        return;
    nm_mapping_free(m->next);
    for (size_t i = 0; i < m->nfiles; i++)
        free(m->files[i]);
    free(m->files);
    free(m->label);
    free(m->where);
    nm_strmap_free(m->columns);
    for (size_t i = 0; i < m->nentries; i++)
        free(m->entries[i]);
    free(m->entries);
    for (int f = 0; f < NM_FIELD_N; f++) {
        nm_strmap_free(m->values[f]);
        free(m->defaults[f]);
    }
    free(m->path);
    free(m);
}
