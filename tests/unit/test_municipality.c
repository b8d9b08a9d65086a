/* test_municipality.c - recognising a municipality however it is written
 * (municipality.h), on the built-in reference data (refdata.h). */
#include <stdlib.h>

#include "needmap/municipality.h"
#include "needmap/refdata.h"

#include "check.h"

static nm_refdata *ref;
static nm_muni_index *ix;

/* Match text expecting FOUND with the given code. */
#define CHECK_MUNI(text, want_code)                                                  \
    do {                                                                             \
        const nm_municipality *m_ = NULL, *h_ = NULL;                                \
        CHECK_INT_EQ(nm_muni_match(ix, (text), &m_, &h_), NM_MUNI_FOUND);            \
        CHECK_STR_EQ(m_ ? m_->code : "(none)", (want_code));                         \
    } while (0)

static void reference_data_holds_all_290_municipalities(void)
{
    CHECK_INT_EQ(ref->nmunis, 290);
    const nm_municipality *m = nm_refdata_municipality(ref, "2506");
    CHECK(m != NULL);
    CHECK_STR_EQ(m ? m->short_name : NULL, "Arjeplog");
    CHECK_STR_EQ(m ? m->county_code : NULL, "25");
    CHECK(nm_refdata_municipality(ref, "9999") == NULL);
}

static void four_digit_code_is_found(void)
{
    CHECK_MUNI("2506", "2506");
    CHECK_MUNI("0114", "0114");
    CHECK_MUNI(" 2480 ", "2480");
}

static void code_stripped_of_its_leading_zero_by_excel_is_found(void)
{
    CHECK_MUNI("114", "0114");
    CHECK_MUNI("180", "0180");
}

static void code_followed_by_the_name_is_found(void)
{
    CHECK_MUNI("2506 Arjeplog", "2506");
    CHECK_MUNI("0305 Håbo", "0305");
}

static void short_and_official_names_are_found_in_any_case(void)
{
    CHECK_MUNI("Arjeplog", "2506");
    CHECK_MUNI("Arjeplogs kommun", "2506");
    CHECK_MUNI("ARJEPLOGS KOMMUN", "2506");
    CHECK_MUNI("arjeplog kommun", "2506");
    CHECK_MUNI("Arjeplogs", "2506");
    CHECK_MUNI("lycksele", "2481");
    CHECK_MUNI("Överkalix kommun", "2513");
}

static void name_without_diacritics_is_found(void)
{
    CHECK_MUNI("Overkalix", "2513");
    CHECK_MUNI("Umea", "2480");
    CHECK_MUNI("MALA", "2418");
    CHECK_MUNI("Goteborg", "1480");
}

static void stray_spaces_are_ignored(void)
{
    CHECK_MUNI(" Pajala ", "2521");
    CHECK_MUNI("Upplands  Väsby", "0114");
    CHECK_MUNI("Upplands\xc2\xa0Väsby", "0114");
}

static void hyphenated_names_match_with_or_without_the_hyphen(void)
{
    CHECK_MUNI("Malung-Sälen", "2023");
    CHECK_MUNI("Malung Sälen", "2023");
    CHECK_MUNI("Upplands-Bro", "0139");
}

static void habo_and_habo_with_a_ring_are_two_municipalities(void)
{
    CHECK_MUNI("Håbo", "0305");
    CHECK_MUNI("HÅBO KOMMUN", "0305");
    CHECK_MUNI("Habo", "0643");
    CHECK_MUNI("Habo kommun", "0643");
}

static void habo_is_ambiguous_only_when_its_letters_fit_neither(void)
{
    /* Written with a wrong accent, it could be Håbo or Habo: say so, do not
     * guess. */
    const nm_municipality *m = NULL, *hint = &ref->munis[0];
    CHECK_INT_EQ(nm_muni_match(ix, "Hàbo", &m, &hint), NM_MUNI_AMBIGUOUS);
    CHECK(hint == NULL);
    CHECK_INT_EQ(nm_muni_match(ix, "HÁBO KOMMUN", &m, NULL), NM_MUNI_AMBIGUOUS);
}

