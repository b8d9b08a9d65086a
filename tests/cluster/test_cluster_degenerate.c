/* test_cluster_degenerate.c - competence clustering on inputs with little or
 * awkward structure: each gives a result with a note, never a failure; bad
 * options are usage errors. */
#include <gsl/gsl_errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "needmap/cluster.h"

#include "check.h"
#include "synth.h"

static nm_refdata *ref;

/* Kiruna, Gällivare, Pajala (Norrbotten); Umeå, Skellefteå, Lycksele
 * (Västerbotten); Malmö, Lund (Skåne). */
static const char *const north[] = {"2584", "2523", "2521"};
static const char *const west[] = {"2480", "2482", "2481"};
static const char *const south[] = {"1280", "1281"};
/* A chain: competence i in six[i] and six[i + 1]. */
static const char *const six[] = {"2584", "2523", "2521", "2480", "2482", "2481"};

/* The table of the last build: results borrow it, so it lives until the
 * next build (or the end of main). */
static nm_demand *table;

static nm_status build(const synth *s, int k, double w, nm_clusters *c, nm_error *err)
{
    nm_demand_free(table);
    table = synth_table(ref, s);
    nm_cluster_opts o;
    nm_cluster_opts_default(&o);
    o.k = k;
    o.taxonomy_weight = w;
    return nm_cluster_build(table, ref, &o, c, err);
}

/* Needs of one competence in some municipalities, 3 employers each. */
static void block(synth *s, const char *comp, const char *const *munis, size_t n, double count)
{
    for (size_t m = 0; m < n; m++)
        for (unsigned e = 0; e < 3; e++)
            synth_add(s, munis[m], comp, count, NM_NEED_RECRUITMENT,
                      synth_respondent(munis[m], e));
}

/* 1 when some note holds text. */
static int has_note(const nm_clusters *c, const char *text)
{
    for (size_t i = 0; i < c->nnotes; i++)
        if (strstr(c->notes[i], text))
            return 1;
    return 0;
}

static size_t grouped(const nm_clusters *c)
{
    size_t n = 0;
    for (size_t k = 0; k < c->n; k++)
        n += c->list[k].n;
    return n;
}

/* The cluster holding an SSYK code or named competence, or -1. */
static int cluster_of(const nm_clusters *c, const char *key)
{
    for (size_t k = 0; k < c->n; k++)
        for (size_t i = 0; i < c->list[k].n; i++) {
            const nm_comp_key *m = &c->list[k].members[i].comp;
            if (strcmp(m->code[0] ? m->code : m->label, key) == 0)
                return (int)k;
        }
    return -1;
}

static void an_empty_table_gives_no_clusters_and_says_so(void)
{
    synth s = {0};
    nm_clusters c;
    nm_error err;
    CHECK_INT_EQ(build(&s, 0, 0.3, &c, &err), NM_OK);
    CHECK_INT_EQ(c.n, 0);
    CHECK_INT_EQ(c.nungrouped, 0);
    CHECK_INT_EQ(c.k_source, NM_K_NONE);
    CHECK(has_note(&c, "no competences to group"));
    nm_clusters_free(&c);
}

static void a_single_competence_is_not_grouped_and_says_so(void)
{
    synth s = {0};
    block(&s, "5321", north, 3, 4);
    nm_clusters c;
    nm_error err;
    CHECK_INT_EQ(build(&s, 0, 0.3, &c, &err), NM_OK);
    CHECK_INT_EQ(c.n, 0);
    CHECK_INT_EQ(c.nungrouped, 1);
    CHECK(isnan(c.ungrouped[0].silhouette));
    CHECK(has_note(&c, "only one competence (Undersköterskor, hemtjänst"));
    nm_clusters_free(&c);
    synth_free(&s);
}

static void two_competences_with_something_in_common_form_one_cluster(void)
{
    synth s = {0};
    block(&s, "5321", north, 3, 4);
    block(&s, "8332", north, 2, 2);
    nm_clusters c;
    nm_error err;
    CHECK_INT_EQ(build(&s, 0, 0.3, &c, &err), NM_OK);
    CHECK_INT_EQ(c.n, 1);
    CHECK_INT_EQ(grouped(&c), 2);
    CHECK_INT_EQ(c.k_source, NM_K_ADJUSTED);
    CHECK(isnan(c.list[0].silhouette_mean));
    CHECK(isnan(c.list[0].members[0].silhouette));
    CHECK(has_note(&c, "only two competences"));
    nm_clusters_free(&c);
    synth_free(&s);
}

