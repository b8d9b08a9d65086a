/* summary.json - everything about a run a planner or an auditor needs:
 * what was read (with checksums), how every row was accounted for, the
 * totals, the top of each ranking, the privacy settings and warnings. */
#include <cjson/cJSON.h>
#include <float.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "needmap/buf.h"
#include "needmap/cluster_write.h"
#include "needmap/frame.h"
#include "needmap/disclosure.h"
#include "needmap/levels.h"
#include "needmap/output.h"
#include "needmap/pool_exact.h"
#include "needmap/write.h"

enum { SUMMARY_FORMAT = 1, TOP_N = 10 };

static cJSON *file_names(const char *const *s, size_t n, int internal)
{
    cJSON *a = cJSON_CreateArray();
    for (size_t i = 0; i < n; i++)
        cJSON_AddItemToArray(a, cJSON_CreateString(nm_config_name(s[i], internal)));
    return a;
}

static cJSON *options(const nm_run_facts *f, const nm_output_opts *o)
{
    cJSON *j = cJSON_CreateObject();
    cJSON_AddNumberToObject(j, "min_respondents", o->min_respondents);
    cJSON_AddNumberToObject(j, "min_confidence", f->min_confidence);
    if (f->mapping)
        cJSON_AddStringToObject(j, "mapping", nm_config_name(f->mapping, o->internal));
    else
        cJSON_AddNullToObject(j, "mapping");
    cJSON_AddItemToObject(j, "synonyms", file_names(f->synonyms, f->nsynonyms, o->internal));
    cJSON_AddBoolToObject(j, "excel", o->excel);
    cJSON_AddBoolToObject(j, "internal", o->internal);
    cJSON_AddBoolToObject(j, "publish_file_names", o->publish_file_names);
    return j;
}

static cJSON *counts(const uint64_t *v, int n, int first, const char *(*name)(int))
{
    cJSON *j = cJSON_CreateObject();
    for (int i = first; i < n; i++)
        if (v[i])
            cJSON_AddNumberToObject(j, name(i), (double)v[i]);
    return j;
}

static const char *reason_name(int r) { return nm_reason_code((nm_reason)r); }

static const char *note_name(int n)
{
    static const char *const names[NM_NOTE_N] = {
        "count_unknown", "count_range", "count_approximate", "count_at_least", "approximate_match",
        "unclassified", "number_in_occupation", "ssyk_codes_grouped", "ssyk_column_text",
        "need_not_understood", "level_not_understood", "mode_not_understood",
        "horizon_not_understood", "respondent_kind_not_understood"};
    return names[n];
}

/* Input n: its number, size and SHA-256; its base name only with
 * --publish-file-names, its path only with --internal. */
static cJSON *input(const nm_file_report *r, size_t n, const nm_output_opts *o)
{
    cJSON *j = cJSON_CreateObject();
    const nm_read_info *i = &r->info;
    char delim[2] = {i->delimiter, 0};
    cJSON_AddNumberToObject(j, "input", (double)(n + 1));
    if (o->publish_file_names)
        cJSON_AddStringToObject(j, "file", nm_input_base_name(r->path));
    if (o->internal)
        cJSON_AddStringToObject(j, "path", r->path);
    cJSON_AddNumberToObject(j, "bytes", (double)i->bytes);
    cJSON_AddStringToObject(j, "sha256", i->sha256);
    cJSON_AddStringToObject(j, "status", r->status == NM_OK ? "ok" : "error");
    if (r->status != NM_OK)
        cJSON_AddStringToObject(j, "error", r->error.msg);
    cJSON_AddStringToObject(j, "format", i->format == NM_FORMAT_JSON   ? "json"
                                         : i->format == NM_FORMAT_XLSX ? "xlsx"
                                                                       : "csv");
    if (i->format == NM_FORMAT_XLSX)
        cJSON_AddStringToObject(j, "sheet", i->sheet);
    cJSON_AddStringToObject(j, "encoding", nm_encoding_name(i->dec.enc));
    if (i->format == NM_FORMAT_CSV)
        cJSON_AddStringToObject(j, "delimiter", delim);
    cJSON_AddNumberToObject(j, "header_line", (double)r->header_line);
    cJSON_AddStringToObject(j, "layout", !r->header_line ? "none" : r->columns.wide ? "wide" : "long");
    cJSON *rows = cJSON_AddObjectToObject(j, "rows");
    cJSON_AddNumberToObject(rows, "read", (double)r->rows_read);
    cJSON_AddNumberToObject(rows, "accepted", (double)r->rows_accepted);
    cJSON_AddNumberToObject(rows, "rejected", (double)r->rows_rejected);
    cJSON_AddNumberToObject(rows, "skipped", (double)r->rows_skipped);
    cJSON *needs = cJSON_AddObjectToObject(j, "needs");
    cJSON_AddNumberToObject(needs, "accepted", (double)r->needs_accepted);
    cJSON_AddNumberToObject(needs, "rejected", (double)r->needs_rejected);
    cJSON_AddItemToObject(j, "rejected", counts(r->reasons, NM_FIRST_SKIP, 0, reason_name));
    cJSON_AddItemToObject(j, "skipped", counts(r->reasons, NM_REASON_N, NM_FIRST_SKIP, reason_name));
    cJSON_AddItemToObject(j, "notes", counts(r->notes, NM_NOTE_N, 0, note_name));
    return j;
}

