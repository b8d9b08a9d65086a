/* test_cluster_write.c - clusters.csv and the summary's "clusters" member
 * (cluster_write.h): their layout, and that the privacy rules of the demand
 * table reach cluster totals. */
#include <cjson/cJSON.h>
#include <gsl/gsl_errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "needmap/cluster.h"
#include "needmap/cluster_write.h"
#include "needmap/disclosure.h"

#include "check.h"
#include "synth.h"

static nm_refdata *ref;

enum { MAX_ROWS = 256, MAX_FIELDS = 32 };

/* A parsed CSV file: fields point into text. */
typedef struct csv {
    char *text;
    char *field[MAX_ROWS][MAX_FIELDS];
    int nfields[MAX_ROWS];
    int nrows;
} csv;

/* RFC 4180, enough for needmap's own output: quoted fields, CRLF. */
static void csv_parse(csv *c, char delim)
{
    char *in = c->text, *out = c->text;
    c->nrows = 0;
    while (*in && c->nrows < MAX_ROWS) {
        int r = c->nrows++, f = 0;
        for (;;) {
            char *start = out;
            if (*in == '"') {
                for (in++; *in && !(in[0] == '"' && in[1] != '"'); in++)
                    *out++ = *in == '"' ? *in++ : *in;
                in++;
            } else {
                while (*in && *in != delim && *in != '\r' && *in != '\n')
                    *out++ = *in++;
            }
            char end = *in;
            *out++ = '\0';
            if (f < MAX_FIELDS)
                c->field[r][f++] = start;
            in += end != '\0';
            if (end != delim) {
                in += end == '\r' && *in == '\n';
                break;
            }
        }
        c->nfields[r] = f;
    }
}

/* The column of a header name, or -1. */
static int col(const csv *c, const char *name)
{
    for (int f = 0; f < c->nfields[0]; f++)
        if (strcmp(c->field[0][f], name) == 0)
            return f;
    return -1;
}

static const char *at(const csv *c, int row, const char *name)
{
    int f = col(c, name);
    return f >= 0 && f < c->nfields[row] ? c->field[row][f] : "(missing)";
}

/* Needs of one competence, one employer in each of n municipalities. */
static void needs(synth *s, const char *comp, const char *const *munis, size_t n,
                  unsigned employers, double count)
{
    for (size_t m = 0; m < n; m++)
        for (unsigned e = 0; e < employers; e++)
            synth_add(s, munis[m], comp, count, NM_NEED_RECRUITMENT,
                      synth_respondent(munis[m], e));
}

static const char *const north[] = {"2584", "2523", "2521"};
static const char *const west[] = {"2480", "2482", "2481"};
static const char *const south[] = {"1280", "1281", "1283"};
static const char *const stockholm[] = {"0114"};

/* A finished table and its suppression, as the writers take them. */
typedef struct table {
    nm_demand *d;
    nm_suppression s;
} table;

/* The records' table, suppressed with k respondents. */
static table table_of(const synth *s, unsigned k)
{
    table t = {synth_table(ref, s), {0}};
    nm_privacy_apply(t.d, k, NULL, &t.s);
    return t;
}

static void table_free(table *t)
{
    nm_suppression_free(&t->s);
    nm_demand_free(t->d);
}

/* Three blocks with nothing in common, and one lone competence:
 *   north: 5321 (one respondent), 8332, 7233;
 *   west:  5325, 2341, 2343;
 *   south: 2512 and 2516 (one respondent each), 3512;
 *   0114:  8111, alone.
 * Suppressed with k respondents; the table's secondary suppression then
 * hides more members along the SSYK hierarchy and the geography. */
static table privacy_table(unsigned k)
{
    synth s = {0};
    needs(&s, "5321", north, 1, 1, 6);
    needs(&s, "8332", north, 3, 3, 2);
    needs(&s, "7233", north, 2, 3, 1);
    needs(&s, "5325", west, 3, 3, 1);
    needs(&s, "2341", west, 3, 3, 4);
    needs(&s, "2343", west, 2, 3, 2);
    needs(&s, "2512", south, 1, 1, 3);
    needs(&s, "2516", south + 1, 1, 1, 2);
    needs(&s, "3512", south, 3, 3, 2);
    needs(&s, "8111", stockholm, 1, 3, 4);
    table t = table_of(&s, k);
    synth_free(&s);
    return t;
}