static void two_competences_with_nothing_in_common_are_not_grouped(void)
{
    synth s = {0};
    block(&s, "5321", north, 3, 4);
    block(&s, "8332", south, 2, 2);
    nm_clusters c;
    nm_error err;
    CHECK_INT_EQ(build(&s, 0, 0.3, &c, &err), NM_OK);
    CHECK_INT_EQ(c.n, 0);
    CHECK_INT_EQ(c.nungrouped, 2);
    CHECK(has_note(&c, "2 of 2 competences have nothing in common"));
    nm_clusters_free(&c);
    synth_free(&s);
}

static void the_same_municipality_but_another_need_type_is_nothing_in_common(void)
{
    synth s = {0};
    block(&s, "5321", north, 3, 4);
    for (unsigned e = 0; e < 3; e++)
        synth_add(&s, "2584", "8332", 5, NM_NEED_UPSKILLING, synth_respondent("2584", e));
    nm_clusters c;
    nm_error err;
    CHECK_INT_EQ(build(&s, 0, 0.3, &c, &err), NM_OK);
    CHECK_INT_EQ(c.nungrouped, 2);
    nm_clusters_free(&c);
    synth_free(&s);
}

static void competences_all_in_one_municipality_are_clustered_without_failing(void)
{
    static const char *const comps[] = {"5321", "5323", "2221", "8332", "8342", "2341"};
    static const char *const kiruna[] = {"2584"};
    for (int weighted = 0; weighted < 2; weighted++) {
        synth s = {0};
        for (size_t i = 0; i < 6; i++)
            block(&s, comps[i], kiruna, 1, 1 + (double)i);
        nm_clusters c;
        nm_error err;
        CHECK_INT_EQ(build(&s, 0, weighted ? 0.3 : 0.0, &c, &err), NM_OK);
        CHECK_INT_EQ(grouped(&c), 6);
        CHECK_INT_EQ(c.nungrouped, 0);
        CHECK(c.n >= 1 && c.n <= 5);
        CHECK(c.n >= 2 || (!c.clear && c.k_source == NM_K_UNCLEAR)); /* one employer, one town */
        if (weighted) /* SSYK groups decide: the two assistant nurses together */
            CHECK(cluster_of(&c, "5321") == cluster_of(&c, "5323"));
        nm_clusters_free(&c);
        synth_free(&s);
    }
}

static void k_larger_than_the_competences_allow_is_reduced_with_a_note(void)
{
    static const char *const comps[] = {"5321", "2221", "8332", "2341", "2512"};
    synth s = {0};
    for (size_t i = 0; i < 5; i++)
        block(&s, comps[i], six + i, 2, 2);
    nm_clusters c;
    nm_error err;
    CHECK_INT_EQ(build(&s, 10, 0.3, &c, &err), NM_OK);
    CHECK_INT_EQ(c.n, 4);
    CHECK_INT_EQ(c.k_source, NM_K_ADJUSTED);
    CHECK(has_note(&c, "--clusters 10 asks for more clusters than 5 competences"));
    nm_clusters_free(&c);
    synth_free(&s);
}

static void the_requested_k_is_used_as_given(void)
{
    static const char *const comps[] = {"5321", "2221", "8332", "2341", "2512"};
    synth s = {0};
    for (size_t i = 0; i < 5; i++)
        block(&s, comps[i], six + i, 2, 2);
    nm_clusters c;
    nm_error err;
    CHECK_INT_EQ(build(&s, 3, 0.3, &c, &err), NM_OK);
    CHECK_INT_EQ(c.n, 3);
    CHECK_INT_EQ(c.k_source, NM_K_OPTION);
    CHECK(!has_note(&c, "--clusters"));
    nm_clusters_free(&c);
    synth_free(&s);
}

/* Two blocks of three: north with care, west with IT; no shared
 * municipality, no shared SSYK level 2. */
static void two_blocks(synth *s)
{
    block(s, "5321", north, 3, 5);
    block(s, "5323", north, 2, 3);
    block(s, "5330", north + 1, 2, 2);
    block(s, "2512", west, 3, 4);
    block(s, "2516", west, 2, 1);
    block(s, "3512", west + 1, 2, 3);
}

