/* disclosure_io.c - the model of every published figure as published
 * (disclosure.csv, docs/outputs.md): its units, and its figures with their
 * terms; a hidden figure's value is `..`.  Read back by needmap audit.
 *
 *   needmap-disclosure-model,2,protection,P,variables,V,cells,C
 *   u,TABLE,PART,ROW,HIDDEN                  one line per unit (HIDDEN 2: a
 *                                            demand cell below --publish)
 *   f,UNIT,VALUE,WEIGHTED,KIND,N,VAR,W,...   one line per figure (KIND:
 *                                            people, low, high, needs, unknown)
 *
 * Version 1 (before the kinds) is read too: its figure lines have no KIND
 * (every figure counts people).
 */
#include <errno.h>
#include <ctype.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "needmap/alloc.h"
#include "needmap/disclosure.h"

int nm_dc_model_write(FILE *f, const nm_dc_model *m, double p)
{
    fprintf(f, "needmap-disclosure-model,2,protection,%.17g,variables,%zu,cells,%zu\n", p,
            m->nvars, m->ncells);
    for (size_t i = 0; i < m->nunits; i++) {
        const nm_dc_unit *u = &m->unit[i];
        fprintf(f, "u,%s,%u,%u,%u\n", nm_dc_table_name((nm_dc_table)u->table), u->part,
                u->row + 1, u->unlisted ? 2u : u->hidden); /* 2: below --publish */
    }
    for (size_t i = 0; i < m->nfig; i++) {
        const nm_dc_figure *g = &m->fig[i];
        fprintf(f, "f,%u,", g->unit);
        if (m->unit[g->unit].hidden)
            fputs("..", f);
        else
            fprintf(f, "%.17g", g->value);
        fprintf(f, ",%u,%s,%u", g->weighted, nm_dc_kind_name((nm_dc_kind)g->kind), g->n);
        for (uint32_t k = g->start; k < g->start + g->n; k++) {
            if (m->w[k] == 1)
                fprintf(f, ",%u,1", m->var[k]);
            else
                fprintf(f, ",%u,%.17g", m->var[k], m->w[k]);
        }
        fputc('\n', f);
    }
    return ferror(f) ? -1 : 0;
}

/* --- reading --- */

typedef struct reader {
    int version;              /* 1: no KIND field */
    FILE *f;
    const char *path;
    char *line;
    size_t cap;
    uint64_t lineno;
    nm_error *err;
    uint64_t *fig_line;       /* [nfig] the line of each figure */
    unsigned *fig_col;        /* [nfig] the column of its VALUE */
    size_t fig_cap;
} reader;

static nm_status bad(reader *r, const char *what)
{
    return nm_error_set(r->err, NM_ERR_INPUT, r->path, r->lineno, 0,
                        "not a needmap disclosure model: %s", what);
}

/* The next comma-separated field of *s as a number, or -1 on error. */
static int next_num(char **s, double *v)
{
    if (!*s)
        return -1;
    char *comma = strchr(*s, ',');
    if (comma)
        *comma = '\0';
    char *end;
    errno = 0;
    *v = strtod(*s, &end);
    if (end == *s || *end || errno || !isfinite(*v))
        return -1;
    *s = comma ? comma + 1 : NULL;
    return 0;
}

static char *next_field(char **s)
{
    char *f = *s;
    if (!f)
        return NULL;
    char *comma = strchr(f, ',');
    if (comma)
        *comma = '\0';
    *s = comma ? comma + 1 : NULL;
    return f;
}

static int table_of(const char *name)
{
    for (int t = 0; t < NM_DC_TABLES; t++)
        if (strcmp(name, nm_dc_table_name((nm_dc_table)t)) == 0)
            return t;
    return -1;
}

static int kind_of(const char *name)
{
    for (int k = 0; name && k < NM_DC_KINDS; k++)
        if (strcmp(name, nm_dc_kind_name((nm_dc_kind)k)) == 0)
            return k;
    return -1;
}

static nm_status read_unit(reader *r, char *s, nm_dc_model *m)
{
    char *tname = next_field(&s);
    double part, row, hidden;
    int t = tname ? table_of(tname) : -1;
    if (t < 0 || next_num(&s, &part) || next_num(&s, &row) || next_num(&s, &hidden) || s ||
        row < 1 || row > UINT32_MAX || part < 0 || part >= 2 * NM_NEED_N || part != floor(part))
        return bad(r, "a unit line must be u,TABLE,PART,ROW,HIDDEN");
    NM_GROW(m->unit, m->ucap, m->nunits + 1);
    m->unit[m->nunits++] = (nm_dc_unit){(uint8_t)t, (uint8_t)part, (uint8_t)(hidden != 0),
                                        0, (uint32_t)row - 1, (uint8_t)(hidden == 2)};
    return NM_OK;
}

