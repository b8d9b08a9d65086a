/* clusters.c - clusters.csv and the "clusters" member of summary.json.
 * Cluster totals and ranks are worked out here, from the table's
 * suppression flags and the minimum it applied. */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "needmap/alloc.h"
#include "needmap/cluster_write.h"
#include "needmap/output.h"

#define UNGROUPED_LABEL "Ej grupperad"

/* A cluster's total for one need type. */
typedef struct total {
    double demand, low, high;   /* sums over the members */
    uint64_t unknown;           /* needs without a number */
    int unknown_hidden;         /* that count hidden alone (disclosure.h) */
    uint64_t respondents;       /* distinct, over the members */
    nm_suppress suppress;       /* primary: fewer than k respondents; secondary:
                                   exactly one member's cell is hidden */
    uint32_t rank;              /* 1-based among published totals; 0 when hidden */
} total;

typedef struct ranked {
    size_t cluster;             /* index into nm_clusters.list */
    total t;
} ranked;

/* The demand table as published: its cells and their suppression. */
typedef struct published {
    const nm_demand *d;
    const nm_suppression *s;
    int internal;               /* --internal: suppressed words as they are */
} published;

static double round3(double v) { return round(v * 1000.0) / 1000.0 + 0.0; }

/* A member's cell of a need type, or NULL when it has none; *flag is the
 * cell's suppression (NM_PUBLISHED for none). */
static const nm_cell *member_cell(const published *p, const nm_cluster_member *m, int need,
                                  nm_suppress *flag)
{
    *flag = NM_PUBLISHED;
    if (m->cell[need] == SIZE_MAX)
        return NULL;
    *flag = nm_suppressed(p->s, m->cell[need]);
    return nm_demand_cell_const(p->d, m->cell[need]);
}

/* Hidden as the disclosure model decided (disclosure.c, nm_dc_apply:
 * fewer respondents than the minimum behind it, exactly one member hidden
 * before the joint suppression, or hidden by it): one rule, in one place,
 * so disclosure.csv and clusters.csv agree.  The words: primary when too
 * few respondents stand behind it.  A cluster without answers of the need
 * type totals 0. */
static total cluster_total(const nm_cluster *c, const published *p, int need)
{
    total t = {0};
    uint64_t k = nm_suppression_k(p->s);
    for (size_t i = 0; i < c->n; i++) {
        nm_suppress flag;
        const nm_cell *cell = member_cell(p, &c->members[i], need, &flag);
        if (!cell)
            continue;
        t.demand += cell->demand;
        t.low += cell->low;
        t.high += cell->high;
        t.unknown += cell->unknown;
    }
    t.respondents = c->respondents[need];
    if (t.respondents > 0 && t.respondents < k) /* no answers: 0, nothing to protect */
        t.suppress = NM_SUPPRESSED_PRIMARY;
    else if (c->total_hidden[need])
        t.suppress = NM_SUPPRESSED_SECONDARY;
    t.unknown_hidden = c->unknown_hidden[need];
    return t;
}

static int cmp_ranked(const void *pa, const void *pb)
{
    const ranked *a = pa, *b = pb;
    int ha = a->t.suppress != NM_PUBLISHED, hb = b->t.suppress != NM_PUBLISHED;
    if (ha != hb)
        return ha - hb;
    if (!ha && a->t.demand != b->t.demand)
        return a->t.demand > b->t.demand ? -1 : 1;
    return a->cluster < b->cluster ? -1 : a->cluster > b->cluster;
}

/* Every cluster's total for a need type, in rank order. */
static ranked *rank_clusters(const nm_clusters *c, const published *p, int need)
{
    ranked *r = nm_calloc(c->n ? c->n : 1, sizeof *r);
    for (size_t i = 0; i < c->n; i++)
        r[i] = (ranked){i, cluster_total(&c->list[i], p, need)};
    qsort(r, c->n, sizeof *r, cmp_ranked);
    uint32_t rank = 0;
    for (size_t i = 0; i < c->n; i++)
        r[i].t.rank = r[i].t.suppress != NM_PUBLISHED ? 0 : ++rank;
    return r;
}

static int has_need(const nm_cluster_member *m, size_t n, int need)
{
    for (size_t i = 0; i < n; i++)
        if (m[i].cell[need] != SIZE_MAX)
            return 1;
    return 0;
}

/* 1 when any competence of the result has an answer of this need type. */
static int need_present(const nm_clusters *c, int need)
{
    for (size_t i = 0; i < c->n; i++)
        if (has_need(c->list[i].members, c->list[i].n, need))
            return 1;
    return has_need(c->ungrouped, c->nungrouped, need);
}

static const char *comp_kind(const nm_comp_key *k)
{
    return k->code[0] ? "ssyk" : "competence";
}

