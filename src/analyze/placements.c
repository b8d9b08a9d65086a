/* placements.c - the placements file (placements.h). */
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "needmap/alloc.h"
#include "needmap/buf.h"
#include "needmap/municipality.h"
#include "needmap/placements.h"
#include "needmap/text.h"

typedef struct load {
    nm_placements *p;
    const nm_refdata *ref;
    nm_muni_index *ix;
    const char *path;
} load;

/* A field of 1-4 digits that the SSYK table knows. */
static int ssyk_ok(const nm_refdata *ref, const char *s)
{
    size_t n = strlen(s);
    if (n < 1 || n > 4)
        return 0;
    for (size_t i = 0; i < n; i++)
        if (!isdigit((unsigned char)s[i]))
            return 0;
    return nm_refdata_ssyk(ref, s) != NULL;
}

/* A whole number of placements, 0 or more ("12", " 12 "); -1 if not. */
static double places_of(const char *s)
{
    nm_buf t = {0};
    nm_text_fold(s, &t);
    char *end;
    errno = 0;
    double v = strtod(nm_buf_str(&t), &end);
    int ok = end != nm_buf_str(&t) && *end == '\0' && errno == 0 && v >= 0 && v <= 1e9 &&
             v == floor(v);
    nm_buf_free(&t);
    return ok ? v : -1;
}

static nm_status add_row(void *ctx, char **f, uint64_t line, nm_error *err)
{
    load *L = ctx;
    const nm_municipality *m;
    if (nm_muni_match(L->ix, f[0], &m, NULL) != NM_MUNI_FOUND)
        return nm_error_set(err, NM_ERR_CONFIG, L->path, line, 1,
                            "unknown municipality '%s' (a code such as 2480 or a name)", f[0]);
    nm_buf code = {0};
    nm_text_fold(f[1], &code);
    int ok = ssyk_ok(L->ref, nm_buf_str(&code));
    if (!ok) {
        nm_status st = nm_error_set(err, NM_ERR_CONFIG, L->path, line, 2,
                                    "'%s' is not an SSYK group (4 digits, such as 2221) or field "
                                    "(1-3 digits, such as 222)", f[1]);
        nm_buf_free(&code);
        return st;
    }
    double v = places_of(f[2]);
    if (v < 0) {
        nm_buf_free(&code);
        return nm_error_set(err, NM_ERR_CONFIG, L->path, line, 3,
                            "'%s' is not a number of placements (a whole number, 0 or more)",
                            f[2]);
    }
    NM_GROW(L->p->rows, L->p->cap, L->p->n + 1);
    nm_placement *r = &L->p->rows[L->p->n++];
    memset(r, 0, sizeof *r);
    r->muni = (size_t)(m - L->ref->munis);
    memcpy(r->ssyk, nm_buf_str(&code), strlen(nm_buf_str(&code)) + 1);
    r->places = v;
    nm_buf_free(&code);
    return NM_OK;
}

nm_status nm_placements_load(nm_placements *p, const nm_refdata *ref, const char *path,
                             nm_error *err)
{
    static const char *const cols[] = {"municipality", "ssyk", "places"};
    FILE *f = fopen(path, "rb");
    if (!f)
        return nm_error_set(err, NM_ERR_CONFIG, path, 0, 0, "cannot open placements file: %s",
                            strerror(errno));
    load L = {p, ref, nm_muni_index_new(ref), path};
    nm_status st = nm_table_read(f, path, cols, 3, add_row, &L, err);
    nm_muni_index_free(L.ix);
    fclose(f);
    return st;
}

void nm_placements_free(nm_placements *p)
{
    if (!p)
        return;
    free(p->rows);
    memset(p, 0, sizeof *p);
}

static int matches(const nm_placement *r, const char *code)
{
    return strncmp(code, r->ssyk, strlen(r->ssyk)) == 0;
}

int nm_placements_cover(const nm_placements *p, const char *code)
{
    if (!p || !code || !code[0])
        return 0;
    for (size_t i = 0; i < p->n; i++)
        if (matches(&p->rows[i], code))
            return 1;
    return 0;
}

void nm_placements_by_muni(const nm_placements *p, const char *code, double *sum,
                           size_t nmunis)
{
    for (size_t i = 0; p && code && i < p->n; i++)
        if (matches(&p->rows[i], code) && p->rows[i].muni < nmunis)
            sum[p->rows[i].muni] += p->rows[i].places;
}

double nm_placements_near(const nm_placements *p, const char *code, const nm_distances *d,
                          size_t hub, double reach)
{
    double sum = 0;
    for (size_t i = 0; p && i < p->n; i++)
        if (matches(&p->rows[i], code) &&
            (reach <= 0 || nm_distance(d, p->rows[i].muni, hub) <= reach))
            sum += p->rows[i].places;
    return sum;
}