static nm_status read_figure(reader *r, char *s, nm_dc_model *m)
{
    double unit, weighted, n;
    if (next_num(&s, &unit) || unit < 0 || unit >= (double)m->nunits)
        return bad(r, "a figure names a unit that is not there");
    char *value = next_field(&s);
    int kind = NM_DC_PEOPLE;
    if (!value || next_num(&s, &weighted) ||
        (r->version >= 2 && (kind = kind_of(next_field(&s))) < 0) || next_num(&s, &n) ||
        n < 0 || n > UINT32_MAX)
        return bad(r, r->version >= 2 ? "a figure line must be f,UNIT,VALUE,WEIGHTED,KIND,N,..."
                                      : "a figure line must be f,UNIT,VALUE,WEIGHTED,N,...");
    size_t cap = r->fig_cap;
    NM_GROW(r->fig_line, r->fig_cap, m->nfig + 1);
    if (r->fig_cap != cap)
        r->fig_col = nm_realloc(r->fig_col, r->fig_cap * sizeof *r->fig_col);
    r->fig_line[m->nfig] = r->lineno;
    r->fig_col[m->nfig] = (unsigned)(value - r->line) + 1;
    NM_GROW(m->fig, m->fcap, m->nfig + 1);
    nm_dc_figure *f = &m->fig[m->nfig++];
    *f = (nm_dc_figure){(uint32_t)unit, (uint32_t)m->nterms, (uint32_t)n, NAN,
                        (uint8_t)(weighted != 0), (uint8_t)kind, 0};
    int hidden = m->unit[f->unit].hidden;
    char *end;
    if (strcmp(value, "..") == 0 ? !hidden
                                 : (hidden || (f->value = strtod(value, &end), *end) ||
                                    end == value || !isfinite(f->value) ||
                                    isspace((unsigned char)*value)))
        return bad(r, "a figure's value must be a number, or `..` exactly when its unit is "
                      "hidden");
    for (uint32_t k = 0; k < f->n; k++) {
        double var, w;
        if (next_num(&s, &var) || next_num(&s, &w) || var < 0 || var >= (double)m->nvars)
            return bad(r, "a figure's terms must be VARIABLE,WEIGHT pairs of known variables");
        nm_dc_model_term(m, (size_t)var, w);
    }
    if (s)
        return bad(r, "a figure has more terms than it says");
    return NM_OK;
}

static nm_status read_header(reader *r, nm_dc_model *m, double *p)
{
    char *s = r->line;
    const char *magic = next_field(&s);
    double version, vars, cells;
    char *w1, *w2, *w3;
    if (!magic || strcmp(magic, "needmap-disclosure-model") != 0 || next_num(&s, &version) ||
        (version != 1 && version != 2) || !(w1 = next_field(&s)) || strcmp(w1, "protection") ||
        next_num(&s, p) || !(w2 = next_field(&s)) || strcmp(w2, "variables") ||
        next_num(&s, &vars) || !(w3 = next_field(&s)) || strcmp(w3, "cells") ||
        next_num(&s, &cells) || vars < 0 || cells < vars || cells > UINT32_MAX)
        return bad(r, "the first line must be needmap-disclosure-model,2,protection,P,"
                      "variables,V,cells,C");
    m->nvars = (size_t)vars;
    m->ncells = (size_t)cells;
    r->version = (int)version;
    return NM_OK;
}

/* The model's own invariants: cell i is unit i and figure i of the demand
 * table, a detail cell (i < variables) is the one term i. */
static nm_status check(reader *r, const nm_dc_model *m)
{
    if (m->nunits < m->ncells || m->nfig < m->ncells)
        return bad(r, "fewer units or figures than cells");
    for (size_t i = 0; i < m->ncells; i++) {
        const nm_dc_figure *f = &m->fig[i];
        if (f->unit != i || f->kind != NM_DC_PEOPLE || m->unit[i].table != NM_DC_DEMAND || m->unit[i].row != i ||
            (m->unit[i].unlisted && m->unit[i].table != NM_DC_DEMAND) ||
            (i < m->nvars && !(f->n == 0 && m->unit[i].unlisted) &&
             (f->n != 1 || m->var[f->start] != i || m->w[f->start] != 1)))
            return bad(r, "the demand table's cells are not the first units and figures");
    }
    return NM_OK;
}