static cJSON *accounting_totals(const nm_run_facts *f)
{
    uint64_t t[6] = {0};
    for (size_t i = 0; i < f->nfiles; i++) {
        const nm_file_report *r = &f->files[i];
        t[0] += r->rows_read; t[1] += r->rows_accepted; t[2] += r->rows_rejected;
        t[3] += r->rows_skipped; t[4] += r->needs_accepted; t[5] += r->needs_rejected;
    }
    cJSON *j = cJSON_CreateObject();
    cJSON *rows = cJSON_AddObjectToObject(j, "rows");
    cJSON_AddNumberToObject(rows, "read", (double)t[0]);
    cJSON_AddNumberToObject(rows, "accepted", (double)t[1]);
    cJSON_AddNumberToObject(rows, "rejected", (double)t[2]);
    cJSON_AddNumberToObject(rows, "skipped", (double)t[3]);
    cJSON *needs = cJSON_AddObjectToObject(j, "needs");
    cJSON_AddNumberToObject(needs, "accepted", (double)t[4]);
    cJSON_AddNumberToObject(needs, "rejected", (double)t[5]);
    return j;
}

static cJSON *demand_totals(const nm_demand *d, const nm_suppression *s, int internal)
{
    cJSON *j = cJSON_CreateObject();
    for (int need = 0; need < NM_NEED_N; need++) {
        nm_comp_key all = {0};
        size_t i = nm_demand_find_rollup(d, NM_GEO_ALL, "SE", 0, &all, (nm_need)need);
        if (i == SIZE_MAX)
            continue;
        cJSON *n = cJSON_AddObjectToObject(j, nm_need_name((nm_need)need));
        nm_json_add_cell_values(n, nm_demand_cell_const(d, i), nm_suppressed(s, i),
                                s && nm_unknown_hidden(s, i), internal);
    }
    return j;
}

/* A ranked entry's 95% bootstrap intervals (null without --bootstrap;
 * summary.json's top lists hold published entries only). */
static void add_intervals(cJSON *e, const nm_rank_entry *k, int have)
{
    if (!have) {
        cJSON_AddNullToObject(e, "rank_low");
        cJSON_AddNullToObject(e, "rank_high");
        cJSON_AddNullToObject(e, "demand_ci_low");
        cJSON_AddNullToObject(e, "demand_ci_high");
        return;
    }
    cJSON_AddNumberToObject(e, "rank_low", k->rank_lo);
    cJSON_AddNumberToObject(e, "rank_high", k->rank_hi);
    cJSON_AddNumberToObject(e, "demand_ci_low", k->demand_lo);
    cJSON_AddNumberToObject(e, "demand_ci_high", k->demand_hi);
}

static void add_number_or_null(cJSON *j, const char *name, double v)
{
    if (isnan(v))
        cJSON_AddNullToObject(j, name);
    else
        cJSON_AddNumberToObject(j, name, v);
}

/* A ranked entry's weighted estimate (null without a frame, or where the
 * frame has no stratum). */
static void add_weighted(cJSON *e, const nm_rank_entry *k, int weighted)
{
    int have = weighted && !isnan(k->weighted);
    add_number_or_null(e, "weighted_demand", have ? k->weighted : NAN);
    add_number_or_null(e, "weighted_se", have ? k->weighted_se : NAN);
    add_number_or_null(e, "weighted_ci_low", have ? k->weighted_lo : NAN);
    add_number_or_null(e, "weighted_ci_high", have ? k->weighted_hi : NAN);
    add_number_or_null(e, "response_rate", weighted ? k->response_rate : NAN);
    if (have)
        cJSON_AddBoolToObject(e, "low_response", k->low_response);
    else
        cJSON_AddNullToObject(e, "low_response");
}

