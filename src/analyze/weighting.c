/* weighting.c - design-based estimates from a sampling frame: each
 * stratum's respondents counted, then per ranked cell the stratified
 * Horvitz-Thompson total with the finite population correction, its
 * standard error, a 95% interval and the response rate (frame.h). */
#include <gsl/gsl_cdf.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "needmap/alloc.h"
#include "needmap/frame.h"
#include "needmap/strmap.h"


/* Sums of one stratum x competence x need over its units, in whole
 * thousandths (and millionths squared): exact in any order. */
typedef struct acc {
    size_t stratum;
    nm_comp_key comp;        /* label into the unit sums */
    nm_need need;
    double sum, sumsq;
} acc;

typedef struct weigh {
    const nm_demand *d;
    const nm_refdata *ref;
    nm_frame *f;
    nm_strmap *strata;       /* "code\x1fkind" -> 1 + stratum */
    nm_strmap *accs;         /* "stratum\x1fneed\x1fkind+what" -> acc */
    acc *acc;
    size_t nacc, cap;
    char key[600];
} weigh;

static size_t stratum_of(weigh *w, const char *muni, nm_rkind kind)
{
    char k[32];
    snprintf(k, sizeof k, "%.4s\x1f%d", muni, (int)kind);
    void *v = nm_strmap_get(w->strata, k);
    if (!v) {
        snprintf(k, sizeof k, "%.4s\x1f%d", muni, NM_FRAME_ALL_KINDS);
        v = nm_strmap_get(w->strata, k);
    }
    return v ? (size_t)(uintptr_t)v - 1 : SIZE_MAX;
}

static void index_strata(weigh *w)
{
    w->strata = nm_strmap_new();
    for (size_t i = 0; i < w->f->n; i++) {
        char k[32];
        snprintf(k, sizeof k, "%.4s\x1f%d", w->f->strata[i].municipality, w->f->strata[i].kind);
        nm_strmap_put(w->strata, k, (void *)(uintptr_t)(i + 1));
        w->f->strata[i].answered = w->f->strata[i].seen = 0;
    }
}

/* Each unit's answer: its stratum's respondents. */
static nm_status count_units(weigh *w, const nm_unitsums *u, nm_weighting *out, nm_error *err)
{
    for (size_t i = 0; i < nm_unitsums_count(u); i++) {
        nm_unit_entry e;
        nm_unitsums_entry(u, i, &e);
        if (e.need != NM_NEED_N)
            continue;
        out->units++;
        size_t h = stratum_of(w, e.municipality, e.kind);
        if (h == SIZE_MAX)
            out->outside++;
        else
            w->f->strata[h].seen++;
    }
    for (size_t h = 0; h < w->f->n; h++) {
        nm_stratum *s = &w->f->strata[h];
        const nm_municipality *m = nm_refdata_municipality(w->ref, s->municipality);
        const char *kind = s->kind < 0 ? "all kinds" : nm_rkind_name((nm_rkind)s->kind);
        const char *name = m ? m->short_name : s->municipality;
        if (s->seen > s->asked)
            return nm_error_set(err, NM_ERR_CONFIG, w->f->path, s->line, 3,
                                "%llu respondents (%s) in %s answered, more than the %llu "
                                "asked: count everyone asked",
                                (unsigned long long)s->seen, kind, name,
                                (unsigned long long)s->asked);
        if (s->answered_given >= 0 && s->seen > (uint64_t)s->answered_given)
            return nm_error_set(err, NM_ERR_CONFIG, w->f->path, s->line, 5,
                                "the inputs hold %llu respondents (%s) in %s, more than the "
                                "%lld the frame says answered",
                                (unsigned long long)s->seen, kind, name,
                                (long long)s->answered_given);
        s->answered = s->answered_given >= 0 ? (uint64_t)s->answered_given : s->seen;
        out->asked += s->asked;
        out->answered += s->answered;
        out->strata_empty += s->answered == 0;
        out->df += s->answered ? s->answered - 1 : 0;
        out->strata_low += (double)s->answered < NM_LOW_RESPONSE * (double)s->asked;
    }
    return NM_OK;
}