static const char *k_source_name(nm_k_source s)
{
    static const char *const names[] = {"none", "stability", "option", "adjusted",
                                        "no clear grouping"};
    return names[s];
}

/* --- clusters.csv --- */

static void csv_number_or_empty(nm_csvw *w, double v)
{
    if (isnan(v))
        nm_csvw_empty(w);
    else
        nm_csvw_num(w, round3(v));
}

/* A member's figures: zeros when it has no answer of this need type,
 * `..` when its cell is hidden, respondents included. */
static void csv_values(nm_csvw *w, const nm_cell *c, nm_suppress flag, int unknown_hidden,
                       int internal)
{
    if (c && flag != NM_PUBLISHED) {
        for (int i = 0; i < 6; i++)
            nm_csvw_hidden(w);
    } else {
        nm_csvw_num(w, c ? c->demand : 0);
        nm_csvw_num(w, c ? c->low : 0);
        nm_csvw_num(w, c ? c->high : 0);
        if (c && unknown_hidden)
            nm_csvw_hidden(w);
        else
            nm_csvw_u64(w, c ? c->unknown : 0);
        nm_csvw_u64(w, c ? c->needs : 0);
        nm_csvw_u64(w, c ? c->respondents : 0);
    }
    nm_csvw_str(w, c ? nm_suppressed_word(flag, internal) : "");
}

static void csv_total(nm_csvw *w, const total *t, int internal)
{
    if (t->rank)
        nm_csvw_u64(w, t->rank);
    else
        nm_csvw_empty(w);
    if (t->suppress != NM_PUBLISHED) {
        for (int i = 0; i < 5; i++)
            nm_csvw_hidden(w);
    } else {
        nm_csvw_num(w, t->demand);
        nm_csvw_num(w, t->low);
        nm_csvw_num(w, t->high);
        if (t->unknown_hidden)
            nm_csvw_hidden(w);
        else
            nm_csvw_u64(w, t->unknown);
        nm_csvw_u64(w, t->respondents);
    }
    nm_csvw_str(w, nm_suppressed_word(t->suppress, internal));
}

static void csv_member(nm_csvw *w, const nm_cluster_member *m, const published *p,
                       const nm_refdata *ref, int need)
{
    nm_suppress flag;
    const nm_cell *c = member_cell(p, m, need, &flag);
    nm_csvw_str(w, comp_kind(&m->comp));
    nm_csvw_code(w, m->comp.code);
    nm_csvw_str(w, nm_comp_key_label(ref, &m->comp, 4));
    csv_number_or_empty(w, m->silhouette);
    csv_values(w, c, flag, c && p->s && nm_unknown_hidden(p->s, m->cell[need]), p->internal);
    nm_csvw_end(w);
}

static void csv_cluster(nm_csvw *w, const nm_clusters *cs, const nm_cluster *c, const total *t,
                        const published *p, const nm_refdata *ref, int need)
{
    for (size_t i = 0; i < c->n; i++) {
        nm_csvw_u64(w, (uint64_t)c->id);
        nm_csvw_str(w, c->label);
        nm_csvw_u64(w, c->n);
        csv_number_or_empty(w, c->silhouette_mean);
        csv_number_or_empty(w, c->stability);
        nm_csvw_str(w, nm_cluster_strength(cs, c));
        nm_csvw_str(w, nm_need_name((nm_need)need));
        csv_total(w, t, p->internal);
        csv_member(w, &c->members[i], p, ref, need);
    }
}

static void csv_ungrouped(nm_csvw *w, const nm_clusters *c, const published *p,
                          const nm_refdata *ref, int need)
{
    for (size_t i = 0; i < c->nungrouped; i++) {
        nm_csvw_empty(w);
        nm_csvw_str(w, UNGROUPED_LABEL);
        for (int k = 0; k < 4; k++)
            nm_csvw_empty(w);
        nm_csvw_str(w, nm_need_name((nm_need)need));
        for (int k = 0; k < 7; k++)
            nm_csvw_empty(w);
        csv_member(w, &c->ungrouped[i], p, ref, need);
    }
}