/* The frame: its strata with how many answered, and the totals. */
static void add_frame(cJSON *j, const nm_frame *f, const nm_weighting *w,
                      const nm_refdata *ref, int internal)
{
    cJSON_AddStringToObject(j, "frame", nm_config_name(f->path, internal));
    cJSON_AddStringToObject(j, "estimator", "stratified_horvitz_thompson_fpc");
    cJSON_AddNumberToObject(j, "low_response_below", NM_LOW_RESPONSE);
    cJSON_AddNumberToObject(j, "units", (double)w->units);
    cJSON_AddNumberToObject(j, "units_outside_frame", (double)w->outside);
    cJSON_AddNumberToObject(j, "asked", (double)w->asked);
    cJSON_AddNumberToObject(j, "answered", (double)w->answered);
    add_number_or_null(j, "response_rate",
                       w->asked ? (double)w->answered / (double)w->asked : NAN);
    cJSON_AddNumberToObject(j, "strata_empty", (double)w->strata_empty);
    cJSON_AddNumberToObject(j, "strata_low_response", (double)w->strata_low);
    cJSON_AddNumberToObject(j, "design_df", (double)w->df);
    cJSON *a = cJSON_AddArrayToObject(j, "strata");
    for (size_t i = 0; i < f->n; i++) {
        const nm_stratum *s = &f->strata[i];
        const nm_municipality *m = nm_refdata_municipality(ref, s->municipality);
        cJSON *o = cJSON_CreateObject();
        cJSON_AddStringToObject(o, "municipality_code", s->municipality);
        cJSON_AddStringToObject(o, "municipality_name", m ? m->short_name : "");
        cJSON_AddStringToObject(o, "kind", s->kind < 0 ? "all" : nm_rkind_name((nm_rkind)s->kind));
        cJSON_AddNumberToObject(o, "asked", (double)s->asked);
        if (s->employees < 0)
            cJSON_AddNullToObject(o, "employees");
        else
            cJSON_AddNumberToObject(o, "employees", (double)s->employees);
        cJSON_AddNumberToObject(o, "answered", (double)s->answered);
        cJSON_AddNumberToObject(o, "respondents_in_inputs", (double)s->seen);
        cJSON_AddNumberToObject(o, "response_rate", (double)s->answered / (double)s->asked);
        cJSON_AddBoolToObject(o, "low_response",
                              (double)s->answered < NM_LOW_RESPONSE * (double)s->asked);
        cJSON_AddItemToArray(a, o);
    }
}

/* How sure the figures are: the bootstrap behind the intervals, and
 * whether figures are weighted (with a frame). */
static cJSON *uncertainty(const nm_rankings *r, const nm_run_facts *f, const nm_refdata *ref,
                          int internal)
{
    cJSON *j = cJSON_CreateObject();
    cJSON_AddNumberToObject(j, "bootstrap", r->bootstrap);
    if (r->bootstrap) {
        cJSON_AddNumberToObject(j, "seed", (double)r->seed);
        cJSON_AddStringToObject(j, "method", "poisson_bootstrap_over_respondents");
        cJSON_AddNumberToObject(j, "level", 0.95);
    } else {
        cJSON_AddNullToObject(j, "seed");
        cJSON_AddNullToObject(j, "method");
        cJSON_AddNullToObject(j, "level");
    }
    cJSON_AddBoolToObject(j, "weighted", f->frame != NULL);
    if (!f->frame) {
        cJSON_AddStringToObject(j, "weighting",
                                "unweighted: every respondent counts once, whatever the share "
                                "of those asked who answered (no --frame)");
        return j;
    }
    cJSON_AddStringToObject(j, "weighting",
                            "weighted: each respondent stands for those asked in its "
                            "municipality and kind who did not answer (--frame)");
    add_frame(j, f->frame, f->weighting, ref, internal);
    return j;
}

/* The share of demand in hidden detail cells is published only when it
 * follows from published figures anyway: every national total by need
 * published (hidden = totals - published detail cells).  Pooled tables
 * publish no share: it would add a relation between hidden figures. */
static int share_derivable(const nm_demand *d, const nm_suppression *s)
{
    nm_comp_key all = {0};
    for (int need = 0; need < NM_NEED_N; need++) {
        size_t c = nm_demand_find_rollup(d, NM_GEO_ALL, "SE", 0, &all, (nm_need)need);
        if (c != SIZE_MAX && nm_suppressed(s, c) != NM_PUBLISHED)
            return 0;
    }
    return 1;
}