/* Hide a competence's national cells by hand, so a test decides exactly
 * which members are hidden (the writers read nothing but the flags). */
static void hide(table *t, const char *code)
{
    for (size_t i = 0; i < nm_demand_count(t->d); i++) {
        const nm_cell *c = nm_demand_cell_const(t->d, i);
        if (c->rollup && c->geo == NM_GEO_ALL && c->comp_level == 4 &&
            strcmp(c->comp.code, code) == 0)
            t->s.flag[i] = NM_SUPPRESSED_PRIMARY;
    }
}

/* The privacy table unsuppressed, then 5321 hidden (the only hidden member
 * of north) and 2512 and 2516 (two hidden members of south); totals need 3
 * respondents. */
static table hand_hidden_table(void)
{
    table t = privacy_table(0);
    t.s.min_respondents = 3;
    hide(&t, "5321");
    hide(&t, "2512");
    hide(&t, "2516");
    return t;
}

/* Which totals are hidden, as a run decides it: the disclosure model
 * (disclosure.h) writes its decision into the clusters, which
 * clusters.c only reads. */
static void decide(nm_clusters *c, const table *tb)
{
    nm_dc_model m;
    nm_dc_model_build(tb->d, ref, &tb->s, NULL, NULL, NULL, c, &m);
    nm_dc_apply(&m, NULL, NULL, c);
    nm_dc_model_free(&m);
}

static nm_clusters clusters_of(const table *tb)
{
    nm_cluster_opts o;
    nm_cluster_opts_default(&o);
    o.taxonomy_weight = 0;
    o.k = 3;
    nm_clusters c;
    nm_error err;
    CHECK_INT_EQ(nm_cluster_build(tb->d, ref, &o, &c, &err), NM_OK);
    decide(&c, tb);
    return c;
}

static void write_csv(csv *out, const nm_clusters *c, const table *tb, int excel,
                      int internal)
{
    size_t len = 0;
    FILE *f = open_memstream(&out->text, &len);
    nm_output_opts o = {.excel = excel, .internal = internal, .min_respondents = 3};
    nm_write_clusters_csv(f, c, tb->d, &tb->s, ref, &o);
    fclose(f);
}

static void the_csv_has_one_row_per_need_type_cluster_and_member(void)
{
    static const char *const header =
        "cluster_id,cluster_label,cluster_size,cluster_silhouette,cluster_stability,"
        "cluster_strength,need,cluster_rank,"
        "cluster_demand,cluster_demand_low,cluster_demand_high,cluster_needs_without_count,"
        "cluster_respondents,cluster_suppressed,competence_kind,competence_code,"
        "competence_label,silhouette,demand,demand_low,demand_high,needs_without_count,needs,"
        "respondents,suppressed\r\n";
    table tb = privacy_table(3);
    nm_clusters c = clusters_of(&tb);
    csv t;
    write_csv(&t, &c, &tb, 0, 0);
    CHECK(strncmp(t.text, header, strlen(header)) == 0);
    csv_parse(&t, ',');
    CHECK_INT_EQ(t.nrows, 1 + 10); /* recruitment only: 9 grouped + 1 alone */
    CHECK_INT_EQ(c.n, 3);
    CHECK_INT_EQ(c.nungrouped, 1);
    for (int r = 1; r < t.nrows; r++) {
        CHECK_INT_EQ(t.nfields[r], 25);
        CHECK_STR_EQ(at(&t, r, "need"), "recruitment");
    }
    CHECK_STR_EQ(at(&t, 10, "cluster_label"), "Ej grupperad");
    CHECK_STR_EQ(at(&t, 10, "cluster_id"), "");
    CHECK_STR_EQ(at(&t, 10, "competence_code"), "8111");
    CHECK_STR_EQ(at(&t, 10, "demand"), "12");
    CHECK_STR_EQ(at(&t, 10, "silhouette"), "");
    CHECK_STR_EQ(at(&t, 10, "cluster_stability"), "");
    CHECK_STR_EQ(at(&t, 10, "cluster_strength"), "");
    free(t.text);
    nm_clusters_free(&c);
    table_free(&tb);
}