/* Each unit's sum for a competence and need into its stratum's. */
static void gather(weigh *w, const nm_unitsums *u)
{
    w->accs = nm_strmap_new();
    for (size_t i = 0; i < nm_unitsums_count(u); i++) {
        nm_unit_entry e;
        nm_unitsums_entry(u, i, &e);
        if (e.need == NM_NEED_N)
            continue;
        size_t h = stratum_of(w, e.municipality, e.kind);
        if (h == SIZE_MAX)
            continue;
        char ck = e.code[0] ? 'C' : e.unclassified ? 'U' : 'L';
        const char *what = ck == 'C' ? e.code : ck == 'L' && e.label ? e.label : "";
        /* a label of any length: the key never truncated, so two long
         * labels never share an entry */
        int len = snprintf(NULL, 0, "%zu\x1f%d\x1f%c%s", h, (int)e.need, ck, what);
        char *key = len >= 0 && (size_t)len < sizeof w->key ? w->key
                                                             : nm_malloc((size_t)len + 1);
        snprintf(key, (size_t)len + 1, "%zu\x1f%d\x1f%c%s", h, (int)e.need, ck, what);
        void *v = nm_strmap_get(w->accs, key);
        if (!v) {
            NM_GROW(w->acc, w->cap, w->nacc + 1);
            acc *a = &w->acc[w->nacc++];
            memset(a, 0, sizeof *a);
            a->stratum = h;
            a->need = e.need;
            memcpy(a->comp.code, e.code, sizeof a->comp.code);
            a->comp.label = ck == 'L' ? e.label : NULL;
            a->comp.unclassified = (unsigned char)(ck == 'U');
            v = (void *)(uintptr_t)w->nacc;
            nm_strmap_put(w->accs, key, v);
        }
        if (key != w->key)
            free(key);
        acc *a = &w->acc[(size_t)(uintptr_t)v - 1];
        a->sum += e.milli;
        a->sumsq += e.milli * e.milli;
    }
}

typedef struct cell_est {
    double est, var;
    int lonely, low;
    int touched;             /* some stratum added into it (0 included) */
} cell_est;

/* The stratum's part of a total and of its variance:
 * N/n sum y, and N^2 (1 - n/N) s^2 / n. */
static void stratum_part(const nm_stratum *s, const acc *a, double *est, double *var,
                         int *lonely)
{
    double N = (double)s->asked, n = (double)s->answered;
    double sum = a->sum / 1000.0, sumsq = a->sumsq / 1e6;
    *est = N / n * sum;
    *lonely = 0;
    if (s->answered >= 2) {
        double s2 = (sumsq - sum * sum / n) / (n - 1);
        *var = N * N * (1 - n / N) * (s2 > 0 ? s2 : 0) / n;
    } else {
        *var = 0;
        *lonely = s->asked > 1 && a->sum != 0;
    }
}

/* Every stratum sum into its municipality's, county's and all inputs'
 * ranked cells (slot: per cell 1 + its estimate, 0 none). */
static void add_parts(weigh *w, const uint32_t *slot, cell_est *ce)
{
    for (size_t i = 0; i < w->nacc; i++) {
        const acc *a = &w->acc[i];
        const nm_stratum *s = &w->f->strata[a->stratum];
        double est, var;
        int lonely;
        stratum_part(s, a, &est, &var, &lonely);
        int low = a->sum != 0 && (double)s->answered < NM_LOW_RESPONSE * (double)s->asked;
        const nm_municipality *m = nm_refdata_municipality(w->ref, s->municipality);
        const char *codes[3] = {s->municipality, m ? m->county_code : NULL, "SE"};
        const nm_geo_level geos[3] = {NM_GEO_MUNICIPALITY, NM_GEO_COUNTY, NM_GEO_ALL};
        /* the ranked level: as given, or the 3-digit group (--publish ssyk3) */
        for (int k = 0; k < 3 * 2; k++) {
            if (!codes[k / 2] || (k % 2 && strlen(a->comp.code) < 3))
                continue;
            size_t c = nm_demand_find_rollup(w->d, geos[k / 2], codes[k / 2], k % 2 ? 3 : 4,
                                             &a->comp, a->need);
            if (c == SIZE_MAX || !slot[c])
                continue;
            cell_est *t = &ce[slot[c] - 1];
            t->est += est;
            t->var += var;
            t->lonely |= lonely;
            t->low |= low;
            t->touched = 1;
        }
    }
}

/* Answered and asked over the strata of an area: "SE", a county or a
 * municipality code. */