static cJSON *disclosure_json(const nm_dc_summary *dc, const nm_demand *d,
                              const nm_suppression *s)
{
    cJSON *j = cJSON_CreateObject();
    cJSON_AddNumberToObject(j, "protection_percent", dc->protection);
    cJSON_AddNumberToObject(j, "hidden_figures_audited", (double)dc->hidden);
    cJSON_AddNumberToObject(j, "narrowed_below_protection", (double)dc->narrowed);
    cJSON_AddNumberToObject(j, "hidden_by_joint_suppression", (double)dc->added);
    cJSON *tables = cJSON_AddObjectToObject(j, "tables");
    for (int t = 0; t < NM_DC_TABLES; t++) {
        const nm_dc_table_stats *st = &dc->table[t];
        if (t == NM_DC_SCENARIO && !st->published && !st->hidden)
            continue; /* no --scenario */
        cJSON *e = cJSON_AddObjectToObject(tables, nm_dc_table_name((nm_dc_table)t));
        cJSON_AddNumberToObject(e, "published", (double)st->published);
        cJSON_AddNumberToObject(e, "suppressed", (double)st->hidden);
        if (t == NM_DC_DEMAND && st->demand > 0 && share_derivable(d, s))
            cJSON_AddNumberToObject(e, "demand_hidden_share",
                                    round(st->demand_hidden / st->demand * 1e4) / 1e4);
        else
            cJSON_AddNullToObject(e, "demand_hidden_share");
    }
    return j;
}

static cJSON *rankings(const nm_demand *d, const nm_suppression *s, const nm_rankings *r,
                       const nm_refdata *ref, int internal)
{
    cJSON *a = cJSON_CreateArray();
    for (size_t l = 0; l < r->n; l++) {
        const nm_ranking *list = &r->lists[l];
        cJSON *j = cJSON_CreateObject();
        cJSON_AddStringToObject(j, "geo_level", nm_geo_level_name(list->geo));
        cJSON_AddStringToObject(j, "geo_code", list->geo_code);
        cJSON_AddStringToObject(j, "geo_name", nm_geo_name(ref, list->geo, list->geo_code));
        cJSON_AddStringToObject(j, "need", nm_need_name(list->need));
        cJSON_AddNumberToObject(j, "competences", (double)list->n);
        cJSON *top = cJSON_AddArrayToObject(j, "top");
        for (size_t k = 0; k < list->n && k < TOP_N; k++) {
            if (!list->entries[k].rank)
                break;
            const nm_cell *c = nm_demand_cell_const(d, list->entries[k].cell);
            cJSON *e = cJSON_CreateObject();
            cJSON_AddNumberToObject(e, "rank", list->entries[k].rank);
            cJSON_AddStringToObject(e, "competence_code", c->comp.code);
            cJSON_AddStringToObject(e, "competence_label", nm_comp_key_label(ref, &c->comp, c->comp_level));
            nm_json_add_cell_values(e, c, nm_suppressed(s, list->entries[k].cell),
                                    s && nm_unknown_hidden(s, list->entries[k].cell), internal);
            add_intervals(e, &list->entries[k], r->bootstrap != 0);
            add_weighted(e, &list->entries[k], r->weighted);
            cJSON_AddItemToArray(top, e);
        }
        cJSON_AddItemToArray(a, j);
    }
    return a;
}

static cJSON *warnings(const nm_run_facts *f, const nm_output_opts *o)
{
    cJSON *a = cJSON_CreateArray();
    char buf[1600], name[NM_INPUT_LABEL_SIZE];
    for (size_t i = 0; i < f->nfiles; i++) {
        const nm_file_report *r = &f->files[i];
        const char *label = nm_input_label(o, i, r->path, name, sizeof name);
        if (r->status != NM_OK) {
            snprintf(buf, sizeof buf, "%s: not read completely: %s", label, r->error.msg);
            cJSON_AddItemToArray(a, cJSON_CreateString(buf));
        }
        if (r->info.dec.fallback_bytes) {
            snprintf(buf, sizeof buf, "%s: %llu byte(s) not valid UTF-8, read as Windows-1252",
                     label, (unsigned long long)r->info.dec.fallback_bytes);
            cJSON_AddItemToArray(a, cJSON_CreateString(buf));
        }
    }
    if (f->fuzzy_texts) {
        snprintf(buf, sizeof buf, "%llu occupation text(s) matched approximately: review them "
                 "with needmap validate", (unsigned long long)f->fuzzy_texts);
        cJSON_AddItemToArray(a, cJSON_CreateString(buf));
    }
    if (f->number_texts) {
        snprintf(buf, sizeof buf, "%llu occupation text(s) had a number in them, read without "
                 "it: is a count in the wrong column? (needmap validate names the rows)",
                 (unsigned long long)f->number_texts);
        cJSON_AddItemToArray(a, cJSON_CreateString(buf));
    }
    if (f->unclassified_texts) {
        snprintf(buf, sizeof buf, "%llu text(s) could not be classified and are counted as "
                 "\"Ej klassificerat\": add synonyms to classify them",
                 (unsigned long long)f->unclassified_texts);
        cJSON_AddItemToArray(a, cJSON_CreateString(buf));
    }
    return a;
}