/* Members' cells of a need type that are hidden, per cluster. */
static int hidden_members(const nm_cluster *cl, const table *tb, int need)
{
    int n = 0;
    for (size_t i = 0; i < cl->n; i++)
        if (cl->members[i].cell[need] != SIZE_MAX &&
            nm_suppressed(&tb->s, cl->members[i].cell[need]) != NM_PUBLISHED)
            n++;
    return n;
}

/* The cluster id of a CSV row holding a competence. */
static const char *row_of(const csv *t, const char *code, const char *column)
{
    for (int r = 1; r < t->nrows; r++)
        if (strcmp(at(t, r, "competence_code"), code) == 0)
            return at(t, r, column);
    return "(no row)";
}

static void a_cluster_total_is_hidden_when_exactly_one_member_is_hidden(void)
{
    table tb = hand_hidden_table();
    nm_clusters c = clusters_of(&tb);
    csv t;
    write_csv(&t, &c, &tb, 0, 0);
    csv_parse(&t, ',');
    /* north: 5321 alone is hidden, so the total would give it away */
    /* published: `..` for every figure, respondents too, and only "yes" */
    CHECK_STR_EQ(row_of(&t, "8332", "cluster_suppressed"), "yes");
    CHECK_STR_EQ(row_of(&t, "8332", "cluster_demand"), "..");
    CHECK_STR_EQ(row_of(&t, "8332", "cluster_respondents"), "..");
    CHECK_STR_EQ(row_of(&t, "8332", "cluster_rank"), "");
    CHECK_STR_EQ(row_of(&t, "5321", "demand"), "..");
    CHECK_STR_EQ(row_of(&t, "5321", "suppressed"), "yes");
    CHECK_STR_EQ(row_of(&t, "5321", "respondents"), "..");
    CHECK_STR_EQ(row_of(&t, "8332", "demand"), "18");
    /* south: two hidden members; their sum is no one's figure */
    CHECK_STR_EQ(row_of(&t, "3512", "cluster_suppressed"), "");
    CHECK_STR_EQ(row_of(&t, "3512", "cluster_demand"), "23");
    CHECK_STR_EQ(row_of(&t, "2512", "demand"), "..");
    /* west: nothing hidden */
    CHECK_STR_EQ(row_of(&t, "2341", "cluster_demand"), "57");
    free(t.text);
    nm_clusters_free(&c);
    table_free(&tb);
}

static void with_the_tables_own_suppression_the_rule_holds_for_every_cluster(void)
{
    table tb = privacy_table(3);
    nm_clusters c = clusters_of(&tb);
    csv t;
    write_csv(&t, &c, &tb, 0, 1); /* internal words: primary or secondary */
    csv_parse(&t, ',');
    for (int r = 1; r < t.nrows; r++) {
        const char *id = at(&t, r, "cluster_id");
        if (!id[0])
            continue;
        int hidden = hidden_members(&c.list[atoi(id) - 1], &tb, NM_NEED_RECRUITMENT);
        int resp = atoi(at(&t, r, "cluster_respondents")), few = resp > 0 && resp < 3;
        const char *why = few ? "primary" : hidden == 1 ? "secondary" : "";
        CHECK_STR_EQ(at(&t, r, "cluster_suppressed"), why);
        CHECK_INT_EQ(strcmp(at(&t, r, "cluster_demand"), "..") == 0, why[0] != '\0');
        CHECK_INT_EQ(at(&t, r, "cluster_rank")[0] == '\0', why[0] != '\0');
    }
    free(t.text);
    nm_clusters_free(&c);
    table_free(&tb);
}

