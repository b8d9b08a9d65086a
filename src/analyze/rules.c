/* rules.c - pooling rules (defaults and JSON rules file) and distances. */
#include <cjson/cJSON.h>
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "needmap/alloc.h"
#include "needmap/buf.h"
#include "needmap/municipality.h"
#include "needmap/number.h"
#include "needmap/rules.h"
#include "needmap/text.h"

void nm_rules_default(nm_rules *r)
{
    memset(r, 0, sizeof *r);
    /* YH: 25-30 students per intake is usual (about 27 on average). */
    r->level[NM_LEVEL_YH] = (nm_level_rules){25, 35, 1};
    r->level[NM_LEVEL_UNKNOWN] = (nm_level_rules){25, 35, 1};
    r->level[NM_LEVEL_UNIVERSITY] = (nm_level_rules){20, 60, 1};
    r->level[NM_LEVEL_COURSE] = (nm_level_rules){12, 30, 1};
    r->level[NM_LEVEL_KOMVUX] = (nm_level_rules){12, 30, 1};
    /* Staff an employer would send mostly enrol; about two qualified
     * applicants per YH place is normal among interested residents.
     * Recruitment counts jobs, not students (docs/method.md). */
    r->enrol[NM_NEED_UPSKILLING] = 0.8;
    r->enrol[NM_NEED_INTEREST] = 0.5;
    /* a need that names no mode is pooled as hybrid: a cohort within
     * reach of a hub can also be taught at distance, not the reverse */
    r->assumed_mode = NM_MODE_HYBRID;
    nm_rules_finish(r);
    r->reach_km[NM_MODE_ONSITE] = 80;
    r->reach_km[NM_MODE_HYBRID] = 200;
    r->reach_km[NM_MODE_UNKNOWN] = 200;
    r->reach_km[NM_MODE_DISTANCE] = 0;
    r->max_locations = 10;
    r->viable_probability = 0.8;
}

void nm_rules_finish(nm_rules *r)
{
    double u = r->enrol[NM_NEED_UPSKILLING], i = r->enrol[NM_NEED_INTEREST];
    r->enrol[NM_NEED_RECRUITMENT] = r->enrol[NM_NEED_UNKNOWN] = 0;
    r->enrolment_rate = u > 0 && (u < i || i <= 0) ? u : i;
}

double nm_rules_weight(const nm_rules *r, nm_need need)
{
    return r->enrolment_rate > 0 ? r->enrol[need] / r->enrolment_rate : 0;
}

static const char *const level_keys[NM_LEVEL_N] = {"unknown", "yh", "university", "course",
                                                   "komvux"};
static const char *const need_keys[NM_NEED_N] = {"unknown", "recruitment", "upskilling",
                                                 "interest"};
static const char *const mode_keys[NM_MODE_N] = {"unknown", "distance", "hybrid", "onsite"};

static nm_status bad(nm_error *err, const char *path, const char *what)
{
    return nm_error_set(err, NM_ERR_CONFIG, path, 0, 0, "rules: %s", what);
}

static int index_of(const char *const *keys, int n, const char *key)
{
    for (int i = 0; i < n; i++)
        if (strcmp(keys[i], key) == 0)
            return i;
    return -1;
}

static nm_status number(const cJSON *v, double *out, const char *path, const char *what,
                        nm_error *err)
{
    if (!cJSON_IsNumber(v))
        return bad(err, path, what);
    *out = v->valuedouble;
    return NM_OK;
}

/* Ranges of the rules: municipalities in Sweden (the most a cohort can
 * take or require); students in an intake, far above any real one
 * (pooling turns them into whole numbers of students). */
enum { MAX_MUNICIPALITIES = 290, MAX_COHORT = 10000 };

/* A count of municipalities: a whole number from 1 to 290, checked before
 * it becomes an int (1e300 does not fit one).  name: the member, for the
 * message. */
static nm_status municipalities(const cJSON *v, int *out, const char *path, const char *name,
                                nm_error *err)
{
    double d = cJSON_IsNumber(v) ? v->valuedouble : 0;
    if (!cJSON_IsNumber(v) || !nm_whole_in(d, 1, MAX_MUNICIPALITIES))
        return nm_error_set(err, NM_ERR_CONFIG, path, 0, 0,
                            "rules: %s must be a whole number from 1 to %d (the number of "
                            "municipalities)", name, MAX_MUNICIPALITIES);
    *out = (int)d;
    return NM_OK;
}