static cJSON *rules_json(const nm_run_facts *f, int internal)
{
    cJSON *j = cJSON_CreateObject();
    if (f->rules_path)
        cJSON_AddStringToObject(j, "file", nm_config_name(f->rules_path, internal));
    if (f->distances_path)
        cJSON_AddStringToObject(j, "distances", nm_config_name(f->distances_path, internal));
    if (f->placements_path)
        cJSON_AddStringToObject(j, "placements", nm_config_name(f->placements_path, internal));
    nm_json_add_rules(j, f->rules);
    return j;
}

#define COHORTS_MARK "@@needmap-cohorts-list@@"

/* --- the cohorts array, written by hand ---
 *
 * 27,000 cohorts printed through cJSON cost more than the rest of the
 * run's output together (a sprintf and an sscanf per number).  They are
 * written here in exactly cJSON's unformatted form instead: keys in the
 * same order, strings escaped as cJSON escapes them, and numbers as
 * cJSON's print_number prints them (tests/golden compares the bytes). */

static void json_string(nm_buf *b, const char *s)
{
    nm_buf_putc(b, '"');
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        switch (*p) {
        case '"': nm_buf_puts(b, "\\\""); break;
        case '\\': nm_buf_puts(b, "\\\\"); break;
        case '\b': nm_buf_puts(b, "\\b"); break;
        case '\f': nm_buf_puts(b, "\\f"); break;
        case '\n': nm_buf_puts(b, "\\n"); break;
        case '\r': nm_buf_puts(b, "\\r"); break;
        case '\t': nm_buf_puts(b, "\\t"); break;
        default:
            if (*p < 32)
                nm_buf_printf(b, "\\u%04x", *p);
            else
                nm_buf_putc(b, (char)*p);
        }
    }
    nm_buf_putc(b, '"');
}

/* cJSON 1.7's print_number: an int as %d, else %1.15g if that reads back
 * as the same double, else %1.17g.  Values with at most four decimals and
 * ten integer digits (all of a cohort's) take a shortcut that gives the
 * same text: the double nearest such a decimal prints as that decimal in
 * 15 significant digits, and reads back as itself. */
static void put_fixed(nm_buf *b, int negative, unsigned long long a, int decimals)
{
    char t[32];
    nm_buf_puts(b, nm_fixed_text(t + sizeof t, negative, a, decimals, '.'));
}

static void json_number(nm_buf *b, double d)
{
    if (isnan(d) || isinf(d)) {
        nm_buf_puts(b, "null");
        return;
    }
    if (d > -2147483648.0 && d < 2147483647.0 && d == (double)(int)d) {
        int v = (int)d; /* as %d */
        put_fixed(b, v < 0, v < 0 ? 0ULL - (unsigned long long)(long long)v : (unsigned long long)v, 0);
        return;
    }
    double m = round(d * 1e4);
    if (fabs(d) < 1e10 && m / 1e4 == d && d > INT_MIN && d < INT_MAX) {
        long long w = (long long)m;
        put_fixed(b, w < 0, (unsigned long long)(w < 0 ? -w : w), 4);
        return;
    }
    char t[32];
    snprintf(t, sizeof t, "%1.15g", d);
    double back;
    if (sscanf(t, "%lg", &back) != 1 ||
        fabs(back - d) > fmax(fabs(back), fabs(d)) * DBL_EPSILON)
        snprintf(t, sizeof t, "%1.17g", d);
    nm_buf_puts(b, t);
}

static void json_key(nm_buf *b, const char *key)
{
    json_string(b, key);
    nm_buf_putc(b, ':');
}

static void json_number_or_null(nm_buf *b, int hidden, double v)
{
    if (hidden)
        nm_buf_puts(b, "null");
    else
        json_number(b, v);
}

