/* test_competence.c - recognising an occupation or competence in free text
 * (competence.h) against the built-in SSYK 2012 data and synonyms. */
#include <stdint.h>
#include <stdlib.h>

#include "needmap/competence.h"
#include "needmap/refdata.h"

#include "check.h"
#include "tmp.h"

static nm_refdata *ref;

/* Match text with a fresh matcher; expect the code and the kind of match. */
#define CHECK_COMP(m, text, want_code, want_how)                                     \
    do {                                                                             \
        nm_competence c_ = {.how = NM_MATCH_UNCLASSIFIED, .confidence = -1};         \
        CHECK_INT_EQ(nm_comp_match((m), (text), &c_), 1);                            \
        CHECK_STR_EQ(c_.ssyk, (want_code));                                          \
        CHECK_INT_EQ(c_.how, (want_how));                                            \
    } while (0)

static void ssyk_code_is_recognised_as_a_code(void)
{
    nm_comp_matcher *m = nm_comp_matcher_new(ref, NM_DEFAULT_MIN_CONFIDENCE);
    nm_competence c = {0};
    CHECK_INT_EQ(nm_comp_match(m, "5321", &c), 1);
    CHECK_STR_EQ(c.ssyk, "5321");
    CHECK_INT_EQ(c.how, NM_MATCH_CODE);
    CHECK_NEAR(c.confidence, 1.0, 0);
    CHECK(c.label == NULL);
    CHECK_COMP(m, "532", "532", NM_MATCH_CODE); /* any level */
    nm_comp_matcher_free(m);
}

static void official_swedish_label_is_recognised(void)
{
    nm_comp_matcher *m = nm_comp_matcher_new(ref, NM_DEFAULT_MIN_CONFIDENCE);
    CHECK_COMP(m, "Grundutbildade sjuksköterskor", "2221", NM_MATCH_LABEL);
    CHECK_COMP(m, "Undersköterskor, hemtjänst, hemsjukvård och äldreboende", "5321",
               NM_MATCH_LABEL);
    CHECK_COMP(m, "GRUNDUTBILDADE SJUKSKOTERSKOR", "2221", NM_MATCH_LABEL);
    nm_comp_matcher_free(m);
}

static void official_english_label_is_recognised(void)
{
    nm_comp_matcher *m = nm_comp_matcher_new(ref, NM_DEFAULT_MIN_CONFIDENCE);
    CHECK_COMP(m, "Professional nurses", "2221", NM_MATCH_LABEL);
    CHECK_COMP(m, "Assistant nurses, home care and homes for the elderly", "5321",
               NM_MATCH_LABEL);
    nm_comp_matcher_free(m);
}

static void occupation_title_is_recognised(void)
{
    nm_comp_matcher *m = nm_comp_matcher_new(ref, NM_DEFAULT_MIN_CONFIDENCE);
    CHECK_COMP(m, "Specialistundersköterska", "5323", NM_MATCH_TITLE);
    CHECK_COMP(m, "Installationselektriker", "7411", NM_MATCH_TITLE);
    CHECK_COMP(m, "Personlig assistent", "5343", NM_MATCH_TITLE);
    nm_comp_matcher_free(m);
}

static void everyday_title_is_recognised_from_the_synonyms(void)
{
    nm_comp_matcher *m = nm_comp_matcher_new(ref, NM_DEFAULT_MIN_CONFIDENCE);
    CHECK_COMP(m, "Undersköterska", "5321", NM_MATCH_SYNONYM);
    CHECK_COMP(m, "undersköterska", "5321", NM_MATCH_SYNONYM);
    CHECK_COMP(m, "UNDERSKOTERSKA", "5321", NM_MATCH_SYNONYM);
    CHECK_COMP(m, "USK", "5321", NM_MATCH_SYNONYM);
    CHECK_COMP(m, "CE-chaufför", "8332", NM_MATCH_SYNONYM);
    CHECK_COMP(m, "Kockar", "5120", NM_MATCH_SYNONYM);
    nm_comp_matcher_free(m);
}