static void disconnected_blocks_never_share_a_cluster(void)
{
    for (int k = 0; k <= 4; k++) {
        synth s = {0};
        two_blocks(&s);
        nm_clusters c;
        nm_error err;
        CHECK_INT_EQ(build(&s, k, 0.3, &c, &err), NM_OK);
        CHECK_INT_EQ(c.components, 2);
        CHECK(has_note(&c, "fall into 2 groups with nothing in common"));
        CHECK(c.n >= 2);
        for (size_t j = 0; j < c.n; j++) {
            int care = 0, itc = 0;
            for (size_t i = 0; i < c.list[j].n; i++)
                if (c.list[j].members[i].comp.code[0] == '5')
                    care++;
                else
                    itc++;
            CHECK(care == 0 || itc == 0);
        }
        if (k == 0 || k == 2)
            CHECK_INT_EQ(c.n, 2);
        if (k == 1) {
            CHECK_INT_EQ(c.n, 2);
            CHECK(has_note(&c, "2 clusters made instead of 1"));
        }
        nm_clusters_free(&c);
        synth_free(&s);
    }
}

static void needs_without_a_number_still_place_a_competence(void)
{
    synth s = {0};
    two_blocks(&s);
    block(&s, "5343", north, 3, -1); /* "vet ej" everywhere */
    nm_clusters c;
    nm_error err;
    CHECK_INT_EQ(build(&s, 0, 0.0, &c, &err), NM_OK);
    CHECK(cluster_of(&c, "5343") >= 0);
    CHECK(cluster_of(&c, "5343") == cluster_of(&c, "5321"));
    nm_clusters_free(&c);
    synth_free(&s);
}

static void a_competence_whose_counts_are_all_zero_is_not_grouped(void)
{
    synth s = {0};
    two_blocks(&s);
    block(&s, "2221", north, 3, 0);
    nm_clusters c;
    nm_error err;
    CHECK_INT_EQ(build(&s, 0, 0.3, &c, &err), NM_OK);
    CHECK_INT_EQ(c.nungrouped, 1);
    CHECK_STR_EQ(c.ungrouped[0].comp.code, "2221");
    CHECK(has_note(&c, "1 of 7 competences have nothing in common"));
    nm_clusters_free(&c);
    synth_free(&s);
}

static void unclassified_answers_are_never_clustered(void)
{
    synth s = {0};
    two_blocks(&s);
    for (unsigned e = 0; e < 3; e++) {
        synth_add(&s, "2584", "svetsning av rör", 3, NM_NEED_RECRUITMENT,
                  synth_respondent("2584", e));
        s.r[s.n - 1].competence.how = NM_MATCH_UNCLASSIFIED;
    }
    nm_clusters c;
    nm_error err;
    CHECK_INT_EQ(build(&s, 0, 0.3, &c, &err), NM_OK);
    CHECK_INT_EQ(grouped(&c) + c.nungrouped, 6);
    nm_clusters_free(&c);
    synth_free(&s);
}

static void named_competences_are_clustered_by_demand_alone(void)
{
    synth s = {0};
    two_blocks(&s);
    block(&s, "Digitalisering", west, 3, 2);
    nm_clusters c;
    nm_error err;
    CHECK_INT_EQ(build(&s, 0, 0.3, &c, &err), NM_OK);
    CHECK(cluster_of(&c, "Digitalisering") == cluster_of(&c, "2512"));
    nm_clusters_free(&c);
    synth_free(&s);
}

static void a_shared_respondent_links_competences_in_different_municipalities(void)
{
    /* One company with sites in Kiruna and Malmö asks for both. */
    for (int weighted = 0; weighted < 2; weighted++) {
        synth s = {0};
        synth_add(&s, "2584", "8111", 4, NM_NEED_RECRUITMENT, 77);
        synth_add(&s, "1280", "2512", 2, NM_NEED_RECRUITMENT, 77);
        nm_demand_free(table);
        table = synth_table(ref, &s);
        nm_cluster_opts o;
        nm_cluster_opts_default(&o);
        o.respondent_weight = weighted ? 0.5 : 0;
        nm_clusters c;
        nm_error err;
        CHECK_INT_EQ(nm_cluster_build(table, ref, &o, &c, &err), NM_OK);
        CHECK_INT_EQ(c.n, weighted ? 1 : 0);
        CHECK_INT_EQ(c.nungrouped, weighted ? 0 : 2);
        nm_clusters_free(&c);
        synth_free(&s);
    }
}