static nm_status load_levels(nm_rules *r, const cJSON *levels, const char *path, nm_error *err)
{
    if (!cJSON_IsObject(levels))
        return bad(err, path, "\"levels\" must be an object of level: {min, max, min_municipalities}");
    for (const cJSON *l = levels->child; l; l = l->next) {
        int i = index_of(level_keys, NM_LEVEL_N, l->string);
        if (i < 0 || !cJSON_IsObject(l))
            return bad(err, path, "levels: use yh, university, course, komvux or unknown");
        for (const cJSON *f = l->child; f; f = f->next) {
            double v = 0;
            char name[64];
            snprintf(name, sizeof name, "levels.%s.min_municipalities", level_keys[i]);
            if (strcmp(f->string, "min_municipalities") == 0) {
                if (municipalities(f, &r->level[i].min_municipalities, path, name, err) != NM_OK)
                    return NM_ERR_CONFIG;
                continue;
            }
            if (number(f, &v, path, "level values must be numbers", err) != NM_OK)
                return NM_ERR_CONFIG;
            if (strcmp(f->string, "min") == 0)
                r->level[i].min_size = v;
            else if (strcmp(f->string, "max") == 0)
                r->level[i].max_size = v;
            else
                return bad(err, path, "a level takes min, max and min_municipalities");
        }
    }
    return NM_OK;
}

static nm_status load_table(double *dst, const char *const *keys, int n, const cJSON *obj,
                            const char *path, const char *what, nm_error *err)
{
    if (!cJSON_IsObject(obj))
        return bad(err, path, what);
    for (const cJSON *f = obj->child; f; f = f->next) {
        int i = index_of(keys, n, f->string);
        if (i < 0 || !cJSON_IsNumber(f))
            return bad(err, path, what);
        dst[i] = f->valuedouble;
    }
    return NM_OK;
}

/* "enrolment_rates": {"upskilling": 0.8, "interest": 0.5} */
static nm_status load_rates(nm_rules *r, const cJSON *obj, const char *path, nm_error *err)
{
    const char *what = "\"enrolment_rates\" maps upskilling and interest to rates "
                       "(recruitment counts jobs, not students)";
    if (!cJSON_IsObject(obj))
        return bad(err, path, what);
    for (const cJSON *f = obj->child; f; f = f->next) {
        int i = index_of(need_keys, NM_NEED_N, f->string);
        if ((i != NM_NEED_UPSKILLING && i != NM_NEED_INTEREST) || !cJSON_IsNumber(f))
            return bad(err, path, what);
        r->enrol[i] = f->valuedouble;
    }
    return NM_OK;
}

static nm_status load_mode(nm_rules *r, const cJSON *v, const char *path, nm_error *err)
{
    int i = cJSON_IsString(v) ? index_of(mode_keys, NM_MODE_N, v->valuestring) : -1;
    if (i <= NM_MODE_UNKNOWN)
        return bad(err, path, "assumed_mode must be \"distance\", \"hybrid\" or \"onsite\"");
    r->assumed_mode = (nm_mode)i;
    return NM_OK;
}

nm_status nm_rules_overlay(nm_rules *r, const struct cJSON *root, const char *path,
                           nm_error *err)
{
    if (!cJSON_IsObject(root))
        return bad(err, path, "the rules file must hold one JSON object");
    nm_status st = NM_OK;
    for (const cJSON *m = root->child; m && st == NM_OK; m = m->next) {
        if (strcmp(m->string, "levels") == 0)
            st = load_levels(r, m, path, err);
        else if (strcmp(m->string, "enrolment_rates") == 0)
            st = load_rates(r, m, path, err);
        else if (strcmp(m->string, "assumed_mode") == 0)
            st = load_mode(r, m, path, err);
        else if (strcmp(m->string, "factors") == 0)
            st = bad(err, path, "\"factors\" was replaced by \"enrolment_rates\" "
                                "(upskilling, interest): recruitment counts jobs, not "
                                "students (see docs/method.md)");
        else if (strcmp(m->string, "reach_km") == 0)
            st = load_table(r->reach_km, mode_keys, NM_MODE_N, m, path,
                            "\"reach_km\" maps onsite, hybrid, distance, unknown to km (0: no limit)",
                            err);
        else if (strcmp(m->string, "enrolment_rate") == 0) {
            double v = 0;
            st = number(m, &v, path, "enrolment_rate must be a number", err);
            if (st == NM_OK && !(v > 0 && v <= 1)) /* it sets both: say so in its own name */
                st = bad(err, path, "enrolment_rate must be above 0 and at most 1");
            r->enrol[NM_NEED_UPSKILLING] = r->enrol[NM_NEED_INTEREST] = v;
        }
        else if (strcmp(m->string, "viable_probability") == 0)
            st = number(m, &r->viable_probability, path, "viable_probability must be a number", err);
        else if (strcmp(m->string, "max_locations") == 0)
            st = municipalities(m, &r->max_locations, path, "max_locations", err);
        else if (strcmp(m->string, "comment") != 0)
            st = nm_error_set(err, NM_ERR_CONFIG, path, 0, 0,
                              "rules: unknown member \"%s\" (see docs/method.md)", m->string);
    }
    return st;
}

