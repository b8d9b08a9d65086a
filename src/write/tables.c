/* tables.c - demand.csv and ranking.csv. */
#include <math.h>
#include <stdint.h>
#include <string.h>

#include "needmap/output.h"
#include "needmap/write.h"

static const char *level_name(nm_level v)
{
    return v == NM_LEVEL_N ? "all" : nm_level_name(v);
}

static const char *mode_name(nm_mode v)
{
    return v == NM_MODE_N ? "all" : nm_mode_name(v);
}

static const char *comp_kind(const nm_cell *c)
{
    if (c->comp_level == 0)
        return "all";
    return c->comp.code[0] ? "ssyk" : c->comp.unclassified ? "unclassified" : "competence";
}

/* needs_without_count: `..` when the disclosure control hid it alone. */
static void unknown_value(nm_csvw *w, const nm_cell *c, int hidden)
{
    if (hidden)
        nm_csvw_hidden(w);
    else
        nm_csvw_u64(w, c->unknown);
}

/* The value columns shared by both files: `..` for every figure of a
 * hidden cell, its respondents included. */
static void values(nm_csvw *w, const nm_cell *c, nm_suppress flag, int unknown_hidden)
{
    if (flag != NM_PUBLISHED) {
        for (int i = 0; i < 6; i++)
            nm_csvw_hidden(w);
    } else {
        nm_csvw_num(w, c->demand);
        nm_csvw_num(w, c->low);
        nm_csvw_num(w, c->high);
        unknown_value(w, c, unknown_hidden);
        nm_csvw_u64(w, c->needs);
        nm_csvw_u64(w, c->respondents);
    }
    nm_csvw_word(w, nm_suppressed_word(flag, w->internal));
}

/* A 95% interval's two columns: `..` when the cell is hidden, empty
 * without one (--bootstrap 0), ranks as whole numbers. */
static void interval(nm_csvw *w, nm_suppress flag, int have, double lo, double hi, int whole)
{
    if (flag != NM_PUBLISHED) {
        nm_csvw_hidden(w);
        nm_csvw_hidden(w);
    } else if (!have) {
        nm_csvw_empty(w);
        nm_csvw_empty(w);
    } else if (whole) {
        nm_csvw_u64(w, (uint64_t)lo);
        nm_csvw_u64(w, (uint64_t)hi);
    } else {
        nm_csvw_num(w, lo);
        nm_csvw_num(w, hi);
    }
}

static void num_or_empty(nm_csvw *w, double v)
{
    if (isnan(v))
        nm_csvw_empty(w);
    else
        nm_csvw_num(w, v);
}

/* The weighted columns (--frame): `..` when hidden, empty without a frame
 * or where it has no stratum (and the standard error where it cannot be
 * estimated). */
static void weighted_values(nm_csvw *w, nm_suppress flag, int weighted, const nm_rank_entry *e)
{
    if (flag != NM_PUBLISHED) {
        for (int i = 0; i < 6; i++)
            nm_csvw_hidden(w);
        return;
    }
    if (!weighted || isnan(e->weighted)) {
        for (int i = 0; i < 4; i++)
            nm_csvw_empty(w);
        if (weighted && !isnan(e->response_rate))
            nm_csvw_num(w, e->response_rate);
        else
            nm_csvw_empty(w);
        nm_csvw_empty(w);
        return;
    }
    nm_csvw_num(w, e->weighted);
    num_or_empty(w, e->weighted_se);
    num_or_empty(w, e->weighted_lo);
    num_or_empty(w, e->weighted_hi);
    nm_csvw_num(w, e->response_rate);
    nm_csvw_word(w, e->low_response ? "yes" : "");
}

/* ranking.csv's value columns: demand, its 95% interval, then as
 * values(), then the weighted estimates. */
static void ranked_values(nm_csvw *w, const nm_cell *c, nm_suppress flag, int unknown_hidden,
                          unsigned boot, int weighted, const nm_rank_entry *e)
{
    if (flag != NM_PUBLISHED)
        nm_csvw_hidden(w);
    else
        nm_csvw_num(w, c->demand);
    interval(w, flag, boot != 0, e->demand_lo, e->demand_hi, 0);
    if (flag != NM_PUBLISHED) {
        for (int i = 0; i < 5; i++)
            nm_csvw_hidden(w);
    } else {
        nm_csvw_num(w, c->low);
        nm_csvw_num(w, c->high);
        unknown_value(w, c, unknown_hidden);
        nm_csvw_u64(w, c->needs);
        nm_csvw_u64(w, c->respondents);
    }
    weighted_values(w, flag, weighted, e);
    nm_csvw_word(w, nm_suppressed_word(flag, w->internal));
}

/* The names of the last row's geography and competence: rows in
 * published order come in runs of both, so each is looked up once a run. */
typedef struct names {
    const nm_cell *last;
    const char *geo, *label;
    int geo_plain, label_plain; /* nm_csvw_plain */
} names;

static int same_geo(const nm_cell *a, const nm_cell *b)
{
    return a->geo == b->geo && strcmp(a->geo_code, b->geo_code) == 0;
}