static void name_typed_on_a_mac_with_decomposed_letters_is_found(void)
{
    CHECK_MUNI("Ha\xcc\x8a" "bo", "0305");            /* a + combining ring */
    CHECK_MUNI("O\xcc\x88verkalix kommun", "2513");   /* O + combining diaeresis */
    CHECK_MUNI("Ume\x61\xcc\x8a", "2480");
}

static void code_and_name_of_different_municipalities_conflict(void)
{
    const nm_municipality *m = NULL, *hint = NULL;
    CHECK_INT_EQ(nm_muni_match(ix, "2581 Luleå", &m, &hint), NM_MUNI_CONFLICT);
    CHECK_STR_EQ(m ? m->code : "(none)", "2581");     /* the code: Piteå */
    CHECK_STR_EQ(hint ? hint->code : "(none)", "2580"); /* the name: Luleå */
    CHECK_MUNI("2580 Luleå", "2580");
    CHECK_MUNI("2506 Arjeplogs kommun", "2506");
}

static void empty_text_is_empty(void)
{
    const nm_municipality *m = NULL;
    CHECK_INT_EQ(nm_muni_match(ix, "", &m, NULL), NM_MUNI_EMPTY);
    CHECK_INT_EQ(nm_muni_match(ix, "  \t", &m, NULL), NM_MUNI_EMPTY);
    CHECK(m == NULL);
}

static void misspelt_name_is_unknown_with_a_suggestion(void)
{
    const nm_municipality *m = NULL, *hint = NULL;
    CHECK_INT_EQ(nm_muni_match(ix, "Arjepolg", &m, &hint), NM_MUNI_UNKNOWN);
    CHECK(m == NULL); /* never a guess */
    CHECK_STR_EQ(hint ? hint->code : "(none)", "2506");
    hint = NULL;
    CHECK_INT_EQ(nm_muni_match(ix, "Pajalla", &m, &hint), NM_MUNI_UNKNOWN);
    CHECK_STR_EQ(hint ? hint->code : "(none)", "2521");
}

static void unlike_name_is_unknown_with_the_nearest_name_marked_far(void)
{
    const nm_municipality *m = NULL, *hint = NULL;
    CHECK_INT_EQ(nm_muni_match(ix, "Xyzzyköping", &m, &hint), NM_MUNI_UNKNOWN_FAR);
    CHECK(m == NULL);
    CHECK(hint != NULL); /* every unknown name gets a suggestion */
    hint = NULL;
    CHECK_INT_EQ(nm_muni_match(ix, "Sverige", &m, &hint), NM_MUNI_UNKNOWN_FAR);
    CHECK(hint != NULL);
}

static void name_inside_a_longer_text_is_suggested(void)
{
    const nm_municipality *m = NULL, *hint = NULL;
    CHECK_INT_EQ(nm_muni_match(ix, "Kiruna centrum", &m, &hint), NM_MUNI_UNKNOWN);
    CHECK(m == NULL);
    CHECK_STR_EQ(hint ? hint->code : "(none)", "2584");
    hint = NULL;
    CHECK_INT_EQ(nm_muni_match(ix, "Socialförvaltningen i Luleå", &m, &hint), NM_MUNI_UNKNOWN);
    CHECK_STR_EQ(hint ? hint->code : "(none)", "2580");
    hint = NULL;
    CHECK_INT_EQ(nm_muni_match(ix, "Upplands Väsby centrum", &m, &hint), NM_MUNI_UNKNOWN);
    CHECK_STR_EQ(hint ? hint->code : "(none)", "0114");
}

static void city_names_with_stad_are_found(void)
{
    CHECK_MUNI("Stockholms stad", "0180");
    CHECK_MUNI("Göteborgs Stad", "1480");
    CHECK_MUNI("Malmö stad", "1280");
    CHECK_MUNI("Västerås stad", "1980");
    CHECK_MUNI("GOTEBORGS STAD", "1480");
}

static void genitive_forms_are_found(void)
{
    CHECK_MUNI("Stockholms", "0180");
    CHECK_MUNI("Göteborgs kommun", "1480");
    CHECK_MUNI("Östersunds kommun", "2380");
    CHECK_MUNI("Region Gotland", "0980"); /* Gotland's own name */
}