nm_status nm_rules_load(nm_rules *r, const char *path, nm_error *err)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return nm_error_set(err, NM_ERR_CONFIG, path, 0, 0, "cannot open rules file: %s",
                            strerror(errno));
    nm_buf text = {0};
    nm_buf_read_all(&text, f);
    fclose(f);
    cJSON *root = cJSON_ParseWithLength(nm_buf_str(&text), text.len);
    nm_status st = root ? nm_rules_overlay(r, root, path, err)
                        : nm_error_set(err, NM_ERR_CONFIG, path, 0, 0,
                                       "rules file is not valid JSON");
    cJSON_Delete(root);
    nm_buf_free(&text);
    nm_rules_finish(r);
    if (st == NM_OK && (st = nm_rules_check(r, err)) != NM_OK && err)
        snprintf(err->file, sizeof err->file, "%s", path); /* the file's values */
    return st;
}

nm_status nm_rules_check(const nm_rules *r, nm_error *err)
{
    for (int l = 0; l < NM_LEVEL_N; l++) {
        const nm_level_rules *lr = &r->level[l];
        if (!(lr->min_size >= 1 && lr->max_size >= lr->min_size && lr->max_size <= MAX_COHORT))
            return nm_error_set(err, NM_ERR_CONFIG, NULL, 0, 0,
                                "rules: levels.%s needs 1 <= min <= max <= %d (students)",
                                level_keys[l], MAX_COHORT);
        if (!(lr->min_municipalities >= 1 && lr->min_municipalities <= MAX_MUNICIPALITIES))
            return nm_error_set(err, NM_ERR_CONFIG, NULL, 0, 0,
                                "rules: levels.%s.min_municipalities must be from 1 to %d",
                                level_keys[l], MAX_MUNICIPALITIES);
    }
    for (int k = NM_NEED_UPSKILLING; k <= NM_NEED_INTEREST; k++)
        if (!(r->enrol[k] > 0 && r->enrol[k] <= 1))
            return nm_error_set(err, NM_ERR_CONFIG, NULL, 0, 0,
                                "rules: enrolment_rates.%s must be above 0 and at most 1",
                                need_keys[k]);
    if (!(r->enrolment_rate > 0 && r->enrolment_rate <= 1))
        return nm_error_set(err, NM_ERR_CONFIG, NULL, 0, 0,
                            "rules: enrolment_rate must be above 0 and at most 1");
    if (!(r->assumed_mode > NM_MODE_UNKNOWN && r->assumed_mode < NM_MODE_N))
        return nm_error_set(err, NM_ERR_CONFIG, NULL, 0, 0,
                            "rules: assumed_mode must be distance, hybrid or onsite");
    if (!(r->viable_probability > 0 && r->viable_probability <= 1))
        return nm_error_set(err, NM_ERR_CONFIG, NULL, 0, 0,
                            "rules: viable_probability must be above 0 and at most 1");
    if (!(r->max_locations >= 1 && r->max_locations <= MAX_MUNICIPALITIES))
        return nm_error_set(err, NM_ERR_CONFIG, NULL, 0, 0,
                            "rules: max_locations must be from 1 to %d", MAX_MUNICIPALITIES);
    return NM_OK;
}

/* --- distances --- */

double nm_great_circle_km(double lat1, double lon1, double lat2, double lon2)
{
    const double r = 6371.0088, rad = 3.14159265358979323846 / 180.0;
    double dlat = (lat2 - lat1) * rad, dlon = (lon2 - lon1) * rad;
    double a = sin(dlat / 2) * sin(dlat / 2) +
               cos(lat1 * rad) * cos(lat2 * rad) * sin(dlon / 2) * sin(dlon / 2);
    return 2 * r * asin(sqrt(a < 1 ? a : 1));
}