static void a_cluster_total_with_fewer_respondents_than_k_is_hidden(void)
{
    /* One employer in Kiruna alone asks for both: each cell is hidden, and
     * so must their sum be, though two members are hidden. */
    synth s = {0};
    synth_add(&s, "2584", "5321", 4, NM_NEED_RECRUITMENT, synth_respondent("2584", 0));
    synth_add(&s, "2584", "8332", 2, NM_NEED_RECRUITMENT, synth_respondent("2584", 0));
    table tb = table_of(&s, 3);
    nm_clusters c;
    nm_error err;
    CHECK_INT_EQ(nm_cluster_build(tb.d, ref, NULL, &c, &err), NM_OK);
    decide(&c, &tb);
    CHECK_INT_EQ(c.n, 1);
    csv t;
    write_csv(&t, &c, &tb, 0, 0);
    csv_parse(&t, ',');
    CHECK_INT_EQ(t.nrows, 3);
    CHECK_STR_EQ(at(&t, 1, "cluster_respondents"), "..");
    CHECK_STR_EQ(at(&t, 1, "cluster_suppressed"), "yes");
    CHECK_STR_EQ(at(&t, 1, "cluster_demand"), "..");
    free(t.text);
    nm_clusters_free(&c);
    table_free(&tb);
    tb = table_of(&s, 0); /* --internal */
    CHECK_INT_EQ(nm_cluster_build(tb.d, ref, NULL, &c, &err), NM_OK);
    decide(&c, &tb);
    write_csv(&t, &c, &tb, 0, 1);
    csv_parse(&t, ',');
    CHECK_STR_EQ(at(&t, 1, "cluster_suppressed"), "");
    CHECK_STR_EQ(at(&t, 1, "cluster_demand"), "6");
    free(t.text);
    nm_clusters_free(&c);
    table_free(&tb);
    synth_free(&s);
}

static void a_cluster_without_answers_of_a_need_type_totals_0(void)
{
    synth s = {0};
    needs(&s, "5321", north, 3, 3, 4);
    needs(&s, "5323", north, 3, 3, 2);
    needs(&s, "2512", west, 3, 3, 3);
    needs(&s, "2516", west, 3, 3, 1);
    for (unsigned e = 0; e < 3; e++) /* upskilling only in the west */
        synth_add(&s, "2480", "2512", 5, NM_NEED_UPSKILLING, synth_respondent("2480", e));
    table tb = table_of(&s, 3);
    nm_clusters c;
    nm_error err;
    CHECK_INT_EQ(nm_cluster_build(tb.d, ref, NULL, &c, &err), NM_OK);
    decide(&c, &tb);
    CHECK_INT_EQ(c.n, 2);
    csv t;
    write_csv(&t, &c, &tb, 0, 0);
    csv_parse(&t, ',');
    CHECK_INT_EQ(t.nrows, 1 + 2 * 4);
    CHECK_STR_EQ(at(&t, 5, "need"), "upskilling");
    for (int r = 5; r < t.nrows; r++) {
        int care = at(&t, r, "competence_code")[0] == '5';
        CHECK_STR_EQ(at(&t, r, "cluster_demand"), care ? "0" : "15");
        CHECK_STR_EQ(at(&t, r, "cluster_respondents"), care ? "0" : "3");
        CHECK_STR_EQ(at(&t, r, "cluster_suppressed"), "");
    }
    free(t.text);
    nm_clusters_free(&c);
    table_free(&tb);
    synth_free(&s);
}

static void a_members_figures_are_published_exactly_when_its_cell_is(void)
{
    table tb = privacy_table(3);
    nm_clusters c = clusters_of(&tb);
    csv t;
    write_csv(&t, &c, &tb, 0, 0);
    csv_parse(&t, ',');
    int hidden = 0;
    for (size_t k = 0; k < c.n; k++) {
        for (size_t i = 0; i < c.list[k].n; i++) {
            nm_suppress flag =
                nm_suppressed(&tb.s, c.list[k].members[i].cell[NM_NEED_RECRUITMENT]);
            const char *code = c.list[k].members[i].comp.code;
            CHECK_STR_EQ(row_of(&t, code, "suppressed"), nm_suppressed_word(flag, 0));
            CHECK_INT_EQ(strcmp(row_of(&t, code, "demand"), "..") == 0, flag != NM_PUBLISHED);
            CHECK_INT_EQ(strcmp(row_of(&t, code, "respondents"), "..") == 0,
                         flag != NM_PUBLISHED);
            hidden += flag != NM_PUBLISHED;
        }
    }
    CHECK(hidden >= 3);
    free(t.text);
    nm_clusters_free(&c);
    table_free(&tb);
}