void nm_write_clusters_csv(FILE *f, const nm_clusters *c, const nm_demand *d,
                           const nm_suppression *s, const nm_refdata *ref,
                           const nm_output_opts *o)
{
    const published p = {d, s, o->internal};
    static const char *const header[] = {
        "cluster_id", "cluster_label", "cluster_size", "cluster_silhouette",
        "cluster_stability", "cluster_strength", "need",
        "cluster_rank", "cluster_demand", "cluster_demand_low", "cluster_demand_high",
        "cluster_needs_without_count", "cluster_respondents", "cluster_suppressed",
        "competence_kind",
        "competence_code", "competence_label", "silhouette", "demand", "demand_low",
        "demand_high", "needs_without_count", "needs", "respondents", "suppressed", NULL};
    nm_csvw w;
    nm_csvw_init(&w, f, o->excel, o->internal);
    nm_csvw_header(&w, header);
    for (int need = 0; need < NM_NEED_N; need++) {
        if (!need_present(c, need))
            continue;
        ranked *r = rank_clusters(c, &p, need);
        for (size_t i = 0; i < c->n; i++)
            csv_cluster(&w, c, &c->list[r[i].cluster], &r[i].t, &p, ref, need);
        csv_ungrouped(&w, c, &p, ref, need);
        free(r);
    }
}

/* --- the report --- */

nm_cluster_total *nm_cluster_totals(const nm_clusters *c, const nm_demand *d,
                                    const nm_suppression *s, int need)
{
    if (!c->n)
        return NULL;
    published p = {d, s, 0};
    ranked *r = rank_clusters(c, &p, need);
    nm_cluster_total *out = nm_calloc(c->n, sizeof *out);
    for (size_t i = 0; i < c->n; i++)
        out[i] = (nm_cluster_total){r[i].cluster, r[i].t.demand, r[i].t.low, r[i].t.high,
                                    r[i].t.unknown, r[i].t.respondents, r[i].t.suppress,
                                    r[i].t.rank};
    free(r);
    return out;
}

int nm_clusters_need_present(const nm_clusters *c, int need)
{
    return need_present(c, need);
}

/* --- summary.json --- */

static cJSON *json_number_or_null(double v)
{
    return isnan(v) ? cJSON_CreateNull() : cJSON_CreateNumber(round3(v));
}

/* A member's figures for one need type, as in the summary's "values". */
static cJSON *json_values(const nm_cell *c, nm_suppress flag, int unknown_hidden, int internal)
{
    cJSON *j = cJSON_CreateObject();
    nm_json_add_cell_values(j, c, flag, unknown_hidden, internal);
    return j;
}

static cJSON *json_member(const nm_cluster_member *m, const published *p, const nm_refdata *ref)
{
    cJSON *j = cJSON_CreateObject();
    cJSON_AddStringToObject(j, "competence_kind", comp_kind(&m->comp));
    cJSON_AddStringToObject(j, "competence_code", m->comp.code);
    cJSON_AddStringToObject(j, "competence_label", nm_comp_key_label(ref, &m->comp, 4));
    cJSON_AddItemToObject(j, "silhouette", json_number_or_null(m->silhouette));
    cJSON *needs = cJSON_AddObjectToObject(j, "needs");
    for (int need = 0; need < NM_NEED_N; need++) {
        nm_suppress flag;
        const nm_cell *c = member_cell(p, m, need, &flag);
        if (c)
            cJSON_AddItemToObject(needs, nm_need_name((nm_need)need), json_values(c, flag, p->s && nm_unknown_hidden(p->s, m->cell[need]),
                                              p->internal));
    }
    return j;
}

static cJSON *json_total(const total *t, int internal)
{
    cJSON *j = cJSON_CreateObject();
    if (t->rank)
        cJSON_AddNumberToObject(j, "rank", t->rank);
    else
        cJSON_AddNullToObject(j, "rank");
    if (t->suppress != NM_PUBLISHED) {
        cJSON_AddNullToObject(j, "demand");
        cJSON_AddNullToObject(j, "demand_low");
        cJSON_AddNullToObject(j, "demand_high");
        cJSON_AddNullToObject(j, "needs_without_count");
        cJSON_AddNullToObject(j, "respondents");
    } else {
        cJSON_AddNumberToObject(j, "demand", t->demand);
        cJSON_AddNumberToObject(j, "demand_low", t->low);
        cJSON_AddNumberToObject(j, "demand_high", t->high);
        if (t->unknown_hidden)
            cJSON_AddNullToObject(j, "needs_without_count");
        else
            cJSON_AddNumberToObject(j, "needs_without_count", (double)t->unknown);
        cJSON_AddNumberToObject(j, "respondents", (double)t->respondents);
    }
    cJSON_AddStringToObject(j, "suppressed", nm_suppressed_word(t->suppress, internal));
    return j;
}

static cJSON *json_members(const nm_cluster_member *m, size_t n, const published *p,
                           const nm_refdata *ref)
{
    cJSON *a = cJSON_CreateArray();
    for (size_t i = 0; i < n; i++)
        cJSON_AddItemToArray(a, json_member(&m[i], p, ref));
    return a;
}