static void plural_is_the_official_group_label(void)
{
    /* "Undersköterskor" is the label of the 3-digit group 532, which holds
     * 5321-5326: the most specific level the text determines. */
    nm_comp_matcher *m = nm_comp_matcher_new(ref, NM_DEFAULT_MIN_CONFIDENCE);
    CHECK_COMP(m, "Undersköterskor", "532", NM_MATCH_LABEL);
    CHECK_COMP(m, "Sjuksköterskor", "222", NM_MATCH_LABEL);
    CHECK_COMP(m, "Undersköterskor hemtjänst", "5321", NM_MATCH_SYNONYM);
    nm_comp_matcher_free(m);
}

static void competence_synonym_has_a_label_and_no_code(void)
{
    nm_comp_matcher *m = nm_comp_matcher_new(ref, NM_DEFAULT_MIN_CONFIDENCE);
    nm_competence c = {0};
    CHECK_INT_EQ(nm_comp_match(m, "digitalisering", &c), 1);
    CHECK_STR_EQ(c.ssyk, "");
    CHECK_STR_EQ(c.label, "Digitalisering");
    CHECK_INT_EQ(c.how, NM_MATCH_SYNONYM);
    CHECK_INT_EQ(nm_comp_match(m, "Ledarskapsutbildning", &c), 1);
    CHECK_STR_EQ(c.label, "Ledarskap");
    nm_comp_matcher_free(m);
}

static void text_in_parentheses_is_ignored_when_the_rest_matches(void)
{
    nm_comp_matcher *m = nm_comp_matcher_new(ref, NM_DEFAULT_MIN_CONFIDENCE);
    CHECK_COMP(m, "Undersköterska (natt)", "5321", NM_MATCH_SYNONYM);
    nm_comp_matcher_free(m);
}

static void misspelling_is_matched_approximately_with_its_confidence(void)
{
    nm_comp_matcher *m = nm_comp_matcher_new(ref, NM_DEFAULT_MIN_CONFIDENCE);
    nm_competence c = {0};
    CHECK_INT_EQ(nm_comp_match(m, "Undersköterka", &c), 1);
    CHECK_STR_EQ(c.ssyk, "5321");
    CHECK_INT_EQ(c.how, NM_MATCH_FUZZY);
    CHECK(c.confidence >= NM_DEFAULT_MIN_CONFIDENCE); /* 0.85, above 0.8 */
    CHECK(c.confidence < 1.0);
    CHECK_INT_EQ(nm_comp_match(m, "Sjukskötersa", &c), 1);
    CHECK_STR_EQ(c.ssyk, "2221");
    CHECK_INT_EQ(c.how, NM_MATCH_FUZZY);
    nm_comp_matcher_free(m);
}

static void default_threshold_does_not_turn_a_care_worker_into_an_animal_keeper(void)
{
    /* "Sjukvårdare" is 0.82 from a 6129 title: below the default 0.85 */
    nm_comp_matcher *m = nm_comp_matcher_new(ref, NM_DEFAULT_MIN_CONFIDENCE);
    nm_competence c = {0};
    CHECK_INT_EQ(nm_comp_match(m, "Sjukvårdare", &c), 1);
    CHECK(strcmp(c.ssyk, "6129") != 0);
    CHECK(c.how != NM_MATCH_FUZZY || c.confidence >= NM_DEFAULT_MIN_CONFIDENCE);
    nm_comp_matcher_free(m);
}

static void stricter_threshold_leaves_a_misspelling_unclassified(void)
{
    nm_comp_matcher *m = nm_comp_matcher_new(ref, 0.99);
    nm_competence c = {0};
    CHECK_INT_EQ(nm_comp_match(m, "Undersköterka", &c), 1);
    CHECK_INT_EQ(c.how, NM_MATCH_UNCLASSIFIED);
    CHECK_STR_EQ(c.ssyk, "");
    nm_comp_matcher_free(m);
}

static void unknown_text_is_kept_unclassified_and_cleaned(void)
{
    nm_comp_matcher *m = nm_comp_matcher_new(ref, NM_DEFAULT_MIN_CONFIDENCE);
    nm_competence c = {0};
    CHECK_INT_EQ(nm_comp_match(m, "  Drönarpilot   för\xc2\xa0skogsbruk ", &c), 1);
    CHECK_INT_EQ(c.how, NM_MATCH_UNCLASSIFIED);
    CHECK_STR_EQ(c.ssyk, "");
    CHECK_STR_EQ(c.label, "Drönarpilot för skogsbruk");
    CHECK_NEAR(c.confidence, 0, 0);
    nm_comp_matcher_free(m);
}