static void a_competences_cluster_id_is_found_by_its_key(void)
{
    synth s = {0};
    two_blocks(&s);
    block(&s, "8111", south, 2, 3); /* nothing in common with the rest */
    nm_clusters c;
    nm_error err;
    CHECK_INT_EQ(build(&s, 0, 0.3, &c, &err), NM_OK);
    for (size_t k = 0; k < c.n; k++)
        for (size_t i = 0; i < c.list[k].n; i++)
            CHECK_INT_EQ(nm_clusters_id_of(&c, &c.list[k].members[i].comp), c.list[k].id);
    nm_comp_key lone = {.code = "8111"}, absent = {.code = "9111"}, text = {.unclassified = 1};
    CHECK_INT_EQ(nm_clusters_id_of(&c, &lone), -1);
    CHECK_INT_EQ(nm_clusters_id_of(&c, &absent), -1);
    CHECK_INT_EQ(nm_clusters_id_of_ctx(&c, &text), -1);
    nm_comp_key care = {.code = "5330"};
    CHECK_INT_EQ(nm_clusters_id_of_ctx(&c, &care), cluster_of(&c, "5330") + 1);
    nm_clusters_free(&c);
    synth_free(&s);
}

static void options_out_of_range_are_usage_errors(void)
{
    synth s = {0};
    two_blocks(&s);
    nm_demand *d = synth_table(ref, &s);
    struct { int k, kmax; double w, rw; int restarts; const char *msg; } bad[] = {
        {-1, 8, 0.3, 0.25, 10, "--clusters K"},
        {0, 1, 0.3, 0.25, 10, "--cluster-kmax N"},
        {0, 8, 1.5, 0.25, 10, "--taxonomy-weight W"},
        {0, 8, NAN, 0.25, 10, "--taxonomy-weight W"},
        {0, 8, 0.3, -0.1, 10, "--respondent-weight R"},
        {0, 8, 0.3, 0.25, 0, "restarts"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        nm_cluster_opts o;
        nm_cluster_opts_default(&o);
        o.k = bad[i].k;
        o.kmax = bad[i].kmax;
        o.taxonomy_weight = bad[i].w;
        o.respondent_weight = bad[i].rw;
        o.restarts = bad[i].restarts;
        nm_clusters c;
        nm_error err;
        CHECK_INT_EQ(nm_cluster_build(d, ref, &o, &c, &err), NM_ERR_USAGE);
        CHECK_CONTAINS(err.msg, bad[i].msg);
        CHECK_INT_EQ(c.n + c.nungrouped + c.nnotes, 0);
        nm_clusters_free(&c);
    }
    nm_demand_free(d);
    synth_free(&s);
}

static void null_options_mean_the_defaults(void)
{
    synth s = {0};
    two_blocks(&s);
    nm_demand *d = synth_table(ref, &s);
    nm_clusters c;
    nm_error err;
    CHECK_INT_EQ(nm_cluster_build(d, ref, NULL, &c, &err), NM_OK);
    CHECK_INT_EQ(c.opts.kmax, 8);
    CHECK_NEAR(c.opts.taxonomy_weight, 0.3, 0);
    CHECK_NEAR(c.opts.respondent_weight, 0.5, 0);
    CHECK_INT_EQ(c.opts.seed, 1);
    CHECK_INT_EQ(c.opts.restarts, 10);
    nm_clusters_free(&c);
    nm_clusters_free(&c); /* freeing twice is harmless */
    nm_clusters_free(NULL);
    nm_demand_free(d);
    synth_free(&s);
}

int main(void)
{
    gsl_set_error_handler_off(); /* as main.c: statuses are checked */
    nm_error err;
    if (nm_refdata_load(&ref, &err) != NM_OK) {
        fprintf(stderr, "reference data: %s\n", err.msg);
        return 2;
    }
    RUN(an_empty_table_gives_no_clusters_and_says_so);
    RUN(a_single_competence_is_not_grouped_and_says_so);
    RUN(two_competences_with_something_in_common_form_one_cluster);
    RUN(two_competences_with_nothing_in_common_are_not_grouped);
    RUN(the_same_municipality_but_another_need_type_is_nothing_in_common);
    RUN(competences_all_in_one_municipality_are_clustered_without_failing);
    RUN(k_larger_than_the_competences_allow_is_reduced_with_a_note);
    RUN(the_requested_k_is_used_as_given);
    RUN(disconnected_blocks_never_share_a_cluster);
    RUN(needs_without_a_number_still_place_a_competence);
    RUN(a_competence_whose_counts_are_all_zero_is_not_grouped);
    RUN(unclassified_answers_are_never_clustered);
    RUN(named_competences_are_clustered_by_demand_alone);
    RUN(a_shared_respondent_links_competences_in_different_municipalities);
    RUN(a_competences_cluster_id_is_found_by_its_key);
    RUN(options_out_of_range_are_usage_errors);
    RUN(null_options_mean_the_defaults);
    nm_demand_free(table);
    nm_refdata_free(ref);
    return check_finish();
}