static cJSON *json_cluster(const nm_clusters *cs, const nm_cluster *c, const published *p,
                           const nm_refdata *ref)
{
    cJSON *j = cJSON_CreateObject();
    cJSON_AddNumberToObject(j, "id", c->id);
    cJSON_AddStringToObject(j, "label", c->label);
    cJSON_AddNumberToObject(j, "size", (double)c->n);
    cJSON_AddItemToObject(j, "silhouette_mean", json_number_or_null(c->silhouette_mean));
    cJSON_AddItemToObject(j, "stability", json_number_or_null(c->stability));
    cJSON_AddStringToObject(j, "strength", nm_cluster_strength(cs, c));
    cJSON_AddObjectToObject(j, "totals");
    cJSON_AddItemToObject(j, "members", json_members(c->members, c->n, p, ref));
    return j;
}

/* Add each cluster's ranked total per need type to its "totals". */
static void json_totals(cJSON *clusters, const nm_clusters *c, const published *p)
{
    for (int need = 0; need < NM_NEED_N; need++) {
        if (!need_present(c, need))
            continue;
        ranked *r = rank_clusters(c, p, need);
        for (size_t i = 0; i < c->n; i++) {
            cJSON *totals = cJSON_GetObjectItemCaseSensitive(
                cJSON_GetArrayItem(clusters, (int)r[i].cluster), "totals");
            cJSON_AddItemToObject(totals, nm_need_name((nm_need)need), json_total(&r[i].t, p->internal));
        }
        free(r);
    }
}

static cJSON *json_options(const nm_cluster_opts *o)
{
    cJSON *j = cJSON_CreateObject();
    cJSON_AddNumberToObject(j, "clusters", o->k);
    cJSON_AddNumberToObject(j, "kmax", o->kmax);
    cJSON_AddNumberToObject(j, "taxonomy_weight", o->taxonomy_weight);
    cJSON_AddNumberToObject(j, "respondent_weight", o->respondent_weight);
    cJSON_AddNumberToObject(j, "seed", (double)o->seed);
    cJSON_AddNumberToObject(j, "restarts", o->restarts);
    cJSON_AddNumberToObject(j, "resamples", o->resamples);
    return j;
}

/* Each k tried: its mean silhouette and bootstrap stability. */
static cJSON *json_candidates(const nm_clusters *c)
{
    cJSON *a = cJSON_CreateArray();
    for (size_t i = 0; i < c->ncand; i++) {
        cJSON *j = cJSON_CreateObject();
        cJSON_AddNumberToObject(j, "k", c->cand[i].k);
        cJSON_AddNumberToObject(j, "clusters_made", c->cand[i].made);
        cJSON_AddItemToObject(j, "silhouette_mean", json_number_or_null(c->cand[i].silhouette));
        cJSON_AddItemToObject(j, "stability", json_number_or_null(c->cand[i].stability));
        cJSON_AddItemToArray(a, j);
    }
    return a;
}

static cJSON *json_numbers(const double *v, size_t n)
{
    cJSON *a = cJSON_CreateArray();
    for (size_t i = 0; i < n; i++)
        cJSON_AddItemToArray(a, json_number_or_null(v[i]));
    return a;
}

cJSON *nm_clusters_json(const nm_clusters *c, const nm_demand *d, const nm_suppression *s,
                        const nm_refdata *ref, int internal)
{
    const published p = {d, s, internal};
    cJSON *j = cJSON_CreateObject();
    cJSON_AddNumberToObject(j, "k", (double)c->n);
    cJSON_AddStringToObject(j, "k_chosen_by", k_source_name(c->k_source));
    cJSON_AddItemToObject(j, "options", json_options(&c->opts));
    cJSON_AddNumberToObject(j, "components", (double)c->components);
    cJSON_AddItemToObject(j, "eigenvalues", json_numbers(c->eigenvalues, c->neigen));
    cJSON_AddItemToObject(j, "silhouette_mean", json_number_or_null(c->silhouette_mean));
    cJSON_AddBoolToObject(j, "clear_grouping", c->clear);
    cJSON_AddItemToObject(j, "stability", json_number_or_null(c->stability));
    cJSON_AddItemToObject(j, "k_tried", json_candidates(c));
    cJSON *notes = cJSON_AddArrayToObject(j, "notes");
    for (size_t i = 0; i < c->nnotes; i++)
        cJSON_AddItemToArray(notes, cJSON_CreateString(c->notes[i]));
    cJSON *clusters = cJSON_AddArrayToObject(j, "clusters");
    for (size_t i = 0; i < c->n; i++)
        cJSON_AddItemToArray(clusters, json_cluster(c, &c->list[i], &p, ref));
    json_totals(clusters, c, &p);
    cJSON_AddItemToObject(j, "ungrouped", json_members(c->ungrouped, c->nungrouped, &p, ref));
    return j;
}