/* Whether figures a and b of m are sums of the same terms. */
static int same_terms(const nm_dc_model *m, const nm_dc_figure *a, const nm_dc_figure *b)
{
    if (a->n != b->n)
        return 0;
    for (uint32_t t = 0; t < a->n; t++)
        if (m->var[a->start + t] != m->var[b->start + t] ||
            m->w[a->start + t] != m->w[b->start + t])
            return 0;
    return 1;
}

/* With ranges, the audit takes a figure's demand as the midpoint of its
 * low and high ends (disclosure_kinds.c, range_view: a detail cell's
 * point, and a published high figure as twice the people figure of its
 * unit with the same terms minus the low one, an equation its program
 * has already): a published high figure whose file says otherwise (a
 * hand edit) is refused at its value, a total's as a detail cell's. */
static nm_status check_ranges(reader *r, const nm_dc_model *m)
{
    uint32_t *head = nm_calloc(m->nunits + 1, sizeof *head); /* unit -> first figure + 1 */
    uint32_t *next = nm_calloc(m->nfig + 1, sizeof *next);   /* figure -> next of its unit + 1 */
    for (size_t i = m->nfig; i-- > 0;) {
        next[i] = head[m->fig[i].unit];
        head[m->fig[i].unit] = (uint32_t)i + 1;
    }
    nm_status st = NM_OK;
    for (size_t i = 0; st == NM_OK && i < m->nfig; i++) {
        const nm_dc_figure *hf = &m->fig[i];
        if (hf->kind != NM_DC_HIGH || m->unit[hf->unit].hidden)
            continue;
        const nm_dc_figure *pf = NULL, *lf = NULL;
        for (uint32_t j = head[hf->unit]; j; j = next[j - 1]) {
            const nm_dc_figure *g = &m->fig[j - 1];
            if (g->kind == NM_DC_PEOPLE && !pf && same_terms(m, g, hf))
                pf = g;
            else if (g->kind == NM_DC_LOW && !lf && same_terms(m, g, hf))
                lf = g;
        }
        if (!pf || !lf)
            continue;
        double d = pf->value, l = lf->value, h = hf->value;
        double tol = 1e-9 * fmax(1, fmax(fabs(l), fabs(h)));
        if (isnan(l) || isnan(h) || l > h + tol || fabs(d - (l + h) / 2) > tol)
            st = nm_error_set(r->err, NM_ERR_INPUT, r->path, r->fig_line[i], r->fig_col[i],
                              "%s unit %u: its demand %.17g (line %llu) is not the "
                              "midpoint of its low end %.17g (line %llu) and this high end "
                              "%.17g, as every range's point is",
                              nm_dc_table_name((nm_dc_table)m->unit[hf->unit].table),
                              hf->unit + 1, d, (unsigned long long)r->fig_line[pf - m->fig], l,
                              (unsigned long long)r->fig_line[lf - m->fig], h);
    }
    free(head);
    free(next);
    return st;
}

nm_status nm_dc_model_read(FILE *f, const char *path, nm_dc_model *m, double *p,
                           nm_error *err)
{
    memset(m, 0, sizeof *m);
    reader r = {1, f, path, NULL, 0, 0, err, NULL, NULL, 0};
    nm_status st = NM_OK;
    ssize_t len;
    while (st == NM_OK && (len = getline(&r.line, &r.cap, f)) >= 0) {
        r.lineno++;
        if (len && r.line[len - 1] == '\n')
            r.line[--len] = '\0';
        if (r.lineno == 1)
            st = read_header(&r, m, p);
        else if (strncmp(r.line, "u,", 2) == 0)
            st = read_unit(&r, r.line + 2, m);
        else if (strncmp(r.line, "f,", 2) == 0)
            st = read_figure(&r, r.line + 2, m);
        else
            st = bad(&r, "a line must start with u, or f,");
    }
    free(r.line);
    if (st == NM_OK && ferror(f))
        st = nm_error_set(err, NM_ERR_INPUT, path, 0, 0, "cannot read: %s", strerror(errno));
    if (st == NM_OK && r.lineno == 0)
        st = bad(&r, "the file is empty");
    if (st == NM_OK)
        st = check(&r, m);
    for (size_t i = 0; st == NM_OK && i < m->nfig; i++) /* low and high: only with ranges */
        m->ranges |= m->fig[i].kind == NM_DC_LOW;
    if (st == NM_OK && m->ranges)
        st = check_ranges(&r, m);
    free(r.fig_line);
    free(r.fig_col);
    if (st != NM_OK)
        nm_dc_model_free(m);
    return st;
}