/* One cohort, as cohort_json would print. */
static void cohort_text(nm_buf *b, const nm_cohort *c, size_t i, const nm_refdata *ref,
                        int internal)
{
    const nm_pool_key *k = &c->key;
    nm_buf_putc(b, '{');
    if (k->cluster >= 0) {
        json_key(b, "cluster");
        json_number(b, k->cluster);
        nm_buf_putc(b, ',');
        json_key(b, "cluster_label");
        json_string(b, k->comp.label ? k->comp.label : "");
    } else {
        json_key(b, "competence_code");
        json_string(b, k->comp.code);
        nm_buf_putc(b, ',');
        json_key(b, "competence_label");
        json_string(b, nm_comp_key_label(ref, &k->comp, 4));
    }
    nm_buf_putc(b, ',');
    json_key(b, "level");
    json_string(b, nm_level_name(k->level));
    nm_buf_puts(b, ",\"level_source\":");
    json_string(b, nm_level_source_name(c->level_inferred));
    nm_buf_putc(b, ',');
    json_key(b, "mode");
    json_string(b, nm_mode_name(k->mode));
    nm_buf_puts(b, ",\"mode_source\":");
    json_string(b, nm_mode_source_name(c->mode_assumed));
    nm_buf_puts(b, ",\"id\":");
    json_number(b, (double)(i + 1));
    nm_buf_puts(b, ",\"rank\":");
    json_number_or_null(b, c->hidden, (double)(i + 1));
    nm_buf_puts(b, ",\"hub\":");
    json_string(b, ref->munis[c->hub].code);
    nm_buf_puts(b, ",\"members\":[");
    for (size_t m = 0; m < c->nmembers; m++) {
        nm_buf_puts(b, m ? ",{\"code\":" : "{\"code\":");
        json_string(b, ref->munis[c->members[m]].code);
        nm_buf_puts(b, ",\"name\":");
        json_string(b, ref->munis[c->members[m]].short_name);
        nm_buf_putc(b, '}');
    }
    nm_buf_puts(b, "],\"max_km\":");
    json_number(b, (double)(long)(c->max_km + 0.5));
    nm_buf_puts(b, ",\"upskilling_students\":");
    json_number_or_null(b, c->hidden, c->upskilling);
    nm_buf_puts(b, ",\"interest_students\":");
    json_number_or_null(b, c->hidden, c->interest);
    nm_buf_puts(b, ",\"expected_enrolment\":");
    json_number_or_null(b, c->hidden, c->expected);
    nm_buf_puts(b, ",\"intakes\":");
    json_number_or_null(b, c->hidden, c->intakes);
    /* probabilities to 4 decimals, as people read them (CSV: 3) */
    nm_buf_puts(b, ",\"p_viable\":");
    json_number_or_null(b, c->hidden, round(c->p_viable * 1e4) / 1e4);
    nm_buf_puts(b, ",\"p_viable_low\":");
    json_number_or_null(b, c->hidden, round(c->p_viable_low * 1e4) / 1e4);
    nm_buf_puts(b, ",\"p_viable_high\":");
    json_number_or_null(b, c->hidden, round(c->p_viable_high * 1e4) / 1e4);
    nm_buf_puts(b, ",\"respondents\":");
    json_number_or_null(b, c->hidden, (double)c->respondents);
    nm_buf_puts(b, ",\"suppressed\":");
    json_string(b, nm_suppressed_word(c->hidden ? NM_SUPPRESSED_PRIMARY : NM_PUBLISHED, internal));
    nm_buf_puts(b, ",\"jobs\":");
    json_number_or_null(b, c->jobs_hidden, c->jobs);
    nm_buf_puts(b, ",\"jobs_respondents\":");
    json_number_or_null(b, c->jobs_hidden, (double)c->jobs_respondents);
    nm_buf_puts(b, ",\"jobs_suppressed\":");
    json_string(b, nm_suppressed_word(c->jobs_hidden ? NM_SUPPRESSED_PRIMARY : NM_PUBLISHED,
                                      internal));
    nm_buf_puts(b, nm_cohort_open_admission(c) ? ",\"open_admission\":true"
                                               : ",\"open_admission\":false");
    nm_buf_puts(b, ",\"solver_status\":");
    json_string(b, c->solver_status ? "limit" : "optimal");
    nm_buf_puts(b, ",\"solver_gap\":");
    json_number_or_null(b, c->hidden, round(c->solver_gap * 1e4) / 1e4);
    if (c->placements >= 0) { /* --placements named its competence */
        nm_buf_puts(b, ",\"placements\":"); /* hidden: it bounds the students */
        json_number_or_null(b, c->hidden || c->placements_hidden, c->placements);
        nm_buf_puts(b, c->placements_bind ? ",\"placements_bind\":true"
                                          : ",\"placements_bind\":false");
    }
    nm_buf_putc(b, '}');
}

/* The cohorts array, streamed in place of the mark. */
static void write_cohorts(FILE *f, const nm_pool *p, const nm_refdata *ref, int internal)
{
    nm_buf b = {0};
    fputc('[', f);
    for (size_t i = 0; i < p->ncohorts; i++) {
        nm_buf_reset(&b);
        nm_buf_puts(&b, i ? ",\n\t\t\t" : "\n\t\t\t");
        cohort_text(&b, &p->cohorts[i], i, ref, internal);
        fwrite(b.data, 1, b.len, f);
    }
    fputs(p->ncohorts ? "\n\t\t]" : "]", f);
    nm_buf_free(&b);
}