static void empty_text_is_no_competence(void)
{
    nm_comp_matcher *m = nm_comp_matcher_new(ref, NM_DEFAULT_MIN_CONFIDENCE);
    nm_competence c = {0};
    CHECK_INT_EQ(nm_comp_match(m, "", &c), 0);
    CHECK_INT_EQ(nm_comp_match(m, "   ", &c), 0);
    nm_comp_matcher_free(m);
}

typedef struct review_item {
    char text[64];
    char matched[64];
    char ssyk[5];
    nm_match_kind how;
    uint64_t uses;
} review_item;

typedef struct review {
    review_item item[8];
    size_t n;
} review;

static void collect_review(void *ctx, const char *text, const nm_competence *c,
                           const char *matched_key, uint64_t uses)
{
    review *r = ctx;
    if (r->n == 8)
        return;
    review_item *it = &r->item[r->n++];
    snprintf(it->text, sizeof it->text, "%s", text);
    snprintf(it->matched, sizeof it->matched, "%s", matched_key);
    snprintf(it->ssyk, sizeof it->ssyk, "%s", c->ssyk);
    it->how = c->how;
    it->uses = uses;
}

static void review_lists_approximate_and_unclassified_texts_with_their_uses(void)
{
    nm_comp_matcher *m = nm_comp_matcher_new(ref, NM_DEFAULT_MIN_CONFIDENCE);
    nm_competence c;
    nm_comp_match(m, "Drönarpilot", &c);
    nm_comp_match(m, "Undersköterka", &c);
    nm_comp_match(m, "Undersköterska", &c); /* exact: not for review */
    nm_comp_match(m, "Undersköterka", &c);
    nm_comp_match(m, "5321", &c);           /* a code: not for review */
    review r = {0};
    nm_comp_review(m, collect_review, &r);
    CHECK_INT_EQ(r.n, 2);
    CHECK_STR_EQ(r.item[0].text, "Drönarpilot"); /* order of first appearance */
    CHECK_INT_EQ(r.item[0].how, NM_MATCH_UNCLASSIFIED);
    CHECK_STR_EQ(r.item[0].matched, "");
    CHECK_INT_EQ(r.item[0].uses, 1);
    CHECK_STR_EQ(r.item[1].text, "Undersköterka");
    CHECK_INT_EQ(r.item[1].how, NM_MATCH_FUZZY);
    CHECK_STR_EQ(r.item[1].ssyk, "5321");
    CHECK_STR_EQ(r.item[1].matched, "underskoterska");
    CHECK_INT_EQ(r.item[1].uses, 2);
    nm_comp_matcher_free(m);
}

static void peek_does_not_count_a_use(void)
{
    nm_comp_matcher *m = nm_comp_matcher_new(ref, NM_DEFAULT_MIN_CONFIDENCE);
    nm_competence c = {0};
    CHECK_INT_EQ(nm_comp_peek(m, "Undersköterka", &c), 1);
    CHECK_INT_EQ(c.how, NM_MATCH_FUZZY);
    review r = {0};
    nm_comp_review(m, collect_review, &r);
    CHECK_INT_EQ(r.n, 0);
    nm_comp_match(m, "Undersköterka", &c);
    nm_comp_review(m, collect_review, &r);
    CHECK_INT_EQ(r.n, 1);
    CHECK_INT_EQ(r.item[0].uses, 1);
    nm_comp_matcher_free(m);
}

static void code_column_accepts_a_code_followed_by_its_label(void)
{
    nm_comp_matcher *m = nm_comp_matcher_new(ref, NM_DEFAULT_MIN_CONFIDENCE);
    nm_competence c = {0};
    CHECK_INT_EQ(nm_comp_match_code(m, "5321 Undersköterskor", &c), 1);
    CHECK_STR_EQ(c.ssyk, "5321");
    CHECK_INT_EQ(c.how, NM_MATCH_CODE);
    CHECK_INT_EQ(nm_comp_match_code(m, "2221 - Grundutbildade sjuksköterskor", &c), 1);
    CHECK_STR_EQ(c.ssyk, "2221");
    nm_comp_matcher_free(m);
}