/* A region or a county named where a municipality belongs is neither
 * found nor suggested as a misspelling: it is named as what it is. */
#define CHECK_AREA(text, want, want_county)                                          \
    do {                                                                             \
        const nm_municipality *m_ = NULL, *h_ = NULL;                                \
        CHECK_INT_EQ(nm_muni_match(ix, (text), &m_, &h_), (want));                   \
        CHECK(m_ == NULL);                                                           \
        CHECK_STR_EQ(h_ ? h_->county_code : "(none)", (want_county));                \
    } while (0)

static void regions_and_counties_are_not_municipalities(void)
{
    CHECK_AREA("Region Norrbotten", NM_MUNI_REGION, "25");
    CHECK_AREA("Region Västerbotten", NM_MUNI_REGION, "24");
    CHECK_AREA("Region Jönköpings län", NM_MUNI_REGION, "06");
    CHECK_AREA("Västra Götalandsregionen", NM_MUNI_REGION, "14");
    CHECK_AREA("Region Uppsala", NM_MUNI_REGION, "03");
    CHECK_AREA("Region Sörmland", NM_MUNI_REGION, "04");
    CHECK_AREA("Västerbottens län", NM_MUNI_COUNTY, "24");
    CHECK_AREA("Norrbotten", NM_MUNI_COUNTY, "25");
    CHECK_AREA("Skåne län", NM_MUNI_COUNTY, "12");
    CHECK_AREA("Gotlands län", NM_MUNI_COUNTY, "09");
    CHECK_MUNI("Uppsala", "0380");  /* a municipality of the county's name stays one */
    CHECK_MUNI("Kalmar", "0880");
    CHECK_INT_EQ(nm_muni_county_size(ix, "25"), 14);
    CHECK_INT_EQ(nm_muni_county_size(ix, "24"), 15);
}

static void unknown_code_is_unknown(void)
{
    const nm_municipality *m = NULL;
    CHECK_INT_EQ(nm_muni_match(ix, "2452", &m, NULL), NM_MUNI_UNKNOWN);
    CHECK_INT_EQ(nm_muni_match(ix, "9999", &m, NULL), NM_MUNI_UNKNOWN);
    CHECK_INT_EQ(nm_muni_match(ix, "25060", &m, NULL), NM_MUNI_UNKNOWN);
    CHECK_INT_EQ(nm_muni_match(ix, "25", &m, NULL), NM_MUNI_UNKNOWN); /* a county */
    CHECK(m == NULL);
}

int main(void)
{
    nm_error err;
    nm_error_clear(&err);
    if (nm_refdata_load(&ref, &err) != NM_OK) {
        nm_error_print(&err, "error", stderr);
        return 1;
    }
    ix = nm_muni_index_new(ref);
    RUN(reference_data_holds_all_290_municipalities);
    RUN(four_digit_code_is_found);
    RUN(code_stripped_of_its_leading_zero_by_excel_is_found);
    RUN(code_followed_by_the_name_is_found);
    RUN(short_and_official_names_are_found_in_any_case);
    RUN(name_without_diacritics_is_found);
    RUN(stray_spaces_are_ignored);
    RUN(hyphenated_names_match_with_or_without_the_hyphen);
    RUN(habo_and_habo_with_a_ring_are_two_municipalities);
    RUN(habo_is_ambiguous_only_when_its_letters_fit_neither);
    RUN(name_typed_on_a_mac_with_decomposed_letters_is_found);
    RUN(code_and_name_of_different_municipalities_conflict);
    RUN(empty_text_is_empty);
    RUN(misspelt_name_is_unknown_with_a_suggestion);
    RUN(unlike_name_is_unknown_with_the_nearest_name_marked_far);
    RUN(name_inside_a_longer_text_is_suggested);
    RUN(city_names_with_stad_are_found);
    RUN(genitive_forms_are_found);
    RUN(regions_and_counties_are_not_municipalities);
    RUN(unknown_code_is_unknown);
    nm_muni_index_free(ix);
    nm_refdata_free(ref);
    nm_muni_index_free(NULL); /* no-ops (municipality.h, refdata.h) */
    nm_refdata_free(NULL);
    return check_finish();
}