static cJSON *number_or_null(int hidden, double v)
{
    return hidden ? cJSON_CreateNull() : cJSON_CreateNumber(v);
}

/* Groups with jobs but no cohort, each with its plain-words statement. */
static cJSON *open_json(const nm_pool *p, const nm_refdata *ref, int internal)
{
    cJSON *a = cJSON_CreateArray();
    nm_buf b = {0};
    for (size_t i = 0; i < p->nopen; i++) {
        const nm_open_group *o = &p->open[i];
        cJSON *e = cJSON_CreateObject();
        if (o->key.cluster >= 0) {
            cJSON_AddNumberToObject(e, "cluster", o->key.cluster);
            cJSON_AddStringToObject(e, "cluster_label", o->key.comp.label ? o->key.comp.label : "");
        } else {
            cJSON_AddStringToObject(e, "competence_code", o->key.comp.code);
            cJSON_AddStringToObject(e, "competence_label", nm_comp_key_label(ref, &o->key.comp, 4));
        }
        cJSON_AddStringToObject(e, "level", nm_level_name(o->key.level));
        cJSON_AddStringToObject(e, "level_source", nm_level_source_name(o->level_inferred));
        cJSON_AddStringToObject(e, "mode", nm_mode_name(o->key.mode));
        cJSON_AddStringToObject(e, "mode_source", nm_mode_source_name(o->mode_assumed));
        cJSON_AddItemToObject(e, "jobs", number_or_null(o->jobs_hidden, o->jobs));
        cJSON_AddItemToObject(e, "jobs_respondents",
                              number_or_null(o->jobs_hidden, (double)o->jobs_respondents));
        cJSON_AddNumberToObject(e, "municipalities_with_jobs", (double)o->nmunis);
        cJSON_AddItemToObject(e, "upskilling_students", number_or_null(o->hidden, o->upskilling));
        cJSON_AddItemToObject(e, "interest_students", number_or_null(o->hidden, o->interest));
        cJSON_AddItemToObject(e, "expected_enrolment", number_or_null(o->hidden, o->expected));
        cJSON_AddNumberToObject(e, "min_size", o->min_size);
        cJSON_AddItemToObject(e, "respondents", number_or_null(o->hidden, (double)o->respondents));
        cJSON_AddStringToObject(e, "suppressed", nm_suppressed_word(
                                    o->hidden ? NM_SUPPRESSED_PRIMARY : NM_PUBLISHED, internal));
        cJSON_AddStringToObject(e, "jobs_suppressed", nm_suppressed_word(
                                    o->jobs_hidden ? NM_SUPPRESSED_PRIMARY : NM_PUBLISHED, internal));
        nm_buf_reset(&b);
        nm_open_reason(&b, o, 0);
        cJSON_AddStringToObject(e, "reason", nm_buf_str(&b));
        cJSON_AddItemToArray(a, e);
    }
    nm_buf_free(&b);
    return a;
}

static cJSON *cohorts_json(const nm_run_facts *f, const nm_refdata *ref, int internal)
{
    const nm_pool *p = f->pool;
    cJSON *j = cJSON_CreateObject();
    cJSON_AddItemToObject(j, "rules", rules_json(f, internal));
    cJSON_AddNumberToObject(j, "groups", (double)p->groups);
    /* exact pooling: how many groups are proven optimal (pool_exact.h) */
    cJSON *solver = cJSON_AddObjectToObject(j, "solver");
    cJSON_AddNumberToObject(solver, "groups_optimal", (double)(p->groups - p->groups_limit));
    cJSON_AddNumberToObject(solver, "groups_limit", (double)p->groups_limit);
    cJSON_AddNumberToObject(solver, "worst_gap", round(p->worst_gap * 1e4) / 1e4);
    if (f->placements_path) /* groups that would place more without placements */
        cJSON_AddNumberToObject(j, "groups_placements_bind", (double)p->groups_placements);
    cJSON_AddNumberToObject(solver, "node_limit", f->rules->pool_nodes > 0
                                                      ? (double)f->rules->pool_nodes
                                                      : (double)NM_POOL_DEFAULT_NODES);
    if (f->rules->pool_seconds > 0)
        cJSON_AddNumberToObject(solver, "time_limit_s", f->rules->pool_seconds);
    else
        cJSON_AddNullToObject(solver, "time_limit_s");
    /* the console line's count: cohorts.csv rows, and those with hidden figures */
    nm_run_counts counts;
    nm_run_counts_get(f, &counts);
    cJSON *viable = cJSON_AddObjectToObject(j, "viable_cohorts");
    cJSON_AddNumberToObject(viable, "rows", (double)counts.cohorts);
    cJSON_AddNumberToObject(viable, "rows_hidden", (double)counts.cohorts_hidden);
    /* the list is written by write_cohorts, one cohort at a time: a
     * national run has tens of thousands and the tree would hold them all */
    cJSON_AddStringToObject(j, "cohorts", COHORTS_MARK);
    /* residual.csv has every row; the summary says how many and how many
     * potential students they hold (published rows only) */
    double left_up = 0, left_in = 0; /* each kind apart: no figure adds need types */
    uint64_t hidden = 0;
    for (size_t i = 0; i < p->nresidual; i++) {
        hidden += p->residual[i].hidden != 0;
        if (!p->residual[i].hidden) {
            left_up += p->residual[i].upskilling;
            left_in += p->residual[i].interest;
        }
    }
    cJSON *res = cJSON_AddObjectToObject(j, "residual");
    cJSON_AddNumberToObject(res, "rows", (double)p->nresidual);
    cJSON_AddNumberToObject(res, "rows_hidden", (double)hidden);
    cJSON_AddNumberToObject(res, "upskilling_published", left_up);
    cJSON_AddNumberToObject(res, "interest_published", left_in);
    cJSON_AddItemToObject(j, "open_admission", open_json(p, ref, internal));
    return j;
}