static void code_column_restores_the_zero_excel_dropped(void)
{
    nm_comp_matcher *m = nm_comp_matcher_new(ref, NM_DEFAULT_MIN_CONFIDENCE);
    nm_competence c = {0};
    CHECK_INT_EQ(nm_comp_match_code(m, "110", &c), 1);
    CHECK_STR_EQ(c.ssyk, "0110");
    nm_comp_matcher_free(m);
}

static void code_column_refuses_what_is_not_a_known_code(void)
{
    nm_comp_matcher *m = nm_comp_matcher_new(ref, NM_DEFAULT_MIN_CONFIDENCE);
    nm_competence c = {0};
    CHECK_INT_EQ(nm_comp_match_code(m, "9999", &c), 0);
    CHECK_INT_EQ(nm_comp_match_code(m, "Undersköterska", &c), 0);
    CHECK_INT_EQ(nm_comp_match_code(m, "53210", &c), 0);
    CHECK_INT_EQ(nm_comp_match_code(m, "", &c), 0);
    CHECK_INT_EQ(nm_comp_match_code(m, "5321 Undersköterskor 2 st", &c), 0);
    nm_comp_matcher_free(m);
}

static void code_has_a_label_for_people(void)
{
    nm_comp_matcher *m = nm_comp_matcher_new(ref, NM_DEFAULT_MIN_CONFIDENCE);
    CHECK_STR_EQ(nm_comp_label(m, "2221"), "Grundutbildade sjuksköterskor");
    CHECK(nm_comp_label(m, "9999") == NULL);
    nm_comp_matcher_free(m);
}

static void analyst_synonyms_override_the_built_in_ones(void)
{
    char *path = tmp_file_str("text;ssyk;competence\n"
                              "Undersköterska;5322;\n"
                              "Drönarpilot;;Drönarteknik\n"
                              "Gruvtekniker;3116;\n");
    nm_comp_matcher *m = nm_comp_matcher_new(ref, NM_DEFAULT_MIN_CONFIDENCE);
    nm_error err;
    nm_error_clear(&err);
    CHECK_INT_EQ(nm_comp_matcher_add_synonyms(m, path, &err), NM_OK);
    CHECK_COMP(m, "Undersköterska", "5322", NM_MATCH_USER_SYNONYM);
    CHECK_COMP(m, "gruvtekniker", "3116", NM_MATCH_USER_SYNONYM);
    nm_competence c = {0};
    CHECK_INT_EQ(nm_comp_match(m, "Drönarpilot", &c), 1);
    CHECK_INT_EQ(c.how, NM_MATCH_USER_SYNONYM);
    CHECK_STR_EQ(c.ssyk, "");
    CHECK_STR_EQ(c.label, "Drönarteknik");
    CHECK_COMP(m, "USK", "5321", NM_MATCH_SYNONYM); /* the others stay */
    nm_comp_matcher_free(m);
    tmp_file_remove(path);
}

static void analyst_synonyms_in_windows_1252_with_commas_are_read(void)
{
    char *path = tmp_file_str("text,ssyk\nHemtj\xe4nstpersonal,5321\n");
    nm_comp_matcher *m = nm_comp_matcher_new(ref, NM_DEFAULT_MIN_CONFIDENCE);
    nm_error err;
    nm_error_clear(&err);
    CHECK_INT_EQ(nm_comp_matcher_add_synonyms(m, path, &err), NM_OK);
    CHECK_COMP(m, "Hemtjänstpersonal", "5321", NM_MATCH_USER_SYNONYM);
    nm_comp_matcher_free(m);
    tmp_file_remove(path);
}