static void area_rate(const nm_frame *f, const nm_refdata *ref, nm_geo_level geo,
                      const char *code, double *asked, double *answered)
{
    *asked = *answered = 0;
    for (size_t i = 0; i < f->n; i++) {
        const nm_stratum *s = &f->strata[i];
        const nm_municipality *m = nm_refdata_municipality(ref, s->municipality);
        int in = geo == NM_GEO_ALL ||
                 (geo == NM_GEO_MUNICIPALITY && strcmp(s->municipality, code) == 0) ||
                 (geo == NM_GEO_COUNTY && m && strcmp(m->county_code, code) == 0);
        if (in) {
            *asked += (double)s->asked;
            *answered += (double)s->answered;
        }
    }
}

/* The multiplier of a 95% interval: Student's t 97.5% quantile with the
 * design's degrees of freedom (respondents minus strata with any; R's
 * degf()), or NaN when there are none. */
static double t975(uint64_t df)
{
    return df ? gsl_cdf_tdist_Pinv(0.975, (double)df) : NAN;
}

static void fill_entries(weigh *w, nm_rankings *r, const uint32_t *slot, const cell_est *ce,
                         uint64_t df)
{
    double q = t975(df);
    for (size_t l = 0; l < r->n; l++) {
        nm_ranking *list = &r->lists[l];
        double asked, answered;
        area_rate(w->f, w->ref, list->geo, list->geo_code, &asked, &answered);
        for (size_t k = 0; k < list->n; k++) {
            nm_rank_entry *e = &list->entries[k];
            e->response_rate = asked > 0 ? answered / asked : NAN;
            e->weighted = e->weighted_se = e->weighted_lo = e->weighted_hi = NAN;
            if (!(asked > 0) || !slot[e->cell])
                continue;
            const cell_est *t = &ce[slot[e->cell] - 1];
            e->weighted = t->est;
            e->low_response = t->low;
            if (t->lonely)
                continue;
            e->weighted_se = sqrt(t->var);
            if (isnan(q))
                continue;
            e->weighted_lo = fmax(0, t->est - q * e->weighted_se);
            e->weighted_hi = t->est + q * e->weighted_se;
        }
    }
}

nm_status nm_weighting_apply(const nm_demand *d, const nm_refdata *ref, nm_frame *f,
                             nm_rankings *r, nm_weighting *out, nm_error *err)
{
    memset(out, 0, sizeof *out);
    const nm_unitsums *u = nm_demand_units(d);
    if (!u)
        return NM_OK;
    weigh w = {.d = d, .ref = ref, .f = f};
    index_strata(&w);
    nm_status st = count_units(&w, u, out, err);
    if (st == NM_OK) {
        gather(&w, u);
        size_t n = 0, ncells = nm_demand_count(d);
        uint32_t *slot = nm_calloc(ncells ? ncells : 1, sizeof *slot);
        for (size_t l = 0; l < r->n; l++)
            for (size_t k = 0; k < r->lists[l].n; k++)
                slot[r->lists[l].entries[k].cell] = (uint32_t)++n;
        cell_est *ce = nm_calloc(n ? n : 1, sizeof *ce);
        add_parts(&w, slot, ce);
        fill_entries(&w, r, slot, ce, out->df);
        r->weighted = 1;
        free(ce);
        free(slot);
    }
    nm_strmap_free(w.strata);
    nm_strmap_free(w.accs);
    free(w.acc);
    return st;
}

nm_status nm_weighting_estimates(const nm_demand *d, const nm_refdata *ref, nm_frame *f,
                                 double *est, nm_error *err)
{
    size_t ncells = nm_demand_count(d);
    for (size_t c = 0; c < ncells; c++)
        est[c] = NAN;
    const nm_unitsums *u = nm_demand_units(d);
    if (!u)
        return NM_OK;
    weigh w = {.d = d, .ref = ref, .f = f};
    nm_weighting counts = {0};
    index_strata(&w);
    nm_status st = count_units(&w, u, &counts, err);
    if (st == NM_OK) {
        gather(&w, u);
        uint32_t *slot = nm_calloc(ncells ? ncells : 1, sizeof *slot);
        cell_est *ce = nm_calloc(ncells ? ncells : 1, sizeof *ce);
        for (size_t c = 0; c < ncells; c++)
            slot[c] = (uint32_t)(c + 1);
        add_parts(&w, slot, ce);
        for (size_t c = 0; c < ncells; c++)
            if (ce[c].touched) /* some stratum added into it (0 included) */
                est[c] = ce[c].est;
        free(ce);
        free(slot);
    }
    nm_strmap_free(w.strata);
    nm_strmap_free(w.accs);
    free(w.acc);
    return st;
}