void nm_write_summary_json(FILE *f, const nm_run_facts *facts, const nm_demand *d,
                           const nm_rankings *r, const nm_refdata *ref,
                           const nm_output_opts *o)
{
    cJSON *j = cJSON_CreateObject();
    if (o->internal)
        cJSON_AddStringToObject(j, "INTERNAL", "internal use only: no cells suppressed; do "
                                               "not publish or share");
    cJSON *tool = cJSON_AddObjectToObject(j, "needmap");
    cJSON_AddStringToObject(tool, "version", NEEDMAP_VERSION);
    cJSON_AddNumberToObject(tool, "summary_format", SUMMARY_FORMAT);
    cJSON_AddItemToObject(j, "options", options(facts, o));
    cJSON *inputs = cJSON_AddArrayToObject(j, "inputs");
    for (size_t i = 0; i < facts->nfiles; i++)
        cJSON_AddItemToArray(inputs, input(&facts->files[i], i, o));
    cJSON *totals = accounting_totals(facts);
    cJSON_AddItemToObject(totals, "demand", demand_totals(d, facts->suppression, o->internal));
    cJSON_AddItemToObject(j, "totals", totals);
    cJSON *priv = cJSON_AddObjectToObject(j, "privacy");
    const nm_suppression *s = facts->suppression;
    cJSON_AddNumberToObject(priv, "min_respondents", (double)s->min_respondents);
    if (s->publish) /* absent: the default, municipality */
        cJSON_AddStringToObject(priv, "publish", nm_publish_name(s->publish));
    cJSON_AddNumberToObject(priv, "cells", (double)s->stats.cells);
    cJSON_AddNumberToObject(priv, "suppressed_primary", (double)s->stats.primary);
    cJSON_AddNumberToObject(priv, "suppressed_secondary", (double)s->stats.secondary);
    if (facts->disclosure)
        cJSON_AddItemToObject(priv, "disclosure", disclosure_json(facts->disclosure, d, s));
    cJSON_AddItemToObject(j, "rankings", rankings(d, s, r, ref, o->internal));
    cJSON_AddItemToObject(j, "uncertainty", uncertainty(r, facts, ref, o->internal));
    if (facts->clusters)
        cJSON_AddItemToObject(j, "clusters", nm_clusters_json(facts->clusters, d, s, ref, o->internal));
    if (facts->pool)
        cJSON_AddItemToObject(j, "pooling", cohorts_json(facts, ref, o->internal));
    if (facts->scenarios)
        cJSON_AddItemToObject(j, "scenarios", nm_scenarios_json(facts, o->internal));
    cJSON_AddItemToObject(j, "warnings", warnings(facts, o));
    char *text = cJSON_Print(j);
    cJSON_Delete(j);
    /* the mark stands after "pooling" (paths earlier in the file cannot
     * be taken for it) */
    char *pooling = facts->pool ? strstr(text, "\"pooling\":") : NULL;
    char *mark = pooling ? strstr(pooling, "\"" COHORTS_MARK "\"") : NULL;
    if (mark) {
        fwrite(text, 1, (size_t)(mark - text), f);
        write_cohorts(f, facts->pool, ref, o->internal);
        fputs(mark + strlen(COHORTS_MARK) + 2, f);
    } else {
        fputs(text, f);
    }
    fputc('\n', f);
    free(text);
}