static void sort_neighbours(nm_distances *d);

/* All 290 x 290 distances are computed once: pooling asks for them
 * millions of times. */
void nm_distances_init(nm_distances *d, const nm_refdata *ref)
{
    d->ref = ref;
    d->n = ref->nmunis;
    d->km = nm_reallocarray(NULL, d->n * d->n, sizeof *d->km);
    for (size_t i = 0; i < d->n; i++) {
        const nm_municipality *a = &ref->munis[i];
        d->km[i * d->n + i] = 0;
        for (size_t j = 0; j < i; j++) {
            const nm_municipality *b = &ref->munis[j];
            d->km[i * d->n + j] = d->km[j * d->n + i] =
                nm_great_circle_km(a->lat, a->lon, b->lat, b->lon);
        }
    }
    d->near = nm_reallocarray(NULL, d->n * d->n, sizeof *d->near);
    sort_neighbours(d);
}

/* A neighbour and its distance, sorted by distance, then index. */
typedef struct neighbour {
    double km;
    size_t m;
} neighbour;

static int by_distance(const void *a, const void *b)
{
    const neighbour *x = a, *y = b;
    if (x->km != y->km)
        return x->km < y->km ? -1 : 1;
    return x->m < y->m ? -1 : x->m > y->m;
}

/* Neighbour lists, nearest first (a municipality itself first, even at 0
 * km from another): pooling walks them instead of sorting. */
static void sort_neighbours(nm_distances *d)
{
    neighbour *row = nm_calloc(d->n ? d->n : 1, sizeof *row);
    for (size_t i = 0; i < d->n; i++) {
        size_t k = 0;
        for (size_t j = 0; j < d->n; j++)
            if (j != i)
                row[k++] = (neighbour){d->km[i * d->n + j], j};
        qsort(row, k, sizeof *row, by_distance);
        size_t *near = d->near + i * d->n;
        near[0] = i;
        for (size_t j = 0; j < k; j++)
            near[j + 1] = row[j].m;
    }
    free(row);
}

const size_t *nm_distance_order(const nm_distances *d, size_t i)
{
    return d->near + i * d->n;
}

void nm_distances_free(nm_distances *d)
{
    free(d->km);
    free(d->near);
    d->km = NULL;
    d->near = NULL;
}

typedef struct dist_load {
    nm_distances *d;
    nm_muni_index *ix;
    const char *path;
} dist_load;

static nm_status add_distance(void *ctx, char **f, uint64_t line, nm_error *err)
{
    dist_load *L = ctx;
    const nm_municipality *a, *b;
    if (nm_muni_match(L->ix, f[0], &a, NULL) != NM_MUNI_FOUND)
        return nm_error_set(err, NM_ERR_CONFIG, L->path, line, 1, "unknown municipality '%s'", f[0]);
    if (nm_muni_match(L->ix, f[1], &b, NULL) != NM_MUNI_FOUND)
        return nm_error_set(err, NM_ERR_CONFIG, L->path, line, 2, "unknown municipality '%s'", f[1]);
    char *end;
    nm_buf num = {0};
    nm_text_fold(f[2], &num);
    for (char *p = num.data; *p; p++)
        if (*p == ',')
            *p = '.';
    double km = strtod(num.data, &end);
    int ok = end != num.data && *end == '\0' && km >= 0;
    nm_buf_free(&num);
    if (!ok)
        return nm_error_set(err, NM_ERR_CONFIG, L->path, line, 3, "'%s' is not a distance", f[2]);
    size_t i = (size_t)(a - L->d->ref->munis), j = (size_t)(b - L->d->ref->munis);
    if (i != j)
        L->d->km[i * L->d->n + j] = L->d->km[j * L->d->n + i] = km;
    return NM_OK;
}

nm_status nm_distances_load(nm_distances *d, const char *path, nm_error *err)
{
    static const char *const cols[] = {"from", "to", "km"};
    FILE *f = fopen(path, "rb");
    if (!f)
        return nm_error_set(err, NM_ERR_CONFIG, path, 0, 0, "cannot open distance file: %s",
                            strerror(errno));
    dist_load L = {d, nm_muni_index_new(d->ref), path};
    nm_status st = nm_table_read(f, path, cols, 3, add_distance, &L, err);
    nm_muni_index_free(L.ix);
    fclose(f);
    sort_neighbours(d);
    return st;
}