static int same_comp(const nm_cell *a, const nm_cell *b)
{
    /* labels are interned in the demand table: one pointer per label */
    return a->comp_level == b->comp_level && a->comp.label == b->comp.label &&
           a->comp.unclassified == b->comp.unclassified &&
           strcmp(a->comp.code, b->comp.code) == 0;
}

static void name_cell(names *n, const nm_csvw *w, const nm_cell *c, const nm_refdata *ref)
{
    if (!n->last || !same_geo(n->last, c)) {
        n->geo = nm_geo_name(ref, c->geo, c->geo_code);
        n->geo_plain = nm_csvw_plain(w, n->geo);
    }
    if (!n->last || !same_comp(n->last, c)) {
        n->label = nm_comp_key_label(ref, &c->comp, c->comp_level);
        n->label_plain = nm_csvw_plain(w, n->label);
    }
    n->last = c;
}

static void text(nm_csvw *w, const char *s, int plain)
{
    if (plain)
        nm_csvw_word(w, s);
    else
        nm_csvw_str(w, s);
}

static void competence(nm_csvw *w, const nm_cell *c, const char *label, int plain)
{
    char level[2] = {(char)('0' + c->comp_level), '\0'}; /* 0-3; 4 is "given" */
    nm_csvw_word(w, c->comp_level == 4 ? "given" : level);
    nm_csvw_word(w, comp_kind(c));
    nm_csvw_code(w, c->comp.code);
    text(w, label, plain);
}

void nm_write_demand_csv(FILE *f, const nm_demand *d, const nm_suppression *s,
                         const nm_refdata *ref, const nm_output_opts *o)
{
    static const char *const header[] = {
        "table", "geo_level", "geo_code", "geo_name", "ssyk_level", "competence_kind",
        "competence_code", "competence_label", "need", "level", "mode", "horizon_years",
        "demand", "demand_low", "demand_high", "needs_without_count", "needs", "respondents",
        "suppressed", NULL};
    nm_csvw w;
    nm_csvw_init(&w, f, o->excel, o->internal);
    nm_csvw_header(&w, header);
    names n = {0};
    for (size_t i = 0; i < nm_demand_count(d); i++) {
        const nm_cell *c = nm_demand_cell_const(d, i);
        char h[16];
        if (!nm_listed(s, d, i))
            continue; /* below the publication level (--publish) */
        name_cell(&n, &w, c, ref);
        nm_csvw_word(&w, c->rollup ? "rollup" : "detail");
        nm_csvw_word(&w, nm_geo_level_name(c->geo));
        nm_csvw_code(&w, c->geo_code);
        text(&w, n.geo, n.geo_plain);
        competence(&w, c, n.label, n.label_plain);
        nm_csvw_word(&w, nm_need_name(c->need));
        nm_csvw_word(&w, level_name(c->level));
        nm_csvw_word(&w, mode_name(c->mode));
        nm_csvw_code(&w, nm_horizon_text(c->horizon, h, sizeof h));
        values(&w, c, nm_suppressed(s, i), s && nm_unknown_hidden(s, i));
        nm_csvw_end(&w);
    }
}

void nm_write_ranking_csv(FILE *f, const nm_demand *d, const nm_suppression *s,
                          const nm_rankings *r, const nm_refdata *ref,
                          const nm_output_opts *o)
{
    static const char *const header[] = {
        "geo_level", "geo_code", "geo_name", "need", "rank", "rank_low", "rank_high",
        "ssyk_level", "competence_kind", "competence_code", "competence_label", "demand",
        "demand_ci_low", "demand_ci_high", "demand_low", "demand_high", "needs_without_count",
        "needs", "respondents", "weighted_demand", "weighted_se", "weighted_ci_low",
        "weighted_ci_high", "response_rate", "low_response", "suppressed", NULL};
    nm_csvw w;
    nm_csvw_init(&w, f, o->excel, o->internal);
    nm_csvw_header(&w, header);
    for (size_t l = 0; l < r->n; l++) {
        const nm_ranking *list = &r->lists[l];
        for (size_t k = 0; k < list->n; k++) {
            const nm_cell *c = nm_demand_cell_const(d, list->entries[k].cell);
            nm_csvw_str(&w, nm_geo_level_name(list->geo));
            nm_csvw_code(&w, list->geo_code);
            nm_csvw_str(&w, nm_geo_name(ref, list->geo, list->geo_code));
            nm_csvw_str(&w, nm_need_name(list->need));
            const nm_rank_entry *e = &list->entries[k];
            nm_suppress flag = nm_suppressed(s, e->cell);
            if (e->rank)
                nm_csvw_u64(&w, e->rank);
            else
                nm_csvw_empty(&w);
            interval(&w, flag, r->bootstrap && e->rank, e->rank_lo, e->rank_hi, 1);
            /* ranked rows seldom repeat a competence: no name cache */
            competence(&w, c, nm_comp_key_label(ref, &c->comp, c->comp_level), 0);
            ranked_values(&w, c, flag, s && nm_unknown_hidden(s, e->cell), r->bootstrap,
                          r->weighted, e);
            nm_csvw_end(&w);
        }
    }
}
