/* frame.c - the sampling frame file (--frame): strata of municipality x
 * respondent kind with how many were asked. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "needmap/alloc.h"
#include "needmap/frame.h"
#include "needmap/municipality.h"
#include "needmap/text.h"
#include "needmap/values.h"

typedef struct frame_load {
    nm_frame *f;
    nm_muni_index *ix;
    size_t cap;
} frame_load;

/* A whole number in [min, max] ("1 200" and "1200" alike), or -1. */
static int64_t whole(const char *s, int64_t min, int64_t max)
{
    char digits[32];
    size_t n = 0;
    for (const char *p = s; *p; p++) {
        if (*p == ' ')
            continue;
        if (*p < '0' || *p > '9' || n + 1 >= sizeof digits)
            return -1;
        digits[n++] = *p;
    }
    if (!n)
        return -1;
    digits[n] = '\0';
    errno = 0;
    long long v = strtoll(digits, NULL, 10);
    return errno || v < min || v > max ? -1 : (int64_t)v;
}

/* "all" (or empty) is every kind; else a respondent kind's word. */
static int parse_kind(const char *text, const char *key, int *kind)
{
    nm_rkind k;
    if (!key[0] || strcmp(key, "all") == 0 || strcmp(key, "alla") == 0) {
        *kind = NM_FRAME_ALL_KINDS;
        return 1;
    }
    if (!nm_rkind_parse(text, &k) || k == NM_RKIND_UNKNOWN)
        return 0;
    *kind = (int)k;
    return 1;
}

static const char *kind_word(int kind)
{
    return kind == NM_FRAME_ALL_KINDS ? "all" : nm_rkind_name((nm_rkind)kind);
}

/* The row of the same municipality that clashes with (code, kind): the
 * same kind twice, or "all" beside a kind. */
static const nm_stratum *clash(const nm_frame *f, const char *code, int kind)
{
    for (size_t i = 0; i < f->n; i++)
        if (strcmp(f->strata[i].municipality, code) == 0 &&
            (f->strata[i].kind == kind || f->strata[i].kind == NM_FRAME_ALL_KINDS ||
             kind == NM_FRAME_ALL_KINDS))
            return &f->strata[i];
    return NULL;
}

static nm_status add_stratum(void *ctx, char **c, uint64_t line, nm_error *err)
{
    frame_load *L = ctx;
    const char *path = L->f->path;
    const nm_municipality *m;
    if (nm_muni_match(L->ix, c[0], &m, NULL) != NM_MUNI_FOUND)
        return nm_error_set(err, NM_ERR_CONFIG, path, line, 1,
                            "'%s' is not a municipality (a code such as 2506 or a name)", c[0]);
    nm_buf k = {0};
    nm_text_key(c[1], &k);
    int kind;
    int ok = parse_kind(c[1], k.data ? k.data : "", &kind);
    nm_buf_free(&k);
    if (!ok)
        return nm_error_set(err, NM_ERR_CONFIG, path, line, 2,
                            "'%s' is not a respondent kind: write municipal, company, person "
                            "or all", c[1]);
    int64_t asked = whole(c[2], 1, INT64_MAX / 2);
    if (asked < 0)
        return nm_error_set(err, NM_ERR_CONFIG, path, line, 3,
                            "'%s' is not how many were asked: a whole number, at least 1",
                            c[2]);
    int64_t employees = c[3][0] ? whole(c[3], 0, INT64_MAX / 2) : -1;
    if (c[3][0] && employees < 0)
        return nm_error_set(err, NM_ERR_CONFIG, path, line, 4,
                            "'%s' is not a number of employees: a whole number, or empty", c[3]);
    int64_t answered = c[4][0] ? whole(c[4], 0, asked) : -1;
    if (c[4][0] && answered < 0)
        return nm_error_set(err, NM_ERR_CONFIG, path, line, 5,
                            "'%s' is not how many answered: a whole number from 0 to asked "
                            "(%lld), or empty", c[4], (long long)asked);
    const nm_stratum *other = clash(L->f, m->code, kind);
    if (other)
        return nm_error_set(err, NM_ERR_CONFIG, path, line, 2,
                            "%s, kind %s, overlaps line %llu (%s): give a municipality one "
                            "row per kind, or one row 'all'",
                            m->short_name, kind_word(kind), (unsigned long long)other->line,
                            kind_word(other->kind));
    NM_GROW(L->f->strata, L->cap, L->f->n + 1);
    nm_stratum *s = &L->f->strata[L->f->n++];
    memset(s, 0, sizeof *s);
    memcpy(s->municipality, m->code, sizeof s->municipality);
    s->kind = kind;
    s->asked = (uint64_t)asked;
    s->employees = employees;
    s->answered_given = answered;
    s->line = line;
    return NM_OK;
}

nm_status nm_frame_load(nm_frame *f, const nm_refdata *ref, const char *path, nm_error *err)
{
    static const char *const cols[] = {"municipality", "kind?", "asked", "employees?",
                                       "answered?"};
    memset(f, 0, sizeof *f);
    f->path = nm_strdup(path);
    FILE *in = fopen(path, "rb");
    if (!in)
        return nm_error_set(err, NM_ERR_CONFIG, path, 0, 0, "cannot open the frame file: %s",
                            strerror(errno));
    frame_load L = {f, nm_muni_index_new(ref), 0};
    nm_status st = nm_table_read(in, path, cols, 5, add_stratum, &L, err);
    nm_muni_index_free(L.ix);
    fclose(in);
    if (st == NM_OK && f->n == 0)
        st = nm_error_set(err, NM_ERR_CONFIG, path, 0, 0, "the frame has no rows");
    return st;
}

void nm_frame_free(nm_frame *f)
{
    free(f->path);
    free(f->strata);
    memset(f, 0, sizeof *f);
}