static void published_totals_are_ranked_and_hidden_ones_come_last(void)
{
    table tb = hand_hidden_table();
    nm_clusters c = clusters_of(&tb);
    csv t;
    write_csv(&t, &c, &tb, 0, 0);
    csv_parse(&t, ',');
    int last_rank = 0, seen_hidden = 0;
    double last_demand = 1e300;
    for (int r = 1; r < t.nrows; r++) {
        if (!at(&t, r, "cluster_id")[0])
            continue;
        const char *rank = at(&t, r, "cluster_rank");
        if (!rank[0]) {
            seen_hidden = 1;
            continue;
        }
        CHECK(!seen_hidden);
        CHECK(atoi(rank) >= last_rank);
        CHECK(atof(at(&t, r, "cluster_demand")) <= last_demand);
        last_rank = atoi(rank);
        last_demand = atof(at(&t, r, "cluster_demand"));
    }
    CHECK_INT_EQ(last_rank, 2); /* west 57, south 23; north hidden */
    CHECK(seen_hidden);
    free(t.text);
    nm_clusters_free(&c);
    table_free(&tb);
}

static void without_suppression_every_total_is_published_and_ranked(void)
{
    table tb = privacy_table(0);
    nm_clusters c = clusters_of(&tb);
    csv t;
    write_csv(&t, &c, &tb, 0, 1);
    CHECK(strncmp(t.text, "internal_use_only,cluster_id,", 29) == 0);
    csv_parse(&t, ',');
    int ranks[4] = {0};
    for (int r = 1; r < t.nrows; r++) {
        CHECK_STR_EQ(at(&t, r, "internal_use_only"), "yes");
        CHECK_STR_EQ(at(&t, r, "suppressed"), "");
        if (at(&t, r, "cluster_id")[0]) {
            int rank = atoi(at(&t, r, "cluster_rank"));
            CHECK(rank >= 1 && rank <= 3);
            ranks[rank] = atoi(at(&t, r, "cluster_id"));
        }
    }
    CHECK(ranks[1] && ranks[2] && ranks[3]);
    free(t.text);
    nm_clusters_free(&c);
    table_free(&tb);
}

static void the_excel_variant_uses_semicolons_a_bom_and_decimal_commas(void)
{
    table tb = privacy_table(3);
    nm_clusters c = clusters_of(&tb);
    csv t;
    write_csv(&t, &c, &tb, 1, 0);
    CHECK(strncmp(t.text, "\xEF\xBB\xBF" "cluster_id;cluster_label;", 28) == 0);
    memmove(t.text, t.text + 3, strlen(t.text + 3) + 1);
    csv_parse(&t, ';');
    int decimal_comma = 0;
    for (int r = 1; r < t.nrows; r++) {
        CHECK(strchr(at(&t, r, "silhouette"), '.') == NULL);
        decimal_comma |= strchr(at(&t, r, "silhouette"), ',') != NULL;
    }
    CHECK(decimal_comma);
    free(t.text);
    nm_clusters_free(&c);
    table_free(&tb);
}

static cJSON *cluster_json(cJSON *j, int id)
{
    return cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(j, "clusters"), id - 1);
}