static void synonym_with_an_unknown_code_is_a_config_error_naming_the_line(void)
{
    char *path = tmp_file_str("text,ssyk\nGruvtekniker,3116\nDronarpilot,9999\n");
    nm_comp_matcher *m = nm_comp_matcher_new(ref, NM_DEFAULT_MIN_CONFIDENCE);
    nm_error err;
    nm_error_clear(&err);
    CHECK_INT_EQ(nm_comp_matcher_add_synonyms(m, path, &err), NM_ERR_CONFIG);
    CHECK_STR_EQ(err.file, path);
    CHECK_INT_EQ(err.line, 3);
    CHECK_CONTAINS(err.msg, "9999");
    nm_comp_matcher_free(m);
    tmp_file_remove(path);
}

static void synonym_without_code_or_competence_is_a_config_error(void)
{
    char *path = tmp_file_str("text,ssyk,competence\nNågot,,\n");
    nm_comp_matcher *m = nm_comp_matcher_new(ref, NM_DEFAULT_MIN_CONFIDENCE);
    nm_error err;
    nm_error_clear(&err);
    CHECK_INT_EQ(nm_comp_matcher_add_synonyms(m, path, &err), NM_ERR_CONFIG);
    CHECK_INT_EQ(err.line, 2);
    nm_comp_matcher_free(m);
    tmp_file_remove(path);
}

static void synonyms_file_without_the_ssyk_column_is_a_config_error(void)
{
    char *path = tmp_file_str("text,kod\nGruvtekniker,3116\n");
    nm_comp_matcher *m = nm_comp_matcher_new(ref, NM_DEFAULT_MIN_CONFIDENCE);
    nm_error err;
    nm_error_clear(&err);
    CHECK_INT_EQ(nm_comp_matcher_add_synonyms(m, path, &err), NM_ERR_CONFIG);
    CHECK_CONTAINS(err.msg, "ssyk");
    nm_comp_matcher_free(m);
    tmp_file_remove(path);
}

static void missing_synonyms_file_is_a_config_error(void)
{
    nm_comp_matcher *m = nm_comp_matcher_new(ref, NM_DEFAULT_MIN_CONFIDENCE);
    nm_error err;
    nm_error_clear(&err);
    CHECK_INT_EQ(nm_comp_matcher_add_synonyms(m, "/nonexistent/needmap/synonyms.csv", &err),
                 NM_ERR_CONFIG);
    CHECK_STR_EQ(err.file, "/nonexistent/needmap/synonyms.csv");
    nm_comp_matcher_free(m);
}

int main(void)
{
    nm_error err;
    nm_error_clear(&err);
    if (nm_refdata_load(&ref, &err) != NM_OK) {
        nm_error_print(&err, "error", stderr);
        return 1;
    }
    RUN(ssyk_code_is_recognised_as_a_code);
    RUN(official_swedish_label_is_recognised);
    RUN(official_english_label_is_recognised);
    RUN(occupation_title_is_recognised);
    RUN(everyday_title_is_recognised_from_the_synonyms);
    RUN(plural_is_the_official_group_label);
    RUN(competence_synonym_has_a_label_and_no_code);
    RUN(text_in_parentheses_is_ignored_when_the_rest_matches);
    RUN(misspelling_is_matched_approximately_with_its_confidence);
    RUN(default_threshold_does_not_turn_a_care_worker_into_an_animal_keeper);
    RUN(stricter_threshold_leaves_a_misspelling_unclassified);
    RUN(unknown_text_is_kept_unclassified_and_cleaned);
    RUN(empty_text_is_no_competence);
    RUN(review_lists_approximate_and_unclassified_texts_with_their_uses);
    RUN(peek_does_not_count_a_use);
    RUN(code_column_accepts_a_code_followed_by_its_label);
    RUN(code_column_restores_the_zero_excel_dropped);
    RUN(code_column_refuses_what_is_not_a_known_code);
    RUN(code_has_a_label_for_people);
    RUN(analyst_synonyms_override_the_built_in_ones);
    RUN(analyst_synonyms_in_windows_1252_with_commas_are_read);
    RUN(synonym_with_an_unknown_code_is_a_config_error_naming_the_line);
    RUN(synonym_without_code_or_competence_is_a_config_error);
    RUN(synonyms_file_without_the_ssyk_column_is_a_config_error);
    RUN(missing_synonyms_file_is_a_config_error);
    nm_refdata_free(ref);
    nm_comp_matcher_free(NULL); /* a no-op (competence.h); a crash fails the program */
    return check_finish();
}