static void the_json_says_how_k_was_chosen_and_holds_the_same_figures(void)
{
    table tb = hand_hidden_table();
    nm_clusters c = clusters_of(&tb);
    cJSON *j = nm_clusters_json(&c, tb.d, &tb.s, ref, 0);
    CHECK_INT_EQ(cJSON_GetObjectItemCaseSensitive(j, "k")->valuedouble, 3);
    CHECK_STR_EQ(cJSON_GetObjectItemCaseSensitive(j, "k_chosen_by")->valuestring, "option");
    CHECK_INT_EQ(cJSON_GetObjectItemCaseSensitive(j, "components")->valuedouble, 3);
    cJSON *opts = cJSON_GetObjectItemCaseSensitive(j, "options");
    CHECK_INT_EQ(cJSON_GetObjectItemCaseSensitive(opts, "clusters")->valuedouble, 3);
    CHECK_INT_EQ(cJSON_GetObjectItemCaseSensitive(opts, "seed")->valuedouble, 1);
    CHECK(cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(j, "eigenvalues")) == 9);
    CHECK(cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(j, "notes")) >= 1);
    CHECK(cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(j, "ungrouped")) == 1);
    for (size_t k = 0; k < c.n; k++) {
        cJSON *cl = cluster_json(j, c.list[k].id);
        CHECK_STR_EQ(cJSON_GetObjectItemCaseSensitive(cl, "label")->valuestring, c.list[k].label);
        cJSON *rec = cJSON_GetObjectItemCaseSensitive(
            cJSON_GetObjectItemCaseSensitive(cl, "totals"), "recruitment");
        int hidden = hidden_members(&c.list[k], &tb, NM_NEED_RECRUITMENT) == 1;
        CHECK_INT_EQ(cJSON_IsNull(cJSON_GetObjectItemCaseSensitive(rec, "demand")), hidden);
        CHECK_INT_EQ(cJSON_IsNull(cJSON_GetObjectItemCaseSensitive(rec, "rank")), hidden);
        CHECK_INT_EQ(cJSON_IsNull(cJSON_GetObjectItemCaseSensitive(rec, "respondents")), hidden);
        CHECK_STR_EQ(cJSON_GetObjectItemCaseSensitive(rec, "suppressed")->valuestring,
                     hidden ? "yes" : "");
        cJSON *members = cJSON_GetObjectItemCaseSensitive(cl, "members");
        CHECK_INT_EQ(cJSON_GetArraySize(members), (int)c.list[k].n);
    }
    char *text = cJSON_PrintUnformatted(j);
    CHECK(strstr(text, "nan") == NULL && strstr(text, "inf") == NULL);
    CHECK_CONTAINS(text, "\"competence_code\":\"5321\",\"competence_label\":\"Undersköterskor, "
                         "hemtjänst, hemsjukvård och äldreboende\"");
    CHECK_CONTAINS(text, "\"recruitment\":{\"demand\":null,\"demand_low\":null");
    /* a hidden member publishes neither its size nor why it is hidden */
    CHECK_CONTAINS(text, "\"needs\":null,\"respondents\":null,\"suppressed\":\"yes\"");
    CHECK(strstr(text, "primary") == NULL && strstr(text, "secondary") == NULL);
    free(text);
    cJSON_Delete(j);
    nm_clusters_free(&c);
    table_free(&tb);
}

static void an_empty_result_writes_a_header_and_an_empty_json(void)
{
    synth s = {0};
    table tb = table_of(&s, 3);
    nm_clusters c;
    nm_error err;
    CHECK_INT_EQ(nm_cluster_build(tb.d, ref, NULL, &c, &err), NM_OK);
    decide(&c, &tb);
    csv t;
    write_csv(&t, &c, &tb, 0, 0);
    csv_parse(&t, ',');
    CHECK_INT_EQ(t.nrows, 1);
    cJSON *j = nm_clusters_json(&c, tb.d, &tb.s, ref, 0);
    char *text = cJSON_PrintUnformatted(j);
    CHECK_CONTAINS(text, "\"k\":0,\"k_chosen_by\":\"none\"");
    CHECK_CONTAINS(text, "\"silhouette_mean\":null");
    CHECK_CONTAINS(text, "\"clusters\":[],\"ungrouped\":[]");
    free(text);
    cJSON_Delete(j);
    free(t.text);
    nm_clusters_free(&c);
    table_free(&tb);
}

int main(void)
{
    gsl_set_error_handler_off(); /* as main.c: statuses are checked */
    nm_error err;
    if (nm_refdata_load(&ref, &err) != NM_OK) {
        fprintf(stderr, "reference data: %s\n", err.msg);
        return 2;
    }
    RUN(the_csv_has_one_row_per_need_type_cluster_and_member);
    RUN(a_cluster_total_is_hidden_when_exactly_one_member_is_hidden);
    RUN(with_the_tables_own_suppression_the_rule_holds_for_every_cluster);
    RUN(a_cluster_total_with_fewer_respondents_than_k_is_hidden);
    RUN(a_cluster_without_answers_of_a_need_type_totals_0);
    RUN(a_members_figures_are_published_exactly_when_its_cell_is);
    RUN(published_totals_are_ranked_and_hidden_ones_come_last);
    RUN(without_suppression_every_total_is_published_and_ranked);
    RUN(the_excel_variant_uses_semicolons_a_bom_and_decimal_commas);
    RUN(the_json_says_how_k_was_chosen_and_holds_the_same_figures);
    RUN(an_empty_result_writes_a_header_and_an_empty_json);
    nm_refdata_free(ref);
    return check_finish();
}
